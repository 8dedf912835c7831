"""Dependencies point inward, never in a circle, and no module leans on another library's private parts.

    faces (cli, commands, faces, demo)  →  application (skill.app)
      →  services: turns (skill.turns) → API client (skill.api), text (skill.text)
      →  core (skill.core)

The local backend (skill.backend) is a separate program: it may use the core,
and only the faces may start it. Every import counts: lazy ones inside
functions, relative ones (resolved), and `importlib.import_module("skill.…")`
with a literal name. A module belongs to the layer of its package; one that
belongs to none (a new top-level module) fails until it is given one here.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "skill"

# layer -> the packages (or modules) it is made of. "skill" itself means exactly skill/__init__.py.
LAYERS = {
    "package": ("skill",),
    "core": ("skill.core",),
    "api": ("skill.api",),
    "text": ("skill.text",),
    "turns": ("skill.turns",),
    "app": ("skill.app",),
    "faces": ("skill.cli", "skill.__main__", "skill.demo", "skill.commands", "skill.faces"),
    "backend": ("skill.backend",),
}
MAY_IMPORT = {           # every layer may also name the package itself (`from skill import x`)
    "package": set(),
    "core": {"core"},
    "api": {"core", "api"},                       # the API client knows nothing of turns or text
    "text": {"core", "text"},                     # text in and out: pure, no HTTP
    "turns": {"core", "api", "text", "turns"},
    "app": {"core", "api", "text", "turns", "app"},
    "faces": {"core", "api", "text", "turns", "app", "faces", "backend"},
    "backend": {"core", "backend"},
}


def layer_of(module: str) -> str | None:
    best = None
    for layer, names in LAYERS.items():
        for name in names:
            hit = module == name if name == "skill" else (module == name or module.startswith(name + "."))
            if hit and (best is None or len(name) > len(best[1])):
                best = (layer, name)
    return best[0] if best else None


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str, root: Path = PACKAGE) -> bool:
    rel = Path(*name.split("."))
    return (root.parent / rel).with_suffix(".py").is_file() or (root.parent / rel / "__init__.py").is_file()


def imports_of(path: Path, here: str | None = None, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, module) for every import in the file: relative ones resolved against `here`,
    `from skill.x import y` as skill.x.y when that is a module, and literal import_module()."""
    here = here or module_name(path, root)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    _drop_type_checking_blocks(tree)     # annotations only: no dependency at run time
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([base] if base else []))
            submodules = [f"{base}.{a.name}" for a in node.names
                          if (base == "skill" or base.startswith("skill.")) and _is_module(f"{base}.{a.name}", root)]
            # `from skill.core import config` imports the module config (its package is implied);
            # `from skill.core.config import x` imports skill.core.config.
            out += [(node.lineno, m) for m in submodules] or ([(node.lineno, base)] if base else [])
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                out.append((node.lineno, node.args[0].value))
    return out


def _drop_type_checking_blocks(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            node.body = [n for n in body if not (isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING")]


def skill_edges(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """The imports of skill modules, each reduced to the module itself (not a name inside it)."""
    edges = []
    for line, target in imports_of(path, root=root):
        if target == "skill" or target.startswith("skill."):
            while not _is_module(target, root) and "." in target:
                target = target.rsplit(".", 1)[0]
            edges.append((line, target))
    return edges


def wrong_imports(path: Path, root: Path = PACKAGE) -> list[str]:
    here = module_name(path, root)
    layer = layer_of(here)
    if layer is None:
        return [f"{here} has no layer: add its package to LAYERS in {Path(__file__).name}"]
    wrong = []
    for line, target in skill_edges(path, root):
        there = layer_of(target)
        if there is None:
            wrong.append(f"{here}:{line} imports {target}, which has no layer")
        elif there not in MAY_IMPORT[layer] | {"package"}:
            wrong.append(f"{here}:{line} ({layer}) imports {target} ({there})")
    return wrong


def cycles(root: Path = PACKAGE) -> list[list[str]]:
    """Import cycles among the modules under `root` (each one as a closed path)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        here = module_name(path, root)
        graph[here] = {t for _l, t in skill_edges(path, root) if t != here}
    found, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_inward(path):
    wrong = wrong_imports(path)
    assert not wrong, "imports against the direction of the layers:\n" + "\n".join(wrong)


def test_no_import_cycles():
    assert not cycles(), "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles())


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_private_module_of_another_library(path):
    private = [f"{module_name(path)}:{line} imports {target}" for line, target in imports_of(path)
               if not target.startswith(("skill", "__future__"))
               and any(part.startswith("_") for part in target.split("."))]
    assert not private, "\n".join(private)


def test_no_submodule_hides_a_name_of_its_package():
    """A module `skill/app/status.py` would replace the operation `app.status` the moment it
    is imported (it happened): no submodule is named like something its package hands out."""
    import importlib

    from skill.app.operations import OPERATIONS

    clashes = []
    for init in PACKAGE.rglob("__init__.py"):
        package = module_name(init)
        names = {n for n, v in vars(importlib.import_module(package)).items()
                 if callable(v) and not n.startswith("_")}
        if package == "skill.app":
            names |= set(OPERATIONS)        # handed out lazily by skill.app.__getattr__
        clashes += [f"{package}.{child.stem}" for child in init.parent.glob("*.py") if child.stem in names]
    assert not clashes, clashes


def test_every_package_says_what_it_is():
    """`ls skill/` reads like ARCHITECTURE.md: each package opens with its one-line job."""
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and doc.strip(), f"{init.relative_to(PACKAGE.parent)} has no docstring"


# --------------------------------------------------------------------------- the checker itself
WRONG = {
    "skill/core/bad_relative.py": "def f():\n    from ..app import plan\n",
    "skill/core/bad_dynamic.py": "import importlib\n\ndef f():\n    return importlib.import_module('skill.cli')\n",
    "skill/api/bad_http.py": "from skill.turns import worker\n",        # http → worker: API client into turns
    "skill/api/bad_sse.py": "def f():\n    from skill.text.router import route\n",   # sse → router
    "skill/newthing.py": "x = 1\n",                                      # a module with no layer
}


@pytest.fixture
def fake_tree(tmp_path):
    """A copy of the package's layout (empty modules), to plant wrong imports in."""
    root = tmp_path / "skill"
    for path in MODULES:
        target = root / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("", encoding="utf-8")
    return root


@pytest.mark.parametrize("rel", sorted(WRONG))
def test_the_checker_catches_each_wrong_import(fake_tree, rel):
    path = fake_tree.parent / rel
    path.write_text(WRONG[rel], encoding="utf-8")
    assert wrong_imports(path, fake_tree), f"{rel} was not caught"


def test_the_checker_catches_a_cycle(fake_tree):
    (fake_tree / "turns" / "book.py").write_text("from skill.turns import worker\n", encoding="utf-8")
    (fake_tree / "turns" / "worker.py").write_text("def f():\n    from skill.turns.book import x\n", encoding="utf-8")
    assert ["skill.turns.book", "skill.turns.worker", "skill.turns.book"] in cycles(fake_tree)


def test_the_checker_passes_a_right_import(fake_tree):
    path = fake_tree / "turns" / "good.py"
    path.write_text("from skill.api import client\nfrom . import book\nfrom skill.text.router import route\n",
                    encoding="utf-8")
    assert wrong_imports(path, fake_tree) == []
    assert {t for _l, t in skill_edges(path, fake_tree)} == {"skill.api.client", "skill.turns.book",
                                                              "skill.text.router"}

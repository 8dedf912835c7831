"""Dependencies point inward, and no module leans on another library's private parts.

    faces (cli, commands, faces, demo)  →  application (skill.app)
      →  services (turns, API client, text: router/gui/timeline/replies)
      →  core (config, store, errors, timing, events, ...)

The local backend (skill.backend) is a separate program: it may use the core,
and only the faces may start it. Every import counts, including the lazy
ones inside functions. A new module must be given its layer here.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "skill"

LAYERS = {
    "core": {"skill", "skill.config", "skill.store", "skill.errors", "skill.timing", "skill.events",
             "skill.resources", "skill.manifest", "skill.platform", "skill.procs", "skill.lang",
             "skill.sanitize", "skill.formats", "skill.files", "skill.datafiles", "skill.mp4", "skill.draft",
             "skill.attachments"},
    "services": {"skill.turn", "skill.worker", "skill.client", "skill.http", "skill.auth", "skill.session",
                 "skill.sse", "skill.sse_wire", "skill.httpx_lean", "skill.export", "skill.router", "skill.gui",
                 "skill.timeline", "skill.replies", "skill.skillmd", "skill.typed_paths"},
    "app": {"skill.app"},
    "faces": {"skill.cli", "skill.__main__", "skill.commands", "skill.faces", "skill.demo", "skill.mcp"},
    "backend": {"skill.backend"},
}
MAY_IMPORT = {
    "core": {"core"},
    "services": {"core", "services"},
    "app": {"core", "services", "app"},
    "faces": {"core", "services", "app", "faces", "backend"},
    "backend": {"core", "backend"},
}


def layer_of(module: str) -> str | None:
    best = None
    for layer, names in LAYERS.items():
        for name in names:
            if (module == name or module.startswith(name + ".")) and (best is None or len(name) > len(best[1])):
                best = (layer, name)
    return best[0] if best else None


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, `from skill import x` resolved to skill.x."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            if node.module == "skill" or node.module.startswith("skill."):
                out += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return out


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_inward(path):
    here = module_name(path)
    layer = layer_of(here)
    assert layer, f"{here} has no layer: add it to LAYERS in {Path(__file__).name}"
    wrong = []
    for line, target in imports_of(path):
        if not (target == "skill" or target.startswith("skill.")):
            continue
        if not _is_module(target):
            continue                  # `from skill.x import name`: the module skill.x was checked
        there = layer_of(target)
        assert there, f"{target} (imported by {here}) has no layer"
        if there not in MAY_IMPORT[layer]:
            wrong.append(f"{here}:{line} ({layer}) imports {target} ({there})")
    assert not wrong, "imports against the direction of the layers:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_private_module_of_another_library(path):
    private = [f"{module_name(path)}:{line} imports {target}" for line, target in imports_of(path)
               if not target.startswith(("skill", "__future__"))
               and any(part.startswith("_") for part in target.split("."))]
    assert not private, "\n".join(private)


def _is_module(name: str) -> bool:
    rel = Path(*name.split("."))
    return (PACKAGE.parent / rel).with_suffix(".py").is_file() or (PACKAGE.parent / rel / "__init__.py").is_file()


def test_the_checker_sees_a_wrong_way_import(tmp_path):
    """The rule itself: an import from the core into the application layer is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from skill.app import plan\n", encoding="utf-8")
    targets = [t for _line, t in imports_of(bad)]
    assert "skill.app.plan" in targets
    assert layer_of("skill.app.plan") not in MAY_IMPORT[layer_of("skill.store")]

"""Every sentence the code can ask for exists, in English and in Chinese.

The keys are read from the code itself (its AST): the first argument of every
call that renders a message (`message`, `msg`, `notice`, `_notice`, ...), every
`key=` argument and every error class's `key`, the notices the client queues,
the stages and watches the worker names, and the families built from a
registry (`step_<name>` for each step). Templates: one per language, the same
names. A key that is missing fails here instead of showing the user a blank.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from skill.app.steps import CHAT, STEPS
from skill.core import catalogue, resources
from skill.text.router import ACTS

PACKAGE = Path(__file__).resolve().parents[1] / "skill"
RENDERERS = {"message", "msg", "_message", "notice", "_notice", "what_to_do"}
TEMPLATE_RENDERERS = {"render"}
KEYED_FUNCTIONS = {"generation_stage", "_watch_for"}   # functions whose string returns are message keys


def _is_key(value) -> bool:
    return isinstance(value, str) and value.replace("_", "").isalnum() and value.islower() and value.isascii()


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            yield name, node


def reachable() -> tuple[set[str], set[str]]:
    """(message keys, template names) the code asks for by a literal."""
    keys: set[str] = set()
    templates: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "backend" in path.parts:      # the local backend is the service, not the skill: it has no catalogue
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, call in _calls(tree):
            first = call.args[0].value if call.args and isinstance(call.args[0], ast.Constant) else None
            if name in RENDERERS and _is_key(first) and not (name.endswith("notice") and len(call.args) > 1):
                keys.add(first)      # a notice given its text renders nothing
            if name in TEMPLATE_RENDERERS and _is_key(first) and path.name == "replies.py":
                templates.add(first)
            if name == "append" and isinstance(call.func, ast.Attribute) and \
                    getattr(call.func.value, "attr", "") == "_notices" and _is_key(first):
                keys.add(first)
            for kw in call.keywords:
                if kw.arg == "key" and isinstance(kw.value, ast.Constant) and _is_key(kw.value.value):
                    keys.add(kw.value.value)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and any(getattr(t, "id", "") == "key" for t in stmt.targets) \
                            and isinstance(stmt.value, ast.Constant) and _is_key(stmt.value.value):
                        keys.add(stmt.value.value)
            if isinstance(node, ast.FunctionDef) and node.name in KEYED_FUNCTIONS:
                for ret in (n for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None):
                    keys |= {c.value for c in ast.walk(ret.value) if isinstance(c, ast.Constant) and _is_key(c.value)}
    keys |= {f"step_{name}" for name in [*STEPS, CHAT]}
    keys |= {f"act_{act}" for act in ACTS}        # PlanRun says one line for an empty plan
    return keys, templates


KEYS, TEMPLATES = reachable()


def test_the_scan_finds_the_keys_it_should():
    """The reader of the code itself: a handful of keys known to be asked for in different ways."""
    assert {"no_change", "turn_busy", "project_restarted", "raw_clip_ready", "watching_for_extras",
            "step_export", "bad_wait", "later_changes"} <= KEYS
    assert {"credits", "timeline", "export_done"} <= TEMPLATES


@pytest.mark.parametrize("key", sorted(KEYS))
def test_every_key_the_code_asks_for_is_there_in_both_languages(key):
    assert catalogue.has(key), f"intents/messages.yaml has no {key!r}"
    assert catalogue.message(key, "en") and catalogue.message(key, "zh")


def test_every_message_has_both_languages():
    import yaml

    table = yaml.safe_load((resources.intents_dir() / "messages.yaml").read_text(encoding="utf-8"))
    one_language = [k for k, v in table.items() if k != "details" and not (v.get("en") and v.get("zh"))]
    assert not one_language


def test_every_template_the_code_renders_exists_in_both_languages():
    root = resources.templates_dir()
    for name in TEMPLATES:
        for lang in ("en", "zh"):
            assert (root / lang / f"{name}.j2").is_file(), f"{lang}/{name}.j2"
    assert {p.name for p in (root / "en").iterdir()} == {p.name for p in (root / "zh").iterdir()}


def test_a_missing_key_is_named_not_shown_as_a_generic_text():
    with pytest.raises(catalogue.MissingMessage, match="no_such_key"):
        catalogue.message("no_such_key", "en")


def test_no_key_is_written_twice():
    """YAML keeps the last of two equal keys without a word: a second `foo:` silently replaces the
    first (it happened, and an error lost its what-to-do line)."""
    import collections
    import re

    for name in ("messages.yaml", "router.yaml", "gui.yaml", "conversation.yaml"):
        text = (resources.intents_dir() / name).read_text(encoding="utf-8")
        top = collections.Counter(re.findall(r"^([A-Za-z_0-9]+):", text, re.M))
        assert not [k for k, n in top.items() if n > 1], name

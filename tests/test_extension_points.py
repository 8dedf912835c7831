"""ARCHITECTURE.md's three worked examples, done for real: each extension is made in the one
place the architecture names, and everything that should follow from it does.

- an operation: one @operation declaration (+ its client method and reply) is a CLI command
  with its options, an MCP tool with its schema and annotations, a --json result and a row of
  SKILL.md's command table;
- an intent: its phrases in router.yaml + one registered step: the router plans it, the plan
  runs it; a mismatch between the two is an error naming what is missing;
- a host: one row of the hosts table: install, SKILL.md, the platform header, doctor and the
  help text know it.
"""
from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from skill import cli
from skill.app import operations, steps
from skill.core import errors, hosts
from skill.text import router


# --------------------------------------------------------------------------- an operation
@pytest.fixture
def projects_operation(monkeypatch):
    """"list my projects": the declaration a developer would add to skill/app/operations.py,
    and the client method it calls."""
    @operations.operation("projects", "list the user's projects", read_only=True, idempotent=True,
                          reply="data.projects")
    def projects(settings, *, lang=None, emit=operations._ignore):
        def body(ctx):
            found = ctx.api().projects()
            ctx.say(f"You have {len(found)} project(s).")
            return ctx.outcome("projects", data={"projects": found})
        return operations._run("projects", settings, operations.language(lang), emit, None, float("inf"), body)

    def client_projects(self):
        return [{"task_id": "t1", "title": "Sea"}]

    from skill.api.client import NemoClient

    monkeypatch.setattr(NemoClient, "projects", client_projects, raising=False)
    yield projects
    operations.OPERATIONS.pop("projects", None)


def test_a_new_operation_is_one_declaration(projects_operation, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEMO_API_URL", "http://api.test")
    monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path))
    # the command, its help in the list, its --json result
    assert cli.main(["--help"]) == 0 and "projects" in capsys.readouterr().out
    assert cli.main(["projects", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["command"] == "projects" and result["data"]["projects"] == [{"task_id": "t1", "title": "Sea"}]
    # the MCP tool, with its annotations
    pytest.importorskip("mcp")
    from skill.faces.mcp import build_server

    tool = next(t for t in asyncio.run(build_server().list_tools()) if t.name == "projects")
    assert tool.annotations.read_only_hint is True and tool.annotations.idempotent_hint is True
    # SKILL.md's command table
    from skill.faces.skillmd import command_table

    assert ("projects --json", "list the user's projects") in command_table()


# --------------------------------------------------------------------------- an intent
@pytest.fixture
def subtitles_rules(tmp_path):
    """router.yaml with one more intent, as a developer would add it."""
    rules = tmp_path / "router.yaml"
    text = Path(router.rules_path()).read_text(encoding="utf-8")
    rules.write_text(text.replace("intents:\n  export:", "intents:\n  subtitles:\n    en: ['add subtitles', "
                                  "'subtitle it']\n    zh: ['加字幕']\n  export:", 1), encoding="utf-8")
    yield rules
    router.reload_rules()


@pytest.fixture
def clean_steps():
    """The registry as it was, after a test registers a step of its own."""
    before = dict(steps.STEPS)
    yield
    steps.STEPS.clear()
    steps.STEPS.update(before)


def test_a_new_intent_is_yaml_and_one_step(subtitles_rules, clean_steps):
    router.reload_rules(subtitles_rules)
    with pytest.raises(errors.RulesMismatch, match="subtitles"):   # the YAML alone: named, not ignored
        steps.check_intents(router.intents())

    ran = []

    @steps.step("subtitles")
    def subtitles(run):
        ran.append(run.chat_text)

    steps.check_intents(router.intents())
    r = router.route("add subtitles, then export")
    assert r.plan == ("subtitles", "export")
    from skill.app.plan import PlanRun

    class Ctx:   # the plan only needs a context to dispatch to the step
        lang = "en"

        def notices_from_api(self):
            pass

    PlanRun(Ctx()).run(["subtitles"])
    assert ran == [None]


def test_a_step_without_an_intent_is_named(clean_steps):
    steps.step("subtitles")(lambda run: None)
    with pytest.raises(errors.RulesMismatch, match="steps with no intent: subtitles"):
        steps.check_intents(router.intents())


# --------------------------------------------------------------------------- a host
@pytest.fixture
def windsurf(monkeypatch):
    row = hosts.Host("windsurf", "Windsurf", "~/.codeium/windsurf/skills", "windsurf",
                     ((".windsurf", "skills"), (".codeium", "windsurf")), "{folder}/" + hosts.LAUNCHER, "plain",
                     {"en": "Windsurf runs {launcher}.", "zh": "Windsurf 会运行 {launcher}。"})
    monkeypatch.setattr(hosts, "HOSTS", (*hosts.HOSTS, row))
    monkeypatch.setattr(hosts, "BY_KEY", {**hosts.BY_KEY, "windsurf": row})
    return row


def test_a_new_host_is_one_row(windsurf, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    assert cli.main(["install", "windsurf", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    folder = Path(result["data"]["folder"])
    assert folder == home / ".codeium" / "windsurf" / "skills" / "video-generator-free-models"
    assert "Windsurf runs" in result["text"]
    skill_md = (folder / "SKILL.md").read_text(encoding="utf-8")
    assert f"{folder.resolve()}/bin/video-skill" in skill_md                 # the launcher as the row says
    assert hosts.detect(env={}, install_path=folder) == "windsurf"          # the platform header
    from skill.commands.doctor import Doctor
    from skill.core import config

    checks = Doctor(config.from_env({"NEMO_CONFIG_DIR": str(tmp_path / "cfg")}), "en")
    checks.hosts()
    assert any(c.name == "host:windsurf" and c.ok for c in checks.checks)
    shutil.rmtree(folder)

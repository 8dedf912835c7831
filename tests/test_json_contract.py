"""`video-skill COMMAND --json` follows the published contract (docs/json.md, docs/json.schema.json).

Real outputs of every command, against the local backend: each line is one
object that validates against the schema, and the last one is the `result`.
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from skill.app.operations import OPERATIONS
from skill.cli import SETUP, main

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "json.schema.json").read_text())
JSON_COMMANDS = sorted({*OPERATIONS, "route", "install", "doctor"})   # the setup commands with --json
# The published schema leaves `command` a string; its values are the declarations' (made, not kept).
SCHEMA["$defs"]["result"]["allOf"][1]["properties"]["command"] = {"enum": JSON_COMMANDS}
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


@pytest.fixture
def user(tmp_path, monkeypatch, backend):
    monkeypatch.setenv("NEMO_API_URL", backend.url)
    monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("VIDEO_SKILL_TIME_SCALE", "0.01")
    monkeypatch.setenv("VIDEO_SKILL_EXPORT_DIR", str(tmp_path / "out"))
    monkeypatch.delenv("NEMO_TOKEN", raising=False)
    return tmp_path


def lines_of(capsys, *argv) -> tuple[int, list[dict]]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines()]
    for obj in lines:
        errors = sorted(VALIDATOR.iter_errors(obj), key=lambda e: e.path)
        assert not errors, f"{argv}: {obj}\n" + "\n".join(e.message for e in errors)
    assert lines and lines[-1]["type"] == "result", f"{argv}: the last line is not the result"
    assert [l["type"] for l in lines].count("result") == 1
    result = lines[-1]
    assert result["command"] == argv[0] and result["exit_code"] == code
    return code, lines


def test_every_command_speaks_the_contract(user, capsys, tiny_mp4, tmp_path):
    seen: set[str] = set()

    def check(*argv):
        seen.add(argv[0])
        return lines_of(capsys, *argv)

    code, lines = check("status")                       # nothing yet
    assert code == 0 and lines[-1]["status"] == "none"
    code, lines = check("credits")
    assert lines[-1]["data"]["credits"]["available"] == 100
    code, lines = check("state")
    assert lines[-1]["data"]["ready"] is False
    code, lines = check("upload", str(tiny_mp4))
    assert code == 0 and lines[-1]["data"]["uploads"][0]["filename"] == tiny_mp4.name
    code, lines = check("route", "add music, then export")
    assert lines[-1]["data"]["plan"] == ["chat", "export"]
    code, lines = check("chat", "generate a 5-second video of the sea", "--wait", "0")
    result = lines[-1]
    assert result["status"] == "running" and result["next"]["command"] == "status"
    assert any(l["type"] == "pending" for l in lines)
    code, lines = check("say", "add a title that says 'Blue'")          # busy: not sent
    result = lines[-1]
    assert code == 11 and result["status"] == "failed" and result["error"]["key"] == "turn_busy"
    assert result["next"]["command"] == "status"
    code, lines = check("status", "--wait", "60")
    assert code == 0 and lines[-1]["status"] == "done" and lines[-1]["changes"]
    code, lines = check("say", "add lo-fi music at 35%", "--wait", "60")
    assert code == 0 and lines[-1]["status"] == "done" and lines[-1]["data"]["plan"] == ["chat"]
    code, lines = check("export", "--wait", "0")
    assert code == 0 and lines[-1]["status"] == "running" and lines[-1]["next"]["command"] == "export"
    code, lines = check("export", "--wait", "120")
    videos = [f for f in lines[-1]["files"] if f["kind"] == "video"]
    assert code == 0 and videos and Path(videos[0]["path"]).is_file()
    code, lines = check("say")                                          # bad input
    assert code == 2 and lines[-1]["error"]["message"]
    code, lines = check("upload", str(tmp_path / "missing.mp4"))
    assert code == 2 and "missing.mp4" in lines[-1]["error"]["message"]
    check("doctor")
    with_json = set(OPERATIONS) | {name for name in SETUP if name not in ("serve", "skillmd", "install", "mcp")}
    assert with_json <= seen | {"doctor"}, f"commands not checked: {with_json - seen}"


def test_a_result_names_a_declared_command():
    """The --json command list is the declarations' (skill/app/operations.py) and the setup
    commands that speak JSON: a result naming anything else is not valid."""
    result = {"schema": 1, "type": "result", "command": "credits", "status": "done", "exit_code": 0, "lang": "en",
              "text": "", "changes": [], "timeline": None, "files": [], "links": {}, "notices": [], "error": None,
              "next": None, "data": {}}
    assert not list(VALIDATOR.iter_errors(result))
    assert list(VALIDATOR.iter_errors({**result, "command": "projects-that-were-never-declared"}))


def test_the_schema_rejects_what_the_contract_forbids():
    """The checker itself: a result without its error when failed, a line without schema."""
    failed_without_error = {"schema": 1, "type": "result", "command": "say", "status": "failed", "exit_code": 0,
                            "lang": "en", "text": "", "changes": [], "timeline": None, "files": [], "links": {},
                            "notices": [], "error": None, "next": None, "data": {}}
    assert list(VALIDATOR.iter_errors(failed_without_error))
    assert list(VALIDATOR.iter_errors({"type": "text", "text": "hi", "source": "reply"}))

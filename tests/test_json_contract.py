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


# -- docs/json.md's examples are real output ------------------------------------------------------
DOC = Path(__file__).resolve().parents[1] / "docs" / "json.md"
ELIDED = "…"
VOLATILE = {"id", "render_id", "elapsed", "size", "percent"}    # differ run to run: only their type is shown


def doc_examples() -> list[tuple[str, list[dict]]]:
    """(the command line above it, its JSON lines) for every ```json block of docs/json.md."""
    import re

    text = DOC.read_text(encoding="utf-8")
    out = []
    for match in re.finditer(r"^`(video-skill [^`]+)`[^\n]*(?:\n[^`\n][^\n]*)*\n```json\n(.*?)\n```", text, re.M | re.S):
        block = match.group(2)
        try:
            lines = [json.loads(block)]       # one object, spread over lines for reading: the result
        except ValueError:
            lines = [json.loads(line) for line in block.splitlines()]
        out.append((match.group(1), lines))
    return out


def _like(doc, real, where: str) -> None:
    """`real` is what `doc` shows: equal, but for `…` (text or fields left out) and VOLATILE values."""
    import re

    if isinstance(doc, dict):
        assert isinstance(real, dict), f"{where}: {real!r}"
        keys = set(doc) - {ELIDED}
        if ELIDED not in doc:
            assert set(real) == keys, f"{where}: fields {sorted(set(real) ^ keys)} differ"
        for key in keys:
            assert key in real, f"{where}: no {key!r}"
            if key in VOLATILE and doc[key] is not None:
                assert isinstance(real[key], type(doc[key])) or isinstance(real[key], (int, float)), f"{where}.{key}"
            else:
                _like(doc[key], real[key], f"{where}.{key}")
    elif isinstance(doc, list):
        assert isinstance(real, list) and len(real) == len(doc), f"{where}: {real!r}"
        for i, (d, r) in enumerate(zip(doc, real)):
            _like(d, r, f"{where}[{i}]")
    elif isinstance(doc, str) and ELIDED in doc:
        pattern = ".*".join(re.escape(part) for part in doc.split(ELIDED))
        assert isinstance(real, str) and re.fullmatch(pattern, real, re.S), f"{where}: {real!r} is not {doc!r}"
    else:
        assert doc == real, f"{where}: {real!r}, the docs say {doc!r}"


def _matches(doc_lines: list[dict], real_lines: list[dict], command: str) -> None:
    """Each line shown is a real line, in order (lines between may be left out); the last is the result."""
    i = len(real_lines) - 1 if len(doc_lines) == 1 else 0
    for n, doc in enumerate(doc_lines):
        errors = []
        while i < len(real_lines):
            try:
                _like(doc, real_lines[i], f"{command} line {n + 1}")
                break
            except AssertionError as exc:
                errors.append(str(exc))
                i += 1
        else:
            raise AssertionError(f"{command}: no real line is like the docs' line {n + 1}:\n" + "\n".join(errors))
        i += 1
    assert doc_lines[-1]["type"] == "result" and real_lines[-1] is real_lines[i - 1]


def test_the_docs_examples_are_what_the_commands_print(tmp_path, backend_factory, monkeypatch):
    """Every example of docs/json.md, run as shown against the local backend (the generation at a
    time scale where it outlives `say`, as a real one outlives its 100 s), matches the real lines."""
    import re
    import shlex
    import subprocess
    import sys

    backend = backend_factory(time_scale=0.05)
    out_dir = tmp_path / "out"
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("NEMO_", "VIDEO_SKILL_"))}
    env.update(NEMO_API_URL=backend.url, NEMO_CONFIG_DIR=str(tmp_path / "cfg"), NEMO_WEB_URL="https://nemovideo.com",
               VIDEO_SKILL_TIME_SCALE="0.05", VIDEO_SKILL_EXPORT_DIR=str(out_dir), LANG="C.UTF-8",
               SKILL_SOURCE="unknown", PYTHONPATH=str(Path(__file__).resolve().parents[1]))

    def normal(text: str) -> str:
        """What differs between runs, as the docs show it: the export folder, a file's time stamp,
        how long a request has run, a render's percent."""
        text = text.replace(str(out_dir), "/home/me")
        text = re.sub(r"\d{8}-\d{6}", "20261125-101500", text)
        text = re.sub(r"\((?:\d+m )?\d+s\)", "(40s)", text)
        return re.sub(r"Rendering\.\.\. \d+%", "Rendering... 40%", text)

    examples = doc_examples()
    shown = {command for command, _ in examples}
    scenario = ['video-skill credits --json', 'video-skill say "generate a 15-second clip of a forest" --json',
                'video-skill say "add a title \'Hi\'" --json', 'video-skill status --wait 90 --json',
                'video-skill say "add lo-fi background music at 35% volume" --json', 'video-skill export --json']
    assert shown <= set(scenario), f"an example the test does not run: {shown - set(scenario)}"
    real: dict[str, list[dict]] = {}
    for command in scenario:
        argv = shlex.split(command)[1:]
        done = subprocess.run([sys.executable, "-m", "skill", *argv], capture_output=True, text=True, env=env,
                              timeout=120)
        real[command] = [json.loads(normal(line)) for line in done.stdout.splitlines()]
    for command, lines in examples:
        _matches(lines, real[command], command)

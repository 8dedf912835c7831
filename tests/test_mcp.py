"""`video-skill mcp` driven by the MCP SDK's own client over stdio, against the local backend."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import anyio
import jsonschema
import pytest

mcp = pytest.importorskip("mcp")
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

from skill.core.mp4 import is_complete  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SCHEMA = jsonschema.Draft202012Validator(json.loads((REPO / "docs" / "json.schema.json").read_text()))
TOOLS = {"say", "status", "upload", "export", "credits", "state"}


def server_params(backend, tmp_path, **extra) -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items() if k not in ("NEMO_TOKEN", "VIDEO_SKILL_MCP_WAIT")}
    env.update({"NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(tmp_path / "cfg"),
                "VIDEO_SKILL_TIME_SCALE": "0.01", "VIDEO_SKILL_EXPORT_DIR": str(tmp_path / "out"),
                "PYTHONPATH": str(REPO)})
    env.update(extra)
    return StdioServerParameters(command=sys.executable, args=["-m", "skill", "mcp"], env=env, cwd=str(tmp_path))


def received(backend) -> int:
    return sum((backend.stats().get("messages_received") or {}).values())


async def _session(backend, tmp_path, body, env):
    with open(tmp_path / "server.err", "w") as errlog:
        async with stdio_client(server_params(backend, tmp_path, **env), errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await body(session)


def run(backend, tmp_path, body, **env):
    return anyio.run(_session, backend, tmp_path, body, env)


def test_tools_say_status_export_to_a_real_mp4(backend, tmp_path):
    async def body(session):
        tools = {t.name: t for t in (await session.list_tools()).tools}
        assert TOOLS <= set(tools)
        assert "message" in tools["say"].input_schema["properties"]
        assert tools["say"].input_schema["required"] == ["message"]

        progress: list[tuple[float, str | None]] = []

        async def on_progress(value, total, message):
            progress.append((value, message))

        started = await session.call_tool("say", {"message": "generate a 5-second video of the sea", "wait": 0.3},
                                          progress_callback=on_progress)
        result = started.structured_content
        assert not started.is_error and result["status"] == "running"
        assert result["next"]["command"] == "status" and result["schema"] == 1
        assert started.content[0].text == result["text"]

        done = await session.call_tool("status", {"wait": 60}, progress_callback=on_progress)
        assert done.structured_content["status"] == "done", done.structured_content
        assert done.structured_content["changes"] and progress        # progress notifications arrived

        exported = await session.call_tool("export", {"wait": 80}, progress_callback=on_progress)
        files = exported.structured_content["files"]
        videos = [f["path"] for f in files if f["kind"] == "video"]
        assert videos and is_complete(videos[0])
        assert any(value <= 100 and "Render" in (message or "") for value, message in progress)
        return True

    assert run(backend, tmp_path, body)
    assert received(backend) == 1
    assert backend.stats()["renders_submitted"] == 1


def test_an_error_comes_back_as_an_error_result(backend, tmp_path):
    async def body(session):
        res = await session.call_tool("upload", {"items": [str(tmp_path / "missing.mp4")]})
        assert res.is_error
        err = res.structured_content["error"]
        assert err["code"] == 2 and "missing.mp4" in err["message"] and "missing.mp4" in res.content[0].text
        return True

    assert run(backend, tmp_path, body)
    assert backend.stats().get("requests", {}).get("/api/upload-video/nemo_agent/me/{sid}", 0) == 0


def test_a_cancelled_call_leaves_the_turn_running_and_never_resends(backend, tmp_path):
    async def body(session):
        with anyio.move_on_after(0.8) as scope:    # the host gives up on the call
            await session.call_tool("say", {"message": "generate a 5-second video of a lake", "wait": 60})
        assert scope.cancelled_caught
        done = await session.call_tool("status", {"wait": 60})
        assert done.structured_content["status"] == "done", done.structured_content
        assert done.structured_content["data"]["turn"]["status"] in ("done", "recovered")
        # the cancelled call showed nothing: this is the first time the outcome is given
        assert done.structured_content["data"]["turn"]["fresh"] is True
        assert "Already shown" not in done.structured_content["text"]
        again = await session.call_tool("status", {})
        assert again.structured_content["data"]["turn"]["fresh"] is False
        return True

    assert run(backend, tmp_path, body)
    assert received(backend) == 1


class Notes:
    """A call's progress notifications, timed: the gaps a client without a progress handler sees."""

    def __init__(self):
        self.started = time.monotonic()
        self.seen: list[tuple[float, float, float | None, str | None]] = []

    async def __call__(self, value, total, message):
        self.seen.append((time.monotonic() - self.started, value, total, message))

    def gaps(self, ended: float) -> list[float]:
        times = [0.0, *(t for t, *_ in self.seen), ended]
        return [round(b - a, 2) for a, b in zip(times, times[1:])]


async def timed_call(session, tool: str, arguments: dict):
    notes = Notes()
    result = await session.call_tool(tool, arguments, progress_callback=notes)
    return result, notes, time.monotonic() - notes.started


def test_a_generation_outlasting_the_tool_wait_comes_back_running_with_progress_and_a_tool_call(
        backend_factory, tmp_path):
    """The fast version of the real-speed host test (tests/hosts/test_mcp_clients.py): the tool wait
    (VIDEO_SKILL_MCP_WAIT) is shorter than the generation, as 45 s is shorter than ~150 s. The call
    answers within the wait plus the margin, with a progress note at most 5 s apart (never only at
    the end), and `next` is a tool call that, made as given, finishes it."""
    from skill.core.timing import MCP_ANSWER_MARGIN

    wait = 5.0
    backend = backend_factory(time_scale=0.08)         # a ~12 s generation

    async def body(session):
        result, notes, took = await timed_call(session, "say", {"message": "generate a 15-second video of a forest"})
        out = result.structured_content
        assert out["status"] == "running" and not result.is_error, out
        assert took <= wait + MCP_ANSWER_MARGIN, took
        assert max(notes.gaps(took)) <= 5.0, notes.gaps(took)
        values = [v for _t, v, *_ in notes.seen]
        assert values == sorted(values) and len(set(values)) == len(values)     # strictly rising
        assert any("Still working on" in (m or "") for *_, m in notes.seen), notes.seen
        SCHEMA.validate(out)                                # the --json contract, `next` with its tool call
        step = out["next"]
        assert step["tool"] == "status" and step["arguments"] == {"wait": 5}, step
        assert step["command"] == "status"                  # the CLI's form stays beside it
        assert result.content[0].text == out["text"]
        assert "`status`" in result.content[1].text and '{"wait": 5}' in result.content[1].text
        for _ in range(8):                                  # as `next` says, until it is done
            result, notes, took = await timed_call(session, step["tool"], step["arguments"])
            out = result.structured_content
            assert took <= wait + MCP_ANSWER_MARGIN and max(notes.gaps(took)) <= 5.0, notes.gaps(took)
            if out["status"] != "running":
                break
            step = out["next"]
        assert out["status"] == "done" and out["next"] is None and out["changes"], out
        return True

    assert run(backend, tmp_path, body, VIDEO_SKILL_TIME_SCALE="0.08", VIDEO_SKILL_MCP_WAIT=str(wait))
    assert received(backend) == 1


def test_the_server_says_its_version_annotates_its_tools_and_logs_no_requests(backend, tmp_path):
    from skill.core import manifest

    async def body(session):
        assert session.server_info.version == manifest.load().version
        tools = {t.name: t for t in (await session.list_tools()).tools}
        for name, tool in tools.items():
            hints = tool.annotations
            assert hints is not None and hints.open_world_hint is True and hints.destructive_hint is False, name
            assert hints.read_only_hint is (name in ("credits", "state", "status")), name
            assert hints.idempotent_hint is (name in ("credits", "state", "status", "export")), name
        assert "45 s" in tools["say"].description
        assert (await session.call_tool("credits", {})).structured_content["status"] == "done"
        return True

    assert run(backend, tmp_path, body)
    assert "HTTP Request" not in (tmp_path / "server.err").read_text()


def test_a_tool_stuck_past_its_answer_limit_still_answers(monkeypatch):
    """A request that hangs (not a turn: those have their own budget) does not hold the call past the
    wait plus the margin: the tool answers that it is late, and what to call to see how it ended."""
    import threading

    from mcp import Client

    from skill.app import operations
    from skill.core import config, timing
    from skill.faces import mcp as face

    release = threading.Event()

    def hangs(settings, *, lang=None, emit=None):
        release.wait(30)

    monkeypatch.setenv("VIDEO_SKILL_MCP_WAIT", "1")
    monkeypatch.setattr(timing, "MCP_ANSWER_MARGIN", 1.0)
    monkeypatch.setitem(face.OPERATIONS, "credits", operations.OPERATIONS["credits"]._replace(function=hangs))
    server = face.build_server(lambda: config.from_env({"NEMO_API_URL": "http://127.0.0.1:9"}))

    async def body():
        async with Client(server) as client:
            notes = Notes()
            result = await client.call_tool("credits", {}, progress_callback=notes)
            return result, notes, time.monotonic() - notes.started

    try:
        result, notes, took = anyio.run(body)
    finally:
        release.set()
    out = result.structured_content
    assert took < 3.5 and result.is_error, took
    assert out["error"]["key"] == "mcp_too_slow" and out["error"]["code"] == 12
    assert out["next"]["tool"] == "credits"

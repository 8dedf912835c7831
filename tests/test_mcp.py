"""`video-skill mcp` driven by the MCP SDK's own client over stdio, against the local backend."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
import pytest

mcp = pytest.importorskip("mcp")
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

from skill.core.mp4 import is_complete  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TOOLS = {"say", "status", "upload", "export", "credits", "state"}


def server_params(backend, tmp_path) -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items() if k != "NEMO_TOKEN"}
    env.update({"NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(tmp_path / "cfg"),
                "VIDEO_SKILL_TIME_SCALE": "0.01", "VIDEO_SKILL_EXPORT_DIR": str(tmp_path / "out"),
                "PYTHONPATH": str(REPO)})
    return StdioServerParameters(command=sys.executable, args=["-m", "skill", "mcp"], env=env, cwd=str(tmp_path))


def received(backend) -> int:
    return sum((backend.stats().get("messages_received") or {}).values())


async def _session(backend, tmp_path, body):
    with open(tmp_path / "server.err", "w") as errlog:
        async with stdio_client(server_params(backend, tmp_path), errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await body(session)


def run(backend, tmp_path, body):
    return anyio.run(_session, backend, tmp_path, body)


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

"""What the user named can't be used: said for what it is, before anything is sent.

A folder, a FIFO or /dev/zero given as an attachment is "not a regular file" (not "can't find
the file"); an MCP `export` whose `output` names an existing file says it is a file, not that a
"folder" can't be written.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from cli_env import REPO, cli_env




def cli(env, *argv, cwd=None) -> dict:
    proc = subprocess.run([sys.executable, "-m", "skill", *argv, "--json"], env=env, capture_output=True,
                          text=True, timeout=120, cwd=cwd or REPO)
    assert "Traceback" not in proc.stderr, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["exit_code"] == proc.returncode
    return result


def _not_regular(tmp_path: Path, kind: str) -> Path:
    if kind == "folder":
        path = tmp_path / "holiday.mp4"          # a folder with a video's name
        path.mkdir()
    elif kind == "fifo":
        path = tmp_path / "pipe.mp4"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    return path


@pytest.mark.parametrize("kind", ["folder", "fifo", "dev_zero"])
def test_an_attachment_that_is_not_a_regular_file_is_called_that(kind, backend, tmp_path):
    path = _not_regular(tmp_path, kind)
    env = cli_env(tmp_path, backend.url)
    attached = cli(env, "say", "upload this and make a 5 second highlight", "--attach", str(path))
    assert attached["exit_code"] == 2, attached
    assert attached["error"]["message"] == f"{path.name} is not a regular file (a folder, device or pipe), " \
                                           "so nothing was sent."
    assert "Can't find" not in attached["error"]["message"]
    if kind != "dev_zero":   # typed in the message instead of attached: the same answer
        typed = cli(env, "say", f"upload {path} and trim it to 5 seconds")
        assert typed["exit_code"] == 2 and "is not a regular file" in typed["error"]["message"], typed
    zh = cli(env, "say", "上传这个", "--attach", str(path))
    assert zh["exit_code"] == 2 and "不是普通文件" in zh["error"]["message"]
    stats = backend.stats()
    assert not stats.get("messages_received")
    assert stats.get("requests", {}).get("/api/upload-video/nemo_agent/me/{sid}", 0) == 0


def test_a_missing_attachment_is_still_missing(backend, tmp_path):
    gone = cli(cli_env(tmp_path, backend.url), "say", "upload this", "--attach", str(tmp_path / "nowhere.mp4"))
    assert gone["exit_code"] == 2 and gone["error"]["message"].startswith("Can't find the file")


def test_mcp_export_to_an_existing_file_says_it_is_a_file(backend, tmp_path):
    mcp = pytest.importorskip("mcp")
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    env = cli_env(tmp_path, backend.url)
    made = cli(env, "chat", "generate a 3-second clip of the sea", "--wait", "60")
    assert made["status"] == "done", made
    existing = tmp_path / "notes.txt"
    existing.write_text("my notes\n")

    async def body():
        params = StdioServerParameters(command=sys.executable, args=["-m", "skill", "mcp"], env=env,
                                       cwd=str(tmp_path))
        with open(tmp_path / "server.err", "w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    return await session.call_tool("export", {"output": str(existing), "wait": 30})

    res = anyio.run(body)
    assert res.is_error
    err = res.structured_content["error"]
    assert err["code"] == 2, err
    assert err["message"].startswith(f"Can't save the video as {existing}: that is an existing file, not a folder.")
    assert "folder can't be written" not in err["message"]
    assert existing.read_text() == "my notes\n"
    assert backend.stats()["renders_submitted"] == 0
    # And the way out it gives works: a new .mp4 name.
    done = cli(env, "export", "-o", str(tmp_path / "sea.mp4"), "--wait", "60")
    assert done["status"] == "done" and Path(done["files"][0]["path"]) == tmp_path / "sea.mp4"

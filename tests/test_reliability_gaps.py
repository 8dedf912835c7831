"""Messages that mislead: the two cases no other test file covered.

Real `video-skill` processes against the local backend.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_env import REPO, cli_env




def _run(env: dict, *argv: str) -> tuple[dict, list[dict], str]:
    proc = subprocess.run([sys.executable, "-m", "skill", *argv, "--json"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert lines and lines[-1]["type"] == "result" and lines[-1]["exit_code"] == proc.returncode, proc.stderr
    return lines[-1], lines, proc.stderr


def _received(backend) -> int:
    return sum((backend.stats().get("messages_received") or {}).values())


@pytest.mark.parametrize("text", ["upload this", "上传这个"])
def test_upload_this_without_a_file_says_there_is_nothing_to_upload(backend, tmp_path, text):
    """It used to print "Uploaded 0 files"."""
    result, lines, err = _run(cli_env(tmp_path, backend.url), "say", text)
    assert result["status"] == "failed" and result["exit_code"] == 2, result
    assert result["error"]["key"] == "nothing_to_upload" and result["error"]["message"]
    shown = json.dumps(lines, ensure_ascii=False)
    assert "Uploaded" not in shown and "已上传" not in shown
    requests = backend.stats().get("requests") or {}
    assert not any("upload" in path for path in requests)           # nothing went out
    assert _received(backend) == 0


def test_a_500_from_run_sse_is_the_services_error_not_a_dropped_connection(backend, tmp_path):
    env = cli_env(tmp_path, backend.url)
    made, _lines, err = _run(env, "chat", "generate a 3-second clip of the sea", "--wait", "60")
    assert made["status"] == "done", err
    before = _received(backend)
    backend.fault("status:500", path="/run_sse")
    result, lines, err = _run(env, "say", "add a title that says 'Hello'", "--wait", "60")
    # What already holds: nothing was taken, the failure is safe to retry.
    assert result["status"] == "failed" and result["error"]["retry"] is True
    assert _received(backend) == before
    # What does not: the words and the wait.
    notices = [line.get("key") for line in lines if line["type"] == "notice"]
    stills = [line for line in lines if line["type"] == "progress" and line.get("kind") == "still_working"]
    assert "stream_dropped" not in notices, notices
    assert "dropped" not in result["text"].lower() and "dropped" not in result["error"]["message"].lower()
    assert not stills                                               # no minutes of polling

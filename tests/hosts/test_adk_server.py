"""The real CLI against Google's real ADK API server (google-adk in .hosts/adk, built by
tests/hosts/setup.sh): tests/hosts/adk_peer.py serves a scripted `nemo_agent` through ADK's
own /run_sse, plus the NemoVideo token/session/state/credits routes.

The agent's run for "make a sunset video": partial text chunks, one non-partial
[text, functionCall generate_video], the functionResponse (its state_delta puts a draft
with only a video track in the session state: no music, no title), partial chunks of the
final text, then the final non-partial "Your sunset video is ready." That final event is
ADK's final response (Event.is_final_response()): the run is finished when the stream
closes after it, whatever the draft still lacks.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.timeout(300)

REPO = Path(__file__).resolve().parents[2]
PEER = Path(__file__).resolve().parent / "adk_peer.py"
GEN = "make a sunset video"
FINAL = "Your sunset video is ready."
TOOL_WORDS = ("generate_video", "functionCall", "functionResponse", "function_call", "function_response",
              "duration_ms", '"prompt"', "adk-")
END_TO_EXIT = 2.0      # seconds from the stream's end to the command's exit, at most


class Peer:
    def __init__(self, url: str, proc: subprocess.Popen, log: Path):
        self.url, self.proc, self.log = url, proc, log

    def stats(self) -> dict:
        return httpx.get(f"{self.url}/_peer/stats", timeout=10).json()

    def runs_since(self, mark: int) -> list[dict]:
        return self.stats()["runs"][mark:]

    def mark(self) -> int:
        return len(self.stats()["runs"])


@pytest.fixture(scope="module")
def adk_peer(tmp_path_factory) -> Peer:
    python = Path(os.environ["VIDEO_SKILL_HOSTS_DIR"]).resolve() / "adk" / "bin" / "python"
    assert python.exists(), f"{python} missing: run `make test-hosts` (tests/hosts/setup.sh builds it)"
    tmp = tmp_path_factory.mktemp("adk-peer")
    ready, log = tmp / "url", tmp / "peer.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEMO_", "GOOGLE_", "VIDEO_SKILL_"))}
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(python), str(PEER), "--port", "0", "--ready-file", str(ready)],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp)
    try:
        deadline = time.monotonic() + 90
        while not ready.exists():
            assert proc.poll() is None, f"the ADK peer exited ({proc.returncode}):\n{log.read_text()}"
            assert time.monotonic() < deadline, f"the ADK peer did not start:\n{log.read_text()}"
            time.sleep(0.1)
        yield Peer(ready.read_text().strip(), proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def user(adk_peer, tmp_path):
    """A person with their own config dir (own client id, token, session); no NEMO_TOKEN."""
    cfg = tmp_path / "cfg"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEMO_", "VIDEO_SKILL_", "SKILL_"))}
    env.update(NEMO_API_URL=adk_peer.url, NEMO_CONFIG_DIR=str(cfg), SKILL_SOURCE="unknown")
    yield env
    _stop_workers(cfg)


def _stop_workers(cfg: Path) -> None:
    """End the detached turn workers this test's commands started (their pids are in the store)."""
    from skill.core import procs

    db = cfg / "video-skill.db"
    if not db.exists():
        return
    conn = sqlite3.connect(db, timeout=10)
    try:
        rows = conn.execute("SELECT pid, pid_start FROM turns WHERE pid IS NOT NULL").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        conn.close()
    for pid, started in rows:
        if procs.same_process(pid, started) and procs.pid_alive(pid, cmdline_marker=b"skill"):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for pid, started in rows:
        deadline = time.monotonic() + 5
        while procs.same_process(pid, started) and time.monotonic() < deadline:
            time.sleep(0.1)


def chat(env: dict, message: str, wait: int = 60) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "skill", "chat", "--json", "--wait", str(wait), message],
                            env=env, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str, float]:
    """(exit code, stdout, stderr, time.monotonic() when it exited)."""
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err, time.monotonic()


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.strip().splitlines() if line.strip()]


def ended(runs: list[dict]) -> list[dict]:
    return [r for r in runs if r["status"] == 200 and r["complete"]]


def wait_for_runs(peer: Peer, mark: int, count: int, timeout: float = 30) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        runs = peer.runs_since(mark)
        if len(ended(runs)) >= count or time.monotonic() > deadline:
            return runs
        time.sleep(0.2)


# --------------------------------------------------------------------------- the tests
def test_adk_server_finished_run_is_done_within_2s_of_the_stream_end(adk_peer, user):
    mark = adk_peer.mark()
    code, out, err, exited = finish(chat(user, GEN))
    runs = adk_peer.runs_since(mark)
    assert len(runs) == 1 and runs[0]["status"] == 200 and runs[0]["complete"], (runs, err)
    run = runs[0]
    assert FINAL in run["stream"]                     # the peer did send the final response
    lines = json_lines(out)
    result = lines[-1]
    late = exited - run["ended_monotonic"]
    assert code == 0, err
    assert result["type"] == "result", result
    assert result["status"] == "done", (f"status {result['status']!r} {late:.1f} s after the stream "
                                        f"ended (the run had ended on ADK's final response)", result)
    assert result["text"].count(FINAL) == 1           # partial chunks + final response: shown once
    shown = [l["text"] for l in lines if l["type"] == "text"]
    assert sum(t.count(FINAL) for t in shown) <= 1 and "Your sunset video " not in shown
    assert late <= END_TO_EXIT, f"the command exited {late:.1f} s after the stream ended"
    for word in TOOL_WORDS:
        assert word not in out + err, word


def test_adk_server_two_messages_in_a_row_are_never_busy(adk_peer, user):
    mark = adk_peer.mark()
    first = finish(chat(user, GEN))
    second = finish(chat(user, "thanks! what else can you do?"))
    runs = adk_peer.runs_since(mark)
    accepted = [r for r in runs if r["status"] == 200]
    assert first[0] == 0, first[2]
    assert second[0] == 0, (f"the second message exited {second[0]}"
                            + (" (busy: the first turn was still open)" if second[0] == 11 else ""),
                            json_lines(second[1])[-1:] if second[1].strip() else second[2])
    assert len(accepted) == 2, [(r["status"], (r["body"] or {}).get("new_message")) for r in runs]
    assert [r["body"]["new_message"]["parts"][0]["text"] for r in accepted] == \
        [GEN, "thanks! what else can you do?"]


def test_adk_server_run_sse_body_is_accepted(adk_peer, user):
    mark = adk_peer.mark()
    proc = chat(user, GEN)
    try:
        runs = wait_for_runs(adk_peer, mark, 1)
    finally:
        if proc.poll() is None:   # the stream is what this test is about, not the command's wait
            proc.terminate()
        proc.communicate(timeout=30)
    assert len(runs) == 1, runs
    run = runs[0]
    stats = adk_peer.stats()
    sid = stats["sessions"][-1]["session_id"]
    # What the skill sent, as ADK's RunAgentRequest took it (snake_case; no `streaming` flag).
    assert run["body"] == {"app_name": "nemo_agent", "user_id": "me", "session_id": sid,
                           "new_message": {"parts": [{"text": GEN}]}}, run["raw_body"]
    assert run["accept"] == "text/event-stream" and run["authorization"] == "Bearer"
    # ADK accepted it: HTTP 200, an event stream, every event of the run, to the end.
    assert run["status"] == 200, run["stream"][:500]
    assert run["content_type"].startswith("text/event-stream")
    assert run["complete"] and run["events"] == 7, run["stream"]
    events = [json.loads(line[5:]) for line in run["stream"].splitlines() if line.startswith("data:")]
    assert [bool(e.get("partial")) for e in events] == [True, True, False, False, True, True, False]
    assert events[2]["content"]["parts"][1]["functionCall"]["name"] == "generate_video"
    assert events[-1]["content"]["parts"] == [{"text": FINAL}]
    # ADK's own session (user "me") holds the message and the tool's draft.
    session = httpx.get(f"{adk_peer.url}/apps/nemo_agent/users/me/sessions/{sid}", timeout=10).json()
    assert session["events"][0]["content"]["parts"][0]["text"] == GEN
    assert [t["tt"] for t in session["state"]["draft"]["t"]] == [0]


def test_adk_server_in_stream_error_is_not_a_finished_run(adk_peer, user):
    """ADK 2.13 reports an exception inside the run as `data: {"error": "RuntimeError: ...",
    "error_details": {"error_type", "error_message", "timestamp"}}` (api_server.py,
    event_generator): no top-level error_type/error_message, no content. It is a failed
    run, never a final response (the agent raised after one partial chunk)."""
    mark = adk_peer.mark()
    code, out, err, _ = finish(chat(user, "please raise an error", wait=10))
    runs = adk_peer.runs_since(mark)
    assert len(runs) == 1 and runs[0]["status"] == 200 and '"error_details"' in runs[0]["stream"], runs
    lines = json_lines(out)
    result = lines[-1]
    notices = [l.get("key") for l in lines if l["type"] == "notice"] + list(result.get("notices") or [])
    assert result["status"] != "done", ("an errored run reported as done", result)
    assert "stream_error" in notices, (notices, result)

"""A hostile or broken service: bounded memory, bounded downloads, bounded JSON; a clear error each.

Real processes over real HTTP: a scripted peer (tests/peers.py) whose `/run_sse` sends `data:`
lines forever with no blank line, or answers nested thousands of levels deep; the local backend
behind tests/faultproxy.py for a download that never ends (or announces more than 2 GiB) and a
poster download killed midway. The worker's memory is read from /proc (VmHWM, its peak), the
worker being the detached process the store's `turns` table names.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from faultproxy import FaultProxy
from peers import ScriptedPeer
from cli_env import REPO, cli_env

RSS_LIMIT_KIB = 300 * 1024



def cli(env, *argv, timeout=120) -> dict:
    proc = subprocess.run([sys.executable, "-m", "skill", *argv, "--json"], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=REPO)
    assert "Traceback" not in proc.stderr, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["exit_code"] == proc.returncode
    return result


# --------------------------------------------------------------------------- an endless event
class EndlessEventPeer(ScriptedPeer):
    """`/run_sse` answers with `data:` lines forever and never the blank line that ends an event."""

    def __init__(self, line: bytes):
        super().__init__()
        self.line = line
        self.hung_up: float | None = None      # when the client closed the stream
        self.sent = 0

    def _run(self, h, message: str) -> None:
        from peers import Run

        self.runs.append(Run(message))
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.end_headers()
        burst = self.line * max(1, 65536 // len(self.line))
        try:
            while True:
                h.wfile.write(burst)
                self.sent += len(burst)
        except OSError:
            self.hung_up = time.time()
        h.close_connection = True


def _worker_pid(cfg: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{cfg / 'video-skill.db'}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute("SELECT pid FROM turns WHERE pid IS NOT NULL ORDER BY started DESC LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return int(row[0]) if row else None


def _hwm_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class PeakWatch(threading.Thread):
    """The worker's peak RSS while it lives; a worker past the limit is killed (the machine is shared)."""

    def __init__(self, cfg: Path):
        super().__init__(daemon=True)
        self.cfg = cfg
        self.pid: int | None = None
        self.peak_kib = 0
        self.killed = False
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pid = self.pid or _worker_pid(self.cfg)
            if pid:
                self.pid = pid
                hwm = _hwm_kib(pid)
                if hwm is not None:
                    self.peak_kib = max(self.peak_kib, hwm)
                    if hwm > RSS_LIMIT_KIB and not self.killed:
                        self.killed = True
                        os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)


@pytest.mark.parametrize("line", [b"data:\n", b"data: " + b"x" * 4000 + b"\n"], ids=["empty-lines", "long-lines"])
def test_an_endless_event_ends_the_stream_with_a_clear_error_in_flat_memory(line, tmp_path):
    with EndlessEventPeer(line) as peer:
        env = cli_env(tmp_path, peer.url)
        watch = PeakWatch(tmp_path / "cfg")
        watch.start()
        started = time.monotonic()
        try:
            result = cli(env, "chat", "make a 5 second video of the sea", "--wait", "60", timeout=90)
        finally:
            time.sleep(0.2)
            watch.stop.set()
            watch.join()
        took = time.monotonic() - started
        assert watch.pid and not watch.killed, f"the worker grew past 300 MiB ({watch.peak_kib} KiB)"
        assert 0 < watch.peak_kib < RSS_LIMIT_KIB
        print(f"worker peak RSS {watch.peak_kib / 1024:.1f} MiB, {peer.sent / 1e6:.1f} MB sent, {took:.1f} s")
        assert result["status"] == "failed", result
        assert result["exit_code"] == 14 and result["error"]["key"] == "stream_too_large"
        assert "could not be read" in result["error"]["message"] and "8 MiB" in result["error"]["message"]
        assert any("stopped reading it" in n for n in result["notices"]), result["notices"]
        assert peer.hung_up is not None                      # the skill closed the stream itself
        assert len(peer.runs) == 1                           # and never sent the message again
        assert took < 60


def test_the_parser_holds_one_bounded_event_at_most():
    """The wire parser itself: an event may be big (just under the bound: dispatched whole), but one
    that goes on past MAX_EVENT characters or MAX_DATA_LINES lines ends the stream."""
    from skill.api.sse_wire import MAX_DATA_LINES, MAX_EVENT, EventStreamParser, EventTooLarge

    big = "x" * (MAX_EVENT - 10)
    assert list(EventStreamParser().iter_data([f"data: {big}\n", "\n"])) == [big]

    def forever(line: str):          # twice past the first bound, then the stream ends (a parser without
        chunk = line * 1000          # bounds would hold it all and discard it: no error)
        for _ in range(2 * min(MAX_EVENT // len(line), MAX_DATA_LINES) // 1000 + 2):
            yield chunk

    for line in ("data:\n", "data: " + "y" * 5000 + "\n", "data\n"):
        with pytest.raises(EventTooLarge) as info:
            for _ in EventStreamParser().iter_data(forever(line)):
                pass
        assert info.value.chars <= MAX_EVENT + 5000 and info.value.lines <= MAX_DATA_LINES + 1


# --------------------------------------------------------------------------- deep JSON
DEEP = 5000


def _nested(depth: int) -> bytes:
    return b'{"code": 0, "data": {"available": ' + b"[" * depth + b"]" * depth + b"}}"


class DeepPeer(ScriptedPeer):
    """Credits and state nested DEEP levels deep; one stream event nested as deep, then a real answer."""

    def _get(self, h) -> None:
        if h.path.startswith(("/api/credits/balance/simple", "/api/state/")) and self.deep_gets:
            body = _nested(DEEP)
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            return
        super()._get(h)

    deep_gets = True


def test_a_deeply_nested_answer_is_a_clear_error_not_a_crash(tmp_path):
    with DeepPeer() as peer:
        env = cli_env(tmp_path, peer.url)
        for command in ("credits", "state"):
            result = cli(env, command)
            assert result["exit_code"] == 14, result
            assert result["error"]["key"] == "answer_too_deep"
            assert "nested more than 100 levels deep" in result["error"]["message"]
            assert "RecursionError" not in json.dumps(result)
        zh = cli(env, "credits", "--lang", "zh")
        assert zh["exit_code"] == 14 and "100 层" in zh["error"]["message"]


class DeepEventPeer(ScriptedPeer):
    """A run whose second event is nested DEEP levels deep, between two ordinary ones."""

    def _run(self, h, message: str) -> None:
        from peers import Run, adk_text

        self.runs.append(Run(message))
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.end_headers()
        deep = b'{"content": {"parts": [{"text": "never shown"}]}, "more": ' + b"[" * DEEP + b"]" * DEEP + b"}"
        for event in (json.dumps(adk_text("Sure. ")).encode(), deep,
                      json.dumps(adk_text("Here is your answer.")).encode()):
            h.wfile.write(b"data: " + event + b"\n\n")
        h.wfile.flush()
        h.close_connection = True


def test_a_deeply_nested_stream_event_is_skipped_and_the_run_goes_on(tmp_path):
    with DeepEventPeer() as peer:
        result = cli(cli_env(tmp_path, peer.url), "chat", "hello", "--wait", "30")
        assert result["status"] == "done", result
        assert "Here is your answer." in result["text"] and "never shown" not in result["text"]
        assert len(peer.runs) == 1


# --------------------------------------------------------------------------- downloads
@pytest.fixture
def routed(backend):
    """The local backend behind the fault proxy, the render's file URLs pointing at the proxy."""
    proxy = FaultProxy(backend.url)
    proxy.route_media = True
    yield proxy
    proxy.close()


def _generate(env) -> None:
    made = cli(env, "chat", "generate a 3-second clip of the sea", "--wait", "60")
    assert made["status"] == "done", made


def _out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def export_watched(env: dict, folder: Path, kill_past: int) -> tuple[dict | None, int]:
    """Run `export --json`, watching the largest `.part` in `folder`; an export whose part grows
    past `kill_past` bytes is killed (a skill without a cap would fill the shared disk) and gives
    None. Returns (the result, the largest part seen)."""
    proc = subprocess.Popen([sys.executable, "-m", "skill", "export", "--wait", "60", "--json"], env=env,
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    largest, deadline = 0, time.monotonic() + 120
    while proc.poll() is None:
        for part in folder.glob(".*.part") if folder.exists() else ():
            try:
                largest = max(largest, part.stat().st_size)
            except OSError:
                pass
        if largest > kill_past or time.monotonic() > deadline:
            proc.kill()
            proc.communicate()
            for part in folder.glob(".*.part"):
                part.unlink(missing_ok=True)
            return None, largest
        time.sleep(0.005)
    out, err = proc.communicate()
    assert "Traceback" not in err, err
    result = json.loads(out.splitlines()[-1])
    assert result["exit_code"] == proc.returncode
    return result, largest


def test_an_endless_download_stops_at_the_cap_with_a_clear_error(backend, routed, tmp_path):
    cap = 5 * 1024 * 1024
    env = cli_env(tmp_path, routed.url, VIDEO_SKILL_MAX_DOWNLOAD_BYTES=str(cap))
    _generate(env)
    routed.download_fault = "endless"
    started = time.monotonic()
    result, largest = export_watched(env, _out(tmp_path), kill_past=4 * cap)
    assert result is not None, f"the download went on past {largest:,} bytes (the cap is {cap:,})"
    assert result["exit_code"] == 15, result
    assert result["error"]["key"] == "download_too_large"
    assert "kept going past 5.0 MiB without ending" in result["error"]["message"]
    assert "VIDEO_SKILL_MAX_DOWNLOAD_BYTES" in result["error"]["what_to_do"]
    assert 0 < largest <= cap                                   # never more than the cap on disk
    assert not list(_out(tmp_path).glob("*.mp4")) and not list(_out(tmp_path).glob(".*.part"))
    assert time.monotonic() - started < 60
    # The service healthy again: the same render, delivered.
    routed.download_fault = None
    again = cli(env, "export", "--wait", "60")
    assert again["status"] == "done", again
    assert backend.stats()["renders_submitted"] == 1


def test_without_the_setting_the_ceiling_is_two_gib(backend, routed, tmp_path):
    """Env unset: a download announced at 2 GiB + 1 byte is refused before a byte is written,
    so the default ceiling is 2 GiB (the mechanism above is the same code with a smaller cap)."""
    from skill.api.client import DEFAULT_MAX_DOWNLOAD, max_download_bytes

    assert max_download_bytes({}) == DEFAULT_MAX_DOWNLOAD == 2 * 1024 ** 3
    assert max_download_bytes({"VIDEO_SKILL_MAX_DOWNLOAD_BYTES": "1000"}) == 1000
    assert max_download_bytes({"VIDEO_SKILL_MAX_DOWNLOAD_BYTES": "lots"}) == DEFAULT_MAX_DOWNLOAD
    env = cli_env(tmp_path, routed.url)
    assert "VIDEO_SKILL_MAX_DOWNLOAD_BYTES" not in env
    _generate(env)
    routed.download_fault = "huge"
    result, largest = export_watched(env, _out(tmp_path), kill_past=64 * 1024 * 1024)
    assert result is not None, f"a download announced past the ceiling went on ({largest:,} bytes)"
    assert result["exit_code"] == 15 and result["error"]["key"] == "download_announced_too_large", result
    assert "2,147,483,649 bytes, more than the 2,147,483,648 bytes (2.0 GiB)" in result["error"]["message"]
    assert largest == 0 and routed.endless_sent < 64 * 1024 * 1024
    assert not list(_out(tmp_path).glob("*.mp4")) and not list(_out(tmp_path).glob(".*.part"))


def test_a_kill_during_the_poster_is_finished_by_the_next_export_without_a_second_download(
        backend, routed, tmp_path):
    env = cli_env(tmp_path, routed.url)
    _generate(env)
    routed.download_fault = "slow_poster"
    out = _out(tmp_path)
    export = subprocess.Popen([sys.executable, "-m", "skill", "export", "--wait", "60"], env=env, cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (list(out.glob(".*.png.part")) and list(out.glob("*.mp4"))):
        time.sleep(0.02)
    time.sleep(0.2)
    export.send_signal(signal.SIGKILL)
    export.wait(timeout=10)
    (video,) = out.glob("*.mp4")
    assert list(out.glob(".*.png.part"))                 # the orphan the kill left
    videos_fetched = [p for p in routed.download_paths if not p.endswith(".png")]
    assert len(videos_fetched) == 1

    routed.download_fault = None
    again = cli(env, "export", "--wait", "60")
    assert again["status"] == "done", again
    files = {f["kind"]: Path(f["path"]) for f in again["files"]}
    assert files["video"] == video                       # the same file, not a second copy
    assert files["poster"].suffix == ".png" and files["poster"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in out.iterdir()) == sorted([video.name, files["poster"].name])   # no .part left
    assert [p for p in routed.download_paths if not p.endswith(".png")] == videos_fetched   # not downloaded again
    assert backend.stats()["renders_submitted"] == 1
    # Finished like any export: the project unchanged, the next one hands over that file again.
    third = cli(env, "export", "--wait", "60")
    assert third["status"] == "done" and Path(third["files"][0]["path"]) == video
    assert third["data"]["rendered"] is False and backend.stats()["renders_submitted"] == 1

"""The kill matrix: SIGKILL and SIGTERM of the command and of the worker at each step.

Steps: before send, mid-stream, during render poll, mid-download. The command is
always `say "generate a 3-second clip of …, then export"` (a real `python -m skill`
process); the worker is the detached `skill.turns.worker` it starts. The worker only
exists while the chat turn runs, so "worker × render poll / download" are skipped.

Each step is found, never slept for:
  before send   the proxy holds the worker's first state request (the worker has
                claimed the turn, `sent` is still 0) until the kill has landed
  mid-stream    the turn has recorded agent text and is still running
  render poll   the command printed a `render` progress line (--json)
  mid-download  the hidden `.part` exists (the proxy trickles the body)

After the kill the user re-runs `status --wait 60` / `export` and must get what
was promised: an MP4 that is complete (or, when nothing was sent, a clear failure
that is safe to retry), one message and at most one render on the backend, no
`.part` and no incomplete `.mp4`, and a store that passes PRAGMA integrity_check.

One backend (ultrafast renders) and one proxy serve the whole module; every case
has its own config dir (own client id, token, session, store) and export dir, and
counts are taken as differences.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import DEFAULT_FLAGS, BackendHandle
from faultproxy import FaultProxy
from skill.core import config
from skill.core.mp4 import is_complete
from skill.core.store import Store
from skill.core.timing import Timings
from skill.turns.book import TurnBook, is_alive

REPO = Path(__file__).resolve().parents[1]
ASK = "generate a 3-second clip of the sea, then export"

STEPS = ["before_send", "mid_stream", "render_poll", "mid_download"]
SIGNALS = [signal.SIGKILL, signal.SIGTERM]
TARGETS = ["command", "worker"]


class HoldingProxy(FaultProxy):
    """The fault proxy, plus: hold the first request under `hold_path` until `release` is set."""

    def __init__(self, upstream: str):
        super().__init__(upstream)
        self.hold_path: str | None = None
        self.held = threading.Event()
        self.release = threading.Event()
        # A held request whose client was killed answers into a closed socket: not news.
        self.server.handle_error = lambda *a: None

    def arm(self, path: str) -> None:
        self.held.clear()
        self.release.clear()
        self.hold_path = path

    def disarm(self) -> None:
        self.hold_path = None
        self.release.set()

    def _forward(self, h) -> None:
        if self.hold_path and h.path.startswith(self.hold_path) and not self.release.is_set():
            self.held.set()
            self.release.wait(60)
        try:
            super()._forward(h)
        except OSError:           # its client is gone (killed): nothing to answer
            pass


@pytest.fixture(scope="module")
def rig():
    data_dir = tempfile.mkdtemp(prefix="nemo-backend-killmatrix-")
    backend = BackendHandle(Path(data_dir), {**DEFAULT_FLAGS, "render_preset": "ultrafast"})
    proxy = HoldingProxy(backend.url)
    yield backend, proxy
    proxy.disarm()
    proxy.close()
    backend.stop()
    import shutil

    shutil.rmtree(data_dir, ignore_errors=True)


class Command:
    """A running `video-skill … --json`: its lines are collected as they arrive."""

    def __init__(self, env: dict, argv: list[str], err: Path):
        self.err = open(err, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "skill", *argv, "--json"], env=env, cwd=REPO,
                                     stdout=subprocess.PIPE, stderr=self.err, text=True)
        self.lines: list[dict] = []
        self._q: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self.lines.append(json.loads(line))
            except ValueError:
                self.lines.append({"type": "raw", "text": line})

    def saw(self, pred) -> bool:
        return any(pred(o) for o in list(self.lines))

    def result(self, timeout: float = 90) -> dict:
        self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        self.err.close()
        results = [o for o in self.lines if o.get("type") == "result"]
        assert results, f"no result line; stderr: {Path(self.err.name).read_text()[-2000:]}"
        assert self.lines[-1] is results[-1]            # the result is the last line
        assert results[-1]["exit_code"] == self.proc.returncode
        return results[-1]

    def kill(self, sig: int) -> None:
        self.proc.send_signal(sig)
        self.proc.wait(timeout=15)
        self._reader.join(timeout=10)
        self.err.close()


def worker_alive(rec) -> bool:
    """The turn's worker process runs: the skill's own test (pid, and that it is still that process)."""
    return bool(rec.pid) and is_alive(rec, Timings())


def poll(what: str, check, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.02)
    raise AssertionError(f"never reached: {what}")


class Case:
    def __init__(self, backend: BackendHandle, proxy: HoldingProxy, root: Path):
        self.backend, self.proxy = backend, proxy
        self.cfg, self.out = root / "cfg", root / "out"
        self.logs = root
        self.env = {k: v for k, v in os.environ.items() if k != "NEMO_TOKEN"}
        self.env.update({"NEMO_API_URL": proxy.url, "NEMO_CONFIG_DIR": str(self.cfg),
                         "VIDEO_SKILL_TIME_SCALE": "0.01", "VIDEO_SKILL_EXPORT_DIR": str(self.out),
                         "PYTHONPATH": str(REPO), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
        stats = backend.stats()
        self.messages0 = sum((stats.get("messages_received") or {}).values())
        self.renders0 = stats.get("renders_submitted", 0)
        self.n = 0

    def start(self, *argv: str) -> Command:
        self.n += 1
        return Command(self.env, list(argv), self.logs / f"stderr-{self.n}.txt")

    def run(self, *argv: str) -> dict:
        return self.start(*argv).result()

    # -- what the store says -----------------------------------------------------------
    def turn(self):
        if not (self.cfg / "video-skill.db").exists():
            return None
        with Store.open(config.from_env(self.env)) as store:
            return TurnBook(store).latest(self.proxy.url)

    def deferred(self) -> bool:
        if not (self.cfg / "video-skill.db").exists():
            return False
        with Store.open(config.from_env(self.env)) as store:
            return store.get(f"deferred:{self.proxy.url}") is not None

    def texts_recorded(self, rec) -> bool:
        with Store.open(config.from_env(self.env)) as store:
            return any(kind == "text" for _s, kind, _p in TurnBook(store).events_after(rec.id, 0))

    # -- what the user and the backend end up with -------------------------------------------
    def messages(self) -> int:
        return sum((self.backend.stats().get("messages_received") or {}).values()) - self.messages0

    def renders(self) -> int:
        return self.backend.stats().get("renders_submitted", 0) - self.renders0

    def videos(self) -> list[Path]:
        return sorted(self.out.glob("*.mp4")) if self.out.exists() else []

    def parts(self) -> list[Path]:
        return sorted(self.out.glob(".*.part")) if self.out.exists() else []

    def integrity(self) -> str:
        conn = sqlite3.connect(self.cfg / "video-skill.db")
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()

    def settle_background(self) -> None:
        """No worker of this case may outlive it (a failed assertion must not leave one running)."""
        rec = self.turn()
        if rec is not None and worker_alive(rec):
            poll("the worker to finish", lambda: not worker_alive(rec), 30)


def _video_delivered(result: dict) -> Path:
    videos = [f for f in result["files"] if f["kind"] == "video"]
    assert len(videos) == 1, result
    path = Path(videos[0]["path"])
    assert path.exists() and is_complete(path) and path.stat().st_size == videos[0]["size"]
    return path


NO_WORKER = pytest.mark.skip(reason="no worker then: the turn has ended, the render and the download "
                                     "run in the command")
def _marks(step: str, target: str) -> list:
    if target == "worker" and step in ("render_poll", "mid_download"):
        return [NO_WORKER]
    return []


CASES = [pytest.param(step, target, sig, id=f"{step}-{target}-{sig.name}", marks=_marks(step, target))
         for step in STEPS for target in TARGETS for sig in SIGNALS]


@pytest.mark.timeout(150)
@pytest.mark.parametrize("step,target,sig", CASES)
def test_kill_matrix(rig, tmp_path, step, target, sig):
    backend, proxy = rig
    backend.clear_faults()
    backend.fault("url_unreachable")        # this case's render: its file comes through the proxy
    case = Case(backend, proxy, tmp_path)
    try:
        if step == "before_send":
            proxy.arm("/api/state/")        # the worker's first look at the project, before it sends
        if step == "mid_download":
            proxy.download_fault = "slow"
        say = case.start("say", ASK, "--wait", "60")
        outcome = {"before_send": _before_send, "mid_stream": _mid_stream,
                   "render_poll": _render_poll, "mid_download": _mid_download}[step]
        outcome(case, say, target, sig)
        # -- what holds whatever was killed, and when --------------------------------------
        for video in case.videos():
            assert is_complete(video), f"an incomplete file under a final name: {video}"
        assert not case.parts()
        assert case.renders() <= 1
        assert case.integrity() == "ok"
    finally:
        proxy.disarm()
        proxy.download_fault = None
        case.settle_background()
        backend.clear_faults()


def _before_send(case: Case, say: Command, target: str, sig: int) -> None:
    proxy = case.proxy
    poll("the worker holding at its first request", proxy.held.is_set, 30)
    rec = poll("the turn claimed, not sent",
               lambda: (r := case.turn()) and r.status == "running" and r.pid and r, 30)
    assert not rec.sent
    if target == "command":
        poll("the rest of the plan stored", case.deferred, 10)
        say.kill(sig)
        assert worker_alive(rec)            # the turn is not the command's: its worker goes on
        proxy.disarm()
        done = case.run("status", "--wait", "60")
        assert done["status"] == "done", done
        assert done["data"]["turn"]["status"] in ("done", "recovered")
        _video_delivered(done)
        assert case.messages() == 1 and case.renders() == 1
        return
    os.kill(rec.pid, sig)
    poll("the worker gone", lambda: not worker_alive(rec), 10)
    proxy.disarm()
    told = say.result()                     # the command was following: it tells the user now
    results = (told, case.run("status"))
    assert case.turn().status == "failed"
    assert case.messages() == 0 and case.renders() == 0 and not case.videos()
    for result in results:
        assert result["status"] == "failed", result
        assert result["exit_code"] != 0 and result["error"]["message"]
        assert not result["files"]
    for result in results:
        assert result["error"]["retry"] is True, result["error"]   # nothing was sent: safe to send again


def _mid_stream(case: Case, say: Command, target: str, sig: int) -> None:
    rec = poll("agent text recorded mid-turn",
               lambda: (r := case.turn()) and r.sent and r.status == "running" and r.pid
               and case.texts_recorded(r) and r, 60)
    if target == "command":
        say.kill(sig)
        done = case.run("status", "--wait", "60")
    else:
        os.kill(rec.pid, sig)
        done = say.result()                 # the command it served recovers the turn and goes on
        again = case.run("status")
        assert again["status"] == "done" and not again["files"]   # asking again exports nothing more
    assert done["status"] == "done", done
    assert done["data"]["turn"]["status"] in ("done", "recovered")
    _video_delivered(done)
    assert case.messages() == 1 and case.renders() == 1
    assert case.turn().status in ("done", "recovered")


def _render_poll(case: Case, say: Command, target: str, sig: int) -> None:
    poll("the command polling its render",
         lambda: say.saw(lambda o: o.get("type") == "progress" and o.get("kind") == "render"), 90)
    assert case.renders() == 1
    say.kill(sig)
    done = case.run("export")
    assert done["status"] == "done", done
    _video_delivered(done)
    assert done["data"]["render_id"]
    assert case.messages() == 1 and case.renders() == 1      # the same render, picked up


def _mid_download(case: Case, say: Command, target: str, sig: int) -> None:
    poll("the download under way", case.parts, 90)
    say.kill(sig)
    case.proxy.download_fault = None
    assert not case.videos()                # never half a video under a final name
    done = case.run("export")
    assert done["status"] == "done", done
    _video_delivered(done)
    assert case.messages() == 1 and case.renders() == 1


@pytest.mark.timeout(150)
def test_status_finishes_the_export_a_killed_say_had_started(rig, tmp_path):
    backend, proxy = rig
    backend.clear_faults()
    case = Case(backend, proxy, tmp_path)
    try:
        say = case.start("say", ASK, "--wait", "60")
        poll("the command polling its render",
             lambda: say.saw(lambda o: o.get("type") == "progress" and o.get("kind") == "render"), 90)
        say.kill(signal.SIGKILL)
        done = case.run("status", "--wait", "60")
        assert case.messages() == 1 and case.renders() == 1
        assert done["status"] == "done", done
        _video_delivered(done)                  # the export the user asked for, finished
    finally:
        case.settle_background()
        backend.clear_faults()

"""Start the local backend as a subprocess.

`start(data_dir)` is for tests and tools that own the server's lifetime.
`ensure_running(data_dir)` serves `NEMO_API_URL=local`: it reuses a live server
recorded in `<data_dir>/server.json` (pid + url, verified with /healthz) or
starts a DETACHED one (own session, output to `<data_dir>/server.log`,
`--idle-exit 900`), because chat turns outlive the command that started them.
Two commands calling it at once are serialized by an flock on
`<data_dir>/server.lock`, so only one server is started.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from skill.core.config import ensure_private_dir
from skill.core.files import atomic_write
from skill.core.procs import pid_alive

_PKG_PARENT = str(Path(__file__).resolve().parents[2])   # makes `skill` importable in the child
IDLE_EXIT = 900


class LaunchError(RuntimeError):
    pass


def _child_env(env: dict | None) -> dict:
    e = dict(os.environ if env is None else env)
    e["PYTHONPATH"] = os.pathsep.join(p for p in (_PKG_PARENT, e.get("PYTHONPATH", "")) if p)
    e.setdefault("PYTHONUNBUFFERED", "1")
    return e


def healthy(url: str, timeout: float = 1.0) -> bool:
    """Is our local backend answering at `url`? (stdlib http.client: every `--local`
    command asks this first, and it should not pay for httpx and a TLS context.)"""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        return False
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        conn.request("GET", "/healthz")
        r = conn.getresponse()
        return r.status == 200 and json.loads(r.read()).get("service") == "nemovideo-local"
    except (OSError, ValueError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def default_data_dir() -> Path:
    base = os.environ.get("NEMO_CONFIG_DIR") or str(Path.home() / ".config" / "nemovideo")
    return Path(base).expanduser() / "local-backend"


def _wait_ready(proc: subprocess.Popen, ready: Path, timeout: float, log_hint: str) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready.exists():
            url = ready.read_text(encoding="utf-8").strip()
            if url:
                return url
        if proc.poll() is not None:
            raise LaunchError(f"local backend exited with {proc.returncode}{log_hint}")
        time.sleep(0.03)
    proc.kill()
    raise LaunchError(f"local backend not ready after {timeout:.0f}s{log_hint}")


@dataclass
class LocalServer:
    url: str
    data_dir: Path
    proc: subprocess.Popen
    args: list = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)   # uvicorn's graceful shutdown
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def start(data_dir, *, extra_args=(), env: dict | None = None, timeout: float = 20.0,
          log_file: Path | None = None, detached: bool = False) -> LocalServer:
    """Spawn `python -m skill.backend --port 0 --ready-file ...` and wait until it listens."""
    from skill.backend import require_extras

    require_extras()   # a clear answer here, not a server that dies at start
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    ready = data_dir / f".ready-{uuid.uuid4().hex[:8]}"
    args = [sys.executable, "-m", "skill.backend", "--host", "127.0.0.1", "--port", "0",
            "--data-dir", str(data_dir), "--ready-file", str(ready), *map(str, extra_args)]
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(args, env=_child_env(env), stdin=subprocess.DEVNULL, stdout=out,
                                stderr=out if log_file else None, start_new_session=detached,
                                close_fds=True)
    finally:
        if log_file:
            out.close()
    try:
        url = _wait_ready(proc, ready, timeout, f" (see {log_file})" if log_file else "")
    finally:
        ready.unlink(missing_ok=True)
    return LocalServer(url=url, data_dir=data_dir, proc=proc, args=args)


def _recorded(data_dir: Path) -> str | None:
    try:
        rec = json.loads((data_dir / "server.json").read_text(encoding="utf-8"))
        pid, url = int(rec["pid"]), str(rec["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if pid_alive(pid) and healthy(url):
        return url
    return None


def ensure_running(data_dir=None, *, extra_args=(), env: dict | None = None) -> str:
    """The URL of this data dir's server, starting a detached one if none is live.

    `data_dir` defaults to `$NEMO_CONFIG_DIR/local-backend`. A new server gets
    `--time-scale` from env NEMO_LOCAL_TIME_SCALE, else VIDEO_SKILL_TIME_SCALE
    (so backend delays match the client's scaled waits), unless extra_args has
    one. A live server is reused as it is, whatever its flags.
    """
    import fcntl

    source_env = os.environ if env is None else env
    scale = (source_env.get("NEMO_LOCAL_TIME_SCALE") or source_env.get("VIDEO_SKILL_TIME_SCALE") or "").strip()
    if scale and "--time-scale" not in map(str, extra_args):
        extra_args = ("--time-scale", scale, *extra_args)
    data_dir = Path(data_dir or default_data_dir()).expanduser().resolve()
    ensure_private_dir(data_dir)   # and the settings folder above it, when this is the first to make it
    url = _recorded(data_dir)
    if url:
        return url
    with open(data_dir / "server.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # a second caller waits here, then reuses ours
        try:
            url = _recorded(data_dir)
            if url:
                return url
            server = start(data_dir, extra_args=("--idle-exit", str(IDLE_EXIT), *extra_args),
                           env=env, log_file=data_dir / "server.log", detached=True)
            atomic_write(data_dir / "server.json", json.dumps({"pid": server.pid, "url": server.url}))
            return server.url
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def running_url(data_dir=None) -> str | None:
    """The URL of the live server recorded for this data dir, if any."""
    return _recorded(Path(data_dir or default_data_dir()).expanduser().resolve())


def stop_running(data_dir=None, timeout: float = 10.0) -> bool:
    """Stop the server recorded in <data_dir>/server.json. True if one was stopped.

    The pid is signalled only after /healthz proved it is our server (a stale
    server.json must not make us signal a stranger that reused the pid).
    """
    data_dir = Path(data_dir or default_data_dir()).expanduser().resolve()
    rec_path = data_dir / "server.json"
    try:
        rec = json.loads(rec_path.read_text(encoding="utf-8"))
        pid, url = int(rec["pid"]), str(rec["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not (pid_alive(pid) and healthy(url)):
        rec_path.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGINT)   # graceful: uvicorn finishes open responses
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:   # our own child: reap it
                break
        except ChildProcessError:
            pass
        if not pid_alive(pid):
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
    rec_path.unlink(missing_ok=True)
    return True

"""Start a turn's detached worker, which outlives the command that starts it.

Forked from the command when it can be (one thread, POSIX): the worker then
starts with everything already imported instead of a new interpreter's
~200 ms. Otherwise (threads, as in the MCP server; or VIDEO_SKILL_WORKER=exec)
`python -m skill.turns.worker`.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from skill.core import config
from skill.core.config import Settings
from skill.core.store import Store


def spawn_worker(settings: Settings, turn_id: str, *, recover: bool = False) -> int:
    """Start the detached worker; it outlives this command (own session, no tty). Returns its pid.

    Forked from this process when it can be (one thread, POSIX): the worker then
    starts with everything already imported instead of a new interpreter's
    ~200 ms. Otherwise (threads, as in the MCP server; or VIDEO_SKILL_WORKER=exec)
    `python -m skill.turns.worker`.
    """
    if _can_fork() and os.environ.get("VIDEO_SKILL_WORKER") != "exec":
        return _fork_worker(settings, turn_id, recover)
    return _exec_worker(settings, turn_id, recover)


def _can_fork() -> bool:
    threading = sys.modules.get("threading")
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def _fork_worker(settings: Settings, turn_id: str, recover: bool) -> int:
    """Double fork: the worker is re-parented at once, so no command is left with a zombie.

    No SQLite connection may be open across the fork: the stores are closed for it
    (Store.closed_for_fork) and the worker opens its own.
    """
    read_end, write_end = os.pipe()
    with Store.closed_for_fork():
        child = os.fork()
        if child == 0:
            _in_child(settings, turn_id, recover, read_end, write_end)   # never returns
    os.close(write_end)
    try:
        data = b""
        while chunk := os.read(read_end, 32):
            data += chunk
    finally:
        os.close(read_end)
        os.waitpid(child, 0)
    if not data:
        raise OSError("the worker did not start")
    return int(data)


def _in_child(settings: Settings, turn_id: str, recover: bool, read_end: int, write_end: int) -> None:
    code = 1
    try:
        os.close(read_end)
        os.setsid()                       # its own session: a killed command's group spares it
        worker = os.fork()
        if worker:
            os.write(write_end, str(worker).encode())
            code = 0
        else:
            os.close(write_end)
            _detach_stdio(settings)
            # Imported here, in the worker, not before the fork: httpx (~60 ms) then loads
            # while the command goes on to follow the turn, on the other core.
            from skill.turns.worker import run_turn

            code = run_turn(settings, turn_id, recover=recover)
    except BaseException:   # the child must never return into the command's own code
        import traceback

        traceback.print_exc()  # to worker.log once detached
        code = 1
    finally:
        os._exit(code)


def _detach_stdio(settings: Settings) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    log = os.open(settings.config_dir / "worker.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.dup2(log, 2)
    os.close(null)
    os.close(log)
    os.chdir(settings.config_dir)


def _exec_worker(settings: Settings, turn_id: str, recover: bool) -> int:
    import subprocess

    import skill

    env = dict(os.environ)
    env["NEMO_CONFIG_DIR"] = str(settings.config_dir)
    env["NEMO_API_URL"] = settings.api_url
    if settings.local_url:
        env[config.LOCAL_URL_ENV] = settings.local_url
    package_root = str(Path(skill.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    argv = [sys.executable, "-m", "skill.turns.worker", turn_id] + (["--recover"] if recover else [])
    log_path = settings.config_dir / "worker.log"
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=fd,
                                env=env, cwd=str(settings.config_dir), start_new_session=True,
                                close_fds=True)
    finally:
        os.close(fd)
    return proc.pid


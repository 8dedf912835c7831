"""Is a process we started still alive? (The worker, the local backend.)"""
from __future__ import annotations

import os
from pathlib import Path


def start_time(pid: int | None) -> int | None:
    """When `pid` started (clock ticks since boot, /proc), to tell it from a later process
    that reused the pid; None where /proc does not say."""
    if not pid:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
        return int(stat.rsplit(b")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def same_process(pid: int | None, started: int | None) -> bool:
    """`pid` is alive and is the process that had start time `started` (when both are known)."""
    if not pid_alive(pid):
        return False
    now = start_time(pid) if started is not None else None
    return now is None or now == started


def pid_alive(pid: int | None, *, cmdline_marker: bytes | None = None) -> bool:
    """True if `pid` runs (not a zombie) and, when given, its command line holds the marker.

    The marker guards against pid reuse on Linux, where /proc tells; elsewhere
    only existence is checked.
    """
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path(f"/proc/{pid}")
    if not proc.exists():
        return True
    try:  # a zombie (exited, not yet reaped by its parent) is not alive
        if (proc / "stat").read_bytes().rsplit(b")", 1)[1].split()[0] == b"Z":
            return False
        if cmdline_marker is not None and cmdline_marker not in (proc / "cmdline").read_bytes():
            return False
    except (OSError, IndexError):
        return cmdline_marker is None
    return True

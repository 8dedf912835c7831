"""Writing files so that a reader never sees half of one (a kill mid-write leaves the old file)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path


def atomic_write(path: Path | str, data: str | bytes, *, mode: int = 0o644, make_parents: bool = False) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    The file gets exactly `mode`, whatever the umask (a private file stays 0600, an
    installed launcher is 0755)."""
    path = Path(path)
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path

"""What must outlive the store: small private JSON files in the settings folder.

The store (`video-skill.db`) can be lost: deleted, or damaged and set aside (skill.core.store);
the skill then makes a fresh one by itself. Two things must not go with it:

- the anonymous token: the service gives one per client id per 7 days, and the client id is
  shared by every NemoVideo skill on the machine (PROTOCOL.md), so a lost token is a week locked
  out. It lives in `video-skill-token.json`, its own 0600 file beside `client_id`;
- the current project: a lost session starts a new, empty project. `video-skill-session.json`
  keeps a copy of the store's (ids only, no secret).

Each file maps a scope (the configured API) to its record. Written whole and atomically
(skill.core.files.atomic_write, mode 0600), so a reader never sees half of one; writers
serialize themselves (the token under its lock file, the session inside a store write
transaction). A file that can't be written is the settings folder's problem and says so.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TOKEN_FILE = "video-skill-token.json"
SESSION_FILE = "video-skill-session.json"


def read(path: Path) -> dict:
    """The file's records ({} when missing or unreadable: a damaged copy is no copy)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def get(path: Path, key: str) -> Any:
    return read(path).get(key)


def put(path: Path, key: str, value: Any) -> None:
    """Set (or, with None, remove) one record; the file is replaced whole, private."""
    path = Path(path)
    data = read(path)
    if value is None:
        if key not in data:
            return
        del data[key]
    elif data.get(key) == value:
        return
    else:
        data[key] = value
    from skill.core.config import config_dir_error
    from skill.core.files import atomic_write

    try:
        atomic_write(path, json.dumps(data, indent=1) + "\n", mode=0o600)
    except OSError as exc:
        raise config_dir_error(path.parent, exc) from None

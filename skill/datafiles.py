"""The skill's YAML data (messages, GUI rules, phrasing, the manifest), read through a JSON cache.

Importing PyYAML costs every command ~40 ms (its pure-Python reader compiles
regexes at import), while the files change only with a new version. The
first read of a file parses the YAML (libyaml when present) and keeps the
result as JSON in `$XDG_CACHE_HOME/video-skill/data/`, keyed on the file's
path, size and mtime; later commands load the JSON. A stale, unreadable or
unwritable cache just means parsing the YAML again.
"""
from __future__ import annotations

import json
import os
from typing import Any

_FORMAT = 1


def load(path: str | os.PathLike) -> Any:
    path = os.fspath(path)
    st = os.stat(path)
    key = [_FORMAT, path, st.st_size, st.st_mtime_ns]
    cache = _cache_file(path)
    if cache is not None:
        try:
            with open(cache, encoding="utf-8") as fh:
                stored = json.load(fh)
            if stored.get("key") == key:
                return stored["data"]
        except (OSError, ValueError, AttributeError):
            pass
    data = _parse(path)
    if cache is not None:
        try:
            from skill.files import atomic_write

            os.makedirs(os.path.dirname(cache), exist_ok=True)
            atomic_write(cache, json.dumps({"key": key, "data": data}, ensure_ascii=False))
        except (OSError, TypeError, ValueError):
            pass   # a read-only cache dir, or data JSON can't hold: parse again next time
    return data


def _parse(path: str) -> Any:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _cache_file(path: str) -> str | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not base or base == "~":
        return None
    tag = 0x811C9DC5   # FNV-1a of the path: one cache file per data file per install
    for byte in path.encode("utf-8", "surrogateescape"):
        tag = ((tag ^ byte) * 0x01000193) & 0xFFFFFFFF
    name = os.path.basename(path).replace(".", "-")
    return os.path.join(base, "video-skill", "data", f"{name}-{tag:08x}.json")

"""The skill's YAML data (messages, GUI rules, phrasing, the router's rules, the manifest),
read through a JSON cache; and the cache folder itself (`cache_dir`).

Importing PyYAML costs every command ~40 ms (its pure-Python reader compiles
regexes at import), while the files change only with a new version. The
first read of a file parses the YAML (libyaml when present) and keeps the
result as JSON in `$XDG_CACHE_HOME/video-skill/data/`, keyed on the file's
path, size and mtime (and the caller's `version` of a `derive` step: the
router keeps its derived scanner specs, not the YAML); later commands load
the JSON. A stale, unreadable or unwritable cache just means parsing the
YAML again.
"""
from __future__ import annotations

import json
import os

TYPE_CHECKING = False                  # not `from typing`: importing typing costs the route path 2 ms
if TYPE_CHECKING:
    from typing import Any, Callable

_FORMAT = 1


def load(path: str | os.PathLike, derive: Callable[[Any], Any] | None = None, version: int = 0) -> Any:
    """The file's data, or `derive(data)` when given (cached instead of the data)."""
    path = os.fspath(path)
    st = os.stat(path)
    key = [_FORMAT, version, path, st.st_size, st.st_mtime_ns]
    cache = _cache_file(path, "derived" if derive else "data")
    if cache is not None:
        try:
            with open(cache, encoding="utf-8") as fh:
                stored = json.load(fh)
            if stored.get("key") == key:
                return stored["data"]
        except (OSError, ValueError, AttributeError):
            pass
    data = _parse(path)
    if derive is not None:
        data = derive(data)
    if cache is not None:
        try:
            from skill.core.files import atomic_write

            os.makedirs(os.path.dirname(cache), exist_ok=True)
            atomic_write(cache, json.dumps({"key": key, "data": data}, ensure_ascii=False))
        except (OSError, TypeError, ValueError):
            pass   # a read-only cache dir, or data JSON can't hold: parse again next time
    return data


def data_root() -> str:
    """The folder holding skill.yaml and intents/: the checkout (or an editable install), else the
    wheel's skill/_data. Without pathlib, which costs the route path ~4 ms."""
    pkg = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))   # skill/ (this is skill/core/datafiles.py)
    root = os.path.dirname(pkg)
    return root if os.path.isfile(os.path.join(root, "skill.yaml")) else os.path.join(pkg, "_data")


def intents_file(name: str) -> str:
    """intents/<name> as shipped."""
    return os.path.join(data_root(), "intents", name)


_INTENTS: dict[str, Any] = {}


def intents_data(name: str) -> Any:
    """The data of intents/<name>, read once per process."""
    if name not in _INTENTS:
        _INTENTS[name] = load(intents_file(name)) or {}
    return _INTENTS[name]


def _parse(path: str) -> Any:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_strict_loader(yaml))


def _strict_loader(yaml: Any) -> Any:
    """The safe loader (libyaml's when present), refusing a key written twice in one mapping: YAML
    keeps the last one, so a second `zh:` under an intent would drop the first list's phrases
    without a word."""
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep)

    return StrictLoader


def cache_dir(*parts: str) -> str | None:
    """A folder under the skill's cache ($XDG_CACHE_HOME/video-skill, else ~/.cache/video-skill);
    None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not base or base.startswith("~"):
        return None
    return os.path.join(base, "video-skill", *parts)


def _cache_file(path: str, kind: str) -> str | None:
    folder = cache_dir(kind)
    if folder is None:
        return None
    tag = 0x811C9DC5   # FNV-1a of the path (zlib costs an import): one cache file per data file per install
    for byte in path.encode("utf-8", "surrogateescape"):
        tag = ((tag ^ byte) * 0x01000193) & 0xFFFFFFFF
    name = os.path.basename(path).replace(".", "-")
    return os.path.join(folder, f"{name}-{tag:08x}.json")

"""File paths typed in a message: "upload ~/clip.mp4 and trim it to 5s".

`find(text, cwd)` returns the files that exist (to upload as if attached),
the media-file names that do not (to refuse by name, before anything is
sent), and the text with each found path replaced by its file name (what the
router and the backend agent see: a local path means nothing to them).
Patterns are data (intents/conversation.yaml); URLs are left to the router.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_URL = re.compile(r"\b[a-z][a-z0-9+.\-]*://\S+", re.I)
_ASCII_TAIL = re.compile(r"(?:\.{1,2}/|[A-Za-z0-9_~/\-])[A-Za-z0-9_.\- /]*[^./ ]\.[A-Za-z0-9]+$")


@dataclass
class TypedPaths:
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    text: str = ""


@lru_cache(maxsize=2)
def _patterns(any_file: bool = False) -> tuple[re.Pattern, ...]:
    from skill.core import formats, resources

    data = resources.conversation()
    ext = "[a-z0-9]{1,8}" if any_file else "|".join(sorted(formats.EXTENSIONS, key=len, reverse=True))
    rules = data.get("typed_paths") or {}
    return tuple(re.compile(rules[name].replace("{ext}", ext), re.I)
                 for name in ("quoted", "rooted", "relative", "bare") if rules.get(name))


def find(text: str, cwd: Path | None = None) -> TypedPaths:
    cwd = cwd or Path.cwd()
    out = TypedPaths(text=text)
    masked = _URL.sub(lambda m: " " * len(m.group()), text)     # media URLs are the router's
    taken: list[tuple[int, int, Path | None]] = []
    for pattern in _patterns():
        for m in pattern.finditer(masked):
            start, end = m.span(1)
            if any(a < end and start < b for a, b, _ in taken):
                continue
            raw = text[start:end].strip()
            path = _resolve(raw, cwd)
            if path is None and not raw.isascii():
                # 用outro.mp4做片尾: Chinese touches the name; the name is what follows it
                tail = _ASCII_TAIL.search(raw)
                if tail is not None and tail.start() > 0:
                    start, raw = start + tail.start(), tail.group()
                    path = _resolve(raw, cwd)
            taken.append((start, end, path))
            if path is not None:
                if str(path) not in out.found:
                    out.found.append(str(path))
            elif raw not in out.missing:
                out.missing.append(raw)
    for start, end, path in sorted(taken, key=lambda t: t[0], reverse=True):
        if path is not None:
            out.text = out.text[:start] + path.name + out.text[end:]
    return out


def _resolve(raw: str, cwd: Path) -> Path | None:
    candidate = Path(raw).expanduser()
    if not candidate.is_absolute():
        candidate = cwd / candidate
    try:   # anything there (a folder or a pipe too): the attachment check says what it is
        return candidate if os.path.lexists(candidate) else None
    except (OSError, ValueError):
        return None


def other_files(text: str, cwd: Path | None = None) -> list[str]:
    """Files typed in the message that are there but are not media ("upload ~/notes.txt"): an upload
    asked with one of them is refused as an unsupported type, not as "nothing to upload"."""
    cwd = cwd or Path.cwd()
    masked = _URL.sub(lambda m: " " * len(m.group()), text)
    found: list[str] = []
    for pattern in _patterns(any_file=True):
        for m in pattern.finditer(masked):
            path = _resolve(text[m.start(1):m.end(1)].strip(), cwd)
            if path is not None and str(path) not in found:
                found.append(str(path))
    return found


@lru_cache(maxsize=1)
def _asks_about_uploading() -> re.Pattern:
    from skill.core import resources

    return re.compile(str(resources.conversation().get("asks_about_uploading") or r"(?!x)x"))


def asked_about(text: str) -> bool:
    """Is the message a question about uploading the files it names ("should I upload ~/beach.mp4 or is
    it too short?")? Then they are what it asks about, not files to upload."""
    from skill.text import questions

    return questions.asks(text) and _asks_about_uploading().search(text.lower()) is not None

"""Where an export is asked to go, typed in the message: "export it to ~/Videos/teaser.mp4", "put the file in
/tmp/out", 导出到 ~/抖音 文件夹里.

`find(text)` is (the destination, the text without it), or (None, text). The destination is what `--output`
takes: a folder (there, or to be made) or a new .mp4 name. Read before typed paths (skill.text.typed_paths),
which would otherwise take a new file name for an upload that cannot be found, or leave a folder's path in
the words sent to the agent. Patterns are data: intents/conversation.yaml `destinations`.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    from skill.core import resources

    spec = resources.conversation()["destinations"]
    return (re.compile(spec["cue"], re.I), re.compile(spec["path"]), re.compile(spec["tail"], re.I),
            re.compile(spec["export"], re.I))


def find(text: str) -> tuple[str | None, str]:
    cue, path, tail, export = _rules()
    if export.search(text) is None:
        return None, text
    for m in path.finditer(text):
        raw = m.group(1) or m.group(2)
        before = cue.search(text[:m.start()])
        if before is None or not _a_destination(raw):
            continue
        end = tail.match(text, m.end()).end()
        start = before.start()
        rest = (text[:start].rstrip() + (" " if text[end:].strip() else "") + text[end:].lstrip()).strip()
        return raw, rest
    return None, text


def _a_destination(raw: str) -> bool:
    """A folder, or a new .mp4 name; not a file that is there (that one is uploaded, or refused)."""
    try:
        p = Path(raw).expanduser()
        if p.is_dir():
            return True
        if os.path.lexists(p):
            return False
    except (OSError, ValueError):
        return False
    return p.suffix.lower() in ("", ".mp4")

"""JSON from the network, with its nesting bounded.

`json.loads` of an answer nested thousands of levels deep raises RecursionError (not a
ValueError), and one nested a few hundred levels parses, then breaks whatever walks it
later (a comparison, json.dumps into the store). The service's answers are a few levels
deep (a draft is about 8), so anything deeper than MAX_DEPTH is refused before parsing:
`loads` raises TooDeep, a ValueError like any other unreadable answer.

The check runs over the raw bytes at C speed (a skeleton of the brackets outside strings,
then a running sum): about 8 ms for a 2 MB answer of 30,000 segments, and nothing for an
answer with fewer brackets than the limit.
"""
from __future__ import annotations

import json
from itertools import accumulate
from typing import Any

MAX_DEPTH = 100

_KEEP = b'[]{}"'
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")   # +1 / -1 as signed bytes


class TooDeep(ValueError):
    def __init__(self, limit: int):
        super().__init__(f"nested more than {limit} levels deep")
        self.limit = limit


def depth_exceeds(data: bytes | str, limit: int = MAX_DEPTH) -> bool:
    """Is `data` (JSON text) nested deeper than `limit`? Brackets inside strings don't count."""
    if isinstance(data, str):
        if data.count("[") + data.count("{") <= limit:     # every SSE event: no encoding for it
            return False
        raw = data.encode("utf-8", "surrogatepass")
    else:
        raw = bytes(data)
        if raw.count(b"[") + raw.count(b"{") <= limit:
            return False
    if b"\\" in raw:                       # escapes first: an escaped quote does not end a string
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = raw.translate(None, _DROP)
    if b'"' in skeleton:
        # Two quotes with no bracket between them are either an empty string or the gap between
        # two strings: dropping them keeps every bracket where it was, outside strings or in.
        skeleton = skeleton.replace(b'""', b"")
        if b'"' in skeleton:
            skeleton = b"".join(skeleton.split(b'"')[::2])
    if not skeleton:
        return False
    steps = memoryview(skeleton.translate(_STEPS)).cast("b")
    return max(accumulate(steps)) > limit


def loads(data: bytes | str, limit: int = MAX_DEPTH) -> Any:
    """json.loads, refusing (TooDeep) what is nested deeper than `limit`."""
    if depth_exceeds(data, limit):
        raise TooDeep(limit)
    try:
        return json.loads(data)
    except RecursionError:
        raise TooDeep(limit) from None

"""Is this file a whole MP4? A structural check of its ISO-BMFF boxes, no ffmpeg needed.

A complete MP4 is a chain of top-level boxes that ends exactly at the end of
the file, starting with `ftyp` and holding `moov` (the index) and `mdat`
(the media). A truncated download breaks the chain; "ftyp + garbage" has no
`moov`; an HTML error page has no boxes at all.
"""
from __future__ import annotations

import struct
from pathlib import Path

_KNOWN = frozenset((b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"meta",
                    b"moof", b"mfra", b"sidx", b"styp", b"pdin", b"prft", b"emsg"))


def is_complete(path: Path | str) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            offset, seen = 0, []
            while offset < size:
                fh.seek(offset)
                header = fh.read(16)
                if len(header) < 8:
                    return False
                length, kind = struct.unpack(">I4s", header[:8])
                if length == 1:                      # 64-bit size follows
                    if len(header) < 16:
                        return False
                    length = struct.unpack(">Q", header[8:16])[0]
                elif length == 0:                    # to the end of the file
                    length = size - offset
                if length < 8 or kind not in _KNOWN or offset + length > size:
                    return False
                seen.append(kind)
                offset += length
    except OSError:
        return False
    return bool(seen) and seen[0] == b"ftyp" and b"moov" in seen and (b"mdat" in seen or b"moof" in seen)


def looks_like_html(path: Path | str) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(512).lstrip().lower()
    except OSError:
        return False
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body"))

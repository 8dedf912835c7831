"""Backend text is data: strip terminal control sequences before printing it.

Removed: CSI (colours, cursor moves, clear-screen), OSC (window titles, OSC 8
links), DCS/SOS/PM/APC strings and other escapes, in their 7-bit (ESC ...) and
8-bit (C1) forms; C0 controls except tab and newline; bidi overrides, embeddings
and isolates (U+202A-202E, U+2066-2069, U+061C) and zero-width or invisible
characters (U+200B-200F, U+2060-2064, U+FEFF, U+180E), and the invisible tag
characters (U+E0000-E007F), which can spell out text a reader never sees but a
model reading our output does. U+2028/U+2029 become a
newline, CRLF a newline. Lone surrogates (JSON can carry them, and printing
them raises) become U+FFFD.

`clean` runs on every piece of text shown, so text with nothing suspicious in
it takes a single character-class scan and is returned as is.
"""
from __future__ import annotations

import re

_INVISIBLE = ("\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
              "\U000e0000-\U000e007f")

# Anything that needs work: one scan decides whether the slow path runs at all.
_SUSPECT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}\u2028\u2029\ud800-\udfff]")

_CONTROL = re.compile(
    f"(?=[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}])"                   # one charset test per position
    r"(?:\x1b\[[0-?]*[ -/]*[@-~]"                                     # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]"                                      # CSI, 8-bit
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"       # OSC to BEL or ST
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS SOS PM APC to ST
    r"|\x1b[ -/]*[0-~]?"                                           # other escapes (ESC c, ESC ( B ...)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"                              # C0 but tab/newline, DEL, C1
    f"|[{_INVISIBLE}]+)"                                           # bidi controls, zero-width
)
_SEPARATOR = re.compile("[\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    if not text:
        return ""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if _SUSPECT.search(text) is None:
        return text
    text = _CONTROL.sub("", text)
    if "\u2028" in text or "\u2029" in text:
        text = _SEPARATOR.sub("\n", text)
    return _SURROGATE.sub("\ufffd", text)


# Characters no file name of ours may hold (path separators and what Windows refuses).
_UNSAFE_IN_NAME = re.compile(r'[/\\:*?"<>|\x00-\x1f]+')
MAX_NAME_CHARS = 80
MAX_NAME_BYTES = 200


def clean_filename(text: str, default: str = "video", max_chars: int = MAX_NAME_CHARS) -> str:
    """A safe file stem from untrusted text (a title, a backend name).

    No path separators, no control/bidi/zero-width characters, no leading dots
    (hidden files, "..") or trailing dots/spaces, one line, bounded length
    (characters and UTF-8 bytes). Empty after cleaning: `default`.
    """
    text = clean(text if isinstance(text, str) else "")
    text = _UNSAFE_IN_NAME.sub("-", " ".join(text.split()))
    text = text.lstrip(". -").rstrip(". ")
    text = text[:max_chars]
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    text = text.rstrip(". ")
    return text or default

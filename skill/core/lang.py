"""The user's language: "zh" when the text has CJK letters, else "en".

The one language detector: the router (`Route.language`), the commands and
the GUI translation all ask `detect`. It decides on letters only: Chinese
ideographs (and kana and hangul, the other CJK scripts) make a text "zh";
punctuation does not, full-width or not ("make it louder！" is English).

On the per-message path, so import-light: no regex (a character class over
the CJK ranges costs `re` milliseconds to compile), only `bisect` over the
range bounds, for the characters of a non-ASCII text up to its first CJK letter.
"""
from __future__ import annotations

from bisect import bisect

# Letters of the CJK scripts, inclusive ranges, sorted. Not their punctuation
# and symbols: U+3000–3004, U+3008–303F, U+30FB (・), U+FF00–FF65.
_LETTER_RANGES = (
    (0x1100, 0x11FF),    # Hangul Jamo
    (0x3005, 0x3007),    # 々 〆 〇
    (0x3041, 0x3096),    # Hiragana
    (0x309D, 0x309F),
    (0x30A1, 0x30FA),    # Katakana
    (0x30FC, 0x30FF),
    (0x3105, 0x312F),    # Bopomofo
    (0x3131, 0x318E),    # Hangul compatibility Jamo
    (0x31A0, 0x31BF),    # Bopomofo extended
    (0x31F0, 0x31FF),    # Katakana phonetic extensions
    (0x3400, 0x4DBF),    # CJK ideographs, extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xAC00, 0xD7A3),    # Hangul syllables
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0xFF66, 0xFF9F),    # half-width Katakana
    (0xFFA1, 0xFFDC),    # half-width Hangul
    (0x20000, 0x3134F),  # CJK ideographs, supplementary planes
)
_BOUNDS = tuple(b for lo, hi in _LETTER_RANGES for b in (lo, hi + 1))  # inside a range <=> odd bisect
_FIRST = chr(_LETTER_RANGES[0][0])


def detect(text: str | None, default: str = "en") -> str:
    """ "zh" when `text` has a CJK letter, "en" when it has none, `default` when empty."""
    if not text:
        return default
    if text.isascii() or max(text) < _FIRST:
        return "en"
    # A Chinese message has a letter within its first characters, most in the main ideograph
    # block: look there first, then at each distinct character of the rest (long texts).
    for ch in text[:32]:
        if "\u4e00" <= ch <= "\u9fff":
            return "zh"
    for ch in set(text):
        if ch >= _FIRST and bisect(_BOUNDS, ord(ch)) & 1:
            return "zh"
    return "en"


def from_env(env=None) -> str:
    """The language of the user's environment when there is no text to go by: LC_ALL, else LANG."""
    import os

    env = os.environ if env is None else env
    value = env.get("LC_ALL") or env.get("LANG") or ""
    return "zh" if value.lower().startswith("zh") else "en"

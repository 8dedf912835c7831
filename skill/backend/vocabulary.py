"""The local agent's words (agent_vocabulary.yaml), compiled once, and the
number reading every parser shares.

`normalize(text)` makes a message easy to match: NFKC (full-width digits and
punctuation become ASCII), lower case, and every duration or share spelled as
digits: "two seconds" / "两秒" / "2 secs" -> "2s", "half a minute" / "半分钟"
-> "30s", "一分半" -> "90s", "0:05" -> "5s", "twenty percent" / "百分之二十"
-> "20%". Quoted text is left alone by the callers (they cut it out first).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

VOCABULARY = Path(__file__).with_name("agent_vocabulary.yaml")


@lru_cache(maxsize=1)
def data() -> dict:
    from skill.core import datafiles

    return datafiles.load(VOCABULARY)


@lru_cache(maxsize=None)
def rx(name: str) -> re.Pattern:
    """The compiled pattern `patterns.<name>` of the vocabulary."""
    text = data()["patterns"][name]
    return re.compile(re.sub(r"\s*\n\s*", "", text.strip()))


def has(name: str, text: str) -> bool:
    return rx(name).search(text) is not None


@lru_cache(maxsize=1)
def styles() -> list[tuple[re.Pattern, str]]:
    out = []
    for pattern, name, *_ in data()["styles"]:
        # English words whole (\b), Chinese anywhere
        parts = [p if re.search(r"[\u4e00-\u9fff]", p) else rf"\b(?:{p})\b" for p in pattern.split("|")]
        out.append((re.compile("|".join(parts)), name))
    return out


def style_of(low: str) -> str | None:
    """The music style a message names ("钢琴" -> "Piano", "舒缓" -> "Calm"), or None."""
    best = None
    for pat, name in styles():
        m = pat.search(low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def style_mood(name: str) -> str | None:
    """The mood of the music bed for a style's name ("Cheerful" -> "upbeat"), or None."""
    key = (name or "").strip().lower()
    for _pattern, style, *mood in data()["styles"]:
        if style.lower() == key and mood:
            return mood[0]
    return None


@lru_cache(maxsize=1)
def placeholders() -> frozenset[str]:
    return frozenset(p.lower() for p in data()["placeholders"])


def is_placeholder(text: str) -> bool:
    t = re.sub(r"[\s\"'“”「」.,!?。，！？]+", " ", (text or "").lower()).strip()
    return not t or t in placeholders()


@lru_cache(maxsize=1)
def small_words() -> frozenset[str]:
    return frozenset(data()["title_small_words"])


# --------------------------------------------------------------------------- numbers
def zh_number(s: str) -> float | None:
    """"十五" -> 15, "二十" -> 20, "两" -> 2, "一百" -> 100, "3" -> 3, "1.5" -> 1.5, "三点五" -> 3.5."""
    s = s.strip()
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        pass
    digits = data()["numbers"]["zh_digits"]
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = zh_number(whole) if whole else 0.0
        if w is None or not frac or any(c not in digits for c in frac):
            return None
        return w + float("0." + "".join(str(digits[c]) for c in frac))
    total, cur = 0, None
    for ch in s:
        if ch in digits:
            cur = digits[ch] if cur is None else cur * 10 + digits[ch]
        elif ch.isdigit():
            cur = int(ch) if cur is None else cur * 10 + int(ch)
        elif ch == "十":
            total += (cur if cur is not None else 1) * 10
            cur = None
        elif ch == "百":
            total += (cur if cur is not None else 1) * 100
            cur = None
        else:
            return None
    return float(total + (cur or 0))


def _en_value(words: str) -> float | None:
    nums = data()["numbers"]["en"]
    words = re.sub(r"\s+", " ", words.strip().lower())
    try:
        return float(words)
    except ValueError:
        pass
    if words in nums:
        return float(nums[words])
    parts = re.split(r"[- ]", words)
    if len(parts) == 2 and parts[0] in nums and parts[1] in nums and nums[parts[0]] >= 20 and nums[parts[1]] < 10:
        return float(nums[parts[0]] + nums[parts[1]])
    return None


@lru_cache(maxsize=1)
def _en_number_rx() -> re.Pattern:
    words = sorted(data()["numbers"]["en"], key=len, reverse=True)
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    alt = f"(?:{tens})[- ](?:{ones})|" + "|".join(re.escape(w) for w in words)
    # "<number> [and a half] <unit> [and a half]", the number as digits or words
    return re.compile(
        rf"(?<![\w.])(?P<half_of>half\s+(?:an?\s+)?)?(?P<num>\d+(?:\.\d+)?|{alt})(?P<andhalf>\s+and\s+a\s+half)?"
        r"\s*-?\s*(?P<unit>seconds?|secs?|minutes?|mins?|percent|per\s+cent|%|s(?![a-z]))"
        r"(?P<andhalf2>\s+and\s+a\s+half)?(?![a-z])", re.I)


_ZH_NUM = "[0-9零〇一二两俩三四五六七八九十百点.]+"
_ZH_DURATION = re.compile(
    rf"(?P<num>{_ZH_NUM}|半)\s*(?:个)?\s*(?P<unit>秒钟|秒|分钟|分(?![之钟])|小时)(?P<half>半)?"
    rf"(?:\s*(?P<sec>{_ZH_NUM})\s*秒钟?)?")
_ZH_PERCENT = re.compile(rf"百分之\s*(?P<num>{_ZH_NUM})")
_TIMECODE = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d)(?:\.\d+)?(?![\d:])")
_FIRST_SECOND = re.compile(r"\b(first|last|final|opening|closing|very\s+first|very\s+last)\s+second\b(?!s)", re.I)
_A_SECOND = re.compile(r"(?<![\w-])(a|one)\s+second\b(?!s|\s+(?:clip|segment|part|shot|scene|section|video|piece|"
                       r"title|one|time|track|song|music|version|take|copy|thing|look|fade))", re.I)


def _fmt(v: float) -> str:
    return f"{v:g}"


def normalize(text: str, lower: bool = True) -> str:
    """The lower-cased message with durations as "<N>s" and shares as "<N>%" (see the module doc);
    `lower=False` keeps the user's capitals."""
    t = unicodedata.normalize("NFKC", text or "").replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"[\u2010-\u2015\u2212~]", "-", t)

    def tc(m: re.Match) -> str:
        if (m.group(1), m.group(2)) == ("9", "16"):   # an aspect ratio, not a time
            return m.group(0)
        return f" {int(m.group(1)) * 60 + int(m.group(2))}s "
    t = _TIMECODE.sub(tc, t)
    t = _FIRST_SECOND.sub(lambda m: f"{m.group(1)} 1s", t)
    t = _A_SECOND.sub(" 1s", t)

    def en(m: re.Match) -> str:
        v = _en_value(m.group("num"))
        if v is None:
            return m.group(0)
        if m.group("half_of"):
            v *= 0.5
        if m.group("andhalf") or m.group("andhalf2"):
            v += 0.5
        unit = m.group("unit")
        if unit.startswith(("p", "%")):
            return f" {_fmt(v)}% "
        if unit.startswith("m"):
            v *= 60
        return f" {_fmt(v)}s "
    t = _en_number_rx().sub(en, t)
    t = re.sub(r"\bhalf[\s-]+(?:an?\s+)?minute\b", " 30s ", t, flags=re.I)
    t = re.sub(r"\bhalf[\s-]+(?:an?\s+)?second\b", " 0.5s ", t, flags=re.I)
    t = re.sub(r"\ban?\s+minute(\s+and\s+a\s+half)?\b", lambda m: " 90s " if m.group(1) else " 60s ", t, flags=re.I)

    def zh(m: re.Match) -> str:
        num, unit = m.group("num"), m.group("unit")
        v = 0.5 if num == "半" else zh_number(num)
        if v is None:
            return m.group(0)
        if unit.startswith("分"):
            v *= 60
            if m.group("half"):
                v += 30
        elif unit == "小时":
            v *= 3600
        elif m.group("half"):
            v += 0.5
        if m.group("sec"):
            s = zh_number(m.group("sec"))
            if s is not None:
                v += s
        return f" {_fmt(v)}s "
    t = _ZH_DURATION.sub(zh, t)
    t = _range_words(t)
    t = _ZH_PERCENT.sub(lambda m: f" {_fmt(zh_number(m.group('num')) or 0)}% ", t)
    t = re.sub(r"(\d)\s*%", r"\1%", t)
    t = re.sub(r"[ \t]+", " ", t).strip()
    return t.lower() if lower else t


_RANGE_TO = r"\s*(?:-|to|through|thru|and|until|till|到|至)\s*(?:第\s*)?"


def _range_words(t: str) -> str:
    """A range's numbers as digits when only one end has the unit: "from ten to 12s",
    "seconds ten through twelve", "第十到 12s"."""
    words = sorted(data()["numbers"]["en"], key=len, reverse=True)
    en = "|".join(re.escape(w) for w in words if w.isalpha())

    def val(w: str) -> str:
        v = _en_value(w) if re.fullmatch(r"[a-z -]+", w, re.I) else zh_number(w)
        return _fmt(v) if v is not None else w
    t = re.sub(rf"\b({en})(?={_RANGE_TO}\d+(?:\.\d+)?s\b)", lambda m: val(m.group(1)), t, flags=re.I)
    t = re.sub(rf"\bseconds?\s+({en}|\d+)({_RANGE_TO})({en}|\d+)\b",
               lambda m: f"seconds {val(m.group(1))}{m.group(2)}{val(m.group(3))}", t, flags=re.I)
    t = re.sub(rf"([零〇一二两三四五六七八九十百]+)(?={_RANGE_TO}\d+(?:\.\d+)?s)", lambda m: val(m.group(1)), t)
    return t


DUR = r"(\d+(?:\.\d+)?)s(?![a-z])"          # a normalised duration
PCT = r"(\d+(?:\.\d+)?)%"                   # a normalised share


def durations(low: str) -> list[float]:
    return [float(x) for x in re.findall(DUR, low)]


def ordinal(word: str) -> int | None:
    """"first" / "1st" / "1" / "一" / "2" -> its number, or None."""
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    o = data()["numbers"]["ordinals"].get(w)
    if o is not None:
        return int(o)
    v = zh_number(w)
    return int(v) if v is not None and v == int(v) else None

"""The shape an export is asked in: "export it as 9:16", "can you render a vertical version?", 导出竖屏版本.

An export renders the project as it is: asked for another shape, the skill asks the agent to change the
aspect ratio first (unless the project already has it), and exports only once the project shows it
(skill.app.plan). Handing over a 16:9 file to "export it to 9:16" is the breach this prevents.

`unoffered(text)` is what an export cannot give that the export's clause asks ("in 4k", "as a gif"): the
reply says so before the MP4. `asked(text)` is the ratio ("9:16") named in the export's own clause, or None; `of_project(state)` is the
project's ratio as the backend's state shows it, or None when it does not say. Words are data:
intents/conversation.yaml `shapes`.
"""
from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache
from math import gcd

_Rules = namedtuple("_Rules", "clause_end export digits words asks unoffered")

# Ratios a person types as digits (9x16, 4:5); others ("9:15 tonight") are not shapes.
KNOWN = ("16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "21:9", "2:3", "3:2")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    from skill.core import resources

    spec = resources.conversation()["shapes"]
    words = []
    for ratio, names in (spec.get("words") or {}).items():
        for name in sorted(names, key=len, reverse=True):
            edge = r"\b" if name.isascii() else ""
            words.append((re.compile(edge + re.escape(name) + edge), str(ratio)))
    return _Rules(re.compile(spec["clause_end"]), re.compile(spec["export"]), re.compile(spec["ratio"]), words,
                  spec.get("ask") or {}, re.compile(spec["unoffered"]))


def _export_clauses(text: str):
    """The lower-cased clauses of `text` that hold an export word ("can you export it to 9:16?")."""
    ends, export = _rules().clause_end, _rules().export
    low = text.lower()
    for m in export.finditer(low):
        start = max((e.end() for e in ends.finditer(low, 0, m.start())), default=0)
        stop = next((e.start() for e in ends.finditer(low, m.end())), len(low))
        yield low[start:stop]


def asked(text: str) -> str | None:
    """The ratio the export is asked in, when its clause names one."""
    digits, words = _rules().digits, _rules().words
    for clause in _export_clauses(text):
        for d in digits.finditer(clause):
            ratio = f"{int(d.group(1))}:{int(d.group(2))}"
            if ratio in KNOWN:
                return ratio
        for pattern, ratio in words:
            if pattern.search(clause):
                return ratio
    return None


def unoffered(text: str) -> str | None:
    """What the export is asked as that no export gives ("in 4k", "as a gif"), as typed; None if nothing.
    Exports are MP4 at the project's own size (docs: the render's `output` is mp4, quality high)."""
    pattern = _rules().unoffered
    for clause in _export_clauses(text):
        m = pattern.search(clause)
        if m:
            return m.group().upper() if m.group().isascii() else m.group()
    return None


def ask(ratio: str, lang: str) -> str:
    """What the agent is asked so that the project has `ratio`."""
    asks = _rules().asks
    return str(asks.get(lang) or asks["en"]).format(ratio=ratio)


def of_project(state: dict) -> str | None:
    """The project's ratio ("16:9") from its draft's `m` or the state's `canvas_config`; None when
    neither gives a width and a height (or a ratio) — then nobody can say, and nothing is refused."""
    draft = state.get("draft") if isinstance(state.get("draft"), dict) else {}
    for meta in (draft.get("m"), state.get("canvas_config")):
        if not isinstance(meta, dict):
            continue
        w, h = _number(meta.get("width")), _number(meta.get("height"))
        if w and h:
            k = gcd(w, h)
            return f"{w // k}:{h // k}"
        ratio = str(meta.get("ratio") or "")
        if re.fullmatch(r"\d{1,2}:\d{1,2}", ratio):
            return ratio
    return None


def same(a: str, b: str) -> bool:
    """Do two ratios describe the same shape (1920×1080 reduces to 16:9; 1080×1350 to 4:5)?"""
    (aw, ah), (bw, bh) = (map(int, r.split(":")) for r in (a, b))
    return abs(aw / ah - bw / bh) <= 0.02 * (bw / bh)


def _number(value) -> int:
    try:
        n = int(float(value))
    except (TypeError, ValueError):
        return 0
    return n if 0 < n <= 100_000 else 0

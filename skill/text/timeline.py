"""Timeline summaries and change lists from the backend's draft JSON.

Pure functions (the phrase table is read once), and they never raise on any JSON-like input (missing,
unknown or malformed keys are skipped or shown as "untitled"):

- ``summarize(draft, lang)``: ``Timeline (3 tracks): 1. Video: city timelapse
  (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)``
- ``diff(before, after, lang)``: changes phrased for people, e.g.
  ``✅ Title added: 'Paradise Found' (0-3s)``, ``🎵 BGM volume 35% → 20%``
- ``is_ready_for_export(draft)``: some track holds at least one segment.

Draft (see ARCHITECTURE.md): ``t`` tracks, ``tt`` type (0 video, 1 audio/BGM,
7 text/title), ``sg`` segments with ``s`` start ms, ``d`` duration ms and
``m`` metadata (``title``, ``text``, ``volume`` as a percent int or a float
fraction ≤ 1.0); draft-level ``d`` and ``m`` (``ratio``, ``width``, ``height``).

The wording is a table of format strings in ``intents/timeline.yaml`` (data,
not code), read once; not Jinja templates: these strings are built after
every edit and must stay cheap and usable without Jinja2. Longer replies live
in ``intents/templates`` (skill/text/replies.py) and embed these strings.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

from skill.core import sanitize
from skill.core.draft import AUDIO, TEXT, VIDEO
_MAX_LABEL = 60
_MAX_ITEMS = 12        # segments listed per track in a summary
_MAX_TIMED = 3         # re-timed clips named in a diff (when no other line says what changed)

@lru_cache(maxsize=1)
def _phrases() -> dict[str, dict[str, str]]:
    from skill.core import datafiles, resources   # lazy: loaded once, by the first summary or diff

    return datafiles.load(resources.intents_dir() / "timeline.yaml")


def _t(lang: str) -> dict[str, str]:
    text = _phrases()
    return text.get(lang if isinstance(lang, str) else "en") or text["en"]


# --------------------------------------------------------------------------
# Tolerant readers


def _as_draft(draft: Any) -> dict:
    if isinstance(draft, (str, bytes)):
        try:
            draft = json.loads(draft)
        except (ValueError, TypeError, RecursionError):
            return {}
    if not isinstance(draft, dict):
        return {}
    if "t" not in draft:  # tolerate a state envelope: {"draft": {...}} / {"state": {"draft": ...}}
        inner = draft.get("draft")
        if not isinstance(inner, dict) and isinstance(draft.get("state"), dict):
            inner = draft["state"].get("draft")
        if isinstance(inner, dict):
            return inner
    return draft


def _dict(x: Any) -> dict:
    return x if isinstance(x, dict) else {}


def _list(x: Any) -> list:
    return list(x) if isinstance(x, (list, tuple)) else []


def _num(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        v = float(x)
    elif isinstance(x, str) and len(x) < 40:
        try:
            v = float(x.strip())
        except ValueError:
            return None
    else:
        return None
    return v if math.isfinite(v) else None


def _kind(track: dict) -> int | None:
    v = _num(track.get("tt"))
    if v is None or v != int(v):
        return None
    return int(v)


def _tracks(draft: dict) -> list[dict]:
    return [t for t in _list(draft.get("t")) if isinstance(t, dict)]


def _segments(track: dict) -> list[dict]:
    return [s for s in _list(track.get("sg")) if isinstance(s, dict)]


def _clean_label(x: Any) -> str:
    if isinstance(x, bool) or x is None:
        return ""
    if isinstance(x, (int, float)):
        x = str(x)
    if not isinstance(x, str):
        return ""
    x = " ".join(sanitize.clean(x).split())
    if len(x) > _MAX_LABEL:
        x = x[:_MAX_LABEL - 1].rstrip() + "…"
    return x


def _label(seg: dict, kind: int | None) -> str:
    m = _dict(seg.get("m"))
    keys = ("text", "title", "name") if kind == TEXT else ("title", "name", "text", "prompt", "description")
    for key in keys:
        label = _clean_label(m.get(key))
        if label:
            return label
    for key in keys:  # some drafts keep these at segment level
        label = _clean_label(seg.get(key))
        if label:
            return label
    src = m.get("src") or seg.get("src") or m.get("url")
    if isinstance(src, str) and src:
        name = src.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        return _clean_label(name)
    return ""


def _secs(ms: float) -> str:
    s = ms / 1000.0
    r = round(s)
    if abs(s - r) < 0.05:
        return str(int(r))
    return f"{s:.1f}"


def _span(seg: dict) -> tuple[float | None, float | None]:
    start = _num(seg.get("s"))
    dur = _num(seg.get("d"))
    if start is None or start < 0:
        start = 0.0 if dur is not None else None
    if dur is not None and dur < 0:
        dur = None
    return start, dur


def _range(seg: dict, L: dict[str, str]) -> str:
    start, dur = _span(seg)
    if dur is not None and start is not None:
        return L["range"].format(a=_secs(start), b=_secs(start + dur))
    if start is not None:
        return L["from"].format(a=_secs(start))
    return ""


def _volume(seg: dict) -> int | None:
    m = _dict(seg.get("m"))
    raw = m.get("volume", seg.get("volume"))
    v = _num(raw)
    if v is None or v < 0:
        return None
    if isinstance(raw, float) and v <= 1.0:
        v *= 100
    if v > 1000:
        return None
    return int(round(v))


def _pct(v: int | None) -> str:
    return f"{v}%" if v is not None else "?"


# --------------------------------------------------------------------------
# Public API


def is_ready_for_export(draft: Any) -> bool:
    """skill.core.draft's rule, on a draft given in any shape the timeline reads (JSON text, an envelope)."""
    from skill.core.draft import is_ready_for_export as ready

    return ready(_as_draft(draft))


def summarize(draft: Any, lang: str = "en") -> str:
    """One line: ``Timeline (N tracks): 1. Video: … 2. BGM: … 3. Title: …``."""
    L = _t(lang)
    try:
        tracks = _tracks(_as_draft(draft))
    except Exception:
        tracks = []
    if not tracks or not any(_segments(t) for t in tracks):
        return L["empty"]
    n = len(tracks)
    head = L["header"].format(n=n, tracks=L["track"] if n == 1 else L["tracks"])
    parts = [head]
    for i, track in enumerate(tracks, 1):
        kind = _kind(track)
        name = L.get(f"kind.{kind}", L["kind.other"])
        segs = _segments(track)
        if not segs:
            parts.append(L["item"].format(i=i, name=name, items=L["no_segments"]))
            continue
        items = []
        for seg in segs[:_MAX_ITEMS]:
            label = _label(seg, kind)
            if kind == TEXT:
                label = L["quote"].format(x=label) if label else L["untitled"]
            else:
                label = label or L["untitled"]
            inner = [x for x in (_range(seg, L),) if x]
            if kind == AUDIO:
                vol = _volume(seg)
                if vol is not None:
                    inner.append(_pct(vol))
            items.append(label + (L["paren"].format(inner=L["sep"].join(inner)) if inner else ""))
        if len(segs) > _MAX_ITEMS:   # a summary is read by a person: the rest is a count
            items.append(L["more"].format(n=f"{len(segs) - _MAX_ITEMS:,}"))
        parts.append(L["item"].format(i=i, name=name, items=L["sep"].join(items)))
    return parts[0] + (" " if lang != "zh" else "") + L["join"].join(parts[1:])


def _duration(draft: dict) -> float | None:
    d = _num(draft.get("d"))
    if d is not None and d >= 0:
        return d
    end = None
    for t in _tracks(draft):
        for seg in _segments(t):
            start, dur = _span(seg)
            if dur is not None:
                e = (start or 0.0) + dur
                end = e if end is None else max(end, e)
    return end


_RATIO = re.compile(r"^\s*(\d{1,5}(?:\.\d{1,3})?)\s*[:xX/]\s*(\d{1,5}(?:\.\d{1,3})?)\s*$")


def _ratio(draft: dict) -> str | None:
    m = _dict(draft.get("m"))
    r = m.get("ratio") or m.get("aspect_ratio") or m.get("aspectRatio")
    if isinstance(r, str):
        mm = _RATIO.match(r)
        if mm:
            return f"{mm.group(1)}:{mm.group(2)}"
    w, h = _num(m.get("width")), _num(m.get("height"))
    if w and h and w > 0 and h > 0 and w == int(w) and h == int(h) and w < 1e6 and h < 1e6:
        g = math.gcd(int(w), int(h))
        return f"{int(w) // g}:{int(h) // g}"
    return None


def _of_kind(draft: dict, kind: int) -> list[dict]:
    return [s for t in _tracks(draft) if _kind(t) == kind for s in _segments(t)]


def _seg_key(seg: dict, i: int) -> Any:
    sid = seg.get("id")
    return ("id", sid) if isinstance(sid, (str, int)) and not isinstance(sid, bool) else ("i", i)


def diff(before: Any, after: Any, lang: str = "en") -> list[str]:
    """What changed between two drafts, one human line per change."""
    try:
        return _diff(_as_draft(before), _as_draft(after), _t(lang))
    except Exception:  # pragma: no cover - belt and braces: never raise
        return []


def _diff(a: dict, b: dict, L: dict[str, str]) -> list[str]:
    out: list[str] = []
    q = lambda x: L["q"].format(x=x or L["untitled"])  # noqa: E731

    def when(seg: dict) -> str:
        r = _range(seg, L)
        return L["paren"].format(inner=r) if r else ""

    # Videos
    va = {_seg_key(s, i): s for i, s in enumerate(_of_kind(a, VIDEO))}
    vb = {_seg_key(s, i): s for i, s in enumerate(_of_kind(b, VIDEO))}
    for k, seg in vb.items():
        if k not in va:
            out.append(L["video_added"].format(name=_label(seg, VIDEO) or L["untitled"], when=when(seg)))
        else:
            old, new = _label(va[k], VIDEO), _label(seg, VIDEO)
            if old != new and new:
                out.append(L["video_changed"].format(old=old or L["untitled"], new=new))
    for k, seg in va.items():
        if k not in vb:
            out.append(L["video_removed"].format(name=_label(seg, VIDEO) or L["untitled"]))
    # BGM (the first audio segment is "the" background music)
    ba, bb = _of_kind(a, AUDIO), _of_kind(b, AUDIO)
    if bb and not ba:
        vol = _volume(bb[0])
        vol_s = L["paren"].format(inner=_pct(vol)) if vol is not None else ""
        out.append(L["bgm_added"].format(name=_label(bb[0], AUDIO) or L["untitled"], vol=vol_s))
    elif ba and not bb:
        out.append(L["bgm_removed"])
    elif ba and bb:
        old, new = _label(ba[0], AUDIO), _label(bb[0], AUDIO)
        if old != new and new:
            out.append(L["bgm_changed"].format(old=old or L["untitled"], new=new))
        va_, vb_ = _volume(ba[0]), _volume(bb[0])
        if va_ != vb_ and vb_ is not None:
            out.append(L["bgm_volume"].format(old=_pct(va_), new=_pct(vb_)))
    # Titles
    ta = {_seg_key(s, i): s for i, s in enumerate(_of_kind(a, TEXT))}
    tb = {_seg_key(s, i): s for i, s in enumerate(_of_kind(b, TEXT))}
    for k, seg in tb.items():
        if k not in ta:
            out.append(L["title_added"].format(q=q(_label(seg, TEXT)), when=when(seg)))
            continue
        old, new = _label(ta[k], TEXT), _label(seg, TEXT)
        if old != new:
            out.append(L["title_changed"].format(q_old=q(old), q_new=q(new)))
        elif _span(ta[k]) != _span(seg) and _range(seg, L):
            out.append(L["title_moved"].format(q=q(new), range=_range(seg, L)))
    for k, seg in ta.items():
        if k not in tb:
            out.append(L["title_removed"].format(q=q(_label(seg, TEXT))))
    # Whole project
    da, db = _duration(a), _duration(b)
    if da is not None and db is not None and _secs(da) != _secs(db):
        out.append(L["duration"].format(old=L["secs"].format(x=_secs(da)), new=L["secs"].format(x=_secs(db))))
    ra, rb = _ratio(a), _ratio(b)
    if ra and rb and ra != rb:
        out.append(L["ratio"].format(old=ra, new=rb))
    if not out:
        # A backend that trims in place (the clip starts later, the project ends where it did)
        # changes no line above: say what moved, else that something did. Silence would read as
        # "nothing changed" and hold back the export the person asked for.
        timed = [seg for k, seg in vb.items() if k in va and _span(va[k]) != _span(seg) and _range(seg, L)]
        out += [L["video_timed"].format(name=_label(seg, VIDEO) or L["untitled"], range=_range(seg, L))
                for seg in timed[:_MAX_TIMED]]
        if len(timed) > _MAX_TIMED:
            out.append(L["more"].format(n=len(timed) - _MAX_TIMED))
        if not out and _content(a) != _content(b):
            out.append(L["changed_other"])
    return out


def _content(draft: dict) -> Any:
    """The tracks without their links: a backend may sign a media URL afresh on every read, which
    is no change to the project."""
    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if not (isinstance(v, str) and "://" in v)}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return strip(_tracks(draft))

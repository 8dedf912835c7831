"""The project page's data: a session's state and renders → a view model (pure, no I/O).

`view(state, renders, turn)` is all the page (`workspace.py`, `templates/project.html`)
shows: the title, the timeline as rows of positioned boxes, the latest finished
export and what is running. Renders come in as plain dicts (newest first) with
same-origin `video`/`poster` paths already resolved by the caller, so this module
never touches the database or the disk. Nothing here is escaped: the template does
that (autoescape), and every string from a draft is user or LLM text.
"""
from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlparse

from skill.core import draft as D
from skill.core.lang import detect

UNTITLED = "Untitled project"
KINDS = {D.VIDEO: ("video", "Video"), D.AUDIO: ("music", "Music"), D.TEXT: ("title", "Title")}
TURN_LABELS = {"generate": "Generating…", "generate_post": "Adding music and a title…",
               "edit": "Editing…", "chat": "Answering…"}
MIN_BOX_PCT = 0.6          # a 0 ms segment still shows as a sliver


def _dict(v: Any) -> dict:
    return v if isinstance(v, dict) else {}


def _list(v: Any) -> list:
    return v if isinstance(v, list) else []


def _ms(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v < 0:
        return 0
    return int(min(v, 10**9))


def _text(v: Any, limit: int = 200) -> str:
    return " ".join(v.split())[:limit] if isinstance(v, str) else ""


def _percent(m: dict) -> int | None:
    """`m.volume`: percent, or a fraction ≤ 1.0 given as a float."""
    v = m.get("volume")
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v < 0:
        return None
    if isinstance(v, float) and v <= 1.0:
        v *= 100
    return int(round(min(v, 1000)))


def _lang(text: str) -> str | None:
    """The `lang` attribute for a piece of user text: zh-Hans for CJK, else none (the page's en)."""
    return "zh-Hans" if text and detect(text) == "zh" else None


def clock(ms: int) -> str:
    """12345 → "0:12"; 61000 → "1:01"."""
    s = int(round(ms / 1000))
    return f"{s // 60}:{s % 60:02d}"


def seconds(ms: int) -> str:
    """Seconds for a segment span: 3000 → "3", 2500 → "2.5"."""
    return f"{ms / 1000:.1f}".rstrip("0").rstrip(".")


def _source_name(src: Any) -> str:
    if not isinstance(src, str) or not src:
        return ""
    return os.path.basename(urlparse(src).path) or src


def _segment_label(kind: str, m: dict) -> str:
    if kind == "title":
        return _text(m.get("text")) or _text(m.get("title")) or "Title"
    if kind == "music":
        name = _text(m.get("title")) or _text(m.get("name")) or _source_name(m.get("src")) or "Music"
        vol = _percent(m)
        return f"{name} · {vol}%" if vol is not None else name
    return _text(m.get("title")) or _source_name(m.get("src")) or ("Clip" if kind == "video" else "Segment")


def duration_of(draft: dict) -> int:
    """The draft's `d`, else the end of its last segment."""
    d = _ms(draft.get("d"))
    if d:
        return d
    ends = [_ms(s.get("s")) + _ms(s.get("d")) for t in _list(draft.get("t")) if isinstance(t, dict)
            for s in _list(t.get("sg")) if isinstance(s, dict)]
    return max(ends, default=0)


def title_of(state: dict) -> str:
    """The title track's text, else the generated clip's subject/prompt, else "Untitled project"."""
    draft = D.of_state(state)
    segs = [(t.get("tt"), _dict(s)) for t in _list(draft.get("t")) if isinstance(t, dict)
            for s in _list(t.get("sg"))]
    for tt, s in segs:
        text = _text(_dict(s.get("m")).get("text")) if tt == D.TEXT else ""
        if text:
            return text
    prompts = {g["url"]: _text(g.get("prompt")) for g in _list(_dict(state).get("generated_media"))
               if isinstance(g, dict) and isinstance(g.get("url"), str)}
    for tt, s in segs:
        m = _dict(s.get("m"))
        src = m.get("src") if isinstance(m.get("src"), str) else None
        if tt == D.VIDEO:
            text = prompts.get(src) or (_text(m.get("title")) if m.get("kind") == "generated" else "")
            if text:
                return text
    return UNTITLED


def _ticks(total: int) -> list[dict]:
    """Ruler marks at a round step, about 4–10 of them."""
    if total <= 0:
        return []
    step = next((s for s in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600) if total / (s * 1000) <= 10), 1200)
    return [{"left": round(100 * t * 1000 / total, 3), "label": f"{t}s" if total < 120_000 else clock(t * 1000)}
            for t in range(0, (total - 1) // 1000 + 1, step)]


def timeline(draft: dict) -> dict:
    """Tracks as rows, segments as boxes: `left`/`width` in percent of the total duration."""
    total = duration_of(draft)
    rows = []
    for t in _list(draft.get("t")):
        if not isinstance(t, dict):
            continue
        tt = t.get("tt")
        # A track type that is not a plain string or number (a list, a dict) is an unknown kind, not a crash.
        kind, name = KINDS.get(tt, ("other", "Track")) if isinstance(tt, (str, int)) else ("other", "Track")
        boxes = []
        for s in _list(t.get("sg")):
            if not isinstance(s, dict):
                continue
            start, dur = _ms(s.get("s")), _ms(s.get("d"))
            label = _segment_label(kind, _dict(s.get("m")))
            left = min(100.0 - MIN_BOX_PCT, 100 * start / total) if total else 0.0
            width = max(MIN_BOX_PCT, min(100.0 - left, 100 * dur / total)) if total else 100.0
            boxes.append({"label": label, "lang": _lang(label), "left": round(left, 3),
                          "width": round(width, 3), "span": f"{seconds(start)}–{seconds(start + dur)} s"})
        rows.append({"kind": kind, "name": name, "segments": boxes})
    m = _dict(draft.get("m"))
    w, h = _ms(m.get("width")), _ms(m.get("height"))
    return {"tracks": rows, "duration_ms": total, "duration": clock(total), "ticks": _ticks(total),
            "ratio": _text(m.get("ratio"), 10), "size": f"{w}×{h}" if w and h else ""}


def _running(renders: list[dict], turn: str | None) -> list[dict]:
    out = []
    if turn:
        out.append({"what": "turn", "label": TURN_LABELS.get(turn, "Working…"), "progress": None})
    for r in renders:
        if r.get("status") == "processing":
            pct = max(0, min(100, int(r.get("progress") or 0)))
            out.append({"what": "render", "label": f"Rendering {pct}%", "progress": pct})
        elif r.get("status") == "pending":
            out.append({"what": "render", "label": "Export queued…", "progress": 0})
    return out


def _export(renders: list[dict], current: dict) -> tuple[dict | None, str | None]:
    """The newest completed render with a file, and a notice when a newer one failed."""
    notice = None
    for r in renders:                       # newest first
        if r.get("status") == "completed" and r.get("video"):
            stale = r.get("draft") is not None and r.get("draft") != current
            return {"id": r["id"], "video": r["video"], "poster": r.get("poster"),
                    "stale": stale}, notice
        if r.get("status") == "failed" and notice is None:
            err = _text(r.get("error"), 300)
            notice = "The last export was cancelled." if err == "cancelled" else \
                f"The last export failed: {err or 'unknown error'}"
    return None, notice


def view(state: dict, renders: list[dict], turn: str | None = None) -> dict:
    """Everything the page shows.

    state:   the session's state (`data.state`: draft, generated_media, ...)
    renders: that session's renders, newest first: {id, status, progress, error, draft,
             video, poster} (video/poster: same-origin paths, None when there is no file)
    turn:    what the running chat turn does ("generate", "generate_post", "edit", "chat") or None
    """
    draft = D.of_state(state)
    title = title_of(state)
    export, notice = _export(renders, draft)
    running = _running(renders, turn)
    return {"title": title, "title_lang": _lang(title), "timeline": timeline(draft),
            "export": export, "notice": notice, "running": running, "busy": bool(running),
            "exporting": any(r["what"] == "render" for r in running)}

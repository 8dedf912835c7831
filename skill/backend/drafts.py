"""Timeline arithmetic on a draft (pure, in place): take a stretch of time out
of the video, put a clip in, and keep the other tracks true to it.

The video track (`tt` 0) is a row of segments played one after another;
after an edit they are packed from 0 again, each keeping where it reads
its source from (`m.in`, ms). The BGM (`tt` 1) spans the video: it ends
where the video ends. A title (`tt` 7) that opens the video stays at the
start; a later one moves with the footage under it.
"""
from __future__ import annotations

import re


def tracks(draft: dict, tt: int) -> list[dict]:
    return [t for t in draft.get("t", []) if isinstance(t, dict) and t.get("tt") == tt]


def video_track(draft: dict) -> dict | None:
    for t in tracks(draft, 0):
        if t.get("sg"):
            return t
    return None


def video_segments(draft: dict) -> list[dict]:
    t = video_track(draft)
    return sorted(t["sg"], key=lambda s: s.get("s", 0)) if t else []


def next_id(draft: dict) -> str:
    n = 0
    for t in draft.get("t", []):
        for s in t.get("sg", []):
            m = re.match(r"seg_(\d+)$", str(s.get("id", "")))
            if m:
                n = max(n, int(m.group(1)))
    return f"seg_{n + 1}"


def _ids(draft: dict):
    """A maker of segment ids not yet used in the draft."""
    n = int(next_id(draft)[4:])

    def make() -> str:
        nonlocal n
        n += 1
        return f"seg_{n - 1}"
    return make


def _pack(draft: dict, segs: list[dict]) -> int:
    t = 0
    for s in segs:
        s["s"] = t
        t += int(s.get("d", 0))
    vt = video_track(draft)
    if vt is not None:
        vt["sg"] = segs
    return t


def _refit_others(draft: dict, old_d: int, new_d: int, where) -> None:
    """BGM and titles after the video changed length; `where(t)` maps an old time to the new one."""
    for t in tracks(draft, 1):
        for s in t.get("sg", []):
            start, end = int(s.get("s", 0)), int(s.get("s", 0)) + int(s.get("d", 0))
            ns = where(start) if start > 0 else 0
            ne = new_d if end >= old_d else where(end)
            s["s"], s["d"] = ns, max(0, min(ne, new_d) - ns)
    for t in tracks(draft, 7):
        keep = []
        for s in t.get("sg", []):
            start, d = int(s.get("s", 0)), int(s.get("d", 0))
            if start == 0:                       # the opening title stays the opening title
                s["d"] = max(0, min(d, new_d))
            else:
                ns, ne = where(start), where(start + d)
                s["s"], s["d"] = ns, max(0, min(ne, new_d) - ns)
            if s["d"] >= 300:
                keep.append(s)
        t["sg"] = keep
    draft["t"] = [t for t in draft.get("t", []) if t.get("tt") not in (1, 7) or t.get("sg")]


def remove_range(draft: dict, a: int, b: int) -> int:
    """Take [a, b) ms out of the video; returns the new duration."""
    old_d = int(draft.get("d") or 0)
    a, b = max(0, a), min(old_d, b)
    if b <= a:
        return old_d
    segs, new_id = [], _ids(draft)
    for seg in video_segments(draft):
        s, e = int(seg.get("s", 0)), int(seg.get("s", 0)) + int(seg.get("d", 0))
        pieces = []
        if s < a:
            pieces.append((s, min(e, a)))
        if e > b:
            pieces.append((max(s, b), e))
        for i, (ps, pe) in enumerate(pieces):
            if pe - ps <= 0:
                continue
            piece = {**seg, "m": dict(seg.get("m") or {})}
            if ps > s:
                piece["m"]["in"] = int(piece["m"].get("in", 0)) + (ps - s)
            piece["d"] = pe - ps
            if i and len(pieces) == 2:
                piece["id"] = new_id()
            segs.append(piece)
    new_d = _pack(draft, segs) if segs else old_d - (b - a)
    draft["d"] = new_d

    def where(t: int) -> int:
        return t if t <= a else (a if t < b else t - (b - a))
    _refit_others(draft, old_d, new_d, where)
    return new_d


def insert_clip(draft: dict, at: int, seg_m: dict, length: int) -> int:
    """Put a clip of `length` ms in the video at `at` ms (a segment there is split);
    returns the new duration."""
    old_d = int(draft.get("d") or 0)
    at = max(0, min(at, old_d))
    segs, new_id = [], _ids(draft)
    for seg in video_segments(draft):
        s, e = int(seg.get("s", 0)), int(seg.get("s", 0)) + int(seg.get("d", 0))
        if s < at < e:   # split it
            left = {**seg, "m": dict(seg.get("m") or {}), "d": at - s}
            right = {**seg, "m": dict(seg.get("m") or {}), "d": e - at}
            right["m"]["in"] = int(right["m"].get("in", 0)) + (at - s)
            right["id"] = new_id()
            segs += [left, right]
        else:
            segs.append(seg)
    new = {"id": new_id(), "s": at, "d": length, "m": dict(seg_m)}
    idx = sum(1 for s in segs if int(s.get("s", 0)) < at)
    segs.insert(idx, new)
    if video_track(draft) is None:
        draft.setdefault("t", []).insert(0, {"tt": 0, "id": "trk_v1", "sg": []})
    new_d = _pack(draft, segs)
    draft["d"] = new_d

    def where(t: int) -> int:
        return t if t < at else t + length
    _refit_others(draft, old_d, new_d, where)
    return new_d


def segment_end(draft: dict, n: int) -> int | None:
    """Where the n-th video segment (1-based) ends, or None."""
    segs = video_segments(draft)
    if not 1 <= n <= len(segs):
        return None
    s = segs[n - 1]
    return int(s.get("s", 0)) + int(s.get("d", 0))

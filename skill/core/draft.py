"""The draft's vocabulary (PROTOCOL.md, "The draft"): track types by name, and what a draft holds.

`t` tracks, `tt` track type, `sg` segments, `s`/`d` start/duration in ms,
`m` metadata. Readers tolerate missing and unknown keys.
"""
from __future__ import annotations

VIDEO, AUDIO, TEXT = 0, 1, 7      # `tt`: video, audio/BGM, text/title


def of_state(state: dict | None) -> dict:
    """The draft inside a project state (`data.state.draft`), or an empty one."""
    draft = (state or {}).get("draft") if isinstance(state, dict) else None
    return draft if isinstance(draft, dict) else {}


def tracks_with_segments(draft: dict, kind: int) -> int:
    """How many tracks of type `kind` hold at least one segment."""
    return sum(1 for t in draft.get("t") or [] if isinstance(t, dict) and t.get("tt") == kind and t.get("sg"))


def is_ready_for_export(draft: dict | None) -> bool:
    """PROTOCOL.md: ready for export when `t` holds at least one track with a non-empty `sg`."""
    tracks = draft.get("t") if isinstance(draft, dict) else None
    return isinstance(tracks, (list, tuple)) and any(
        isinstance(t, dict) and isinstance(t.get("sg"), (list, tuple)) and len(t["sg"]) > 0 for t in tracks)


def new_clip_without_extras(before: dict, after: dict) -> bool:
    """This turn put a clip where there was none, and no music or title yet: a backend may
    still add them (generation's second stage), or never (a clip wanted without music).
    A hint for a bounded follow-up only: it never keeps a finished run open."""
    return generation_stage(before, after) == "raw_clip_ready"


def generation_stage(before: dict, after: dict) -> str | None:
    """Generation's two stages, read from the timeline: raw clip, then music and title (message keys)."""
    had_video, has_video = tracks_with_segments(before, VIDEO), tracks_with_segments(after, VIDEO)
    extras_before = tracks_with_segments(before, AUDIO) + tracks_with_segments(before, TEXT)
    extras_after = tracks_with_segments(after, AUDIO) + tracks_with_segments(after, TEXT)
    if has_video and not had_video:
        return "finishing_touches_added" if extras_after else "raw_clip_ready"
    if has_video and extras_after > extras_before and not extras_before:
        return "finishing_touches_added"
    return None

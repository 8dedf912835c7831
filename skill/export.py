"""The export flow: project state → render → poll → a real MP4 on disk.

Resumable and never doubled: the render id is claimed in the store (inside a
write transaction) before it is submitted, so a command that is killed, or a
second `export` running at the same time, picks up the same render instead of
starting another one. A failed render is retried once with a new id
(PROTOCOL.md). Export costs no credits.
"""
from __future__ import annotations

import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from skill import errors

# A claim older than this is abandoned (the backend gives up on renders long before).
CLAIM_TTL = 3600.0
# A claim not marked submitted after this long was abandoned before its submit.
SUBMIT_GRACE = 30.0
MP4_BRANDS = (b"ftyp",)


class ExportNotReady(errors.SkillError):
    key = "export_not_ready"
    exit_code = 2


class ExportFailed(errors.SkillError):
    key = "export_failed"
    exit_code = 15


class ExportStillRendering(errors.SkillError):
    """Not an error for the user: the render goes on; `export` again picks it up."""
    key = "export_still_rendering"
    exit_code = 0


@dataclass(frozen=True)
class ExportResult:
    path: Path
    render_id: str
    size: int
    link: str | None
    resumed: bool


def run(api, *, output: Path | None = None, deadline: float | None = None,
        on_progress: Callable[[str, dict], None] = lambda key, params: None) -> ExportResult:
    """Export the current project; `deadline` (monotonic) bounds this command's wait."""
    session = api.session()
    key = f"render:{api.base_url}:{session.session_id}"
    claim, resumed = _claim(api, key)
    if resumed and not claim.get("submitted"):
        # Another export claimed it and is submitting right now: wait for that,
        # or (its owner died before submitting) submit the same id ourselves.
        claim = _await_submission(api, key, claim)
        resumed = bool(claim.get("submitted"))
    if resumed:
        on_progress("export_resumed", {})
    else:
        _submit(api, claim, on_progress)
        api.store.set(key, claim)

    while True:
        status = _wait(api, claim["render_id"], deadline, on_progress)
        if status.status == "completed":
            break
        if status.status in ("failed", "cancelled", "canceled"):
            if claim["attempt"] >= 2:
                api.store.delete(key)
                raise ExportFailed()
            on_progress("export_retrying", {})
            claim = {**claim, "render_id": _new_id(), "attempt": claim["attempt"] + 1,
                     "claimed": time.time(), "submitted": False}
            api.store.set(key, claim)
            _submit(api, claim, on_progress)
            api.store.set(key, claim)
            continue
        raise ExportStillRendering(progress=status.progress if status.progress is not None else 0)

    dest = _destination(output, claim.get("title") or "video")
    try:
        path = api.render_download(claim["render_id"], dest, url=status.url)
    except BaseException:
        dest.unlink(missing_ok=True)  # the empty reservation
        raise
    if not looks_like_mp4(path):
        path.unlink(missing_ok=True)
        raise ExportFailed(detail="not an MP4")
    api.store.delete(key)
    return ExportResult(path=path, render_id=claim["render_id"], size=path.stat().st_size,
                        link=api.task_link(session), resumed=resumed)


def looks_like_mp4(path: Path) -> bool:
    """An ISO-BMFF file starts with a box whose type is `ftyp`."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return len(head) >= 8 and head[4:8] in MP4_BRANDS


def _claim(api, key: str) -> tuple[dict, bool]:
    """Take over a live claim, or make a new one; the check-and-set is atomic.

    The state is fetched outside the write transaction: no HTTP while the
    store is locked for other commands.
    """
    existing = _live_claim(api.store.get(key))
    if existing:
        return existing, True
    state = api.state()
    draft = state.get("draft") if isinstance(state, dict) else None
    from skill import timeline

    if not timeline.is_ready_for_export(draft):
        raise ExportNotReady()
    with api.store.transaction():
        existing = _live_claim(api.store.get(key))
        if existing:
            return existing, True
        claim = {"render_id": _new_id(), "attempt": 1, "claimed": time.time(),
                 "submitted": False, "draft": draft, "title": _title(draft)}
        api.store.set(key, claim)
        return claim, False


def _await_submission(api, key: str, claim: dict) -> dict:
    """The claim once its owner marked it submitted, or as it is after SUBMIT_GRACE."""
    while time.time() - float(claim.get("claimed", 0)) <= SUBMIT_GRACE:
        current = _live_claim(api.store.get(key))
        if current is None:       # its owner already finished with it: the render exists
            return {**claim, "submitted": True}
        if current.get("submitted"):
            return current
        claim = current           # the same claim, or its owner's retry with a new id
        api.sleep(0.1)
    return claim


def _live_claim(value) -> dict | None:
    if isinstance(value, dict) and value.get("render_id") and \
            time.time() - float(value.get("claimed", 0)) < CLAIM_TTL:
        return value
    return None


def _submit(api, claim: dict, on_progress) -> None:
    on_progress("export_started", {})
    api.render_submit(claim["draft"], render_id=claim["render_id"])
    claim["submitted"] = True


def _wait(api, render_id: str, deadline: float | None, on_progress):
    last = {"progress": None}

    def report(status) -> None:
        if status.progress is not None and status.progress != last["progress"] and not status.done:
            last["progress"] = status.progress
            on_progress("export_progress", {"progress": status.progress})

    timings = api.timings
    # render_wait bounds itself by render_max; a command deadline may cut it shorter.
    if deadline is not None and deadline - time.monotonic() < timings.render_max:
        while True:
            status = api.render_poll(render_id)
            report(status)
            left = deadline - time.monotonic()
            if status.done or left <= 0:
                return status
            api.sleep(min(timings.render_poll_every, left))
    return api.render_wait(render_id, on_progress=report)


def _new_id() -> str:
    return f"render_{int(time.time() * 1000)}_{secrets.token_hex(4)}"


def _title(draft) -> str:
    """A file name stem from the first video segment's title, if any."""
    try:
        for track in draft.get("t") or ():
            for seg in track.get("sg") or ():
                meta = seg.get("m") or {}
                for field in ("title", "text", "name"):
                    if isinstance(meta.get(field), str) and meta[field].strip():
                        return meta[field]
    except AttributeError:
        pass
    return "video"


def _destination(output: Path | None, title: str) -> Path:
    stem = re.sub(r"[^\w\-]+", "-", title.lower(), flags=re.UNICODE).strip("-")[:48] or "video"
    name = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.mp4"
    if output is None:
        # VIDEO_SKILL_EXPORT_DIR lets a host choose where deliveries land.
        target = Path(os.environ.get("VIDEO_SKILL_EXPORT_DIR") or Path.cwd()).expanduser() / name
    elif output.suffix.lower() == ".mp4" and not output.is_dir():
        target = output
    else:  # an existing folder, or a name without .mp4: a folder to put it in
        target = output / name
    return _reserve(target.expanduser())


def _reserve(target: Path) -> Path:
    """Claim a file name no other export has (O_EXCL: safe against a concurrent export)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    candidate, n = target, 1
    while True:
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            return candidate
        except FileExistsError:  # never overwrite an earlier export
            candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
            n += 1

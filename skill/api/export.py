"""The export flow: project state → render → poll → a real MP4 on disk.

Resumable and never doubled: the render id is claimed in the store (inside a
write transaction) before it is submitted, so a command that is killed, or a
second `export` running at the same time, picks up the same render instead of
starting another one. A submit whose answer was lost (kill, timeout, 502) is
settled by asking for the id again: "already exists" means it arrived. A
failed render is retried once with a new id (PROTOCOL.md). Export costs no
credits.

The file: downloaded into a hidden `.part` beside its destination, resumed
with an HTTP Range request after an interruption, and given its final name
only once it is complete (the size the server announced) and a well-formed
MP4. A reader never finds half a video under a `.mp4` name.

A folder that can't take the file (read-only, not a folder, full) is the
user's to fix and says so (ExportDirUnwritable, exit 2): checked before a
render is submitted, and met while writing, the claim stays, so the next
export picks up the same finished render.

A download never grows past the size the server announced, nor past
max_download_bytes() (env VIDEO_SKILL_MAX_DOWNLOAD_BYTES, 2 GiB): an endless one
stops with DownloadTooLarge (exit 15) and nothing is kept. Once the video has its
name, the claim records it (`delivered`): an export killed while fetching the
poster is finished by the next one (the poster's `.part`, named after the render,
resumed or removed) without downloading the video again.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from skill.core import config, errors, mp4, procs
from skill.api.client import DownloadTooLarge, new_render_id

# A claim older than this is abandoned (the backend gives up on renders long before).
CLAIM_TTL = 3600.0
# A live owner gets this long to submit its claim before another export submits it.
SUBMIT_GRACE = 30.0
# A poster is a frame, not a video: a download past this is not one.
POSTER_MAX_BYTES = 50 * 1024 * 1024


class ExportNotReady(errors.SkillError):
    key = "export_not_ready"
    exit_code = 2


class ExportFailed(errors.SkillError):
    key = "export_failed"
    exit_code = 15


class ExportDirUnwritable(errors.SkillError):
    """The folder the video goes to can't be written (read-only, not a folder, not ours), or is full."""
    key = "export_dir_unwritable"
    exit_code = 2


def _write_error(folder: Path, exc: OSError) -> ExportDirUnwritable:
    full = getattr(exc, "errno", None) in config.NO_SPACE
    return ExportDirUnwritable(type(exc).__name__, key="export_disk_full" if full else None, path=str(folder))


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
    poster: Path | None = None
    again: bool = False        # the project had not changed: the file delivered before, handed over again


def run(api, *, output: Path | None = None, deadline: float | None = None,
        on_progress: Callable[[str, dict], None] = lambda key, params: None) -> ExportResult:
    """Export the current project; `deadline` (monotonic) bounds this command's wait."""
    _check_folder(output)      # before any render: a video with nowhere to go helps nobody
    session = api.session()
    key = f"render:{api.base_url}:{session.session_id}"
    draft = None
    if not _live_claim(api.store.get(key)):
        state = api.state()
        draft = state.get("draft") if isinstance(state, dict) else None
        again = _delivered_again(api, session, draft, output)
        if again is not None:
            return again       # nothing changed since the last file: that file, at once, no render
    claim, resumed = _claim(api, key, draft)
    if resumed and claim.get("delivered"):
        # saved by an export that is still finishing (its poster): wait for it; killed: finish it
        done = _await_fetch(api, key, claim, session) if _fetching(claim) else _finish_delivered(
            api, key, claim, session)
        if done is not None:
            return done
        claim, resumed = _claim(api, key)
    if resumed and not claim.get("submitted"):
        # Another export claimed it: wait for its submit while it lives, else submit it ourselves.
        claim = _await_submission(api, key, claim)
        resumed = bool(claim.get("submitted"))
    if resumed:
        on_progress("export_resumed", {})
    else:
        claim = _submit(api, key, claim, on_progress)

    while True:
        status = _wait(api, claim["render_id"], deadline, on_progress)
        if status.status == "completed":
            break
        if status.status in ("failed", "cancelled", "canceled"):
            if claim["attempt"] >= 2:
                api.store.delete(key)
                raise ExportFailed()
            on_progress("export_retrying", {})
            claim = {**claim, "render_id": new_render_id(), "attempt": claim["attempt"] + 1,
                     "claimed": time.time(), "submitted": False, "owner": os.getpid()}
            api.store.set(key, claim)
            claim = _submit(api, key, claim, on_progress)
            continue
        raise ExportStillRendering(progress=status.progress if status.progress is not None else 0,
                                   render_id=claim["render_id"])

    folder = str(_target(output, claim.get("title") or "video").parent)
    while (other := _take_fetch(api, key, claim, folder)) is not None:
        # Another export is downloading this very render into this folder: its file, not a second
        # download into the same `.part`.
        shared = _await_fetch(api, key, other, session)
        if shared is not None:
            return shared
    path = _fetch(api, claim, status, output)
    claim = {**claim, "fetcher": os.getpid(), "fetch_dir": folder}   # still this export's, for the poster
    api.store.set(key, {**claim, "delivered": str(path)})   # from here on, never downloaded again
    poster = _fetch_poster(api, claim["render_id"], status.poster_url, path)
    _close(api, key, session, claim, path, poster)
    return ExportResult(path=path, render_id=claim["render_id"], size=path.stat().st_size,
                        link=api.task_link(session), resumed=resumed, poster=poster)


def last_delivered(api) -> tuple[Path | None, bool | None]:
    """The file the last export of this session delivered, while it is still whole where it was put, and
    whether the project is still the very draft it was rendered from (None: it could not be read)."""
    last = api.store.get(_delivered_key(api, api.session()))
    path = _whole_file(last)
    if path is None:
        return None, None
    try:
        state = api.state()
    except errors.SkillError:
        return path, None
    draft = state.get("draft") if isinstance(state, dict) else None
    return path, None if draft is None else last.get("draft") == _canonical(draft)


def rendering(api):
    """The render an export started and has not delivered yet (a RenderStatus), or None."""
    claim = _live_claim(api.store.get(f"render:{api.base_url}:{api.session().session_id}"))
    if not claim or not claim.get("submitted") or claim.get("delivered"):
        return None
    try:
        return api.render_poll(claim["render_id"])
    except errors.SkillError:
        return None


# --------------------------------------------------------------------------- delivered before
def _close(api, key: str, session, claim: dict, path: Path, poster: Path | None) -> None:
    """The claim done, and the file recorded as delivered (an unchanged project's next export
    hands it over again), in one transaction."""
    with api.store.transaction():
        api.store.delete(key)
        api.store.set(_delivered_key(api, session), {"draft": _canonical(claim.get("draft")), "path": str(path),
                                                     "poster": str(poster) if poster else None,
                                                     "render_id": claim["render_id"]})


def _delivered_key(api, session) -> str:
    return f"delivered:{api.base_url}:{session.session_id}"


def _whole_file(delivered) -> Path | None:
    """The video a delivered record names, when it is still whole where it was put."""
    path = Path(str(delivered.get("path") or "")) if isinstance(delivered, dict) else None
    return path if path is not None and path.is_file() and mp4.is_complete(path) else None


def _canonical(draft) -> str:
    import json

    return json.dumps(draft, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _delivered_again(api, session, draft, output: Path | None) -> ExportResult | None:
    """The last delivered file, when the project is the very draft it was rendered from and the
    file is still whole where it was put (and where this export would put it)."""
    last = api.store.get(_delivered_key(api, session))
    if not isinstance(last, dict) or last.get("draft") != _canonical(draft):
        return None
    path = _whole_file(last)
    if path is None:
        return None
    poster = Path(last["poster"]) if last.get("poster") and Path(last["poster"]).is_file() else None
    elsewhere = output.expanduser().resolve() not in (path.resolve(), path.parent.resolve()) if output is not None \
        else path.parent.resolve() != _target(None, "video").parent.resolve()
    if elsewhere:              # asked to put it somewhere else: a copy there, not a new render
        path, poster = _copied(path, poster, _target(output, path.stem.rsplit("-", 2)[0]))
    return ExportResult(path=path, render_id=str(last.get("render_id") or ""), size=path.stat().st_size,
                        link=api.task_link(session), resumed=False, poster=poster, again=True)


def _copied(path: Path, poster: Path | None, target: Path) -> tuple[Path, Path | None]:
    """The delivered video (and its preview picture) copied to `target`, written whole or not at all."""
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    shutil.copyfile(path, part)
    os.replace(part, target)
    if poster is None:
        return target, None
    picture = target.with_suffix(poster.suffix)
    shutil.copyfile(poster, picture)
    return target, picture


def _finish_delivered(api, key: str, claim: dict, session) -> ExportResult | None:
    """A claim whose video was saved before its command was killed (e.g. during the poster):
    the same file, its poster finished, and the claim closed. None when it no longer stands
    (the file is gone or incomplete, or the project changed since): the claim is dropped
    and the export starts afresh."""
    video = Path(claim["delivered"])
    same = False
    if video.is_file() and mp4.is_complete(video):
        state = api.state()
        same = isinstance(state, dict) and state.get("draft") == claim.get("draft")
    poster = None
    if same:
        try:
            poster_url = api.render_poll(claim["render_id"]).poster_url
        except errors.SkillError:
            poster_url = None
        poster = _fetch_poster(api, claim["render_id"], poster_url, video)
    else:
        _poster_part(claim["render_id"], video).unlink(missing_ok=True)
    if not same:
        with api.store.transaction():
            if (api.store.get(key) or {}).get("render_id") == claim["render_id"]:
                api.store.delete(key)
        return None
    _close(api, key, session, claim, video, poster)
    return ExportResult(path=video, render_id=claim["render_id"], size=video.stat().st_size,
                        link=api.task_link(session), resumed=True, poster=poster)


# --------------------------------------------------------------------------- the claim
def _claim(api, key: str, draft=None) -> tuple[dict, bool]:
    """Take over a live claim, or make a new one (of `draft`, or of the project as it is now);
    the check-and-set is atomic.

    The state is fetched outside the write transaction: no HTTP while the
    store is locked for other commands.
    """
    existing = _live_claim(api.store.get(key))
    if existing:
        return existing, True
    if draft is None:
        state = api.state()
        draft = state.get("draft") if isinstance(state, dict) else None
    from skill.core.draft import is_ready_for_export

    if not is_ready_for_export(draft):
        raise ExportNotReady()
    with api.store.transaction():
        existing = _live_claim(api.store.get(key))
        if existing:
            return existing, True
        claim = {"render_id": new_render_id(), "attempt": 1, "claimed": time.time(), "submitted": False,
                 "owner": os.getpid(), "draft": draft, "title": _title(draft)}
        api.store.set(key, claim)
        return claim, False


def _await_submission(api, key: str, claim: dict) -> dict:
    """The claim once its owner marked it submitted, or as it is when the owner is gone."""
    while time.time() - float(claim.get("claimed", 0)) <= SUBMIT_GRACE:
        current = _live_claim(api.store.get(key))
        if current is None:       # its owner already finished with it: the render exists
            return {**claim, "submitted": True}
        if current.get("submitted"):
            return current
        claim = current           # the same claim, or its owner's retry with a new id
        if not _owner_alive(claim):
            break                 # killed before or during its submit: no point waiting
        api.sleep(0.1)
    return claim


def _owner_alive(claim: dict) -> bool:
    owner = claim.get("owner")
    return bool(owner) and (owner == os.getpid() or procs.pid_alive(int(owner)))


def _live_claim(value) -> dict | None:
    if isinstance(value, dict) and value.get("render_id") and \
            time.time() - float(value.get("claimed", 0)) < CLAIM_TTL:
        return value
    return None


def _submit(api, key: str, claim: dict, on_progress) -> dict:
    """Submit the claimed id; an id the backend already has was ours and arrived."""
    on_progress("export_started", {})
    try:
        api.render_submit(claim["draft"], render_id=claim["render_id"])
    except errors.RenderExists:
        pass
    claim = {**claim, "submitted": True}
    api.store.set(key, claim)
    return claim


def _wait(api, render_id: str, deadline: float | None, on_progress):
    last = {"progress": None}

    def report(status) -> None:
        if status.progress is not None and status.progress != last["progress"] and not status.done:
            last["progress"] = status.progress
            on_progress("export_progress", {"progress": status.progress})

    return api.render_wait(render_id, on_progress=report, deadline=deadline)


# --------------------------------------------------------------------------- one download at a time
def _take_fetch(api, key: str, claim: dict, folder: str) -> dict | None:
    """Become the export that downloads this render into `folder` (atomically): None. Or the claim
    as it stands when another live export already is."""
    with api.store.transaction():
        current = api.store.get(key)
        if not isinstance(current, dict) or current.get("render_id") != claim["render_id"]:
            return None                        # closed meanwhile: nobody to share with
        if current.get("fetch_dir") == folder and _fetching(current):
            return current
        api.store.set(key, {**current, "fetcher": os.getpid(), "fetch_dir": folder})
        return None


def _fetching(claim: dict) -> bool:
    """Is another live export downloading this claim's files?"""
    fetcher = claim.get("fetcher")
    return isinstance(fetcher, int) and fetcher != os.getpid() and procs.pid_alive(fetcher)


def _await_fetch(api, key: str, claim: dict, session) -> ExportResult | None:
    """The file the other export delivers, once it has closed the claim; None when it is gone
    without delivering (then this export downloads, resuming its `.part`)."""
    render_id = claim["render_id"]
    while True:
        current = api.store.get(key)
        if not isinstance(current, dict) or current.get("render_id") != render_id:
            last = api.store.get(_delivered_key(api, session))
            if isinstance(last, dict) and last.get("render_id") == render_id:
                path = _whole_file(last)
                if path is not None:
                    poster = Path(last["poster"]) if last.get("poster") and Path(last["poster"]).is_file() else None
                    return ExportResult(path=path, render_id=render_id, size=path.stat().st_size,
                                        link=api.task_link(session), resumed=True, poster=poster)
            return None
        if not _fetching(current):
            if current.get("delivered"):       # it saved the video, then died: finish its work
                return _finish_delivered(api, key, current, session)
            return None
        api.sleep(0.1)


# --------------------------------------------------------------------------- the file
def _fetch(api, claim: dict, status, output: Path | None) -> Path:
    """Download into the render's `.part` (resuming one left behind), check it, name it."""
    target = _target(output, claim.get("title") or "video")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(target.parent, exc) from None
    part = target.with_name(f".{claim['render_id']}.mp4.part")
    failure: errors.SkillError = ExportFailed(key="export_download_bad", detail="not an MP4")
    for url, with_token in api.render_sources(claim["render_id"], status.url):
        try:
            got = api.download(url, part, with_token=with_token)
        except errors.SkillError as exc:
            # Unreachable or cut off: the next source may work (resuming the same part).
            if isinstance(exc, (errors.BackendUnavailable, DownloadTooLarge)):
                failure = exc     # if none works, the part stays for the next export to resume
            continue
        except OSError as exc:
            # Writing the part failed (full, read-only...): every source would fail the same way.
            # The claim stays, and what was written stays to be resumed: nothing is rendered twice.
            raise _write_error(target.parent, exc) from None
        size = part.stat().st_size if part.exists() else 0
        if got.expected is not None and size < got.expected:
            failure = errors.BackendUnavailable("download interrupted", sent=True)
            continue
        if got.expected is not None and size > got.expected or not mp4.is_complete(part):
            detail = "a web page, not the video" if mp4.looks_like_html(part) else "not an MP4"
            failure = ExportFailed(key="export_download_bad", detail=detail)
            part.unlink(missing_ok=True)   # not resumable into anything good: start over
            continue
        return _publish(part, target)
    raise failure


def _poster_part(render_id: str, video: Path) -> Path:
    """Named after the render: an export killed mid-poster leaves it where the next one looks."""
    return video.with_name(f".{render_id}.png.part")


def _fetch_poster(api, render_id: str, poster_url: str | None, video: Path) -> Path | None:
    """The poster frame beside the video, when the backend made one (a courtesy: never fails).
    A `.part` an earlier, killed export left is resumed, or removed when there is no poster."""
    part = _poster_part(render_id, video)
    if not poster_url:
        part.unlink(missing_ok=True)
        return None
    try:
        api.download(poster_url, part, with_token=api._same_origin(poster_url), limit=POSTER_MAX_BYTES)
        with open(part, "rb") as fh:
            if fh.read(8) != b"\x89PNG\r\n\x1a\n":
                raise ValueError("not a PNG")
        return _publish(part, video.with_suffix(".png"))
    except (errors.SkillError, OSError, ValueError):
        part.unlink(missing_ok=True)
        return None


def _publish(part: Path, target: Path) -> Path:
    """Give the finished file its name, never overwriting an earlier one (name-1, name-2…)."""
    candidate, n = target, 1
    while True:
        try:
            os.link(part, candidate)   # atomic, and fails if the name exists
            part.unlink()
            return candidate
        except FileExistsError:
            candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
            n += 1
        except OSError:                # no hard links here: reserve the name, then replace
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            except FileExistsError:
                candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
                n += 1
                continue
            except OSError as exc:
                raise _write_error(target.parent, exc) from None
            try:
                os.replace(part, candidate)
            except OSError as exc:
                candidate.unlink(missing_ok=True)   # never an empty file under the final name
                raise _write_error(target.parent, exc) from None
            return candidate


def _check_folder(output: Path | None) -> None:
    """The folder the video will go to exists (or is made) and takes a file; else ExportDirUnwritable.

    An `output` that names an existing file (not a folder, not a new .mp4 name) is said as such:
    the video would have gone into it as if it were a folder."""
    if output is not None and _is_existing_file(output):
        raise ExportDirUnwritable("not a folder", key="export_output_is_file", path=str(output.expanduser()))
    try:
        folder = _target(output, "video").parent
    except OSError as exc:     # e.g. the current folder was deleted
        raise _write_error(Path(os.environ.get("PWD") or "."), exc) from None
    probe = folder / f".video-skill-{os.getpid()}.probe"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    except OSError as exc:     # root ignores modes: only a real write tells
        raise _write_error(folder, exc) from None
    finally:
        try:
            probe.unlink()
        except OSError:
            pass


def _is_existing_file(output: Path) -> bool:
    """`output` is there and is not a folder, and is not an .mp4 name to save the video as."""
    output = output.expanduser()
    try:
        return os.path.lexists(output) and not output.is_dir() and output.suffix.lower() != ".mp4"
    except (OSError, ValueError):
        return False


def _title(draft) -> str:
    """A file name stem from the first segment with a title, if any."""
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


def _target(output: Path | None, title: str) -> Path:
    from skill.core import sanitize

    clean = getattr(sanitize, "clean_filename", None)
    stem = (clean(title) if clean else sanitize.clean(title)).lower()
    stem = "-".join("".join(c if c.isalnum() or c in "-_" else " " for c in stem).split())[:48] or "video"
    name = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.mp4"
    if output is None:
        # VIDEO_SKILL_EXPORT_DIR lets a host choose where deliveries land.
        return Path(os.environ.get("VIDEO_SKILL_EXPORT_DIR") or Path.cwd()).expanduser() / name
    output = output.expanduser()
    if output.suffix.lower() == ".mp4" and not output.is_dir():
        return output
    return output / name   # an existing folder, or a name without .mp4: a folder to put it in

"""Render jobs of /api/render/proxy/lambda: submit, poll, cancel, download.

A job runs as a background task: `pending` for a moment (time-scaled), then
`processing` while ffmpeg renders the draft in a thread, its progress the
true one (ffmpeg's `-progress` out_time against the draft's duration), then
`completed` (or `failed`, with the reason in `error`). Export costs no
credits. At most one active render per session.

Response layouts (--render-layout): vendor `{"success":true,"data":{"id",
"status","progress","outputUrl","posterUrl"}}`; seed `{"success":true,"id",
"status","progress","output":{"url","poster_url"}}`. The poster (a PNG of the
title frame, else a frame a third in) is also at GET
/api/render/proxy/<id>/poster.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from pathlib import Path
from urllib.parse import urlparse

from starlette.responses import FileResponse, JSONResponse

from skill.backend import faults as F
from skill.backend import media as M
from skill.backend.runtime import Backend
from skill.backend.db import ACTIVE_RENDER

log = logging.getLogger("skill.backend")

QUEUE_SECONDS = 5       # pending, before the scale
PROGRESS_EVERY = 0.1    # seconds between progress writes while ffmpeg runs
UNREACHABLE = "http://127.0.0.1:9/unreachable"   # port 9 (discard): nothing listens
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


def _fail(code: int, message: str, status: int) -> JSONResponse:
    return JSONResponse({"success": False, "code": code, "message": message, "data": None},
                        status_code=status)


def _poster_path(row) -> Path | None:
    if not row["output_path"]:
        return None
    path = Path(row["output_path"]).with_suffix(".png")
    return path if path.is_file() else None


def _view(bk: Backend, row) -> JSONResponse:
    done = row["status"] == "completed"
    url = row["output_url"] if done else None
    poster = None
    if done and url and url.endswith(".mp4") and _poster_path(row):
        poster = url[:-len(".mp4")] + ".png"     # beside the video, same host (or unreachable)
    body = {"id": row["id"], "status": row["status"], "progress": row["progress"]}
    if row["error"]:
        body["error"] = row["error"]
    if bk.opts.render_layout == "seed":
        return JSONResponse({"success": True, **body, "output": {"url": url, "poster_url": poster}})
    return JSONResponse({"success": True, "data": {**body, "outputUrl": url, "posterUrl": poster}})


def _resolver(bk: Backend):
    """`m.src` → what it is: an uploaded file (by its /media/ name), a generated clip
    (its prompt), or None (a URL we cannot read: rendered as a generated scene)."""
    def resolve(src: str) -> M.Source | None:
        name = urlparse(src).path.rsplit("/", 1)[-1] if "/" in src else src
        row = bk.db.media(name) if name else None
        if row is None:
            return None
        if row["spec"]:
            spec = json.loads(row["spec"])
            return M.Source("generated", prompt=str(spec.get("prompt") or spec.get("title") or ""))
        kind = M.file_type(name)
        if kind is None:
            return None
        return M.Source(kind, path=Path(row["path"]))
    return resolve


def submit(bk: Backend, body: dict, user_id: str, sid: str, faults: list, base_url: str):
    rid = body.get("id")
    draft = body.get("draft")
    output = body.get("output", {})
    if not isinstance(rid, str) or not _ID.match(rid):
        return _fail(400, "id is required (e.g. render_<unique>).", 400)
    if not isinstance(draft, dict) or not any((t or {}).get("sg") for t in draft.get("t") or []
                                              if isinstance(t, dict)):
        return _fail(400, "draft has no tracks with segments: nothing to render.", 400)
    if output is not None and not isinstance(output, dict):
        return _fail(400, "output must be an object.", 400)
    if (output or {}).get("format", "mp4") != "mp4":
        return _fail(400, "Only mp4 output is supported.", 400)
    db = bk.db
    with db.lock:
        if db.render(rid):
            return _fail(4091, f"Render id {rid} already exists: use a new id.", 409)
        active = db.one("SELECT id FROM renders WHERE session_id=? AND status IN (?,?)",
                        (sid, *ACTIVE_RENDER))
        if active:
            return _fail(4092, "A render is already running for this session. Wait for it to finish.", 409)
        now = time.time()
        names = [str(f) for f in faults if f.name in F.RENDER_FAULTS]
        db.exec("INSERT INTO renders(id, session_id, user_id, status, progress, faults, draft, "
                "created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?)",
                (rid, sid, user_id, "pending", 0, json.dumps(names), json.dumps(draft), now, now))
    db.count("renders_submitted")
    bk.spawn(_work(bk, rid, base_url))
    return _view(bk, db.render(rid))


async def _work(bk: Backend, rid: str, base_url: str) -> None:
    db, opts = bk.db, bk.opts

    def live() -> bool:
        row = db.render(rid)
        return row is not None and row["status"] in ACTIVE_RENDER

    state = {"fraction": 0.0, "stop": False}     # shared with the render thread
    try:
        await asyncio.sleep(opts.delay(QUEUE_SECONDS))
        if not live() or opts.stopping:
            return
        row = db.render(rid)
        faults = json.loads(row["faults"])
        db.update_render(rid, status="processing", progress=1)
        out = opts.data_dir / "renders" / f"{rid}.mp4"
        poster = out.with_suffix(".png")
        fail_at = 0.5 if "render_fail" in faults else None

        def cancelled() -> bool:
            return state["stop"] or (fail_at is not None and state["fraction"] >= fail_at)

        job = asyncio.get_running_loop().run_in_executor(
            None, lambda: M.render_draft(out, json.loads(row["draft"]), resolve=_resolver(bk),
                                         progress=lambda f: state.__setitem__("fraction", f),
                                         cancelled=cancelled, poster=poster,
                                         preset=opts.render_preset))
        shown = 1
        try:
            while not job.done():
                await asyncio.wait({job}, timeout=PROGRESS_EVERY)
                if not live() or opts.stopping:
                    state["stop"] = True
                    continue
                # 1..99 while ffmpeg works (100 only once the file is in place)
                pct = max(shown, min(99, int(state["fraction"] * 100)))
                if pct != shown:
                    shown = pct
                    db.update_render(rid, progress=pct)
            job.result()
        except M.RenderCancelled:
            out.unlink(missing_ok=True)
            poster.unlink(missing_ok=True)
            if fail_at is not None and live() and not opts.stopping:
                db.update_render(rid, status="failed",
                                 error="Render failed on the render node (lambda error).")
            return
        if not live() or opts.stopping:   # cancelled, or the server stops: left for the next boot
            out.unlink(missing_ok=True)
            poster.unlink(missing_ok=True)
            return
        url = f"{UNREACHABLE}/{rid}.mp4" if "url_unreachable" in faults else f"{base_url}/media/{rid}.mp4"
        db.add_media(f"{rid}.mp4", out, "video/mp4")
        if poster.exists():
            db.add_media(f"{rid}.png", poster, "image/png")
        db.update_render(rid, status="completed", progress=100, output_path=str(out), output_url=url)
    except asyncio.CancelledError:
        state["stop"] = True      # the server stops: ffmpeg is killed, not left behind
        raise
    except M.RenderError as exc:
        log.warning("render %s failed: %s", rid, exc)
        db.update_render(rid, status="failed", error=str(exc))
    except Exception:
        log.exception("render %s failed", rid)
        db.update_render(rid, status="failed", error="Render failed.")


def _owned(bk: Backend, rid: str, user_id: str):
    row = bk.db.render(rid)
    if row is None or row["user_id"] != user_id:
        return None
    return row


def poll(bk: Backend, rid: str, user_id: str):
    row = _owned(bk, rid, user_id)
    if row is None:
        return _fail(404, "Render not found.", 404)
    return _view(bk, row)


def cancel(bk: Backend, rid: str, user_id: str):
    row = _owned(bk, rid, user_id)
    if row is None:
        return _fail(404, "Render not found.", 404)
    if row["status"] not in ACTIVE_RENDER:
        return _fail(4093, f"Render already {row['status']}.", 409)
    # documented states only: a cancelled render reads as failed, error "cancelled"
    bk.db.update_render(rid, status="failed", error="cancelled")
    return _view(bk, bk.db.render(rid))


def download(bk: Backend, rid: str, user_id: str):
    row = _owned(bk, rid, user_id)
    if row is None:
        return _fail(404, "Render not found.", 404)
    if row["status"] != "completed" or not row["output_path"] or not Path(row["output_path"]).exists():
        return _fail(4094, f"Render is {row['status']}: no file yet.", 409)
    return FileResponse(row["output_path"], media_type="video/mp4", filename=f"{rid}.mp4")


def poster(bk: Backend, rid: str, user_id: str):
    row = _owned(bk, rid, user_id)
    if row is None:
        return _fail(404, "Render not found.", 404)
    path = _poster_path(row) if row["status"] == "completed" else None
    if path is None:
        return _fail(4094, f"Render is {row['status']}: no poster yet.", 409)
    return FileResponse(str(path), media_type="image/png", filename=f"{rid}.png")

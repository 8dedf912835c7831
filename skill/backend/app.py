"""The Starlette app: every endpoint of PROTOCOL.md plus the test knobs.

Each API handler goes through `_prepare`, which counts the request, applies
the faults meant for it, checks the bearer token and the session, in the
order the real backend would fail them. Errors are JSON envelopes, never an
HTML traceback page.
"""
from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, StreamingResponse
from starlette.routing import Route

from skill.backend import agent, auth, faults as F, renders, runner, stream, uploads, workspace
from skill.backend import envelope as E
from skill.backend.runtime import Backend
from skill.backend.db import DB, empty_state
from skill.backend.events import Encoder
from skill.backend.options import Options

log = logging.getLogger("skill.backend")

ATTRIBUTION = ("x-skill-source", "x-skill-version", "x-skill-platform")


@dataclass
class Prepared:
    """What `_prepare` found out about a request."""
    faults: list
    principal: auth.Principal | None = None
    session: object = None
    attributed: bool = True


def _bk(request: Request) -> Backend:
    return request.app.state.backend


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _faults(request: Request, kind: F.RequestKind) -> list:
    """The faults that apply to this request: its X-Local-Fault header's, then queued ones."""
    try:
        faults = F.parse(request.headers.get("x-local-fault", ""))
    except F.BadSpec as exc:
        raise E.Reply(E.error(400, f"X-Local-Fault: {exc}"))
    return [f for f in faults if F.applies(f, kind)] + _bk(request).faults.take(kind)


def _prepare(request: Request, *, authed: bool = True, has_session: bool = False,
             stream_req: bool = False, render_submit: bool = False, download: bool = False) -> Prepared:
    bk = _bk(request)
    db = bk.db
    template = request.scope["template"]   # the route's path, from the route table (build_app)
    db.count("requests", template)
    attributed = all(request.headers.get(h) for h in ATTRIBUTION)
    if not attributed:
        db.count("missing_attribution", template)
    db.count("platforms", request.headers.get("x-skill-platform") or "(none)")
    faults = _faults(request, F.RequestKind(path=request.url.path, stream=stream_req, render_submit=render_submit,
                                            download=download, has_session=has_session, authed=authed))
    for f in faults:
        db.count("faults_applied", str(f))
    ctx = Prepared(faults=faults, attributed=attributed)
    st = F.find(faults, "status")
    if st:
        raise E.Reply(E.error(st.arg, st.message or f"Injected HTTP {st.arg}.", status=st.arg))
    if F.find(faults, "rate_limit"):
        raise E.Reply(E.error(429, "Too many requests. Please retry later.", status=429))
    if not authed:
        return ctx
    principal = auth.check(db, request.headers.get("authorization"))
    if principal is None:
        raise E.Reply(E.error(1001))
    if F.find(faults, "expire_token"):
        auth.revoke(db, principal)
        raise E.Reply(E.error(1001, "Token expired."))
    ctx.principal = principal
    return ctx


def _session(request: Request, ctx: Prepared, session_id) -> None:
    """Unknown or someone else's session -> 1002."""
    db = _bk(request).db
    if not isinstance(session_id, str) or not session_id:
        raise E.Reply(E.error(400, "A session id is required."))
    if F.find(ctx.faults, "lose_session"):
        db.exec("DELETE FROM sessions WHERE session_id=? AND user_id=?",
                (session_id, ctx.principal.user_id))
    row = db.session(session_id)
    if row is None or row["user_id"] != ctx.principal.user_id:
        raise E.Reply(E.error(1002))
    ctx.session = row


def _handler(fn):
    """Turn E.Reply into its response; anything unexpected into a 500 envelope."""
    async def wrapped(request: Request):
        request.scope.setdefault("template", request.url.path)
        _bk(request).last_request = time.monotonic()
        try:
            return await fn(request)
        except E.Reply as r:
            return r.response
        except Exception:
            log.exception("handler failed: %s", request.url.path)
            return E.error(500, "Internal server error.", status=500)
    wrapped.__name__ = fn.__name__
    return wrapped


MAX_JSON_BYTES = 5 * 1024 * 1024   # drafts are small; refuse a runaway body instead of buffering it


async def _json_body(request: Request) -> dict:
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_JSON_BYTES:
        raise E.Reply(E.error(400, "Request body too large."))
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        raise E.Reply(E.error(400, "Request body must be JSON."))
    if not isinstance(body, dict):
        raise E.Reply(E.error(400, "Request body must be a JSON object."))
    return body


# --------------------------------------------------------------------------- auth, session, credits
@_handler
async def anonymous_token(request: Request):
    bk = _bk(request)
    _prepare(request, authed=False)
    client_id = (request.headers.get("x-client-id") or "").strip()
    if not client_id or len(client_id) > 200:
        return E.error(400, "Missing X-Client-Id header.", status=400)
    try:
        data = auth.issue(bk.db, client_id, _client_ip(request), ip_cap=bk.opts.ip_token_cap,
                          start_credits=bk.opts.start_credits)
    except auth.TokenRefused as exc:
        return E.error(429, str(exc), status=429)
    bk.db.count("tokens_issued")
    return E.ok(data)


@_handler
async def create_session(request: Request):
    bk = _bk(request)
    ctx = _prepare(request)
    body = await _json_body(request)
    task_name = body.get("task_name", "project")
    language = body.get("language", "en")
    if not isinstance(task_name, str) or not isinstance(language, str) or len(task_name) > 200:
        return E.error(400, "task_name and language must be strings.")
    session_id = str(secrets.randbelow(9 * 10**18) + 10**18)   # a long digit string, like the real one
    task_id = "task_" + secrets.token_hex(8)
    bk.db.exec("INSERT INTO sessions(session_id, task_id, user_id, task_name, language, created_at, state) "
               "VALUES(?,?,?,?,?,?,?)", (session_id, task_id, ctx.principal.user_id, task_name,
                                         language[:10], time.time(), json.dumps(empty_state())))
    bk.db.count("sessions_created")
    return E.ok({"task_id": task_id, "session_id": session_id, "user_id": ctx.principal.user_id})


@_handler
async def credits(request: Request):
    ctx = _prepare(request)
    row = _bk(request).db.user(ctx.principal.user_id)
    return E.ok({"available": row["available"], "frozen": row["frozen"],
                 "total": row["available"] + row["frozen"]})


@_handler
async def state(request: Request):
    sid = request.path_params["sid"]
    ctx = _prepare(request, has_session=True)
    _session(request, ctx, sid)
    st = _bk(request).db.load_state(sid)
    return E.ok({"session_id": sid, "state": st})


# --------------------------------------------------------------------------- chat
def _validate_run(body: dict) -> tuple[str, str]:
    if body.get("app_name") != "nemo_agent":
        raise E.Reply(E.error(400, "app_name must be \"nemo_agent\"."))
    if not isinstance(body.get("user_id"), str) or not body.get("user_id"):
        raise E.Reply(E.error(400, "user_id is required."))
    sid = body.get("session_id")
    if not isinstance(sid, str) or not sid:
        raise E.Reply(E.error(400, "session_id is required (snake_case)."))
    msg = body.get("new_message")
    parts = msg.get("parts") if isinstance(msg, dict) else None
    if not isinstance(parts, list) or not parts:
        raise E.Reply(E.error(400, "new_message.parts must be a non-empty list."))
    texts = [p.get("text") for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str)]
    text = "\n".join(t for t in texts if t.strip())
    if not text.strip():
        raise E.Reply(E.error(400, "new_message needs a text part."))
    if len(text) > 10000:
        raise E.Reply(E.error(400, "Message too long."))
    return sid, text


@_handler
async def run_sse(request: Request):
    bk = _bk(request)
    ctx = _prepare(request, has_session=True, stream_req=True)
    slow = F.find(ctx.faults, "slow_read")
    if slow:
        await asyncio.sleep(slow.arg / 1000)
    sid, text = _validate_run(await _json_body(request))
    _session(request, ctx, sid)
    bk.db.count("messages_received", sid)
    if F.find(ctx.faults, "no_credits"):
        return E.error(2001)
    try:
        cost = agent.plan(text, bk.db.load_state(sid)).cost
    except Exception:  # the turn reports it in-stream, like ADK (runner.run_turn): never a bare 500
        log.exception("planning failed")
        cost = 0
    row = bk.db.user(ctx.principal.user_id)
    if cost > row["available"]:
        return E.error(2001, f"Insufficient credits: this request needs {cost}, "
                             f"{row['available']} available.")
    queue: asyncio.Queue = asyncio.Queue()
    bk.spawn(runner.run_turn(bk, sid, ctx.principal.user_id, text, queue, _base_url(request)))
    encoder = Encoder(bk.opts.dialect)

    async def tracked():
        bk.open_streams += 1    # an open stream keeps --idle-exit away
        try:
            async for chunk in stream.body(queue, bk.opts, ctx.faults, encoder):
                yield chunk
        finally:
            bk.open_streams -= 1
            bk.last_request = time.monotonic()
            bk.stream_closed_at[sid] = time.time()

    return StreamingResponse(tracked(),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


# --------------------------------------------------------------------------- upload
@_handler
async def upload(request: Request):
    sid = request.path_params["sid"]
    ctx = _prepare(request, has_session=True)
    _session(request, ctx, sid)
    return await uploads.handle(_bk(request), request, sid, _base_url(request), ctx.faults)


# --------------------------------------------------------------------------- render
@_handler
async def render_submit(request: Request):
    bk = _bk(request)
    ctx = _prepare(request, has_session=True, render_submit=True)
    body = await _json_body(request)
    sid = body.get("sessionId")
    if not isinstance(sid, str) or not sid:
        return E.error(400, "sessionId is required (camelCase).")
    _session(request, ctx, sid)
    if not ctx.attributed:
        return E.error(402, "Free plan export blocked: this client is not allowed to export. "
                            "Register or upgrade your plan.", status=402)
    return renders.submit(bk, body, ctx.principal.user_id, sid, ctx.faults, _base_url(request))


@_handler
async def render_poll(request: Request):
    ctx = _prepare(request)
    return renders.poll(_bk(request), request.path_params["rid"], ctx.principal.user_id)


@_handler
async def render_cancel(request: Request):
    ctx = _prepare(request)
    return renders.cancel(_bk(request), request.path_params["rid"], ctx.principal.user_id)


@_handler
async def render_download(request: Request):
    ctx = _prepare(request, download=True)
    return _throttled(renders.download(_bk(request), request.path_params["rid"], ctx.principal.user_id), ctx)


@_handler
async def render_poster(request: Request):
    ctx = _prepare(request)
    return renders.poster(_bk(request), request.path_params["rid"], ctx.principal.user_id)


# --------------------------------------------------------------------------- media (the "CDN")
@_handler
async def media(request: Request):
    ctx = Prepared(faults=_faults(request, F.RequestKind(path=request.url.path, download=True, cdn=True)))
    bk = _bk(request)
    name = request.path_params["name"]
    row = bk.db.media(name)
    if row is None:
        return E.error(404, "No such file.", status=404)
    path = Path(row["path"])
    if not path.exists() and row["spec"]:   # generated clips are rendered on first download
        from skill.backend import media as M
        spec = json.loads(row["spec"])
        await asyncio.to_thread(M.render_generated, path, spec)
    if not path.exists():
        return E.error(404, "File is gone.", status=404)
    return _throttled(FileResponse(path, media_type=row["content_type"]), ctx)


def _throttled(response, ctx: Prepared):
    """The file response as it is, or, under `slow_body:MS`, the whole file (no ranges) in 16 KiB
    pieces MS milliseconds apart."""
    slow = F.find(ctx.faults, "slow_body")
    if slow is None or not isinstance(response, FileResponse):
        return response
    path = Path(response.path)

    async def pieces():
        data = await asyncio.to_thread(path.read_bytes)
        for at in range(0, len(data), 16384):
            yield data[at:at + 16384]
            await asyncio.sleep(slow.arg / 1000)

    return StreamingResponse(pieces(), media_type=response.media_type,
                             headers={"Content-Length": str(path.stat().st_size)})


# --------------------------------------------------------------------------- test knobs
@_handler
async def faults_post(request: Request):
    body = await _json_body(request)
    spec = body.get("fault")
    path = body.get("path")
    times = body.get("times", 1)
    message = body.get("message")   # optional: the error message a `status:CODE` fault answers with
    if not isinstance(spec, str) or (path is not None and not isinstance(path, str)) \
            or not isinstance(times, int) or (message is not None and not isinstance(message, str)):
        return E.error(400, "Body: {\"fault\": \"<spec>\", \"path\": \"<prefix>\"?, \"times\": N?, "
                            "\"message\": \"<text>\"?}")
    try:
        added = _bk(request).faults.add(spec, path, times, message)
    except F.BadSpec as exc:
        return E.error(400, str(exc))
    return E.ok({"queued": [str(f) for f in added], "pending": _bk(request).faults.pending()})


@_handler
async def faults_delete(request: Request):
    _bk(request).faults.clear()
    return E.ok({"pending": []})


@_handler
async def faults_get(request: Request):
    return E.ok({"pending": _bk(request).faults.pending()})


@_handler
async def stats(request: Request):
    bk = _bk(request)
    data = bk.db.counters()
    data.setdefault("messages_received", {})
    data.setdefault("renders_submitted", 0)
    data.setdefault("tokens_issued", 0)
    data.setdefault("requests", {})
    data.setdefault("missing_attribution", {})
    data.setdefault("platforms", {})   # X-Skill-Platform values seen -> request count
    data["running_tasks"] = len(bk.tasks)
    data["stream_closed_at"] = dict(bk.stream_closed_at)   # when each session's last /run_sse ended
    data["pending_faults"] = bk.faults.pending()
    return E.ok(data)


async def healthz(request: Request):
    return JSONResponse({"ok": True, "service": "nemovideo-local"})


# --------------------------------------------------------------------------- the app
async def _not_found(request: Request, exc: HTTPException):
    status = getattr(exc, "status_code", 404)
    msg = "Not found." if status == 404 else ("Method not allowed." if status == 405 else "Error.")
    return E.error(status, msg, status=status)


async def _server_error(request: Request, exc: Exception):
    return E.error(500, "Internal server error.", status=500)


def build(opts: Options) -> Starlette:
    opts.data_dir.mkdir(parents=True, exist_ok=True)
    db = DB(opts.data_dir / "backend.db")
    # work a previous process was doing cannot resume: fail it, give back frozen credits
    db.fail_interrupted_renders()
    db.exec("UPDATE users SET available=available+frozen, frozen=0 WHERE frozen>0")
    bk = Backend(opts=opts, db=db)
    def api(path: str, endpoint, methods: list[str]) -> Route:
        """A route whose path is also the name its requests are counted and faulted under."""
        async def named(request: Request):
            request.scope["template"] = path
            return await endpoint(request)
        return Route(path, named, methods=methods)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        api("/api/auth/anonymous-token", anonymous_token, methods=["POST"]),
        api("/api/tasks/me/with-session/nemo_agent", create_session, methods=["POST"]),
        api("/api/credits/balance/simple", credits, methods=["GET"]),
        api("/api/state/nemo_agent/me/{sid}/latest", state, methods=["GET"]),
        api("/run_sse", run_sse, methods=["POST"]),
        api("/api/upload-video/nemo_agent/me/{sid}", upload, methods=["POST"]),
        api("/api/render/proxy/lambda", render_submit, methods=["POST"]),
        api("/api/render/proxy/lambda/{rid}", render_poll, methods=["GET"]),
        api("/api/render/proxy/lambda/{rid}/cancel", render_cancel, methods=["POST"]),
        api("/api/render/proxy/{rid}/download", render_download, methods=["GET"]),
        api("/api/render/proxy/{rid}/poster", render_poster, methods=["GET"]),
        Route("/media/{name}", media, methods=["GET"]),
        # the project page of the skill's links (no token: task + session must match)
        Route(workspace.PAGE_PATH, workspace.page, methods=["GET"]),
        Route(workspace.API_PATH, workspace.api, methods=["GET"]),
        Route("/_local/faults", faults_post, methods=["POST"]),
        Route("/_local/faults", faults_delete, methods=["DELETE"]),
        Route("/_local/faults", faults_get, methods=["GET"]),
        Route("/_local/stats", stats, methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _not_found,
                                                       Exception: _server_error})
    app.state.backend = bk
    return app

"""The project page: the `$WEB/workspace/claim?task=…&session=…` link the skill hands out,
served by the local backend itself (with `--local`, WEB is this server's base URL).

  GET /workspace/claim?task=&session=        the page (HTML; other query keys ignored)
  GET /workspace/api/project?task=&session=  what the page polls every 2 s (JSON)

Access: no bearer token (a browser opens the link), but `task` and `session` must
name the same real session (compared in constant time; a task id is 64 random bits,
a session id about 63): anything else is a plain 404 with no data. The server listens on
loopback only (serve.py). The page's requests are not API traffic: they are not
counted in /_local/stats, and the 2 s poll does not keep `--idle-exit` away (a
forgotten tab must not keep a detached server alive; opening the page does count).

Media: the player's `src`/`poster` are same-origin `/media/<render id>.mp4|.png`,
the names a finished render registers (whatever host its outputUrl names, even
under the `url_unreachable` fault); the data shown comes from `project.view`.
"""
from __future__ import annotations

import json
import secrets
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from skill.backend import project
from skill.backend.runtime import Backend

PAGE_PATH = "/workspace/claim"
API_PATH = "/workspace/api/project"
TEMPLATES = Path(__file__).parent / "templates"
RENDERS_SHOWN = 20
FRAGMENTS = ("status", "export", "export_note", "timeline")   # blocks of project.html
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}
NOT_FOUND_HTML = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title>"
                  "</head><body><h1>Project not found</h1><p>This link does not name a project on this "
                  "server.</p></body></html>")


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("project.html")


def _bk(request: Request) -> Backend:
    return request.app.state.backend


def _session(request: Request):
    """The session that `task` and `session` both name, else None."""
    task = request.query_params.get("task", "")
    sid = request.query_params.get("session", "")
    if not (0 < len(task) <= 200 and 0 < len(sid) <= 200):
        return None
    row = _bk(request).db.session(sid)
    if row is None or not secrets.compare_digest(row["task_id"].encode(), task.encode()):
        return None
    return row


def _file(bk: Backend, name: str) -> str | None:
    row = bk.db.media(name)
    return f"/media/{quote(name)}" if row is not None and Path(row["path"]).is_file() else None


def _renders(bk: Backend, sid: str) -> list[dict]:
    out = []
    for r in bk.db.all("SELECT id, status, progress, error, draft FROM renders WHERE session_id=? "
                       "ORDER BY created_at DESC, rowid DESC LIMIT ?", (sid, RENDERS_SHOWN)):
        done = r["status"] == "completed"
        try:
            draft = json.loads(r["draft"])
        except (TypeError, ValueError):
            draft = None
        out.append({"id": r["id"], "status": r["status"], "progress": r["progress"], "error": r["error"],
                    "draft": draft, "video": _file(bk, f"{r['id']}.mp4") if done else None,
                    "poster": _file(bk, f"{r['id']}.png") if done else None})
    return out


def _view(bk: Backend, row) -> dict:
    sid = row["session_id"]
    return project.view(bk.db.load_state(sid), _renders(bk, sid), bk.turn_kind.get(sid))


def _not_found(html: bool) -> Response:
    if html:
        return HTMLResponse(NOT_FOUND_HTML, status_code=404, headers=_HEADERS)
    return JSONResponse({"error": "not found"}, status_code=404, headers=_HEADERS)


async def page(request: Request) -> Response:
    bk = _bk(request)
    bk.last_request = time.monotonic()
    row = _session(request)
    if row is None:
        return _not_found(html=True)
    nonce = secrets.token_urlsafe(16)
    html = _template().render(v=_view(bk, row), nonce=nonce, api_path=API_PATH)
    csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
           "img-src 'self' data:; media-src 'self'; connect-src 'self'; "
           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return HTMLResponse(html, headers={**_HEADERS, "Content-Security-Policy": csp})


async def api(request: Request) -> Response:
    row = _session(request)
    if row is None:
        return _not_found(html=False)
    v = _view(_bk(request), row)
    return JSONResponse({**v, "html": fragments(v)}, headers=_HEADERS)


def fragments(v: dict) -> dict[str, str]:
    """The page's live parts, each of its blocks rendered alone (and escaped) for the script."""
    t = _template()
    ctx = t.new_context({"v": v})
    return {name: "".join(t.blocks[name](ctx)) for name in FRAGMENTS}

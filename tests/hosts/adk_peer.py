"""A test peer: Google's real ADK API server (google-adk's `get_fast_api_app`) serving the
scripted `nemo_agent` (tests/hosts/adk_agents/), plus the few NemoVideo endpoints the skill
calls around `/run_sse`, in one HTTP server on loopback.

Run with the ADK venv's python (tests/hosts/setup.sh builds it in .hosts/adk):

    .hosts/adk/bin/python tests/hosts/adk_peer.py --port 0 --ready-file /tmp/peer.url

It writes its base URL (http://127.0.0.1:PORT) to the ready file once it listens.

What is ADK's own, untouched: /run_sse (request model, session check, SSE framing, event
JSON), the session service and the /apps/... session routes. What the peer adds:

  POST /api/auth/anonymous-token             X-Client-Id required (else HTTP 400)
  POST /api/tasks/me/with-session/nemo_agent  creates the ADK session (user "me") through
                                              ADK's session service; task_id/session_id/user_id
  GET  /api/state/nemo_agent/me/{sid}/latest  data.state from the ADK session's state (the
                                              agent's tool writes the draft there)
  GET  /api/credits/balance/simple
  GET  /_peer/stats                           what the peer saw: every /run_sse request (its
                                              body, HTTP status, events streamed, when the
                                              response ended: time.monotonic() and time.time())

The /api routes want a bearer token the peer issued (else HTTP 401, code 1001), like the
real backend; /run_sse is left as ADK serves it (the peer records the header only).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fastapi import Request
from fastapi.responses import JSONResponse
from google.adk.cli.fast_api import get_fast_api_app
from google.adk.cli.service_registry import get_service_registry
from google.adk.sessions import InMemorySessionService

APP = "nemo_agent"
USER = "me"              # the skill's /run_sse body says user_id "me"; ADK keys sessions by it
AGENTS_DIR = Path(__file__).resolve().parent / "adk_agents"
KEEP_STREAM_TEXT = 64_000


def initial_state() -> dict:
    return {"draft": {}, "video_infos": [], "canvas_config": {}, "video_analyses": [], "generated_media": []}


class Stats:
    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}        # token -> anonymous user id
        self.sessions: list[dict] = []
        self.runs: list[dict] = []              # one per /run_sse request
        self.requests: list[list] = []          # [method, path, status, time.monotonic() at its start]

    def as_json(self) -> dict:
        accepted = [r for r in self.runs if r["status"] == 200]
        return {"now_monotonic": time.monotonic(), "now_wall": time.time(),
                "tokens_issued": len(self.tokens), "sessions": self.sessions,
                "messages_received": len(accepted), "runs": self.runs, "requests": self.requests[-200:]}


class Recorder:
    """ASGI wrapper: records each request, and for /run_sse the body, the status, the SSE
    text and the moment the response ended (its last body chunk was sent)."""

    def __init__(self, app, stats: Stats):
        self.app = app
        self.stats = stats

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        entry = [scope["method"], scope["path"], None, round(time.monotonic(), 3)]
        self.stats.requests.append(entry)
        run = None
        if scope["path"] == "/run_sse":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            run = {"status": None, "body": None, "raw_body": "", "accept": headers.get("accept"),
                   "authorization": "Bearer" if headers.get("authorization", "").startswith("Bearer ") else None,
                   "content_type": None, "events": 0, "stream": "", "complete": False,
                   "started_monotonic": time.monotonic(), "started_wall": time.time(),
                   "ended_monotonic": None, "ended_wall": None}
            self.stats.runs.append(run)
        body = bytearray()

        async def receive_recorded():
            message = await receive()
            if run is not None and message["type"] == "http.request":
                body.extend(message.get("body", b""))
                if not message.get("more_body"):
                    run["raw_body"] = body.decode("utf-8", "replace")
                    try:
                        run["body"] = json.loads(body)
                    except ValueError:
                        pass
            return message

        async def send_recorded(message):
            if message["type"] == "http.response.start":
                entry[2] = message["status"]
                if run is not None:
                    run["status"] = message["status"]
                    for k, v in message.get("headers", []):
                        if k.lower() == b"content-type":
                            run["content_type"] = v.decode("latin-1")
            elif message["type"] == "http.response.body" and run is not None:
                chunk = message.get("body", b"").decode("utf-8", "replace")
                run["events"] += sum(1 for line in chunk.splitlines() if line.startswith("data:"))
                if len(run["stream"]) < KEEP_STREAM_TEXT:
                    run["stream"] += chunk
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body") and run is not None:
                run["ended_monotonic"], run["ended_wall"] = time.monotonic(), time.time()
                run["complete"] = True

        try:
            await self.app(scope, receive_recorded, send_recorded)
        finally:
            if run is not None and run["ended_monotonic"] is None:   # cut: the client went away
                run["ended_monotonic"], run["ended_wall"] = time.monotonic(), time.time()


def envelope(data=None, code: int = 0, message: str | None = None, status: int = 200) -> JSONResponse:
    body = {"code": code, "data": data}
    if message:
        body["message"] = message
    return JSONResponse(body, status_code=status)


def build(host: str = "127.0.0.1", port: int = 0):
    """The ASGI app to serve and its Stats."""
    sessions = InMemorySessionService()
    # ADK's own extension point for session services: a URI scheme whose factory hands
    # ADK this instance, so the NemoVideo routes below share the sessions /run_sse uses.
    get_service_registry().register_session_service("peer", lambda uri, **kwargs: sessions)
    app = get_fast_api_app(agents_dir=str(AGENTS_DIR), session_service_uri="peer://",
                           artifact_service_uri="memory://", memory_service_uri="memory://",
                           use_local_storage=False, web=False, host=host, port=port, bind_host=host)
    stats = Stats()

    def user_of(request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        return stats.tokens.get(auth[7:]) if auth.startswith("Bearer ") else None

    def unauthorized() -> JSONResponse:
        return envelope(code=1001, message="invalid or expired token", status=401)

    @app.post("/api/auth/anonymous-token")
    async def anonymous_token(request: Request):
        if not request.headers.get("x-client-id"):
            return envelope(code=400, message="X-Client-Id header is required", status=400)
        token, user = f"nmv_usr_{secrets.token_hex(16)}", f"anon_{secrets.token_hex(6)}"
        stats.tokens[token] = user
        expires = (datetime.now(timezone.utc) + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return envelope({"token": token, "user_id": user, "expires_at": expires, "credits": 100})

    @app.post("/api/tasks/me/with-session/nemo_agent")
    async def new_task(request: Request):
        user = user_of(request)
        if not user:
            return unauthorized()
        sid = str(secrets.randbelow(10**18) + 10**18)        # a long digit string, like the service's
        await sessions.create_session(app_name=APP, user_id=USER, session_id=sid, state=initial_state())
        task = f"task_{secrets.token_hex(8)}"
        stats.sessions.append({"session_id": sid, "task_id": task, "user_id": user})
        return envelope({"task_id": task, "session_id": sid, "user_id": user})

    @app.get("/api/state/nemo_agent/me/{sid}/latest")
    async def latest_state(sid: str, request: Request):
        if not user_of(request):
            return unauthorized()
        session = await sessions.get_session(app_name=APP, user_id=USER, session_id=sid)
        if session is None:
            return envelope(code=1002, message="session not found", status=404)
        state = {**initial_state(), **{k: v for k, v in session.state.items() if k in initial_state()}}
        return envelope({"state": state})

    @app.get("/api/credits/balance/simple")
    async def credits(request: Request):
        if not user_of(request):
            return unauthorized()
        return envelope({"available": 100, "frozen": 0, "total": 100})

    @app.get("/_peer/stats")
    async def peer_stats():
        return JSONResponse(stats.as_json())

    return Recorder(app, stats), stats


async def serve(host: str, port: int, ready_file: Path | None) -> None:
    import uvicorn

    asgi, _ = build(host, port)
    server = uvicorn.Server(uvicorn.Config(asgi, host=host, port=port, log_level="warning",
                                          access_log=False, lifespan="on"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            await task            # failed to start: raise its error
            raise SystemExit("adk_peer: the server stopped before listening")
        await asyncio.sleep(0.05)
    bound = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://{host}:{bound}"
    if ready_file:
        tmp = ready_file.with_name(ready_file.name + ".tmp")
        tmp.write_text(url + "\n")
        os.replace(tmp, ready_file)
    print(f"adk_peer: listening on {url}", file=sys.stderr, flush=True)
    await task


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--ready-file", type=Path, help="write the base URL here once listening")
    args = parser.parse_args(argv)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        parser.error("loopback only")
    asyncio.run(serve(args.host, args.port, args.ready_file))
    return 0


if __name__ == "__main__":
    sys.exit(main())

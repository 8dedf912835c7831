"""Scripted NemoVideo-compatible peers that are not our embedded backend, over real HTTP.

A real deployment differs from the embedded backend: another project shape, a
backend that never adds music, one that adds it long after the run, an agent
that answers with no text. `ScriptedPeer` speaks just enough of PROTOCOL.md
(token, session, state, credits, /run_sse in either dialect) for the skill to
run a turn against it, and plays a script per message:

    peer = ScriptedPeer(project=UPLOADS_ONLY)
    peer.on_message = lambda peer, text: Script(events=[...], changes=[...], later=[...])

A `Script` is the events of the run (dicts, one per `data:` line, with an
optional float for a pause in seconds), the drafts the project becomes while
it runs (`during`, applied before the first event) and afterwards (`later`:
(delay seconds after the stream closed, draft)). `peer.runs` records each
run: when its stream closed (time.time()) and the message.
"""
from __future__ import annotations

import copy
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Script:
    events: list = field(default_factory=list)
    during: dict | None = None                  # the draft once the run's tool has worked
    later: list = field(default_factory=list)    # [(seconds after the stream closed, draft)]


@dataclass
class Run:
    message: str
    closed_at: float | None = None
    last_event_at: float | None = None   # just before its last event was written: nothing can answer it earlier


def adk(parts: list, partial: bool = False, **extra) -> dict:
    """An ADK event (google.adk.events.Event as JSON, camelCase) by the agent."""
    role = "user" if any("functionResponse" in p for p in parts) else "model"
    event = {"author": "nemo_agent", "invocationId": "e-peer", "id": uuid.uuid4().hex[:8],
             "timestamp": time.time(), "content": {"role": role, "parts": parts}, **extra}
    if partial:
        event["partial"] = True
    return event


def adk_text(text: str, partial: bool = False) -> dict:
    return adk([{"text": text}], partial)


def adk_call(name: str, **extra) -> dict:
    return adk([{"functionCall": {"id": "c-" + name, "name": name, "args": {}}}], **extra)


def adk_response(name: str) -> dict:
    return adk([{"functionResponse": {"id": "c-" + name, "name": name, "response": {"status": "ok"}}}])


class ScriptedPeer:
    def __init__(self, project: dict | None = None, on_message: Callable[["ScriptedPeer", str], Script] | None = None,
                 canvas: dict | None = None):
        self.draft = copy.deepcopy(project) if project else {}
        self.canvas = canvas     # the state's `canvas_config` when given: a project shape whose draft has no size
        self.on_message = on_message or (lambda peer, text: Script(events=[adk_text("OK.")]))
        self.runs: list[Run] = []
        self.forget_next_session = False   # the next /run_sse answers like ADK: 404 "Session not found"
        self.render_requests = 0           # any /api/render/... request (a test asserts none came)
        self.render_at: list[float] = []   # when each came (time.time()), to order them against runs
        self.sessions = 0
        self.lock = threading.Lock()
        self._timers: list[threading.Timer] = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"      # each answer ends with its connection: plain and certain

            def log_message(self, *args):
                pass

            def do_GET(self):
                peer._get(self)

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                peer._post(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    # -- lifecycle ----------------------------------------------------------------------
    def stop(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "ScriptedPeer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def set_draft(self, draft: dict) -> None:
        with self.lock:
            self.draft = copy.deepcopy(draft)

    # -- endpoints ----------------------------------------------------------------------
    @staticmethod
    def _json(handler, obj: dict, status: int = 200) -> None:
        body = json.dumps(obj).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _get(self, h) -> None:
        if h.path.startswith("/api/state/"):
            with self.lock:
                draft = copy.deepcopy(self.draft)
            state = {"draft": draft, "video_infos": []}
            if self.canvas is not None:
                state["canvas_config"] = dict(self.canvas)
            return self._json(h, {"code": 0, "data": {"state": state}})
        if h.path.startswith("/api/credits/balance/simple"):
            return self._json(h, {"code": 0, "data": {"available": 80, "frozen": 0, "total": 80}})
        self._json(h, {"code": 404, "message": "not here"}, 404)

    def _post(self, h, body: bytes) -> None:
        if h.path == "/api/auth/anonymous-token":
            return self._json(h, {"code": 0, "data": {"token": "nmv_usr_peer", "user_id": "anon_peer",
                                                      "credits": 80}})
        if h.path.startswith("/api/tasks/me/with-session/"):
            self.sessions += 1
            return self._json(h, {"code": 0, "data": {"task_id": f"task-peer{self.sessions}",
                                                      "session_id": f"42424{self.sessions}", "user_id": "anon_peer"}})
        if h.path.startswith("/api/render/"):
            self.render_requests += 1
            self.render_at.append(time.time())
            return self._json(h, {"success": False, "message": "this peer renders nothing"}, 500)
        if h.path == "/run_sse":
            request = json.loads(body)
            if self.forget_next_session:
                self.forget_next_session = False
                return self._json(h, {"detail": f"Session not found: {request['session_id']}"}, 404)
            return self._run(h, request["new_message"]["parts"][0]["text"])
        self._json(h, {"code": 404, "message": "not here"}, 404)

    def _run(self, h, message: str) -> None:
        script = self.on_message(self, message)
        run = Run(message)
        self.runs.append(run)
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Cache-Control", "no-cache")
        h.end_headers()
        if script.during is not None:
            self.set_draft(script.during)
        last = max((i for i, item in enumerate(script.events) if not isinstance(item, (int, float))), default=-1)
        for i, item in enumerate(script.events):
            if isinstance(item, (int, float)):
                time.sleep(item)
                continue
            if i == last:
                run.last_event_at = time.time()
            h.wfile.write(b"data: " + json.dumps(item).encode() + b"\n\n")
            h.wfile.flush()
        h.wfile.flush()
        h.close_connection = True
        run.closed_at = time.time()
        for delay, draft in script.later:
            timer = threading.Timer(delay, self.set_draft, args=(draft,))
            timer.daemon = True
            self._timers.append(timer)
            timer.start()


# --------------------------------------------------------------------------- project shapes
def video_track(*segments: tuple[str, int, int]) -> dict:
    """A video track of (name, start s, duration s) segments, in a shape of its own: no track or
    segment ids, the name under `name` (not `title`), an unknown `origin` key."""
    return {"tt": 0, "sg": [{"s": s * 1000, "d": d * 1000, "m": {"name": n, "origin": "upload"}}
                            for n, s, d in segments]}


def music_track(name: str, seconds: int, volume: int = 40) -> dict:
    return {"tt": 1, "sg": [{"s": 0, "d": seconds * 1000, "m": {"title": name, "volume": volume}}]}


def title_track(text: str) -> dict:
    return {"tt": 7, "sg": [{"s": 0, "d": 2000, "m": {"text": text}}]}

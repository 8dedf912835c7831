"""Shared fixtures: a real local NemoVideo backend over real HTTP.

Fixtures (stable API, used by the client/turn tests too):

``backend_factory(**flags) -> BackendHandle``  (function-scoped)
    Starts ``python -m skill.backend`` as a subprocess on a free loopback port
    with a fresh temporary data dir, and stops it at the end of the test.
    Flags are keyword arguments named like the CLI flags (``time_scale=0.01``,
    ``keepalive=10``, ``dialect="simple"``, ``render_layout="seed"``,
    ``max_upload_bytes=1000``, ``ip_token_cap=3``, ``error_http="rest"``,
    ``idle_exit=...``); a value of True passes a bare switch. Defaults for tests:
    ``time_scale=0.01`` (a 150 s generation takes ~1.5 s; an edit ~0.2 s),
    ``keepalive=10`` (a keep-alive every 0.1 s once scaled) and
    ``ip_token_cap=10000`` (so many tests can mint tokens).
    ``data_dir=PATH`` reuses a data dir instead of a fresh one.

``backend`` -> BackendHandle  (function-scoped): one started with the defaults.

``tiny_mp4`` -> Path  (session-scoped): a real 2 s 320x180 H.264/AAC MP4.

``shared_backend`` -> BackendHandle  (session-scoped): one server for tests
    that isolate themselves (own client id, token and session) and clear any
    fault they queue. Cheaper; do not stop/restart it.

BackendHandle:
    .url                      base URL, e.g. "http://127.0.0.1:41234"
    .data_dir                 pathlib.Path of the server's data dir
    .pid                      the server process id
    .fault(spec, path=None, times=1)   queue a fault (POST /_local/faults)
    .clear_faults()           DELETE /_local/faults
    .stats() -> dict          GET /_local/stats "data" (messages_received per
                              session, renders_submitted, tokens_issued,
                              requests per path template, missing_attribution...)
    .stop()                   stop the server (SIGINT, graceful)
    .restart(**flags)         stop, then start again on the same data dir (and,
                              when free, the same port, so .url stays valid);
                              flags override the original ones
    .token(client_id=None) -> str      a fresh anonymous token (new client id)
    .headers(token=None) -> dict       Bearer + the three attribution headers
    .new_session(token=None) -> str    a new session id
    .chat(sid, text, token=None, headers=None) -> list   POST /run_sse, returns the
                              decoded `data:` payloads (dicts; undecodable lines as str)
    .state(sid, token=None) -> dict    data.state
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import httpx
import pytest

from skill.core import manifest
from skill.backend import launcher

DEFAULT_FLAGS = {"time_scale": 0.01, "keepalive": 10, "ip_token_cap": 10000}
_MANIFEST = manifest.load()
ATTRIBUTION = {"X-Skill-Source": _MANIFEST.name, "X-Skill-Version": _MANIFEST.version,
               "X-Skill-Platform": "unknown"}

# Property tests draw the same examples on every run (a red CI must be reproducible, not a draw
# of luck); HYPOTHESIS_PROFILE=explore draws new ones, as `make test-explore` does, to find more.
try:
    from hypothesis import settings as _hypothesis
except ImportError:                       # the core-only environment of `make test-min`
    _hypothesis = None
if _hypothesis is not None:
    _hypothesis.register_profile("repeatable", derandomize=True, print_blob=True)
    _hypothesis.register_profile("explore", print_blob=True)
    _hypothesis.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


# Slow suites that need tools `make test` does not install: each runs only under its own make
# target, which sets the variable; otherwise its tests are skipped, saying which target runs them.
GATED_SUITES = {
    "hosts": ("VIDEO_SKILL_HOSTS_DIR", "fresh-host test: run `make test-hosts`"),
    "browser": ("VIDEO_SKILL_BROWSER", "real-browser test: run `make test-browser`"),
}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for folder, (variable, reason) in GATED_SUITES.items():
        if os.environ.get(variable):
            continue
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if here / folder in Path(str(item.fspath)).parents:
                item.add_marker(skip)


def _argv(flags: dict) -> list[str]:
    out = []
    for k, v in flags.items():
        if v is None or v is False:
            continue
        out.append("--" + k.replace("_", "-"))
        if v is not True:
            out.append(str(v))
    return out


class BackendHandle:
    def __init__(self, data_dir: Path, flags: dict):
        self.data_dir = Path(data_dir)
        self.flags = dict(flags)
        self._server: launcher.LocalServer | None = None
        self._default_token: str | None = None
        self._start()

    # -- lifecycle -------------------------------------------------------------
    def _start(self, port: int | None = None) -> None:
        extra = _argv(self.flags)
        if port:
            try:   # same port when free, so URLs handed to clients stay valid
                self._server = launcher.start(self.data_dir, extra_args=[*extra, "--port", str(port)])
                return
            except launcher.LaunchError:
                pass
        self._server = launcher.start(self.data_dir, extra_args=extra)

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def pid(self) -> int:
        return self._server.pid

    def stop(self) -> None:
        if self._server:
            self._server.stop()

    def restart(self, **flags) -> "BackendHandle":
        port = int(self.url.rsplit(":", 1)[1])
        self.stop()
        self.flags.update(flags)
        self._start(port)
        return self

    # -- knobs -----------------------------------------------------------------
    def fault(self, spec: str, path: str | None = None, times: int = 1) -> None:
        body = {"fault": spec, "times": times}
        if path:
            body["path"] = path
        r = httpx.post(self.url + "/_local/faults", json=body, timeout=10)
        assert r.status_code == 200, r.text

    def clear_faults(self) -> None:
        httpx.delete(self.url + "/_local/faults", timeout=10).raise_for_status()

    def stats(self) -> dict:
        return httpx.get(self.url + "/_local/stats", timeout=10).json()["data"]

    # -- conveniences for tests ------------------------------------------------
    def token(self, client_id: str | None = None) -> str:
        r = httpx.post(self.url + "/api/auth/anonymous-token",
                       headers={"X-Client-Id": client_id or str(uuid.uuid4())}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["data"]["token"]

    def _tok(self, token: str | None) -> str:
        if token:
            return token
        if not self._default_token:
            self._default_token = self.token()
        return self._default_token

    def headers(self, token: str | None = None) -> dict:
        return {"Authorization": "Bearer " + self._tok(token), **ATTRIBUTION}

    def new_session(self, token: str | None = None) -> str:
        r = httpx.post(self.url + "/api/tasks/me/with-session/nemo_agent", headers=self.headers(token),
                       json={"task_name": "project", "language": "en"}, timeout=10)
        assert r.status_code == 200 and r.json()["code"] == 0, r.text
        return r.json()["data"]["session_id"]

    def chat(self, sid: str, text: str, token: str | None = None, headers: dict | None = None,
             timeout: float = 60) -> list:
        body = {"app_name": "nemo_agent", "user_id": "me", "session_id": sid,
                "new_message": {"parts": [{"text": text}]}}
        h = {**self.headers(token), "Accept": "text/event-stream", **(headers or {})}
        out: list = []
        with httpx.stream("POST", self.url + "/run_sse", json=body, headers=h, timeout=timeout) as r:
            if not r.headers.get("content-type", "").startswith("text/event-stream"):
                r.read()
                raise AssertionError(f"not an SSE stream: {r.status_code} {r.text}")
            for line in r.iter_lines():
                if line.startswith("data:") and line[5:].strip():
                    try:
                        out.append(json.loads(line[5:]))
                    except ValueError:
                        out.append(line[5:].strip())
        return out

    def state(self, sid: str, token: str | None = None) -> dict:
        r = httpx.get(f"{self.url}/api/state/nemo_agent/me/{sid}/latest", headers=self.headers(token),
                      timeout=10)
        assert r.json()["code"] == 0, r.text
        return r.json()["data"]["state"]


@pytest.fixture
def backend_factory():
    handles: list[BackendHandle] = []
    dirs: list[str] = []

    def make(**flags) -> BackendHandle:
        data_dir = flags.pop("data_dir", None)
        if data_dir is None:
            data_dir = tempfile.mkdtemp(prefix="nemo-backend-")
            dirs.append(data_dir)
        h = BackendHandle(Path(data_dir), {**DEFAULT_FLAGS, **flags})
        handles.append(h)
        return h

    yield make
    for h in handles:
        h.stop()
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def backend(backend_factory) -> BackendHandle:
    return backend_factory()


@pytest.fixture(scope="session")
def shared_backend():
    data_dir = tempfile.mkdtemp(prefix="nemo-backend-shared-")
    h = BackendHandle(Path(data_dir), dict(DEFAULT_FLAGS))
    yield h
    h.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def tiny_mp4(tmp_path_factory) -> Path:
    """A real 2-second 320x180 MP4 (H.264 + AAC) made with the bundled ffmpeg."""
    from skill.backend import media

    return media.render_clip(tmp_path_factory.mktemp("media") / "tiny.mp4", 2, "16:9", tone=True)

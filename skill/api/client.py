"""The NemoVideo API client: one method per endpoint, auth and session handled.

    with NemoClient.open(settings) as api:
        api.credits()          -> Credits(available, frozen, total)
        api.state()            -> dict  (data.state: draft, video_infos, ...)
        api.upload_files([p])  -> list[dict]   (data.files)
        api.render_submit(draft) -> render id; api.render_poll(id) -> RenderStatus
        api.task_link()        -> str (never carries the token)

Retries done here, once each: 1001 → fresh anonymous token; 429 → wait
`Timings.rate_limit_wait`; 1002 → new session where the request is safe to
repeat (the user is told: see `take_notices`); connection refused before the
request left → once. Everything else is a SkillError subclass (skill.core.errors).
"""
from __future__ import annotations

import contextlib
import mimetypes
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from skill.api.httpx_lean import httpx

from skill.core import config, errors
from skill.api.auth import TokenKeeper
from skill.api.http import Attribution, Http, Signal, parse
from skill.api.session import Session, SessionBook, from_answer, register_link, task_link
from skill.core.store import Store
from skill.core.timing import Timings

from skill.core import formats as _formats  # noqa: E402  the ONE list of upload formats and limits

SUPPORTED = _formats.SUPPORTED
SUPPORTED_EXTENSIONS = _formats.EXTENSIONS
MAX_UPLOAD_BYTES = _formats.MAX_UPLOAD_BYTES
APP = "nemo_agent"


@dataclass(frozen=True)
class Credits:
    available: float
    frozen: float
    total: float


@dataclass(frozen=True)
class Download:
    path: Path
    expected: int | None          # the whole file's size, when the server said
    content_type: str


MAX_DOWNLOAD_ENV = "VIDEO_SKILL_MAX_DOWNLOAD_BYTES"
DEFAULT_MAX_DOWNLOAD = 2 * 1024 ** 3     # a few minutes of 1080p are a few hundred MB


def max_download_bytes(env: dict | None = None) -> int:
    """The most a download may bring (env VIDEO_SKILL_MAX_DOWNLOAD_BYTES, else 2 GiB)."""
    raw = ((os.environ if env is None else env).get(MAX_DOWNLOAD_ENV) or "").strip()
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_MAX_DOWNLOAD
    return value if value > 0 else DEFAULT_MAX_DOWNLOAD


def human_size(n: int) -> str:
    for unit, size in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


class DownloadTooLarge(errors.SkillError):
    """A download past its cap (the size the server announced, else max_download_bytes), or one
    announced bigger than the ceiling: stopped, nothing kept."""
    key = "download_too_large"
    exit_code = 15


def new_render_id() -> str:
    return f"render_{int(time.time() * 1000)}_{secrets.token_hex(4)}"


def _total_of(response: httpx.Response, offset: int) -> int | None:
    """The whole file's size from Content-Range ("bytes a-b/N") or Content-Length (+ the resumed offset)."""
    content_range = response.headers.get("content-range", "")
    if "/" in content_range:
        total = content_range.rsplit("/", 1)[1].strip()
        return int(total) if total.isdigit() else None
    length = response.headers.get("content-length", "")
    return offset + int(length) if length.isdigit() else None


@dataclass(frozen=True)
class RenderStatus:
    render_id: str
    status: str                 # pending | processing | completed | failed (as the backend says)
    progress: int | None
    url: str | None
    poster_url: str | None = None

    @property
    def done(self) -> bool:
        return self.status in ("completed", "failed", "cancelled", "canceled")


class NemoClient:
    def __init__(self, settings: config.Settings, *, store: Store | None = None,
                 timings: Timings | None = None, transport: httpx.BaseTransport | None = None,
                 base_url: str | None = None, lang: str = "en", sleep: Callable[[float], None] = time.sleep):
        if base_url is None and not settings.is_local and not config.is_http_url(settings.api_url):
            raise config.ApiUrlNotUrl(var="NEMO_API_URL", value=settings.api_url[:80])
        self.settings = settings
        self.timings = timings or Timings.from_env()
        self.lang = lang
        self.sleep = sleep
        self._own_store = store is None
        self.store = store or Store.open(settings)
        endpoint = base_url or settings.endpoint
        if not endpoint:   # "local", but no command started the embedded backend (skill.faces.local)
            raise errors.BackendUnavailable("the local backend is not running", sent=False)
        self.base_url = endpoint.rstrip("/")
        self._reading_credits = False   # the balance read to word a refusal: never read again inside it
        self.attribution = Attribution.current()
        self.http = Http(self.base_url, self.timings, self.attribution, transport)
        # Token and session are kept per configured API ("local" stays "local" even
        # when the embedded server comes back on another port).
        self.scope = settings.api_url if base_url is None else self.base_url
        self.auth = TokenKeeper(settings, self.store, self.http, self.timings, sleep=sleep, scope=self.scope)
        self.sessions = SessionBook(self.store, self.scope)
        self._notices: list[str] = []

    @classmethod
    def open(cls, settings: config.Settings | None = None, **kwargs: Any) -> "NemoClient":
        return cls(settings or config.from_env(), **kwargs)

    def __repr__(self) -> str:
        return f"NemoClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self.http.close()
        if self._own_store:
            self.store.close()

    def __enter__(self) -> "NemoClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- notices ------------------------------------------------------------------
    def take_notices(self) -> list[str]:
        """Message keys (intents/messages.yaml) to tell the user, e.g. "project_restarted"."""
        notices, self._notices = self._notices, []
        return notices

    # -- session --------------------------------------------------------------------
    def session(self) -> Session:
        """The current project session, created on first need (once, across processes)."""
        return self.sessions.current() or self.new_session()

    def new_session(self, replacing: str | None = None) -> Session:
        """A new project session in place of `replacing` (None: there is none yet).

        Made once across processes: under the session book's lock, a command that
        waited finds the session another one just made (any session but
        `replacing`) and uses it, so parallel commands share one project.
        """
        with self.sessions.lock():
            current = self.sessions.current()
            if current is not None and current.session_id != replacing:
                return current
            data = self._call("POST", lambda _s: ("/api/tasks/me/with-session/nemo_agent",
                                                   {"json": {"task_name": "project", "language": self.lang}}),
                              needs_session=False)
            session = from_answer(data)
            self.sessions.save(session)
            return session

    def task_link(self, session: Session | None = None) -> str | None:
        session = session or self.sessions.current()
        if not session:
            return None
        a = self.attribution
        return task_link(self.settings.link_base, session, a.source, a.version, a.platform)

    def no_credits_error(self) -> errors.NoCredits:
        session = self.sessions.current()
        anonymous = self.auth.is_anonymous if not (session and session.user_id) else \
            session.user_id.startswith("anon")
        left = self._credits_left()
        if not anonymous:
            return errors.NoCreditsRegistered(key="not_enough_credits_registered", available=left) if left \
                else errors.NoCreditsRegistered()
        bind = (session.user_id if session and session.user_id else None) or self.auth.user_id \
            or (session.session_id if session else "")
        a = self.attribution
        link = register_link(self.settings.web_url, session, bind or "", a.source, a.version, a.platform)
        return errors.NoCredits(key="not_enough_credits_anonymous", link=link, available=left) if left \
            else errors.NoCredits(link=link)

    def _credits_left(self) -> str | None:
        """The balance, when some is left ("9"): a request that costs more than that is refused as if
        there were none, and "you're out of credits" would be wrong. None when none is left, or it
        cannot be read."""
        if self._reading_credits:
            return None      # the balance endpoint itself answered "no credits"
        self._reading_credits = True
        try:
            available = self.credits().available
        except errors.SkillError:     # the refusal is what matters; the balance only words it
            return None
        finally:
            self._reading_credits = False
        return f"{available:g}" if isinstance(available, (int, float)) and available > 0 else None

    # -- endpoints ------------------------------------------------------------------
    def credits(self) -> Credits:
        from skill.api.http import BalanceUnreadable

        data = self._call("GET", lambda _s: ("/api/credits/balance/simple", {}), needs_session=False)

        def number(value: Any) -> float | None:
            if isinstance(value, bool) or value is None:
                return None
            try:
                n = float(value)
            except (TypeError, ValueError):
                return None
            return n if n == n and abs(n) != float("inf") else None

        data = data if isinstance(data, dict) else {}
        available = number(data.get("available"))
        if available is None:   # never "0 available, out of credits" for an answer we can't read
            raise BalanceUnreadable("the balance could not be read")
        frozen = number(data.get("frozen")) or 0.0
        total = number(data.get("total"))
        return Credits(available, frozen, available + frozen if total is None else total)

    def state(self) -> dict:
        """data.state of the current session: draft, video_infos, generated_media, ..."""
        data = self._call("GET", lambda s: (f"/api/state/{APP}/me/{s.session_id}/latest", {}))
        if isinstance(data, dict):
            state = data.get("state", data)
            return state if isinstance(state, dict) else {}
        return {}

    def upload_files(self, paths: list[str | Path]) -> list[dict]:
        files = [_check_upload(Path(p)) for p in paths]
        if not files:
            raise errors.BadInput("no files to upload")

        def build(s: Session):
            # Opened per attempt; httpx streams them in chunks, never whole into memory.
            fields = [("files", (p.name, open(p, "rb"), _mime(p))) for p in files]
            return f"/api/upload-video/{APP}/me/{s.session_id}", {"files": fields}

        data = self._call("POST", build, timeout=httpx.Timeout(
            max(self.timings.http_read, 300.0), connect=self.timings.http_connect))
        return _files(data)

    def upload_urls(self, urls: list[str]) -> list[dict]:
        if not urls:
            raise errors.BadInput("no URLs to upload")
        data = self._call("POST", lambda s: (f"/api/upload-video/{APP}/me/{s.session_id}",
                                             {"json": {"urls": list(urls), "source_type": "url"}}))
        return _files(data)

    def render_submit(self, draft: dict, render_id: str) -> None:
        """Start an export under `render_id` (skill.api.export claims the id first).

        Not repeated on a lost session (the draft is gone). RenderExists when the
        backend already has this id: an earlier submit of ours arrived.
        """
        body = {"id": render_id, "draft": draft, "output": {"format": "mp4", "quality": "high"}}
        self._call("POST", lambda s: ("/api/render/proxy/lambda",
                                      {"json": {**body, "sessionId": s.session_id}}),
                   retry_lost_session=False)

    def render_poll(self, render_id: str) -> RenderStatus:
        body = self._call("GET", lambda _s: (f"/api/render/proxy/lambda/{render_id}", {}),
                          needs_session=False)
        return parse_render(render_id, body)

    def render_cancel(self, render_id: str) -> None:
        self._call("POST", lambda _s: (f"/api/render/proxy/lambda/{render_id}/cancel", {}),
                   needs_session=False)

    def render_wait(self, render_id: str, on_progress: Callable[[RenderStatus], None] | None = None,
                    deadline: float | None = None) -> RenderStatus:
        """Poll every render_poll_every until done, or `deadline` (monotonic; default: render_limit)."""
        if deadline is None or deadline == float("inf"):
            deadline = time.monotonic() + self.timings.render_limit
        while True:
            status = self.render_poll(render_id)
            if on_progress:
                on_progress(status)
            left = deadline - time.monotonic()
            if status.done or left <= 0:
                return status
            self.sleep(min(self.timings.render_poll_every, left))

    def render_sources(self, render_id: str, url: str | None) -> list[tuple[str, bool]]:
        """Where the MP4 can be fetched, best first: (URL or path, send the token there).

        The render's own URL first (the token only goes to our own API's origin),
        then the backend's download endpoint.
        """
        sources = [(url, self._same_origin(url))] if url else []
        return sources + [(f"/api/render/proxy/{render_id}/download", True)]

    def download(self, url: str, part: Path, *, with_token: bool, limit: int | None = None) -> Download:
        """Fetch `url` into `part`, resuming what an interrupted download left there (HTTP Range).

        On a dropped connection the part stays for the next try to resume. Never more than the
        size the server announced, nor than `limit` (default max_download_bytes()): past it, or
        announced past the ceiling, DownloadTooLarge and the part removed.
        """
        ceiling = max_download_bytes() if limit is None else limit
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        token = self.auth.token() if with_token else None
        response = self.http.send("GET", url, token=token, stream=True, headers=headers,
                                  timeout=httpx.Timeout(max(self.timings.http_read, 300.0),
                                                        connect=self.timings.http_connect))
        try:
            if response.status_code == 416:       # nothing left to fetch, or a stale part
                response.read()
                return Download(part, _total_of(response, have), response.headers.get("content-type", ""))
            if response.status_code >= 400:
                response.read()
                try:
                    parse(response)
                except Signal as signal:
                    raise errors.ApiError(f"download failed ({signal.kind})") from None
                raise errors.ApiError(f"download failed (HTTP {response.status_code})")
            resumed = response.status_code == 206 and have > 0
            expected = _total_of(response, have if resumed else 0)
            if expected is not None and expected > ceiling:
                part.unlink(missing_ok=True)
                raise DownloadTooLarge(key="download_announced_too_large", size=f"{expected:,}",
                                       limit=f"{ceiling:,} bytes ({human_size(ceiling)})", env=MAX_DOWNLOAD_ENV)
            cap = ceiling if expected is None else expected
            written = have if resumed else 0
            with open(part, "ab" if resumed else "wb") as fh:
                for chunk in response.iter_bytes(1 << 16):
                    written += len(chunk)
                    if written > cap:
                        break
                    fh.write(chunk)
            if written > cap:      # an endless (or lying) body: nothing of it is kept
                part.unlink(missing_ok=True)
                raise DownloadTooLarge(limit=human_size(cap), env=MAX_DOWNLOAD_ENV)
            return Download(part, expected, response.headers.get("content-type", ""))
        except httpx.TransportError:
            raise errors.BackendUnavailable("download interrupted", sent=True) from None
        finally:
            response.close()

    # -- chat stream ------------------------------------------------------------------
    @contextlib.contextmanager
    def open_chat_stream(self, message: str, *, on_session: Callable[[Session], None] | None = None
                         ) -> Iterator[httpx.Response]:
        """POST /run_sse and yield the open event-stream response.

        Repeats the request only when the backend cannot have taken the message:
        connection refused (once), 1001 (re-auth), 1002 (new session), 429 (wait).
        Anything after that point raises BackendUnavailable(sent=True): the
        caller must recover through state polling, never send again.
        """
        tries = {"connect": 0, "token": 0, "session": 0, "throttled": 0}
        while True:
            session = self.session()
            if on_session:
                on_session(session)
            body = {"app_name": APP, "user_id": "me", "session_id": session.session_id,
                    "new_message": {"parts": [{"text": message}]}}
            try:
                response = self.http.send("POST", "/run_sse", token=self.auth.token(), stream=True,
                                          timeout=self.http.stream_timeout(), json=body,
                                          headers={"Accept": "text/event-stream", "Cache-Control": "no-store"})
            except errors.BackendUnavailable as exc:
                if not exc.sent and tries["connect"] == 0:
                    tries["connect"] += 1
                    self.sleep(self.timings.connect_retry_wait)
                    continue
                raise
            content_type = response.headers.get("content-type", "")
            if response.status_code == 200 and "text/event-stream" in content_type:
                try:
                    yield response
                finally:
                    response.close()
                return
            # A JSON answer instead of a stream: the message was not taken.
            try:
                response.read()
            except httpx.TransportError:
                response.close()
                raise errors.BackendUnavailable("connection dropped", sent=True) from None
            response.close()
            try:
                parse(response)
                raise errors.ApiError(f"HTTP {response.status_code}, no stream")
            except Signal as signal:
                self._handle_signal(signal, tries, session, retry_lost_session=True)
            except errors.BackendUnavailable as exc:
                # An error answer, not a cut stream: the service said no (HTTP 5xx).
                raise errors.ServiceFailed(exc.detail, sent=True) from None

    # -- internals ------------------------------------------------------------------
    def _call(self, method: str, build: Callable[[Session | None], tuple[str, dict]], *,
              needs_session: bool = True, retry_lost_session: bool = True,
              timeout: httpx.Timeout | None = None) -> Any:
        tries = {"connect": 0, "token": 0, "session": 0, "throttled": 0}
        while True:
            session = self.session() if needs_session else None
            kwargs: dict = {}
            try:
                path, kwargs = build(session)
                return self.http.json_call(method, path, token=self.auth.token(),
                                           timeout=timeout, **kwargs)
            except Signal as signal:
                self._handle_signal(signal, tries, session, retry_lost_session=retry_lost_session)
            except errors.BackendUnavailable as exc:
                if exc.sent or tries["connect"]:
                    raise
                tries["connect"] += 1
                self.sleep(self.timings.connect_retry_wait)
            finally:
                _close_files(kwargs)

    def _handle_signal(self, signal: Signal, tries: dict, session: Session | None, *,
                       retry_lost_session: bool) -> None:
        """Return to retry; raise the user-facing error otherwise."""
        kind = signal.kind
        if kind == "token":
            if tries["token"] or self.auth.from_env:
                raise (errors.EnvTokenRejected() if self.auth.from_env else errors.TokenRejected())
            tries["token"] += 1
            self.auth.refresh()
            return
        if kind == "throttled":
            if tries["throttled"]:
                raise errors.RateLimited()
            tries["throttled"] += 1
            from skill.api.http import throttle_wait

            self.sleep(throttle_wait(signal, self.timings))   # the server's Retry-After, capped
            return
        if kind == "session":
            self.sessions.forget(session.session_id if session else None)
            if session is None or not retry_lost_session or tries["session"]:
                raise errors.SessionLost()
            tries["session"] += 1
            self._notices.append("project_restarted")
            return
        if kind == "credits":
            raise self.no_credits_error()
        raise errors.ApiError(f"HTTP {signal.status}")

    def _same_origin(self, url: str) -> bool:
        if url.startswith("/"):
            return True
        a, b = urlsplit(url), urlsplit(self.base_url)
        return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def parse_render(render_id: str, body: Any) -> RenderStatus:
    """Accept {"success","data":{status,outputUrl}}, {"success","status","output":{"url"}} and envelopes."""
    body = body if isinstance(body, dict) else {}
    data = body.get("data") if isinstance(body.get("data"), dict) else {}
    merged = {**body, **data} if data else body

    def first(*values):
        return next((v for v in values if v not in (None, "")), None)

    out_top = body.get("output") if isinstance(body.get("output"), dict) else {}
    out_data = data.get("output") if isinstance(data.get("output"), dict) else {}
    url = first(data.get("outputUrl"), data.get("output_url"), out_data.get("url"),
                out_top.get("url"), body.get("outputUrl"), data.get("url"))
    progress = first(merged.get("progress"))
    try:
        progress = int(float(progress)) if progress is not None else None
    except (TypeError, ValueError):
        progress = None
    poster = first(data.get("posterUrl"), data.get("poster_url"), out_data.get("poster_url"),
                   out_top.get("poster_url"), body.get("posterUrl"))
    status = str(first(data.get("status"), body.get("status"), "pending")).lower()
    return RenderStatus(render_id, status, progress, str(url) if url else None,
                        str(poster) if isinstance(poster, str) and poster else None)


def _check_upload(path: Path) -> Path:
    """The file as named, once skill.core.attachments accepts it (content, links, size); else its refusal."""
    from skill.core import attachments

    return attachments.check(path).path


def _mime(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _close_files(kwargs: dict) -> None:
    for _field, spec in kwargs.get("files") or ():
        handle = spec[1] if isinstance(spec, tuple) and len(spec) > 1 else None
        if hasattr(handle, "close"):
            handle.close()


def _files(data: Any) -> list[dict]:
    files = data.get("files") if isinstance(data, dict) else None
    return [f for f in files if isinstance(f, dict)] if isinstance(files, list) else []


def _num(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0

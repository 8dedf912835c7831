"""The wire layer: one httpx.Client, attribution headers, envelopes, error mapping.

Knows nothing about tokens or sessions beyond "put this bearer token on the
request". Every answer is turned into either the payload the caller wants or
an exception: a user-facing SkillError, or a `Signal` the client layer acts on
(re-auth, new session, rate-limit wait) before anything reaches the user.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from skill.api.httpx_lean import httpx

from skill.core import catalogue, errors
from skill.core.sanitize import clean
from skill.core.timing import Timings

# Transport errors that prove the request never left this machine: safe to retry.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

CODE_OK = 0
CODE_TOKEN = 1001
CODE_SESSION = 1002
CODE_CREDITS = 2001
CODE_UNSUPPORTED = 4001
CODE_TOO_LARGE = 4002
CODE_RENDER_EXISTS = 4091   # a render with this id was already submitted (ours: it arrived)


RETRY_AFTER_CAP = 120.0   # seconds: a longer Retry-After is not worth holding a command for


class Signal(Exception):
    """An answer the client layer handles itself (never shown as is)."""

    def __init__(self, kind: str, status: int = 0, message: str = "", retry_after: float | None = None):
        self.kind = kind          # "token" | "session" | "throttled" | "client_id" | "credits"
        self.status = status
        self.message = message
        self.retry_after = retry_after   # seconds the server asked us to wait (HTTP Retry-After)
        super().__init__(kind)


class MessageTooLong(errors.BadInput):
    """The backend refused a chat message for its size (HTTP 413, or 400 naming it)."""
    key = "message_too_long"


class UnsupportedUpload(errors.UnsupportedFile):
    """4001 / HTTP 415: the service refused a file's type; the message lists skill.core.formats."""
    key = "upload_unsupported_service"

    def render(self, lang: str | None = None) -> str:
        from skill.core import formats

        lang = lang or "en"
        return catalogue.message(self.key, lang, **{**self.params, "formats": formats.describe(lang)})


class BalanceUnreadable(errors.ApiError):
    """The credits answer had no readable balance: never shown as "0, out of credits"."""
    key = "credits_unreadable"


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from an HTTP Retry-After value (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None or when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:   # NaN
        return None
    return max(0.0, seconds)


def throttle_wait(signal: Signal, timings: Timings) -> float:
    """How long to wait after a 429: the server's Retry-After (capped), else the default;
    scaled like every other wait (VIDEO_SKILL_TIME_SCALE)."""
    if signal.retry_after is None:
        return timings.rate_limit_wait
    scale = timings.rate_limit_wait / Timings.rate_limit_wait
    return min(signal.retry_after, RETRY_AFTER_CAP) * scale


@dataclass(frozen=True)
class Attribution:
    source: str
    version: str
    platform: str

    def headers(self) -> dict[str, str]:
        return {"X-Skill-Source": self.source, "X-Skill-Version": self.version,
                "X-Skill-Platform": self.platform}

    @classmethod
    def current(cls) -> "Attribution":
        from skill.core import hosts, manifest

        m = manifest.current()
        return cls(source=m.name, version=m.version, platform=hosts.detect())


class BearerAuth(httpx.Auth):
    """Adds the token per request; its repr never shows the token."""

    def __init__(self, token: str):
        self._token = token

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(<hidden>)"


class Http:
    def __init__(self, base_url: str, timings: Timings, attribution: Attribution,
                 transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        self.timings = timings
        self.attribution = attribution
        from skill.api.httpx_lean import tls_on_first_use

        connection = {"transport": transport} if transport is not None else tls_on_first_use()
        self.client = httpx.Client(
            base_url=self.base_url, follow_redirects=False, **connection,
            headers={**attribution.headers(), "User-Agent": f"{attribution.source}/{attribution.version}"},
            timeout=httpx.Timeout(timings.http_read, connect=timings.http_connect))

    def close(self) -> None:
        self.client.close()

    def stream_timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.timings.stream_read, connect=self.timings.http_connect)

    # -- requests -------------------------------------------------------------
    def send(self, method: str, path: str, *, token: str | None, stream: bool = False,
             timeout: httpx.Timeout | None = None, **kwargs: Any) -> httpx.Response:
        """Send; transport failures become BackendUnavailable(sent=...)."""
        request = self.client.build_request(method, path, timeout=timeout or httpx.USE_CLIENT_DEFAULT,
                                            **kwargs)
        try:
            return self.client.send(request, stream=stream,
                                    auth=BearerAuth(token) if token else None)
        except NOT_SENT as exc:
            raise errors.BackendUnavailable(describe(exc), sent=False) from None
        except httpx.TransportError as exc:
            raise errors.BackendUnavailable(describe(exc), sent=True) from None

    def json_call(self, method: str, path: str, *, token: str | None, **kwargs: Any) -> Any:
        response = self.send(method, path, token=token, **kwargs)
        return parse(response)


def describe(exc: BaseException) -> str:
    """A short, secret-free description of a transport failure."""
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return "connection refused"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return "connection dropped"
    return type(exc).__name__


class AnswerTooDeep(errors.ApiError):
    """An answer nested deeper than skill.core.jsonsafe.MAX_DEPTH: refused, never parsed into a crash."""
    key = "answer_too_deep"


def body_json(response: httpx.Response) -> Any:
    """The answer's JSON, or None when it is not JSON; AnswerTooDeep when it is nested absurdly deep."""
    from skill.core import jsonsafe

    try:
        return jsonsafe.loads(response.content)
    except jsonsafe.TooDeep as exc:
        raise AnswerTooDeep(str(exc), depth=exc.limit) from None
    except (ValueError, UnicodeDecodeError):
        return None


def parse(response: httpx.Response) -> Any:
    """Unwrap either layout; raise for every error answer.

    Envelope `{"code","data","message"}` → data. Render `{"success": ...}` → the
    whole body (render parsers pick the fields). Body codes win over HTTP status
    (a 1002 may come with HTTP 404).
    """
    try:
        return _parse(response)
    except Signal as signal:
        if signal.kind == "throttled":
            signal.retry_after = retry_after(response.headers.get("retry-after"))
        raise


def _parse(response: httpx.Response) -> Any:
    body = body_json(response)
    status = response.status_code
    if status in (400, 413):
        _refuse_long_message(response, status, _message(body) if isinstance(body, dict) else "")
    if isinstance(body, dict) and "code" in body:
        try:
            code = int(body["code"])
        except (TypeError, ValueError):
            code = -1
        if code == CODE_OK and status < 400:
            return body.get("data")
        if code != CODE_OK:
            raise_for_code(code, status, _message(body))
    if status == 404 and isinstance(body, dict) and _SESSION_NOT_FOUND in _message(body).lower():
        # ADK's API server: {"detail": "Session not found: <sid>"}, no code: the session is gone.
        raise_for_code(CODE_SESSION, status, _message(body))
    if status >= 400:
        raise_for_status(status, _message(body) if isinstance(body, dict) else "")
    if isinstance(body, dict) and "success" in body:
        if body.get("success") is False:
            raise errors.ApiError(_message(body) or "request failed")
        return body
    if body is None:
        raise errors.ApiError(f"unreadable answer, HTTP {status}")
    return body


_SESSION_NOT_FOUND = "session not found"


def _message(body: dict) -> str:
    """The backend's own words, cleaned where they enter (they may reach a terminal)."""
    for key in ("message", "msg", "error", "detail"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return " ".join(clean(value[:400]).split())[:200]
    return ""


def _refuse_long_message(response: httpx.Response, status: int, message: str) -> None:
    """A chat message refused for its size says so (exit 2), instead of "HTTP 400, try again"."""
    try:
        request = response.request
    except RuntimeError:
        return
    if not request.url.path.endswith("/run_sse"):
        return
    try:
        parts = json.loads(request.content)["new_message"]["parts"]
        length = sum(len(p.get("text") or "") for p in parts if isinstance(p, dict))
    except (ValueError, KeyError, TypeError, AttributeError, httpx.RequestNotRead):
        return
    lowered = message.lower()
    if status == 413 or "too long" in lowered or "too large" in lowered or length > 10_000:
        raise MessageTooLong(chars=f"{length:,}")


def raise_for_code(code: int, status: int, message: str) -> None:
    if code == CODE_TOKEN:
        raise Signal("token", status, message)
    if code == CODE_SESSION:
        raise Signal("session", status, message)
    if code == CODE_CREDITS:
        raise Signal("credits", status, message)
    if code == CODE_UNSUPPORTED:
        raise UnsupportedUpload(message)
    if code == CODE_TOO_LARGE:
        raise errors.FileTooLarge(message, detail_suffix="")
    if code == CODE_RENDER_EXISTS:
        raise errors.RenderExists(message)
    # Other codes mirror an HTTP status (the backend writes {"code": 429} etc.).
    if status >= 400:
        raise_for_status(status, message)
    if 400 <= code <= 599:
        raise_for_status(code, message)
    raise errors.ApiError(_with_message(f"code {code}", message))


def raise_for_status(status: int, message: str) -> None:
    if status == 401:
        raise Signal("token", status, message)
    if status == 429:
        raise Signal("throttled", status, message)
    if status == 402:
        raise errors.ExportBlocked(message)
    if status == 400:
        raise Signal("client_id", status, message)
    if status == 413:
        raise errors.FileTooLarge(message, detail_suffix="")
    if status == 415:
        raise UnsupportedUpload(message)
    if status >= 500:
        raise errors.BackendUnavailable(f"HTTP {status}", sent=True)
    raise errors.ApiError(_with_message(f"HTTP {status}", message))


def _with_message(what: str, message: str) -> str:
    """"HTTP 418: <the backend's words>" (already cleaned by _message), or just "HTTP 418"."""
    return f"{what}: {message}" if message else what

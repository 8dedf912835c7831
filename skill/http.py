"""The wire layer: one httpx.Client, attribution headers, envelopes, error mapping.

Knows nothing about tokens or sessions beyond "put this bearer token on the
request". Every answer is turned into either the payload the caller wants or
an exception: a user-facing SkillError, or a `Signal` the client layer acts on
(re-auth, new session, rate-limit wait) before anything reaches the user.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from skill import errors
from skill.timing import Timings

# Transport errors that prove the request never left this machine: safe to retry.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

CODE_OK = 0
CODE_TOKEN = 1001
CODE_SESSION = 1002
CODE_CREDITS = 2001
CODE_UNSUPPORTED = 4001
CODE_TOO_LARGE = 4002


class Signal(Exception):
    """An answer the client layer handles itself (never shown as is)."""

    def __init__(self, kind: str, status: int = 0, message: str = ""):
        self.kind = kind          # "token" | "session" | "throttled" | "client_id" | "credits"
        self.status = status
        self.message = message
        super().__init__(kind)


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
        from skill import manifest, platform

        m = manifest.current()
        return cls(source=m.name, version=m.version, platform=platform.detect())


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
        self.client = httpx.Client(
            base_url=self.base_url, transport=transport, follow_redirects=False,
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


def body_json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def parse(response: httpx.Response) -> Any:
    """Unwrap either layout; raise for every error answer.

    Envelope `{"code","data","message"}` → data. Render `{"success": ...}` → the
    whole body (render parsers pick the fields). Body codes win over HTTP status
    (a 1002 may come with HTTP 404).
    """
    body = body_json(response)
    status = response.status_code
    if isinstance(body, dict) and "code" in body:
        try:
            code = int(body["code"])
        except (TypeError, ValueError):
            code = -1
        if code == CODE_OK and status < 400:
            return body.get("data")
        if code != CODE_OK:
            raise_for_code(code, status, _message(body))
    if status >= 400:
        raise_for_status(status, _message(body) if isinstance(body, dict) else "")
    if isinstance(body, dict) and "success" in body:
        if body.get("success") is False:
            raise errors.ApiError(_message(body) or "request failed")
        return body
    if body is None:
        raise errors.ApiError(f"unreadable answer, HTTP {status}")
    return body


def _message(body: dict) -> str:
    for key in ("message", "msg", "error", "detail"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


def raise_for_code(code: int, status: int, message: str) -> None:
    if code == CODE_TOKEN:
        raise Signal("token", status, message)
    if code == CODE_SESSION:
        raise Signal("session", status, message)
    if code == CODE_CREDITS:
        raise Signal("credits", status, message)
    if code == CODE_UNSUPPORTED:
        raise errors.UnsupportedFile(message, detail_suffix="")
    if code == CODE_TOO_LARGE:
        raise errors.FileTooLarge(message, detail_suffix="")
    # Other codes mirror an HTTP status (the backend writes {"code": 429} etc.).
    if status >= 400:
        raise_for_status(status, message)
    if 400 <= code <= 599:
        raise_for_status(code, message)
    raise errors.ApiError(f"code {code}")


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
        raise errors.UnsupportedFile(message, detail_suffix="")
    if status >= 500:
        raise errors.BackendUnavailable(f"HTTP {status}", sent=True)
    raise errors.ApiError(f"HTTP {status}")

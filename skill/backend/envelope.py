"""JSON envelopes `{"code": N, "data": ..., "message": ...}` and their HTTP statuses.

HTTP statuses of envelope errors (documented choice; clients accept both):
  --error-http envelope (default): like the vendor's envelope API, business
      codes (1002, 2001, 4001, 4002) come with HTTP 200 and the code in the
      body; a bad token (1001) is HTTP 401.
  --error-http rest: 1001 -> 401, 1002 -> 404, 2001 -> 403, 4001 -> 415,
      4002 -> 413.
  Always: missing X-Client-Id 400, free plan export blocked 402, rate limit
  429, malformed request 400, unknown path 404.
"""
from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from skill.core import formats

REST_STATUS = {1001: 401, 1002: 404, 2001: 403, 4001: 415, 4002: 413}

MESSAGES = {
    1001: "Invalid or expired token.",
    1002: "Session not found.",
    2001: "Insufficient credits.",
    4001: f"Unsupported file type. Supported: {formats.describe('en')}.",
    4002: "File too large.",
}

_mode = {"error_http": "envelope"}


def set_mode(error_http: str) -> None:
    _mode["error_http"] = error_http


def ok(data: Any = None, message: str = "success") -> JSONResponse:
    return JSONResponse({"code": 0, "data": data, "message": message})


def error(code: int, message: str | None = None, *, status: int | None = None,
          data: Any = None) -> JSONResponse:
    if status is None:
        if code == 1001:
            status = 401
        elif _mode["error_http"] == "rest" and code in REST_STATUS:
            status = REST_STATUS[code]
        elif 400 <= code <= 599:
            status = code
        else:
            status = 200
    return JSONResponse({"code": code, "data": data, "message": message or MESSAGES.get(code, "error")},
                        status_code=status)


class Reply(Exception):
    """Raised by request checks: the response to send instead."""

    def __init__(self, response):
        super().__init__("reply")
        self.response = response

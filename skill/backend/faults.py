"""Fault injection (ARCHITECTURE.md, "test knobs").

A request's faults = its `X-Local-Fault` header specs + queued faults
(`POST /_local/faults`) whose path prefix matches and that apply to that kind
of request. A queued fault is consumed only by a request it applies to, so
`{"fault": "stall"}` without a path waits for the next /run_sse, and
`render_fail` for the next render submit.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

# no_credits is a /run_sse fault: the chat is the only thing that costs credits
# no_lr_response: a long-running tool's response stays out of the stream (it lands in the
# state), as when an ADK agent's long-running tool finishes outside the run
# slow_read:MS: the message's body is read only after MS milliseconds (real time): a client that
# goes away meanwhile was never heard (the message did not arrive)
STREAM_FAULTS = {"drop_after", "stall", "silent", "malformed", "trailing_issue", "no_credits", "no_lr_response",
                 "slow_read"}
RENDER_FAULTS = {"render_fail", "url_unreachable"}
# slow_body:MS: a file download (a render's MP4, a media file) sends 16 KiB every MS milliseconds,
# so that two clients fetching it surely overlap
DOWNLOAD_FAULTS = {"slow_body"}
SESSION_FAULTS = {"lose_session"}
AUTHED_FAULTS = {"expire_token"}
ANY_FAULTS = {"status", "rate_limit"}
ALL = STREAM_FAULTS | RENDER_FAULTS | DOWNLOAD_FAULTS | SESSION_FAULTS | AUTHED_FAULTS | ANY_FAULTS

_SPEC = re.compile(r"^([a-z_]+)(?::(\d+))?$")


class BadSpec(ValueError):
    pass


@dataclass(frozen=True)
class Fault:
    name: str
    arg: int | None = None
    message: str | None = None   # queued `status:CODE` only: the error message to answer with

    def __str__(self) -> str:
        return self.name if self.arg is None else f"{self.name}:{self.arg}"


def parse(specs: str) -> list[Fault]:
    out = []
    for raw in (specs or "").split(","):
        raw = raw.strip()
        if not raw:
            continue
        m = _SPEC.match(raw)
        if not m or m.group(1) not in ALL:
            raise BadSpec(f"unknown fault spec {raw!r}")
        name, arg = m.group(1), m.group(2)
        if name in ("drop_after", "status", "slow_read", "slow_body") and arg is None:
            raise BadSpec(f"{name} needs a number, e.g. {name}:3")
        if name == "status" and not 400 <= int(arg) <= 599:   # an error answer, with a body
            raise BadSpec("status needs an HTTP error status 400-599")
        out.append(Fault(name, int(arg) if arg is not None else None))
    return out


@dataclass
class RequestKind:
    """What a request is, for deciding which faults apply to it."""
    path: str
    stream: bool = False        # POST /run_sse
    render_submit: bool = False
    download: bool = False      # GET of a file: a render's MP4, a media file
    cdn: bool = False           # the media files' "CDN": only download faults reach it
    has_session: bool = False
    authed: bool = False


def applies(fault: Fault, kind: RequestKind) -> bool:
    if kind.cdn and fault.name not in DOWNLOAD_FAULTS:
        return False
    if fault.name in STREAM_FAULTS:
        return kind.stream
    if fault.name in RENDER_FAULTS:
        return kind.render_submit
    if fault.name in DOWNLOAD_FAULTS:
        return kind.download
    if fault.name in SESSION_FAULTS:
        return kind.has_session
    if fault.name in AUTHED_FAULTS:
        return kind.authed
    return True


@dataclass
class _Queued:
    fault: Fault
    path: str | None
    times: int


@dataclass
class FaultQueue:
    items: list[_Queued] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, spec: str, path: str | None, times: int, message: str | None = None) -> list[Fault]:
        faults = parse(spec)
        if not faults:
            raise BadSpec("empty fault spec")
        if message is not None:
            faults = [Fault(f.name, f.arg, message) for f in faults]
        with self.lock:
            for f in faults:
                self.items.append(_Queued(f, path or None, max(1, times)))
        return faults

    def clear(self) -> None:
        with self.lock:
            self.items.clear()

    def pending(self) -> list[dict]:
        with self.lock:
            return [{"fault": str(q.fault), "path": q.path, "times": q.times} for q in self.items]

    def take(self, kind: RequestKind) -> list[Fault]:
        """Consume the queued faults that match this request."""
        taken = []
        with self.lock:
            for q in list(self.items):
                if q.path and not kind.path.startswith(q.path):
                    continue
                if not applies(q.fault, kind):
                    continue
                taken.append(q.fault)
                q.times -= 1
                if q.times <= 0:
                    self.items.remove(q)
        return taken


def find(faults: list[Fault], name: str) -> Fault | None:
    return next((f for f in faults if f.name == name), None)

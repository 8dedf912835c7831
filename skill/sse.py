"""The /run_sse stream as a few plain events, for both dialects.

Wire format: httpx-sse's line and field decoders (SSELineDecoder, SSEDecoder).
We drive them line by line ourselves because SSEDecoder drops `: ping`
comments silently, and a comment-only keep-alive must still count as life.

Dialects:
  ADK     {"partial":true,"content":{"parts":[{"text"|"functionCall"|"functionResponse"|"thought"}]}}
          {"error_type"/"errorCode", "error_message"/"errorMessage"}
  simple  {"type":"text"|"tool_call"|"tool_result"|"heartbeat"|"error", ...}
Empty `data:` lines and comments are keep-alives. Broken JSON is skipped and
counted, never fatal. Nothing is kept per event: memory stays flat.
"""
from __future__ import annotations

import json
import re
from typing import Iterable, Iterator

from httpx_sse._decoders import SSEDecoder, SSELineDecoder


class Event:
    __slots__ = ()


class Text(Event):
    __slots__ = ("text", "partial")

    def __init__(self, text: str, partial: bool = False):
        self.text = text
        self.partial = partial

    def __repr__(self) -> str:
        return f"Text({self.text!r}, partial={self.partial})"


class ToolCall(Event):
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class ToolResult(Event):
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class StreamError(Event):
    __slots__ = ("type", "message")

    def __init__(self, type: str, message: str):
        self.type = type
        self.message = message

    def __repr__(self) -> str:
        return f"StreamError({self.type!r}, {self.message!r})"


class _Marker(Event):
    __slots__ = ("label",)

    def __init__(self, label: str):
        self.label = label

    def __repr__(self) -> str:
        return self.label


KEEPALIVE = _Marker("KeepAlive")   # heartbeat, empty data, comment
THOUGHT = _Marker("Thought")       # model reasoning: never shown
OTHER = _Marker("Other")           # a real event with nothing for the user (state delta, media...)

_SIMPLE_KEEPALIVE = frozenset(("heartbeat", "ping", "keepalive", "keep-alive"))


class StreamDecoder:
    """Lines (or response chunks) in, normalized events out."""

    def __init__(self) -> None:
        self.events = 0      # JSON events decoded
        self.malformed = 0   # events skipped because their JSON was broken
        self._fields = SSEDecoder()

    def iter_response(self, response) -> Iterator[Event]:
        return self.iter_chunks(response.iter_text())

    def iter_chunks(self, chunks: Iterable[str]) -> Iterator[Event]:
        splitter = SSELineDecoder()
        lines_of = self.iter_lines
        for chunk in chunks:
            yield from lines_of(splitter.decode(chunk))
        yield from lines_of(splitter.flush())
        yield from lines_of([""])  # dispatch an event left without its blank line

    def iter_lines(self, lines: Iterable[str]) -> Iterator[Event]:
        decoder = self._fields
        for line in lines:
            if line[:1] == ":":
                yield KEEPALIVE
                continue
            sse = decoder.decode(line)
            if sse is None:
                continue
            data = sse.data
            if not data.strip():
                yield KEEPALIVE
                continue
            yield from self.decode_data(data)

    def decode_data(self, data: str) -> list[Event]:
        try:
            obj = json.loads(data)
        except ValueError:
            self.malformed += 1
            return []
        self.events += 1
        if not isinstance(obj, dict):
            return [OTHER]
        return normalize(obj)


def normalize(obj: dict) -> list[Event]:
    """One decoded JSON event → zero or more normalized events."""
    error = _error_of(obj)
    if error is not None:
        return [error]
    kind = obj.get("type")
    if isinstance(kind, str) and not isinstance(obj.get("content"), dict):
        return _simple(kind, obj)
    content = obj.get("content")
    parts = content.get("parts") if isinstance(content, dict) else None
    if not isinstance(parts, list) or not parts:
        return [OTHER]
    partial = obj.get("partial") is True
    out: list[Event] = []
    for part in parts:
        if not isinstance(part, dict):
            continue
        if part.get("thought") is True:
            out.append(THOUGHT)
            continue
        text = part.get("text")
        if isinstance(text, str):
            if text:
                out.append(Text(text, partial))
            continue
        call = part.get("functionCall") or part.get("function_call")
        if isinstance(call, dict):
            out.append(ToolCall(str(call.get("name") or "")))
            continue
        result = part.get("functionResponse") or part.get("function_response")
        if isinstance(result, dict):
            out.append(ToolResult(str(result.get("name") or "")))
            continue
        out.append(OTHER)
    return out or [OTHER]


def _error_of(obj: dict) -> StreamError | None:
    message = obj.get("error_message") or obj.get("errorMessage")
    kind = obj.get("error_type") or obj.get("errorCode") or obj.get("error_code") or obj.get("errorType")
    if not message and not kind:
        return None
    return StreamError(str(kind or "error"), str(message or ""))


def _simple(kind: str, obj: dict) -> list[Event]:
    if kind == "text":
        text = obj.get("content")
        if not isinstance(text, str):
            text = obj.get("text") if isinstance(obj.get("text"), str) else ""
        return [Text(text, obj.get("partial") is True)] if text else [OTHER]
    if kind == "tool_call":
        return [ToolCall(str(obj.get("name") or ""))]
    if kind == "tool_result":
        return [ToolResult(str(obj.get("name") or ""))]
    if kind in _SIMPLE_KEEPALIVE:
        return [KEEPALIVE]
    if kind == "error":
        return [StreamError(str(obj.get("error_type") or "error"),
                            str(obj.get("message") or obj.get("content") or ""))]
    if kind == "thought":
        return [THOUGHT]
    return [OTHER]


# --------------------------------------------------------------------------- text
_TEMPORARY_ISSUE = re.compile(r"I encountered a temporary issue|遇到了?(?:一个)?临时(?:性)?问题", re.I)


def is_temporary_issue(text: str) -> bool:
    return bool(_TEMPORARY_ISSUE.search(text))


_CREDITS = re.compile(r"INSUFFICIENT_CREDITS|NO_CREDITS|\b2001\b|not enough credits|insufficient credits", re.I)


def is_credits_error(event: StreamError) -> bool:
    return bool(_CREDITS.search(f"{event.type} {event.message}"))


class TextAssembler:
    """Partial chunks are previews of the final text: each piece is shown once.

    `add` returns text to show now (a final text), `boundary` flushes partials
    when a non-text event arrives, `finish` flushes at the end of the stream.
    A final that repeats partials already flushed is not shown again.
    """

    def __init__(self) -> None:
        self._partials: list[str] = []
        self._flushed: str | None = None   # partials shown without their final

    def add(self, event: Text) -> str | None:
        if event.partial:
            self._partials.append(event.text)
            return None
        self._partials.clear()
        text = event.text
        if self._flushed is not None:
            flushed, self._flushed = self._flushed, None
            if _same(flushed, text):
                return None
        return text

    @property
    def pending(self) -> bool:
        """Partials without their final: the stream was cut mid-sentence."""
        return bool(self._partials)

    def boundary(self) -> str | None:
        if not self._partials:
            return None
        text = "".join(self._partials)
        self._partials.clear()
        self._flushed = text
        return text

    def finish(self) -> str | None:
        return self.boundary()


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())

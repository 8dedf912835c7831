"""The /run_sse stream as a few plain events, for both dialects.

Wire format: our own WHATWG event-stream parser (skill.api.sse_wire; HTML Living
Standard, "Server-sent events", parsing an event stream), nothing private
from a library. Bytes are decoded as UTF-8 whatever the charset says, one leading
BOM is dropped, lines end with CRLF, LF or CR (a CR at the end of a chunk may
have its LF in the next one), `:` lines are comments, `data` lines are joined
with "\\n", an event is dispatched on a blank line, and an event left without
its blank line when the stream ends is discarded, never shown.
Comments are not events for the standard, but they are for us: a
comment-only keep-alive is still life for the turn's idle timeout.

Dialects:
  ADK     {"partial":true,"content":{"parts":[{"text"|"functionCall"|"functionResponse"|"thought"}]}}
          {"error_type"/"errorCode", "error_message"/"errorMessage"}
  simple  {"type":"text"|"tool_call"|"tool_result"|"heartbeat"|"error", ...}
Empty `data:` lines and comments are keep-alives. Broken JSON (or JSON nested
deeper than skill.core.jsonsafe.MAX_DEPTH) is skipped and counted, never fatal.
Nothing is kept per event: memory stays flat; an event that grows without end
(sse_wire.EventTooLarge) ends the stream as StreamTooLarge.

Finished or cut (PROTOCOL.md): ADK's own rule, `Event.is_final_response()`.
A run whose last event is a final response is complete (even when that
response is a call to a long-running tool: its result arrives in the session
state, not in this stream); one that closes after a partial chunk, a plain
function call or a function response was cut. The simplified dialect has no
such marker: complete only after a text event (the caller confirms with state).
`StreamDecoder.complete` / `.awaiting` say which.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from skill.api.sse_wire import EventStreamParser, utf8_text
from skill.core import errors, jsonsafe


class StreamTooLarge(errors.ApiError):
    """The stream sent one event bigger than sse_wire allows (MAX_EVENT / MAX_DATA_LINES), without
    its end: the skill stopped reading it."""
    key = "stream_too_large"


class StreamEvent:
    __slots__ = ()


class AgentText(StreamEvent):
    __slots__ = ("text", "partial")

    def __init__(self, text: str, partial: bool = False):
        self.text = text
        self.partial = partial

    def __repr__(self) -> str:
        return f"AgentText({self.text!r}, partial={self.partial})"


class ToolCall(StreamEvent):
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class ToolResult(StreamEvent):
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class ErrorEvent(StreamEvent):
    __slots__ = ("type", "message")

    def __init__(self, type: str, message: str):
        self.type = type
        self.message = message

    def __repr__(self) -> str:
        return f"ErrorEvent({self.type!r}, {self.message!r})"


class _Marker(StreamEvent):
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
    """Response bytes (or text chunks) in, normalized events out.

    After the stream, `complete` says whether the run ended on a final
    response and `awaiting` whether that response is a long-running tool call
    whose result will come through the session state.
    """

    def __init__(self) -> None:
        self.events = 0        # JSON events decoded
        self.malformed = 0     # events skipped because their JSON was broken
        self.keepalives = 0    # comments, empty data, heartbeats
        self.wire = EventStreamParser()
        self.dialect: str | None = None  # "adk" | "simple", from the first real event
        self.complete = False  # the run so far ends on a final response
        self.awaiting = False  # ... which is a call to a long-running tool

    # -- wire ----------------------------------------------------------------------
    def iter_response(self, response) -> Iterator[StreamEvent]:
        """An httpx streaming response: its bytes are UTF-8 whatever the charset says."""
        return self.iter_chunks(utf8_text(response.iter_bytes()))

    def iter_chunks(self, chunks: Iterable[str]) -> Iterator[StreamEvent]:
        """Text chunks split anywhere, even inside a CRLF. Events come out as
        their blank line arrives; an unterminated last event is dropped."""
        decode = self.decode_data
        for data in self.wire.iter_data(chunks):
            if data and not data.isspace():
                yield from decode(data)
            else:
                self.keepalives += 1
                yield KEEPALIVE

    # -- events ----------------------------------------------------------------------
    def decode_data(self, data: str) -> list[StreamEvent]:
        try:
            obj = jsonsafe.loads(data)        # nested absurdly deep: skipped like broken JSON
        except ValueError:
            self.malformed += 1
            return []
        self.events += 1
        if not isinstance(obj, dict):
            return [OTHER]
        events, final, awaiting = _decode(obj)
        if final is None:                         # a heartbeat says nothing about the run
            self.keepalives += 1
            return events
        self.complete, self.awaiting = final, awaiting
        return events


# --------------------------------------------------------------------------- ADK's final-response rule
_CALL_KEYS = ("functionCall", "function_call")
_RESPONSE_KEYS = ("functionResponse", "function_response")
_CODE_RESULT_KEYS = ("codeExecutionResult", "code_execution_result")


def _parts(obj: dict) -> list:
    content = obj.get("content")
    parts = content.get("parts") if isinstance(content, dict) else None
    return parts if isinstance(parts, list) else []


def _has_part(obj: dict, keys: tuple[str, ...]) -> bool:
    return any(isinstance(p, dict) and any(p.get(k) for k in keys) for p in _parts(obj))


def _long_running(obj: dict) -> list:
    ids = obj.get("longRunningToolIds") or obj.get("long_running_tool_ids")
    return ids if isinstance(ids, (list, tuple, set)) else []


def is_final_response(obj: dict) -> bool:
    """google.adk.events.Event.is_final_response(), on the event's JSON (camelCase or snake_case).

    Final: actions.skipSummarization or longRunningToolIds; or an error code,
    not partial, no function call; or no function calls, no function
    responses, not partial and no trailing code-execution result.
    """
    actions = obj.get("actions")
    if isinstance(actions, dict) and (actions.get("skipSummarization") or actions.get("skip_summarization")):
        return True
    if _long_running(obj):
        return True
    partial = obj.get("partial") is True
    calls = _has_part(obj, _CALL_KEYS)
    if (obj.get("errorCode") or obj.get("error_code")) and not partial and not calls:
        return True
    if calls or partial or _has_part(obj, _RESPONSE_KEYS):
        return False
    parts = _parts(obj)
    last = parts[-1] if parts else None
    return not (isinstance(last, dict) and any(last.get(k) for k in _CODE_RESULT_KEYS))


def normalize(obj: dict) -> list[StreamEvent]:
    """One decoded JSON event → zero or more normalized events."""
    return _decode(obj)[0]


def _decode(obj: dict) -> tuple[list[StreamEvent], bool | None, bool]:
    """One decoded JSON event → (its normalized events, is it a final response,
    is it a call to a long-running tool). `final` is None for a heartbeat.
    The ADK verdict is is_final_response(), computed in the same pass over the parts."""
    error = _error_of(obj)
    if error is not None:
        return [error], is_final_response(obj), False
    kind = obj.get("type")
    content = obj.get("content")
    if kind is not None and isinstance(kind, str) and not isinstance(content, dict):
        events = _simple(kind, obj)
        first = events[0]
        if first is KEEPALIVE:
            return events, None, False
        return events, type(first) is AgentText and not first.partial, False   # simple: only a text ends a run
    parts = content.get("parts") if isinstance(content, dict) else None
    if not isinstance(parts, list) or not parts:
        return [OTHER], is_final_response(obj), False
    partial = obj.get("partial") is True
    calls = responses = False
    out: list[StreamEvent] = []
    for part in parts:
        if not isinstance(part, dict):
            continue
        if part.get("thought") is True:
            out.append(THOUGHT)
            continue
        text = part.get("text")
        if isinstance(text, str):
            if text:
                out.append(AgentText(text, partial))
            continue
        call = part.get("functionCall") or part.get("function_call")
        if isinstance(call, dict):
            calls = True
            out.append(ToolCall(str(call.get("name") or "")))
            continue
        result = part.get("functionResponse") or part.get("function_response")
        if isinstance(result, dict):
            responses = True
            out.append(ToolResult(str(result.get("name") or "")))
            continue
        out.append(OTHER)
    if "actions" in obj or "longRunningToolIds" in obj or "long_running_tool_ids" in obj:
        final = is_final_response(obj)
        return out or [OTHER], final, final and calls and bool(_long_running(obj))
    if calls or partial or responses:
        return out or [OTHER], False, False
    last = parts[-1]
    trailing_code = isinstance(last, dict) and any(last.get(k) for k in _CODE_RESULT_KEYS)
    return out or [OTHER], not trailing_code, False


def _error_of(obj: dict) -> ErrorEvent | None:
    details = obj.get("error_details") or obj.get("errorDetails")
    if isinstance(details, dict) and isinstance(obj.get("error"), str):
        # ADK 2.x's API server reports an exception in the run as {"error": "...", "error_details": {...}}.
        obj = {**details, "error_message": details.get("error_message") or obj["error"]}
    message = obj.get("error_message") or obj.get("errorMessage")
    kind = obj.get("error_type") or obj.get("errorCode") or obj.get("error_code") or obj.get("errorType")
    if not message and not kind:
        return None
    return ErrorEvent(str(kind or "error"), str(message or ""))


def _simple(kind: str, obj: dict) -> list[StreamEvent]:
    if kind == "text":
        text = obj.get("content")
        if not isinstance(text, str):
            text = obj.get("text") if isinstance(obj.get("text"), str) else ""
        return [AgentText(text, obj.get("partial") is True)] if text else [OTHER]
    if kind == "tool_call":
        return [ToolCall(str(obj.get("name") or ""))]
    if kind == "tool_result":
        return [ToolResult(str(obj.get("name") or ""))]
    if kind in _SIMPLE_KEEPALIVE:
        return [KEEPALIVE]
    if kind == "error":
        return [ErrorEvent(str(obj.get("error_type") or "error"),
                            str(obj.get("message") or obj.get("content") or ""))]
    if kind == "thought":
        return [THOUGHT]
    return [OTHER]


# --------------------------------------------------------------------------- text
_TEMPORARY_ISSUE = re.compile(r"I encountered a temporary issue|遇到了?(?:一个)?临时(?:性)?问题", re.I)


def is_temporary_issue(text: str) -> bool:
    return bool(_TEMPORARY_ISSUE.search(text))


_CREDITS = re.compile(r"INSUFFICIENT_CREDITS|NO_CREDITS|\b2001\b|not enough credits|insufficient credits", re.I)


def is_credits_error(event: ErrorEvent) -> bool:
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

    def add(self, event: AgentText) -> str | None:
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

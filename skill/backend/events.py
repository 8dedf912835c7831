"""Agent events -> SSE payloads, in the ADK dialect (default) or the vendor's
"simple" dialect. The runner produces dialect-free events:

  ("text", full_text, thought) ("call", id, name, args, long_running)
  ("result", id, name, response) ("error", error_type, error_message)

ADK's way (google/adk/utils/streaming_utils.py, progressive SSE streaming):
one model response streams its thought and text as partial chunks, then ONE
non-partial event holds the whole response, parts in order
`[thought, text, functionCall]`, with `longRunningToolIds` when the call is to
a long-running tool. A tool's response is its own event (role "user"); the
model's answer after it is a non-partial event again, empty when the agent
says nothing. So a stream is finished exactly when its last event is a final
response (Event.is_final_response()), and a cut after a response's text is
recognisably a cut. The simple dialect sends each piece as it comes.
"""
from __future__ import annotations

import re
import time
import uuid

from skill.core.lang import detect

AUTHOR = "nemo_agent"


def chunks(text: str) -> list[str]:
    """Partial pieces whose concatenation is exactly `text` (4 words, or 8 CJK chars)."""
    if detect(text) == "zh":
        return [text[i:i + 8] for i in range(0, len(text), 8)] or [text]
    words = re.findall(r"\S+\s*", text)
    return ["".join(words[i:i + 4]) for i in range(0, len(words), 4)] or [text]


class Encoder:
    def __init__(self, dialect: str):
        self.dialect = dialect
        self.invocation = "e-" + str(uuid.uuid4())
        self._parts: list[dict] = []   # the model response being streamed (thought, text)
        self._final = True             # the last event sent was a final response (nothing sent: nothing owed)

    def _adk(self, content: dict | None = None, **extra) -> dict:
        ev = {"author": AUTHOR, "invocationId": self.invocation, "id": uuid.uuid4().hex[:8],
              "timestamp": round(time.time(), 6)}
        if content is not None:
            ev["content"] = content
        ev.update(extra)
        return ev

    def feed(self, event: tuple) -> list[dict]:
        """One runner event -> the payloads to send now (a response's final
        event waits for the response's end: its tool call, or the next event)."""
        kind = event[0]
        if self.dialect == "simple":
            return self._simple(event)
        if kind == "text":
            full, thought = event[1], event[2]
            if not full:
                return []
            part = {"text": full, "thought": True} if thought else {"text": full}
            self._parts.append(part)
            return [self._adk({"role": "model", "parts": [{"text": c, "thought": True} if thought else {"text": c}]},
                              partial=True) for c in chunks(full)]
        if kind == "call":
            _, cid, name, args, long_running = event
            parts, self._parts = self._parts, []
            parts.append({"functionCall": {"id": cid, "name": name, "args": args}})
            extra = {"longRunningToolIds": [cid]} if long_running else {}
            return self._sent([self._adk({"role": "model", "parts": parts}, **extra)], final=bool(long_running))
        out = self._flush()
        if kind == "result":
            _, cid, name, response = event
            out.append(self._adk({"role": "user", "parts": [
                {"functionResponse": {"id": cid, "name": name, "response": response}}]}))
            return self._sent(out, final=False)
        if kind == "error":
            out.append({"error_type": event[1], "error_message": event[2]})
            return self._sent(out, final=True)
        return out

    def close(self) -> list[dict]:
        """The turn is over: the open response's final event; after a tool's
        response with nothing said, the model's empty final answer."""
        if self.dialect == "simple":
            return []
        out = self._flush()
        if not out and not self._final:
            out.append(self._adk({"role": "model", "parts": [{"text": ""}]}))
            self._final = True
        return out

    def _flush(self) -> list[dict]:
        if not self._parts:
            return []
        parts, self._parts = self._parts, []
        return self._sent([self._adk({"role": "model", "parts": parts})], final=True)

    def _sent(self, payloads: list[dict], final: bool) -> list[dict]:
        self._final = final
        return payloads

    def _simple(self, event: tuple) -> list[dict]:
        kind = event[0]
        if kind == "text":
            return [] if event[2] or not event[1] else [{"type": "text", "content": event[1]}]
        if kind == "call":
            return [{"type": "tool_call", "name": event[2], "args": event[3]}]
        if kind == "result":
            return [{"type": "tool_result", "name": event[2], "result": event[3]}]
        if kind == "error":
            return [{"type": "error", "error_type": event[1], "error_message": event[2]}]
        return []

    def keepalive(self, n: int) -> bytes:
        """ADK: SSE comments and empty data lines, alternating; simple: heartbeats."""
        if self.dialect == "simple":
            return b": ping\n\n" if n % 4 == 3 else b'data: {"type": "heartbeat"}\n\n'
        return b": ping\n\n" if n % 2 == 0 else b"data:\n\n"

"""Agent events -> SSE payloads, in the ADK dialect (default) or the vendor's
"simple" dialect. The runner produces dialect-free events:

  ("text", full_text, thought) ("call", id, name, args, long_running)
  ("result", id, name, response) ("error", error_type, error_message)
"""
from __future__ import annotations

import re
import time
import uuid

AUTHOR = "nemo_agent"


def chunks(text: str) -> list[str]:
    """Partial pieces whose concatenation is exactly `text` (4 words, or 8 CJK chars)."""
    if re.search(r"[\u3400-\u9fff]", text):
        return [text[i:i + 8] for i in range(0, len(text), 8)] or [text]
    words = re.findall(r"\S+\s*", text)
    return ["".join(words[i:i + 4]) for i in range(0, len(words), 4)] or [text]


class Encoder:
    def __init__(self, dialect: str):
        self.dialect = dialect
        self.invocation = "e-" + str(uuid.uuid4())

    def _adk(self, content: dict | None = None, **extra) -> dict:
        ev = {"author": AUTHOR, "invocationId": self.invocation, "id": uuid.uuid4().hex[:8],
              "timestamp": round(time.time(), 6)}
        if content is not None:
            ev["content"] = content
        ev.update(extra)
        return ev

    def encode(self, event: tuple) -> list[dict]:
        kind = event[0]
        if self.dialect == "simple":
            if kind == "text":
                return [] if event[2] else [{"type": "text", "content": event[1]}]
            if kind == "call":
                return [{"type": "tool_call", "name": event[2], "args": event[3]}]
            if kind == "result":
                return [{"type": "tool_result", "name": event[2], "result": event[3]}]
            if kind == "error":
                return [{"type": "error", "error_type": event[1], "error_message": event[2]}]
            return []
        if kind == "text":
            full, thought = event[1], event[2]
            if thought:
                return [self._adk({"role": "model", "parts": [{"text": full, "thought": True}]})]
            out = [self._adk({"role": "model", "parts": [{"text": c}]}, partial=True) for c in chunks(full)]
            out.append(self._adk({"role": "model", "parts": [{"text": full}]}))
            return out
        if kind == "call":
            _, cid, name, args, long_running = event
            extra = {"longRunningToolIds": [cid]} if long_running else {}
            return [self._adk({"role": "model", "parts": [
                {"functionCall": {"id": cid, "name": name, "args": args}}]}, **extra)]
        if kind == "result":
            _, cid, name, response = event
            return [self._adk({"role": "user", "parts": [
                {"functionResponse": {"id": cid, "name": name, "response": response}}]})]
        if kind == "error":
            return [{"error_type": event[1], "error_message": event[2]}]
        return []

    def keepalive(self, n: int) -> bytes:
        """ADK: SSE comments and empty data lines, alternating; simple: heartbeats."""
        if self.dialect == "simple":
            return b": ping\n\n" if n % 4 == 3 else b'data: {"type": "heartbeat"}\n\n'
        return b": ping\n\n" if n % 2 == 0 else b"data:\n\n"

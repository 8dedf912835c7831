"""The SSE body of /run_sse: agent events from a queue, keep-alives while the
agent works, and the stream-level faults (drop_after, stall, silent,
malformed, trailing_issue).

The agent runs as its own task: when this generator stops (drop, client gone)
the work still finishes server-side, as on the real backend.
"""
from __future__ import annotations

import asyncio
import json
import time
from typing import AsyncIterator

from skill.backend import faults as F
from skill.backend.events import Encoder
from skill.backend.options import Options

ISSUE_TEXT = "I encountered a temporary issue. Please try again later."
MALFORMED = b'data: {"author": "nemo_agent", "content": {"role": "model", "parts": [{"text": "Proc\n\n'
STALL_CAP = 1200.0   # seconds (scaled): a stalled stream closes by itself eventually


def _data(payload: dict) -> bytes:
    return b"data: " + json.dumps(payload, ensure_ascii=False).encode("utf-8") + b"\n\n"


async def body(queue: asyncio.Queue, opts: Options, faults: list, encoder: Encoder) -> AsyncIterator[bytes]:
    drop = F.find(faults, "drop_after")
    stall = F.find(faults, "stall") is not None
    silent = F.find(faults, "silent") is not None
    malformed = F.find(faults, "malformed") is not None
    trailing = F.find(faults, "trailing_issue") is not None
    limit = drop.arg if drop else None
    interval = opts.keepalive_interval
    chunk_pause = opts.delay(0.15)
    sent = 0
    pings = 0
    done = False
    started = time.monotonic()
    if limit == 0:
        return

    def emit_ok() -> bool:
        return limit is None or sent < limit

    while True:
        if done:  # only a stalled stream gets here: keep-alives until the cap
            if time.monotonic() - started > max(1.0, opts.delay(STALL_CAP)):
                return
            await asyncio.sleep(interval)
            yield encoder.keepalive(pings)
            pings += 1
            continue
        try:
            event = await asyncio.wait_for(queue.get(), timeout=interval)
        except asyncio.TimeoutError:
            yield encoder.keepalive(pings)
            pings += 1
            continue
        if event is None:
            if stall:
                done = True
                continue
            if trailing:
                for payload in encoder.encode(("text", ISSUE_TEXT, False)):
                    if not emit_ok():
                        return
                    yield _data(payload)
                    sent += 1
            return
        if stall or (silent and event[0] == "text"):
            continue
        payloads = encoder.encode(event)
        for i, payload in enumerate(payloads):
            if not emit_ok():
                return
            yield _data(payload)
            sent += 1
            if malformed and sent == 1:
                if not emit_ok():
                    return
                yield MALFORMED
                sent += 1
                malformed = False
            if payload.get("partial") and chunk_pause:
                await asyncio.sleep(chunk_pause)
        if limit is not None and sent >= limit:
            return

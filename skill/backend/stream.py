"""The SSE body of /run_sse: agent events from a queue, keep-alives while the
agent works, and the stream-level faults (drop_after, stall, silent,
malformed, trailing_issue, no_lr_response).

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
    """`drop_after:N` closes the stream after N `data:` events (partial chunks
    count, keep-alives do not), so a cut can land anywhere: after the first
    event, right after a response's partial chunks (before the event that
    holds its text and tool call), after a tool call or its response."""
    drop = F.find(faults, "drop_after")
    stall = F.find(faults, "stall") is not None
    silent = F.find(faults, "silent") is not None
    malformed = F.find(faults, "malformed") is not None
    trailing = F.find(faults, "trailing_issue") is not None
    offstream = F.find(faults, "no_lr_response") is not None
    long_running: set[str] = set()     # ids of long-running calls (no_lr_response hides their results)
    limit = drop.arg if drop else None
    interval = opts.keepalive_interval
    chunk_pause = opts.delay(0.15)
    sent = 0
    pings = 0
    done = False
    started = time.monotonic()
    if limit == 0:
        return

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
            payloads = encoder.close()
            if trailing:
                payloads += encoder.feed(("text", ISSUE_TEXT, False)) + encoder.close()
        elif stall or (silent and event[0] == "text"):
            continue
        elif offstream and event[0] == "result" and event[1] in long_running:
            continue
        else:
            if event[0] == "call" and event[4]:
                long_running.add(event[1])
            payloads = encoder.feed(event)
        for payload in payloads:
            yield _data(payload)
            sent += 1
            if limit is not None and sent >= limit:
                return
            if malformed:
                malformed = False
                yield MALFORMED
                sent += 1
                if limit is not None and sent >= limit:
                    return
            if payload.get("partial") and chunk_pause:
                await asyncio.sleep(chunk_pause)
        if event is None:
            return

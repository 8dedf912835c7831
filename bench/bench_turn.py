"""Chat-turn benchmarks: turn overhead and stream throughput.

(a) Turn overhead: from the last byte a loopback SSE server sends to the
    reply printed. Two paths: the turn run in-process (decode → state fetch →
    diff → outcome in the store → reply printed) and the real CLI
    (`video-skill chat` → detached worker → store → follower → stdout).
(b) Stream handling: events/s of skill.api.sse (decode + normalize + text
    aggregation, as the worker loop runs it) over 100,000 ADK events served
    through httpx, against raw httpx-sse iteration with json.loads only;
    tracemalloc peak at 10k vs 100k events to show memory is flat.

    python -m bench.bench_turn [--quick]
Writes bench/results/turn.md. Not pass/fail.
"""
from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench.report import describe as describe_machine, publish

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "turn.md"


# --------------------------------------------------------------------------- a stream of ADK events
def adk_event(i: int) -> bytes:
    """A realistic mix: mostly partial chunks, a final text every 10, tool traffic every 20."""
    r = i % 20
    if r == 9 or r == 19:
        ev = {"author": "nemo_agent", "invocationId": "e-1", "id": f"{i:08x}",
              "content": {"role": "model", "parts": [{"text": "Your raw clip is ready, adding music. "}]}}
    elif r == 4:
        ev = {"author": "nemo_agent", "invocationId": "e-1", "id": f"{i:08x}", "content": {"role": "model", "parts": [
            {"functionCall": {"id": "c1", "name": "edit_multitrack", "args": {"operations": [{"op": "set_title"}]}}}]}}
    elif r == 14:
        ev = {"author": "nemo_agent", "invocationId": "e-1", "id": f"{i:08x}", "content": {"role": "user", "parts": [
            {"functionResponse": {"id": "c1", "name": "edit_multitrack", "response": {"status": "success"}}}]}}
    else:
        ev = {"author": "nemo_agent", "invocationId": "e-1", "id": f"{i:08x}", "timestamp": 1.7e9, "partial": True,
              "content": {"role": "model", "parts": [{"text": "Your raw clip "}]}}
    return b"data: " + json.dumps(ev).encode() + b"\n\n"


class EventStream(httpx.SyncByteStream):
    """n events generated on the fly (nothing held), in 16 KiB chunks; a keep-alive every 50."""

    def __init__(self, n: int):
        self.n = n

    def __iter__(self):
        templates = [adk_event(i) for i in range(20)]
        buf = bytearray()
        for i in range(self.n):
            buf += templates[i % 20]
            if i % 50 == 49:
                buf += b": ping\n\n"
            if len(buf) >= 16384:
                yield bytes(buf)
                buf.clear()
        if buf:
            yield bytes(buf)


def _response(client: httpx.Client, n: int):
    return client.stream("POST", "http://bench/run_sse")


def _client(n: int) -> httpx.Client:
    def handler(request):
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=EventStream(n))
    return httpx.Client(transport=httpx.MockTransport(handler))


def run_skill(n: int) -> int:
    """The worker's loop without the store: decode, normalize, aggregate text."""
    from skill.api.sse import KEEPALIVE, StreamDecoder, AgentText, TextAssembler, ToolCall, ToolResult

    decoder, assembler = StreamDecoder(), TextAssembler()
    shown = 0
    with _client(n) as client, _response(client, n) as response:
        for event in decoder.iter_response(response):
            if event is KEEPALIVE:
                continue
            kind = type(event)
            if kind is AgentText:
                piece = assembler.add(event)
            elif kind is ToolCall or kind is ToolResult:
                piece = assembler.boundary()
            else:
                continue
            if piece:
                shown += 1
    return decoder.events


def run_baseline(n: int) -> int:
    from httpx_sse import EventSource

    count = 0
    with _client(n) as client, _response(client, n) as response:
        for sse in EventSource(response).iter_sse():
            json.loads(sse.data)
            count += 1
    return count


def rate(fn, n: int, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        got = fn(n)
        times.append(time.perf_counter() - t)
        assert got == n, (fn.__name__, got, n)
    return n / statistics.median(times)


def peak_kib(fn, n: int) -> float:
    tracemalloc.start()
    try:
        fn(n)
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


# --------------------------------------------------------------------------- a loopback backend
class Loopback:
    """Token, session, state and /run_sse with a canned ADK reply; notes when its last byte went out."""

    def __init__(self):
        self.last_byte_at = 0.0
        self.calls = 0
        outer = self
        body = b"".join(adk_event(i) for i in (0, 1, 2, 9)) + b"data: " + json.dumps(
            {"author": "nemo_agent", "content": {"role": "model", "parts": [{"text": "Done: the title is set."}]}}
        ).encode() + b"\n\n"
        def state():
            # A settled draft (clip, music, title) whose title each turn changes, as an edit
            # does: the worker sees a finished run and a real change, and polls nothing more.
            return {"code": 0, "data": {"state": {"draft": {"d": 10000, "t": [
                {"tt": 0, "sg": [{"s": 0, "d": 10000, "m": {"title": "forest"}}]},
                {"tt": 1, "sg": [{"s": 0, "d": 10000, "m": {"title": "Upbeat", "volume": 0.3}}]},
                {"tt": 7, "sg": [{"s": 0, "d": 3000, "m": {"text": f"Title {outer.calls}"}}]}]}}}}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                # Headers and body go out in separate writes: without this, Nagle plus
                # delayed ACKs add ~40 ms per request and measure the bench server, not the skill.
                import socket
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *a):
                pass

            def _json(self, obj):
                data = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._json(state())

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path == "/api/auth/anonymous-token":
                    return self._json({"code": 0, "data": {"token": "nmv_usr_bench", "user_id": "anon_b"}})
                if self.path.startswith("/api/tasks/"):
                    return self._json({"code": 0, "data": {"session_id": "1", "task_id": "t1", "user_id": "anon_b"}})
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                outer.last_byte_at = time.perf_counter()
                outer.calls += 1

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def overhead_in_process(loop: Loopback, runs: int) -> float:
    from skill import app
    from skill.core import config
    from skill.faces.human import HumanFace
    from skill.core.store import Store
    from skill.core.timing import Timings
    from skill.turns.book import TurnBook
    from skill.turns.worker import TurnRunner

    tmp = tempfile.TemporaryDirectory(prefix="bench-turn-")
    settings = config.from_env({"NEMO_API_URL": loop.url, "NEMO_CONFIG_DIR": tmp.name})
    samples = []
    with tmp, Store.open(settings) as store:
        book = TurnBook(store)
        for i in range(runs + 1):
            turn_id = book.begin(settings.api_url, "add a title", "en", Timings())
            runner = TurnRunner(settings, store, book.get(turn_id), timings=Timings())
            runner.run()
            face = HumanFace(out=io.StringIO(), err=io.StringIO())     # the reply, as `status` gives it
            face.finish(app.status(settings, emit=face.emit))
            done = time.perf_counter()
            if i:   # the first run pays for imports and connection setup
                samples.append(done - loop.last_byte_at)
    return statistics.median(samples) * 1000


def overhead_cli(loop: Loopback, runs: int) -> float:
    tmp = tempfile.TemporaryDirectory(prefix="bench-turn-cli-")    # removed when the function returns
    env = {**os.environ, "NEMO_API_URL": loop.url, "NEMO_CONFIG_DIR": tmp.name}
    env.pop("VIDEO_SKILL_TIME_SCALE", None)
    samples = []
    for _ in range(runs):
        proc = subprocess.Popen([sys.executable, "-m", "skill", "chat", "add a title"], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        last_line_at = 0.0
        for line in proc.stdout:
            last_line_at = time.perf_counter()
        proc.wait()
        samples.append(last_line_at - loop.last_byte_at)
    return statistics.median(samples) * 1000


# --------------------------------------------------------------------------- report
def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    quick = "--quick" in argv
    n = 20_000 if quick else 100_000
    repeats = 1 if quick else 3
    runs = 5 if quick else 15

    skill_rate = rate(run_skill, n, repeats)
    base_rate = rate(run_baseline, n, repeats)
    mem_small, mem_big = peak_kib(run_skill, 10_000), peak_kib(run_skill, n)

    loop = Loopback()
    try:
        in_proc = overhead_in_process(loop, runs)
        cli = overhead_cli(loop, max(3, runs // 3))
    finally:
        loop.close()

    rows = [
        ("stream handling, skill.api.sse (decode + normalize + aggregate)", f"{skill_rate:,.0f} events/s",
         f"{n:,} ADK events through httpx; goal ≥ 50,000/s"),
        ("baseline: httpx-sse iter_sse + json.loads", f"{base_rate:,.0f} events/s",
         f"ratio skill/baseline {skill_rate / base_rate:.2f}"),
        ("peak memory (tracemalloc), 10,000 events", f"{mem_small:,.0f} KiB", ""),
        (f"peak memory (tracemalloc), {n:,} events", f"{mem_big:,.0f} KiB",
         "flat: nothing is kept per event"),
        ("turn overhead, in-process", f"{in_proc:.1f} ms",
         f"median of {runs}: last byte → stream end → state fetch + diff → store → reply printed"),
        ("turn overhead, `video-skill chat` CLI", f"{cli:.1f} ms",
         "median; adds the detached worker's store write and the follower's poll (every 0.05 s)"),
    ]
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    table = ["| measure | result | notes |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = "\n".join([
        "## Chat turn (bench/bench_turn.py)", "",
        f"Machine: {describe_machine()}. Date: {when}.{' (quick run)' if quick else ''}", "",
        *table, ""])
    publish(text, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

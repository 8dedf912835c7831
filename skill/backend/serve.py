"""`video-skill serve` / `python -m skill.backend`: run the local backend with uvicorn.

Loopback only unless --allow-remote: the server has no real security (anyone
who can reach it can mint tokens and read every session). The uvicorn access
log is off: request lines are not needed, and nothing that could carry a
token is ever logged.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import logging
import os
import socket
import sys
import time
from pathlib import Path

from skill.backend.launcher import default_data_dir
from skill.core.files import atomic_write

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0: pick a free port")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="default: $NEMO_CONFIG_DIR/local-backend")
    parser.add_argument("--dialect", choices=["adk", "simple"], default="adk",
                        help="SSE event dialect of /run_sse (default: ADK events)")
    parser.add_argument("--render-layout", choices=["vendor", "seed"], default="vendor",
                        help="vendor: data.status/data.outputUrl; seed: status/output.url")
    parser.add_argument("--time-scale", type=float, default=None,
                        help="multiplies every backend delay (0.01: a 150 s generation takes 1.5 s); "
                             "default: env VIDEO_SKILL_TIME_SCALE, else 1.0")
    parser.add_argument("--render-preset", default="ultrafast",
                        choices=["ultrafast", "superfast", "veryfast", "faster", "fast", "medium"],
                        help="x264 preset of renders (default ultrafast; veryfast: files about half "
                             "the size for about 1.7x the CPU)")
    parser.add_argument("--keepalive", type=float, default=15.0,
                        help="seconds between SSE keep-alives (scaled by --time-scale)")
    parser.add_argument("--max-upload-bytes", type=int, default=500 * 1024 * 1024)
    parser.add_argument("--ip-token-cap", type=int, default=50,
                        help="anonymous tokens per IP per hour (then HTTP 429)")
    parser.add_argument("--error-http", choices=["envelope", "rest"], default="envelope",
                        help="HTTP status of envelope errors: envelope = 200 with the code "
                             "(1001 is 401); rest = 401/404/403/415/413")
    parser.add_argument("--ready-file", type=Path, default=None,
                        help="write the bound base URL here (atomically) once listening")
    parser.add_argument("--idle-exit", type=float, default=0.0,
                        help="exit after this many seconds without requests or work (0: never)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a non-loopback --host (no real security: tests only)")
    parser.add_argument("--log-level", default="warning")
    parser.add_argument("--stop", action="store_true",
                        help="stop the detached server of --data-dir (started for NEMO_API_URL=local)")
    parser.add_argument("--status", action="store_true",
                        help="print the URL of the detached server of --data-dir, if one runs")


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def time_scale(flag: float | None, env: dict | None = None) -> float:
    """--time-scale when given, else env NEMO_LOCAL_TIME_SCALE or VIDEO_SKILL_TIME_SCALE
    (the launcher's order: one clock for the client and the backend), else 1.0."""
    if flag is not None:
        return flag
    env = os.environ if env is None else env
    for name in ("NEMO_LOCAL_TIME_SCALE", "VIDEO_SKILL_TIME_SCALE"):
        raw = (env.get(name) or "").strip()
        if raw:
            try:
                value = float(raw)
            except ValueError:
                print(f"ignoring {name}={raw!r}: not a number", file=sys.stderr)
                continue
            if value >= 0 and value == value and value != float("inf"):
                return value
    return 1.0


def run(args: argparse.Namespace) -> int:
    if args.stop or args.status:
        from skill.backend import launcher

        if args.stop:
            stopped = launcher.stop_running(args.data_dir)
            print("stopped" if stopped else "not running")
            return 0
        url = launcher.running_url(args.data_dir)
        print(url or "not running")
        return 0 if url else 1
    if not _is_loopback(args.host) and not args.allow_remote:
        print(f"refusing to listen on {args.host}: this backend has no real security. "
              "Use --allow-remote to insist.", file=sys.stderr)
        return 2
    from skill.backend import require_extras

    require_extras()
    import uvicorn

    from skill.backend import envelope, launcher
    from skill.backend.app import build
    from skill.backend.options import Options

    data_dir = (args.data_dir or default_data_dir()).expanduser().resolve()

    live = launcher.running_url(data_dir)
    if live:   # two servers on one data dir would fail each other's work on boot
        print(f"another local backend already serves {data_dir} at {live}", file=sys.stderr)
        return 1
    from skill.core.config import ensure_private_dir

    ensure_private_dir(data_dir)   # 0700, with any folder above it that this makes
    opts = Options(data_dir=data_dir, dialect=args.dialect, render_layout=args.render_layout,
                   time_scale=max(0.0, time_scale(args.time_scale)), keepalive=max(0.01, args.keepalive),
                   max_upload_bytes=max(1, args.max_upload_bytes), ip_token_cap=max(0, args.ip_token_cap),
                   idle_exit=max(0.0, args.idle_exit), render_preset=args.render_preset)
    envelope.set_mode(args.error_http)
    logging.basicConfig(level=getattr(logging, str(args.log_level).upper(), logging.WARNING),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build(opts)

    # bind the socket ourselves: port 0 gets a free port we can then report
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    sock.listen(128)
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    url = f"http://{host}:{port}"

    config = uvicorn.Config(app, log_level=str(args.log_level).lower(), access_log=False,
                            lifespan="off", timeout_graceful_shutdown=2)
    server = _Server(config, opts)

    async def main() -> None:
        watchers = [asyncio.create_task(_announce(server, args.ready_file, url, data_dir))]
        if opts.idle_exit > 0:
            watchers.append(asyncio.create_task(_idle_watch(server, app, opts.idle_exit)))
        try:
            await server.serve(sockets=[sock])
        finally:
            for w in watchers:
                w.cancel()

    print(f"local NemoVideo backend on {url} (data: {data_dir})", file=sys.stderr, flush=True)
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        _forget(data_dir)
        if args.ready_file:
            try:
                if args.ready_file.read_text(encoding="utf-8").strip() == url:
                    args.ready_file.unlink()
            except OSError:
                pass
    return 0


def _Server(config, opts):
    """uvicorn's server, telling the backend the moment a stop is asked (SIGINT/SIGTERM):
    a render still running then is interrupted, not completed during the shutdown."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            opts.stopping = True
            super().handle_exit(sig, frame)

    return Server(config)


async def _announce(server, ready_file: Path | None, url: str, data_dir: Path) -> None:
    while not server.started:
        await asyncio.sleep(0.02)
    # record ourselves so `ensure_running` (NEMO_API_URL=local) reuses this server
    atomic_write(data_dir / "server.json", json.dumps({"pid": os.getpid(), "url": url}), make_parents=True)
    if ready_file:
        atomic_write(Path(ready_file), url, make_parents=True)


def _forget(data_dir: Path) -> None:
    path = data_dir / "server.json"
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


async def _idle_watch(server, app, idle: float) -> None:
    bk = app.state.backend
    while True:
        await asyncio.sleep(min(5.0, idle / 4))
        if not bk.busy and time.monotonic() - bk.last_request > idle:
            server.should_exit = True
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.backend",
                                     description="the local NemoVideo-compatible backend")
    add_arguments(parser)
    return run(parser.parse_args(argv))

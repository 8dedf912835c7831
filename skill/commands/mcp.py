"""`video-skill mcp`: serve the skill's tools over MCP (stdio) for Cursor, Claude, OpenClaw.

Needs the official `mcp` SDK, which the skill folder's launcher (bin/video-skill)
and a checkout's `make install` include. Logs warnings only on stderr unless
`--log-level` asks for more (INFO: one line per request to the video service).
"""
from __future__ import annotations

import argparse

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--local", action="store_true", help="use the embedded local backend")
    parser.add_argument("--log-level", choices=LEVELS, type=str.upper, default="WARNING",
                        help="what to log on stderr (default WARNING; INFO logs every request to the service)")


def run(args: argparse.Namespace) -> int:
    import os

    from skill.core import errors

    if args.local:
        os.environ["NEMO_API_URL"] = "local"
    try:
        from skill.faces.mcp import serve
    except ImportError as exc:
        raise errors.BackendNotInstalled(key="mcp_not_installed", missing=exc.name or "mcp") from None
    return serve(args.log_level)

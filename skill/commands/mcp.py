"""`video-skill mcp`: serve the skill's tools over MCP (stdio) for Cursor, Claude, OpenClaw.

Needs the `mcp` extra: pip install 'video-generator-free-models[mcp]'.
"""
from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--local", action="store_true", help="use the embedded local backend")


def run(args: argparse.Namespace) -> int:
    import os

    from skill.core import errors

    if args.local:
        os.environ["NEMO_API_URL"] = "local"
    try:
        from skill.faces.mcp import serve
    except ImportError as exc:
        raise errors.BackendNotInstalled(key="mcp_not_installed", missing=exc.name or "mcp") from None
    return serve()

"""`video-skill export [--output PATH]`: render the project and download the MP4.

Resumable: if this command is stopped, running it again picks up the same
render (never a second one). See skill/export.py.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from skill.commands._common import add_common, plan_run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", type=Path, default=None,
                        help="file or folder for the MP4 (default: $VIDEO_SKILL_EXPORT_DIR or here)")
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                        help="wait at most this long; the render goes on and `export` picks it up")
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    if args.wait is not None and not args.wait >= 0:
        from skill.errors import BadInput

        raise BadInput("--wait must be 0 or more seconds.")
    wait = float("inf") if args.wait is None else args.wait   # unbounded: the render's own limit
    return plan_run(args, output=args.output, wait=wait).run(["export"])

"""`video-skill export [--output PATH]`: render the project and download the MP4.

Resumable: if this command is stopped, running it again picks up the same
render (never a second one). See skill/export.py.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from skill.commands._common import add_common, add_wait, present


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", type=Path, default=None,
                        help="file or folder for the MP4 (default: $VIDEO_SKILL_EXPORT_DIR or here)")
    add_wait(parser, "wait at most this long; the render goes on and `export` picks it up")
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import app

    return present(args, app.export, output=args.output, wait=args.wait, lang=args.lang)

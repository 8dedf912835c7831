"""`video-skill say "MESSAGE" [--attach FILE]...`: the main entry for every user message.

Routes the message (skill.router) and runs its plan in order: upload,
generate/edit through the backend agent, export, credits, state. Waits at
most `--wait` seconds (default 100, under the hosts' 120 s command limit);
what is still running then is picked up by `video-skill status`.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from skill.commands._common import add_common, add_wait, present


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("message", nargs="*", help="what you want, in your own words")
    parser.add_argument("--attach", action="append", default=[], metavar="FILE",
                        help="a file sent with the message (repeatable)")
    add_wait(parser, "wait at most this long (default 100); running work goes on")
    parser.add_argument("--output", "-o", type=Path, default=None,
                        help="where an export puts the MP4 (file or folder)")
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import app

    return present(args, app.say, " ".join(args.message), attachments=tuple(args.attach),
                   output=args.output, wait=args.wait, lang=args.lang)

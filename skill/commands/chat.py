"""`video-skill chat "MESSAGE"`: one message to the backend agent, a plain reply back.

The turn runs in a detached worker (hosts kill commands after ~120 s, a
generation takes 100-300 s). This command starts it and follows its progress
for `--wait` seconds (default 100). If the turn is still going then, it says
so and exits 0 (status "running" and a `next` step with --json); the worker
carries on and `video-skill status` reports the outcome.
"""
from __future__ import annotations

import argparse

from skill.commands._common import add_common, add_wait, present


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("message", nargs="+", help="what you want, in your own words")
    add_wait(parser, "follow the turn this long (default 100); it keeps running afterwards")
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import app

    return present(args, app.chat, " ".join(args.message), wait=args.wait, lang=args.lang)

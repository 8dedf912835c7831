"""`video-skill state`: the project's timeline, as a summary."""
from __future__ import annotations

import argparse

from skill.commands._common import add_common, present


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import app

    return present(args, app.state, lang=args.lang)

"""`video-skill credits`: the credit balance (available, reserved, total)."""
from __future__ import annotations

import argparse

from skill.commands._common import add_common, present


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import app

    return present(args, app.credits, lang=args.lang)

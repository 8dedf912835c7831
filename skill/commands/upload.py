"""`video-skill upload FILE_OR_URL...`: add footage, images or music to the project."""
from __future__ import annotations

import argparse

from skill.commands._common import add_common, present


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("items", nargs="+", metavar="FILE_OR_URL")
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import app

    return present(args, app.upload, tuple(args.items), lang=args.lang)

"""`video-skill upload FILE_OR_URL...`: add footage, images or music to the project."""
from __future__ import annotations

import argparse

from skill.commands._common import add_common, plan_run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("items", nargs="+", metavar="FILE_OR_URL")
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    return plan_run(args, attachments=tuple(args.items)).run(["upload"])

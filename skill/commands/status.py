"""`video-skill status`: the outcome of the last request, or how long it has been running.

A finished outcome is reported as new once (by `say`/`chat` or here);
afterwards it is still shown, marked as already seen. A turn whose worker
died is handed to a recovery worker (state polling) instead of blocking
forever. Steps that waited for the turn ("…, then export") run here. The exit
code is the last request's: 0, or its failure's code.
"""
from __future__ import annotations

import argparse

from skill.commands._common import add_common, present


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="if a request is running, follow it this long (default: don't wait)")
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import app

    return present(args, app.status, wait=args.wait, lang=args.lang)

"""`video-skill credits`: the credit balance (available, reserved, total)."""
from __future__ import annotations

import argparse

from skill.commands._common import Output, add_common, language, open_client


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import replies

    args.lang = language(args)
    out = Output(args.json, args.lang)
    with open_client(args, args.lang) as api:
        c = api.credits()
    out.line(replies.credits(c.available, c.frozen, c.total, lang=args.lang))
    out.event("credits", available=c.available, frozen=c.frozen, total=c.total)
    return 0

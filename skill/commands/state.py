"""`video-skill state`: the project's timeline, as a summary."""
from __future__ import annotations

import argparse

from skill.commands._common import Output, add_common, language, open_client


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import replies, timeline

    args.lang = language(args)
    out = Output(args.json, args.lang)
    with open_client(args, args.lang) as api:
        state = api.state()
        notices = api.take_notices()
        link = api.task_link()
    draft = state.get("draft")
    for key in notices:
        out.line(out.message(key))
    out.line(replies.timeline(draft, lang=args.lang))
    if link:
        out.line(f"🔗 {link}")
    out.event("state", timeline=timeline.summarize(draft, args.lang),
              ready=timeline.is_ready_for_export(draft), notices=notices, links={"project": link})
    return 0

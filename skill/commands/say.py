"""`video-skill say "MESSAGE" [--attach FILE]...`: the main entry for every user message.

Routes the message (skill.router) and runs its plan in order: upload,
generate/edit through the backend agent, export, credits, state. Waits at
most `--wait` seconds (default 100, under the hosts' 120 s command limit);
what is still running then is picked up by `video-skill status`.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from skill.commands._common import add_common


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("message", nargs="*", help="what you want, in your own words")
    parser.add_argument("--attach", action="append", default=[], metavar="FILE",
                        help="a file sent with the message (repeatable)")
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                        help="wait at most this long (default 100); running work goes on")
    parser.add_argument("--output", "-o", type=Path, default=None,
                        help="where an export puts the MP4 (file or folder)")
    add_common(parser)


def run(args: argparse.Namespace) -> int:
    from skill import errors
    from skill.commands._common import language, settings
    from skill.plan import PlanRun, settle_previous
    from skill.router import route
    from skill.store import Store
    from skill.timing import Timings

    text = " ".join(args.message).strip()
    args.lang = language(args, text)
    text = errors.require_text(text)
    for name in args.attach:
        errors.require_text(name, "attachment name")
    if not text and not args.attach:
        raise errors.BadInput(errors.render_message("say_empty", args.lang))
    missing = [a for a in args.attach if not Path(a).is_file()]
    if missing:  # before anything runs: never half a plan
        raise errors.BadInput(errors.render_message("attachment_missing", args.lang, name=missing[0]))
    wait = Timings.from_env().chat_wait if args.wait is None else args.wait
    if not wait >= 0:
        raise errors.BadInput("--wait must be 0 or more seconds.")
    r = route(text, args.attach)
    env = settings(args)
    with Store.open(env) as store:   # one store for everything this message does
        code = settle_previous(env, store, json_mode=args.json, wait=wait)
        if code:
            return code
        plan_run = PlanRun(settings=env, lang=args.lang, json_mode=args.json, wait=wait,
                           output=args.output, attachments=tuple(args.attach), urls=tuple(r.urls),
                           chat_text=r.chat_text or text, store=store)
        if args.json:
            plan_run.out().event("plan", plan=list(r.plan))
        return plan_run.run(r.plan)

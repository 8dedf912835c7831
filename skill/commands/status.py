"""`video-skill status`: the outcome of the last chat turn, or how long it has been running.

A finished outcome is reported as new once (by `chat` or here); afterwards
it is still shown, marked as already seen. A turn whose worker died is
handed to a recovery worker (state polling) instead of blocking forever.
Exit code 0 whenever the status could be read.
"""
from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="if a turn is running, follow it this long (default: don't wait)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--local", action="store_true", help="the embedded local backend's project")


def run(args: argparse.Namespace) -> int:
    from skill import config, errors
    from skill.commands._chat_output import Printer
    from skill.store import Store
    from skill.timing import Timings
    from skill.turn import TurnBook, follow, format_elapsed, is_alive, recover_dead_turn

    if not args.wait >= 0:
        raise errors.BadInput("--wait must be 0 or more seconds.")
    settings = config.from_env(local=args.local)
    timings = Timings.from_env()
    with Store.open(settings) as store:
        book = TurnBook(store)
        rec = book.latest(settings.api_url)
        lang = rec.lang if rec else "en"
        args.lang = lang
        printer = Printer(json_mode=args.json, lang=lang)
        if rec is None:
            printer.line(errors.render_message("no_turn", lang), {"event": "status", "status": "none"})
            return 0
        if rec.active:
            if args.wait > 0:   # follow() also replaces a dead worker
                follow(book, settings, rec.id, timings, args.wait, printer.progress)
            elif not is_alive(rec, timings):
                recover_dead_turn(book, settings, rec)
            rec = book.get(rec.id) or rec
        if rec.active:
            printer.line(errors.render_message("turn_running", lang, elapsed=format_elapsed(rec.elapsed())),
                         {"event": "status", "status": "running", "turn": rec.id,
                          "elapsed": round(rec.elapsed(), 1)})
            return 0
        fresh = book.mark_reported(rec.id)
        printer.reply(rec, fresh=fresh)
        # Steps of a plan that waited for this turn ("..., then export") run now.
        from skill.plan import resume_deferred

        return resume_deferred(settings, rec, store, json_mode=args.json,
                               wait=max(args.wait, timings.chat_wait))

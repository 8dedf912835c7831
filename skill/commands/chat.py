"""`video-skill chat "MESSAGE"`: one message to the backend agent, a plain reply back.

The turn runs in a detached worker (hosts kill commands after ~120 s, a
generation takes 100-300 s). This command starts it and follows its progress
for `--wait` seconds (default 100, under the hosts' 120 s limit). If the turn
is still going then, it says so and exits 0 (`{"event":"pending"}` with
--json); the worker carries on and `video-skill status` reports the outcome.

Exit codes: 0 reply (or still running), 2 bad input, 3 backend unreachable,
4 token rejected, 5 session lost, 6 no credits, 10 rate limited, 11 busy with
the previous message, 12 timed out, 13 failed (see skill/errors.py).
"""
from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("message", nargs="+", help="what you want, in your own words")
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                        help="follow the turn this long (default 100); it keeps running afterwards")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--local", action="store_true", help="use the embedded local backend")


def run(args: argparse.Namespace) -> int:
    from skill import config, errors, lang
    from skill.commands._chat_output import Printer
    from skill.timing import Timings

    message = " ".join(args.message).strip()
    args.lang = lang.detect(message)
    message = errors.require_text(message)
    if not message:
        raise errors.BadInput("Please say what you want, e.g. video-skill chat \"make a 10-second video of the sea\".")
    timings = Timings.from_env()
    wait = timings.chat_wait if args.wait is None else args.wait
    if not wait >= 0:
        raise errors.BadInput("--wait must be 0 or more seconds.")
    settings = config.from_env(local=args.local)
    printer = Printer(json_mode=args.json, lang=args.lang)
    code, _record, _turn_id = converse(settings, message, args.lang, timings, wait, printer)
    return code


def converse(settings, message: str, lang: str, timings, wait: float, printer, store=None):
    """Start a turn in a detached worker and print it for up to `wait` seconds.

    Returns (exit code, the finished TurnRecord or None while it still runs, turn id).
    `store`: the command's open store (one is opened for the call if not given).
    """
    from skill.store import Store

    if store is None:
        with Store.open(settings) as own:
            return converse(settings, message, lang, timings, wait, printer, store=own)

    from skill import errors
    from skill.commands._chat_output import report_previous
    from skill.turn import TurnBook, exit_code, follow, recover_dead_turn, spawn_worker

    book = TurnBook(store)
    report_previous(book, settings.api_url, printer)
    turn_id = book.begin(settings.api_url, message, lang, timings,
                         on_dead=lambda rec: recover_dead_turn(book, settings, rec))
    try:
        book.set_pid(turn_id, spawn_worker(settings, turn_id))
    except OSError:
        # No worker, so nothing was sent: close the turn instead of blocking the next one.
        book.finish(turn_id, "failed", {"status": "failed", "lang": lang, "pieces": [], "changes": []})
        raise errors.SkillError("worker did not start") from None
    result = follow(book, settings, turn_id, timings, wait, printer.progress)
    if result.record is None:
        printer.pending(turn_id)
        return 0, None, turn_id
    fresh = book.mark_reported(turn_id)
    printer.reply(result.record, fresh=fresh)
    return exit_code(result.record), result.record, turn_id

"""`video-skill route "TEXT" [--attach FILE]... [--json]`: show how a message is routed.

Prints the plan (e.g. ``plan: chat → export``) and what the router took from
the message (chat text, media URLs, attachments, language). Imports only the
router: no HTTP client, no templates.
"""
from __future__ import annotations

import argparse
import re
import sys

from skill.core.errors import BadInput, require_text


# a file name's extension somewhere in the text: only then are typed paths looked for (the
# lookup reads intents/conversation.yaml, which a plain message need not pay for)
_MAYBE_A_FILE = re.compile(r"\.[A-Za-z0-9]{2,5}(?![A-Za-z0-9])")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="*", help="the message (several words are joined with spaces)")
    parser.add_argument("--attach", "-a", action="append", default=[], metavar="FILE",
                        help="a file sent with the message (repeatable)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from skill.text.router import route

    text = require_text(" ".join(args.text or ()), "message")
    attachments = [require_text(a, "attachment name") for a in args.attach or ()]
    if any(not a.strip() for a in attachments):
        raise BadInput(key="attach_needs_name")
    missing: list[str] = []
    if _MAYBE_A_FILE.search(text):   # a typed path goes up as if attached, as `say` sends it
        from skill.text import typed_paths

        typed = typed_paths.find(text)
        text, attachments, missing = typed.text, [*attachments, *typed.found], typed.missing
    from skill.core.lang import detect   # loaded by the router anyway

    args.lang = detect(text)   # a skill file found missing while routing is said in the user's language
    r = route(text, attachments)
    args.lang = r.language  # errors after this point speak the user's language
    if missing:   # `say` refuses a path to no file: so does the preview
        raise BadInput(key="attachment_missing", name=missing[0])
    if args.json:   # the --json contract (docs/json.md): one result line
        from skill.core.events import Outcome
        from skill.faces.jsonl import JsonLinesFace

        text = "plan: " + " → ".join(r.plan)
        return JsonLinesFace().finish(Outcome("route", lang=r.language, text=text, data=r.to_dict()))
    else:
        lines = ["plan: " + " → ".join(r.plan)]
        if r.chat_text is not None and r.chat_text != "":
            lines.append(f"chat: {r.chat_text}")
        if r.urls:
            lines.append("urls: " + ", ".join(r.urls))
        if r.attachments:
            lines.append("attachments: " + ", ".join(r.attachments))
        lines.append(f"language: {r.language}")
        out = "\n".join(lines)
    sys.stdout.write(out + "\n")
    sys.stdout.flush()
    return 0

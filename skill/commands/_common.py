"""What the API commands share: flags, settings, the client, and output.

Human output is plain lines; `--json` output is one JSON object per line.
Everything printed that came from the backend has been through sanitize.clean.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from skill import config, lang as lang_mod


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--local", action="store_true",
                        help="use the embedded local backend (same as NEMO_API_URL=local)")
    parser.add_argument("--lang", choices=("en", "zh"), default=None,
                        help="language of the replies (default: the message's, else $LANG)")


def language(args: argparse.Namespace, text: str | None = None) -> str:
    if getattr(args, "lang", None):
        return args.lang
    if text:
        return lang_mod.detect(text)
    env_lang = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "zh" if env_lang.lower().startswith("zh") else "en"


def settings(args: argparse.Namespace) -> config.Settings:
    return config.from_env(local=bool(getattr(args, "local", False)))


def plan_run(args: argparse.Namespace, *, wait: float | None = None, **fields: Any):
    """A PlanRun for a single-step command (credits, state, upload, export)."""
    from skill.plan import PlanRun
    from skill.timing import Timings

    args.lang = language(args)
    return PlanRun(settings=settings(args), lang=args.lang, json_mode=args.json,
                   wait=Timings.from_env().chat_wait if wait is None else wait, **fields)


class Output:
    def __init__(self, as_json: bool, lang: str, stream=None):
        self.as_json = as_json
        self.lang = lang
        self.stream = stream or sys.stdout

    def line(self, text: str) -> None:
        """A line for people (skipped in --json mode)."""
        if not self.as_json and text:
            self.stream.write(text.rstrip("\n") + "\n")
            self.stream.flush()

    def event(self, event: str, **fields: Any) -> None:
        """A JSON object for programs (skipped in human mode)."""
        if self.as_json:
            self.stream.write(json.dumps({"event": event, **fields}, ensure_ascii=False) + "\n")
            self.stream.flush()

    def message(self, key: str, **params: Any) -> str:
        from skill.errors import render_message

        return render_message(key, self.lang, **params)

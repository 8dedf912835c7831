"""What the commands share: flags, settings at the edge, and running an operation through a face.

A command parses its arguments, calls one operation of skill.app and hands
its events and outcome to a face (skill.faces): the terminal, or JSON lines
with `--json`. Nothing else prints.
"""
from __future__ import annotations

import argparse


def add_common(parser: argparse.ArgumentParser, *, lang: bool = True) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line (docs/json.md)")
    parser.add_argument("--local", action="store_true",
                        help="use the embedded local backend (same as NEMO_API_URL=local)")
    if lang:
        parser.add_argument("--lang", choices=("en", "zh"), default=None,
                            help="language of the replies (default: the message's, else $LANG)")


def add_wait(parser: argparse.ArgumentParser, default_help: str) -> None:
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS", help=default_help)


def present(args: argparse.Namespace, operation, *op_args, **op_kwargs) -> int:
    """Run `operation(settings, *op_args, emit=face.emit, **op_kwargs)` through the chosen face.

    The local backend (NEMO_API_URL=local) is found or started here, at the edge.
    """
    from skill import config, errors, faces
    from skill.faces.local import with_local_backend

    face = faces.for_args(args)
    settings = config.from_env(local=bool(getattr(args, "local", False)))
    try:
        settings = with_local_backend(settings)
    except errors.SkillError as exc:
        from skill.app import language
        from skill.app.context import Context

        ctx = Context(settings, lang=language(getattr(args, "lang", None)), emit=face.emit)
        return face.finish(ctx.failed(args.command_name, exc))
    return face.finish(operation(settings, *op_args, emit=face.emit, **op_kwargs))

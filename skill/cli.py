"""`video-skill` entry point: a lazy command dispatcher.

Two kinds of commands. The operations (say, chat, status, export, credits,
state, upload) are declared in skill.app.operations; their parsers are made
here from those declarations, and each runs through a face (the terminal, or
JSON lines with `--json`). The setup commands (`SETUP`: route, install,
doctor, ...) are one module each under skill.commands, with
`add_arguments(parser)` and `run(args) -> int`. Only what the chosen command
needs is imported, so `video-skill route` does not pay for HTTP, Jinja2 or
the backend.

Errors never surface as tracebacks: a SkillError prints its short message in
the user's language; anything else prints one line (set VIDEO_SKILL_DEBUG=1
for the traceback).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# The terminal's own commands (no MCP tool): name -> (module, one-line help), in --help order.
SETUP: dict[str, tuple[str, str]] = {
    "route": ("skill.commands.route", "show how a message would be routed (no network)"),
    "mcp": ("skill.commands.mcp", "serve the operations as MCP tools (stdio) for agent hosts"),
    "serve": ("skill.backend.serve", "run the local NemoVideo-compatible backend"),
    "skillmd": ("skill.commands.skillmd", "render SKILL.md from skill.yaml"),
    "install": ("skill.commands.install", "install the skill into an agent host (OpenClaw, Cursor, Claude Code)"),
    "doctor": ("skill.commands.doctor", "check the setup: config, sign-in, service, ffmpeg, launcher, hosts"),
}


def _operations() -> dict:
    return importlib.import_module("skill.app.operations").OPERATIONS


def _formatter(prog: str) -> argparse.HelpFormatter:
    # argparse builds a formatter on every add_argument, and without a width it
    # imports shutil (with bz2 and lzma) to ask the terminal: ~4 ms per command.
    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        width = 80
    return argparse.HelpFormatter(prog, width=max(width - 2, 40))


def _top_parser() -> argparse.ArgumentParser:
    helps = {name: op.help for name, op in _operations().items()} | {n: h for n, (_, h) in SETUP.items()}
    epilog = "commands:\n" + "\n".join(f"  {n:<10} {h}" for n, h in helps.items())
    parser = argparse.ArgumentParser(
        prog="video-skill", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Make and edit short videos by chatting.", epilog=epilog)
    parser.add_argument("command", choices=list(helps), metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    from skill.faces import safe_streams

    safe_streams()   # before anything prints: a closed or non-UTF-8 stdout never fails a command
    argv = sys.argv[1:] if argv is None else argv
    name = argv[0] if argv else None
    if name in SETUP:
        module_name, help_text = SETUP[name]
        module = importlib.import_module(module_name)
        parser = argparse.ArgumentParser(prog=f"video-skill {name}", description=help_text,
                                         formatter_class=_formatter)
        module.add_arguments(parser)
        run = module.run
    elif name is not None and name in _operations():
        op = _operations()[name]
        parser = _OperationParser(prog=f"video-skill {name}", description=op.help, formatter_class=_formatter)
        add_operation_arguments(parser, op)

        def run(args: argparse.Namespace) -> int:
            return present(args, op)
    else:
        parser = _top_parser()
        if not argv or argv[0] in ("-h", "--help"):
            parser.print_help()
            return 0 if argv else 2
        parser.error(f"unknown command {argv[0]!r}")
    try:
        args = parser.parse_args(argv[1:])
    except _BadArguments as exc:
        return _fail(_as_given(name, argv[1:]), exc)
    args.command_name = name
    return _run(run, args)


class _BadArguments(Exception):
    pass


class _OperationParser(argparse.ArgumentParser):
    """An operation's bad arguments ("--fast", "--wait abc") as the skill's own error: short, in the user's
    language, a JSON result with --json, exit 2; not argparse's English usage text."""

    def error(self, message: str):
        from skill.core.errors import BadInput

        raise _BadArguments(BadInput(message, key="bad_arguments", command=self.prog))


def _as_given(name: str, rest: list[str]) -> argparse.Namespace:
    """What can be read of arguments that did not parse: --json, --lang, and the message's language."""
    from skill.app.operations import language

    lang = next((rest[i + 1] for i, a in enumerate(rest[:-1]) if a == "--lang" and rest[i + 1] in ("en", "zh")), None)
    words = " ".join(a for a in rest if not a.startswith("-"))
    return argparse.Namespace(command_name=name, json="--json" in rest, lang=language(lang, words))


# --------------------------------------------------------------------------- operations
def add_operation_arguments(parser: argparse.ArgumentParser, op) -> None:
    """The declaration's arguments as options, plus the faces' own (--json, --local, --lang)."""
    from pathlib import Path

    for arg in op.args:
        if arg.kind == "words":
            parser.add_argument(arg.name, nargs="*", help=arg.help)
        elif arg.kind == "items":
            parser.add_argument(arg.name, nargs="+", metavar=arg.metavar, help=arg.help)
        elif arg.kind == "files":
            parser.add_argument(*arg.flags, dest=arg.name, action="append", default=[], metavar=arg.metavar,
                                help=arg.help)
        elif arg.kind == "seconds":
            parser.add_argument(*arg.flags, dest=arg.name, type=float, default=None, metavar=arg.metavar,
                                help=arg.help)
        elif arg.kind == "path":
            parser.add_argument(*arg.flags, dest=arg.name, type=Path, default=None, metavar=arg.metavar,
                                help=arg.help)
        else:
            raise ValueError(f"{op.name}: unknown argument kind {arg.kind!r}")
    parser.add_argument("--json", action="store_true", help="one JSON object per line (docs/json.md)")
    parser.add_argument("--local", action="store_true",
                        help="use the embedded local backend (same as NEMO_API_URL=local)")
    parser.add_argument("--lang", choices=("en", "zh"), default=None,
                        help="language of the replies (default: the message's, else $LANG)")


def call_arguments(op, values: dict) -> tuple[list, dict]:
    """The operation's positional and keyword arguments from parsed values (None: not given)."""
    positional, keywords = [], {}
    for arg in op.args:
        value = values.get(arg.name)
        if arg.kind == "words":
            positional.append(" ".join(value or ()))
        elif arg.kind == "items":
            positional.append(tuple(value or ()))
        elif arg.kind == "files":
            keywords[arg.name] = tuple(value or ())
        elif value is not None:
            keywords[arg.name] = value
    return positional, keywords


def present(args: argparse.Namespace, op) -> int:
    """Run the operation through the chosen face; the local backend (NEMO_API_URL=local) is
    found or started here, at the edge."""
    from skill import faces
    from skill.core import config, errors
    from skill.faces.local import with_local_backend

    face = faces.for_args(args)
    settings = config.from_env(local=bool(getattr(args, "local", False)))
    try:
        settings = with_local_backend(settings)
    except errors.SkillError as exc:
        from skill.app.context import Context
        from skill.app.operations import language

        ctx = Context(settings, lang=language(getattr(args, "lang", None)), emit=face.emit)
        return face.finish(ctx.failed(args.command_name, exc))
    positional, keywords = call_arguments(op, vars(args))
    return face.finish(op.function(settings, *positional, lang=args.lang, emit=face.emit, **keywords))


# --------------------------------------------------------------------------- errors
def _run(run, args: argparse.Namespace) -> int:
    from skill.core.errors import SkillError  # tiny module, no heavy imports

    try:
        return int(run(args) or 0)
    except SkillError as exc:
        return _fail(args, exc)
    except KeyboardInterrupt:
        from skill.core.errors import Interrupted

        return _fail(args, Interrupted())
    except BrokenPipeError:
        return 1
    except Exception as exc:  # last line of defence: a short message, never a traceback
        if os.environ.get("VIDEO_SKILL_DEBUG"):
            raise
        from skill.core.errors import SkillError

        return _fail(args, SkillError(type(exc).__name__))


def _fail(args: argparse.Namespace, exc) -> int:
    """An error outside any operation (bad arguments, a crash): through the face all the same."""
    from skill import faces
    from skill.core.events import ErrorInfo, Outcome

    if isinstance(exc, _BadArguments):
        exc = exc.args[0]

    lang = getattr(args, "lang", None) or "en"
    outcome = Outcome(args.command_name, status="failed", lang=lang, error=ErrorInfo.from_error(exc, lang))
    return faces.for_args(args).finish(outcome)


if __name__ == "__main__":
    raise SystemExit(main())

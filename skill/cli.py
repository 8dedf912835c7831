"""`video-skill` entry point: a lazy command dispatcher.

Only the chosen command's module is imported, so `video-skill route` does not
pay for httpx, Jinja2 or the backend. Each command module provides
`add_arguments(parser)` and `run(args) -> int`.

Errors never surface as tracebacks: a SkillError prints its short message in
the user's language; anything else prints one line (set VIDEO_SKILL_DEBUG=1
for the traceback).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# name -> (module, one-line help). Order is the order shown in --help.
COMMANDS: dict[str, tuple[str, str]] = {
    "say": ("skill.commands.say", "route a message and run its plan (the main entry)"),
    "chat": ("skill.commands.chat", "send a message to the backend agent and print the reply"),
    "status": ("skill.commands.status", "the outcome of the last turn, and any turn still running"),
    "export": ("skill.commands.export", "render the project to MP4 and download it"),
    "credits": ("skill.commands.credits", "show the credit balance"),
    "state": ("skill.commands.state", "show the project's timeline"),
    "upload": ("skill.commands.upload", "upload files or media URLs to the project"),
    "route": ("skill.commands.route", "show how a message would be routed"),
    "mcp": ("skill.commands.mcp", "serve the tools over MCP (stdio) for agent hosts"),
    "serve": ("skill.backend.serve", "run the local NemoVideo-compatible backend"),
    "skillmd": ("skill.commands.skillmd", "render SKILL.md from skill.yaml"),
    "install": ("skill.commands.install", "install the skill into OpenClaw, Cursor or Claude Code"),
    "doctor": ("skill.commands.doctor", "check the setup: config, sign-in, service, ffmpeg, launcher, hosts"),
}


def _formatter(prog: str) -> argparse.HelpFormatter:
    # argparse builds a formatter on every add_argument, and without a width it
    # imports shutil (with bz2 and lzma) to ask the terminal: ~4 ms per command.
    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        width = 80
    return argparse.HelpFormatter(prog, width=max(width - 2, 40))


def _top_parser() -> argparse.ArgumentParser:
    epilog = "commands:\n" + "\n".join(f"  {n:<10} {h}" for n, (_, h) in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="video-skill", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Make and edit short videos by chatting.", epilog=epilog)
    parser.add_argument("command", choices=list(COMMANDS), metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    from skill.faces import safe_streams

    safe_streams()   # before anything prints: a closed or non-UTF-8 stdout never fails a command
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        parser = _top_parser()
        if not argv or argv[0] in ("-h", "--help"):
            parser.print_help()
            return 0 if argv else 2
        parser.error(f"unknown command {argv[0]!r}")
    name = argv[0]
    module_name, help_text = COMMANDS[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser(prog=f"video-skill {name}", description=help_text,
                                     formatter_class=_formatter)
    module.add_arguments(parser)
    args = parser.parse_args(argv[1:])
    args.command_name = name
    return _run(module, args)


def _run(module, args: argparse.Namespace) -> int:
    from skill.errors import SkillError  # tiny module, no heavy imports

    try:
        return int(module.run(args) or 0)
    except SkillError as exc:
        return _fail(args, exc)
    except KeyboardInterrupt:
        from skill.errors import Interrupted

        return _fail(args, Interrupted())
    except BrokenPipeError:
        return 1
    except Exception as exc:  # last line of defence: a short message, never a traceback
        if os.environ.get("VIDEO_SKILL_DEBUG"):
            raise
        from skill.errors import SkillError

        return _fail(args, SkillError(type(exc).__name__))


def _fail(args: argparse.Namespace, exc) -> int:
    """An error outside any operation (bad arguments, a crash): through the face all the same."""
    from skill import faces
    from skill.events import ErrorInfo, Outcome

    lang = getattr(args, "lang", None) or "en"
    outcome = Outcome(args.command_name, status="failed", lang=lang, error=ErrorInfo.from_error(exc, lang))
    return faces.for_args(args).finish(outcome)


if __name__ == "__main__":
    raise SystemExit(main())

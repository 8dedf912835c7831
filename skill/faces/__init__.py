"""Faces: present an operation's events and outcome. One presenter per face, not per command.

    face = faces.for_args(args)        # --json → JSON lines, else the terminal
    outcome = app.credits(request, face.emit)
    return face.finish(outcome)        # prints the end, returns the exit code

The MCP server (skill.faces.mcp) is the third face.
"""
from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from skill.faces.base import Face


def for_args(args, out=None, err=None) -> "Face":
    if getattr(args, "json", False):
        from skill.faces.jsonl import JsonLinesFace

        return JsonLinesFace(out=out)
    from skill.faces.human import HumanFace

    return HumanFace(out=out, err=err)


def safe_streams() -> None:
    """Never fail on output: replace what the terminal cannot encode, survive a closed stdout.

    A command that cannot print an emoji (LC_ALL=C, a Windows console) must not
    turn a sent message into "internal error" (the user would retry and pay twice).
    """
    import os

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:   # `credits >&-`: the output goes nowhere, the work still counts
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
            continue
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass

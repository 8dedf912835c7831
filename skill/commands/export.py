"""`video-skill export [--output PATH]`: render the project and download the MP4.

Resumable: if this command is stopped, running it again picks up the same
render (never a second one). See skill/export.py.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from skill.commands._common import Output, add_common, language, open_client


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", type=Path, default=None,
                        help="file or folder for the MP4 (default: $VIDEO_SKILL_EXPORT_DIR or here)")
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                        help="wait at most this long; the render goes on and `export` picks it up")
    add_common(parser)


def export(api, out: Output, output: Path | None, wait: float | None) -> int:
    """Run the export flow, printing progress; shared with `say`."""
    from skill import export as flow, replies

    def progress(key: str, params: dict) -> None:
        text = out.message(key, **params)
        out.line(text)
        out.event("progress", kind=key, text=text, **params)

    deadline = time.monotonic() + wait if wait is not None else None
    try:
        result = flow.run(api, output=output, deadline=deadline, on_progress=progress)
    except flow.ExportStillRendering as pending:
        text = pending.render(out.lang)
        out.line(text)
        out.event("pending", kind="export", text=text)
        return 0
    out.line(replies.export_done(str(result.path), result.link, lang=out.lang))
    out.event("export", path=str(result.path), size=result.size, render_id=result.render_id,
              links={"project": result.link})
    return 0


def run(args: argparse.Namespace) -> int:
    args.lang = language(args)
    if args.wait is not None and not args.wait >= 0:
        from skill.errors import BadInput

        raise BadInput("--wait must be 0 or more seconds.")
    out = Output(args.json, args.lang)
    with open_client(args, args.lang) as api:
        return export(api, out, args.output, args.wait)

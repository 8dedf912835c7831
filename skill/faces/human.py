"""The terminal face: plain lines as events arrive; a failure's message on stderr.

Render progress is a bar on a terminal and a few milestones (started, half,
done, with an estimate) anywhere else, so a log or an agent is not flooded.
People at a terminal also get a dim hint of the next command; the reply text
itself never names commands (an agent relays it to someone who has none).
"""
from __future__ import annotations

import sys
import time

from skill.faces.base import Face

DIM, RESET = "\033[2m", "\033[0m"
BAR = 24


class HumanFace(Face):
    def __init__(self, out=None, err=None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.tty = _isatty(self.out)
        self._bar_open = False
        self._render_started: float | None = None
        self._half_said = False

    # -- writing ---------------------------------------------------------------------
    def _line(self, text: str, stream=None) -> None:
        if not text:
            return
        stream = stream or self.out
        self._close_bar()
        try:
            stream.write(text.rstrip("\n") + "\n")
            stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError):
            pass  # nowhere to print: the work is recorded all the same

    def _close_bar(self) -> None:
        if self._bar_open:
            self._bar_open = False
            try:
                self.out.write("\n")
            except (OSError, ValueError):
                pass

    # -- events ------------------------------------------------------------------------
    def emit(self, event) -> None:
        kind = event.type
        if kind == "progress":
            self._progress(event)
        elif kind in ("text", "notice", "link", "pending"):
            self._line(event.text)
        elif kind == "changes":
            for line in event.lines:
                self._line(line)
        elif kind == "error":
            self._line(event.error.message, self.err)

    def _progress(self, event) -> None:
        if event.kind != "render" or event.percent is None:
            self._line(event.text)
            return
        percent = max(0, min(100, int(event.percent)))
        now = time.monotonic()
        if self._render_started is None:
            self._render_started = now
        if self.tty:
            filled = BAR * percent // 100
            self.out.write(f"\r🎬 [{'#' * filled}{'.' * (BAR - filled)}] {percent:3d}%")
            self.out.flush()
            self._bar_open = True
            return
        if percent >= 50 and not self._half_said and percent < 100:
            self._half_said = True
            spent = now - self._render_started
            left = spent * (100 - percent) / percent if percent else 0
            self._line(f"{event.text} (~{_duration(left)})" if left >= 1 else event.text)

    def finish(self, outcome) -> int:
        self._close_bar()
        self.warn(self.err)
        if outcome.error is not None:
            self._line(outcome.error.message, self.err)
            if outcome.error.what_to_do:
                self._line(outcome.error.what_to_do, self.err)
        if self.tty and outcome.next is not None:
            command = " ".join(["video-skill", outcome.next.command, *outcome.next.args])
            self._line(f"{DIM}↻ {command}{RESET}")
        return outcome.exit_code


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds}s" if seconds < 60 else f"{seconds // 60}m {seconds % 60:02d}s"


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

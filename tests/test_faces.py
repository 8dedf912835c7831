"""The terminal face's render progress: a bar on a TTY, a few milestones in a log."""
from __future__ import annotations

import io

from skill.core.events import Progress
from skill.faces.human import HumanFace


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _render(face: HumanFace, steps: int = 20) -> None:
    face.emit(Progress("export_started", "🎬 Rendering your video…"))
    for i in range(1, steps + 1):
        percent = 100 * i // steps
        face.emit(Progress("render", f"🎬 Rendering… {percent}%", percent=percent))


def test_a_log_gets_a_few_render_milestones_not_a_line_per_percent():
    out = io.StringIO()
    _render(HumanFace(out=out, err=io.StringIO()))
    lines = [line for line in out.getvalue().splitlines() if line]
    assert 1 <= len(lines) <= 3, lines
    assert lines[0] == "🎬 Rendering your video…"
    assert any("50%" in line for line in lines)


def test_a_terminal_gets_one_progress_bar_redrawn_in_place():
    out = _Terminal()
    face = HumanFace(out=out, err=io.StringIO())
    _render(face)
    face.emit(Progress("export_done", "✅ Done"))
    text = out.getvalue()
    assert text.count("\r🎬 [") == 20 and "100%" in text
    # the bar is closed before the next line, so nothing is drawn over it
    assert text.endswith("100%\n✅ Done\n")

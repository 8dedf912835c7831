"""What `chat` and `status` print: plain lines for people, JSON lines for programs."""
from __future__ import annotations

import json
import sys

from skill import errors
from skill.turn import TurnBook, TurnRecord, error_line, progress_line, reply_json, reply_lines


class Printer:
    def __init__(self, *, json_mode: bool, lang: str, out=None, err=None):
        self.json_mode = json_mode
        self.lang = lang
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.texts_shown = 0
        self.changes_shown: set[str] = set()

    def _emit(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def line(self, text: str, obj: dict) -> None:
        self._emit(json.dumps(obj, ensure_ascii=False) if self.json_mode else text)

    def progress(self, kind: str, payload: dict) -> None:
        if kind == "text":
            self.texts_shown += 1
        elif kind == "changes":
            self.changes_shown.update(payload.get("lines") or [])
        lines = [l for l in progress_line(kind, payload, self.lang) if l]
        if self.json_mode:
            obj = {"event": "progress", "kind": kind, **payload}
            if kind == "still_working":
                obj["text"] = lines[0] if lines else ""
            self._emit(json.dumps(obj, ensure_ascii=False))
        else:
            for l in lines:
                self._emit(l)

    def pending(self, turn_id: str) -> None:
        text = errors.render_message("still_working_detached", self.lang)
        self.line(text, {"event": "pending", "status": "running", "turn": turn_id, "text": text})

    def reply(self, rec: TurnRecord, *, fresh: bool, previous: bool = False) -> None:
        outcome = rec.outcome or {}
        if self.json_mode:
            obj = reply_json(rec, fresh=fresh)
            if previous:
                obj["previous"] = True   # an earlier turn's outcome, shown before this one
            self._emit(json.dumps(obj, ensure_ascii=False))
            return
        if not fresh:
            self._emit(errors.render_message("already_seen", self.lang, message=_clip(rec.message)))
        for l in reply_lines(outcome, shown_texts=self.texts_shown, shown_changes=self.changes_shown):
            self._emit(l)
        problem = error_line(outcome)
        if problem:
            print(problem, file=self.err, flush=True)


def report_previous(book: TurnBook, scope: str, printer: Printer) -> None:
    """An outcome nobody has seen yet (its `chat` was killed or stopped waiting): show it first."""
    rec = book.latest(scope)
    if rec is None or rec.active or rec.reported:
        return
    if book.mark_reported(rec.id):
        earlier = Printer(json_mode=printer.json_mode, lang=rec.lang, out=printer.out, err=printer.err)
        earlier.reply(rec, fresh=True, previous=True)


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"

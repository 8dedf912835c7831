"""Chat turns as an operation: start one, follow it for the budget, report how it ended.

The turn itself runs in a detached worker (skill.turns.worker) and is recorded in
the store (skill.turns.book). This module turns the record into events and an
Outcome; it never prints.
"""
from __future__ import annotations

from dataclasses import dataclass

from skill.core import errors
from skill.app.context import Context
from skill.core.events import ErrorInfo, NextStep, Progress
from skill.turns.book import TurnBook, TurnRecord, is_alive
from skill.turns.follow import follow, recover_dead_turn



def status_next(after_s: float = 30.0) -> NextStep:
    from skill.core.timing import STATUS_WAIT

    return NextStep("status", after_s, ["--wait", str(int(STATUS_WAIT))])


@dataclass
class TurnResult:
    turn_id: str
    record: TurnRecord | None     # None: still running when the budget ran out
    fresh: bool = True

    @property
    def error(self) -> ErrorInfo | None:
        return self.record.outcome.error if self.record and self.record.outcome else None


class Conversation:
    """The chat turns of one API scope, seen from one operation."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.book = TurnBook(ctx.shared_store())
        self.scope = ctx.settings.api_url
        self._shown_texts = 0
        self._shown_changes = False
        self.exports_next = False    # the plan exports after this turn: "say 'export' when…" goes

    # -- starting and following ----------------------------------------------------------
    def start(self, message: str) -> str:
        """Record a new turn and start its worker; TurnBusy while another one runs."""
        from skill.turns.book import turn_outcome
        from skill.turns.spawn import spawn_worker

        settings = self.ctx.settings
        turn_id = self.book.begin(self.scope, message, self.ctx.lang, self.ctx.timings,
                                  on_dead=lambda rec: recover_dead_turn(self.book, settings, rec))
        try:
            self.book.set_pid(turn_id, spawn_worker(settings, turn_id))
        except OSError:
            # No worker, so nothing was sent: close the turn instead of blocking the next one.
            self.book.finish(turn_id, "failed", turn_outcome("failed", self.ctx.lang))
            raise WorkerNotStarted() from None
        return turn_id

    def follow(self, turn_id: str, wait: float) -> TurnResult:
        result = follow(self.book, self.ctx.settings, turn_id, self.ctx.timings, wait, self._on_progress,
                        stop=self.ctx.stopped)
        if result.record is None:
            return TurnResult(turn_id, None)
        return TurnResult(turn_id, result.record, self.book.mark_reported(turn_id))

    def _on_progress(self, kind: str, payload: dict) -> None:
        ctx = self.ctx
        if kind == "text":
            self._shown_texts += 1
            text = payload.get("text", "")
            ctx.say(_without_export_hint(text) if self.exports_next else text, source="agent")
        elif kind == "changes":
            self._shown_changes = True
            ctx.changes(list(payload.get("lines") or []))
        elif kind == "notice":
            ctx.notice(payload.get("key") or "notice", payload.get("text"))
        elif kind == "still_working":
            ctx.emit(Progress("still_working", ctx.message("still_working"), elapsed=payload.get("elapsed")))

    # -- reporting ---------------------------------------------------------------------------
    def report(self, rec: TurnRecord, *, fresh: bool, exports_next: bool = False) -> ErrorInfo | None:
        """The end of a turn: text not yet shown, changes, the timeline, the link. Returns its error.
        `exports_next`: the plan exports right after, so "say 'export' when you're ready" goes."""
        ctx = self.ctx
        outcome = rec.outcome
        if outcome is None:
            return None
        if not fresh:
            ctx.say(ctx.message("already_seen", message=clip_message(rec.message)))
        pieces = list(outcome.data.get("pieces") or [])
        for piece in pieces[self._shown_texts:]:
            ctx.say(_without_export_hint(piece) if exports_next or self.exports_next else piece, source="agent")
        self._shown_texts = len(pieces)
        if not self._shown_changes:
            # Changes already shown step by step are not repeated as a whole-turn diff
            # (the steps can differ from the sum); the timeline below shows the result.
            ctx.changes(outcome.changes)
        for text in outcome.notices:
            ctx.notice("turn_notice", text)
        if outcome.error is None and not pieces and not outcome.changes:
            ctx.say(ctx.message("no_change"))
        actions = outcome.data.get("actions") or []
        if outcome.timeline and (outcome.changes or "state" in actions):
            ctx.say(outcome.timeline)
            ctx.timeline = outcome.timeline
        ctx.link(outcome.links.get("project"))
        return outcome.error

    def report_later(self, rec: TurnRecord | None, wait: float = 0.0) -> bool:
        """Changes that landed after `rec` finished (generation's second stage, say), once.
        `wait`: while its project is still watched, wait up to this long for them."""
        if rec is None or rec.active:
            return False
        import time

        deadline = time.monotonic() + wait
        while True:
            later = self.book.take_later(rec.id)
            if later:
                break
            now_rec = self.book.get(rec.id)
            watching = now_rec is not None and now_rec.watch_until is not None and now_rec.watch_until > time.time()
            if not watching or time.monotonic() >= deadline or self.ctx.stopped():
                return False
            time.sleep(min(self.ctx.timings.follow_every * 4, max(0.0, deadline - time.monotonic())))
        ctx = self.ctx
        ctx.notice("later_changes", ctx.message("later_changes"))
        for item in later:
            if item.get("text"):
                ctx.notice("finishing_touches_added", item["text"])
            ctx.changes(list(item.get("lines") or []))
        timeline = later[-1].get("timeline")
        if timeline:
            ctx.timeline = timeline
        return True

    def report_unseen(self) -> ErrorInfo | None:
        """An outcome nobody has seen yet (its command was killed or stopped waiting): show it first."""
        rec = self.book.latest(self.scope)
        if rec is None or rec.active or rec.reported or not self.book.mark_reported(rec.id):
            return None
        error = self.report(rec, fresh=True)
        if error is not None:
            self.ctx.earlier_error(error)
        return error

    def take_unseen(self) -> TurnRecord | None:
        """An outcome nobody has seen yet, marked seen without showing it: the caller answers a
        question first and mentions it briefly after (`brief`)."""
        rec = self.book.latest(self.scope)
        if rec is None or rec.active or rec.reported or not self.book.mark_reported(rec.id):
            return None
        return rec

    def brief(self, rec: TurnRecord) -> None:
        """An earlier outcome in a line and its changes, after the answer to what was asked."""
        ctx, outcome = self.ctx, rec.outcome
        if outcome is None:
            return
        if outcome.error is not None:
            ctx.say(ctx.message("also_failed", message=clip_message(rec.message), reason=outcome.error.message))
            return
        ctx.say(ctx.message("also_done", message=clip_message(rec.message)))
        ctx.changes(list(outcome.changes))

    def answer_of(self, rec: TurnRecord) -> None:
        """The agent's answer to a question nobody had seen it answer ("标题是什么颜色的"), after "is it
        done?" was answered. Not a request's words: "Great idea! I'll generate…" replayed buries the yes."""
        from skill.text import questions

        outcome = rec.outcome
        if outcome is None or not questions.asks(rec.message):
            return
        for piece in outcome.data.get("pieces") or []:
            self.ctx.say(piece, source="agent")

    def unsettled(self) -> TurnRecord | None:
        """The turn still being worked on, if any. A turn whose worker died is handed to a
        recovery worker first (it would otherwise stay "running" forever): that one counts too."""
        for rec in self.book.active(self.scope):
            if not is_alive(rec, self.ctx.timings):
                recover_dead_turn(self.book, self.ctx.settings, rec)
                rec = self.book.get(rec.id) or rec
            if rec.active:
                return rec
        return None

    def latest(self) -> TurnRecord | None:
        return self.book.latest(self.scope)

    def finishing(self, rec: TurnRecord) -> bool:
        return finishing(self.book, rec)


def finishing(book: TurnBook, rec: TurnRecord) -> bool:
    """The turn's raw clip is ready: what goes on now is its finishing touches (music, title)."""
    return any(kind == "notice" and payload.get("key") == "raw_clip_ready"
               for _seq, kind, payload in book.events_after(rec.id, 0))


def progress_note(settings, lang: str) -> tuple[float, str] | None:
    """The request running now, as a progress note: (seconds it has been going, one line saying
    what it is doing), or None. For a caller that reports progress while it waits (MCP)."""
    from skill.core import catalogue
    from skill.core.store import Store
    from skill.turns.book import format_elapsed

    with Store.open(settings) as store:
        book = TurnBook(store)
        running = next(iter(book.active(settings.api_url)), None)
        if running is None:
            return None
        stage = finishing(book, running)
    elapsed = running.elapsed()
    note = catalogue.message("progress_report", lang, message=clip_message(running.message),
                             elapsed=format_elapsed(elapsed))
    return elapsed, note + (" " + catalogue.message("stage_finishing", lang) if stage else "")


class WorkerNotStarted(errors.SkillError):
    key = "worker_not_started"
    exit_code = 3


def turn_info(rec: TurnRecord) -> dict:
    """A turn as the JSON result's `data.turn` gives it."""
    return {"id": rec.id, "status": rec.status, "elapsed": round(rec.elapsed(), 1)}


def turn_data(rec: TurnRecord | None, turn_id: str, fresh: bool = True) -> dict:
    if rec is None:
        return {"turn": {"id": turn_id, "status": "running"}}
    return {"turn": {**turn_info(rec), "fresh": fresh}}


def pending_turn(ctx: Context, turn_id: str) -> NextStep:
    """Tell the user the turn goes on; the next step for an agent is `status`."""
    step = status_next()
    ctx.pending("turn", ctx.message("still_working_detached"), step, turn_id)
    return step


# --------------------------------------------------------------------------- operations
def chat(ctx: Context, message: str):
    """One message straight to the backend agent (no routing)."""
    conv = Conversation(ctx)
    try:
        conv.report_unseen()
        turn_id = conv.start(message)
        result = conv.follow(turn_id, ctx.left())
    except errors.SkillError as exc:
        return ctx.failed("chat", exc, next_step=status_next() if isinstance(exc, errors.TurnBusy) else None)
    return finish_chat(ctx, conv, result, "chat")


def finish_chat(ctx: Context, conv: Conversation, result: TurnResult, command: str, data: dict | None = None):
    data = {**(data or {}), **turn_data(result.record, result.turn_id, result.fresh)}
    if result.record is None:
        return ctx.outcome(command, status="running", next_step=pending_turn(ctx, result.turn_id), data=data)
    error = conv.report(result.record, fresh=result.fresh)
    ctx.notices_from_api()
    return ctx.outcome(command, status="failed" if error else "done", error=error, data=data)


def _without_export_hint(text: str) -> str:
    from skill.text.gui import export_hints

    for hint in export_hints():
        if hint in text:
            text = text.replace(hint, "").strip()
    return text


def clip_message(text: str, limit: int = 60) -> str:
    from skill.core import sanitize

    text = " ".join(sanitize.clean(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"

"""Run a routed plan: its steps in order (upload, chat, export, credits, state).

A chat step may outlive the command (the turn runs in a detached worker). The
steps after it are stored against that turn *before* the turn is followed, so
a command killed while waiting loses nothing: whichever command next sees the
turn finished (`status`, or the next `say`) takes them, once, and runs them.
Steps after a failed step never run.

Read-only actions the backend's reply pointed at ("preview it in the
timeline", "check your balance") run inline; an export only when the user's
own plan asked for it (skill.gui.inline_actions).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from skill import errors
from skill.app.context import Context
from skill.app.conversation import Conversation, clip_message, pending_turn, turn_data, turn_info
from skill.events import ErrorInfo, File, NextStep, Progress

DEFERRED_KEY = "deferred:{scope}"
EXPORT_AGAIN_AFTER = 30.0


@dataclass
class PlanResult:
    status: str = "done"                 # done | running | failed
    error: ErrorInfo | None = None
    next: NextStep | None = None
    data: dict = field(default_factory=dict)

    def merge_into(self, ctx: Context, command: str, data: dict):
        return ctx.outcome(command, status=self.status, error=self.error, next_step=self.next,
                           data={**self.data, **data})


@dataclass
class PlanRun:
    ctx: Context
    output: Path | None = None
    attachments: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    chat_text: str | None = None
    asks_progress: bool = False         # the state step answers "is it done yet?"
    result: PlanResult = field(default_factory=PlanResult)
    holding: str | None = None          # the turn whose deferred steps this run took

    # -- running ------------------------------------------------------------------
    def run(self, plan: tuple[str, ...] | list[str]) -> PlanResult:
        plan = list(plan)
        self.result.data.setdefault("plan", plan)
        try:
            for i, step in enumerate(plan):
                if step == "chat":
                    if not self._chat(plan, plan[i + 1:]):
                        break
                    continue
                self._step(step)
        except errors.SkillError as exc:
            self.result.status = "failed"
            self.result.error = ErrorInfo.from_error(exc, self.ctx.lang)
        finally:
            self.ctx.notices_from_api()
        if self.holding is not None and self.result.status != "running":
            release_deferred(self.ctx, self.holding)   # done, or failed: not to be run again
        return self.result

    def _step(self, step: str) -> None:
        getattr(self, f"_{step}")()

    def _upload(self) -> None:
        from skill import replies

        files = _upload(self.ctx.api(), [*self.attachments, *self.urls])
        self.ctx.say(replies.upload_done(files, lang=self.ctx.lang))
        self.result.data["uploads"] = files

    def _credits(self) -> None:
        from skill import replies

        c = self.ctx.api().credits()
        self.ctx.say(replies.credits(c.available, c.frozen, c.total, lang=self.ctx.lang))
        self.result.data["credits"] = {"available": c.available, "frozen": c.frozen, "total": c.total}

    def _state(self) -> None:
        from skill import replies, timeline

        conv = Conversation(self.ctx)
        running = conv.unsettled()
        if running is not None:
            # "Is it done yet?" mid-generation: the running work, not a half-built timeline
            # (a user told "the timeline is empty" describes the video again and pays twice).
            self._progress_of(running)
            return
        last = conv.latest()
        if self.asks_progress:
            self._last_request_ended(last)
        conv.report_later(last)   # the timeline below shows the project as it is now
        api = self.ctx.api()
        draft = api.state().get("draft")
        self.ctx.timeline = timeline.summarize(draft, self.ctx.lang)
        self.ctx.say(replies.timeline(draft, lang=self.ctx.lang, summary=self.ctx.timeline))
        self.ctx.link(api.task_link())
        self.result.data["ready"] = timeline.is_ready_for_export(draft)

    def _progress_of(self, running) -> None:
        from skill.app.conversation import status_next
        from skill.turn import format_elapsed

        ctx = self.ctx
        book = Conversation(ctx).book
        reached = [p.get("key") for _s, kind, p in book.events_after(running.id, 0) if kind == "notice"]
        stage = "stage_finishing" if "raw_clip_ready" in reached else "stage_working"
        ctx.say(ctx.message("progress_report", message=clip_message(running.message),
                            elapsed=format_elapsed(running.elapsed())) + " " + ctx.message(stage))
        self.result.status, self.result.next = "running", status_next()
        self.result.data["turn"] = turn_info(running)

    def _last_request_ended(self, last) -> None:
        """"Is it done yet?" when nothing runs: say plainly how the last request ended, before
        the timeline (a bare timeline leaves the user to guess, and maybe to ask again)."""
        if last is None or last.active:
            return   # nothing asked for yet: the timeline's reply says how to start
        ctx, error = self.ctx, last.outcome.error if last.outcome else None
        if last.status == "failed":
            reason = " ".join(t for t in (error.message, error.what_to_do) if t) if error else ""
            ctx.say(ctx.message("progress_failed", message=clip_message(last.message), reason=reason).strip())
        else:
            ctx.say(ctx.message("progress_done", message=clip_message(last.message)))
        self.result.data["turn"] = turn_info(last)

    def _export(self) -> None:
        from skill import export as flow, replies

        ctx = self.ctx
        self._refuse_while_a_turn_runs()

        def progress(key: str, params: dict) -> None:
            text = ctx.message(key, **params)
            if key == "export_progress":
                ctx.emit(Progress("render", text, percent=params.get("progress")))
            elif key == "export_retrying":
                ctx.notice(key, text)
            else:
                ctx.emit(Progress(key, text))

        deadline = time.monotonic() + ctx.left()
        try:
            done = flow.run(ctx.api(), output=self.output, deadline=deadline, on_progress=progress)
        except flow.ExportStillRendering as pending:
            step = NextStep("export", EXPORT_AGAIN_AFTER)
            ctx.pending("export", pending.render(ctx.lang), step, pending.params.get("render_id"))
            self.result.status, self.result.next = "running", step
            ctx.link(ctx.api().task_link())
            return
        ctx.say(replies.export_done(str(done.path), str(done.poster) if done.poster else None, lang=ctx.lang))
        ctx.file(File(str(done.path), "video", done.size, "video/mp4"))
        if done.poster is not None:
            ctx.file(File(str(done.poster), "poster", done.poster.stat().st_size, "image/png"))
        ctx.link(done.link)
        self.result.data["render_id"] = done.render_id

    def _chat(self, plan: list[str], rest: list[str]) -> bool:
        """Start the turn, store what waits for it, follow it. True: go on with the plan."""
        ctx = self.ctx
        conv = Conversation(ctx)
        conv.report_unseen()
        try:
            turn_id = conv.start(self.chat_text or "")
        except errors.TurnBusy:
            from skill.app.conversation import status_next

            self.result.next = status_next()
            raise
        if rest:
            self._defer(turn_id, rest)
        result = conv.follow(turn_id, ctx.left())
        self.result.data.update(turn_data(result.record, turn_id, result.fresh))
        if result.record is None:               # still running: the rest waits for it
            self.result.status = "running"
            self.result.next = pending_turn(ctx, turn_id)
            if rest:
                names = ", ".join(ctx.message(f"step_{step}") for step in rest)
                ctx.say(ctx.message("plan_deferred", steps=names))
            return False
        error = conv.report(result.record, fresh=result.fresh)
        if rest:
            if take_deferred(ctx, turn_id) is None:
                return False                     # another command took the rest and runs it
            self.holding = turn_id
        if error is not None:
            self.result.status, self.result.error = "failed", error
            return False
        self._inline(result.record, plan)
        return True

    def _inline(self, record, plan: list[str]) -> None:
        """Run the read-only actions the backend's reply pointed at."""
        from skill.gui import Translation, inline_actions

        outcome = record.outcome
        translation = Translation(outcome.text, tuple(outcome.data.get("actions") or ()))
        for action in inline_actions(translation, plan):
            if action == "export":       # the plan runs it in its own place
                continue
            if action == "state" and outcome.timeline:
                continue                  # the reply already showed the timeline
            self._step(action)

    def _refuse_while_a_turn_runs(self) -> None:
        """Exporting mid-generation would render a half-built video: wait for the turn."""
        from skill.turn import format_elapsed

        running = Conversation(self.ctx).unsettled()
        if running:
            from skill.app.conversation import status_next

            self.result.next = status_next()
            raise errors.ExportWaitsForTurn(elapsed=format_elapsed(running.elapsed()))

    def _defer(self, turn_id: str, steps: list[str]) -> None:
        self.ctx.shared_store().set(DEFERRED_KEY.format(scope=self.ctx.settings.api_url), {
            "turn": turn_id, "steps": steps, "lang": self.ctx.lang,
            "output": str(self.output) if self.output else None,
            "attachments": list(self.attachments), "urls": list(self.urls)})


def _upload(api, items: list[str]) -> list[dict]:
    """Files in one multipart request, media URLs in one JSON request."""
    urls = [i for i in items if i.lower().startswith(("http://", "https://"))]
    files = [i for i in items if i not in urls]
    if not files and not urls:
        raise errors.BadInput(key="nothing_to_upload")
    done: list[dict] = []
    if files:
        done += api.upload_files(files)
    if urls:
        done += api.upload_urls(urls)
    return done


def take_deferred(ctx: Context, turn_id: str) -> dict | None:
    """The steps stored against `turn_id`, for this command to run (two commands may race).

    Taken, not deleted: the record names this process as its runner and stays until the
    steps are done (`release_deferred`). A command killed while running them (mid-render,
    mid-download) leaves it with a dead runner, and the next `status` takes it over: the
    export it had started then finishes from the same render.
    """
    from skill import procs

    store = ctx.shared_store()
    key = DEFERRED_KEY.format(scope=ctx.settings.api_url)
    with store.transaction():
        pending = store.get(key)
        if not isinstance(pending, dict) or pending.get("turn") != turn_id:
            return None
        runner = pending.get("runner")
        if runner and runner[0] != os.getpid() and procs.same_process(runner[0], runner[1]):
            return None                    # another command is running them right now
        me = os.getpid()
        store.set(key, {**pending, "runner": [me, procs.start_time(me)]})
    return pending


def release_deferred(ctx: Context, turn_id: str) -> None:
    """The steps taken for `turn_id` have run (or failed): nobody runs them again."""
    store = ctx.shared_store()
    key = DEFERRED_KEY.format(scope=ctx.settings.api_url)
    with store.transaction():
        pending = store.get(key)
        if isinstance(pending, dict) and pending.get("turn") == turn_id:
            store.delete(key)


def resume_deferred(ctx: Context, record, wait: float | None = None) -> PlanResult | None:
    """Run the steps that were waiting for `record`'s turn, once, if it succeeded.

    `wait`: a fresh budget for them (status); None keeps the operation's own (say).
    """
    pending = take_deferred(ctx, record.id)
    if pending is None:
        return None                       # nothing waited, or another command is running it
    if record.status not in ("done", "recovered"):
        release_deferred(ctx, record.id)  # a failed turn: the rest of its plan does not run
        return None
    ctx.lang = pending.get("lang") or record.lang
    if wait is not None:
        ctx.wait, ctx.started = wait, time.monotonic()
    run = PlanRun(ctx, output=Path(pending["output"]) if pending.get("output") else None,
                  attachments=tuple(pending.get("attachments") or ()), urls=tuple(pending.get("urls") or ()),
                  holding=record.id)
    return run.run(pending.get("steps") or [])


def settle_previous(ctx: Context) -> PlanResult | None:
    """Before a new message: show a finished turn nobody has seen, then run what waited for it."""
    conv = Conversation(ctx)
    record = conv.latest()
    if record is None or record.active:
        return None
    conv.report_unseen()
    record = conv.book.get(record.id) or record
    return resume_deferred(ctx, record)

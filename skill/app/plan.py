"""Run a routed plan: its steps in order (the registered ones of skill.app.steps, and chat).

A chat step may outlive the command (the turn runs in a detached worker). The
steps after it are stored against that turn *before* the turn is followed, so
a command killed while waiting loses nothing: whichever command next sees the
turn finished (`status`, or the next `say`) takes them, once, and runs them.
Steps after a failed step never run.

Read-only actions the backend's reply pointed at ("preview it in the
timeline", "check your balance") run inline; an export only when the user's
own plan asked for it (skill.text.gui.inline_actions).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from skill.app.context import Context
from skill.app.conversation import Conversation, pending_turn, status_next, turn_data
from skill.app.queued import DEFERRED_KEY, drop_queued
from skill.app.steps import CHAT, STEPS, project_shape
from skill.core import catalogue, errors
from skill.core.events import ErrorInfo, NextStep
from skill.turns.book import TurnRecord
from skill.text.conditions import Condition
from skill.text.thanks import thanks


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
    asks: str | None = None             # the message asks rather than requests: "progress" | "cost"
    about: str | None = None            # the step the question names ("how much does exporting cost?")
    act: str | None = None              # why a plan is empty, or "condition" (skill.text.router.Route)
    result: PlanResult = field(default_factory=PlanResult)
    holding: str | None = None          # the turn whose deferred steps this run took
    edits: list[str] = field(default_factory=list)   # what this plan's turns changed, for the export's reply
    export_held: bool = False          # an edit this plan asked for is not in the project: no export
    chat_follows: bool = False         # a request to the agent comes later in this plan
    condition: Condition | None = None  # a condition the plan decides (skill.text.conditions)
    progress: str | None = None         # how the last request stands, when the state step looked: done |
                                        # unchanged | running | failed (steps._how_it_ended)
    shape: str | None = None            # the ratio the export was asked in ("export it as 9:16": skill.text.shapes)
    reshape: bool = False               # the chat step only asks for that ratio: skipped when the project has it
    unoffered: str | None = None        # what the export was asked as that no export gives ("4K", "GIF")

    @property
    def asks_progress(self) -> bool:
        return self.asks == "progress"

    # -- running ------------------------------------------------------------------
    def run(self, plan: tuple[str, ...] | list[str]) -> PlanResult:
        plan = list(plan)
        self.result.data.setdefault("plan", plan)
        if not plan:
            # Thanks, "don't export yet", "never mind": nothing to do, nothing sent; one line back.
            act = self.act or "held"
            if act == "ack" and not thanks(self.chat_text or ""):
                act = "ok"      # "roger that", 收到: an okay back, not "you're welcome"
            if act in ("held", "dismissed") and self.about and drop_queued(self.ctx, self.about):
                # "…, then export" still waits on running work: "don't export yet" holds that one too
                self.ctx.say(self.ctx.message(f"held_queued_{self.about}" if catalogue.has(f"held_queued_{self.about}")
                                              else "held_queued_step", step=self.ctx.message(f"step_{self.about}")))
                self.result.data["held"] = self.about
                return self.result
            self.ctx.say(self.ctx.message(f"act_{act}"))
            return self.result
        try:
            self._run_steps(plan)
            if self.act == "condition" and (self.result.status == "done" or self._still_running()):
                self._decide()
            if self.act == "held" and self.result.status == "done" and CHAT not in plan:
                # "don't export yet, show me the timeline": the step held is not forgotten, nor done (with
                # a chat step the agent's reply says how to go on); a line of its own if messages.yaml
                # has held_<step>
                self.ctx.say(self.ctx.message(f"held_{self.about}" if catalogue.has(f"held_{self.about}") else "held_step"))
        except errors.SkillError as exc:
            self.result.status = "failed"
            self.result.error = ErrorInfo.from_error(exc, self.ctx.lang)
        finally:
            self.ctx.notices_from_api()
        if self.holding is not None and self.result.status != "running":
            release_deferred(self.ctx, self.holding)   # done, or failed: not to be run again
        return self.result

    def _run_steps(self, plan: list[str]) -> None:
        for i, step in enumerate(plan):
            self.chat_follows = CHAT in plan[i + 1:]
            if step == CHAT:
                if not self._chat(plan, plan[i + 1:]):
                    break
                continue
            if step == "export" and self.export_held:
                continue
            self._step(step)

    def _decide(self) -> None:
        """After the check a condition asked for (the balance, where the work stands): decide it when the
        check can ("if I have over 50 credits, export", "if that went through, export": the plan goes
        on, or skips what it gates, saying why), or stop there for the person to decide."""
        from skill.text.conditions import decide

        ctx, condition, credits = self.ctx, self.condition, self.result.data.get("credits")
        available = credits["available"] if credits else None
        seen = None if condition is None else self.progress if condition.test == "done" else available
        decision = decide(condition, seen) if seen is not None else None
        if decision is None:
            ctx.say(ctx.message("condition_stopped"))
            return
        self.result.data["condition"] = {**condition.to_dict(), "holds": decision.holds}
        steps = [s for s in decision.steps if not (s == "export" and self.export_held)]
        if decision.steps and not steps:
            return       # its export is held: the edit is not in the project, said already
        how = "yes" if decision.holds else seen if condition.test == "done" else "no"   # condition_done_running, …
        why = ctx.message(f"condition_{condition.test}_{how}", available=_amount(available),
                          amount=_amount(condition.amount))
        named = steps or (condition.otherwise if decision.holds else condition.then)
        ctx.say(ctx.message("condition_go" if steps else "condition_skip", why=why,
                            steps=_steps_named(ctx, named)))
        self.act, self.chat_text = None, condition.chat_text or self.chat_text
        self._run_steps(steps)

    def _still_running(self) -> bool:
        """A condition on the last request being done, while it runs: decided now (it is not)."""
        return self.condition is not None and self.condition.test == "done" and self.progress == "running"

    def _step(self, name: str) -> None:
        STEPS[name].run(self)

    def _chat(self, plan: list[str], rest: list[str]) -> bool:
        """Start the turn, store what waits for it, follow it. True: go on with the plan."""
        ctx = self.ctx
        if self.reshape and self._has_the_shape():
            return True
        conv = Conversation(ctx)
        later = gated(rest, self.condition)     # what may run after the turn, a condition's steps too
        conv.exports_next = "export" in later   # also for an outcome shown first: this plan exports
        conv.report_unseen()
        turn_said_from = len(ctx.reply)         # where this turn's lines begin in the reply
        try:
            turn_id = conv.start(self.chat_text or "")
        except errors.TurnBusy:
            self.result.next = status_next()
            raise
        if rest:
            self._defer(turn_id, rest)
        result = conv.follow(turn_id, ctx.left())
        self.result.data.update(turn_data(result.record, turn_id, result.fresh))
        if result.record is None:               # still running: the rest waits for it
            self.result.status = "running"
            self.result.next = pending_turn(ctx, turn_id)
            if rest and self.condition is not None and self.condition.then:
                # "…, and if that went through, export it": what it will decide, not "the timeline"
                names = _steps_named(ctx, self.condition.then)
                ctx.say(ctx.message("plan_deferred_condition", steps=names))
            elif rest:
                names = _steps_named(ctx, rest)
                ctx.say(ctx.message("plan_deferred", steps=names))
            return False
        unchanged = not_in_project(result.record, later)
        if unchanged is not None:
            # first, before the agent's words that streamed in ("Done! I've added it."): what
            # matters is that nothing changed
            ctx.say_at(turn_said_from, unchanged)
        error = conv.report(result.record, fresh=result.fresh, exports_next="export" in rest)
        if rest:
            if take_deferred(ctx, turn_id) is None:
                return False                     # another command took the rest and runs it
            self.holding = turn_id
        if error is not None:
            self.result.status, self.result.error = "failed", error
            return False
        self.edits += list(result.record.outcome.changes) if result.record.outcome else []
        self._inline(result.record, plan)
        self.export_held = self.export_held or unchanged is not None   # never deliver the unchanged video
        return True

    def _has_the_shape(self) -> bool:
        """"Export it as 9:16" when the project is 9:16 already: no edit to ask for, said so. (A state
        with no size: the ask is made; the agent's answer says.)"""
        have, same = project_shape(self)
        if have is None or not same:
            return False
        self.ctx.say(self.ctx.message("shape_already", ratio=self.shape))
        return True

    def _inline(self, record, plan: list[str]) -> None:
        """Run the read-only actions the backend's reply pointed at."""
        from skill.text.gui import Translation, inline_actions

        outcome = record.outcome
        translation = Translation(outcome.text, tuple(outcome.data.get("actions") or ()))
        for action in inline_actions(translation, plan):
            if action == "export":       # the plan runs it in its own place
                continue
            if action == "state" and outcome.timeline:
                continue                  # the reply already showed the timeline
            self._step(action)

    def _defer(self, turn_id: str, steps: list[str]) -> None:
        self.ctx.shared_store().set(DEFERRED_KEY.format(scope=self.ctx.settings.api_url), {
            "turn": turn_id, "steps": steps, "lang": self.ctx.lang, "act": self.act,
            "condition": self.condition.to_dict() if self.condition else None, "shape": self.shape,
            "output": str(self.output) if self.output else None,
            "attachments": list(self.attachments), "urls": list(self.urls)})


def _steps_named(ctx: Context, steps) -> str:
    """The steps as the reply names them, in a list of the reply's language ("导出、查看时间线")."""
    return ctx.message("list_separator").join(ctx.message(f"step_{step}") for step in steps)


def gated(steps: list[str], condition: Condition | None) -> list[str]:
    """`steps`, and the steps a condition among them may go on to (an export it decides to run)."""
    return [*steps, *condition.then, *condition.otherwise] if condition else steps


def _amount(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def not_in_project(record, rest: list[str]) -> str | None:
    """The line to say when a turn whose plan exports next changed nothing in the project (the
    agent may claim it did): the export does not run. None when there is nothing to say."""
    outcome = record.outcome if record is not None else None
    if "export" not in rest or outcome is None or outcome.error is not None or outcome.changes:
        return None
    from skill.core import catalogue

    return catalogue.message("edit_not_in_project", outcome.lang)


def deferred_steps(ctx: Context, turn_id: str) -> list[str]:
    """The steps stored against `turn_id` (to look at, not to take), with those a condition among them
    may go on to."""
    pending = ctx.shared_store().get(DEFERRED_KEY.format(scope=ctx.settings.api_url))
    if not isinstance(pending, dict) or pending.get("turn") != turn_id:
        return []
    condition = pending.get("condition")
    return gated(list(pending.get("steps") or []), Condition.from_dict(condition) if condition else None)


def take_deferred(ctx: Context, turn_id: str) -> dict | None:
    """The steps stored against `turn_id`, for this command to run (two commands may race).

    Taken, not deleted: the record names this process as its runner and stays until the
    steps are done (`release_deferred`). A command killed while running them (mid-render,
    mid-download) leaves it with a dead runner, and the next `status` takes it over: the
    export it had started then finishes from the same render.
    """
    from skill.core import procs

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


def resume_deferred(ctx: Context, record, wait: float | None = None, lang: str | None = None) -> PlanResult | None:
    """Run the steps that were waiting for `record`'s turn, once, if it succeeded; an export after a
    turn that changed nothing is held (the caller said so first: `warn_first`).

    `wait`: a fresh budget for them (status); None keeps the operation's own (say).
    `lang`: the language to say them in (say: the new message's); None, the language they were asked in.
    """
    pending = take_deferred(ctx, record.id)
    if pending is None:
        return None                       # nothing waited, or another command is running it
    if record.status not in ("done", "recovered"):
        release_deferred(ctx, record.id)  # a failed turn: the rest of its plan does not run
        return None
    ctx.lang = lang or pending.get("lang") or record.lang
    if wait is not None:
        ctx.wait, ctx.started = wait, time.monotonic()
    condition = Condition.from_dict(pending["condition"]) if pending.get("condition") else None
    run = PlanRun(ctx, output=Path(pending["output"]) if pending.get("output") else None,
                  attachments=tuple(pending.get("attachments") or ()), urls=tuple(pending.get("urls") or ()),
                  holding=record.id, edits=list(record.outcome.changes) if record.outcome else [],
                  act=pending.get("act"), condition=condition, shape=pending.get("shape"))
    steps = list(pending.get("steps") or [])
    run.export_held = not_in_project(record, gated(steps, condition)) is not None
    return run.run(steps)


def warn_first(ctx: Context, record, steps: list[str], at: int) -> None:
    """A finished turn that changed nothing, with `steps` (an export) waiting on it: say so at `at` in
    the reply, where the turn's lines begin (the agent's "Done!" follows it, not leads)."""
    if record.status in ("done", "recovered"):
        unchanged = not_in_project(record, steps)
        if unchanged is not None:
            ctx.say_at(at, unchanged)


def settle_previous(ctx: Context, answer_first: bool = False, exports: bool = False
                    ) -> PlanResult | TurnRecord | None:
    """Before a new message: show a finished turn nobody has seen, then run what waited for it.

    `answer_first`: the new message only asks something (its balance, where things stand): the
    unseen outcome is not replayed first but returned, for a line after the answer (`brief`).
    `exports`: the new message's plan renders, so the outcome shown drops "say 'export' when…"."""
    conv = Conversation(ctx)
    conv.exports_next = exports
    record = conv.latest()
    if record is None or record.active:
        return None
    if answer_first:
        # A question is answered now; steps waiting for that turn ("…, then export") are left to
        # `status` or the next request: a question does not wait for a render.
        return conv.take_unseen()
    warn_first(ctx, record, deferred_steps(ctx, record.id), len(ctx.reply))
    conv.report_unseen()
    record = conv.book.get(record.id) or record
    return resume_deferred(ctx, record, lang=ctx.lang)   # the rest of this reply is in the new message's language

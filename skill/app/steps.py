"""The steps a plan runs in this process, one function each, registered by name.

A routed message is a plan: steps in order (skill.text.router). `chat` is the
plan's own (it starts a turn that may outlive the command: skill.app.plan);
every other step is registered here with `@step(name)` and run as
`STEPS[name].run(plan_run)`. The router's intents (intents/router.yaml) are
checked against this registry when the plan first needs them: an intent
without a step, or a routed step without an intent, is an error naming it.

Adding an intent: its phrases in intents/router.yaml, one function here, and
its replies (`step_<name>` and what the function says) in intents/messages.yaml.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable, NamedTuple

from skill.core import errors
from skill.core.events import File, NextStep, Progress
from skill.app.conversation import Conversation, clip_message, status_next, turn_info

if TYPE_CHECKING:
    from skill.app.plan import PlanRun

EXPORT_AGAIN_AFTER = 30.0
CHAT = "chat"   # the plan's own step: a turn with the backend agent (skill.app.plan)


class Step(NamedTuple):
    name: str
    run: Callable[["PlanRun"], None]
    routed: bool       # the router plans it (it has an intent in router.yaml)


STEPS: dict[str, Step] = {}


def step(name: str, *, routed: bool = True) -> Callable:
    def register(fn: Callable[["PlanRun"], None]) -> Callable[["PlanRun"], None]:
        if name in STEPS or name == CHAT:
            raise ValueError(f"step {name!r} is registered twice")
        STEPS[name] = Step(name, fn, routed)
        return fn
    return register


_checked = False


def check_router() -> None:
    """Once per process, before the first route is planned: the router's intents match the steps."""
    global _checked
    if not _checked:
        from skill.text.router import intents

        check_intents(intents())
        _checked = True


def check_intents(intents: set[str] | frozenset[str]) -> None:
    """The router's intents and the registered steps name the same things."""
    routed = {s.name for s in STEPS.values() if s.routed} | {CHAT}
    unknown, missing = sorted(set(intents) - routed), sorted(routed - set(intents) - {CHAT})
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"intents with no step: {', '.join(unknown)} (register one in skill/app/steps.py)")
        if missing:
            parts.append(f"steps with no intent: {', '.join(missing)} (add its phrases to intents/router.yaml)")
        raise errors.RulesMismatch("; ".join(parts))


# --------------------------------------------------------------------------- the steps
@step("upload")
def upload(run: "PlanRun") -> None:
    from skill.text import replies

    items = [*run.attachments, *run.urls]
    urls = [i for i in items if i.lower().startswith(("http://", "https://"))]
    files = [i for i in items if i not in urls]
    if not files and not urls:
        raise errors.BadInput(key="nothing_to_upload")
    api, done = run.ctx.api(), []
    if files:
        done += api.upload_files(files)     # one multipart request
    if urls:
        done += api.upload_urls(urls)       # one JSON request
    # "here's my footage - put it at the end": the request follows, so no "tell me what to do with it"
    run.ctx.say(replies.upload_done(done, lang=run.ctx.lang, ask=not run.chat_follows))
    run.result.data["uploads"] = done


@step("credits")
def credits(run: "PlanRun") -> None:
    """The balance; asked what something costs, the answer first ("Exporting is free"), then it."""
    from skill.text import replies

    ctx = run.ctx
    c = ctx.api().credits()
    if run.asks == "cost":
        ctx.say(ctx.message({"export": "cost_export", "chat": "cost_work", "upload": "cost_upload"}.get(
            run.about, "cost_general")))
    ctx.say(replies.credits(c.available, c.frozen, c.total, lang=ctx.lang))
    run.result.data["credits"] = {"available": c.available, "frozen": c.frozen, "total": c.total}


@step("link")
def link(run: "PlanRun") -> None:
    """The project's web link, said whenever asked, where asked (otherwise once a session: Context.outcome)."""
    ctx = run.ctx
    url = ctx.api().task_link()
    if not url:
        ctx.say(ctx.message("link_none"))
        return
    ctx.say_link(url)


@step("state")
def state(run: "PlanRun") -> None:
    from skill.text import replies, timeline

    ctx = run.ctx
    conv = Conversation(ctx)
    running = conv.unsettled()
    if running is not None:
        # "Is it done yet?" mid-generation: the running work, not a half-built timeline
        # (a user told "the timeline is empty" describes the video again and pays twice).
        run.progress = "running"
        return _progress_of(run, conv, running)
    last = conv.latest()
    run.progress = _how_it_ended(conv, last)      # for a condition on it ("if it went through, export")
    asks_of_the_request = run.condition is not None and run.condition.test == "done"   # "if that went through, …"
    if run.asks_progress and not asks_of_the_request and _export_in_progress(run):
        return       # "why is the export taking so long?": the render's progress is the answer
    if run.asks_progress and run.about == "export":
        _last_export(run)     # "has it been exported?": about the export, not the last chat
    elif run.asks_progress:
        _last_request_ended(run, last)
    conv.report_later(last)   # the timeline below shows the project as it is now
    api = ctx.api()
    draft = api.state().get("draft")
    ctx.timeline = timeline.summarize(draft, ctx.lang)
    shown = replies.timeline(draft, lang=ctx.lang, summary=ctx.timeline)
    if shown not in ctx.reply:      # "make the music quieter and if that went through, export": shown once
        ctx.say(shown)
    ctx.link(api.task_link())
    run.result.data["ready"] = timeline.is_ready_for_export(draft)


def _progress_of(run: "PlanRun", conv: Conversation, running) -> None:
    from skill.turns.book import format_elapsed

    ctx = run.ctx
    stage = "stage_finishing" if conv.finishing(running) else "stage_working"
    ctx.say(ctx.message("progress_report", message=clip_message(running.message),
                        elapsed=format_elapsed(running.elapsed())) + " " + ctx.message(stage))
    run.result.status, run.result.next = "running", status_next()
    run.result.data["turn"] = turn_info(running)


def _export_in_progress(run: "PlanRun") -> bool:
    """Say how a render an export started is doing; False when none is under way."""
    from skill.api import export as flow

    ctx = run.ctx
    status = flow.rendering(ctx.api())
    if status is None:
        return False
    if status.done:
        ctx.say(ctx.message("export_render_done" if status.status == "completed" else "export_render_failed"))
    else:
        ctx.say(ctx.message("export_rendering", progress=status.progress or 0))
        run.result.status, run.result.next = "running", NextStep("export", EXPORT_AGAIN_AFTER)
    return True


def _last_export(run: "PlanRun") -> None:
    """"Did it export?" when no render runs: the file the last export delivered, or that none has."""
    from skill.api import export as flow

    path, current = flow.last_delivered(run.ctx.api())
    if path is None:
        run.ctx.say(run.ctx.message("export_none_yet"))
    else:    # "最新的改动导出了吗" after a change: that file is not the project now
        key = "export_delivered_stale" if current is False else "export_delivered"
        run.ctx.say(run.ctx.message(key, path=str(path)))
    run.result.data["exported"] = str(path) if path else None


def _last_request_ended(run: "PlanRun", last) -> None:
    """"Is it done yet?" when nothing runs: say plainly how the last request ended, before
    the timeline (a bare timeline leaves the user to guess, and maybe to ask again)."""
    ended = run.progress
    if ended is None:
        return   # nothing asked for yet: the timeline's reply says how to start
    ctx, error = run.ctx, last.outcome.error if last.outcome else None
    if ended == "failed":
        reason = " ".join(t for t in (error.message, error.what_to_do) if t) if error else ""
        ctx.say(ctx.message("progress_failed", message=clip_message(last.message), reason=reason).strip())
    elif ended == "unchanged":
        ctx.say(ctx.message("progress_done_unchanged", message=clip_message(last.message)))
    else:
        ctx.say(ctx.message("progress_done", message=clip_message(last.message)))
    run.result.data["turn"] = turn_info(last)


def _how_it_ended(conv: Conversation, last) -> str | None:
    """How the last request ended: "failed", "unchanged" (the project shows nothing of it), "done";
    None when there is none, or it still runs."""
    if last is None or last.active:
        return None
    if last.status == "failed":
        return "failed"
    return "unchanged" if _changed_nothing(conv, last) else "done"


def _changed_nothing(conv: Conversation, last) -> bool:
    """The last request ended without error and the project shows nothing of it: no change when it
    finished, none landed after, and nobody watches for one still to come (a two-stage generation)."""
    from skill.text import questions

    outcome = last.outcome
    if outcome is None or outcome.error is not None or outcome.changes:
        return False
    if questions.asks(last.message):
        return False     # a question to the agent changes nothing by design: it was answered
    if last.watch_until is not None and last.watch_until > time.time():
        return False
    return not conv.book.changed_later(last.id)


@step("export")
def export(run: "PlanRun") -> None:
    from skill.api import export as flow
    from skill.text import replies

    ctx = run.ctx
    _refuse_while_a_turn_runs(run)
    if run.shape and not _has_the_shape(run):
        return
    if run.unoffered:      # "export it in 4k": what it gets instead, before it gets it
        ctx.say(ctx.message("export_unoffered", asked=run.unoffered))

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
        done = flow.run(ctx.api(), output=run.output, deadline=deadline, on_progress=progress)
    except flow.ExportStillRendering as pending:
        again = NextStep("export", EXPORT_AGAIN_AFTER)
        ctx.pending("export", pending.render(ctx.lang), again, pending.params.get("render_id"))
        run.result.status, run.result.next = "running", again
        ctx.link(ctx.api().task_link())
        return
    if done.again:
        ctx.say(ctx.message("export_unchanged"))      # the answer first: nothing new, the same file
    ctx.say(replies.export_done(str(done.path), str(done.poster) if done.poster else None, lang=ctx.lang))
    if run.edits and not done.again:
        ctx.say(ctx.message("export_holds", changes="; ".join(run.edits)))
    ctx.file(File(str(done.path), "video", done.size, "video/mp4"))
    if done.poster is not None:
        ctx.file(File(str(done.poster), "poster", done.poster.stat().st_size, "image/png"))
    ctx.link(done.link)
    run.result.data["render_id"] = done.render_id
    run.result.data["rendered"] = not done.again
    if run.holding is None:
        # the project as it is now is delivered: an export still queued behind an earlier request ("…, then
        # export", its render taken up by `export`) has nothing left to do, and would hand this file over
        # again in reply to some later message
        from skill.app.queued import drop_queued

        drop_queued(ctx, "export")


def project_shape(run: "PlanRun") -> tuple[str | None, bool]:
    """(the project's ratio as its state shows it, whether that is the ratio the export was asked in).
    A backend whose state says no size: (None, True), trusted; nothing is refused on a guess."""
    from skill.text import shapes

    have = shapes.of_project(run.ctx.api().state())
    return have, have is None or shapes.same(have, run.shape or "")


def _has_the_shape(run: "PlanRun") -> bool:
    """The export was asked in a shape ("export it as 9:16"): is the project that shape now? When not
    (the agent did not change it), say so and deliver nothing: a 16:9 file is not what was asked for."""
    have, same = project_shape(run)
    if same:
        return True
    run.ctx.say(run.ctx.message("export_shape_differs", have=have, ratio=run.shape))
    run.result.data["exported"] = None
    return False


def _refuse_while_a_turn_runs(run: "PlanRun") -> None:
    """Exporting mid-generation would render a half-built video: wait for the turn."""
    from skill.turns.book import format_elapsed

    running = Conversation(run.ctx).unsettled()
    if running:
        run.result.next = status_next()
        raise errors.ExportWaitsForTurn(elapsed=format_elapsed(running.elapsed()))

"""`status`: the outcome of the last request, or how long a running one has been going.

Also where the steps a plan stored against a turn ("..., then export") run when
nobody was left waiting for them (skill.app.plan.resume_deferred).
"""
from __future__ import annotations

from skill.app.context import Context
from skill.app.conversation import Conversation, status_next, turn_data, turn_info
from skill.app.plan import deferred_steps, resume_deferred, warn_first
from skill.turns.book import exit_code, format_elapsed, is_alive
from skill.turns.follow import recover_dead_turn


def status(ctx: Context, wait: float = 0.0):
    """The outcome of the last turn, or how long a running one has been going."""
    conv = Conversation(ctx)
    rec = conv.latest()
    if rec is None:
        ctx.say(ctx.message("no_turn"))
        return ctx.outcome("status", status="none")
    ctx.lang = rec.lang
    fresh = None
    said_from = len(ctx.reply)   # where the turn's lines begin (follow() may stream the agent's words)
    conv.exports_next = "export" in deferred_steps(ctx, rec.id)   # "say 'export' when…" goes: it renders next
    if rec.active:
        if wait > 0:   # follow() also replaces a dead worker
            followed = conv.follow(rec.id, wait)
            if followed.record is not None:
                fresh = followed.fresh     # follow() has marked it reported: its answer counts
        elif not is_alive(rec, ctx.timings):
            recover_dead_turn(conv.book, ctx.settings, rec)
        rec = conv.book.get(rec.id) or rec
    if rec.active:
        ctx.say(ctx.message("turn_running", elapsed=format_elapsed(rec.elapsed())))
        return ctx.outcome("status", status="running", next_step=status_next(),
                           data={"turn": turn_info(rec)})
    if fresh is None:
        fresh = conv.book.mark_reported(rec.id)
    warn_first(ctx, rec, deferred_steps(ctx, rec.id), said_from)   # read again: another command may have run them
    delivered = None if conv.exports_next or rec.status == "failed" else _delivered_as_it_is(ctx)
    error = conv.report(rec, fresh=fresh, exports_next=conv.exports_next or delivered is not None)
    if delivered is not None:   # not "say 'export' when you're ready": it was, and nothing changed since
        ctx.say(ctx.message("export_delivered_current", path=str(delivered)))
    if conv.report_later(rec, wait) and ctx.timeline:
        ctx.say(ctx.timeline)
    data = turn_data(rec, rec.id, fresh)
    if rec.status != "failed":
        # Steps of a plan that waited for this turn ("..., then export") run now.
        deferred = resume_deferred(ctx, rec, max(wait, ctx.timings.chat_wait))
        if deferred is not None:
            return deferred.merge_into(ctx, "status", data)
    code = exit_code(rec)
    return ctx.outcome("status", status="failed" if code else "done", error=error, data=data)


def _delivered_as_it_is(ctx: Context):
    """The file the last export delivered, when the project has not changed since (None otherwise).
    Read from the store first: the client is loaded, and the project fetched, only when a file was
    delivered (skill.api.export keeps its record under "delivered:…")."""
    if not ctx.shared_store().query("SELECT 1 FROM kv WHERE key LIKE 'delivered:%' LIMIT 1"):
        return None
    from skill.api import export as flow

    path, current = flow.last_delivered(ctx.api())
    return path if current else None

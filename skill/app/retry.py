""""retry" after a reported failure: send the failed request again, once, and say so.

The word itself never reaches the backend agent. A request is re-sent only
when its failure said that was safe (`error.retry`: it never took effect),
and only once: a second "retry" for the same failure is answered, not sent.
"""
from __future__ import annotations

import re
from functools import lru_cache

from skill.app.context import Context
from skill.app.conversation import Conversation, clip_message
from skill.core.events import Outcome

RETRIED_KEY = "retried:{turn}"
_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$")


@lru_cache(maxsize=1)
def _phrases() -> frozenset[str]:
    from skill.core import resources

    return frozenset(str(p).lower() for p in resources.conversation().get("retry") or ())


def is_retry(text: str) -> bool:
    if len(text) > 40:
        return False
    return _EDGES.sub("", text.lower()) in _phrases()


def run(ctx: Context, plan_run) -> Outcome:
    """`plan_run(message)`: the say operation's own plan runner for the re-sent message."""
    conv = Conversation(ctx)
    rec = conv.latest()
    if rec is not None and rec.active:
        from skill.app.plan import PlanRun

        result = PlanRun(ctx)
        result._progress_of(rec)          # still running: nothing failed, nothing to send
        return result.result.merge_into(ctx, "say", {"plan": ["retry"]})
    failed = rec is not None and rec.status == "failed" and rec.outcome is not None and rec.outcome.error
    if not failed:
        ctx.say(ctx.message("nothing_to_retry"))
        return ctx.outcome("say", data={"plan": ["retry"], "sent": False})
    error = rec.outcome.error
    if not error.retry:
        ctx.say(ctx.message("retry_not_useful", reason=error.message))
        return ctx.outcome("say", data={"plan": ["retry"], "sent": False})
    store = ctx.shared_store()
    key = RETRIED_KEY.format(turn=rec.id)
    with store.transaction():            # once, even with two "retry" at the same moment
        if store.get(key):
            taken = True
        else:
            store.set(key, True)
            taken = False
    if taken:
        ctx.say(ctx.message("already_retried", message=clip_message(rec.message)))
        return ctx.outcome("say", data={"plan": ["retry"], "sent": False})
    ctx.say(ctx.message("retrying", message=clip_message(rec.message)))
    return plan_run(rec.message, {"plan": ["retry", "chat"], "retry_of": rec.id})

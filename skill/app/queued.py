"""The steps a plan stored to run after a turn ("…, then export"), as the store keeps them: the key, and
taking one step out of them. Apart from skill.app.plan, which runs them, so that a step (the export)
can drop a queued copy of itself without importing the plan runner."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skill.app.context import Context

DEFERRED_KEY = "deferred:{scope}"


def drop_queued(ctx: "Context", step: str) -> bool:
    """Take `step` out of the steps waiting for a turn ("don't export yet" after "…, then export"), and out of
    what a condition among them may go on to. True when one was waiting."""
    store = ctx.shared_store()
    key = DEFERRED_KEY.format(scope=ctx.settings.api_url)
    with store.transaction():
        pending = store.get(key)
        if not isinstance(pending, dict):
            return False
        condition = pending.get("condition") or {}
        lists = [pending.get("steps") or [], condition.get("then") or [], condition.get("otherwise") or []]
        if not any(step in steps for steps in lists):
            return False
        steps, then, otherwise = ([s for s in steps if s != step] for steps in lists)
        if not steps and not then and not otherwise:
            store.delete(key)
        else:
            store.set(key, {**pending, "steps": steps,
                            "condition": {**condition, "then": then, "otherwise": otherwise} if condition else None})
    return True

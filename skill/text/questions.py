"""Does a message ask rather than request? For looking back on the last request: a question sent to the
agent changes nothing by design, so "is it done yet?" after it is not told it "changed nothing in the
project". The pattern is data: intents/conversation.yaml `question`."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    from skill.core import resources

    return re.compile(str(resources.conversation().get("question") or r"[?？]\s*$"))


def asks(text: str) -> bool:
    return _pattern().search(text.strip().lower()) is not None

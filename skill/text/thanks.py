"""Does an acknowledgement thank? Thanks get "You're welcome!", a plain okay ("roger that",
收到, 666) gets an okay back. The words are data: intents/conversation.yaml `thanks`."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    from skill.core import resources

    return re.compile(str(resources.conversation().get("thanks") or r"(?!x)x"))


def thanks(text: str) -> bool:
    return _pattern().search(text.lower()) is not None

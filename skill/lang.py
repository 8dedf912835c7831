"""The user's language: "zh" when the text holds CJK characters, else "en"."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def detect(text: str | None, default: str = "en") -> str:
    if not text:
        return default
    return "zh" if _CJK.search(text) else "en"

"""Errors a user can see: each has a short message in English and Chinese.

The wording lives in intents/messages.yaml (data, not code); a subclass names
its message key and the CLI exit code. Keep this module import-light: the CLI
imports it on every error path.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any


class SkillError(Exception):
    key = "internal"
    exit_code = 1

    def __init__(self, detail: str | None = None, **params: Any):
        self.detail = detail
        self.params = params
        super().__init__(detail or self.key)

    def render(self, lang: str | None = None) -> str:
        lang = lang or self.params.get("lang") or "en"
        return render_message(self.key, lang, detail=self.detail or "", **self.params)


class BadInput(SkillError):
    """The user's input cannot be used (bad path, bad flag value...)."""
    key = "bad_input"
    exit_code = 2


def render_message(key: str, lang: str = "en", **params: Any) -> str:
    table = _messages()
    entry = table.get(key) or table["internal"]
    text = entry.get(lang) or entry["en"]
    try:
        return text.format(**params).strip()
    except (KeyError, IndexError, ValueError):
        return text.strip()


def internal_error_message(exc: BaseException) -> str:
    # The exception text may be backend data: print its type only.
    return render_message("internal", "en", detail=type(exc).__name__)


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    import yaml

    from skill import resources

    with open(resources.intents_dir() / "messages.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)

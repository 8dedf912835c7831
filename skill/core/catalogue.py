"""Every sentence the user reads, in English and Chinese: intents/messages.yaml, by key.

`message(key, lang, **params)` is the whole catalogue's one door: replies,
notices, errors and what to do about them (`todo_<key>`), and the technical
details (`details`) translated where a message quotes them. A key the code
asks for that is not there is a bug (a test reads the code for every key it
can reach): `MissingMessage` names it instead of a blank or a generic text.
"""
from __future__ import annotations

from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from typing import Any


class MissingMessage(LookupError):
    """The code asked for a message key that messages.yaml does not have."""


def message(key: str, lang: str = "en", **params: Any) -> str:
    entry = _messages().get(key)
    if not isinstance(entry, dict) or "en" not in entry:
        raise MissingMessage(key)
    text = entry.get(lang) or entry["en"]
    try:
        return text.format(**params).strip()
    except (KeyError, IndexError, ValueError):
        return text.strip()


def has(key: str) -> bool:
    return key in _messages()


def keys() -> frozenset[str]:
    return frozenset(_messages())


def what_to_do(key: str, lang: str = "en", **params: Any) -> str:
    """What the user can do about error `key` (`todo_<key>`), or ""."""
    if f"todo_{key}" not in _messages():
        return ""
    return message(f"todo_{key}", lang, **params)


def translate_detail(detail: str, lang: str) -> str:
    """A technical detail ("connection refused", "download failed (token)") in `lang`.

    Known phrases are in messages.yaml `details`; a phrase followed by more
    (" (…)", ", …") keeps the rest, which is codes and numbers.
    """
    if lang == "en" or not detail:
        return detail
    table = _messages().get("details") or {}
    for phrase, langs in table.items():
        if detail == phrase or detail.startswith(phrase + " ") or detail.startswith(phrase + ","):
            return (langs.get(lang) or phrase) + detail[len(phrase):]
    return detail


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    from skill.core import datafiles, resources

    return datafiles.load(resources.intents_dir() / "messages.yaml")

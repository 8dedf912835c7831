"""Where the skill's data files live, in a source checkout and in a wheel.

In a checkout (and an editable install) `skill.yaml` and `intents/` sit next
to the package; a wheel carries copies under `skill/_data/`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent   # skill/, this module being skill/core/resources.py


@lru_cache(maxsize=None)
def root() -> Path:
    """The folder holding skill.yaml and intents/ (skill.core.datafiles finds it, without pathlib)."""
    from skill.core import datafiles

    return Path(datafiles.data_root())


def manifest_path() -> Path:
    return root() / "skill.yaml"


def intents_dir() -> Path:
    return root() / "intents"


def templates_dir() -> Path:
    return intents_dir() / "templates"


def conversation() -> dict:
    """intents/conversation.yaml, read once per process (typed paths, "retry", thanks, conditions)."""
    from skill.core import datafiles

    return datafiles.intents_data("conversation.yaml")

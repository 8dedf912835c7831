"""Labelled cases: the shared dev corpora (../shared/corpus) and our held-out sets (tests/data)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HELDOUT = Path(__file__).resolve().parent / "data"


def load_cases(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as fh:
        return (yaml.safe_load(fh) or {}).get("cases") or []


def params(path: Path, id_len: int = 80) -> list:
    """One pytest param per case; a visible skip when the corpus is not there."""
    cases = load_cases(path)
    if not cases and os.environ.get("CI"):
        raise FileNotFoundError(f"corpus missing in CI: {path}")  # never a silent skip there
    if not cases:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} not found"))]
    return [pytest.param(c, id=f"{i}:{c.get('text')!r}"[:id_len]) for i, c in enumerate(cases)]

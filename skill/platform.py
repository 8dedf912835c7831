"""Which agent host installed the skill (the X-Skill-Platform header).

Env SKILL_SOURCE wins; else the install path tells; else "unknown".
Git remotes are never inspected (the vendor dropped that as a privacy problem).
"""
from __future__ import annotations

import os
from pathlib import Path

# Ordered: the first marker found in the install path decides.
_PATH_MARKERS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((".clawhub",), "clawhub"),
    ((".openclaw",), "clawhub"),
    ((".cursor", "skills"), "cursor"),
)


def _has_run(parts: tuple[str, ...], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(parts[i:i + n] == run for i in range(len(parts) - n + 1))


def detect(env: dict[str, str] | None = None, install_path: Path | str | None = None) -> str:
    env = os.environ if env is None else env
    explicit = (env.get("SKILL_SOURCE") or "").strip()
    if explicit:
        return explicit
    path = Path(install_path) if install_path is not None else Path(__file__).resolve().parent
    parts = path.parts
    for run, platform in _PATH_MARKERS:
        if _has_run(parts, run):
            return platform
    # A ClawHub install leaves .clawhub/origin.json in the skill folder.
    for folder in (path, *path.parents[:2]):
        if (folder / ".clawhub" / "origin.json").is_file():
            return "clawhub"
    return "unknown"

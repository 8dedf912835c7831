"""Which agent host installed the skill (the X-Skill-Platform header).

Order: env SKILL_SOURCE; else the skill folder the command was started from
(`VIDEO_SKILL_HOME`, exported by the folder's launcher `bin/video-skill`);
else where the Python package itself lives; else "unknown".

A folder tells by a ClawHub origin file (`.clawhub/origin.json`), by the
install record `video-skill install` leaves in it (`.video-skill-install.json`,
naming the host it was written for), or by its path (`.openclaw`/`.clawhub` →
clawhub, `.cursor/skills` → cursor, `.claude/skills` → claude).
Git remotes are never inspected (the vendor dropped that as a privacy problem).
"""
from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "VIDEO_SKILL_HOME"
INSTALL_RECORD = ".video-skill-install.json"

# Ordered: the first marker found in the install path decides.
_PATH_MARKERS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((".clawhub",), "clawhub"),
    ((".openclaw",), "clawhub"),
    ((".cursor", "skills"), "cursor"),
    ((".claude", "skills"), "claude"),
)
# What `video-skill install <host>` records → the header value.
_HOSTS = {"openclaw": "clawhub", "cursor": "cursor", "claude": "claude"}


def _has_run(parts: tuple[str, ...], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(parts[i:i + n] == run for i in range(len(parts) - n + 1))


def _recorded_host(folder: Path) -> str | None:
    try:
        text = (folder / INSTALL_RECORD).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    import json

    try:
        host = json.loads(text).get("host")
    except (ValueError, AttributeError):
        return None
    return _HOSTS.get(host) if isinstance(host, str) else None


def from_path(path: Path | str) -> str | None:
    """The platform a skill folder (or a path inside one) tells, or None."""
    path = Path(path)
    # A ClawHub install leaves .clawhub/origin.json in the skill folder.
    near = (path, *path.parents[:2])
    for folder in near:
        if (folder / ".clawhub" / "origin.json").is_file():
            return "clawhub"
    for folder in near:
        recorded = _recorded_host(folder)
        if recorded:
            return recorded
    parts = path.parts
    for run, platform in _PATH_MARKERS:
        if _has_run(parts, run):
            return platform
    return None


def detect(env: dict[str, str] | None = None, install_path: Path | str | None = None) -> str:
    env = os.environ if env is None else env
    explicit = (env.get("SKILL_SOURCE") or "").strip()
    if explicit:
        return explicit
    candidates: list[Path | str] = []
    home = (env.get(HOME_ENV) or "").strip()
    if home:
        candidates.append(home)
    candidates.append(install_path if install_path is not None else Path(__file__).resolve().parent)
    for candidate in candidates:
        found = from_path(candidate)
        if found:
            return found
    return "unknown"

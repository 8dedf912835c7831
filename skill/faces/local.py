"""`NEMO_API_URL=local` at the edge: start (or find) the embedded backend, hand its URL down.

Only the faces know the local backend exists; the client below just gets a
base URL (Settings.local_url), and a worker gets it through the environment.
"""
from __future__ import annotations

from dataclasses import replace

from skill.core import errors
from skill.core.config import Settings


def with_local_backend(settings: Settings) -> Settings:
    if not settings.is_local or settings.local_url:
        return settings
    try:
        from skill.backend.launcher import ensure_running
    except ImportError:
        raise errors.BackendUnavailable("the local backend is not installed", sent=False) from None
    try:
        url = ensure_running(settings.config_dir / "local-backend")
    except errors.SkillError:
        raise                # e.g. BackendNotInstalled: its own message says what to do
    except Exception:  # LaunchError or OS trouble: the local server did not come up
        raise errors.BackendUnavailable("the local backend did not start", sent=False) from None
    return replace(settings, local_url=str(getattr(url, "url", url)).rstrip("/"))

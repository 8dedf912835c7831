"""The project session: created on first need, kept in the store per configured API (URL, or "local").

Keyed by API base so a local backend's session never leaks into remote calls. A copy is
kept beside the store (skill.core.keep, written in the same write transaction): a store
that is lost or damaged and made afresh takes up the same project, not a new empty one.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from skill.core import config, keep
from skill.core.store import Store

SESSION_LOCK = "session.lock"   # in the config dir, next to the store


@dataclass(frozen=True)
class Session:
    session_id: str
    task_id: str
    user_id: str | None = None


class SessionBook:
    def __init__(self, store: Store, scope: str):
        self.store = store
        self._key = f"session:{scope}"

    def current(self) -> Session | None:
        raw = self.store.get(self._key)
        if raw is None:
            raw = self._restore()
        if isinstance(raw, dict) and raw.get("session_id"):
            return Session(str(raw["session_id"]), str(raw.get("task_id") or ""), raw.get("user_id"))
        return None

    def save(self, session: Session) -> None:
        value = {"session_id": session.session_id, "task_id": session.task_id,
                 "user_id": session.user_id, "created": time.time()}
        with self.store.transaction():
            self.store.set(self._key, value)
            keep.put(self._copy, self._key, value)

    @property
    def _copy(self) -> Path:
        return Path(self.store.path).parent / keep.SESSION_FILE

    def _restore(self) -> dict | None:
        """The store has no session (it is new: the old one was lost): take up the kept copy's."""
        copy = keep.get(self._copy, self._key)
        if not (isinstance(copy, dict) and copy.get("session_id")):
            return None
        with self.store.transaction():
            raw = self.store.get(self._key)
            if raw is None:
                self.store.set(self._key, copy)
                raw = copy
        return raw

    def forget(self, session_id: str | None = None) -> None:
        """Drop the saved session (only if it is still `session_id`, when given).

        Compare-and-delete in one write transaction: a session another command
        saved in between is never dropped for this one's lost id.
        """
        with self.store.transaction():
            current = self.current()
            if current and (session_id is None or current.session_id == session_id):
                self.store.delete(self._key)
                keep.put(self._copy, self._key, None)

    def lock(self):
        """Held while a session is created, across processes (see NemoClient.new_session)."""
        return config.file_lock(Path(self.store.path).parent / SESSION_LOCK)


def from_answer(data: object) -> Session:
    if not isinstance(data, dict) or not data.get("session_id"):
        from skill.core import errors

        raise errors.ApiError("no session in answer")
    return Session(session_id=str(data["session_id"]), task_id=str(data.get("task_id") or ""),
                   user_id=(str(data["user_id"]) if data.get("user_id") else None))


def task_link(web_url: str, session: Session, name: str, version: str, platform: str) -> str:
    """The project's page. Never carries the token."""
    query = urlencode({"task": session.task_id, "session": session.session_id,
                       "skill_name": name, "skill_version": version, "skill_source": platform})
    return f"{web_url}/workspace/claim?{query}"


def register_link(web_url: str, session: Session | None, bind: str, name: str, version: str,
                  platform: str) -> str:
    """Registration link that binds this anonymous user's work to the new account."""
    params = {}
    if session:
        params.update(task=session.task_id, session=session.session_id)
    params.update(skill_name=name, skill_version=version, skill_source=platform, bind=bind)
    return f"{web_url}/workspace/claim?{urlencode(params)}"

"""Which token to send, and getting a fresh anonymous one.

Order: NEMO_TOKEN; else the anonymous token cached in the store (per API
base); else a new anonymous token for the shared client id. The token lives
only in memory and in the store (0600); it is never logged or printed.
"""
from __future__ import annotations

import time
from datetime import datetime

from skill import config, errors
from skill.http import Http, Signal
from skill.store import Store
from skill.timing import Timings


class TokenKeeper:
    def __init__(self, settings: config.Settings, store: Store, http: Http, timings: Timings,
                 sleep=time.sleep, scope: str | None = None):
        self.settings = settings
        self.store = store
        self.http = http
        self.timings = timings
        self.sleep = sleep
        self._key = f"anon_token:{scope or http.base_url}"
        self._token: str | None = None
        self.user_id: str | None = None

    def __repr__(self) -> str:
        return f"TokenKeeper(base={self.http.base_url!r}, from_env={self.from_env})"

    @property
    def from_env(self) -> bool:
        return bool(self.settings.token)

    @property
    def is_anonymous(self) -> bool:
        if self.user_id:
            return self.user_id.startswith("anon")
        return not self.from_env

    def token(self) -> str:
        if self._token:
            return self._token
        if self.settings.token:
            self._token = self.settings.token
            return self._token
        cached = self.store.get(self._key)
        if isinstance(cached, dict) and cached.get("token") and not _expired(cached.get("expires_at")):
            self._token = cached["token"]
            self.user_id = cached.get("user_id")
            return self._token
        return self.refresh()

    def refresh(self) -> str:
        """A fresh anonymous token for the same client id (after 1001 or on first use)."""
        if self.settings.token:
            raise errors.EnvTokenRejected()
        self._token = None
        self.store.delete(self._key)
        data = self._request_anonymous()
        token = data.get("token") if isinstance(data, dict) else None
        if not token:
            raise errors.ApiError("no token in answer")
        self._token = str(token)
        self.user_id = str(data.get("user_id") or "") or None
        self.store.set(self._key, {"token": self._token, "user_id": self.user_id,
                                   "expires_at": data.get("expires_at")})
        return self._token

    def _request_anonymous(self) -> dict:
        client_id = config.client_id(self.settings)
        # HTTP 400 (missing X-Client-Id) cannot happen by our doing: config.client_id()
        # always yields a usable id, replacing an empty or corrupt file when it reads one.
        throttled = False
        while True:
            try:
                return self.http.json_call("POST", "/api/auth/anonymous-token", token=None,
                                           headers={"X-Client-Id": client_id})
            except Signal as signal:
                if signal.kind == "throttled" and not throttled:
                    throttled = True
                    self.sleep(self.timings.rate_limit_wait)
                    continue
                if signal.kind == "throttled":
                    raise errors.RateLimited() from None
                raise errors.ApiError(f"sign-in failed ({signal.kind})") from None


def _expired(expires_at: object) -> bool:
    if not isinstance(expires_at, str) or not expires_at:
        return False
    try:
        when = datetime.fromisoformat(expires_at.replace("Z", "+00:00"))
    except ValueError:
        return False
    if when.tzinfo is None:
        return False
    return when.timestamp() <= time.time() + 60

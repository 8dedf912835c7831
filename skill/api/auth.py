"""Which token to send, and getting a fresh anonymous one.

Order: NEMO_TOKEN; else the anonymous token kept for this API; else a new
anonymous token for the shared client id. The token lives only in memory and
in its own file, `video-skill-token.json` (0600, beside the client id;
skill.core.keep), not in the store: a store that is deleted or damaged takes
nothing with it (a token an older version kept in the store moves there once).
It is never logged or printed.

The backend allows one live anonymous token per client id, and the client id
is shared by every NemoVideo skill on the machine, so a lost token means a
7-day lockout. Hence: asking for a token is serialized across processes (a
lock file next to the store); a process that waited re-reads the cache first;
after a 1001 only the token seen rejected is replaced (compare-and-swap); a
refused request (429, network) never erases the cached token. A 429 that says
this client id already had its token (the token was lost anyway, or another
NemoVideo skill holds it) is said as such, with the way out (TokenLockedOut),
not as "busy".
"""
from __future__ import annotations

import time
from datetime import datetime

from skill.core import config, errors, keep
from skill.api.http import Http, Signal, throttle_wait
from skill.core.store import Store
from skill.core.timing import Timings

TOKEN_LOCK = "token.lock"   # in the config dir, next to the store


class TokenLockedOut(errors.TokenRejected):
    """The service won't give this client id another free token (one per client id per 7 days),
    and the skill no longer has the one it gave. Never fixed by regenerating the shared client
    id (PROTOCOL.md): the user's own token, or the end of the 7 days."""
    key = "token_locked_out"


def _says_client_has_token(message: str) -> bool:
    """Does a 429 to the token request say this client id already has its token (not "slow down")?"""
    text = message.lower()
    return "client" in text or "already" in text


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
        if self._take_cached():
            return self._token
        return self._obtain(rejected=None)

    def refresh(self, rejected: str | None = None) -> str:
        """A usable token after the backend rejected `rejected` (default: the one we sent).

        Compare-and-swap: if another command already replaced the rejected token,
        take theirs instead of asking again (the backend allows one live token
        per client id, and the client id is shared by every NemoVideo skill).
        """
        if self.settings.token:
            raise errors.EnvTokenRejected()
        rejected = rejected or self._token
        self._token = None
        return self._obtain(rejected=rejected)

    @property
    def _file(self):
        return self.store.path.parent / keep.TOKEN_FILE

    def _take_cached(self, rejected: str | None = None) -> bool:
        cached = keep.get(self._file, self._key)
        if cached is None and self.store.get(self._key) is not None:
            cached = self._move_from_store()
        if isinstance(cached, dict) and cached.get("token") and cached["token"] != rejected \
                and not _expired(cached.get("expires_at")):
            self._token = str(cached["token"])
            self.user_id = cached.get("user_id")
            return True
        return False

    def _move_from_store(self):
        """A token an older version kept in the store goes to its own file, once."""
        with config.file_lock(self.store.path.parent / TOKEN_LOCK):
            cached = keep.get(self._file, self._key)
            if cached is None:
                cached = self.store.get(self._key)
                if isinstance(cached, dict) and cached.get("token"):
                    keep.put(self._file, self._key, cached)
            self.store.delete(self._key)
            return cached

    def _obtain(self, rejected: str | None) -> str:
        """Getting a token is serialized across processes; whoever waited re-reads the cache
        first. A failed request (429, network) leaves the cache as it was: a good cached
        token is never erased, only replaced by a newer one."""
        with config.file_lock(self.store.path.parent / TOKEN_LOCK):
            if self._take_cached(rejected):
                return self._token
            data = self._request_anonymous()
            token = data.get("token") if isinstance(data, dict) else None
            if not token:
                raise errors.ApiError("no token in answer")
            self._token = str(token)
            self.user_id = str(data.get("user_id") or "") or None
            keep.put(self._file, self._key, {"token": self._token, "user_id": self.user_id,
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
                if signal.kind == "throttled" and _says_client_has_token(signal.message):
                    raise TokenLockedOut(signal.message) from None   # waiting changes nothing for 7 days
                if signal.kind == "throttled" and not throttled:
                    throttled = True
                    self.sleep(throttle_wait(signal, self.timings))
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

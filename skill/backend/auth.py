"""Anonymous tokens and bearer checks.

Tokens look like the real ones (`nmv_usr_<random>`) and are stored only as
SHA-256 hashes. One anonymous user per client id: a client that re-auths after
a 1001 (same client id, as PROTOCOL.md says) gets its user, credits and
sessions back, which is what makes "re-auth and retry once" work.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from skill.backend.db import DB

TOKEN_TTL = 7 * 24 * 3600
IP_WINDOW = 3600


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Principal:
    user_id: str
    token_hash: str


class TokenRefused(Exception):
    """429: this client id already holds a live token, or the IP cap is hit."""


def issue(db: DB, client_id: str, ip: str, *, ip_cap: int, start_credits: int) -> dict:
    now = time.time()
    with db.lock:
        live = db.one("SELECT 1 FROM tokens WHERE client_id=? AND revoked=0 AND expires_at>?",
                      (client_id, now))
        if live:
            raise TokenRefused("A token was already issued for this client in the last 7 days.")
        recent = db.one("SELECT COUNT(*) AS n FROM tokens WHERE ip=? AND issued_at>?",
                        (ip, now - IP_WINDOW))["n"]
        if recent >= ip_cap:
            raise TokenRefused("Too many tokens requested from this address. Try again later.")
        row = db.one("SELECT user_id FROM users WHERE client_id=?", (client_id,))
        if row:
            user_id = row["user_id"]
        else:
            user_id = "anon_" + secrets.token_hex(8)
            db.exec("INSERT INTO users(user_id, client_id, available, frozen, created_at) "
                    "VALUES(?,?,?,0,?)", (user_id, client_id, start_credits, now))
        token = "nmv_usr_" + secrets.token_urlsafe(24)
        expires = now + TOKEN_TTL
        db.exec("INSERT INTO tokens(token_hash, client_id, user_id, ip, issued_at, expires_at) "
                "VALUES(?,?,?,?,?,?)", (token_hash(token), client_id, user_id, ip, now, expires))
        credits = db.user(user_id)["available"]
    return {"token": token, "user_id": user_id, "expires_at": iso(expires), "credits": credits}


def check(db: DB, authorization: str | None) -> Principal | None:
    """The principal of a `Bearer <token>` header, or None (-> code 1001)."""
    if not authorization or not authorization.lower().startswith("bearer "):
        return None
    token = authorization[7:].strip()
    if not token:
        return None
    h = token_hash(token)
    row = db.one("SELECT user_id, expires_at, revoked FROM tokens WHERE token_hash=?", (h,))
    if not row or row["revoked"] or row["expires_at"] <= time.time():
        return None
    return Principal(user_id=row["user_id"], token_hash=h)


def revoke(db: DB, principal: Principal) -> None:
    db.exec("UPDATE tokens SET revoked=1 WHERE token_hash=?", (principal.token_hash,))

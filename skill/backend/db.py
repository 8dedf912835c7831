"""SQLite persistence for the local backend (stdlib sqlite3).

One connection shared by the event loop and render threads behind a lock:
every operation is tiny, and one writer keeps SQLite simple. Tokens are stored
only as SHA-256 hashes: the raw token never reaches the data dir.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

_DDL = """
CREATE TABLE IF NOT EXISTS tokens (
  token_hash TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  ip TEXT NOT NULL,
  issued_at REAL NOT NULL,
  expires_at REAL NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tokens_client ON tokens(client_id);
CREATE INDEX IF NOT EXISTS tokens_ip ON tokens(ip, issued_at);
CREATE TABLE IF NOT EXISTS users (
  user_id TEXT PRIMARY KEY,
  client_id TEXT UNIQUE,
  available INTEGER NOT NULL,
  frozen INTEGER NOT NULL DEFAULT 0,
  created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  session_id TEXT PRIMARY KEY,
  task_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  task_name TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at REAL NOT NULL,
  edit_count INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS renders (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  progress INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  output_path TEXT,
  output_url TEXT,
  faults TEXT NOT NULL DEFAULT '[]',
  draft TEXT NOT NULL,
  created_at REAL NOT NULL,
  updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS media (
  name TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  content_type TEXT NOT NULL,
  spec TEXT
);
CREATE TABLE IF NOT EXISTS counters (
  key TEXT NOT NULL,
  sub TEXT NOT NULL DEFAULT '',
  n INTEGER NOT NULL,
  PRIMARY KEY (key, sub)
);
"""

ACTIVE_RENDER = ("pending", "processing")


def empty_state() -> dict[str, Any]:
    return {"draft": {}, "video_infos": [], "canvas_config": {}, "video_analyses": [],
            "generated_media": []}


class DB:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        old = os.umask(0o077)
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.executescript(_DDL)
        finally:
            os.umask(old)
        self.lock = threading.RLock()

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    # -- small helpers -------------------------------------------------------
    def one(self, sql: str, args: tuple = ()) -> sqlite3.Row | None:
        with self.lock:
            return self.conn.execute(sql, args).fetchone()

    def all(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.conn.execute(sql, args).fetchall()

    def exec(self, sql: str, args: tuple = ()) -> int:
        with self.lock:
            return self.conn.execute(sql, args).rowcount

    # -- users and credits ---------------------------------------------------
    def user(self, user_id: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM users WHERE user_id=?", (user_id,))

    def freeze(self, user_id: str, amount: int) -> bool:
        """Move `amount` from available to frozen; False if not enough."""
        with self.lock:
            n = self.conn.execute(
                "UPDATE users SET available=available-?, frozen=frozen+? "
                "WHERE user_id=? AND available>=?", (amount, amount, user_id, amount)).rowcount
            return n == 1

    def settle(self, user_id: str, amount: int) -> None:
        """Frozen credits are spent."""
        self.exec("UPDATE users SET frozen=MAX(0, frozen-?) WHERE user_id=?", (amount, user_id))

    def unfreeze(self, user_id: str, amount: int) -> None:
        """Frozen credits go back (the work did not happen)."""
        self.exec("UPDATE users SET frozen=MAX(0, frozen-?), available=available+? WHERE user_id=?",
                  (amount, amount, user_id))

    # -- sessions ------------------------------------------------------------
    def session(self, session_id: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM sessions WHERE session_id=?", (session_id,))

    def load_state(self, session_id: str) -> dict[str, Any]:
        row = self.one("SELECT state FROM sessions WHERE session_id=?", (session_id,))
        return json.loads(row["state"]) if row else empty_state()

    def save_state(self, session_id: str, state: dict[str, Any]) -> None:
        self.exec("UPDATE sessions SET state=? WHERE session_id=?",
                  (json.dumps(state, ensure_ascii=False), session_id))

    def bump_edit_count(self, session_id: str) -> int:
        with self.lock:
            self.conn.execute("UPDATE sessions SET edit_count=edit_count+1 WHERE session_id=?",
                              (session_id,))
            row = self.conn.execute("SELECT edit_count FROM sessions WHERE session_id=?",
                                    (session_id,)).fetchone()
            return row["edit_count"] if row else 0

    # -- counters (for /_local/stats; persisted so a restart keeps the proof) --
    def count(self, key: str, sub: str = "", n: int = 1) -> None:
        self.exec("INSERT INTO counters(key, sub, n) VALUES(?,?,?) "
                  "ON CONFLICT(key, sub) DO UPDATE SET n=n+excluded.n", (key, sub, n))

    def counters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for row in self.all("SELECT key, sub, n FROM counters ORDER BY key, sub"):
            if row["sub"] == "":
                out[row["key"]] = row["n"]
            else:
                bucket = out.setdefault(row["key"], {})
                if isinstance(bucket, dict):
                    bucket[row["sub"]] = row["n"]
        return out

    # -- renders ---------------------------------------------------------------
    def render(self, render_id: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM renders WHERE id=?", (render_id,))

    def update_render(self, render_id: str, **fields: Any) -> None:
        fields["updated_at"] = time.time()
        cols = ", ".join(f"{k}=?" for k in fields)
        self.exec(f"UPDATE renders SET {cols} WHERE id=?", (*fields.values(), render_id))

    def fail_interrupted_renders(self) -> int:
        """Renders a previous process was running cannot resume: mark them failed."""
        return self.exec(
            "UPDATE renders SET status='failed', error='interrupted by a server restart', "
            "updated_at=? WHERE status IN ('pending','processing')", (time.time(),))

    # -- media -----------------------------------------------------------------
    def add_media(self, name: str, path: Path, content_type: str, spec: dict | None = None) -> None:
        self.exec("INSERT OR REPLACE INTO media(name, path, content_type, spec) VALUES(?,?,?,?)",
                  (name, str(path), content_type, json.dumps(spec) if spec else None))

    def media(self, name: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM media WHERE name=?", (name,))

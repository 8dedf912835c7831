"""The skill's own state: one SQLite file under the config dir.

Token cache, sessions, turns, pending renders. SQLite gives atomic writes and
safe concurrent access from several commands (WAL + busy timeout); the file,
its -wal/-shm companions and the directory are private (0600 / 0700).

Modules keep their own tables: they call `store.ensure_schema(ddl)` with
idempotent CREATE ... IF NOT EXISTS statements.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Iterator

from skill.config import Settings, ensure_private_dir

DB_NAME = "video-skill.db"

_KV_DDL = """
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated REAL NOT NULL
);
"""


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        ensure_private_dir(self.path.parent)
        self._create_private(self.path)
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so two
        # writers queue on the lock instead of failing on upgrade.
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                    check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._schemas: set[str] = set()   # DDL already applied through this connection
        old = os.umask(0o077)  # -wal and -shm are created by SQLite: keep them private
        try:
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self._enable_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.ensure_schema(_KV_DDL)
        finally:
            os.umask(old)
        self._tighten_companions()

    def _enable_wal(self, attempts: int = 100) -> None:
        """WAL once per database file (it persists). Switching takes an exclusive
        lock that SQLite's busy timeout does not always cover, so two commands
        creating the store at the same moment retry here instead of failing."""
        for attempt in range(attempts):
            try:
                mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == attempts - 1:
                    raise
                time.sleep(0.02 + 0.01 * (attempt % 10))

    @classmethod
    def open(cls, settings: Settings) -> "Store":
        return cls(settings.config_dir / DB_NAME)

    @staticmethod
    def _create_private(path: Path) -> None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)

    def _tighten_companions(self) -> None:
        for suffix in ("-wal", "-shm"):
            p = self.path.with_name(self.path.name + suffix)
            if p.exists() and p.stat().st_mode & 0o077:
                p.chmod(0o600)

    def ensure_schema(self, ddl: str) -> None:
        """Apply idempotent DDL; once per connection (it takes the write lock)."""
        if ddl in self._schemas:
            return
        with self.transaction():
            for statement in _statements(ddl):
                self.conn.execute(statement)
        self._schemas.add(ddl)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An immediate (write-locked) transaction; nests as a no-op."""
        with self._lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    # -- key/value ---------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        rows = self.query("SELECT value FROM kv WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    def set(self, key: str, value: Any) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO kv(key, value, updated) VALUES (?, ?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
                      (key, json.dumps(value), time.time()))

    def delete(self, key: str) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM kv WHERE key = ?", (key,))

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _statements(ddl: str) -> list[str]:
    return [s.strip() for s in ddl.split(";") if s.strip()]

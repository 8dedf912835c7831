"""The skill's own state: one SQLite file under the config dir.

Token cache, sessions, turns, pending renders. SQLite gives atomic writes and
safe concurrent access from several commands (WAL + busy timeout); the file,
its -wal/-shm companions and the directory are private (0600 / 0700).

A config dir that can't be written (read-only, full, not a folder) is
`config.ConfigDirUnwritable`, naming the folder, never "internal error".

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
import weakref
from pathlib import Path
from typing import Any, Iterator

from skill.core.config import Settings, config_dir_error, ensure_private_dir

DB_NAME = "video-skill.db"

_KV_DDL = """
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated REAL NOT NULL
);
"""


# Every open store of this process: a fork must not happen with SQLite open (skill.turns.book).
_OPEN_STORES: "weakref.WeakSet[Store]" = weakref.WeakSet()


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._closed = False
        try:
            self._open()
        except (OSError, sqlite3.OperationalError) as exc:
            if not isinstance(exc, OSError) and not _cannot_write(exc):
                raise                       # e.g. still locked after the retries: not the folder's fault
            with contextlib.suppress(Exception):
                self.conn.close()
            raise config_dir_error(self.path.parent, exc) from None

    def _open(self) -> None:
        ensure_private_dir(self.path.parent)
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so two
        # writers queue on the lock instead of failing on upgrade.
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                    check_same_thread=False)
        self._make_private()               # before anything is written
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
        self._make_private()               # and the -wal/-shm SQLite has made since
        _OPEN_STORES.add(self)

    @staticmethod
    @contextlib.contextmanager
    def closed_for_fork() -> Iterator[None]:
        """Close every open store of this process while the caller forks; reopen them after.

        SQLite keeps per-process state about each open file (its locks, the WAL index);
        a forked child that inherits it and opens the same database sees a wrong
        snapshot (SQLite: "do not open a connection, then fork"). The child opens its own.
        """
        stores = [store for store in list(_OPEN_STORES) if not store._closed]
        for store in stores:
            if store.conn.in_transaction:
                raise RuntimeError("fork inside a store transaction")
            store.conn.close()
        try:
            yield
        finally:
            for store in stores:
                store._reconnect()

    def _reconnect(self) -> None:
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.execute("PRAGMA synchronous = NORMAL")

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

    def _make_private(self) -> None:
        """The database and its -wal/-shm at 0600 (SQLite creates them in our 0700 folder).

        Never os.open()/close() the database file here: closing any descriptor of a
        file drops every POSIX lock this process holds on it, including those of
        other connections open in other threads (the MCP server has several).
        Another process then takes itself for the last user, checkpoints and
        removes the WAL, and a write just committed here is lost.
        """
        for suffix in ("", "-wal", "-shm"):
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

    def ensure_column(self, table: str, column: str, decl: str) -> None:
        """Add a column that an older version's table lacks; once per connection."""
        marker = f"column:{table}.{column}"
        if marker in self._schemas:
            return
        with self.transaction() as c:
            if column not in {row[1] for row in c.execute(f"PRAGMA table_info({table})")}:
                c.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        self._schemas.add(marker)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An immediate (write-locked) transaction; nests as a no-op."""
        with self._lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise self._write_error(exc) from None
            try:
                yield self.conn
            except BaseException as exc:
                if self.conn.in_transaction:     # SQLite rolls back by itself after some failures
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise self._write_error(exc) from None
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise self._write_error(exc) from None

    def _write_error(self, exc: sqlite3.OperationalError) -> Exception:
        """A full disk or a read-only config dir is the user's to fix, and says where; the rest as is."""
        return config_dir_error(self.path.parent, exc) if _cannot_write(exc) else exc

    @contextlib.contextmanager
    def transaction_lock(self) -> Iterator[None]:
        """This store's thread lock, outside any transaction (for VACUUM and the like)."""
        with self._lock:
            if self.conn.in_transaction:
                raise RuntimeError("inside a transaction")
            yield

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
            self._closed = True
            self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# SQLite's words for "this place can't be written": the config dir's problem (full, read-only...).
_CANNOT_WRITE = ("unable to open database file", "readonly database", "disk is full", "disk i/o error")


def _cannot_write(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(w in str(exc).lower() for w in _CANNOT_WRITE)


def _statements(ddl: str) -> list[str]:
    return [s.strip() for s in ddl.split(";") if s.strip()]

"""The skill's own state: one SQLite file under the config dir.

Token cache, sessions, turns, pending renders. SQLite gives atomic writes and
safe concurrent access from several commands (WAL + busy timeout); the file,
its -wal/-shm companions and the directory are private (0600 / 0700).

A config dir that can't be written (read-only, full, not a folder) is
`config.ConfigDirUnwritable`, naming the folder, never "internal error".

Losing the store costs the user nothing (docs/reliability.md): what must outlive it (the
token, the current project) is kept beside it (skill.core.keep). A damaged store (garbage,
truncated: SQLite says "not a database" or "malformed") is set aside, kept as
`video-skill.db.damaged-<time>`, and a fresh one made: at open (`Store.repaired` says so,
for the command to tell the user), or met in the middle of a command (StoreDamaged: try
again). A store another process holds locked is waited for `timing.STORE_BUSY_WAIT` seconds
at most, then StoreBusy (exit 16) instead of a hang.

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

from skill.core import errors
from skill.core.config import Settings, config_dir_error, ensure_private_dir, file_lock
from skill.core.timing import STORE_BUSY_WAIT

DB_NAME = "video-skill.db"
STORE_LOCK = "store.lock"    # held while a damaged store is set aside (never for ordinary use)


class StoreBusy(errors.SkillError):
    """Another process holds the store locked past STORE_BUSY_WAIT: said, instead of hanging."""
    key = "store_busy"
    exit_code = 16


class StoreDamaged(errors.SkillError):
    """The store turned out damaged in the middle of a command: set aside and kept; the next
    command makes a fresh one (and keeps the token and the project)."""
    key = "store_damaged"
    exit_code = 16

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
    def __init__(self, path: Path, busy_wait: float = STORE_BUSY_WAIT):
        self.path = Path(path)
        self.busy_wait = float(busy_wait)   # seconds another process's lock is waited for
        self._closed = False
        self._lock = threading.RLock()
        # {"path", "kept"} when a damaged store was found at open, set aside and made afresh
        self.repaired: dict | None = None
        try:
            try:
                self._open()
            except sqlite3.DatabaseError as exc:
                if not _damaged(exc):
                    raise
                self._drop_connection()
                self.repaired = self._set_aside()
                self._open()
        except (OSError, sqlite3.OperationalError) as exc:
            self._drop_connection()
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise StoreBusy(str(exc), path=str(self.path), seconds=f"{self.busy_wait:g}") from None
            if not isinstance(exc, OSError) and not _cannot_write(exc):
                raise
            raise config_dir_error(self.path.parent, exc) from None

    def _drop_connection(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _open(self) -> None:
        ensure_private_dir(self.path.parent)
        try:
            self._inode = os.stat(self.path).st_ino   # which file this is, should it need setting aside
        except OSError:
            self._inode = None
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so two
        # writers queue on the lock instead of failing on upgrade.
        self.conn = sqlite3.connect(self.path, timeout=self.busy_wait, isolation_level=None,
                                    check_same_thread=False)
        self._make_private()               # before anything is written
        self.conn.row_factory = sqlite3.Row
        self._schemas: set[str] = set()   # DDL already applied through this connection
        old = os.umask(0o077)  # -wal and -shm are created by SQLite: keep them private
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_wait * 1000)}")
            self._enable_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.ensure_schema(_KV_DDL)
        finally:
            os.umask(old)
        self._make_private()               # and the -wal/-shm SQLite has made since
        _OPEN_STORES.add(self)

    def _set_aside(self) -> dict:
        """Move the damaged database (and its -wal) aside under a new name, kept for whoever
        wants to look; the next open makes a fresh one. Two commands finding it damaged at
        once: the second sees the file already replaced (another inode) and leaves it."""
        kept = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        n = 1
        while os.path.lexists(kept):
            kept = kept.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
            n += 1
        with file_lock(self.path.parent / STORE_LOCK, timeout=self.busy_wait):
            try:
                now = os.stat(self.path).st_ino
            except OSError:
                now = None
            if now is None or now != self._inode:
                return {"path": str(self.path), "kept": _latest_kept(self.path) or str(kept)}
            os.replace(self.path, kept)
            wal = self.path.with_name(self.path.name + "-wal")
            if wal.exists():
                os.replace(wal, kept.with_name(kept.name + "-wal"))
            self.path.with_name(self.path.name + "-shm").unlink(missing_ok=True)
        return {"path": str(self.path), "kept": str(kept)}

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
        self.conn = sqlite3.connect(self.path, timeout=self.busy_wait, isolation_level=None,
                                    check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_wait * 1000)}")
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def _enable_wal(self) -> None:
        """WAL once per database file (it persists). Switching takes an exclusive
        lock that SQLite's busy timeout does not always cover, so two commands
        creating the store at the same moment retry here instead of failing;
        for `busy_wait` seconds at most (a lock held longer is StoreBusy)."""
        deadline = time.monotonic() + self.busy_wait
        attempt = 0
        while True:
            try:
                mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02 + 0.01 * (attempt % 10))
                attempt += 1

    @classmethod
    def open(cls, settings: Settings, busy_wait: float = STORE_BUSY_WAIT) -> "Store":
        return cls(settings.config_dir / DB_NAME, busy_wait=busy_wait)

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
            try:
                if p.stat().st_mode & 0o077:
                    p.chmod(0o600)
            except FileNotFoundError:
                # not there, or gone since: another process closing last removes its -wal and -shm
                # (a check for it first, then a stat, failed in that gap: 8 commands opening at once)
                continue

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
            except sqlite3.DatabaseError as exc:
                raise self._write_error(exc) from None
            try:
                yield self.conn
            except BaseException as exc:
                if self.conn.in_transaction:     # SQLite rolls back by itself after some failures
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.DatabaseError):
                    raise self._write_error(exc) from None
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.DatabaseError as exc:
                    if self.conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            self.conn.execute("ROLLBACK")
                    raise self._write_error(exc) from None

    def _write_error(self, exc: sqlite3.DatabaseError) -> Exception:
        """A full disk or a read-only config dir is the user's to fix, and says where; a lock held
        past the wait is StoreBusy; damage found now is set aside (StoreDamaged); the rest as is."""
        if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
            return StoreBusy(str(exc), path=str(self.path), seconds=f"{self.busy_wait:g}")
        if _damaged(exc):
            return self._damaged_now()
        return config_dir_error(self.path.parent, exc) if _cannot_write(exc) else exc

    def _damaged_now(self) -> StoreDamaged:
        """Damage met in the middle of a command: this connection is done; the file is set aside."""
        self._closed = True
        self._drop_connection()
        try:
            where = self._set_aside()
        except OSError:
            where = {"path": str(self.path), "kept": str(self.path)}
        return StoreDamaged(**where)

    def vacuum(self) -> None:
        """Shrink the file (after pruning); skipped when another process holds the store."""
        with self.transaction_lock():
            try:
                self.conn.execute("VACUUM")
            except sqlite3.OperationalError:
                pass

    @contextlib.contextmanager
    def transaction_lock(self) -> Iterator[None]:
        """This store's thread lock, outside any transaction (for VACUUM and the like)."""
        with self._lock:
            if self.conn.in_transaction:
                raise RuntimeError("inside a transaction")
            yield

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                error = self._write_error(exc)
                if error is exc:
                    raise
                raise error from None

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


def _busy(exc: BaseException) -> bool:
    """Another connection holds the lock (SQLITE_BUSY / SQLITE_LOCKED)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(exc).lower() \
        or "database table is locked" in str(exc).lower()


def _damaged(exc: BaseException) -> bool:
    """The file is not a sound SQLite database (garbage, truncated): SQLITE_CORRUPT / SQLITE_NOTADB."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text \
        or "not a database" in text


def _latest_kept(path: Path) -> str | None:
    kept = sorted(path.parent.glob(path.name + ".damaged-*"), key=lambda p: p.stat().st_mtime)
    kept = [p for p in kept if not p.name.endswith("-wal")]
    return str(kept[-1]) if kept else None


def inspect(path: Path, wait: float = 1.0) -> tuple[str, str]:
    """How the store at `path` is, without changing it (for `doctor`): ("missing" | "ok" |
    "damaged" | "locked" | "unreadable", a detail). Opened without creating it, checked with
    PRAGMA integrity_check, and a write lock tried (and released) for `wait` seconds."""
    path = Path(path)
    if not path.exists():
        return "missing", ""
    from urllib.parse import quote

    old = os.umask(0o077)
    conn = None
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, timeout=wait, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
        if rows != ["ok"]:
            return "damaged", "; ".join(rows)[:200]
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return "ok", ""
    except sqlite3.DatabaseError as exc:
        if _busy(exc):
            return "locked", str(exc)
        if _damaged(exc):
            return "damaged", str(exc)
        return "unreadable", str(exc)
    finally:
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()
        os.umask(old)


def holders(path: Path) -> list[tuple[int, str]]:
    """Who holds the store locked (pid, program name), as far as /proc tells (Linux): the
    processes with a write lock on the database or its -shm (/proc/locks); failing that, every
    other process that has it open."""
    path = Path(path)
    files = set()
    for suffix in ("", "-shm"):
        try:
            st = os.stat(str(path) + suffix)
        except OSError:
            continue
        files.add((f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}", st.st_ino))
    pids: set[int] = set()
    try:
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if "->" in fields:                 # a waiter, not a holder
                continue
            if len(fields) >= 6 and fields[3] == "WRITE" and fields[4].isdigit():
                dev, _, ino = fields[5].rpartition(":")
                if ino.isdigit() and (dev, int(ino)) in files:
                    pids.add(int(fields[4]))
    except OSError:
        pass
    if not pids:
        pids = _openers(path)
    pids.discard(os.getpid())
    return sorted((pid, _program(pid)) for pid in pids)


def _openers(path: Path) -> set[int]:
    names = {str(path) + suffix for suffix in ("", "-wal", "-shm")}
    found: set[int] = set()
    proc = Path("/proc")
    for entry in proc.iterdir() if proc.is_dir() else ():
        if entry.name.isdigit():
            try:
                if {os.readlink(fd) for fd in (entry / "fd").iterdir()} & names:
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def _program(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text(encoding="utf-8", errors="replace").strip() or "?"
    except OSError:
        return "?"


# SQLite's words for "this place can't be written": the config dir's problem (full, read-only...).
_CANNOT_WRITE = ("unable to open database file", "readonly database", "disk is full", "disk i/o error")


def _cannot_write(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(w in str(exc).lower() for w in _CANNOT_WRITE)


def _statements(ddl: str) -> list[str]:
    return [s.strip() for s in ddl.split(";") if s.strip()]

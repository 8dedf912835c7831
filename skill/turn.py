"""A chat turn as a record: created by `chat`, run by the detached worker, read by anyone.

Hosts kill commands after ~120 s while generation takes 100-300 s, so the
stream lives in a detached worker (skill/worker.py). This module is the
shared ground: the store tables, starting the worker, following a turn's
progress from another process, and turning an outcome into lines.

Tables (store.ensure_schema):
  turns(id, scope, session_id, task_id, message, lang, status, pid, sent,
        started, finished, before_state, outcome, reported)
      status: starting → running → done | recovered | failed
      sent:   1 once the message may have reached the backend (never re-sent)
      delivered: 1 once the backend answered the message (its stream opened)
      watch_until: a finished turn whose project is still watched for late changes
      later_seen: the last `later` event reported to the user
  turn_events(turn_id, seq, at, kind, payload)   progress, in order; `later` events come
      after the turn finished (generation's second stage landing, say)
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from skill import config, errors, procs
from skill.config import Settings
from skill.events import ErrorInfo, Outcome
from skill.store import Store
from skill.timing import Timings

DDL = """
CREATE TABLE IF NOT EXISTS turns (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  session_id TEXT,
  task_id TEXT,
  message TEXT NOT NULL,
  lang TEXT NOT NULL,
  status TEXT NOT NULL,
  pid INTEGER,
  sent INTEGER NOT NULL DEFAULT 0,
  started REAL NOT NULL,
  finished REAL,
  before_state TEXT,
  outcome TEXT,
  reported INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS turns_by_scope ON turns(scope, started);
CREATE INDEX IF NOT EXISTS turns_active ON turns(scope) WHERE status IN ('starting','running');
CREATE TABLE IF NOT EXISTS turn_events (
  turn_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at REAL NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (turn_id, seq)
);
"""

ACTIVE = ("starting", "running")
KEEP = 20   # finished turns kept per API scope (the newest); older reported ones are pruned
VACUUM_AFTER = 1000   # pruning more turns than this at once also gives the space back
FINISHED = ("done", "recovered", "failed")


@dataclass
class TurnRecord:
    id: str
    scope: str
    session_id: str | None
    task_id: str | None
    message: str
    lang: str
    status: str
    pid: int | None
    sent: bool
    started: float
    finished: float | None
    before_state: dict | None
    outcome: Outcome | None
    reported: bool
    pid_start: int | None = None     # the worker's start time: a pid reused later is not our worker
    delivered: bool = False
    watch_until: float | None = None
    later_seen: int = 0

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def elapsed(self, now: float | None = None) -> float:
        return ((self.finished or now or time.time()) - self.started)


def _record(row) -> TurnRecord:
    return TurnRecord(
        id=row["id"], scope=row["scope"], session_id=row["session_id"], task_id=row["task_id"],
        message=row["message"], lang=row["lang"], status=row["status"], pid=row["pid"],
        sent=bool(row["sent"]), started=row["started"], finished=row["finished"],
        before_state=json.loads(row["before_state"]) if row["before_state"] else None,
        outcome=Outcome.from_json(json.loads(row["outcome"])) if row["outcome"] else None,
        reported=bool(row["reported"]), pid_start=row["pid_start"], delivered=bool(row["delivered"]),
        watch_until=row["watch_until"], later_seen=row["later_seen"])


class TurnBook:
    def __init__(self, store: Store):
        self.store = store
        store.ensure_schema(DDL)
        # Stores made before these existed:
        store.ensure_column("turns", "pid_start", "INTEGER")
        store.ensure_column("turns", "delivered", "INTEGER NOT NULL DEFAULT 0")
        store.ensure_column("turns", "watch_until", "REAL")
        store.ensure_column("turns", "later_seen", "INTEGER NOT NULL DEFAULT 0")

    # -- lifecycle ------------------------------------------------------------------
    def begin(self, scope: str, message: str, lang: str, timings: Timings,
              on_dead: Callable[[TurnRecord], None] | None = None) -> str:
        """Create a turn unless one is still active for `scope` (then TurnBusy).

        Checked and inserted in one write transaction: two `chat` commands at
        once cannot both start a turn.
        """
        import uuid   # here: `status` never makes a turn id

        turn_id = uuid.uuid4().hex
        with self.store.transaction() as c:
            for rec in self.active(scope):
                if is_alive(rec, timings):
                    raise errors.TurnBusy(elapsed=format_elapsed(rec.elapsed()))
                if rec.sent:
                    # Its worker died after sending: someone must recover it first.
                    if on_dead:
                        on_dead(rec)
                    raise errors.TurnBusy(elapsed=format_elapsed(rec.elapsed()))
                self._finish_unsent(rec)
            c.execute("INSERT INTO turns(id, scope, message, lang, status, started) VALUES (?,?,?,?,?,?)",
                      (turn_id, scope, message, lang, "starting", time.time()))
            pruned = self._prune(c, scope)
        if pruned > VACUUM_AFTER:
            # A store from before pruning (or after a long pause) shrinks once: not a cost per turn.
            with self.store.transaction_lock():
                self.store.conn.execute("VACUUM")
        return turn_id

    def _finish_unsent(self, rec: TurnRecord) -> None:
        """Its worker died before sending: nothing reached the backend, the user may send it again."""
        exc = errors.NotSent()
        exc.retry = True           # nothing reached the service: sending it now is safe
        self.finish(rec.id, "failed", turn_outcome("failed", rec.lang, error=ErrorInfo.from_error(exc, rec.lang)))

    def claim(self, turn_id: str, pid: int) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE turns SET pid = ?, pid_start = ?, status = 'running' "
                      "WHERE id = ? AND status IN ('starting','running')",
                      (pid, procs.start_time(pid), turn_id))

    def set_pid(self, turn_id: str, pid: int) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE turns SET pid = COALESCE(pid, ?), pid_start = COALESCE(pid_start, ?) WHERE id = ?",
                      (pid, procs.start_time(pid), turn_id))

    def set_sent(self, turn_id: str, sent: bool) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE turns SET sent = ? WHERE id = ?", (1 if sent else 0, turn_id))

    def set_delivered(self, turn_id: str) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE turns SET delivered = 1 WHERE id = ?", (turn_id,))

    def delivered(self, turn_id: str) -> bool:
        rows = self.store.query("SELECT delivered FROM turns WHERE id = ?", (turn_id,))
        return bool(rows and rows[0]["delivered"])

    def set_session(self, turn_id: str, session_id: str, task_id: str) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE turns SET session_id = ?, task_id = ? WHERE id = ?", (session_id, task_id, turn_id))

    def set_before(self, turn_id: str, state: dict) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE turns SET before_state = ? WHERE id = ?", (json.dumps(state), turn_id))

    def finish(self, turn_id: str, status: str, outcome: Outcome, watch_until: float | None = None) -> None:
        # The project state from before the turn served the diff; the outcome now holds it.
        with self.store.transaction() as c:
            c.execute("UPDATE turns SET status = ?, outcome = ?, finished = ?, before_state = NULL, "
                      "watch_until = ? WHERE id = ?",
                      (status, json.dumps(outcome.to_json(), ensure_ascii=False), time.time(), watch_until,
                       turn_id))

    # -- after the turn: late changes -------------------------------------------------
    def end_watch(self, turn_id: str) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE turns SET watch_until = NULL WHERE id = ?", (turn_id,))

    def newer_turn(self, rec: TurnRecord) -> bool:
        rows = self.store.query("SELECT 1 FROM turns WHERE scope = ? AND started > ? LIMIT 1",
                                (rec.scope, rec.started))
        return bool(rows)

    def take_later(self, turn_id: str) -> list[dict]:
        """Late changes recorded after the turn finished and not yet reported; marks them reported
        (in one transaction: two commands at once do not both report them)."""
        with self.store.transaction() as c:
            row = c.execute("SELECT later_seen FROM turns WHERE id = ?", (turn_id,)).fetchone()
            if row is None:
                return []
            rows = c.execute("SELECT seq, payload FROM turn_events WHERE turn_id = ? AND kind = 'later' "
                             "AND seq > ? ORDER BY seq", (turn_id, row[0])).fetchall()
            if rows:
                c.execute("UPDATE turns SET later_seen = ? WHERE id = ?", (rows[-1][0], turn_id))
        return [json.loads(r[1]) for r in rows]

    @staticmethod
    def _prune(c, scope: str) -> int:
        """Keep the store bounded: finished, reported turns beyond the newest KEEP go, with their
        events. What `status`, recovery and "retry" need is the last turns, never old ones."""
        old = ("SELECT id FROM turns WHERE scope = ? AND reported = 1 AND status IN ('done','recovered','failed') "
               "AND id NOT IN (SELECT id FROM turns WHERE scope = ? ORDER BY started DESC LIMIT ?)")
        c.execute(f"DELETE FROM turn_events WHERE turn_id IN ({old})", (scope, scope, KEEP))
        return c.execute(f"DELETE FROM turns WHERE id IN ({old})", (scope, scope, KEEP)).rowcount

    def mark_reported(self, turn_id: str) -> bool:
        """True the first time only: an outcome is reported as fresh once."""
        with self.store.transaction() as c:
            cur = c.execute("UPDATE turns SET reported = 1 WHERE id = ? AND reported = 0", (turn_id,))
            return cur.rowcount == 1

    # -- progress -------------------------------------------------------------------
    def add_event(self, turn_id: str, kind: str, payload: dict) -> int:
        return self.add_events(turn_id, [(kind, payload)])

    def add_events(self, turn_id: str, events: list[tuple[str, dict]]) -> int:
        """Append events in order, in one transaction; returns the last one's seq."""
        now = time.time()
        with self.store.transaction() as c:
            row = c.execute("SELECT COALESCE(MAX(seq), 0) FROM turn_events WHERE turn_id = ?",
                            (turn_id,)).fetchone()
            seq = int(row[0])
            c.executemany("INSERT INTO turn_events(turn_id, seq, at, kind, payload) VALUES (?,?,?,?,?)",
                          [(turn_id, seq + i, now, kind, json.dumps(payload, ensure_ascii=False))
                           for i, (kind, payload) in enumerate(events, 1)])
        return seq + len(events)

    def events_after(self, turn_id: str, seq: int) -> list[tuple[int, str, dict]]:
        rows = self.store.query("SELECT seq, kind, payload FROM turn_events WHERE turn_id = ? AND seq > ? "
                                "ORDER BY seq", (turn_id, seq))
        return [(r["seq"], r["kind"], json.loads(r["payload"])) for r in rows]

    # -- queries --------------------------------------------------------------------
    def get(self, turn_id: str) -> TurnRecord | None:
        rows = self.store.query("SELECT * FROM turns WHERE id = ?", (turn_id,))
        return _record(rows[0]) if rows else None

    def latest(self, scope: str) -> TurnRecord | None:
        rows = self.store.query("SELECT * FROM turns WHERE scope = ? ORDER BY started DESC LIMIT 1", (scope,))
        return _record(rows[0]) if rows else None

    def running(self, scope: str, timings: Timings) -> TurnRecord | None:
        """The turn still being worked on in `scope`, if any (its worker alive)."""
        return next((rec for rec in self.active(scope) if is_alive(rec, timings)), None)

    def active(self, scope: str) -> list[TurnRecord]:
        rows = self.store.query("SELECT * FROM turns WHERE scope = ? AND status IN ('starting','running')",
                                (scope,))
        return [_record(r) for r in rows]


# --------------------------------------------------------------------------- the worker process
def is_alive(rec: TurnRecord, timings: Timings) -> bool:
    if rec.status == "starting":
        # Not yet claimed by its worker (which may still be starting): give it time.
        return time.time() - rec.started < timings.start_grace
    if rec.pid_start is not None:
        return procs.same_process(rec.pid, rec.pid_start)
    return procs.pid_alive(rec.pid, cmdline_marker=b"skill.worker")   # a record from before pid_start


def spawn_worker(settings: Settings, turn_id: str, *, recover: bool = False) -> int:
    """Start the detached worker; it outlives this command (own session, no tty). Returns its pid.

    Forked from this process when it can be (one thread, POSIX): the worker then
    starts with everything already imported instead of a new interpreter's
    ~200 ms. Otherwise (threads, as in the MCP server; or VIDEO_SKILL_WORKER=exec)
    `python -m skill.worker`.
    """
    if _can_fork() and os.environ.get("VIDEO_SKILL_WORKER") != "exec":
        return _fork_worker(settings, turn_id, recover)
    return _exec_worker(settings, turn_id, recover)


def _can_fork() -> bool:
    threading = sys.modules.get("threading")
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def _fork_worker(settings: Settings, turn_id: str, recover: bool) -> int:
    """Double fork: the worker is re-parented at once, so no command is left with a zombie.

    No SQLite connection may be open across the fork: the stores are closed for it
    (Store.closed_for_fork) and the worker opens its own.
    """
    read_end, write_end = os.pipe()
    with Store.closed_for_fork():
        child = os.fork()
        if child == 0:
            _in_child(settings, turn_id, recover, read_end, write_end)   # never returns
    os.close(write_end)
    try:
        data = b""
        while chunk := os.read(read_end, 32):
            data += chunk
    finally:
        os.close(read_end)
        os.waitpid(child, 0)
    if not data:
        raise OSError("the worker did not start")
    return int(data)


def _in_child(settings: Settings, turn_id: str, recover: bool, read_end: int, write_end: int) -> None:
    code = 1
    try:
        os.close(read_end)
        os.setsid()                       # its own session: a killed command's group spares it
        worker = os.fork()
        if worker:
            os.write(write_end, str(worker).encode())
            code = 0
        else:
            os.close(write_end)
            _detach_stdio(settings)
            from skill.worker import run_turn

            code = run_turn(settings, turn_id, recover=recover)
    except BaseException:   # the child must never return into the command's own code
        import traceback

        traceback.print_exc()  # to worker.log once detached
        code = 1
    finally:
        os._exit(code)


def _detach_stdio(settings: Settings) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    log = os.open(settings.config_dir / "worker.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.dup2(log, 2)
    os.close(null)
    os.close(log)
    os.chdir(settings.config_dir)


def _exec_worker(settings: Settings, turn_id: str, recover: bool) -> int:
    import subprocess

    import skill

    env = dict(os.environ)
    env["NEMO_CONFIG_DIR"] = str(settings.config_dir)
    env["NEMO_API_URL"] = settings.api_url
    if settings.local_url:
        env[config.LOCAL_URL_ENV] = settings.local_url
    package_root = str(Path(skill.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    argv = [sys.executable, "-m", "skill.worker", turn_id] + (["--recover"] if recover else [])
    log_path = settings.config_dir / "worker.log"
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=fd,
                                env=env, cwd=str(settings.config_dir), start_new_session=True,
                                close_fds=True)
    finally:
        os.close(fd)
    return proc.pid


# --------------------------------------------------------------------------- following
@dataclass
class FollowResult:
    record: TurnRecord | None   # finished turn, or None when we stopped waiting
    printed_seq: int


def follow(book: TurnBook, settings: Settings, turn_id: str, timings: Timings, wait: float,
           on_event: Callable[[str, dict], None], *, after_seq: int = 0,
           sleep: Callable[[float], None] = time.sleep,
           stop: Callable[[], bool] = lambda: False) -> FollowResult:
    """Pass progress to `on_event` as it is recorded until the turn ends or `wait` passes.

    Says "still working" every `still_working_every` without news. A worker
    found dead is replaced once by a recovery worker (state polling).
    """
    start = last_news = time.monotonic()
    seq = after_seq
    respawned = False
    while True:
        for seq, kind, payload in book.events_after(turn_id, seq):
            on_event(kind, payload)
            last_news = time.monotonic()
        rec = book.get(turn_id)
        if rec is None or rec.status in FINISHED:
            # Events written just before finishing: pass them on too.
            for seq, kind, payload in book.events_after(turn_id, seq):
                on_event(kind, payload)
            return FollowResult(rec, seq)
        if not is_alive(rec, timings) and not respawned:
            respawned = True
            recover_dead_turn(book, settings, rec)
            last_news = time.monotonic()
            continue
        now = time.monotonic()
        if now - start >= wait or stop():   # stop: the caller went away (the turn goes on)
            return FollowResult(None, seq)
        if now - last_news >= timings.still_working_every:
            on_event("still_working", {"elapsed": round(rec.elapsed(), 1)})
            last_news = now
        # Look again soon after news (the end of a turn often follows its last text closely),
        # then less often: store reads are cheap, the reply's latency is what a user waits for.
        pause = min(timings.follow_every, 0.005 * 2 ** min(8, int((now - last_news) / 0.05)))
        sleep(min(pause, max(0.0, wait - (now - start))))


def recover_dead_turn(book: TurnBook, settings: Settings, rec: TurnRecord) -> None:
    """A turn whose worker vanished: fail it if nothing was sent, else poll state in a new worker.

    Taken in a write transaction: a worker that finished just before it exited (its
    record read as running, its pid then gone) is left alone, and of two commands that
    both saw it dead only one starts the recovery.
    """
    with book.store.transaction() as c:
        now = book.get(rec.id)
        if now is None or not now.active or now.pid != rec.pid:
            return
        if not now.sent:
            book._finish_unsent(now)
            return
        c.execute("UPDATE turns SET pid = 0, pid_start = NULL WHERE id = ?", (rec.id,))
    book.add_event(rec.id, "notice", {"key": "worker_lost",
                                      "text": errors.render_message("worker_lost", rec.lang)})
    try:
        pid = spawn_worker(settings, rec.id, recover=True)
    except OSError:
        book._finish_unsent(rec)   # nobody can settle it now; the project shows what happened
        raise
    with book.store.transaction() as c:
        c.execute("UPDATE turns SET pid = ?, pid_start = ? WHERE id = ? AND pid = 0",
                  (pid, procs.start_time(pid), rec.id))


# --------------------------------------------------------------------------- outcome
def format_elapsed(seconds: float) -> str:
    seconds = int(max(0, seconds))
    if seconds < 60:
        return f"{seconds}s"
    return f"{seconds // 60}m {seconds % 60:02d}s"


def turn_outcome(status: str, lang: str, *, pieces: list[str] | None = None, actions: list[str] | None = None,
                 changes: list[str] | None = None, timeline: str | None = None, link: str | None = None,
                 notices: list[str] | None = None, error: ErrorInfo | None = None) -> Outcome:
    """The one record of how a turn ended, as the worker stores it and commands read it.

    `status` is the turn's: done | recovered | failed.
    """
    pieces = list(pieces or [])
    return Outcome(command="chat", status="failed" if status == "failed" else "done", lang=lang,
                   text="\n\n".join(pieces), changes=list(changes or []), timeline=timeline,
                   links={"project": link} if link else {}, notices=list(notices or []), error=error,
                   data={"turn_status": status, "pieces": pieces, "actions": list(actions or [])})


def exit_code(rec: TurnRecord) -> int:
    if rec.status != "failed":
        return 0
    error = rec.outcome.error if rec.outcome is not None else None
    return error.code if error is not None else errors.TurnFailed.exit_code

"""A chat turn as a record: created by `chat`, run by the detached worker, read by anyone.

Hosts kill commands after ~120 s while generation takes 100-300 s, so the
stream lives in a detached worker (skill/turns/worker.py, started by
skill/turns/spawn.py, followed by skill/turns/follow.py). This module is the
shared ground: the store tables, the record, whether its worker lives, and the
outcome it ends with.

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
import time
from dataclasses import dataclass
from typing import Callable

from skill.core import errors, procs
from skill.core.events import ErrorInfo, Outcome
from skill.core.store import Store
from skill.core.timing import Timings

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
            self.store.vacuum()
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

    def changed_later(self, turn_id: str) -> bool:
        """Did changes land after the turn finished (its `later` events, reported or not)?"""
        return bool(self.store.query("SELECT 1 FROM turn_events WHERE turn_id = ? AND kind = 'later' LIMIT 1",
                                     (turn_id,)))

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
    return procs.pid_alive(rec.pid, cmdline_marker=b"skill.turns.worker")   # a record from before pid_start


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

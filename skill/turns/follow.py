"""Follow a turn from another process: its progress as it is recorded, and a dead
worker replaced once by a recovery worker (state polling, never a re-send)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from skill.core import catalogue, procs
from skill.core.config import Settings
from skill.core.timing import Timings
from skill.turns.book import FINISHED, TurnBook, TurnRecord, is_alive


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
                                      "text": catalogue.message("worker_lost", rec.lang)})
    from skill.turns.spawn import spawn_worker   # here: following alone never pays for the worker's imports

    try:
        pid = spawn_worker(settings, rec.id, recover=True)
    except OSError:
        book._finish_unsent(rec)   # nobody can settle it now; the project shows what happened
        raise
    with book.store.transaction() as c:
        c.execute("UPDATE turns SET pid = ?, pid_start = ? WHERE id = ? AND pid = 0",
                  (pid, procs.start_time(pid), rec.id))


"""What every handler shares: settings, the database, the fault queue, the
per-session turn locks (and what each running turn
does, for the project page) and the background tasks (kept referenced so the event
loop does not garbage-collect a running turn)."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from skill.backend.db import DB
from skill.backend.faults import FaultQueue
from skill.backend.options import Options


@dataclass
class Backend:
    opts: Options
    db: DB
    faults: FaultQueue = field(default_factory=FaultQueue)
    turn_locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    turn_kind: dict[str, str] = field(default_factory=dict)   # session -> what its running turn does
    tasks: set = field(default_factory=set)
    last_request: float = field(default_factory=time.monotonic)
    open_streams: int = 0
    stream_closed_at: dict = field(default_factory=dict)   # session id -> wall time its last stream ended

    def lock_for(self, session_id: str) -> asyncio.Lock:
        return self.turn_locks.setdefault(session_id, asyncio.Lock())

    def spawn(self, coro) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    @property
    def busy(self) -> bool:
        return bool(self.tasks) or self.open_streams > 0

"""Every wait of the client and the chat turn, in one place.

Defaults come from PROTOCOL.md. Tests (and impatient demos) shorten time only
through env VIDEO_SKILL_TIME_SCALE, a float multiplier applied to every field:
the logic is the same, only the clock is faster.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

SCALE_ENV = "VIDEO_SKILL_TIME_SCALE"

# What the hosts allow a command or a tool call (../shared/HOSTS.md): their clocks, never scaled.
HOST_COMMAND_LIMIT = 120.0   # hosts stop a command after about this long (OpenClaw before 2026.9, Claude Code)
SAY_WAIT = 100.0             # `say`/`chat` follow a turn this long, then hand over to `status`
STATUS_WAIT = 90.0           # `status --wait`: what an agent runs to follow a running request
# MCP clients give a tool call 60 s and extend it for no progress notification (OpenClaw 2026.9.6's
# agent runtime, the MCP Inspector CLI 2.12): a tool answers well before, running work or not.
MCP_CLIENT_LIMIT = 60.0      # what those clients allow one tool call
MCP_TOOL_WAIT = 45.0         # a tool follows running work this long by default (env VIDEO_SKILL_MCP_WAIT)
MCP_ANSWER_MARGIN = 5.0      # ...and answers within the wait plus this, whatever it was waiting on
MCP_PROGRESS_EVERY = 4.0     # while a tool works, a progress notification at least this often
MCP_WAIT_ENV = "VIDEO_SKILL_MCP_WAIT"
# A skill folder's first run builds the launcher's environment (bin/setup.py): about a minute, more on
# a cold pip cache. OpenClaw connects to an MCP server within 5 s by default (connectionTimeoutMs):
# the entry `install openclaw --mcp` writes allows this instead.
LAUNCHER_FIRST_RUN = 180.0


def mcp_tool_wait(env: dict[str, str] | None = None) -> float:
    """How long an MCP tool follows running work: env VIDEO_SKILL_MCP_WAIT (seconds, for a client
    given a longer limit, e.g. `openclaw mcp add ... --timeout 120`), else MCP_TOOL_WAIT."""
    env = os.environ if env is None else env
    try:
        value = float((env.get(MCP_WAIT_ENV) or "").strip())
    except ValueError:
        return MCP_TOOL_WAIT
    return value if value >= 0 and value != float("inf") else MCP_TOOL_WAIT


@dataclass(frozen=True)
class Timings:
    # The turn (seconds).
    still_working_every: float = 120.0   # show "⏳ Still working..." this often while waiting
    idle_timeout: float = 600.0          # only keep-alives for this long: give up on the stream
    turn_limit: float = 900.0            # hard limit of one turn, stream included
    chat_wait: float = SAY_WAIT           # `chat` follows a turn this long (hosts kill at ~120 s)
    # Recovery by state polling after a dropped / timed-out stream.
    recovery_first_wait: float = 10.0
    recovery_poll_every: float = 30.0
    recovery_max: float = 300.0
    # After a finished run: how long the project is still watched for late changes
    # (generation's second stage), never holding the reply or the next message.
    settle_watch: float = 20.0
    settle_poll_every: float = 2.0
    # HTTP.
    rate_limit_wait: float = 30.0        # HTTP 429: wait this long, retry once
    connect_retry_wait: float = 1.0      # connect refused before sending: wait, retry once
    connect_timeout: float = 10.0
    read_timeout: float = 60.0           # ordinary JSON requests
    stage_check_every: float = 2.0       # a tool result reads the project state at most this often
    event_flush_every: float = 0.05      # the worker writes text to the store in batches this often
    # Export.
    render_poll_every: float = 10.0
    render_max: float = 300.0
    # Local bookkeeping.
    follow_poll: float = 0.05            # how often `chat` looks at the store for progress
    worker_start_grace: float = 30.0     # a turn with no worker pid after this is dead

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Timings":
        env = os.environ if env is None else env
        raw = (env.get(SCALE_ENV) or "").strip()
        if not raw:
            return cls()
        try:
            scale = float(raw)
        except ValueError:
            return cls()
        if not scale > 0:
            return cls()
        return cls().scaled(scale)

    def scaled(self, factor: float) -> "Timings":
        return replace(self, **{f.name: getattr(self, f.name) * factor for f in fields(self)})

    # HTTP timeouts get floors: a tiny time scale must not make loopback requests fail.
    @property
    def http_connect(self) -> float:
        return max(self.connect_timeout, 2.0)

    @property
    def http_read(self) -> float:
        return max(self.read_timeout, 5.0)

    @property
    def stream_read(self) -> float:
        """No byte at all for this long: the stream is dead (keep-alives count as bytes)."""
        return max(self.idle_timeout, 5.0)

    @property
    def start_grace(self) -> float:
        """A new worker gets this long to claim its turn (process start is not protocol time)."""
        return max(self.worker_start_grace, 10.0)

    @property
    def render_limit(self) -> float:
        """How long an export polls its render at most: a render is real work, not protocol time."""
        return max(self.render_max, 120.0)

    @property
    def follow_every(self) -> float:
        return min(max(self.follow_poll, 0.02), 0.25)


# The store's lock: real seconds, never scaled (another process's hold is not protocol time).
STORE_BUSY_WAIT = 5.0        # a command waits this long for a store another process holds, then says so
WORKER_STORE_WAIT = 30.0     # the detached worker waits longer: nobody is waiting on it, and a lost write loses a turn

"""The local NemoVideo-compatible backend (`video-skill serve`).

The real backend cannot be reached from our machines, so the skill is built and
tested against this one. It speaks ../../shared/PROTOCOL.md faithfully, quirks
and failures included, plus test knobs (ARCHITECTURE.md, "test knobs").

Modules, one job each:
  options   server settings (flags) shared by every module
  context   what handlers share: options, db, fault queue, turn locks, tasks
  envelope  JSON envelopes and the HTTP status of each error code
  db        SQLite persistence (tokens hashed, users/credits, sessions, renders)
  auth      anonymous tokens and bearer checks
  faults    fault specs, the queued-fault list, counters for /_local/stats
  agent     the deterministic agent: message + draft -> plan (pure logic)
  runner    executes a plan with time-scaled delays, mutating state, emitting events
  events    encodes agent events as ADK or "simple" SSE payloads
  stream    the SSE response: keep-alives and stream-level faults
  media     ffmpeg: probe files, render MP4s
  renders   render jobs (background tasks)
  uploads   streamed multipart / URL uploads
  app       the Starlette app (routes, envelopes)
  serve     `video-skill serve` / `python -m skill.backend`
  launcher  start the server as a subprocess; NEMO_API_URL=local support

Flags, prices, phrases and fault behaviours: README.md in this folder.
"""

# What the `backend` extra installs (pyproject.toml): checked before starting,
# so a plain install gets a one-line answer instead of an ImportError.
EXTRA_MODULES = ("starlette", "uvicorn", "multipart", "imageio_ffmpeg")


def require_extras() -> None:
    from importlib.util import find_spec

    missing = [m for m in EXTRA_MODULES if find_spec(m) is None]
    if missing:
        from skill.core.errors import BackendNotInstalled

        raise BackendNotInstalled(missing=", ".join(missing))

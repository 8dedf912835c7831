"""The application layer: every operation a user can ask for, returning data.

    outcome = app.say(settings, "add lo-fi music at 35%", emit=face.emit)

Each operation validates its input, reports what happens through `emit`
(skill.events: progress, text, changes, notice, pending, file, link, error)
and returns one `Outcome`. Nothing here prints or knows about argparse; the
faces (skill.faces: terminal, JSON lines, MCP) present the same events.
Failures come back as an Outcome with `error` set, never as an exception.

`settings.api_url == "local"` needs `settings.local_url` set by the caller
(skill.faces.local): this layer never starts servers.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

from skill import errors
from skill.app.context import Context
from skill.config import Settings
from skill.events import Event, Outcome

Emit = Callable[[Event], None]


def _ignore(_event: Event) -> None:
    pass


def language(lang: str | None = None, text: str | None = None) -> str:
    """The reply language: asked for, else the message's, else the environment's."""
    if lang in ("en", "zh"):
        return lang
    if text:
        from skill.lang import detect

        return detect(text)
    env_lang = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "zh" if env_lang.lower().startswith("zh") else "en"


def _wait(wait: float | None, default: float) -> float:
    if wait is None:
        return default
    if not wait >= 0:      # also refuses NaN
        raise errors.BadInput(key="bad_wait")
    return float(wait)


def _run(command: str, settings: Settings, lang: str, emit: Emit, wait: float | None, default_wait,
         body: Callable[[Context], Outcome], cancelled=None) -> Outcome:
    """Build the context, run `body`, turn any SkillError into a failed Outcome, close up.

    `cancelled`: a threading.Event the caller sets when it stops listening (MCP
    cancellation): waiting ends early; the work in the background goes on.
    """
    ctx = Context(settings, lang=lang, emit=emit, cancelled=cancelled)
    try:
        ctx.wait = _wait(wait, default_wait(ctx) if callable(default_wait) else default_wait)
        return body(ctx)
    except errors.SkillError as exc:
        return ctx.failed(command, exc)
    finally:
        ctx.close()


def _chat_wait(ctx: Context) -> float:
    return ctx.timings.chat_wait


def _plan_outcome(ctx: Context, command: str, plan: Sequence[str], **run_args) -> Outcome:
    from skill.app.plan import PlanRun

    result = PlanRun(ctx, **run_args).run(plan)
    return result.merge_into(ctx, command, {})


# --------------------------------------------------------------------------- operations
def say(settings: Settings, message: str, *, attachments: Sequence[str] = (), output: Path | None = None,
        wait: float | None = None, lang: str | None = None, emit: Emit = _ignore, cancelled=None) -> Outcome:
    """Route one user message and run its plan (the main entry)."""
    text = (message or "").strip()
    lang = language(lang, text)

    def body(ctx: Context) -> Outcome:
        from skill import typed_paths
        from skill.app import retry
        from skill.app.plan import PlanRun, settle_previous
        from skill.router import route

        errors.require_text(text)
        for name in attachments:
            errors.require_text(name, "attachment name")
        if not text and not attachments:
            raise errors.BadInput(key="say_empty")
        typed = typed_paths.find(text)          # "upload ~/clip.mp4 and trim it": as if attached
        files = (*attachments, *typed.found)
        missing = typed.missing + [a for a in attachments if not Path(a).expanduser().is_file()]
        if missing:  # before anything runs: never half a plan
            raise errors.BadInput(key="attachment_missing", name=missing[0])
        earlier = settle_previous(ctx)
        if earlier is not None and earlier.status != "done":
            return earlier.merge_into(ctx, "say", {"sent": False})
        if not files and retry.is_retry(text):
            def resend(message: str, data: dict) -> Outcome:
                return PlanRun(ctx, chat_text=message).run(["chat"]).merge_into(ctx, "say", data)

            return retry.run(ctx, resend)
        r = route(typed.text, list(files))
        run = PlanRun(ctx, output=output, attachments=files, urls=tuple(r.urls),
                      chat_text=r.chat_text or typed.text, asks_progress=r.asks_progress)
        return run.run(r.plan).merge_into(ctx, "say", {})

    return _run("say", settings, lang, emit, wait, _chat_wait, body, cancelled)


def chat(settings: Settings, message: str, *, wait: float | None = None, lang: str | None = None,
         emit: Emit = _ignore, cancelled=None) -> Outcome:
    """One message straight to the backend agent (no routing)."""
    text = (message or "").strip()
    lang = language(lang, text)

    def body(ctx: Context) -> Outcome:
        from skill.app.conversation import chat as run_chat

        errors.require_text(text)
        if not text:
            raise errors.BadInput(key="say_empty")
        return run_chat(ctx, text)

    return _run("chat", settings, lang, emit, wait, _chat_wait, body, cancelled)


def status(settings: Settings, *, wait: float | None = 0.0, lang: str | None = None,
           emit: Emit = _ignore, cancelled=None) -> Outcome:
    """The outcome of the last request, or how long a running one has been going."""
    def body(ctx: Context) -> Outcome:
        from skill.app.conversation import status as run_status

        return run_status(ctx, ctx.wait)

    return _run("status", settings, language(lang), emit, wait, 0.0, body, cancelled)


def export(settings: Settings, *, output: Path | None = None, wait: float | None = None,
           lang: str | None = None, emit: Emit = _ignore, cancelled=None) -> Outcome:
    """Render the project and download the MP4 (resumable; never a second render)."""
    return _run("export", settings, language(lang), emit, wait, float("inf"),
                lambda ctx: _plan_outcome(ctx, "export", ["export"], output=output), cancelled)


def credits(settings: Settings, *, lang: str | None = None, emit: Emit = _ignore) -> Outcome:
    return _run("credits", settings, language(lang), emit, None, float("inf"),
                lambda ctx: _plan_outcome(ctx, "credits", ["credits"]))


def state(settings: Settings, *, lang: str | None = None, emit: Emit = _ignore) -> Outcome:
    return _run("state", settings, language(lang), emit, None, float("inf"),
                lambda ctx: _plan_outcome(ctx, "state", ["state"]))


def upload(settings: Settings, items: Sequence[str], *, lang: str | None = None,
           emit: Emit = _ignore) -> Outcome:
    def body(ctx: Context) -> Outcome:
        for item in items:
            errors.require_text(item, "attachment name")
        urls = tuple(i for i in items if i.lower().startswith(("http://", "https://")))
        files = tuple(i for i in items if i not in urls)
        return _plan_outcome(ctx, "upload", ["upload"], attachments=files, urls=urls)

    return _run("upload", settings, language(lang), emit, None, float("inf"), body)

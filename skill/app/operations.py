"""Every operation a user can ask for: its function and its declaration, side by side.

    outcome = operations.say(settings, "add lo-fi music at 35%", emit=face.emit)

Each operation validates its input, reports what happens through `emit`
(skill.core.events) and returns one `Outcome`; nothing here prints. Failures
come back as an Outcome with `error` set, never as an exception.

`@operation(...)` declares it once: its name, help, typed arguments, whether it
only reads, whether repeating it is harmless, whether it may outlive the call
(`--wait`), its exit codes. The CLI commands (skill.cli), the MCP tools
(skill.faces.mcp), the `--json` command list (docs/json.schema.json, checked
by a test) and SKILL.md's command table (skill.faces.skillmd) are made from
`OPERATIONS`. Adding an operation: one decorated function here (most run a
step of skill.app.steps), the client method it needs, its replies.

Kept light to import (namedtuples, lazy imports): the CLI builds its parser
from this table on every command.
"""
from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False      # not `from typing`: every command reads this table, --help without typing
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Callable, Sequence

    from skill.app.context import Context
    from skill.core.config import Settings
    from skill.core.events import Event, Outcome

# kind: "words" (positional words joined with spaces), "items" (positional, one or more),
#       "files" (a repeatable option), "seconds" (a float option), "path" (an option naming a file or folder)
Arg = namedtuple("Arg", "name kind help flags metavar", defaults=((), None))
Operation = namedtuple("Operation", "name function help args read_only idempotent long exit_codes reply mcp about",
                       defaults=((), False, False, False, (), "", True, ""))

OPERATIONS: dict[str, Operation] = {}

# Exit codes any operation that talks to the service may end with (README, "Exit codes");
# 16: the skill's store is held by another process (or was found damaged mid-command).
SERVICE_CODES = (0, 1, 2, 3, 4, 5, 10, 14, 16)


def operation(name: str, help: str, *, args: tuple = (), read_only: bool = False, idempotent: bool = False,
              long: bool = False, exit_codes: tuple = SERVICE_CODES, reply: str = "", mcp: bool = True,
              about: str = "") -> Callable:
    """Declare the decorated function as operation `name` (see the module's docstring).
    `mcp`: also an MCP tool (chat is not: agents pass every message to `say`); `about`: what an
    agent needs to know beyond `help` (the tool's description)."""
    def declare(fn: Callable) -> Callable:
        if name in OPERATIONS:
            raise ValueError(f"operation {name!r} is declared twice")
        OPERATIONS[name] = Operation(name, fn, help, args, read_only, idempotent, long,
                                     tuple(sorted(set(exit_codes))), reply, mcp, about)
        return fn
    return declare


def _ignore(_event: "Event") -> None:
    pass


def language(lang: str | None = None, text: str | None = None) -> str:
    """The reply language: asked for, else the message's, else the environment's."""
    if lang in ("en", "zh"):
        return lang
    if text:
        from skill.core.lang import detect

        return detect(text)
    from skill.core.lang import from_env

    return from_env()


def _wait(wait: float | None, default: float) -> float:
    from skill.core import errors

    if wait is None:
        return default
    if not wait >= 0:      # also refuses NaN
        raise errors.BadInput(key="bad_wait")
    return float(wait)


def _run(command: str, settings: "Settings", lang: str, emit, wait: float | None, default_wait,
         body: Callable[["Context"], "Outcome"], cancelled=None) -> "Outcome":
    """Build the context, run `body`, turn any SkillError into a failed Outcome, close up.

    `cancelled`: a threading.Event the caller sets when it stops listening (MCP
    cancellation): waiting ends early; the work in the background goes on.
    """
    from skill.app.context import Context
    from skill.core import errors

    ctx = Context(settings, lang=lang, emit=emit, cancelled=cancelled)
    try:
        ctx.wait = _wait(wait, default_wait(ctx) if callable(default_wait) else default_wait)
        return body(ctx)
    except errors.SkillError as exc:
        return ctx.failed(command, exc)
    finally:
        ctx.close()


def _chat_wait(ctx: "Context") -> float:
    return ctx.timings.chat_wait


def _steps(ctx: "Context", command: str, plan: Sequence[str], **run_args) -> "Outcome":
    from skill.app.plan import PlanRun

    return PlanRun(ctx, **run_args).run(plan).merge_into(ctx, command, {})


# Steps that only answer (nothing is made or sent): their answer comes before older news.
_READ_ONLY_STEPS = {"credits", "state", "link"}


# --------------------------------------------------------------------------- arguments
MESSAGE = Arg("message", "words", "the user's message, verbatim")
WAIT = Arg("wait", "seconds", "wait at most this long, in seconds; running work goes on", ("--wait",), "SECONDS")
OUTPUT = Arg("output", "path", "file or folder for an exported MP4 (default: $VIDEO_SKILL_EXPORT_DIR or here)",
             ("--output", "-o"), "PATH")


# --------------------------------------------------------------------------- operations
@operation("say", "route a message and run its plan (the main entry)", long=True,
           args=(MESSAGE, Arg("attachments", "files", "a file sent with the message (repeatable)", ("--attach",),
                              "FILE"), WAIT, OUTPUT),
           exit_codes=range(17), reply="the reply to relay; data.plan, the steps' data",
           about="Send every message of the user's about their video here (generate, edit, add music or titles, "
                 "trim, export, credits, timeline): pass it verbatim; attach local files by path.")
def say(settings: "Settings", message: str, *, attachments: Sequence[str] = (), output: "Path | None" = None,
        wait: float | None = None, lang: str | None = None, emit=_ignore, cancelled=None) -> "Outcome":
    """Route one user message and run its plan."""
    text = (message or "").strip()
    lang = language(lang, text)

    def body(ctx: "Context") -> "Outcome":
        import os
        from pathlib import Path

        from skill.app import retry
        from skill.app.conversation import Conversation
        from skill.app.plan import PlanResult, PlanRun, settle_previous
        from skill.core.attachments import check as attachments_check
        from skill.app.steps import check_router
        from skill.turns.book import TurnRecord
        from skill.core import errors
        from skill.text import conditions
        from skill.text.router import route

        errors.require_text(text)
        for name in attachments:
            errors.require_text(name, "attachment name")
        if not text and not attachments:
            raise errors.BadInput(key="say_empty")
        from skill.app.reading import in_the_shape_asked, not_uploaded, read_message

        typed, r, destination = read_message(text, attachments, output)
        files = (*attachments, *typed.found)
        missing = not_uploaded(ctx, typed.missing) + [a for a in attachments if not os.path.lexists(Path(a).expanduser())]
        if missing:  # before anything runs: never half a plan
            raise errors.BadInput(key="attachment_missing", name=missing[0])
        for name in files:   # a folder, a pipe, a device: said as such, before anything runs
            attachments_check(Path(name).expanduser())
        if r is not None and "upload" in r.plan and not files and not r.urls:
            from skill.text import typed_paths

            for name in typed_paths.other_files(text):   # "upload ~/notes.txt": its type, not "nothing to upload"
                attachments_check(Path(name))
        # "export it to ~/Videos": as if --output
        to = Path(destination).expanduser() if r is not None and destination is not None else output
        answer_first = r is not None and set(r.plan) <= _READ_ONLY_STEPS
        earlier = settle_previous(ctx, answer_first=answer_first, exports=r is not None and "export" in r.plan)
        if isinstance(earlier, PlanResult) and earlier.status != "done":
            return earlier.merge_into(ctx, "say", {"sent": False})
        if r is None:
            def resend(message: str, data: dict) -> "Outcome":
                return PlanRun(ctx, chat_text=message).run(["chat"]).merge_into(ctx, "say", data)

            return retry.run(ctx, resend)
        check_router()
        run = PlanRun(ctx, output=to, attachments=files, urls=tuple(r.urls),
                      chat_text=r.chat_text or typed.text, asks=r.asks, about=r.about, act=r.act,
                      condition=conditions.of_route(typed.text, r, route))
        exports = "export" in r.plan or run.condition is not None and "export" in run.condition.then
        plan = in_the_shape_asked(run, r.plan, typed.text) if exports else r.plan
        result = run.run(plan)
        if isinstance(earlier, TurnRecord):
            # the answer came first; what finished meanwhile, in brief (asked whether it is done: the agent's
            # answer to a question, if that is what finished)
            Conversation(ctx).answer_of(earlier) if r.asks_progress else Conversation(ctx).brief(earlier)
        return result.merge_into(ctx, "say", {})

    return _run("say", settings, lang, emit, wait, _chat_wait, body, cancelled)


@operation("chat", "send a message straight to the backend agent (no routing)", long=True,
           args=(MESSAGE, WAIT), exit_codes=(*SERVICE_CODES, 6, 11, 12, 13), reply="the agent's reply; data.turn",
           mcp=False)
def chat(settings: "Settings", message: str, *, wait: float | None = None, lang: str | None = None,
         emit=_ignore, cancelled=None) -> "Outcome":
    text = (message or "").strip()
    lang = language(lang, text)

    def body(ctx: "Context") -> "Outcome":
        from skill.app.conversation import chat as run_chat
        from skill.core import errors

        errors.require_text(text)
        if not text:
            raise errors.BadInput(key="say_empty")
        return run_chat(ctx, text)

    return _run("chat", settings, lang, emit, wait, _chat_wait, body, cancelled)


@operation("status", "the outcome of the last request, or its progress while it runs", long=True,
           read_only=True, idempotent=True, args=(Arg("wait", "seconds", "follow a running request this long "
                                                     "(default: don't wait)", ("--wait",), "SECONDS"),),
           exit_codes=range(17), reply="the last request's outcome, once as new; data.turn")
def status(settings: "Settings", *, wait: float | None = 0.0, lang: str | None = None,
           emit=_ignore, cancelled=None) -> "Outcome":
    def body(ctx: "Context") -> "Outcome":
        from skill.app.last_turn import status as run_status

        return run_status(ctx, ctx.wait)

    return _run("status", settings, language(lang), emit, wait, 0.0, body, cancelled)


@operation("export", "render the project to MP4 and download it (resumes a running render)", long=True,
           idempotent=True, args=(OUTPUT, WAIT), exit_codes=(*SERVICE_CODES, 9, 11, 15),
           reply="files: the MP4 and its poster; data.render_id")
def export(settings: "Settings", *, output: "Path | None" = None, wait: float | None = None,
           lang: str | None = None, emit=_ignore, cancelled=None) -> "Outcome":
    def body(ctx: "Context") -> "Outcome":
        if lang not in ("en", "zh"):      # no message to read it from: the conversation's, as `status` does
            from skill.app.conversation import Conversation

            last = Conversation(ctx).latest()
            ctx.lang = last.lang if last is not None and last.lang in ("en", "zh") else ctx.lang
        return _steps(ctx, "export", ["export"], output=output)

    return _run("export", settings, language(lang), emit, wait, float("inf"), body, cancelled)


@operation("credits", "show the credit balance", read_only=True, idempotent=True,
           reply="data.credits: available, frozen, total")
def credits(settings: "Settings", *, lang: str | None = None, emit=_ignore) -> "Outcome":
    return _run("credits", settings, language(lang), emit, None, float("inf"),
                lambda ctx: _steps(ctx, "credits", ["credits"]))


@operation("state", "show the project's timeline", read_only=True, idempotent=True,
           reply="the timeline; data.ready (can it be exported)")
def state(settings: "Settings", *, lang: str | None = None, emit=_ignore) -> "Outcome":
    return _run("state", settings, language(lang), emit, None, float("inf"),
                lambda ctx: _steps(ctx, "state", ["state"]))


@operation("upload", "upload files or media URLs to the project",
           args=(Arg("items", "items", "file paths or http(s) media URLs", (), "FILE_OR_URL"),),
           exit_codes=(*SERVICE_CODES, 7, 8), reply="data.uploads: what the service stored")
def upload(settings: "Settings", items: Sequence[str], *, lang: str | None = None, emit=_ignore) -> "Outcome":
    def body(ctx: "Context") -> "Outcome":
        from skill.core import errors

        for item in items:
            errors.require_text(item, "attachment name")
        urls = tuple(i for i in items if i.lower().startswith(("http://", "https://")))
        files = tuple(i for i in items if i not in urls)
        return _steps(ctx, "upload", ["upload"], attachments=files, urls=urls)

    return _run("upload", settings, language(lang), emit, None, float("inf"), body)


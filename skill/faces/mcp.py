"""The MCP face: `video-skill mcp`, a stdio server on the official `mcp` SDK.

Its tools are made from the operations' declarations (skill.app.operations:
name, description, typed arguments, annotations); each calls the same
operation as the command. A tool's result is the reply as text plus the
`--json` result (docs/json.md) as `structuredContent`; a `next` step also
carries the tool call to make (`tool`, `arguments`), in both.

Clients give a call about 60 s and many ignore progress (skill.core.timing):
a tool follows running work for `mcp_tool_wait()` (45 s) and answers within
that plus MCP_ANSWER_MARGIN whatever it waits on; work that goes on (a
generation, a render) comes back as `status: running` with `next`. While it
works it sends a progress notification at least every MCP_PROGRESS_EVERY:
the events as they happen, and between them what is going on (the running
request's stage and time, a render's percent). A cancelled call stops
waiting; the turn goes on in its worker, recorded, and is never sent again.
"""
# No `from __future__ import annotations`: the SDK reads the tools' annotations at run time.
import inspect
import threading
import time
from pathlib import Path
from typing import Annotated, Any, Callable

from mcp.server.mcpserver import Context as ToolContext, MCPServer   # the SDK's per-call context
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from skill.app.operations import OPERATIONS
from skill.core import config, manifest, timing
from skill.faces.local import with_local_backend

INSTRUCTIONS = (
    "Make and edit short videos by chatting. Pass every user message about their video to `say`, "
    "verbatim. Relay the result's text. If the result's status is `running`, wait `next.after_s` seconds, "
    "then call the tool `next.tool` with `next.arguments` exactly as given (usually `status`), and repeat "
    "while `next` is set; never send the same message again to retry a running request (that charges "
    "twice). Files delivered are in `files` (the MP4 and a poster PNG).")


def build_server(settings_factory: Callable[[], Any] | None = None, *, log_level: str = "WARNING"):
    """The MCPServer with its tools; `settings_factory` gives the edge-resolved Settings.
    `log_level`: what the server logs on stderr (WARNING: no line per backend request)."""
    m = manifest.current()
    server = MCPServer(m.name, version=m.version, instructions=INSTRUCTIONS, log_level=log_level)
    tool_wait = timing.mcp_tool_wait()
    cached: dict[str, Any] = {}

    def settings():
        if "settings" not in cached:   # found (or started) once: the local backend at the edge
            cached["settings"] = with_local_backend((settings_factory or config.from_env)())
        return cached["settings"]

    async def call(op, ctx: ToolContext, *args, lang: str, **kwargs) -> CallToolResult:
        import anyio
        import anyio.from_thread
        import anyio.to_thread

        cancelled = threading.Event()
        notes = _Notes(ctx, op.long, lang)
        box: dict[str, Any] = {}

        def emit(event) -> None:
            if not cancelled.is_set() and event.type in _NOTED:
                try:
                    anyio.from_thread.run(notes.event, event)
                except Exception:  # the request is gone (cancelled, disconnected): keep working quietly
                    cancelled.set()

        started = time.monotonic()

        def run():
            try:
                resolved = settings()
            except Exception as exc:  # the local backend did not start: a failed result, not a crash
                from skill.app.context import Context as AppContext
                from skill.core import errors

                if not isinstance(exc, errors.SkillError):
                    raise
                return AppContext(config.from_env(), lang=lang, emit=emit).failed(op.name, exc)
            box["settings"] = resolved
            if op.long:
                kwargs["cancelled"] = cancelled
                # The wait counts from the call, not from when a local backend had started.
                kwargs["wait"] = max(0.0, kwargs["wait"] - (time.monotonic() - started))
            return op.function(resolved, *args, lang=lang, emit=emit, **kwargs)

        outcome = None
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(notes.beat, lambda: box.get("settings"))
                with anyio.move_on_after(tool_wait + timing.MCP_ANSWER_MARGIN):
                    outcome = await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
                tg.cancel_scope.cancel()
        except BaseException:
            cancelled.set()   # the call was cancelled: the thread stops waiting; the work goes on
            raise
        if outcome is None:   # blocked past the answer limit (a request that hangs): answer all the same
            cancelled.set()
            outcome = _too_slow(op, notes.lang)
        return _result(outcome, tool_wait)

    for op in OPERATIONS.values():
        if op.mcp:
            server.add_tool(_tool(op, call, tool_wait), name=op.name, description=_description(op, tool_wait),
                            annotations=annotations(op), structured_output=False)
    return server


def annotations(op) -> ToolAnnotations:
    """The MCP spec's hints, from the declaration: read-only, idempotent; never destructive (nothing
    is deleted); open-world (it talks to the video service)."""
    return ToolAnnotations(title=op.help[0].upper() + op.help[1:], read_only_hint=op.read_only,
                           destructive_hint=False, idempotent_hint=op.idempotent, open_world_hint=True)


# The events that become progress notifications as they happen.
_NOTED = ("progress", "text", "changes", "notice", "pending")


class _Notes:
    """The progress notifications of one tool call (runs on the server's event loop).

    Values rise strictly, as the spec requires: a render's percent (of 100), else the seconds the
    running request has been going (or this call, when none runs); equal ones are nudged up.
    """

    def __init__(self, ctx: ToolContext, long: bool, lang: str):
        self.ctx = ctx
        self.long = long
        self.lang = lang
        self.started = time.monotonic()
        self.last_sent = self.started
        self.value = -1.0
        self.render: tuple[int, str] | None = None   # the last render percent and its text
        self.offset = 0.0          # how much longer than this call the running request has been going

    async def send(self, value: float, total: float | None, message: str) -> None:
        value = max(float(value), self.value + 0.01)
        self.value = value
        self.last_sent = time.monotonic()
        await self.ctx.report_progress(round(value, 2), total, message)

    async def event(self, event) -> None:
        """An operation's event, at once."""
        percent = getattr(event, "percent", None)
        message = getattr(event, "text", None) or "\n".join(getattr(event, "lines", []) or [])
        if percent is not None:
            self.render = (int(percent), message)
            await self.send(float(percent), 100.0, message)
        else:
            await self.send(self._elapsed(), None, message)

    def _elapsed(self) -> float:
        """Seconds the running request has been going (once a note said), else this call."""
        return time.monotonic() - self.started + self.offset

    async def beat(self, settings: Callable[[], Any]) -> None:
        """Between events: what is going on, at least every MCP_PROGRESS_EVERY, until cancelled."""
        import anyio

        every = timing.MCP_PROGRESS_EVERY
        while True:
            await anyio.sleep(max(0.05, min(1.0, self.last_sent + every - time.monotonic())))
            if time.monotonic() - self.last_sent < every - 0.5:
                continue
            note = None
            resolved = settings()
            if self.long and resolved is not None:
                try:
                    note = await anyio.to_thread.run_sync(_progress_note, resolved, self.lang)
                except Exception:   # a busy or unreadable store: a plainer note this time
                    note = None
            if note is not None:
                self.offset = note[0] - (time.monotonic() - self.started)
                await self.send(note[0], None, note[1])
            elif self.render is not None:
                await self.send(float(self.render[0]), 100.0, self.render[1])
            else:
                from skill.core.catalogue import message
                from skill.turns.book import format_elapsed

                elapsed = time.monotonic() - self.started
                await self.send(elapsed, None, message("note_busy", self.lang, elapsed=format_elapsed(elapsed)))


def _progress_note(settings, lang: str):
    from skill.app.conversation import progress_note

    return progress_note(settings, lang)


def _too_slow(op, lang: str):
    """The answer when the operation is still blocked at the answer limit: it may go on; say what
    to call to see how it ended (never `say` again: that could send the message twice)."""
    from skill.core.catalogue import message, what_to_do
    from skill.core.events import ErrorInfo, NextStep, Outcome

    again = op.name if op.idempotent else ("status" if op.long else None)
    error = ErrorInfo(code=12, key="mcp_too_slow", message=message("mcp_too_slow", lang),
                      what_to_do=what_to_do("mcp_too_slow", lang), retry=False)
    return Outcome(command=op.name, status="failed", lang=lang, error=error,
                   next=NextStep(again, 30.0) if again else None)


# How an argument kind reaches a tool: its type, its default (missing: required).
_TYPES = {"words": (str, inspect.Parameter.empty), "items": (list[str], inspect.Parameter.empty),
          "files": (list[str], []), "seconds": (float | None, None), "path": (str | None, None)}


def _description(op, tool_wait: float) -> str:
    text = op.help[0].upper() + op.help[1:] + "." + (" " + op.about if op.about else "")
    if op.long:
        text += (f" Waits at most {int(tool_wait)} s, sending progress; work that goes on comes back as "
                 "`running` with `next`: the tool call to make after `next.after_s` seconds.")
    return text


def _tool(op, call, tool_wait: float):
    """An async tool function whose signature the SDK turns into the input schema."""
    params = []
    for arg in op.args:
        kind, default = _TYPES[arg.kind]
        about = arg.help + (f" (at most {int(tool_wait)})" if arg.kind == "seconds" else "")
        params.append(inspect.Parameter(arg.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=Annotated[kind, Field(description=about)]))
    params.append(inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=ToolContext))

    async def tool(ctx: ToolContext, **values) -> CallToolResult:
        positional, keywords = [], {}
        for arg in op.args:
            value = values.get(arg.name)
            if arg.kind in ("words", "items"):
                positional.append(value if arg.kind == "words" else tuple(value))
            elif arg.kind == "files":
                keywords[arg.name] = tuple(value or ())
            elif arg.kind == "path":
                keywords[arg.name] = Path(value) if value else None
            elif arg.kind == "seconds":
                keywords[arg.name] = tool_wait if value is None else max(0.0, min(float(value), tool_wait))
        if op.long and "wait" not in keywords:
            keywords["wait"] = tool_wait
        from skill.app.operations import language

        words = next((p for p in positional if isinstance(p, str)), None)
        return await call(op, ctx, *positional, lang=language(None, words), **keywords)

    tool.__name__ = op.name
    tool.__signature__ = inspect.Signature(params, return_annotation=CallToolResult)
    tool.__annotations__ = {p.name: p.annotation for p in params} | {"return": CallToolResult}
    return tool


def tool_call(step, tool_wait: float) -> dict | None:
    """A `next` step (the CLI's command and arguments) as the MCP tool call that does the same:
    `{"tool": name, "arguments": {...}}`, from the operation's declaration. The CLI's own options
    (--local, --json) are left out: the server's settings decide them. None: no such tool."""
    op = OPERATIONS.get(step.command)
    if op is None or not op.mcp:
        return None
    by_flag = {flag: arg for arg in op.args for flag in arg.flags}
    arguments: dict[str, Any] = {}
    tokens = iter(step.args)
    for token in tokens:
        arg = by_flag.get(token)
        if arg is None:
            continue
        value = next(tokens, None)
        if value is None:
            break
        if arg.kind == "seconds":
            arguments[arg.name] = _seconds(min(float(value), tool_wait))
        elif arg.kind == "files":
            arguments.setdefault(arg.name, []).append(value)
        else:
            arguments[arg.name] = value
    if op.long:
        arguments.setdefault("wait", _seconds(tool_wait))
    return {"tool": op.name, "arguments": arguments}


def _seconds(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _result(outcome, tool_wait: float) -> CallToolResult:
    """Text for the model (the reply, then the error and what to do; the next tool call), the JSON
    result as structure, its `next` with the tool call too."""
    import json

    from skill.core.catalogue import message

    parts = [outcome.text]
    if outcome.error is not None:
        parts += [outcome.error.message, outcome.error.what_to_do]
    content = [TextContent(type="text", text="\n".join(p for p in parts if p) or outcome.status)]
    structured = outcome.to_json()
    call = tool_call(outcome.next, tool_wait) if outcome.next is not None else None
    if call is not None:
        structured["next"].update(call)
        content.append(TextContent(type="text", text=message(
            "mcp_next", outcome.lang, tool=call["tool"], after=int(outcome.next.after_s),
            arguments=json.dumps(call["arguments"], ensure_ascii=False))))
    return CallToolResult(content=content, structured_content=structured, is_error=outcome.status == "failed")


def serve(log_level: str = "WARNING") -> int:
    build_server(log_level=log_level).run("stdio")
    return 0

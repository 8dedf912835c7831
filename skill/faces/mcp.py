"""The MCP face: `video-skill mcp`, a stdio server on the official `mcp` SDK.

Its tools are made from the operations' declarations (skill.app.operations:
name, description, typed arguments, annotations); each calls the same
operation as the command. A tool's result is the reply as text plus the
`--json` result (docs/json.md) as `structuredContent`. Progress events become
MCP progress notifications. No tool blocks past TOOL_WAIT: work that goes on
(a generation, a render) comes back as `status: running` with the next step.
A cancelled call stops waiting; the turn goes on in its worker, recorded, and
is never sent again.
"""
# No `from __future__ import annotations`: the SDK reads the tools' annotations at run time.
import inspect
import threading
from pathlib import Path
from typing import Annotated, Any, Callable

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from skill.app.operations import OPERATIONS
from skill.core import config
from skill.core.timing import MCP_TOOL_WAIT as TOOL_WAIT
from skill.faces.local import with_local_backend

SERVER_NAME = "video-generator-free-models"

INSTRUCTIONS = (
    "Make and edit short videos by chatting. Pass every user message about their video to `say`, "
    "verbatim. Relay the result's text. If the result's status is `running`, call the tool named in "
    "`next` (usually `status` with wait) after `after_s` seconds; never send the same message again "
    "to retry a running request (that charges twice). Files delivered are in `files` (the MP4 and a "
    "poster PNG).")


def build_server(settings_factory: Callable[[], Any] | None = None):
    """The MCPServer with its tools; `settings_factory` gives the edge-resolved Settings."""
    server = MCPServer(SERVER_NAME, instructions=INSTRUCTIONS)
    cached: dict[str, Any] = {}

    def settings():
        if "settings" not in cached:   # found (or started) once: the local backend at the edge
            cached["settings"] = with_local_backend((settings_factory or config.from_env)())
        return cached["settings"]

    async def call(operation, ctx: Context, *args, long: bool = False, **kwargs) -> CallToolResult:
        import anyio
        import anyio.from_thread
        import anyio.to_thread

        cancelled = threading.Event()
        counter = {"n": 0}

        def emit(event) -> None:
            if cancelled.is_set() or event.type not in ("progress", "text", "changes", "notice", "pending"):
                return
            counter["n"] += 1
            percent = getattr(event, "percent", None)
            message = getattr(event, "text", None) or "\n".join(getattr(event, "lines", []) or [])
            try:
                if percent is not None:
                    anyio.from_thread.run(ctx.report_progress, float(percent), 100.0, message)
                else:
                    anyio.from_thread.run(ctx.report_progress, float(counter["n"]), None, message)
            except Exception:  # the request is gone (cancelled, disconnected): keep working quietly
                cancelled.set()

        def run():
            try:
                resolved = settings()
            except Exception as exc:  # the local backend did not start: a failed result, not a crash
                from skill.core import errors
                from skill.app.context import Context as AppContext

                if not isinstance(exc, errors.SkillError):
                    raise
                return AppContext(config.from_env(), emit=emit).failed(operation.__name__, exc)
            if long:
                kwargs["cancelled"] = cancelled
            return operation(resolved, *args, emit=emit, **kwargs)

        try:
            outcome = await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
        except BaseException:
            cancelled.set()   # the call was cancelled: the thread stops waiting; the work goes on
            raise
        return _result(outcome)

    for op in OPERATIONS.values():
        if op.mcp:
            server.add_tool(_tool(op, call), name=op.name, description=_description(op),
                            annotations=ToolAnnotations(read_only_hint=op.read_only, destructive_hint=False,
                                                        idempotent_hint=op.idempotent, open_world_hint=True),
                            structured_output=False)
    return server


# How an argument kind reaches a tool: its type, its default (missing: required).
_TYPES = {"words": (str, inspect.Parameter.empty), "items": (list[str], inspect.Parameter.empty),
          "files": (list[str], []), "seconds": (float | None, None), "path": (str | None, None)}


def _description(op) -> str:
    text = op.help[0].upper() + op.help[1:] + "." + (" " + op.about if op.about else "")
    if op.long:
        text += f" Waits at most {int(TOOL_WAIT)} s; work that goes on comes back as `running` with `next`."
    return text


def _tool(op, call):
    """An async tool function whose signature the SDK turns into the input schema."""
    params = []
    for arg in op.args:
        kind, default = _TYPES[arg.kind]
        params.append(inspect.Parameter(arg.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=Annotated[kind, Field(description=arg.help)]))
    params.append(inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context))

    async def tool(ctx: Context, **values) -> CallToolResult:
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
                keywords[arg.name] = TOOL_WAIT if value is None else max(0.0, min(float(value), TOOL_WAIT))
        if op.long and "wait" not in keywords:
            keywords["wait"] = TOOL_WAIT
        return await call(op.function, ctx, *positional, long=op.long, **keywords)

    tool.__name__ = op.name
    tool.__signature__ = inspect.Signature(params, return_annotation=CallToolResult)
    tool.__annotations__ = {p.name: p.annotation for p in params} | {"return": CallToolResult}
    return tool


def _result(outcome) -> CallToolResult:
    """Text for the model (the reply, then the error and what to do), the JSON result as structure."""
    parts = [outcome.text]
    if outcome.error is not None:
        parts += [outcome.error.message, outcome.error.what_to_do]
    text = "\n".join(p for p in parts if p) or outcome.status
    return CallToolResult(content=[TextContent(type="text", text=text)],
                          structured_content=outcome.to_json(), is_error=outcome.status == "failed")


def serve() -> int:
    build_server().run("stdio")
    return 0

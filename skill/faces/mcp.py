"""The MCP face: `video-skill mcp`, a stdio server on the official `mcp` SDK.

Tools say, status, upload, export, credits, state call the same operations
as the commands (skill.app). A tool's result is the reply as text plus the
`--json` result (docs/json.md) as `structuredContent`. Progress events become
MCP progress notifications. No tool blocks past TOOL_WAIT: work that goes on
(a generation, a render) comes back as `status: running` with the next step.
A cancelled call stops waiting; the turn goes on in its worker, recorded, and
is never sent again.
"""
# No `from __future__ import annotations`: the SDK reads the tools' annotations at run time.
import threading
from pathlib import Path
from typing import Annotated, Any, Callable

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import CallToolResult, TextContent
from pydantic import Field

from skill import app, config
from skill.faces.local import with_local_backend

TOOL_WAIT = 90.0          # under the ~100-120 s that hosts give a tool call
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
                from skill import errors
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

    def wait_of(wait: float | None) -> float:
        return TOOL_WAIT if wait is None else max(0.0, min(float(wait), TOOL_WAIT))

    @server.tool(description="Send the user's message about their video (generate, edit, add music or "
                             "titles, trim, export, credits, timeline). Pass it verbatim; attach local files "
                             "by path.", structured_output=False)
    async def say(message: Annotated[str, Field(description="the user's message, verbatim")],
                  ctx: Context,
                  attachments: Annotated[list[str], Field(description="paths of files the user sent")] = [],  # noqa: B006
                  output: Annotated[str | None, Field(description="file or folder for an exported MP4")] = None,
                  wait: Annotated[float | None, Field(description="seconds to wait at most (≤ 90)")] = None,
                  ) -> CallToolResult:
        return await call(app.say, ctx, message, attachments=tuple(attachments),
                          output=Path(output) if output else None, wait=wait_of(wait), long=True)

    @server.tool(description="The outcome of the last request, or its progress while it runs. Use `wait` "
                             "to follow a running request for up to 90 s.", structured_output=False)
    async def status(ctx: Context,
                     wait: Annotated[float, Field(description="seconds to follow a running request (≤ 90)")] = 0,
                     ) -> CallToolResult:
        return await call(app.status, ctx, wait=wait_of(wait), long=True)

    @server.tool(description="Upload local files or media URLs (video, image, audio) to the project.",
                 structured_output=False)
    async def upload(items: Annotated[list[str], Field(description="file paths or http(s) media URLs")],
                     ctx: Context) -> CallToolResult:
        return await call(app.upload, ctx, tuple(items))

    @server.tool(description="Render the project to an MP4 and download it (resumable: call again to pick "
                             "up a running render; never starts a second one).", structured_output=False)
    async def export(ctx: Context,
                     output: Annotated[str | None, Field(description="file or folder for the MP4")] = None,
                     wait: Annotated[float | None, Field(description="seconds to wait at most (≤ 90)")] = None,
                     ) -> CallToolResult:
        return await call(app.export, ctx, output=Path(output) if output else None, wait=wait_of(wait),
                          long=True)

    @server.tool(description="The credit balance.", structured_output=False)
    async def credits(ctx: Context) -> CallToolResult:
        return await call(app.credits, ctx)

    @server.tool(description="The project's timeline (tracks, clips, music, titles).", structured_output=False)
    async def state(ctx: Context) -> CallToolResult:
        return await call(app.state, ctx)

    return server


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

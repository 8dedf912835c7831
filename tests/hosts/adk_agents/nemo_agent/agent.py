"""`nemo_agent`: a scripted ADK agent with no LLM, served by Google's real ADK API server.

It emits what an LlmAgent streaming a Gemini answer would (PROTOCOL.md, "The SSE stream"):
for "make a sunset video" a few partial text chunks, one non-partial event holding
[text, functionCall generate_video] (ADK's streaming aggregator never splits them), the
tool's functionResponse, then the final answer as partial chunks and one non-partial
final-response event. The tool puts a draft with only a video track (no music, no
title) into the ADK session state through the functionResponse event's state_delta,
which is where the peer's GET /api/state/.../latest reads it.

A message with "raise an error" makes the agent raise after one partial chunk (ADK then
streams its own error event). Anything else gets a short text answer. Pacing: PACE seconds between events
(env ADK_PEER_PACE, default 0.3).
"""
from __future__ import annotations

import asyncio
import os
import re
import uuid
from typing import AsyncGenerator

from google.adk.agents import BaseAgent
from google.adk.agents.invocation_context import InvocationContext
from google.adk.events import Event, EventActions
from google.genai import types

APP = "nemo_agent"
TOOL = "generate_video"
PACE = float(os.environ.get("ADK_PEER_PACE", "0.3"))
GENERATE = re.compile(r"\bmake (?:an? |me an? )?(.+?) video\b", re.I)


def sunset_draft(subject: str) -> dict:
    """A raw clip only: one video track, no music (tt 1), no title (tt 7)."""
    return {"d": 10000, "t": [{"tt": 0, "id": "trk_v1",
                               "sg": [{"id": "seg_1", "s": 0, "d": 10000, "m": {"title": subject}}]}]}


def generate_video(prompt: str, subject: str) -> tuple[dict, dict]:
    """The tool: (its response, the state delta it makes)."""
    draft = sunset_draft(subject)
    media = {"type": "video", "prompt": prompt, "duration": 10, "url": f"https://cdn.invalid/{subject}.mp4"}
    return ({"status": "success", "duration_ms": 10000, "track": "trk_v1"},
            {"draft": draft, "generated_media": [media]})


def _text(s: str) -> types.Part:
    return types.Part(text=s)


class ScriptedNemoAgent(BaseAgent):
    """Yields ADK Events the way an LlmAgent in SSE streaming mode does, without a model."""

    async def _run_async_impl(self, ctx: InvocationContext) -> AsyncGenerator[Event, None]:
        message = " ".join(p.text or "" for p in (ctx.user_content.parts or [])) if ctx.user_content else ""
        match = GENERATE.search(message)
        if "raise an error" in message.lower():   # ADK's own in-stream error report, for the record
            yield self._event(ctx, [_text("Let me try... ")], partial=True)
            await asyncio.sleep(PACE)
            raise RuntimeError("scripted failure")
        if not match:
            async for event in self._say(ctx, ["I can make short ", "videos: tell me what to film."]):
                yield event
            return
        subject = match.group(1).strip()
        intro = [f"I'll make a {subject} ", "video for you."]
        for chunk in intro:
            await asyncio.sleep(PACE)
            yield self._event(ctx, [_text(chunk)], partial=True)
        call = types.FunctionCall(id=f"adk-{uuid.uuid4()}", name=TOOL,
                                  args={"prompt": f"a {subject} video", "duration": 10})
        await asyncio.sleep(PACE)
        # One model response with text and a tool call: one non-partial event, [text, functionCall].
        yield self._event(ctx, [_text("".join(intro)), types.Part(function_call=call)])
        await asyncio.sleep(PACE * 2)          # the tool runs
        response, delta = generate_video(call.args["prompt"], subject)
        yield Event(invocation_id=ctx.invocation_id, author=self.name, branch=ctx.branch,
                    content=types.Content(role="user", parts=[types.Part(function_response=types.FunctionResponse(
                        id=call.id, name=TOOL, response=response))]),
                    actions=EventActions(state_delta=delta))
        async for event in self._say(ctx, [f"Your {subject} video ", "is ready."]):
            yield event

    async def _say(self, ctx: InvocationContext, chunks: list[str]) -> AsyncGenerator[Event, None]:
        for chunk in chunks:
            await asyncio.sleep(PACE)
            yield self._event(ctx, [_text(chunk)], partial=True)
        await asyncio.sleep(PACE)
        yield self._event(ctx, [_text("".join(chunks))])   # the final response: whole text, not partial

    def _event(self, ctx: InvocationContext, parts: list[types.Part], partial: bool | None = None) -> Event:
        return Event(invocation_id=ctx.invocation_id, author=self.name, branch=ctx.branch, partial=partial,
                     content=types.Content(role="model", parts=parts))


root_agent = ScriptedNemoAgent(name=APP, description="Scripted NemoVideo agent (no LLM) for host tests.")

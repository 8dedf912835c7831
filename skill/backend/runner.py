"""Runs one chat turn: the plan of `agent`, with the real one's timings
(scaled), changing the session's state as each stage happens and putting
dialect-free events on a queue for the SSE response.

Generation is two-stage like the real backend: the raw clip lands in the
draft first (another client polling state sees it), then edit_multitrack adds
BGM + title. Credits are frozen while a stage works, then settled.
"""
from __future__ import annotations

import asyncio
import logging
import re
import uuid

from skill.backend import agent
from skill.backend.runtime import Backend

log = logging.getLogger("skill.backend")


def _cid() -> str:
    return "adk-" + uuid.uuid4().hex[:12]


async def run_turn(bk: Backend, session_id: str, user_id: str, message: str,
                   queue: asyncio.Queue, base_url: str) -> None:
    try:
        async with bk.lock_for(session_id):
            state = bk.db.load_state(session_id)
            plan = agent.plan(message, state)   # re-planned on the latest state
            bk.turn_kind[session_id] = plan.kind
            try:
                if plan.kind == "generate":
                    await _generate(bk, session_id, user_id, plan, queue, base_url, message)
                elif plan.kind == "edit":
                    await _edit(bk, session_id, user_id, plan, queue)
                else:
                    await asyncio.sleep(bk.opts.delay(5))
                    await queue.put(("text", plan.reply, False))
            finally:
                bk.turn_kind.pop(session_id, None)
    except Exception:  # a broken turn reports in-stream, like ADK
        log.exception("turn failed")
        await queue.put(("error", "INTERNAL", "The agent failed to process the request."))
    finally:
        await queue.put(None)


_MUSIC = re.compile(r"music|bgm|soundtrack|\bsong\b|音乐|配乐|背景乐")


def _music_asked(message: str, plan: agent.Plan) -> str | None:
    """The music style when the prompt asks for music: the clip gets a music bed then."""
    if not _MUSIC.search((message or "").lower()):
        return None
    return next((o["style"] for o in plan.ops if o["op"] == "set_bgm"), agent.DEFAULT_BGM)


async def _no_credits(queue: asyncio.Queue) -> None:
    await queue.put(("error", "INSUFFICIENT_CREDITS",
                     "code 2001: not enough credits to finish this request"))


async def _generate(bk: Backend, sid: str, uid: str, plan: agent.Plan, queue: asyncio.Queue,
                    base_url: str, message: str = "") -> None:
    db, opts = bk.db, bk.opts
    await asyncio.sleep(opts.delay(3))
    await queue.put(("text", agent.thought_text(plan), True))
    await queue.put(("text", agent.generation_intro(plan), False))
    cost = plan.cost
    if not db.freeze(uid, cost):
        await _no_credits(queue)
        return
    call = _cid()
    w, h = agent.RATIOS[plan.ratio]
    await queue.put(("call", call, "generate_video_with_seedance",
                     {"prompt": plan.subject, "duration": plan.seconds, "aspect_ratio": plan.ratio,
                      "resolution": "1080p"}, True))
    try:
        await asyncio.sleep(opts.delay(agent.generation_delay(plan.seconds)))
    except BaseException:
        db.unfreeze(uid, cost)
        raise
    media_id = "gen_" + uuid.uuid4().hex[:12]
    name = media_id + ".mp4"
    db.add_media(name, opts.data_dir / "media" / name, "video/mp4",
                 spec={"seconds": plan.seconds, "ratio": plan.ratio, "title": "",
                       "prompt": plan.subject, "music": _music_asked(message, plan)})
    url = f"{base_url}/media/{name}"
    state = db.load_state(sid)
    state["draft"] = agent.generated_draft(plan, url)
    state["canvas_config"] = {"width": w, "height": h, "ratio": plan.ratio, "fps": 30}
    state["generated_media"].append({"id": media_id, "type": "video", "url": url,
                                     "prompt": plan.subject, "duration": plan.seconds,
                                     "width": w, "height": h, "tool": "generate_video_with_seedance"})
    state["video_infos"].append({"id": media_id, "url": url, "duration": plan.seconds, "width": w,
                                 "height": h, "fps": 30, "source": "generated", "title": plan.subject})
    db.save_state(sid, state)
    db.settle(uid, cost)
    await queue.put(("result", call, "generate_video_with_seedance",
                     {"status": "success", "video_id": media_id, "video_url": url,
                      "duration": plan.seconds}))
    await queue.put(("text", agent.generation_raw_ready(plan), False))
    # stage two: the backend's own BGM + title pass (included in the price)
    bk.turn_kind[sid] = "generate_post"
    call = _cid()
    await queue.put(("call", call, "edit_multitrack", {"operations": plan.ops}, False))
    await asyncio.sleep(opts.delay(agent.edit_delay(plan.ops)))
    state = db.load_state(sid)
    state["draft"], notes = agent.apply(state["draft"], plan.ops)
    db.save_state(sid, state)
    await queue.put(("result", call, "edit_multitrack", {"status": "success", "applied": notes}))
    await queue.put(("text", agent.generation_final(plan, notes), False))


async def _edit(bk: Backend, sid: str, uid: str, plan: agent.Plan, queue: asyncio.Queue) -> None:
    db, opts = bk.db, bk.opts
    cost = plan.cost
    if not db.freeze(uid, cost):
        await _no_credits(queue)
        return
    # about a third of edits answer with no text at all: every third in a session
    silent = db.bump_edit_count(sid) % 3 == 0
    call = _cid()
    await queue.put(("call", call, "edit_multitrack", {"operations": plan.ops}, False))
    try:
        await asyncio.sleep(opts.delay(agent.edit_delay(plan.ops)))
    except BaseException:
        db.unfreeze(uid, cost)
        raise
    state = db.load_state(sid)
    state["draft"], notes = agent.apply(state["draft"], plan.ops)
    db.save_state(sid, state)
    db.settle(uid, cost)
    await queue.put(("result", call, "edit_multitrack", {"status": "success", "applied": notes}))
    if not silent:
        await queue.put(("text", agent.edit_text(notes, plan.lang, plan.declined, plan.issues), False))

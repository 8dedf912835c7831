"""Finished or cut, decided the way ADK decides it (Event.is_final_response()),
against the running local backend over real HTTP, as a person sees the turn.

A generation's stream, ADK dialect (skill/backend/events.py):
  thought chunks (partial) · "hang tight" chunks (partial) ·
  [thought, text, call seedance] + longRunningToolIds · seedance response ·
  raw-ready chunks · [text, call edit_multitrack] · its response · final text chunks · final text
"""
from __future__ import annotations

import json

from skill.backend import agent
from skill.backend.events import chunks
from test_turn import assert_no_tool_traffic, received, run, user  # noqa: F401  (user is a fixture)

GEN5 = "generate a 5-second video of a lighthouse in a storm"
PLAN = agent.plan(GEN5, {})
THOUGHT_CHUNKS = len(chunks(agent.thought_text(PLAN)))
INTRO_CHUNKS = len(chunks(agent.generation_intro(PLAN)))
# The client's clock runs a little slower than the backend's (0.01): recovery polls for up
# to 6 s while the whole generation takes ~1.4 s, so a busy machine does not fail the test.
CLIENT_SCALE = "0.02"


def chat_json(capsys, message=GEN5):
    """(exit code, the result line, notice keys, what the agent said, all output)."""
    code, out, err = run(capsys, "chat", "--json", "--wait", "60", message)
    lines = [json.loads(l) for l in out.strip().splitlines()]
    reply = lines[-1]
    assert reply["type"] == "result", reply
    notices = [l.get("key") for l in lines if l["type"] == "notice"]
    said = "\n".join(l["text"] for l in lines if l["type"] == "text" and l.get("source") == "agent")
    return code, reply, notices, said, out + err


def status(reply):
    return reply["data"]["turn"]["status"]


def assert_generation_reported(reply, notices):
    assert "finishing_touches_added" in notices            # the second stage, found in the state
    assert any("Lighthouse" in c or "lighthouse" in c for c in reply["changes"]), reply["changes"]
    assert reply["timeline"] and "Upbeat" in reply["timeline"]


def test_cut_after_the_first_event_is_not_done_but_recovered(backend, user, capsys):
    user.use(backend, scale=CLIENT_SCALE)
    backend.fault("drop_after:1")                          # only the first thought chunk arrives
    code, reply, notices, said, text = chat_json(capsys)
    assert code == 0
    assert status(reply) == "recovered"                  # not "done, nothing changed"
    assert "stream_dropped" in notices
    assert_generation_reported(reply, notices)
    assert_no_tool_traffic(text)
    assert received(backend, user.session_id()) == 1       # never sent again


def events_through_hang_tight(backend) -> int:
    """How many events a generation sends up to its last one that says "hang tight" without
    the tool call (read from a probe run in another session, whatever the event layout)."""
    events = backend.chat(backend.new_session(), GEN5)
    first_call = next(i for i, e in enumerate(events) if "functionCall" in json.dumps(e))
    return 1 + max(i for i, e in enumerate(events[:first_call]) if "hang tight" in json.dumps(e))


def test_cut_right_after_hang_tight_is_not_done_but_recovered(backend, user, capsys):
    user.use(backend, scale=CLIENT_SCALE)
    n = events_through_hang_tight(backend)
    assert n == THOUGHT_CHUNKS + INTRO_CHUNKS             # ADK's layout: the text's chunks, then [text, call]
    backend.fault(f"drop_after:{n}")
    code, reply, notices, said, text = chat_json(capsys)
    assert code == 0
    assert status(reply) == "recovered"
    assert "stream_dropped" in notices
    assert said.count("hang tight") == 1          # what was said before the cut, once
    assert_generation_reported(reply, notices)
    assert_no_tool_traffic(text)
    assert received(backend, user.session_id()) == 1


def test_run_ending_on_the_long_running_call_is_complete_and_follows_the_state(backend, user, capsys):
    user.use(backend, scale=CLIENT_SCALE)
    backend.fault(f"drop_after:{THOUGHT_CHUNKS + INTRO_CHUNKS + 1}")   # ... and the [text, seedance call] event
    code, reply, notices, said, text = chat_json(capsys)
    assert code == 0
    assert status(reply) == "done"                       # a final response: the run is complete...
    assert "stream_dropped" not in notices
    assert_generation_reported(reply, notices)             # ...and its result is read from the state
    assert "raw_clip_ready" in notices or "finishing_touches_added" in notices
    assert received(backend, user.session_id()) == 1


def test_final_text_after_a_long_running_call_without_its_response_is_done(backend, user, capsys):
    user.use(backend, scale=CLIENT_SCALE)
    backend.fault("no_lr_response")                        # seedance's response never shows in the stream
    code, reply, notices, said, text = chat_json(capsys)
    assert code == 0
    assert status(reply) == "done"                       # not "dropped" because a call had no visible result
    assert "stream_dropped" not in notices
    assert "I added Upbeat background music" in said
    assert reply["changes"]
    assert received(backend, user.session_id()) == 1


def test_simple_dialect_full_turn_and_cut_turn(backend_factory, user, capsys):
    backend = backend_factory(dialect="simple")
    user.use(backend, scale=CLIENT_SCALE)
    code, reply, notices, said, text = chat_json(capsys)
    assert code == 0 and status(reply) == "done"
    assert said.count("hang tight") == 1 and "I added Upbeat background music" in said
    assert_no_tool_traffic(text)
    # cut after the tool call (text, tool_call): no text last, so not complete
    backend.fault("drop_after:2")
    code, reply, notices, said, text = chat_json(capsys, "generate a 5-second video of a lighthouse at dawn")
    assert code == 0 and status(reply) == "recovered"
    assert "stream_dropped" in notices
    assert any("lighthouse at dawn" in c.lower() for c in reply["changes"]), reply["changes"]   # the new clip, from the state
    assert received(backend, user.session_id()) == 2


def test_simple_dialect_close_after_text_is_done_and_the_second_stage_follows(backend_factory, user, capsys):
    """No final-response marker in the simple dialect: a close right after "now I'm adding music
    and a title" is a finished run (the state shows its clip); the music and title the backend
    adds afterwards are a follow-up that `status` reports, never a reason to hold the reply."""
    backend = backend_factory(dialect="simple")
    user.use(backend, scale=CLIENT_SCALE)
    backend.fault("drop_after:4")          # text, tool_call, tool_result, the raw-ready text
    code, reply, notices, said, text = chat_json(capsys)
    assert code == 0 and status(reply) == "done"
    assert "adding background music" in said
    assert any("Video added" in c for c in reply["changes"])
    code, out, _ = run(capsys, "status", "--json", "--wait", "10")
    lines = [json.loads(l) for l in out.strip().splitlines()]
    later = lines[-1]
    assert code == 0 and "later_changes" in [l.get("key") for l in lines if l["type"] == "notice"]
    assert any("BGM added" in c for c in later["changes"]) and any("Title added" in c for c in later["changes"])
    assert received(backend, user.session_id()) == 1

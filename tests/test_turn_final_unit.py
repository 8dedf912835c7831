"""How a turn ends when the stream closes cleanly, at the transport level
(httpx.MockTransport + a real store): ADK's final-response rule, and the state
confirming a close that only looks complete."""
from __future__ import annotations

import json

from test_turn_unit import TITLED, VIDEO, Api, ev, later, notices, text, turn  # noqa: F401  (turn is a fixture)

EMPTY = {"t": []}
SEEDANCE = {"functionCall": {"id": "c1", "name": "generate_video_with_seedance", "args": {}}}
INTRO = "I'll generate it, hang tight."


def test_run_ending_on_a_long_running_call_is_done_once_the_state_has_the_video(turn):
    stream = [text(INTRO, partial=True),
              ev({"content": {"role": "model", "parts": [{"text": INTRO}, SEEDANCE]}, "longRunningToolIds": ["c1"]})]
    api = Api(stream, [EMPTY, EMPTY, EMPTY, VIDEO, TITLED])
    rec, events = turn(api, message="generate a video of the sea")
    assert rec.status == "done" and api.run_sse == 1
    assert "stream_dropped" not in notices(events)
    assert notices(events).count("finishing_touches_added") == 1
    assert rec.outcome.data["pieces"] == [INTRO]
    assert "✅ Title added: 'Hi' (0-3s)" in rec.outcome.changes


def test_same_close_without_long_running_ids_is_a_cut(turn):
    stream = [text(INTRO, partial=True), ev({"content": {"role": "model", "parts": [{"text": INTRO}, SEEDANCE]}})]
    api = Api(stream, [EMPTY, EMPTY, VIDEO, TITLED])
    rec, events = turn(api, message="generate a video of the sea")
    assert rec.status == "recovered" and api.run_sse == 1
    assert "stream_dropped" in notices(events)


def test_simple_dialect_text_then_close_is_done_with_the_clip_and_the_rest_follows_up(turn):
    """A clip without music or title at the run's end is the run's result, not a half-built one
    to wait for: done at once; what a backend adds afterwards is recorded as it lands."""
    stream = ["data: " + json.dumps({"type": "text", "content": "Clip ready, adding music and a title."}) + "\n\n"]
    api = Api(stream, [EMPTY, VIDEO, VIDEO, TITLED])
    rec, events = turn(api, message="generate a video of the sea")
    assert rec.status == "done" and api.run_sse == 1
    assert rec.outcome.changes == ["🎬 Video added: sea (0-5s)"]
    assert "If the service adds music or a title afterwards" in " ".join(rec.outcome.notices)
    landed = later(events)
    assert len(landed) == 1 and "✅ Title added: 'Hi' (0-3s)" in landed[0]["lines"]
    assert rec.watch_until is None                                     # the watch has ended


def test_event_without_its_blank_line_at_the_end_is_not_shown(turn):
    stream = [text("Adding it."), 'data: {"content": {"role": "model", "parts": [{"text": "half an event"}]}}\n']
    api = Api(stream, [VIDEO, TITLED])
    rec, _ = turn(api)
    assert rec.outcome.data["pieces"] == ["Adding it."]

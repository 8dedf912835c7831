"""A finished run is done, whatever the project holds: against peers that are not our embedded
backend (tests/peers.py), over real HTTP, through the real CLI and its detached worker.

The reply comes within 2 s of the stream's end; generation's second stage (music and title
added after the raw clip) is a follow-up that never holds the reply or the next message.
"""
from __future__ import annotations

import json
import time

import pytest

from peers import (Script, ScriptedPeer, adk, adk_call, adk_response, adk_text, music_track, title_track,
                   video_track)
from test_turn import run, user  # noqa: F401  (user is a fixture)

# The client's clock at 0.1: the follow-up watch is 2 s, its polls 0.2 s apart.
SCALE = "0.1"
WATCH = 20 * float(SCALE)

UPLOADS_ONLY = {"t": [video_track(("beach.mp4", 0, 6), ("city.mov", 6, 4))]}
TRIMMED = {"t": [video_track(("beach.mp4", 0, 4), ("city.mov", 4, 4))]}
GENERATED = {"t": [video_track(("sunset over the sea", 0, 8))]}
FINISHED = {"t": GENERATED["t"] + [music_track("Calm piano", 8), title_track("Sunset")]}


def generation(during=GENERATED, later=()) -> Script:
    """ADK's layout: partial chunks, one [text, call] event, the response, the final text."""
    return Script(events=[adk_text("Making ", partial=True), adk_text("your sunset video.", partial=True), 0.05,
                          adk([{"text": "Making your sunset video."},
                               {"functionCall": {"id": "c1", "name": "generate_video", "args": {"prompt": "x"}}}]),
                          0.2, adk_response("generate_video"),
                          adk_text("Your sunset ", partial=True), adk_text("video is ready.", partial=True),
                          adk_text("Your sunset video is ready.")],
                  during=during, later=list(later))


def simple_generation(during=GENERATED, later=()) -> Script:
    return Script(events=[{"type": "text", "content": "Making your sunset video."},
                          {"type": "tool_call", "name": "generate_video", "args": {}}, 0.2,
                          {"type": "tool_result", "name": "generate_video", "result": {}},
                          {"type": "text", "content": "Your sunset video is ready."}],
                  during=during, later=list(later))


def silent_edit(during) -> Script:
    """An edit whose run ends with no text: the call, its response, a final response with nothing to say."""
    return Script(events=[adk_call("edit_multitrack"), 0.1, adk_response("edit_multitrack"),
                          adk([{"text": ""}])], during=during)


def chat(capsys, message):
    """(exit code, every JSON line, seconds from the stream's close to the command's return)."""
    code, out, err = run(capsys, "chat", "--json", "--wait", "60", message)
    returned = time.time()
    return code, [json.loads(l) for l in out.strip().splitlines()], returned


def result(lines):
    assert lines[-1]["type"] == "result", lines[-1]
    return lines[-1]


def notice_keys(lines):
    return [l.get("key") for l in lines if l["type"] == "notice"]


@pytest.fixture
def peer(user):
    made = []

    def make(project=None, script=None, scale=SCALE):
        p = ScriptedPeer(project, on_message=(lambda peer, text: script(text)) if script else None)
        made.append(p)
        user.use(p, scale=scale)
        return p

    yield make
    for p in made:
        p.stop()


def assert_done_within_2s(peer, code, lines, returned):
    reply = result(lines)
    assert code == 0, reply
    assert reply["status"] == "done" and reply["data"]["turn"]["status"] == "done", reply
    assert returned - peer.runs[-1].closed_at < 2.0, returned - peer.runs[-1].closed_at


# --------------------------------------------------------------------------- each project shape
def test_a_project_of_only_uploaded_footage_is_done_at_once(peer, capsys):
    p = peer(UPLOADS_ONLY, lambda text: Script(events=[adk_call("edit_multitrack"), adk_response("edit_multitrack"),
                                                       adk_text("I trimmed the beach clip to 4 seconds.")],
                                               during=TRIMMED))
    code, lines, returned = chat(capsys, "trim the beach clip to 4 seconds")
    assert_done_within_2s(p, code, lines, returned)
    assert "I trimmed the beach clip" in result(lines)["text"]
    assert "watching_for_extras" not in json.dumps(lines)       # not a new clip: nothing to wait for


@pytest.mark.parametrize("script", [generation, simple_generation], ids=["adk", "simple"])
def test_a_generation_the_backend_adds_no_music_to_is_done_at_once_and_the_next_message_goes(
        peer, capsys, script):
    p = peer({}, lambda text: script() if "sunset" in text else Script(events=[adk_text("Sure.")]))
    code, lines, returned = chat(capsys, "make a sunset video")
    assert_done_within_2s(p, code, lines, returned)
    reply = result(lines)
    assert "Your sunset video is ready." in reply["text"]
    assert any("sunset over the sea" in c for c in reply["changes"])
    assert "Still working" not in json.dumps(lines)
    # The next message right away: the first turn is done, only watched for a moment.
    code, lines, returned = chat(capsys, "thanks, what else can you do?")
    assert code == 0 and result(lines)["status"] == "done", result(lines)
    assert [r.message for r in p.runs] == ["make a sunset video", "thanks, what else can you do?"]


def test_music_and_title_added_soon_after_the_run_are_reported_by_status(peer, capsys):
    p = peer({}, lambda text: generation(later=[(0.3 * WATCH, FINISHED)]))
    code, lines, returned = chat(capsys, "make a sunset video")
    assert_done_within_2s(p, code, lines, returned)
    assert not any("BGM added" in c for c in result(lines)["changes"])    # not there when the run ended
    code, out, _ = run(capsys, "status", "--json", "--wait", "10")
    lines = [json.loads(l) for l in out.strip().splitlines()]
    assert code == 0 and "later_changes" in notice_keys(lines)
    assert any("BGM added: Calm piano" in c for c in result(lines)["changes"])
    assert "Calm piano" in (result(lines)["timeline"] or "")
    code, out, _ = run(capsys, "status", "--json")                         # reported once
    assert "later_changes" not in out


def test_music_and_title_added_30s_after_the_run_show_in_the_next_state(peer, capsys):
    p = peer({}, lambda text: generation(later=[(30 * float(SCALE), FINISHED)]))
    started = time.time()
    code, lines, returned = chat(capsys, "make a sunset video")
    assert_done_within_2s(p, code, lines, returned)
    time.sleep(max(0.0, p.runs[-1].closed_at + 30 * float(SCALE) + 0.3 - time.time()))
    code, out, _ = run(capsys, "state", "--json")
    reply = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and "Calm piano" in reply["timeline"] and "Sunset" in reply["timeline"]
    assert time.time() - started < 30


def test_an_edit_that_ends_with_no_text_is_done_at_once_with_its_change(peer, capsys):
    p = peer(UPLOADS_ONLY, lambda text: silent_edit(TRIMMED))
    code, lines, returned = chat(capsys, "trim the beach clip to 4 seconds")
    assert_done_within_2s(p, code, lines, returned)
    assert result(lines)["changes"], result(lines)        # what the state says happened


def test_an_edit_with_no_text_whose_change_lands_late_is_done_and_status_reports_it(peer, capsys):
    p = peer(UPLOADS_ONLY, lambda text: Script(events=silent_edit(None).events, later=[(0.3 * WATCH, TRIMMED)]))
    code, lines, returned = chat(capsys, "trim the beach clip to 4 seconds")
    assert_done_within_2s(p, code, lines, returned)
    assert "watching_for_change" in json.dumps(lines) or "status" in result(lines)["text"] + json.dumps(
        result(lines)["notices"])
    code, out, _ = run(capsys, "status", "--json", "--wait", "10")
    lines = [json.loads(l) for l in out.strip().splitlines()]
    assert "later_changes" in notice_keys(lines) and result(lines)["changes"]


def test_an_error_line_from_adk_2_is_a_failed_run_not_a_finished_one(peer, capsys):
    p = peer({}, lambda text: Script(events=[adk_text("Let me ", partial=True), 0.05,
                                             {"error": "RuntimeError: boom", "error_details": {
                                                 "error_type": "RuntimeError", "error_message": "boom"}}]))
    code, lines, _ = chat(capsys, "make a sunset video")
    assert code != 0 and result(lines)["status"] == "failed", result(lines)
    assert "stream_error" in notice_keys(lines)
    assert len(p.runs) == 1


def test_adks_session_not_found_starts_a_new_project_and_sends_once(peer, capsys):
    p = peer({}, lambda text: Script(events=[adk_text("Hello! What shall we make?")]))
    p.forget_next_session = True
    code, lines, returned = chat(capsys, "hi")
    assert code == 0 and result(lines)["status"] == "done", result(lines)
    assert "Hello! What shall we make?" in result(lines)["text"]
    assert [r.message for r in p.runs] == ["hi"] and p.sessions == 2


# --------------------------------------------------------------------------- the embedded backend too
def closed_at(backend, user):
    return backend.stats()["stream_closed_at"][user.session_id()]


@pytest.mark.parametrize("dialect", ["adk", "simple"])
def test_embedded_backend_generation_and_an_edit_of_uploaded_footage_are_done_within_2s(
        backend_factory, user, capsys, tiny_mp4, dialect):
    backend = backend_factory(dialect=dialect)
    user.use(backend, scale="0.01")
    code, lines, returned = chat(capsys, "generate a 5-second video of a lighthouse in a storm")
    assert code == 0 and result(lines)["data"]["turn"]["status"] == "done", result(lines)
    assert returned - closed_at(backend, user) < 2.0
    # A project of uploaded footage only: a new session, one uploaded clip, an edit of it.
    backend2 = backend_factory(dialect=dialect)
    user.use(backend2, scale="0.01")
    code, out, err = run(capsys, "upload", str(tiny_mp4))
    assert code == 0, out + err
    code, lines, returned = chat(capsys, "add a title that says 'Beach day'")
    assert code == 0 and result(lines)["data"]["turn"]["status"] == "done", result(lines)
    assert returned - closed_at(backend2, user) < 2.0
    assert any("Beach day" in c for c in result(lines)["changes"]), result(lines)

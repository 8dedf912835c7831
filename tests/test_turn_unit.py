"""The turn's endings at the transport level (httpx.MockTransport + a real store):
in-stream errors, idle and total time limits, cut streams. The message is never sent twice."""
from __future__ import annotations

import json
import time

import httpx
import pytest

from skill.core import config
from skill.api.client import NemoClient
from skill.core.store import Store
from skill.core.timing import Timings
from skill.turns.book import TurnBook
from skill.turns.worker import TurnRunner

FAST = Timings(still_working_every=0.05, idle_timeout=0.3, turn_limit=5, recovery_first_wait=0.01,
               recovery_poll_every=0.02, recovery_max=0.15, rate_limit_wait=0.01, connect_retry_wait=0.01,
               settle_watch=0.3, settle_poll_every=0.02)
VIDEO = {"d": 5000, "t": [{"tt": 0, "sg": [{"s": 0, "d": 5000, "m": {"title": "sea"}}]}]}
TITLED = {"d": 5000, "t": VIDEO["t"] + [{"tt": 7, "sg": [{"s": 0, "d": 3000, "m": {"text": "Hi"}}]}]}


class Script(httpx.SyncByteStream):
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        for item in self.items:
            if isinstance(item, float):
                time.sleep(item)
            else:
                yield item.encode()


def ev(obj):
    return "data: " + json.dumps(obj) + "\n\n"


def text(t, partial=False):
    return ev({"content": {"role": "model", "parts": [{"text": t}]}, **({"partial": True} if partial else {})})


class Api:
    def __init__(self, stream, drafts):
        self.stream, self.drafts = stream, list(drafts)
        self.run_sse = 0

    def __call__(self, request):
        path = request.url.path
        if path == "/api/auth/anonymous-token":
            return httpx.Response(200, json={"code": 0, "data": {"token": "nmv_t", "user_id": "anon_1"}})
        if path.endswith("with-session/nemo_agent"):
            return httpx.Response(200, json={"code": 0, "data": {"session_id": "7", "task_id": "t7"}})
        if path.startswith("/api/state/"):
            draft = self.drafts.pop(0) if len(self.drafts) > 1 else self.drafts[0]
            return httpx.Response(200, json={"code": 0, "data": {"state": {"draft": draft}}})
        if path == "/run_sse":
            self.run_sse += 1
            return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=Script(self.stream))
        return httpx.Response(404)


@pytest.fixture
def turn(tmp_path):
    settings = config.from_env({"NEMO_API_URL": "http://api.test", "NEMO_CONFIG_DIR": str(tmp_path)})
    store = Store.open(settings)

    def run(api, message="add a title 'Hi'", lang="en"):
        book = TurnBook(store)
        turn_id = book.begin(settings.api_url, message, lang, FAST)
        client = NemoClient(settings, store=store, timings=FAST, transport=httpx.MockTransport(api), lang=lang)
        TurnRunner(settings, store, book.get(turn_id), timings=FAST, client=client).run()
        rec = book.get(turn_id)
        events = book.events_after(turn_id, 0)
        return rec, events

    yield run
    store.close()


def notices(events):
    return [p.get("key") for _s, kind, p in events if kind == "notice"]


def later(events):
    """What the turn's follow-up recorded after the turn had finished."""
    return [p for _s, kind, p in events if kind == "later"]


def test_in_stream_error_recovers_through_state(turn):
    api = Api([text("Adding it."), ev({"error_type": "INTERNAL", "error_message": "agent \x1b[31mfailed"})],
              [VIDEO, TITLED])
    rec, events = turn(api)
    assert rec.status == "recovered" and api.run_sse == 1
    assert "stream_error" in notices(events)
    message = next(p["text"] for _s, k, p in events if p.get("key") == "stream_error")
    assert "agent failed" in message and "\x1b" not in message       # backend text is sanitized
    assert rec.outcome.changes == ["✅ Title added: 'Hi' (0-3s)"]


def test_error_with_nothing_changed_offers_retry_not_resend(turn):
    api = Api([ev({"errorCode": "X", "errorMessage": "broken"})], [VIDEO])
    rec, _ = turn(api)
    assert rec.status == "failed" and api.run_sse == 1
    assert "Say 'retry'" in rec.outcome.error.message
    assert rec.outcome.error.code == 13


def test_keepalives_only_until_idle_timeout(turn):
    api = Api([": ping\n\n", 0.1, "data:\n\n", 0.1, ": ping\n\n", 0.15, "data:\n\n", 0.1, ": ping\n\n"] * 2,
              [VIDEO])
    started = time.monotonic()
    rec, events = turn(api)
    assert time.monotonic() - started < 2
    assert "stream_timed_out" in notices(events)
    assert rec.status == "failed" and rec.outcome.error.code == 12
    assert api.run_sse == 1


def test_text_keeps_the_stream_alive_past_the_idle_limit(turn):
    items = []
    for i in range(4):
        items += [text(f"step {i}. "), 0.12, ": ping\n\n", 0.12]
    api = Api(items, [VIDEO])
    rec, events = turn(api)
    assert "stream_timed_out" not in notices(events)
    assert [p["text"] for _s, k, p in events if k == "text"] == [f"step {i}." for i in range(4)]


def test_stream_cut_after_a_tool_call_is_recovered(turn):
    call = ev({"content": {"role": "model", "parts": [{"functionCall": {"name": "edit_multitrack", "args": {}}}]}})
    api = Api([text("On it", partial=True), call], [VIDEO, VIDEO, TITLED])
    rec, events = turn(api)
    assert "stream_dropped" in notices(events)
    assert rec.status == "recovered" and api.run_sse == 1
    assert rec.outcome.data["pieces"] == ["On it"]
    assert "edit_multitrack" not in json.dumps(rec.outcome.to_json())


def test_two_stage_generation_found_by_polling_reports_both_stages(turn):
    call = ev({"content": {"role": "model", "parts": [{"functionCall": {"name": "generate_video_with_seedance"}}]}})
    empty = {"t": []}
    api = Api([call], [empty, empty, VIDEO, VIDEO, TITLED])
    rec, events = turn(api, message="generate a video of the sea")
    assert "raw_clip_ready" in notices(events)
    assert rec.status == "recovered"                  # the clip is the run's result: done with it...
    assert "✅ Title added: 'Hi' (0-3s)" not in rec.outcome.changes
    landed = later(events)                              # ...and the second stage is a follow-up
    assert len(landed) == 1 and landed[0]["text"] == "🎵 Music and title added."
    assert "✅ Title added: 'Hi' (0-3s)" in landed[0]["lines"]


def test_silent_stream_reports_state_change(turn):
    result = ev({"content": {"role": "user", "parts": [{"functionResponse": {"name": "edit_multitrack"}}]}})
    call = ev({"content": {"role": "model", "parts": [{"functionCall": {"name": "edit_multitrack"}}]}})
    said_nothing = ev({"content": {"role": "model", "parts": [{"text": ""}]}})   # ADK's final response, empty
    api = Api([call, result, said_nothing], [VIDEO, TITLED])
    rec, events = turn(api)
    assert rec.status == "done" and rec.outcome.text == ""
    assert rec.outcome.changes == ["✅ Title added: 'Hi' (0-3s)"]


def test_gui_words_are_translated_and_thoughts_hidden(turn):
    thought = ev({"content": {"role": "model", "parts": [{"text": "internal plan", "thought": True}]}})
    api = Api([thought, text("Done! Click the Export button to download it.")], [VIDEO])
    rec, _ = turn(api)
    assert "internal plan" not in json.dumps(rec.outcome.to_json())
    assert "Click" not in rec.outcome.text and "export" in rec.outcome.data["actions"]


def test_the_store_keeps_only_recent_turns(tmp_path):
    """A store that has seen many turns stays small: old reported turns and their events go."""
    from skill.core.events import Outcome
    from skill.core.store import Store
    from skill.core.timing import Timings
    from skill.turns.book import KEEP, TurnBook

    store = Store(tmp_path / "s.db")
    book = TurnBook(store)
    unseen = None
    for i in range(KEEP * 3):
        tid = book.begin("scope", f"message {i}", "en", Timings())
        book.add_event(tid, "text", {"text": "x" * 100})
        book.set_before(tid, {"draft": {"t": [{"tt": 0, "sg": [{"d": 1000}] * 50}]}})
        book.finish(tid, "done", Outcome("chat"))
        if i == 5:
            unseen = tid              # never reported: kept, whatever its age
        else:
            book.mark_reported(tid)
    rows = store.query("SELECT id, before_state FROM turns")
    assert len(rows) <= KEEP + 2 and unseen in {r["id"] for r in rows}
    assert all(r["before_state"] is None for r in rows)
    events = store.query("SELECT COUNT(*) AS n FROM turn_events")[0]["n"]
    assert events <= KEEP + 2
    assert book.latest("scope").message == f"message {KEEP * 3 - 1}"
    store.close()

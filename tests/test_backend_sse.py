"""POST /run_sse over real HTTP: the ADK and simple dialects, the agent's turns
as a client sees them (stream and state), and every stream-level fault."""
import json
import threading
import time

import httpx
import pytest

GEN = "generate a 10-second video of a city at night"


def _body(sid, text):
    return {"app_name": "nemo_agent", "user_id": "me", "session_id": sid,
            "new_message": {"parts": [{"text": text}]}}


def _texts(events):
    """Final (non-partial, non-thought, non-empty) ADK texts."""
    out = []
    for e in events:
        if isinstance(e, dict) and "content" in e and not e.get("partial"):
            for p in e["content"]["parts"]:
                if p.get("text") and not p.get("thought"):
                    out.append(p["text"])
    return out


def _calls(events):
    return [p["functionCall"]["name"] for e in events if isinstance(e, dict) and "content" in e
            for p in e["content"]["parts"] if "functionCall" in p]


def _raw_lines(b, sid, text, token=None, headers=None, seconds=None):
    """All SSE lines (keep-alives included); stop reading after `seconds` if given."""
    lines = []
    h = {**b.headers(token), "Accept": "text/event-stream", **(headers or {})}
    t0 = time.monotonic()
    with httpx.stream("POST", b.url + "/run_sse", json=_body(sid, text), headers=h, timeout=30) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            lines.append(line)
            if seconds and time.monotonic() - t0 > seconds:
                break
    return lines


def _upload_video(b, sid, mp4, token=None):
    with open(mp4, "rb") as fh:
        r = httpx.post(f"{b.url}/api/upload-video/nemo_agent/me/{sid}", headers=b.headers(token),
                       files={"files": ("clip.mp4", fh, "video/mp4")})
    assert r.json()["code"] == 0


@pytest.fixture(scope="module")
def fast_backend():
    """A faster clock (0.003: a generation takes ~0.5 s) for tests that only
    look at what a turn produces, not at its timing."""
    import shutil
    import tempfile
    from pathlib import Path

    from conftest import DEFAULT_FLAGS, BackendHandle

    d = tempfile.mkdtemp(prefix="nemo-backend-fast-")
    h = BackendHandle(Path(d), {**DEFAULT_FLAGS, "time_scale": 0.003})
    yield h
    h.stop()
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def edit_session(shared_backend, tiny_mp4):
    """A fresh user whose session already holds a video (uploaded: no generation wait)."""
    tok = shared_backend.token()
    sid = shared_backend.new_session(tok)
    _upload_video(shared_backend, sid, tiny_mp4, tok)
    yield tok, sid
    shared_backend.clear_faults()


# ------------------------------------------------------------------ ADK dialect
def test_generation_turn_in_adk_events(fast_backend):
    b = fast_backend
    tok = b.token()
    sid = b.new_session(tok)
    events = b.chat(sid, GEN, token=tok)
    assert all(isinstance(e, dict) for e in events)
    inv = {e["invocationId"] for e in events}
    assert len(inv) == 1
    for e in events:
        assert e["author"] == "nemo_agent" and e["id"] and isinstance(e["timestamp"], float)
    # ADK's aggregator: thought and text as partial chunks, then ONE non-partial event holding the
    # whole response, parts in order [thought, text, functionCall], long-running: longRunningToolIds
    gen_i = next(i for i, e in enumerate(events) if not e.get("partial"))
    gen_call = events[gen_i]
    assert all(e.get("partial") for e in events[:gen_i])
    thought, intro, call = gen_call["content"]["parts"]
    chunks = [e["content"]["parts"][0] for e in events[:gen_i]]
    assert "".join(c["text"] for c in chunks if c.get("thought")) == thought["text"] and thought["thought"]
    assert len([c for c in chunks if not c.get("thought")]) > 1
    assert "".join(c["text"] for c in chunks if not c.get("thought")) == intro["text"]
    assert "hang tight" in intro["text"] and not intro.get("thought")
    call_id = call["functionCall"]["id"]
    assert call["functionCall"]["name"] == "generate_video_with_seedance"
    assert gen_call["longRunningToolIds"] == [call_id]
    assert call["functionCall"]["args"]["duration"] == 10
    # two stages: seedance (long running), then edit_multitrack (not: no longRunningToolIds)
    assert _calls(events) == ["generate_video_with_seedance", "edit_multitrack"]
    edit_call = next(e for e in events[gen_i + 1:] if any("functionCall" in p for p in e["content"]["parts"]))
    assert "longRunningToolIds" not in edit_call
    assert [list(p) for p in edit_call["content"]["parts"]] == [["text"], ["functionCall"]]   # raw-ready text + call
    # no non-partial text event is followed by its own response's tool call in a separate event
    for e, nxt in zip(events, events[1:]):
        if not e.get("partial") and [list(p) for p in e["content"]["parts"]] == [["text"]]:
            assert not any("functionCall" in p for p in nxt["content"]["parts"])
    resp = [e for e in events if any("functionResponse" in p for p in e["content"]["parts"])]
    assert len(resp) == 2 and all(e["content"]["role"] == "user" for e in resp)
    assert resp[0]["content"]["parts"][0]["functionResponse"]["id"] == call_id
    texts = _texts(events)
    assert len(texts) == 3
    assert "generate a 10-second video of a city at night" in texts[0]
    assert "raw" in texts[1] and "Preview it in the timeline" in texts[1]
    assert texts[2].endswith("Click the Export button to download it.")
    st = b.state(sid, tok)
    assert [t["tt"] for t in st["draft"]["t"]] == [0, 1, 7] and st["draft"]["d"] == 10000
    assert st["generated_media"][0]["tool"] == "generate_video_with_seedance"
    assert st["video_infos"][0]["duration"] == 10
    c = httpx.get(b.url + "/api/credits/balance/simple", headers=b.headers(tok)).json()["data"]
    assert c == {"available": 80, "frozen": 0, "total": 80}   # 10 s = 2 x 5 s = 20 credits
    assert b.stats()["messages_received"][sid] == 1


def test_generation_is_two_stage_in_state_and_freezes_credits(shared_backend):
    """Another client polling during the turn sees: nothing, then the raw clip
    alone (credits frozen while generating), then BGM + title."""
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    seen, frozen, stop = [], [], threading.Event()

    def poll():
        with httpx.Client(headers=b.headers(tok)) as c:
            while not stop.is_set():
                st = c.get(f"{b.url}/api/state/nemo_agent/me/{sid}/latest").json()["data"]["state"]
                kinds = tuple(t["tt"] for t in st["draft"].get("t", []))
                if not seen or seen[-1] != kinds:
                    seen.append(kinds)
                frozen.append(c.get(b.url + "/api/credits/balance/simple").json()["data"]["frozen"])
                time.sleep(0.01)

    t = threading.Thread(target=poll)
    t.start()
    try:
        b.chat(sid, "generate a 5 second video of waves, with jazz music", token=tok)
    finally:
        stop.set()
        t.join()
    final = tuple(t["tt"] for t in b.state(sid, tok)["draft"]["t"])
    if seen[-1] != final:
        seen.append(final)
    assert seen[0] == () and (0,) in seen and seen[-1] == (0, 1, 7)
    assert seen.index((0,)) < seen.index((0, 1, 7))
    assert 10 in frozen and frozen[-1] == 0


def test_chinese_turn_answers_in_chinese(fast_backend):
    b = fast_backend
    tok = b.token()
    sid = b.new_session(tok)
    texts = _texts(b.chat(sid, "生成一段5秒的海边日落视频", token=tok))
    assert "5秒" in texts[0] and "在时间线中预览" in texts[1] and "点击导出按钮" in texts[2]


def test_plain_question_gets_help_text_and_costs_nothing(shared_backend):
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    events = b.chat(sid, "what can you do?", token=tok)
    assert _calls(events) == [] and "aspect ratio" in _texts(events)[0]
    assert httpx.get(b.url + "/api/credits/balance/simple", headers=b.headers(tok)).json()["data"]["available"] == 100


def test_edits_and_every_third_edit_is_silent(shared_backend, edit_session):
    b = shared_backend
    tok, sid = edit_session
    e1 = b.chat(sid, "add lo-fi music at 35%", token=tok)
    assert _texts(e1) == ["I added Lo-fi background music at 35% volume. Preview it in the timeline. "
                          "Click the Export button when you're happy with it."]
    e2 = b.chat(sid, 'add a title that says "Urban Dreams"', token=tok)
    assert "Open the Text panel" in _texts(e2)[0]
    e3 = b.chat(sid, "lower the music to 20%", token=tok)
    assert _texts(e3) == [] and _calls(e3) == ["edit_multitrack"]     # silent, but applied:
    draft = b.state(sid, tok)["draft"]
    bgm = next(t for t in draft["t"] if t["tt"] == 1)["sg"][0]
    title = next(t for t in draft["t"] if t["tt"] == 7)["sg"][0]
    assert bgm["m"] == {"title": "Lo-fi", "volume": 20} and title["m"]["text"] == "Urban Dreams"
    e4 = b.chat(sid, "make it vertical", token=tok)
    assert "aspect ratio to 9:16" in _texts(e4)[0]
    assert b.state(sid, tok)["draft"]["m"]["ratio"] == "9:16"
    credits = httpx.get(b.url + "/api/credits/balance/simple", headers=b.headers(tok)).json()["data"]
    assert credits["available"] == 100 - 1 - 1 - 1 - 2


def test_keepalives_are_comments_and_empty_data(shared_backend, edit_session):
    tok, sid = edit_session
    # three edits in one message take 28 s, 0.28 s scaled: a few keep-alives at 0.1 s
    lines = _raw_lines(shared_backend, sid, "add a title that says X, add jazz music at 30% and make it "
                                            "vertical", token=tok)
    assert ": ping" in lines and "data:" in lines
    assert all(l == "" or l.startswith(("data:", ":")) for l in lines)


# ------------------------------------------------------------------ simple dialect
def test_simple_dialect(backend_factory, tiny_mp4):
    b = backend_factory(dialect="simple", time_scale=0.003)
    sid = b.new_session()
    events = b.chat(sid, "generate a 5 second video of snow")
    types = [e["type"] for e in events]
    assert set(types) <= {"text", "tool_call", "tool_result", "heartbeat"}
    assert "heartbeat" in types
    calls = [e["name"] for e in events if e["type"] == "tool_call"]
    assert calls == ["generate_video_with_seedance", "edit_multitrack"]
    assert [e["name"] for e in events if e["type"] == "tool_result"] == calls
    texts = [e["content"] for e in events if e["type"] == "text"]
    assert len(texts) == 3 and texts[-1].endswith("Click the Export button to download it.")


# ------------------------------------------------------------------ stream faults
def _wait_for(pred, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False


def test_drop_after_closes_early_but_the_work_finishes(fast_backend):
    b = fast_backend
    tok = b.token()
    sid = b.new_session(tok)
    b.fault("drop_after:3", path="/run_sse")
    events = b.chat(sid, "generate a 5-second video of a city at night", token=tok)
    assert len(events) == 3
    assert _wait_for(lambda: [t["tt"] for t in b.state(sid, tok)["draft"].get("t", [])] == [0, 1, 7])
    assert b.stats()["messages_received"][sid] == 1


def test_client_leaving_mid_turn_does_not_stop_the_work(fast_backend):
    b = fast_backend
    tok = b.token()
    sid = b.new_session(tok)
    with httpx.stream("POST", b.url + "/run_sse", json=_body(sid, "generate a 5 second video of hail"),
                      headers=b.headers(tok), timeout=10) as r:
        for line in r.iter_lines():
            if "longRunningToolIds" in line:
                break     # hang up while the clip is generating
    assert _wait_for(lambda: [t["tt"] for t in b.state(sid, tok)["draft"].get("t", [])] == [0, 1, 7])
    c = httpx.get(b.url + "/api/credits/balance/simple", headers=b.headers(tok)).json()["data"]
    assert c == {"available": 90, "frozen": 0, "total": 90}


def test_drop_after_via_header(shared_backend, edit_session):
    tok, sid = edit_session
    events = shared_backend.chat(sid, "add a title that says Hi", token=tok,
                                 headers={"X-Local-Fault": "drop_after:1"})
    assert len(events) == 1
    assert _wait_for(lambda: any(t["tt"] == 7 for t in shared_backend.state(sid, tok)["draft"]["t"]))


def test_stall_sends_only_keepalives_while_the_change_lands(shared_backend, edit_session):
    b = shared_backend
    tok, sid = edit_session
    b.fault("stall")
    lines = _raw_lines(b, sid, "add a title that says Stalled", token=tok, seconds=1.0)
    assert [l for l in lines if l.startswith("data:") and l[5:].strip()] == []
    assert len([l for l in lines if l in (": ping", "data:")]) >= 5
    assert any(t["tt"] == 7 and t["sg"][0]["m"]["text"] == "Stalled" for t in b.state(sid, tok)["draft"]["t"])


def test_silent_fault_strips_all_text(shared_backend, edit_session):
    tok, sid = edit_session
    shared_backend.fault("silent")
    events = shared_backend.chat(sid, "add jazz music at 40%", token=tok)
    assert _texts(events) == [] and not any(e.get("partial") for e in events)
    assert _calls(events) == ["edit_multitrack"]
    bgm = [t for t in shared_backend.state(sid, tok)["draft"]["t"] if t["tt"] == 1]
    assert bgm[0]["sg"][0]["m"] == {"title": "Jazz", "volume": 40}


def test_malformed_fault_sends_one_broken_event(shared_backend, edit_session):
    tok, sid = edit_session
    shared_backend.fault("malformed")
    events = shared_backend.chat(sid, "add a title that says Broken", token=tok)
    broken = [e for e in events if isinstance(e, str)]
    assert len(broken) == 1
    with pytest.raises(ValueError):
        json.loads(broken[0])
    assert "Broken" in _texts([e for e in events if isinstance(e, dict)])[0]


def test_trailing_issue_comes_after_the_normal_text(shared_backend, edit_session):
    tok, sid = edit_session
    shared_backend.fault("trailing_issue")
    texts = _texts(shared_backend.chat(sid, "add a title that says Fine", token=tok))
    assert len(texts) == 2 and '"Fine"' in texts[0]
    assert texts[1].startswith("I encountered a temporary issue")


def test_status_and_rate_limit_faults(shared_backend, edit_session):
    b = shared_backend
    tok, sid = edit_session
    b.fault("status:503", path="/run_sse")
    r = httpx.post(b.url + "/run_sse", json=_body(sid, "hi"), headers=b.headers(tok))
    assert r.status_code == 503 and r.json()["code"] == 503
    r = httpx.get(b.url + "/api/credits/balance/simple", headers={**b.headers(tok), "X-Local-Fault": "rate_limit"})
    assert r.status_code == 429 and r.json()["code"] == 429
    # consumed: the next request is normal
    assert httpx.get(b.url + "/api/credits/balance/simple", headers=b.headers(tok)).status_code == 200


def test_queued_fault_times_and_path(shared_backend, edit_session):
    b = shared_backend
    tok, sid = edit_session
    b.fault("status:500", path="/api/credits", times=2)
    url = b.url + "/api/credits/balance/simple"
    state_url = f"{b.url}/api/state/nemo_agent/me/{sid}/latest"
    assert httpx.get(state_url, headers=b.headers(tok)).status_code == 200   # path does not match
    assert [httpx.get(url, headers=b.headers(tok)).status_code for _ in range(3)] == [500, 500, 200]


@pytest.mark.parametrize("spec", ["explode", "status:200", "status", "drop_after", "stall:x"])
def test_bad_fault_spec_is_refused(shared_backend, spec):
    r = httpx.post(shared_backend.url + "/_local/faults", json={"fault": spec})
    assert r.status_code == 400 and r.json()["code"] == 400
    r = httpx.get(shared_backend.url + "/api/credits/balance/simple",
                  headers={**shared_backend.headers(), "X-Local-Fault": spec})
    assert r.status_code == 400 and "X-Local-Fault" in r.json()["message"]
    assert httpx.get(shared_backend.url + "/_local/faults").json()["data"]["pending"] == []


def test_expire_token_then_reauth_with_same_client(shared_backend):
    b = shared_backend
    cid = "client-expire-test"
    tok = b.token(cid)
    sid = b.new_session(tok)
    r = httpx.get(f"{b.url}/api/state/nemo_agent/me/{sid}/latest",
                  headers={**b.headers(tok), "X-Local-Fault": "expire_token"})
    assert r.json()["code"] == 1001
    r = httpx.get(f"{b.url}/api/state/nemo_agent/me/{sid}/latest", headers=b.headers(tok))
    assert r.json()["code"] == 1001      # revoked for good
    tok2 = b.token(cid)                  # the same client may get a new one at once
    assert b.state(sid, tok2)["draft"] == {}    # same user: the session is still theirs


def test_lose_session_then_it_is_gone(shared_backend, edit_session):
    b = shared_backend
    tok, sid = edit_session
    b.fault("lose_session", path="/run_sse")
    r = httpx.post(b.url + "/run_sse", json=_body(sid, "add a title that says X"), headers=b.headers(tok))
    assert r.json()["code"] == 1002
    r = httpx.get(f"{b.url}/api/state/nemo_agent/me/{sid}/latest", headers=b.headers(tok))
    assert r.json()["code"] == 1002


def test_no_credits_fault_is_a_json_2001(shared_backend, edit_session):
    b = shared_backend
    tok, sid = edit_session
    b.fault("no_credits")
    r = httpx.post(b.url + "/run_sse", json=_body(sid, "add a title that says X"), headers=b.headers(tok))
    assert r.headers["content-type"].startswith("application/json") and r.json()["code"] == 2001
    assert not any(t["tt"] == 7 for t in b.state(sid, tok)["draft"]["t"])


def test_running_out_of_credits_mid_request_is_an_in_stream_2001(backend_factory):
    """B passes the credit check while queued behind A in the same session; C,
    in another session, spends the credits meanwhile; when B's turn starts it
    cannot be paid: an in-stream 2001 error."""
    backend = backend_factory(time_scale=0.004)
    s1, s2 = backend.new_session(), backend.new_session()
    results = {}

    def go(name, sid, text, wait):
        time.sleep(wait)
        results[name] = backend.chat(sid, text)

    threads = [threading.Thread(target=go, args=a) for a in [
        ("A", s1, "generate a 5 second video of fog", 0),        # 10 credits, ~0.55 s
        ("B", s1, "generate a 30 second video of a storm", 0.1),  # 60 credits, waits for A
        ("C", s2, "generate a 30 second video of a storm", 0.25)]]  # 60 credits, runs at once
    [t.start() for t in threads]
    [t.join() for t in threads]
    errors = {k: [e for e in evs if "error_type" in e] for k, evs in results.items()}
    assert errors["A"] == [] and errors["C"] == []
    assert len(errors["B"]) == 1 and "2001" in errors["B"][0]["error_message"]
    assert _calls(results["B"]) == []
    c = httpx.get(backend.url + "/api/credits/balance/simple", headers=backend.headers()).json()["data"]
    assert c == {"available": 30, "frozen": 0, "total": 30}

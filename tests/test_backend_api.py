"""The local backend's JSON endpoints over real HTTP: tokens, auth, sessions,
credits, state, uploads and their error codes."""
import uuid

import httpx
import pytest

from conftest import ATTRIBUTION


def _body(sid, text="hello"):
    return {"app_name": "nemo_agent", "user_id": "me", "session_id": sid,
            "new_message": {"parts": [{"text": text}]}}


@pytest.fixture
def user(shared_backend):
    """A fresh anonymous user on the shared server: (token, headers, session id)."""
    tok = shared_backend.token()
    return tok, shared_backend.headers(tok), shared_backend.new_session(tok)


# ------------------------------------------------------------------ tokens
def test_token_needs_a_client_id(shared_backend):
    r = httpx.post(shared_backend.url + "/api/auth/anonymous-token")
    assert r.status_code == 400 and "X-Client-Id" in r.json()["message"]


def test_token_shape_and_one_live_token_per_client(shared_backend):
    cid = str(uuid.uuid4())
    r = httpx.post(shared_backend.url + "/api/auth/anonymous-token", headers={"X-Client-Id": cid})
    data = r.json()["data"]
    assert r.status_code == 200 and r.json()["code"] == 0
    assert data["token"].startswith("nmv_usr_") and data["user_id"].startswith("anon_")
    assert data["credits"] == 100 and data["expires_at"].endswith("Z")
    again = httpx.post(shared_backend.url + "/api/auth/anonymous-token", headers={"X-Client-Id": cid})
    assert again.status_code == 429 and again.json()["code"] == 429


def test_per_ip_token_cap(backend_factory):
    b = backend_factory(ip_token_cap=2)
    b.token(), b.token()
    r = httpx.post(b.url + "/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
    assert r.status_code == 429
    assert b.stats()["tokens_issued"] == 2


# ------------------------------------------------------------------ auth
@pytest.mark.parametrize("auth", [None, "Bearer nmv_usr_not-a-real-token", "Basic abc", "Bearer"])
def test_bad_token_is_1001(shared_backend, auth):
    h = dict(ATTRIBUTION)
    if auth:
        h["Authorization"] = auth
    for method, path in [("GET", "/api/credits/balance/simple"),
                         ("POST", "/api/tasks/me/with-session/nemo_agent"),
                         ("GET", "/api/state/nemo_agent/me/123/latest")]:
        r = httpx.request(method, shared_backend.url + path, headers=h, json={})
        assert r.status_code == 401 and r.json()["code"] == 1001, (path, r.text)


def test_bad_token_on_run_sse_is_a_json_envelope(shared_backend):
    r = httpx.post(shared_backend.url + "/run_sse", json=_body("1"),
                   headers={**ATTRIBUTION, "Authorization": "Bearer nope"})
    assert r.headers["content-type"].startswith("application/json") and r.json()["code"] == 1001


# ------------------------------------------------------------------ sessions
def test_session_shape(shared_backend, user):
    tok, h, _ = user
    r = httpx.post(shared_backend.url + "/api/tasks/me/with-session/nemo_agent", headers=h,
                   json={"task_name": "project", "language": "zh"})
    d = r.json()["data"]
    assert d["session_id"].isdigit() and len(d["session_id"]) >= 16
    assert d["task_id"] and d["user_id"].startswith("anon_")


def test_unknown_or_foreign_session_is_1002_everywhere(shared_backend, user):
    tok, h, sid = user
    other = shared_backend.headers(shared_backend.token())   # another user: sid is not theirs
    url = shared_backend.url
    for headers, s in [(h, "999999999999999999"), (other, sid)]:
        st = httpx.get(f"{url}/api/state/nemo_agent/me/{s}/latest", headers=headers)
        assert st.json()["code"] == 1002, st.text
        run = httpx.post(url + "/run_sse", json=_body(s), headers=headers)
        assert run.headers["content-type"].startswith("application/json") and run.json()["code"] == 1002
        up = httpx.post(f"{url}/api/upload-video/nemo_agent/me/{s}", headers=headers,
                        json={"urls": ["https://example.com/a.mp4"], "source_type": "url"})
        assert up.json()["code"] == 1002
        rs = httpx.post(url + "/api/render/proxy/lambda", headers=headers,
                        json={"id": "render_x" + uuid.uuid4().hex, "sessionId": s, "draft": {"t": []}})
        assert rs.json()["code"] == 1002


def test_error_http_rest_mode(backend_factory):
    b = backend_factory(error_http="rest")
    r = httpx.get(f"{b.url}/api/state/nemo_agent/me/1/latest", headers=b.headers())
    assert r.status_code == 404 and r.json()["code"] == 1002


@pytest.mark.parametrize("body", [
    {"app_name": "nemo_agent", "user_id": "me", "sessionId": "1", "new_message": {"parts": [{"text": "x"}]}},
    {"app_name": "nemo_agent", "user_id": "me", "session_id": "1", "new_message": {"parts": []}},
    {"app_name": "other", "user_id": "me", "session_id": "1", "new_message": {"parts": [{"text": "x"}]}},
    {"app_name": "nemo_agent", "user_id": "me", "session_id": "1", "newMessage": {"parts": [{"text": "x"}]}},
    [1, 2],
])
def test_bad_run_body_is_400_envelope(shared_backend, user, body):
    r = httpx.post(shared_backend.url + "/run_sse", json=body, headers=user[1])
    assert r.status_code == 400 and r.json()["code"] == 400 and r.json()["message"]


def test_not_json_is_400_not_500(shared_backend, user):
    r = httpx.post(shared_backend.url + "/run_sse", content=b"{nope", headers=user[1])
    assert r.status_code == 400 and r.json()["code"] == 400


def test_unknown_path_and_method_are_envelopes(shared_backend):
    r = httpx.get(shared_backend.url + "/api/nothing-here")
    assert r.status_code == 404 and r.json()["code"] == 404
    r = httpx.get(shared_backend.url + "/run_sse")
    assert r.status_code == 405 and r.json()["code"] == 405


# ------------------------------------------------------------------ credits, state
def test_credits_and_state_of_a_new_session(shared_backend, user):
    tok, h, sid = user
    c = httpx.get(shared_backend.url + "/api/credits/balance/simple", headers=h).json()["data"]
    assert c == {"available": 100, "frozen": 0, "total": 100}
    st = shared_backend.state(sid, tok)
    assert set(st) >= {"draft", "video_infos", "canvas_config", "video_analyses", "generated_media"}


def test_request_beyond_the_credits_is_2001_before_streaming(shared_backend, user):
    tok, h, sid = user
    r = httpx.post(shared_backend.url + "/run_sse", headers=h,
                   json=_body(sid, "generate a 60 second video of the sea"))   # 120 credits
    assert r.headers["content-type"].startswith("application/json") and r.json()["code"] == 2001
    c = httpx.get(shared_backend.url + "/api/credits/balance/simple", headers=h).json()["data"]
    assert c["available"] == 100    # nothing charged


def test_missing_attribution_is_recorded(shared_backend):
    tok = shared_backend.token()
    before = shared_backend.stats()["missing_attribution"].get("/api/credits/balance/simple", 0)
    r = httpx.get(shared_backend.url + "/api/credits/balance/simple", headers={"Authorization": "Bearer " + tok})
    assert r.json()["code"] == 0     # allowed, only counted
    after = shared_backend.stats()["missing_attribution"]["/api/credits/balance/simple"]
    assert after == before + 1


# ------------------------------------------------------------------ uploads
def test_upload_video_probes_and_becomes_the_draft(shared_backend, user, tiny_mp4):
    tok, h, sid = user
    with open(tiny_mp4, "rb") as fh:
        r = httpx.post(f"{shared_backend.url}/api/upload-video/nemo_agent/me/{sid}", headers=h,
                       files=[("files", ("beach.mp4", fh, "video/mp4")),
                              ("files", ("cover.png", b"\x89PNG\r\n\x1a\nnot really", "image/png"))])
    d = r.json()["data"]
    assert r.json()["code"] == 0 and d["session_state_applied"] is True
    v, img = d["files"]
    assert (v["filename"], v["file_type"], v["width"], v["height"]) == ("beach.mp4", "video", 320, 180)
    assert abs(v["duration"] - 2.0) < 0.2 and v["fps"] == 10
    import hashlib
    assert v["hash"] == hashlib.sha256(tiny_mp4.read_bytes()).hexdigest()
    assert img["file_type"] == "image"
    got = httpx.get(v["cdn_url"])
    assert got.status_code == 200 and got.content == tiny_mp4.read_bytes()
    st = shared_backend.state(sid, tok)
    assert st["video_infos"][0]["url"] == v["cdn_url"]
    assert st["video_analyses"][0]["summary"] == "A 2-second 320x180 video: beach.mp4"
    seg = st["draft"]["t"][0]["sg"][0]
    assert st["draft"]["t"][0]["tt"] == 0 and seg["m"]["src"] == v["cdn_url"] and seg["d"] == 2000


def test_upload_urls(shared_backend, user):
    tok, h, sid = user
    url = f"{shared_backend.url}/api/upload-video/nemo_agent/me/{sid}"
    r = httpx.post(url, headers=h, json={"urls": ["https://cdn.example.com/v/clip.MOV", "https://x.y/s.mp3"],
                                          "source_type": "url"})
    files = r.json()["data"]["files"]
    assert [f["file_type"] for f in files] == ["video", "audio"]
    assert files[0]["cdn_url"] == "https://cdn.example.com/v/clip.MOV" and files[0]["duration"] is None
    bad = httpx.post(url, headers=h, json={"urls": ["https://x.y/tool.exe"], "source_type": "url"})
    assert bad.json()["code"] == 4001 and "mp4" in bad.json()["message"]


def test_upload_unsupported_type_is_4001(shared_backend, user):
    r = httpx.post(f"{shared_backend.url}/api/upload-video/nemo_agent/me/{user[2]}", headers=user[1],
                   files={"files": ("notes.txt", b"hello", "text/plain")})
    assert r.json()["code"] == 4001


def test_upload_too_large_is_4002_and_leaves_nothing(backend_factory):
    b = backend_factory(max_upload_bytes=50_000)
    sid = b.new_session()
    r = httpx.post(f"{b.url}/api/upload-video/nemo_agent/me/{sid}", headers=b.headers(),
                   files={"files": ("big.mp4", b"\0" * 3_000_000, "video/mp4")})
    assert r.json()["code"] == 4002 and "too large" in r.json()["message"].lower()
    left = [p for p in (b.data_dir / "uploads").rglob("*") if p.is_file()]
    assert left == []
    ok = httpx.post(f"{b.url}/api/upload-video/nemo_agent/me/{sid}", headers=b.headers(),
                    files={"files": ("small.mp4", b"\0" * 1000, "video/mp4")})
    assert ok.json()["code"] == 0 and ok.json()["data"]["files"][0]["duration"] is None


def test_raw_token_never_reaches_the_data_dir(backend):
    tok = backend.token()
    sid = backend.new_session(tok)
    backend.chat(sid, "hello", token=tok)
    for p in backend.data_dir.rglob("*"):
        if p.is_file():
            assert tok.encode() not in p.read_bytes(), p

"""The API client at the transport level (httpx.MockTransport): headers, envelopes, retries, errors."""
from __future__ import annotations

import json

import httpx
import pytest

from skill.core import config, errors, manifest
from skill.api.client import NemoClient, parse_render
from skill.core.timing import Timings

TOKEN = "nmv_usr_CANARY_unit_0123456789"


class FakeApi:
    """A scripted backend: `script[path]` is a list of responses consumed in order (last one repeats)."""

    def __init__(self):
        self.requests: list[httpx.Request] = []
        self.script: dict[str, list] = {}
        self.tokens_issued = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        queue = self.script.get(path)
        if queue:
            item = queue.pop(0) if len(queue) > 1 else queue[0]
            if isinstance(item, Exception):
                raise item
            return item
        if path == "/api/auth/anonymous-token":
            self.tokens_issued += 1
            return ok({"token": f"{TOKEN}{self.tokens_issued}", "user_id": "anon_42", "credits": 100})
        if path == "/api/tasks/me/with-session/nemo_agent":
            n = sum(1 for r in self.requests if r.url.path == path)
            return ok({"task_id": f"task{n}", "session_id": f"10000{n}", "user_id": "anon_42"})
        if path.startswith("/api/state/"):
            return ok({"state": {"draft": {"t": []}}})
        if path == "/api/credits/balance/simple":
            return ok({"available": 90, "frozen": 10, "total": 100})
        return httpx.Response(404, json={"code": 404, "message": "no"})

    def paths(self):
        return [r.url.path for r in self.requests]


def ok(data):
    return httpx.Response(200, json={"code": 0, "data": data})


def code(n, status=200):
    return httpx.Response(status, json={"code": n, "message": f"code {n}"})


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("SKILL_SOURCE", "cursor")
    return {"NEMO_API_URL": "http://api.test", "NEMO_CONFIG_DIR": str(tmp_path / "cfg")}


def make(env, api, **extra):
    settings = config.from_env({**env, **extra})
    sleeps: list[float] = []
    client = NemoClient(settings, transport=httpx.MockTransport(api), timings=Timings(),
                        sleep=sleeps.append)
    return client, sleeps


def test_attribution_on_every_request_and_bearer_except_token_request(env):
    api = FakeApi()
    client, _ = make(env, api)
    client.state()
    client.credits()
    assert api.paths()[0] == "/api/auth/anonymous-token"
    for r in api.requests:
        assert r.headers["X-Skill-Source"] == "video-generator-free-models"
        assert r.headers["X-Skill-Version"] == manifest.load().version
        assert r.headers["X-Skill-Platform"] == "cursor"
    token_req = api.requests[0]
    assert "authorization" not in token_req.headers
    assert token_req.headers["X-Client-Id"] == config.client_id(client.settings)
    assert all(r.headers["authorization"].startswith("Bearer " + TOKEN) for r in api.requests[1:])


def test_token_and_session_cached_across_clients(env):
    api = FakeApi()
    client, _ = make(env, api)
    first = client.session()
    client.close()
    client2, _ = make(env, api)
    assert client2.session() == first
    client2.state()
    assert api.tokens_issued == 1
    assert api.paths().count("/api/tasks/me/with-session/nemo_agent") == 1


def test_env_token_used_without_anonymous_request(env):
    api = FakeApi()
    client, _ = make(env, api, NEMO_TOKEN="nmv_env_token")
    client.credits()
    assert api.paths() == ["/api/credits/balance/simple"]
    assert api.requests[0].headers["authorization"] == "Bearer nmv_env_token"


def test_1001_gets_fresh_token_with_same_client_id_and_retries_once(env):
    api = FakeApi()
    api.script["/api/credits/balance/simple"] = [code(1001), ok({"available": 5, "frozen": 0})]
    client, _ = make(env, api)
    credits = client.credits()
    assert credits.available == 5 and credits.total == 5
    token_requests = [r for r in api.requests if r.url.path == "/api/auth/anonymous-token"]
    assert len(token_requests) == 2
    assert token_requests[0].headers["X-Client-Id"] == token_requests[1].headers["X-Client-Id"]
    assert api.requests[-1].headers["authorization"] == f"Bearer {TOKEN}2"


def test_1001_twice_is_token_rejected(env):
    api = FakeApi()
    api.script["/api/credits/balance/simple"] = [code(1001)]
    client, _ = make(env, api)
    with pytest.raises(errors.TokenRejected):
        client.credits()


def test_env_token_rejected_says_so(env):
    api = FakeApi()
    api.script["/api/credits/balance/simple"] = [code(1001)]
    client, _ = make(env, api, NEMO_TOKEN="nmv_env_token")
    with pytest.raises(errors.EnvTokenRejected) as info:
        client.credits()
    assert "NEMO_TOKEN" in info.value.render("en")
    assert "nmv_env_token" not in info.value.render("en")


def test_429_waits_then_retries_once_then_clear_error(env):
    api = FakeApi()
    api.script["/api/credits/balance/simple"] = [httpx.Response(429, json={"code": 429}), ok({"available": 1})]
    client, sleeps = make(env, api)
    assert client.credits().available == 1
    assert sleeps == [30.0]
    api.script["/api/credits/balance/simple"] = [httpx.Response(429, json={"message": "slow down"})]
    with pytest.raises(errors.RateLimited) as info:
        client.credits()
    assert info.value.exit_code == 10
    assert "try again" in info.value.render("en")


def test_a_corrupt_client_id_file_is_replaced_before_the_token_request(env):
    api = FakeApi()
    client, _ = make(env, api)
    client.settings.config_dir.mkdir(parents=True, exist_ok=True)
    (client.settings.config_dir / "client_id").write_text("not a usable id\n")
    client.credits()
    ids = [r.headers["X-Client-Id"] for r in api.requests if r.url.path == "/api/auth/anonymous-token"]
    assert len(ids) == 1 and ids[0] != "not a usable id"
    assert (client.settings.config_dir / "client_id").read_text().strip() == ids[0]


def test_400_never_replaces_a_usable_shared_client_id(env):
    api = FakeApi()
    api.script["/api/auth/anonymous-token"] = [
        httpx.Response(400, json={"code": 400, "message": "bad request"})]
    client, _ = make(env, api)
    shared = config.client_id(client.settings)
    with pytest.raises(errors.SkillError):
        client.credits()
    assert config.client_id(client.settings) == shared
    assert (client.settings.config_dir / "client_id").read_text().strip() == shared


def test_1002_new_session_retry_and_notice(env):
    api = FakeApi()
    client, _ = make(env, api)
    old = client.session()
    api.script[f"/api/state/nemo_agent/me/{old.session_id}/latest"] = [code(1002, 404)]
    state = client.state()
    assert state == {"draft": {"t": []}}
    assert client.session().session_id != old.session_id
    assert client.take_notices() == ["project_restarted"]
    assert client.take_notices() == []


def test_1002_on_render_submit_is_not_repeated(env):
    api = FakeApi()
    api.script["/api/render/proxy/lambda"] = [code(1002)]
    client, _ = make(env, api)
    with pytest.raises(errors.SessionLost):
        client.render_submit({"t": []}, "render_1")
    assert api.paths().count("/api/render/proxy/lambda") == 1


def test_2001_anonymous_gets_register_link_with_bind_never_token(env):
    api = FakeApi()
    api.script["/api/credits/balance/simple"] = [code(2001)]
    client, _ = make(env, api)
    client.session()
    with pytest.raises(errors.NoCredits) as info:
        client.credits()
    text = info.value.render("en")
    assert "https://nemovideo.com/workspace/claim?" in text and "bind=anon_42" in text
    assert TOKEN not in text
    assert info.value.exit_code == 6


def test_2001_registered_says_top_up(env):
    api = FakeApi()
    api.script["/api/tasks/me/with-session/nemo_agent"] = [ok({"task_id": "t", "session_id": "1", "user_id": "usr_9"})]
    api.script["/api/credits/balance/simple"] = [code(2001)]
    client, _ = make(env, api, NEMO_TOKEN="nmv_env_token")
    client.session()
    with pytest.raises(errors.NoCreditsRegistered) as info:
        client.credits()
    assert "top up" in info.value.render("en")
    assert "充值" in info.value.render("zh")


@pytest.mark.parametrize("answer,error,exit_code", [
    (code(4001), errors.UnsupportedFile, 7), (code(4002), errors.FileTooLarge, 8),
    (httpx.Response(402, json={"success": False}), errors.ExportBlocked, 9),
    (httpx.Response(503, text="down"), errors.BackendUnavailable, 3),
    (code(7777), errors.ApiError, 14)])
def test_error_answers_map_to_typed_errors(env, answer, error, exit_code):
    api = FakeApi()
    api.script["/api/render/proxy/lambda"] = [answer]
    client, _ = make(env, api)
    with pytest.raises(error) as info:
        client.render_submit({"t": [{"tt": 0, "sg": [{}]}]}, "render_1")
    assert info.value.exit_code == exit_code
    assert info.value.render("zh") and info.value.render("en")


def test_export_blocked_is_a_plan_issue_not_credits(env):
    text = errors.ExportBlocked().render("en")
    assert "upgrade your plan" in text and "credit" not in text.lower()


def test_connect_refused_retried_once_then_backend_unavailable(env):
    api = FakeApi()
    api.script["/api/credits/balance/simple"] = [httpx.ConnectError("refused"), ok({"available": 3})]
    client, sleeps = make(env, api)
    assert client.credits().available == 3 and len(sleeps) == 1
    api.script["/api/credits/balance/simple"] = [httpx.ConnectError("refused")]
    with pytest.raises(errors.BackendUnavailable) as info:
        client.credits()
    assert not info.value.sent and "try again" in info.value.render("en")


def test_read_error_after_sending_is_not_retried(env):
    api = FakeApi()
    api.script["/api/credits/balance/simple"] = [httpx.ReadTimeout("slow")]
    client, _ = make(env, api)
    client.session()
    with pytest.raises(errors.BackendUnavailable) as info:
        client.credits()
    assert info.value.sent
    assert api.paths().count("/api/credits/balance/simple") == 1


def test_render_layouts_vendor_seed_and_envelope():
    vendor = parse_render("r", {"success": True, "data": {"status": "completed", "progress": 100,
                                                          "outputUrl": "http://cdn/x.mp4"}})
    seed = parse_render("r", {"success": True, "status": "completed", "output": {"url": "http://cdn/y.mp4"}})
    pending = parse_render("r", {"success": True, "data": {"status": "processing", "progress": "40"}})
    assert (vendor.status, vendor.url, vendor.progress, vendor.done) == ("completed", "http://cdn/x.mp4", 100, True)
    assert (seed.status, seed.url) == ("completed", "http://cdn/y.mp4")
    assert (pending.status, pending.progress, pending.done, pending.url) == ("processing", 40, False, None)


def test_render_submit_body_uses_camel_case_session_id(env):
    api = FakeApi()
    api.script["/api/render/proxy/lambda"] = [httpx.Response(200, json={"success": True, "data": {"status": "pending"}})]
    client, _ = make(env, api)
    rid = "render_42"
    client.render_submit({"t": []}, rid)
    body = json.loads(api.requests[-1].content)
    assert body["id"] == rid and rid.startswith("render_")
    assert body["sessionId"] == client.session().session_id and "session_id" not in body
    assert body["output"] == {"format": "mp4", "quality": "high"}


def test_an_interrupted_download_resumes_with_a_range_request(env, tmp_path):
    api = FakeApi()
    api.script["/api/render/proxy/r1/download"] = [httpx.Response(
        206, content=b"B" * 700, headers={"Content-Range": "bytes 300-999/1000"})]
    client, _ = make(env, api)
    part = tmp_path / "v.part"
    part.write_bytes(b"A" * 300)               # what a killed download left behind
    got = client.download("/api/render/proxy/r1/download", part, with_token=True)
    assert api.requests[-1].headers["range"] == "bytes=300-"
    assert part.read_bytes() == b"A" * 300 + b"B" * 700 and got.expected == 1000


def test_a_server_that_ignores_range_restarts_the_file(env, tmp_path):
    api = FakeApi()
    api.script["/api/render/proxy/r1/download"] = [httpx.Response(200, content=b"C" * 50)]
    client, _ = make(env, api)
    part = tmp_path / "v.part"
    part.write_bytes(b"A" * 300)
    got = client.download("/api/render/proxy/r1/download", part, with_token=True)
    assert part.read_bytes() == b"C" * 50 and got.expected == 50


def test_download_url_on_other_host_gets_no_token(env, tmp_path):
    api = FakeApi()
    api.script["/x.mp4"] = [httpx.Response(200, content=b"abc")]
    client, _ = make(env, api)
    (url, with_token), (fallback, fallback_token) = client.render_sources("r1", "http://cdn.elsewhere/x.mp4")
    assert with_token is False and fallback_token is True and fallback.startswith("/api/")
    client.download(url, tmp_path / "v.part", with_token=with_token)
    cdn = [r for r in api.requests if r.url.host == "cdn.elsewhere"]
    assert cdn and "authorization" not in cdn[0].headers


def test_upload_several_files_multipart_and_local_checks(env, tmp_path):
    api = FakeApi()
    client, _ = make(env, api)
    sid = client.session().session_id
    api.script[f"/api/upload-video/nemo_agent/me/{sid}"] = [ok({"files": [{"filename": "a.mp4"}, {"filename": "b.png"}]})]
    a, b = tmp_path / "a.mp4", tmp_path / "b.png"
    a.write_bytes(b"\0\0\0\x18ftypmp42" + b"\0" * 100_000)   # real headers: content is checked
    b.write_bytes(b"\x89PNG\r\n\x1a\n")
    files = client.upload_files([a, b])
    assert [f["filename"] for f in files] == ["a.mp4", "b.png"]
    body = api.requests[-1].read()
    assert body.count(b'name="files"') == 2
    with pytest.raises(errors.UnsupportedFile) as info:
        bad = tmp_path / "x.exe"
        bad.write_bytes(b"x")
        client.upload_files([bad])
    assert "mp4" in info.value.render("en")
    with pytest.raises(errors.BadInput):
        client.upload_files([tmp_path / "missing.mp4"])


def test_task_link_has_attribution_and_no_token(env):
    api = FakeApi()
    client, _ = make(env, api)
    s = client.session()
    link = client.task_link()
    assert link.startswith("https://nemovideo.com/workspace/claim?")
    for part in (f"task={s.task_id}", f"session={s.session_id}", "skill_name=video-generator-free-models",
                 "skill_version=1.0.0", "skill_source=cursor"):
        assert part in link
    assert TOKEN not in link and "token" not in link


def test_token_not_in_reprs(env):
    api = FakeApi()
    client, _ = make(env, api, NEMO_TOKEN="nmv_env_secret")
    client.credits()
    assert "nmv_env_secret" not in repr(client) + repr(client.auth) + repr(client.settings) + repr(client.http.client)


def test_store_db_is_private(env):
    api = FakeApi()
    client, _ = make(env, api)
    client.credits()
    mode = (client.settings.config_dir / "video-skill.db").stat().st_mode & 0o777
    assert mode == 0o600


def test_time_scale_env_scales_every_wait():
    t = Timings.from_env({"VIDEO_SKILL_TIME_SCALE": "0.01"})
    assert t.still_working_every == pytest.approx(1.2) and t.turn_limit == pytest.approx(9.0)
    assert t.rate_limit_wait == pytest.approx(0.3) and t.recovery_poll_every == pytest.approx(0.3)
    assert Timings.from_env({"VIDEO_SKILL_TIME_SCALE": "nonsense"}) == Timings()

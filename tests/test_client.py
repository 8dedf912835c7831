"""Every client capability against the local backend over real HTTP."""
from __future__ import annotations

import pytest

from skill.core import config, errors
from skill.core import mp4
from skill.api.client import NemoClient, new_render_id
from skill.core.timing import Timings

FAST = Timings(render_poll_every=0.05, render_max=30, rate_limit_wait=0.05, connect_retry_wait=0.05)


@pytest.fixture
def make_client(tmp_path):
    clients = []

    def make(backend, **env):
        settings = config.from_env({"NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(tmp_path / "cfg"), **env})
        client = NemoClient(settings, timings=FAST)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


def generated_draft(backend, client) -> dict:
    """Generate a clip through the backend so the draft points at a real media file."""
    sid = client.session().session_id
    token = client.auth.token()
    backend.chat(sid, "generate a 5-second video of the sea", token=token)
    return client.state()["draft"]


def test_credits_state_and_session_reuse(shared_backend, make_client):
    client = make_client(shared_backend)
    credits = client.credits()
    assert credits.available == 100 and credits.total == credits.available + credits.frozen
    state = client.state()
    assert "draft" in state
    sid = client.session().session_id
    assert make_client(shared_backend).session().session_id == sid   # persisted, reused
    assert client.task_link().endswith("skill_source=unknown") and f"session={sid}" in client.task_link()


def test_upload_files_and_urls(shared_backend, make_client, tmp_path):
    client = make_client(shared_backend)
    a, b = tmp_path / "clip.mp4", tmp_path / "song.mp3"
    a.write_bytes(b"\0\0\0\x18ftypmp42" + b"\0" * 200_000)   # an MP4 box header: content is checked
    b.write_bytes(b"ID3" + b"\0" * 1000)
    files = client.upload_files([a, b])
    assert [f["filename"] for f in files] == ["clip.mp4", "song.mp3"]
    assert all(f.get("cdn_url") for f in files)
    by_url = client.upload_urls(["https://example.com/beach.mp4"])
    assert by_url and by_url[0]["cdn_url"]


def test_upload_too_large_for_the_server(backend_factory, make_client, tmp_path):
    backend = backend_factory(max_upload_bytes=1000)
    client = make_client(backend)
    big = tmp_path / "big.mp4"
    big.write_bytes(b"\0\0\0\x18ftypmp42" + b"\0" * 5000)
    with pytest.raises(errors.FileTooLarge) as info:
        client.upload_files([big])
    assert "500 MB" in info.value.render("en") and "compress" in info.value.render("en")


@pytest.mark.parametrize("layout", ["vendor", "seed"])
def test_render_submit_poll_download_both_layouts(backend_factory, make_client, tmp_path, layout):
    backend = backend_factory(render_layout=layout)
    client = make_client(backend)
    draft = generated_draft(backend, client)
    rid = new_render_id()
    client.render_submit(draft, rid)
    seen = []
    final = client.render_wait(rid, on_progress=seen.append)
    assert final.status == "completed" and final.url
    url, with_token = client.render_sources(rid, final.url)[0]
    got = client.download(url, tmp_path / "out.mp4.part", with_token=with_token)
    assert got.expected == got.path.stat().st_size > 1000 and mp4.is_complete(got.path)
    assert backend.stats()["renders_submitted"] == 1
    assert not backend.stats().get("missing_attribution")


def test_render_url_unreachable_falls_back_to_download_endpoint(shared_backend, make_client, tmp_path):
    client = make_client(shared_backend)
    draft = generated_draft(shared_backend, client)
    shared_backend.fault("url_unreachable")
    rid = new_render_id()
    client.render_submit(draft, rid)
    final = client.render_wait(rid)
    assert final.status == "completed"
    (url, _), (fallback, with_token) = client.render_sources(rid, final.url)
    with pytest.raises(errors.SkillError):
        client.download(url, tmp_path / "v.part", with_token=False)
    got = client.download(fallback, tmp_path / "v.part", with_token=with_token)
    assert mp4.is_complete(got.path)


def test_render_fail_and_cancel(shared_backend, make_client):
    client = make_client(shared_backend)
    draft = generated_draft(shared_backend, client)
    shared_backend.fault("render_fail")
    first = new_render_id()
    client.render_submit(draft, first)
    failed = client.render_wait(first)
    assert failed.status == "failed"
    rid = new_render_id()                                 # a retry uses a new id
    client.render_submit(draft, rid)
    client.render_cancel(rid)
    assert client.render_poll(rid).status in ("failed", "cancelled", "canceled")


def test_server_errors_rate_limit_and_lost_session(shared_backend, make_client):
    client = make_client(shared_backend)
    client.session()
    shared_backend.fault("status:503", path="/api/credits")
    with pytest.raises(errors.BackendUnavailable) as info:
        client.credits()
    assert info.value.exit_code == 3
    shared_backend.fault("rate_limit", path="/api/credits")
    assert client.credits().available == 100             # waited, retried once
    old = client.session().session_id
    shared_backend.fault("lose_session", path="/api/state")
    client.state()
    assert client.session().session_id != old and client.take_notices() == ["project_restarted"]
    shared_backend.fault("expire_token", path="/api/credits")
    assert client.credits().available == 100             # fresh token, same client id


def test_rest_error_statuses_are_understood(backend_factory, make_client):
    backend = backend_factory(error_http="rest")
    client = make_client(backend)
    client.session()
    backend.fault("lose_session", path="/api/state")
    client.state()
    assert client.take_notices() == ["project_restarted"]
    backend.fault("expire_token", path="/api/credits")
    assert client.credits().available == 100


def test_unreachable_backend(make_client):
    class Nowhere:
        url = "http://127.0.0.1:9"
    client = make_client(Nowhere)
    with pytest.raises(errors.BackendUnavailable) as info:
        client.credits()
    assert not info.value.sent

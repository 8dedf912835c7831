"""Export over real HTTP: submit, poll, download a real MP4, both response
layouts, the render faults, cancel, one render per session, HTTP 402."""
import time
import uuid

import httpx
import pytest

DRAFT = {"d": 3000, "m": {"width": 1080, "height": 1920, "ratio": "9:16", "fps": 30},
         "t": [{"tt": 0, "id": "trk_v1", "sg": [{"id": "seg_1", "s": 0, "d": 3000, "m": {"title": "x"}}]},
               {"tt": 1, "id": "trk_a1", "sg": [{"id": "seg_2", "s": 0, "d": 3000,
                                                  "m": {"title": "Lo-fi", "volume": 35}}]},
               {"tt": 7, "id": "trk_t1", "sg": [{"id": "seg_3", "s": 0, "d": 2000,
                                                  "m": {"text": "Urban: Dreams, 100% 'quoted'"}}]}]}


def _rid():
    return "render_" + uuid.uuid4().hex


def _submit(b, sid, rid=None, token=None, draft=DRAFT, headers=None):
    h = headers if headers is not None else b.headers(token)
    return httpx.post(b.url + "/api/render/proxy/lambda", headers=h, timeout=10,
                      json={"id": rid or _rid(), "sessionId": sid, "draft": draft,
                            "output": {"format": "mp4", "quality": "high"}})


def _status(body):
    """Either layout: (status, progress, url)."""
    if "data" in body:
        d = body["data"]
        return d["status"], d["progress"], d.get("outputUrl")
    return body["status"], body["progress"], (body.get("output") or {}).get("url")


def _poll_until_done(b, rid, token=None, timeout=20):
    seen = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        body = httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=b.headers(token)).json()
        assert body["success"] is True
        seen.append(_status(body))
        if seen[-1][0] in ("completed", "failed"):
            return seen, body
        time.sleep(0.03)
    raise AssertionError(f"render not finished: {seen[-3:]}")


def _assert_mp4(content: bytes):
    assert content[4:8] == b"ftyp" and len(content) > 3000


@pytest.mark.parametrize("layout", ["vendor", "seed"])
def test_render_submit_poll_download(backend_factory, layout):
    b = backend_factory(render_layout=layout)
    sid = b.new_session()
    rid = _rid()
    r = _submit(b, sid, rid)
    assert r.status_code == 200
    body = r.json()
    assert body["success"] is True
    if layout == "vendor":
        assert body["data"]["id"] == rid and "outputUrl" in body["data"]
    else:
        assert body["id"] == rid and "url" in body["output"]
    assert _status(body)[0] == "pending"
    seen, final = _poll_until_done(b, rid)
    statuses = [s for s, _, _ in seen]
    assert "processing" in statuses and statuses[-1] == "completed"
    progress = [p for _, p, _ in seen]
    assert progress == sorted(progress) and progress[-1] == 100
    url = _status(final)[2]
    assert url.startswith(b.url)
    _assert_mp4(httpx.get(url).content)
    dl = httpx.get(f"{b.url}/api/render/proxy/{rid}/download", headers=b.headers())
    assert dl.status_code == 200 and dl.headers["content-type"] == "video/mp4"
    assert int(dl.headers["content-length"]) == len(dl.content)
    _assert_mp4(dl.content)
    assert b.stats()["renders_submitted"] == 1
    # export is free
    assert httpx.get(b.url + "/api/credits/balance/simple", headers=b.headers()).json()["data"]["available"] == 100


def test_render_of_a_generated_draft_matches_its_length(backend_factory):
    from skill.backend import media

    backend = backend_factory(time_scale=0.003)
    sid = backend.new_session()
    backend.chat(sid, "generate a 5 second video of a lighthouse")
    draft = backend.state(sid)["draft"]
    rid = _rid()
    _submit(backend, sid, rid, draft=draft)
    _, final = _poll_until_done(backend, rid)
    path = backend.data_dir / "renders" / f"{rid}.mp4"
    info = media.probe(path)
    assert abs(info["duration"] - 5.0) < 0.3 and (info["width"], info["height"]) == (1920, 1080)
    # the generated clip's own URL serves a real MP4 too
    _assert_mp4(httpx.get(draft["t"][0]["sg"][0]["m"]["src"]).content)


def test_render_fail(shared_backend):
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    b.fault("render_fail")
    rid = _rid()
    _submit(b, sid, rid, token=tok)
    seen, final = _poll_until_done(b, rid, token=tok)
    assert seen[-1][0] == "failed" and seen[-1][2] is None and final["data"]["error"]
    dl = httpx.get(f"{b.url}/api/render/proxy/{rid}/download", headers=b.headers(tok))
    assert dl.status_code == 409 and dl.json()["success"] is False
    # retry with a new id works
    rid2 = _rid()
    _submit(b, sid, rid2, token=tok)
    assert _poll_until_done(b, rid2, token=tok)[0][-1][0] == "completed"


def test_url_unreachable_but_download_works(shared_backend):
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    rid = _rid()
    _submit(b, sid, rid, token=tok, headers={**b.headers(tok), "X-Local-Fault": "url_unreachable"})
    seen, _ = _poll_until_done(b, rid, token=tok)
    url = seen[-1][2]
    assert seen[-1][0] == "completed" and not url.startswith(b.url)
    with pytest.raises(httpx.HTTPError):
        httpx.get(url, timeout=2)
    _assert_mp4(httpx.get(f"{b.url}/api/render/proxy/{rid}/download", headers=b.headers(tok)).content)


def test_duplicate_id_and_one_render_per_session_and_cancel(backend_factory):
    b = backend_factory(time_scale=0.1)     # slow renders: 0.5 s pending, 4 s processing
    sid = b.new_session()
    rid = _rid()
    assert _submit(b, sid, rid).json()["success"] is True
    dup = _submit(b, b.new_session(), rid)
    assert dup.status_code == 409 and dup.json()["success"] is False and "already exists" in dup.json()["message"]
    busy = _submit(b, sid)
    assert busy.status_code == 409 and "already running" in busy.json()["message"]
    other = _submit(b, b.new_session())     # another session may render at the same time
    assert other.json()["success"] is True
    c = httpx.post(f"{b.url}/api/render/proxy/lambda/{rid}/cancel", headers=b.headers())
    assert c.status_code == 200 and _status(c.json())[0] == "failed" and c.json()["data"]["error"] == "cancelled"
    again = httpx.post(f"{b.url}/api/render/proxy/lambda/{rid}/cancel", headers=b.headers())
    assert again.status_code == 409
    assert _submit(b, sid).json()["success"] is True     # the session is free again
    time.sleep(0.6)
    assert _status(httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=b.headers()).json())[0] == "failed"


def test_export_without_attribution_is_402(shared_backend):
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    for missing in ("X-Skill-Source", "X-Skill-Version", "X-Skill-Platform"):
        h = {k: v for k, v in b.headers(tok).items() if k != missing}
        r = _submit(b, sid, headers=h)
        assert r.status_code == 402 and r.json()["code"] == 402 and "export" in r.json()["message"].lower()


def test_bad_render_requests(shared_backend):
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    for bad_id in ("", None, 42, "has spaces/and slashes"):
        r = httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(tok),
                       json={"id": bad_id, "sessionId": sid, "draft": DRAFT})
        assert r.status_code == 400 and r.json()["success"] is False
    assert _submit(b, sid, token=tok, draft={"t": []}).status_code == 400
    r = httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(tok),
                   json={"id": _rid(), "session_id": sid, "draft": DRAFT})
    assert r.status_code == 400 and "sessionId" in r.json()["message"]
    unknown = httpx.get(f"{b.url}/api/render/proxy/lambda/render_nope", headers=b.headers(tok))
    assert unknown.status_code == 404
    # someone else's render is not visible
    rid = _rid()
    _submit(b, sid, rid, token=tok)
    other = b.headers(b.token())
    assert httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=other).status_code == 404
    assert httpx.get(f"{b.url}/api/render/proxy/{rid}/download", headers=other).status_code == 404


def test_render_draws_the_title_when_a_font_exists(tmp_path):
    import subprocess

    from skill.backend import media

    if media.font() is None:
        pytest.skip("no TrueType font on this machine (titles are optional)")

    def frame(title):
        out = media.render_clip(tmp_path / f"{len(title)}.mp4", 2, "16:9", title, color="0x336699")
        raw = subprocess.run([media.ffmpeg(), "-loglevel", "error", "-ss", "1", "-i", str(out), "-frames:v", "1",
                              "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True).stdout
        return raw

    plain, titled = frame(""), frame("Urban: Dreams, 100% 'quoted'")
    assert len(plain) == len(titled) == 320 * 180
    assert sum(1 for a, b in zip(plain, titled) if abs(a - b) > 40) > 200   # white letters on blue

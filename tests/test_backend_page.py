"""The project page of the local backend (`GET /workspace/claim?task=&session=`) and the JSON it
polls (`GET /workspace/api/project`), over real HTTP: a real generation through /run_sse, a real
export, then the page; access by task + session only; escaping; live status. The pure view model
(skill/backend/project.py) is tested at the end without a server."""
from __future__ import annotations

import re
import threading
import time
import uuid

import httpx
import pytest
from hypothesis import example, given, settings, strategies as st

from pagekit import API, PAGE, export as _export, new_session as _session, page_url
from skill.backend import project, workspace


def _page(b, task, sid, path=PAGE) -> httpx.Response:
    return httpx.get(page_url(b, task, sid, path), timeout=10)


def _attr(html: str, tag: str, name: str) -> str:
    m = re.search(rf"<{tag}\b[^>]*\s{name}=\"([^\"]*)\"", html)
    assert m, f"no <{tag} {name}=…> in the page"
    return m.group(1)


@pytest.mark.parametrize("layout", ["vendor", "seed"])
def test_page_shows_the_project_and_plays_its_export(backend_factory, layout):
    b = backend_factory(render_layout=layout)
    task, sid = _session(b)
    b.chat(sid, "generate a 3-second video of a sunset over the ocean")
    rid = _export(b, sid)

    r = _page(b, task, sid)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["cache-control"] == "no-store" and r.headers["referrer-policy"] == "no-referrer"
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'nonce-" in csp
    html = r.text
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html and '<meta charset="utf-8">' in html
    assert '<h1 id="title">Sunset over the Ocean</h1>' in html
    # the timeline: one row per track, boxes placed by start/duration
    for row in ('class="row video"', 'class="row music"', 'class="row title"'):
        assert row in html
    assert 'style="left:0.0%;width:100.0%"' in html            # the clip and the music: all 3 s
    assert re.search(r'style="left:0\.0%;width:100\.0%"[^>]*><span class="name">Upbeat · 30%</span>', html)
    assert "0:03 total" in html
    # the latest export, playable, from this origin
    src, poster = _attr(html, "video", "src"), _attr(html, "video", "poster")
    assert src == f"/media/{rid}.mp4" and poster == f"/media/{rid}.png"
    video = httpx.get(b.url + src, timeout=10)
    assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
    assert video.content[4:8] == b"ftyp" and len(video.content) > 3000
    png = httpx.get(b.url + poster, timeout=10)
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Up to date" in html and "changed since this export" not in html

    # the JSON the page polls: the same project, and the fragments the script swaps in
    j = _page(b, task, sid, API).json()
    assert j["title"] == "Sunset over the Ocean" and j["busy"] is False and j["running"] == []
    assert [t["kind"] for t in j["timeline"]["tracks"]] == ["video", "music", "title"]
    assert j["timeline"]["duration_ms"] == 3000
    assert j["export"] == {"id": rid, "video": src, "poster": poster, "stale": False}
    assert f'src="{src}"' in j["html"]["export"] and "Sunset over the Ocean" in j["html"]["timeline"]

    # an edit after the export: the timeline moves on, the export says it is older
    b.chat(sid, "lower the music to 20%")
    j = _page(b, task, sid, API).json()
    assert j["timeline"]["tracks"][1]["segments"][0]["label"] == "Upbeat · 20%"
    assert j["export"]["stale"] is True and "changed since this export" in j["html"]["export_note"]


def test_only_a_matching_task_and_session_open_the_page(backend):
    b = backend
    task, sid = _session(b)
    other_task, other_sid = _session(b, token=b.token())    # another user's project
    b.chat(sid, "generate a 3-second video of a forest")
    assert _page(b, task, sid).status_code == 200
    wrong = [(task, other_sid), (other_task, sid), ("task_" + "0" * 16, sid), (task, "1" * 19),
             ("", sid), (task, ""), (task.upper(), sid), (task + "x", sid)]
    for t, s in wrong:
        for path in (PAGE, API):
            r = _page(b, t, s, path)
            assert r.status_code == 404, (t, s, path)
            assert "Forest" not in r.text and "forest" not in r.text and sid not in r.text
    r = httpx.get(b.url + PAGE, timeout=10)                  # no query at all
    assert r.status_code == 404 and "Project not found" in r.text
    # no token needed, and a token does not replace the task id
    r = httpx.get(b.url + PAGE, params={"session": sid}, headers=b.headers(), timeout=10)
    assert r.status_code == 404
    # the page is not API traffic: not counted per path
    assert not any(k.startswith("/workspace") for k in b.stats()["requests"])


def test_json_reports_what_is_running(backend_factory):
    b = backend_factory(time_scale=0.03)    # stage two of a generation lasts 0.66 s: room to see it
    task, sid = _session(b)
    seen: list[str] = []

    def watch(stop: threading.Event):
        while not stop.is_set():
            for r in _page(b, task, sid, API).json()["running"]:
                if not seen or seen[-1] != r["label"]:
                    seen.append(r["label"])
            time.sleep(0.02)

    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(stop,), daemon=True)
    watcher.start()
    try:
        b.chat(sid, "generate a 3-second video of a city at night")
        _export(b, sid)
        time.sleep(0.1)
    finally:
        stop.set()
        watcher.join(10)
    assert "Generating…" in seen and "Adding music and a title…" in seen
    assert "Export queued…" in seen or any(s.startswith("Rendering ") for s in seen)
    rendering = [int(s.split()[1].rstrip("%")) for s in seen if re.fullmatch(r"Rendering \d+%", s)]
    assert rendering and rendering == sorted(rendering) and all(1 <= p <= 99 for p in rendering), seen
    j = _page(b, task, sid, API).json()
    assert j["busy"] is False and j["running"] == [] and j["export"]
    assert "Up to date" in j["html"]["status"]


def test_a_render_in_progress_shows_in_the_page(backend):
    b = backend
    task, sid = _session(b)
    b.chat(sid, "generate a 10-second video of snow in the mountains")
    rid = "render_" + uuid.uuid4().hex
    httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(), timeout=10,
               json={"id": rid, "sessionId": sid, "draft": b.state(sid)["draft"]})
    end = time.monotonic() + 30
    while time.monotonic() < end:
        html = _page(b, task, sid).text
        m = re.search(r"Rendering (\d+)% <progress max=\"100\" value=\"(\d+)\">", html)
        if m:
            assert m.group(1) == m.group(2)
            break
        time.sleep(0.05)
    else:
        raise AssertionError("never saw the render running in the page")
    assert "Exporting…" in html and "No export yet" not in html
    httpx.post(f"{b.url}/api/render/proxy/lambda/{rid}/cancel", headers=b.headers(), timeout=10)
    j = _page(b, task, sid, API).json()
    assert j["export"] is None and j["notice"] == "The last export was cancelled." and not j["busy"]


def test_text_from_the_backend_is_escaped(backend):
    b = backend
    task, sid = _session(b)
    b.chat(sid, "generate a 3-second video of a beach")
    evil = '<script>alert(1)</script>'
    b.chat(sid, f"add a title that says '{evil}'")
    assert b.state(sid)["draft"]["t"][-1]["sg"][0]["m"]["text"] == evil
    html = _page(b, task, sid).text
    assert evil not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script") == 1                        # only the page's own (nonce'd) script
    j = _page(b, task, sid, API).json()
    assert j["title"] == evil                                # JSON carries the text; the script sets textContent
    assert all(evil not in frag for frag in j["html"].values())
    b.chat(sid, """change the title to 'say "hi" & <b>bye</b>'""")
    html = _page(b, task, sid).text
    assert "<b>" not in html and 'say "hi"' not in html
    assert 'title="say &#34;hi&#34; &amp; &lt;b&gt;bye&lt;/b&gt; (0–3 s)"' in html   # an attribute


def test_chinese_and_empty_projects(backend):
    b = backend
    task, sid = _session(b)
    r = _page(b, task, sid)
    assert r.status_code == 200
    assert "Untitled project" in r.text and "No timeline yet" in r.text and "No export yet" in r.text
    b.chat(sid, "生成一段5秒的海边日落视频")
    r = _page(b, task, sid)
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    title = b.state(sid)["draft"]["t"][-1]["sg"][0]["m"]["text"]
    assert re.search("[\u4e00-\u9fff]", title)
    assert f'<h1 id="title" lang="zh-Hans">{title}</h1>' in r.content.decode("utf-8")


# --------------------------------------------------------------------------- the view model (pure)
def test_view_tolerates_odd_drafts_and_reads_volumes():
    draft = {"m": {"ratio": "9:16", "width": 1080, "height": 1920},
             "t": [{"tt": 0, "sg": [{"s": 0, "d": 4000, "m": {"src": "http://h/media/clip.mp4"}},
                                    {"s": 4000, "d": 2000, "m": {}}, "junk"]},
                   {"tt": 1, "sg": [{"s": 0, "d": 6000, "m": {"title": "Jazz", "volume": 0.35}}]},
                   {"tt": 7, "sg": [{"s": 1000, "d": 0, "m": {"text": "  Hi\nthere  "}}]},
                   {"tt": 3, "sg": [{"s": "x", "d": None}]}, None, "junk"]}
    v = project.view({"draft": draft, "generated_media": []}, [])
    tl = v["timeline"]
    assert tl["duration_ms"] == 6000 and tl["duration"] == "0:06" and tl["size"] == "1080×1920"
    video, music, title, other = tl["tracks"]
    assert [s["label"] for s in video["segments"]] == ["clip.mp4", "Clip"]
    assert video["segments"][1]["left"] == pytest.approx(66.667) and video["segments"][1]["span"] == "4–6 s"
    assert music["segments"][0]["label"] == "Jazz · 35%"
    assert title["segments"][0]["width"] == project.MIN_BOX_PCT and title["segments"][0]["label"] == "Hi there"
    assert other["kind"] == "other" and other["segments"][0]["left"] == 0.0
    assert v["title"] == "Hi there" and v["export"] is None and v["busy"] is False
    assert project.view({}, [])["title"] == "Untitled project"
    assert project.view({"draft": "nonsense"}, [])["timeline"]["tracks"] == []
    odd = {"draft": {"d": "x", "t": [{"tt": 0, "sg": 5}, {"tt": 1, "sg": {"a": 1}}], "m": []},
           "generated_media": [{"url": ["x"]}, 3]}
    assert [t["segments"] for t in project.view(odd, [])["timeline"]["tracks"]] == [[], []]
    assert project.view({"draft": {"t": 7}, "generated_media": "x"}, [])["title"] == "Untitled project"
    late = project.timeline({"d": 1000, "t": [{"tt": 7, "sg": [{"s": 1000, "d": 500}]}]})
    assert late["tracks"][0]["segments"][0]["left"] + late["tracks"][0]["segments"][0]["width"] == 100


def test_view_title_fallbacks_exports_and_running():
    clip = {"tt": 0, "sg": [{"s": 0, "d": 5000, "m": {"title": "a red fox", "src": "u", "kind": "generated"}}]}
    upload = {"tt": 0, "sg": [{"s": 0, "d": 5000, "m": {"title": "IMG_0001", "src": "v", "kind": "upload"}}]}
    assert project.title_of({"draft": {"t": [clip]}}) == "a red fox"
    assert project.title_of({"draft": {"t": [upload]}}) == "Untitled project"
    assert project.title_of({"draft": {"t": [upload]},
                             "generated_media": [{"url": "v", "prompt": "foxes"}]}) == "foxes"
    draft = {"d": 5000, "t": [clip]}
    done = {"id": "r1", "status": "completed", "video": "/media/r1.mp4", "poster": None, "draft": draft}
    failed = {"id": "r2", "status": "failed", "error": "boom", "draft": draft}
    running = {"id": "r3", "status": "processing", "progress": 42, "draft": draft}
    v = project.view({"draft": draft}, [running, failed, done], "edit")
    assert v["export"] == {"id": "r1", "video": "/media/r1.mp4", "poster": None, "stale": False}
    assert v["notice"] == "The last export failed: boom"
    assert [r["label"] for r in v["running"]] == ["Editing…", "Rendering 42%"] and v["busy"]
    gone = dict(done, video=None)                            # completed, but its file is gone
    assert project.view({"draft": draft}, [gone])["export"] is None
    zh = project.view({"draft": {"t": [{"tt": 7, "sg": [{"s": 0, "d": 1, "m": {"text": "日落"}}]}]}}, [])
    assert zh["title_lang"] == "zh-Hans" and zh["timeline"]["tracks"][0]["segments"][0]["lang"] == "zh-Hans"
    assert [t["label"] for t in project.timeline({"d": 45000})["ticks"]] == \
        ["0s", "5s", "10s", "15s", "20s", "25s", "30s", "35s", "40s"]


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                         st.sampled_from(["t", "tt", "sg", "s", "d", "m", "text", "title", "volume", "src",
                                          "kind", "url", "prompt", "width", "height", "ratio"]),
                         inner, max_size=6), max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(draft=_JSON, media=_JSON)
# Found by CI: a track type that is a list is not a key the kinds table can take.
@example(draft={"t": [{"tt": []}]}, media=None)
@example(draft={"t": [{"tt": {"a": 1}, "sg": [{"s": 0, "d": 1000}]}]}, media=[{"url": ["x"]}])
def test_view_and_page_fragments_never_fail_on_any_json(draft, media):
    v = project.view({"draft": draft, "generated_media": media}, [])
    assert isinstance(v["title"], str) and v["title"]
    for box in (b for t in v["timeline"]["tracks"] for b in t["segments"]):
        assert 0 <= box["left"] <= 100 and 0 < box["width"] <= 100 and box["left"] + box["width"] <= 100.001
    assert set(workspace.fragments(v)) == set(workspace.FRAGMENTS)

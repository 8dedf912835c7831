"""The local agent end to end, over HTTP, through the real local backend (issue 20):
a Chinese trim does what the English one does; an uploaded clip reaches the
timeline where it was asked for (by name, as "the clip I just uploaded", as
"this"), and a render of that draft includes it; the polite Chinese prompt of the
issue gets a title from its own words and a snowy night scene."""
from __future__ import annotations

import re
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest

from skill.backend import media, scenes


def _texts(events) -> list[str]:
    return [p["text"] for e in events if isinstance(e, dict) and "content" in e and not e.get("partial")
            for p in e["content"]["parts"] if p.get("text") and not p.get("thought")]


def _video(draft) -> list[dict]:
    return sorted((s for t in draft["t"] if t["tt"] == 0 for s in t["sg"]), key=lambda s: s["s"])


def _generated(b, sid, seconds=3) -> dict:
    b.chat(sid, f"generate a {seconds} second video of the sea")
    draft = b.state(sid)["draft"]
    assert draft["d"] == seconds * 1000 and len(_video(draft)) == 1
    return draft


def _upload(b, sid, path: Path, name: str) -> dict:
    with open(path, "rb") as fh:
        r = httpx.post(f"{b.url}/api/upload-video/nemo_agent/me/{sid}", headers=b.headers(),
                       files=[("files", (name, fh, "video/mp4"))], timeout=30)
    assert r.status_code == 200 and r.json()["code"] == 0, r.text
    return r.json()["data"]["files"][0]


def _render(b, sid, draft, timeout=120) -> Path:
    rid = "render_" + uuid.uuid4().hex
    r = httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(), timeout=10,
                   json={"id": rid, "sessionId": sid, "draft": draft, "output": {"format": "mp4"}})
    assert r.status_code == 200 and r.json()["success"] is True, r.text
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        data = httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=b.headers(), timeout=10).json()["data"]
        if data["status"] in ("completed", "failed"):
            assert data["status"] == "completed", data
            return b.data_dir / "renders" / f"{rid}.mp4"
        time.sleep(0.05)
    raise AssertionError("render did not finish")


def _duration(path: Path) -> float:
    err = subprocess.run([media.ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", err).groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


def _rgb(path: Path, t: float) -> tuple[float, float, float]:
    """The mean colour of the frame at `t` s, on a 16x9 thumbnail."""
    raw = subprocess.run([media.ffmpeg(), "-loglevel", "error", "-ss", f"{t}", "-i", str(path), "-frames:v", "1",
                          "-vf", "scale=16:9", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True).stdout
    n = len(raw) // 3
    return tuple(sum(raw[c::3]) / n for c in range(3))


def _close(a, b, tol=24) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b))


# --------------------------------------------------------------------------- trims
@pytest.mark.timeout(90)
def test_a_chinese_trim_shortens_the_clip_like_the_english_one(backend):
    out = {}
    for msg in ("开头剪掉两秒", "cut the first 2 seconds", "麻烦把开头的两秒去掉"):
        sid = backend.new_session()
        _generated(backend, sid, 5)
        texts = _texts(backend.chat(sid, msg))
        draft = backend.state(sid)["draft"]
        seg = _video(draft)[0]
        out[msg] = (draft["d"], seg["d"], seg["m"].get("in"))
        assert texts and ("剪掉了开头2秒" in texts[0] if "秒" in msg else "cut the first 2 seconds" in texts[0])
    assert set(out.values()) == {(3000, 3000, 2000)}, out


# --------------------------------------------------------------------------- uploaded clips
@pytest.mark.timeout(180)
def test_an_uploaded_clip_is_placed_where_asked_and_rendered(backend, tiny_mp4):
    b = backend
    clip_ms = round(media.probe(tiny_mp4)["duration"] * 1000)
    cases = [("put beach.mp4 at the start", 0), ("put the clip I just uploaded at the end", -1),
             ("把刚上传的视频放到开头", 0), ("use this as the ending", -1),
             ("here's some footage of mine: /home/me/Videos/beach.mp4 - put it at the end", -1)]
    drafts = {}
    for msg, index in cases:
        sid = b.new_session()
        before = _generated(b, sid, 3)
        up = _upload(b, sid, tiny_mp4, "beach.mp4")
        assert b.state(sid)["draft"] == before                  # an upload into a project waits to be placed
        texts = _texts(b.chat(sid, msg))
        draft = b.state(sid)["draft"]
        video = _video(draft)
        assert len(video) == 2 and video[index]["m"]["src"] == up["cdn_url"], (msg, video)
        assert video[index]["d"] == clip_ms and draft["d"] == 3000 + clip_ms
        assert [s["s"] for s in video] == [0, video[0]["d"]]    # one after the other, no gap
        assert texts and "beach.mp4" in texts[0], texts
        drafts[(msg, index)] = (sid, draft)
    # a render of the draft holds the clip: it is longer by the clip, and the clip's frames are there
    src = _rgb(tiny_mp4, 1.0)
    for (msg, index), (sid, draft) in list(drafts.items())[:2]:
        path = _render(b, sid, draft)
        assert abs(_duration(path) - (3 + clip_ms / 1000)) < 0.3, msg
        at_clip = 1.0 if index == 0 else 3 + 1.0
        at_scene = 3 + clip_ms / 1000 - 1.0 if index == 0 else 1.0
        assert _close(_rgb(path, at_clip), src), (msg, _rgb(path, at_clip), src)
        assert not _close(_rgb(path, at_scene), src), msg


@pytest.mark.timeout(60)
def test_placing_a_clip_when_nothing_was_uploaded_says_so(backend):
    sid = backend.new_session()
    before = _generated(backend, sid, 3)
    texts = _texts(backend.chat(sid, "put the clip I just uploaded at the end"))
    assert texts == ["There's no uploaded clip in this project yet. Upload one, then tell me where to put it: "
                     "at the start, at the end, or after a segment."]
    assert backend.state(sid)["draft"] == before


# --------------------------------------------------------------------------- the prompt
@pytest.mark.timeout(90)
def test_the_polite_chinese_prompt_gets_its_own_title_and_a_snowy_night(backend):
    sid = backend.new_session()
    texts = _texts(backend.chat(sid, "你好，麻烦帮我做一个12秒的视频，内容是下雪的小镇夜景"))
    state = backend.state(sid)
    draft = state["draft"]
    title = next(s for t in draft["t"] if t["tt"] == 7 for s in t["sg"])
    video = _video(draft)[0]
    assert draft["d"] == 12000 and title["m"]["text"] == "下雪的小镇夜景"
    assert video["m"]["title"] == "下雪的小镇夜景"
    assert not any("你描述的场景" in t for t in texts) and "下雪的小镇夜景" in texts[0]
    prompt = state["generated_media"][0]["prompt"]
    scene = scenes.scene_for(prompt)
    assert prompt == "下雪的小镇夜景" and scene.theme == "snow" and scene.theme != "default"
    assert scene.particles == "snow" and scene.body == "moon"       # snow falling at night, not red and dots

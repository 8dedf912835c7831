"""What a user sees in a local render: the draft's canvas and fps, H.264 + AAC
stereo, titles at their times (CJK as glyphs, not boxes), uploaded footage
trimmed into its segment, the music at its volume, a poster, real progress.

Renders go through the running backend (submit → poll → file); drafts are
short (1.5-3 s) to keep the suite fast on 2 cores."""
from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest

from skill.backend import launcher, media
from skill.backend.serve import time_scale


# --------------------------------------------------------------------------- helpers
def _rid() -> str:
    return "render_" + uuid.uuid4().hex


def _render(b, draft: dict, token: str | None = None, sid: str | None = None, timeout: float = 90):
    """Submit, poll to the end; returns (path of the MP4, final answer, progress values seen)."""
    sid = sid or b.new_session(token)
    rid = _rid()
    r = httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(token), timeout=10,
                   json={"id": rid, "sessionId": sid, "draft": draft, "output": {"format": "mp4"}})
    assert r.status_code == 200 and r.json()["success"] is True, r.text
    seen = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        body = httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=b.headers(token), timeout=10).json()
        data = body.get("data", body)
        seen.append(data["progress"])
        if data["status"] in ("completed", "failed"):
            assert data["status"] == "completed", data
            return b.data_dir / "renders" / f"{rid}.mp4", body, seen
        time.sleep(0.05)
    raise AssertionError(f"render not finished in {timeout}s: {seen[-3:]}")


def _info(path: Path) -> dict:
    """What `ffmpeg -i` says (there is no ffprobe binary): codecs, size, fps, audio layout."""
    err = subprocess.run([media.ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True,
                         text=True).stderr
    video = next(line for line in err.splitlines() if "Video:" in line)
    audio = next((line for line in err.splitlines() if "Audio:" in line), "")
    w, h = map(int, re.search(r", (\d{2,5})x(\d{2,5})", video).groups())
    dur = re.search(r"Duration: (\d+):(\d+):([\d.]+)", err).groups()
    return {"vcodec": re.search(r"Video: (\w+)", video).group(1), "pix_fmt": "yuv420p" in video,
            "w": w, "h": h, "fps": float(re.search(r"([\d.]+) fps", video).group(1)),
            "acodec": (re.search(r"Audio: (\w+)", audio) or [None, None])[1],
            "rate": int((re.search(r"(\d+) Hz", audio) or [0, 0])[1]), "stereo": "stereo" in audio,
            "duration": int(dur[0]) * 3600 + int(dur[1]) * 60 + float(dur[2])}


def _frame(path: Path, t: float, w: int, h: int) -> bytes:
    raw = subprocess.run([media.ffmpeg(), "-loglevel", "error", "-ss", f"{t}", "-i", str(path),
                          "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True).stdout
    assert len(raw) == w * h
    return raw


def _region(frame: bytes, w: int, x0: int, y0: int, x1: int, y1: int) -> list[bytes]:
    return [frame[y * w + x0:y * w + x1] for y in range(y0, y1)]


def _bright(rows: list[bytes], level: int = 200) -> int:
    return sum(1 for row in rows for v in row if v >= level)


def _mean_volume(path: Path) -> float:
    err = subprocess.run([media.ffmpeg(), "-hide_banner", "-i", str(path), "-vn", "-af", "volumedetect",
                          "-f", "null", "-"], capture_output=True, text=True).stderr
    return float(re.search(r"mean_volume: (-?[\d.]+) dB", err).group(1))


def _draft(seconds: float, tracks: list, ratio: str = "16:9") -> dict:
    w, h = media.RATIOS[ratio]
    return {"d": int(seconds * 1000), "m": {"width": w, "height": h, "ratio": ratio, "fps": 30}, "t": tracks}


def _title(text: str, s: float, d: float, seg: str = "seg_t") -> dict:
    return {"tt": 7, "id": "trk_" + seg, "sg": [{"id": seg, "s": int(s * 1000), "d": int(d * 1000),
                                                 "m": {"text": text}}]}


# --------------------------------------------------------------------------- the canvas
def test_a_render_is_full_hd_h264_aac_stereo_with_a_poster_and_real_progress(shared_backend):
    b = shared_backend
    tok = b.token()
    d = 4000
    draft = _draft(4, [
        {"tt": 0, "id": "trk_v1", "sg": [{"id": "seg_1", "s": 0, "d": d, "m": {"title": "sunset over the sea"}}]},
        {"tt": 1, "id": "trk_a1", "sg": [{"id": "seg_2", "s": 0, "d": d, "m": {"title": "Lo-fi", "volume": 35}}]},
        _title("Golden Hour", 0, 1.5)])
    path, final, seen = _render(b, draft, tok)
    info = _info(path)
    assert (info["w"], info["h"], info["fps"]) == (1920, 1080, 30.0)
    assert info["vcodec"] == "h264" and info["pix_fmt"]
    assert info["acodec"] == "aac" and info["stereo"] and info["rate"] in (44100, 48000)
    assert abs(info["duration"] - 4.0) <= 0.5
    head = path.read_bytes()[:200_000]
    assert 0 <= head.find(b"moov") < head.find(b"mdat")     # +faststart: the index first
    # progress: what ffmpeg reported, rising, 100 at the end
    assert seen == sorted(seen) and seen[-1] == 100
    assert any(1 < p < 100 for p in seen)     # a value only ffmpeg's out_time can give
    # the poster: in the answer and at its own endpoint, a full-size PNG
    poster_url = final["data"]["posterUrl"]
    assert poster_url.startswith(b.url) and poster_url.endswith(".png")
    rid = path.stem
    png = httpx.get(f"{b.url}/api/render/proxy/{rid}/poster", headers=b.headers(tok), timeout=10)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png.content[16:20], "big"), int.from_bytes(png.content[20:24], "big")) == (1920, 1080)
    assert httpx.get(poster_url, timeout=10).content == png.content
    # same auth as the download endpoint
    assert httpx.get(f"{b.url}/api/render/proxy/{rid}/poster", timeout=10).status_code == 401
    other = b.headers(b.token())
    assert httpx.get(f"{b.url}/api/render/proxy/{rid}/poster", headers=other, timeout=10).status_code == 404


def test_seed_layout_gives_the_poster_beside_the_url(backend_factory):
    b = backend_factory(render_layout="seed")
    path, final, _ = _render(b, _draft(1.5, [_title("Seed", 0, 1.5)]))
    assert final["output"]["url"].endswith(f"{path.stem}.mp4")
    assert final["output"]["poster_url"] == final["output"]["url"][:-4] + ".png"
    assert httpx.get(final["output"]["poster_url"], timeout=10).content[:4] == b"\x89PNG"


def test_vertical_draft_renders_1080x1920_and_the_agent_sets_it(shared_backend):
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    b.chat(sid, "generate a 3 second vertical video of a forest", token=tok)
    draft = b.state(sid, token=tok)["draft"]
    assert (draft["m"]["width"], draft["m"]["height"], draft["m"]["ratio"]) == (1080, 1920, "9:16")
    b.chat(sid, "I want it square for instagram", token=tok)
    assert b.state(sid, token=tok)["draft"]["m"]["ratio"] == "1:1"
    path, _, _ = _render(b, _draft(2, [_title("竖屏", 0, 2)], "9:16"), tok)
    info = _info(path)
    assert (info["w"], info["h"]) == (1080, 1920) and abs(info["duration"] - 2) <= 0.5


# --------------------------------------------------------------------------- titles
def test_the_title_shows_at_its_time_and_not_after(shared_backend):
    b = shared_backend
    # no video segment: black, so only the title can light pixels up
    path, _, _ = _render(b, _draft(2.5, [_title("Urban Dreams", 0, 1.2)]), b.token())
    w, h = 1920, 1080
    band = (w // 6, h * 2 // 5, w * 5 // 6, h * 3 // 5)
    during = _bright(_region(_frame(path, 0.6, w, h), w, *band))
    after = _bright(_region(_frame(path, 2.0, w, h), w, *band))
    assert during > 2000 and after == 0


def test_cjk_titles_are_glyphs_not_boxes(shared_backend):
    """Two different characters: boxes (tofu) would draw the same shape twice."""
    b = shared_backend
    path, _, _ = _render(b, _draft(2, [_title("森", 0, 1, "seg_a"), _title("海", 1, 1, "seg_b")]), b.token())
    w, h = 1920, 1080
    box = (w // 2 - 150, h // 2 - 150, w // 2 + 150, h // 2 + 150)
    a = [bytes(1 if v > 160 else 0 for v in row) for row in _region(_frame(path, 0.5, w, h), w, *box)]
    c = [bytes(1 if v > 160 else 0 for v in row) for row in _region(_frame(path, 1.5, w, h), w, *box)]
    lit_a, lit_c = sum(map(sum, a)), sum(map(sum, c))
    assert lit_a > 500 and lit_c > 500     # something is drawn
    differ = sum(x != y for ra, rc in zip(a, c) for x, y in zip(ra, rc))
    assert differ > 0.3 * max(lit_a, lit_c)


def test_a_missing_cjk_font_fails_the_render_saying_which(monkeypatch, tmp_path):
    monkeypatch.setattr(media, "cjk_font", lambda: None)
    with pytest.raises(media.RenderError) as info:
        media.render_draft(tmp_path / "x.mp4", _draft(1, [_title("你好", 0, 1)]))
    assert "CJK" in str(info.value) and media.FONT_PACKAGE in str(info.value)
    assert not (tmp_path / "x.mp4").exists()


def test_an_ffmpeg_without_drawtext_fails_titled_renders_saying_so(monkeypatch, tmp_path):
    monkeypatch.setattr(media, "_filters", lambda: frozenset({"scale", "overlay"}))
    with pytest.raises(media.RenderError) as info:
        media.render_draft(tmp_path / "x.mp4", _draft(1, [_title("Hello", 0, 1)]))
    assert "drawtext" in str(info.value) and "imageio-ffmpeg" in str(info.value)


# --------------------------------------------------------------------------- footage and music
def _two_colour_clip(path: Path) -> Path:
    """4 s, 320x180: white for the first second, then mid grey; a tone throughout."""
    subprocess.run([media.ffmpeg(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "color=c=white:s=320x180:r=30:d=1",
                    "-f", "lavfi", "-i", "color=c=0x808080:s=320x180:r=30:d=3",
                    "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100:duration=4",
                    "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v]", "-map", "[v]", "-map", "2:a",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    str(path)], check=True)
    return path


def test_an_uploaded_clip_is_trimmed_into_its_segment(shared_backend, tmp_path):
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    clip = _two_colour_clip(tmp_path / "two.mp4")
    with open(clip, "rb") as fh:
        up = httpx.post(f"{b.url}/api/upload-video/nemo_agent/me/{sid}", headers=b.headers(tok),
                        files={"files": ("two.mp4", fh, "video/mp4")}, timeout=30).json()
    src = up["data"]["files"][0]["cdn_url"]
    # the clip's seconds 1.0-2.5 (grey) fill 0-1.5 s; then nothing (black) to 3 s
    draft = _draft(3, [{"tt": 0, "id": "trk_v1", "sg": [
        {"id": "seg_1", "s": 0, "d": 1500, "m": {"title": "two", "src": src, "kind": "upload", "in": 1000}}]}])
    path, _, _ = _render(b, draft, tok, sid)
    w, h = 1920, 1080
    assert abs(_info(path)["duration"] - 3.0) <= 0.5

    def centre(t: float) -> float:
        rows = _region(_frame(path, t, w, h), w, w // 2 - 50, h // 2 - 50, w // 2 + 50, h // 2 + 50)
        return sum(map(sum, rows)) / (100 * 100)

    assert 100 < centre(0.2) < 160      # grey: the first second (white) was trimmed off
    assert 100 < centre(1.3) < 160
    assert centre(2.2) < 20             # the segment ended at 1.5 s
    # letterboxed: 16:9 into 16:9 fills the frame edge to edge
    assert 100 < sum(_frame(path, 0.5, w, h)[w * 10 + 5:w * 10 + 15]) / 10 < 160


def test_an_uploaded_picture_becomes_a_slowly_panning_still(shared_backend, tmp_path):
    b = shared_backend
    tok = b.token()
    sid = b.new_session(tok)
    pic = tmp_path / "pic.png"
    subprocess.run([media.ffmpeg(), "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=640x360:rate=1", "-frames:v", "1", str(pic)], check=True)
    with open(pic, "rb") as fh:
        httpx.post(f"{b.url}/api/upload-video/nemo_agent/me/{sid}", headers=b.headers(tok),
                   files={"files": ("pic.png", fh, "image/png")}, timeout=30).raise_for_status()
    draft = b.state(sid, tok)["draft"]
    assert draft["m"]["ratio"] == "16:9" and draft["t"][0]["sg"][0]["d"] == 5000
    path, _, _ = _render(b, draft, tok, sid)
    w, h = 1920, 1080
    start, end = _frame(path, 0.2, w, h), _frame(path, 4.6, w, h)
    assert sum(start) / len(start) > 40                           # the picture, not black
    moved = sum(1 for x, y in zip(start[::97], end[::97]) if abs(x - y) > 30)
    assert moved > len(start[::97]) // 20                         # the camera moved


def test_music_volume_is_applied(shared_backend):
    b = shared_backend
    tok = b.token()

    def level(volume) -> float:
        draft = _draft(2, [{"tt": 1, "id": "trk_a1", "sg": [
            {"id": "seg_2", "s": 0, "d": 2000, "m": {"title": "Upbeat", "volume": volume}}]}])
        return _mean_volume(_render(b, draft, tok)[0])

    loud, quiet = level(100), level(35)
    assert loud > -40                       # there is music
    assert 6 < loud - quiet < 12            # 35% is about 9 dB down
    assert abs(level(0.35) - quiet) < 1.5   # a fraction ≤ 1.0 means the same


def test_volume_reading():
    assert media.volume_of({"volume": 35}) == pytest.approx(0.35)
    assert media.volume_of({"volume": 0.35}) == pytest.approx(0.35)
    assert media.volume_of({"volume": 1.0}) == 1.0 and media.volume_of({"volume": 1}) == 0.01
    assert media.volume_of({}) == 1.0 and media.volume_of({"volume": "loud"}) == 1.0


# --------------------------------------------------------------------------- generated clips
@pytest.mark.parametrize("prompt, theme", [("a sunset over the sea", "sunset"), ("城市夜景", "city"),
                                           ("a snowy forest", "snow"), ("a cat on a sofa", "default")])
def test_prompt_words_pick_the_scene(prompt, theme):
    from skill.backend import scenes
    assert scenes.theme_of(prompt) == theme


def test_generated_scenes_look_like_their_prompt(tmp_path):
    """A night sky is dark with a few bright stars; a snowy scene is light; a sunset is warm."""
    def frame_rgb(prompt: str) -> bytes:
        out = media.render_draft(tmp_path / f"{uuid.uuid4().hex}.mp4", {
            "d": 1000, "m": {"width": 320, "height": 180, "fps": 10},
            "t": [{"tt": 0, "sg": [{"s": 0, "d": 1000, "m": {"title": prompt}}]}]}, preset="ultrafast")
        return subprocess.run([media.ffmpeg(), "-loglevel", "error", "-ss", "0.5", "-i", str(out), "-frames:v", "1",
                               "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True).stdout

    def mean(px: bytes, c: int) -> float:
        return sum(px[c::3]) / (len(px) / 3)

    night, snow, sunset = frame_rgb("a starry night"), frame_rgb("snow in winter"), frame_rgb("sunset")
    assert sum(mean(night, c) for c in range(3)) / 3 < 60
    assert sum(mean(snow, c) for c in range(3)) / 3 > 150
    top = sunset[: len(sunset) * 6 // 10]    # the sky above the sea
    assert mean(top, 0) > mean(top, 2) + 20  # red over blue: warm


def test_generated_clip_url_serves_the_scene_at_the_draft_canvas(backend_factory):
    backend = backend_factory(time_scale=0.003)
    sid = backend.new_session()
    backend.chat(sid, "generate a 3 second square video of the ocean with piano music")
    src = backend.state(sid)["draft"]["t"][0]["sg"][0]["m"]["src"]
    got = httpx.get(src, timeout=60)
    assert got.status_code == 200
    path = backend.data_dir / "clip.mp4"
    path.write_bytes(got.content)
    info = _info(path)
    assert (info["w"], info["h"]) == (1080, 1080) and abs(info["duration"] - 3) <= 0.5
    assert info["acodec"] == "aac" and _mean_volume(path) > -35      # the music bed asked for


def test_a_render_running_when_the_server_stops_is_interrupted(backend_factory):
    b = backend_factory()
    sid = b.new_session()
    rid = _rid()
    long = _draft(40, [{"tt": 0, "sg": [{"s": 0, "d": 40000, "m": {"title": "city at night"}}]}])
    httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(), timeout=10,
               json={"id": rid, "sessionId": sid, "draft": long}).raise_for_status()
    end = time.monotonic() + 30
    while time.monotonic() < end:
        data = httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=b.headers(), timeout=10).json()["data"]
        if data["status"] == "processing" and data["progress"] > 1:
            break
        time.sleep(0.05)
    assert data["status"] == "processing", data
    started = time.monotonic()
    b.restart()
    assert time.monotonic() - started < 4.5          # ffmpeg was stopped, not waited for
    data = httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=b.headers(), timeout=10).json()["data"]
    assert data["status"] == "failed" and "restart" in data["error"] and data["outputUrl"] is None
    assert not (b.data_dir / "renders" / f"{rid}.mp4").exists()
    assert not list((b.data_dir / "renders").glob(f".{rid}*"))     # no partial file left


# --------------------------------------------------------------------------- one clock
def test_serve_takes_the_time_scale_from_the_environment(tmp_path):
    assert time_scale(None, {"VIDEO_SKILL_TIME_SCALE": "0.01"}) == 0.01
    assert time_scale(0.5, {"VIDEO_SKILL_TIME_SCALE": "0.01"}) == 0.5
    assert time_scale(None, {"VIDEO_SKILL_TIME_SCALE": "fast"}) == 1.0
    assert time_scale(None, {}) == 1.0
    env = {k: v for k, v in os.environ.items() if k not in ("NEMO_LOCAL_TIME_SCALE",)}
    env["VIDEO_SKILL_TIME_SCALE"] = "0.01"
    server = launcher.start(tmp_path / "data", env=env)     # no --time-scale flag
    try:
        tok = httpx.post(server.url + "/api/auth/anonymous-token", headers={"X-Client-Id": "c1"},
                         timeout=10).json()["data"]["token"]
        h = {"Authorization": "Bearer " + tok}
        sid = httpx.post(server.url + "/api/tasks/me/with-session/nemo_agent", headers=h,
                         json={"task_name": "p", "language": "en"}, timeout=10).json()["data"]["session_id"]
        body = {"app_name": "nemo_agent", "user_id": "me", "session_id": sid,
                "new_message": {"parts": [{"text": "hello"}]}}
        started = time.monotonic()
        with httpx.stream("POST", server.url + "/run_sse", json=body, headers=h, timeout=30) as r:
            for _ in r.iter_lines():
                pass
        assert time.monotonic() - started < 2.5     # a plain answer takes 5 s unscaled
    finally:
        server.stop()

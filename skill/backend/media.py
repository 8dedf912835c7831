"""ffmpeg (from imageio-ffmpeg: there is no system ffmpeg): probe files and
render small real MP4s.

Renders are cheap on purpose (320-wide, ultrafast x264, a few fps) so tests
on 2 cores stay fast; they are still valid MP4s with video and audio tracks.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import uuid
from functools import lru_cache
from pathlib import Path

VIDEO_EXT = {"mp4", "mov", "avi", "webm", "mkv"}
IMAGE_EXT = {"jpg", "jpeg", "png", "gif", "webp"}
AUDIO_EXT = {"mp3", "wav", "m4a", "aac"}

CONTENT_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "avi": "video/x-msvideo",
                 "webm": "video/webm", "mkv": "video/x-matroska", "jpg": "image/jpeg",
                 "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
                 "mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4", "aac": "audio/aac"}


def file_type(filename: str) -> str | None:
    ext = Path(filename).suffix.lower().lstrip(".")
    if ext in VIDEO_EXT:
        return "video"
    if ext in IMAGE_EXT:
        return "image"
    if ext in AUDIO_EXT:
        return "audio"
    return None


@lru_cache(maxsize=1)
def ffmpeg() -> str:
    import imageio_ffmpeg
    return imageio_ffmpeg.get_ffmpeg_exe()


@lru_cache(maxsize=1)
def font() -> str | None:
    """A TrueType font for drawtext, if the machine has one (optional)."""
    for root in ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts"):
        for dirpath, _, files in os.walk(root):
            for f in sorted(files):
                if f.lower() in ("dejavusans.ttf", "dejavusans-bold.ttf", "arial.ttf"):
                    return os.path.join(dirpath, f)
    return None


_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #.*?Video:.*?(\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"(\d+(?:\.\d+)?)\s*fps")


def probe(path: Path) -> dict:
    """duration (s), width, height, fps from `ffmpeg -i` stderr; None when unknown."""
    out = {"duration": None, "width": None, "height": None, "fps": None}
    try:
        proc = subprocess.run([ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True,
                              text=True, errors="replace", timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return out
    err = proc.stderr
    m = _DURATION.search(err)
    if m:
        out["duration"] = round(int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)), 3)
    for line in err.splitlines():
        if "Video:" in line:
            v = _VIDEO.search(line)
            if v:
                out["width"], out["height"] = int(v.group(1)), int(v.group(2))
            f = _FPS.search(line)
            if f:
                out["fps"] = float(f.group(1))
            break
    return out


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _size_for(ratio: str) -> tuple[int, int]:
    return {"9:16": (180, 320), "1:1": (240, 240)}.get(ratio, (320, 180))


def render_clip(out: Path, seconds: float, ratio: str = "16:9", title: str = "",
                tone: bool = True, color: str | None = None) -> Path:
    """A real MP4: a coloured background, optional title, a sine (BGM) or silent track."""
    out.parent.mkdir(parents=True, exist_ok=True)
    seconds = max(0.5, min(120.0, float(seconds)))
    w, h = _size_for(ratio)
    color = color or "0x" + hashlib.sha256((title or ratio).encode()).hexdigest()[:6]
    audio = (f"sine=frequency=440:sample_rate=22050:duration={seconds}" if tone
             else "anullsrc=channel_layout=mono:sample_rate=22050")
    # a unique temp name: two requests may render the same clip at once
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part.mp4")

    def run(vf: str | None) -> bool:
        cmd = [ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
               "-f", "lavfi", "-i", f"color=c={color}:s={w}x{h}:r=10:d={seconds}",
               "-f", "lavfi", "-i", audio]
        if vf:
            cmd += ["-vf", vf]
        cmd += ["-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "32k", "-shortest", "-movflags", "+faststart", "-f", "mp4",
                str(tmp)]
        try:
            return subprocess.run(cmd, capture_output=True, timeout=120).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False

    vf = None
    text_file = out.with_name(tmp.name + ".txt")
    if title and font():
        # the title goes through a file with expansion=none: no escaping games
        text_file.write_text(title[:60], encoding="utf-8")
        size = max(8, min(h // 9, int(1.7 * w / max(1, len(title[:60])))))
        vf = (f"drawtext=fontfile='{font()}':textfile='{text_file}':expansion=none:fontcolor=white:"
              f"fontsize={size}:x=(w-text_w)/2:y=(h-text_h)/2:enable='lt(t,3)'")
    try:
        # a title is a nice-to-have: never fail a render for it
        if not (run(vf) or (vf and run(None))):
            tmp.unlink(missing_ok=True)
            raise RuntimeError("ffmpeg failed to render")
    finally:
        text_file.unlink(missing_ok=True)
    os.replace(tmp, out)
    return out


def render_draft(out: Path, draft: dict) -> Path:
    """Render a draft (short-key format) to MP4: its duration, ratio, title and BGM."""
    d_ms = draft.get("d") or 0
    tracks = draft.get("t") or []
    for t in tracks:
        for s in t.get("sg") or []:
            try:
                d_ms = max(d_ms, int(s.get("s", 0)) + int(s.get("d", 0)))
            except (TypeError, ValueError):
                pass
    seconds = max(1.0, min(60.0, (d_ms or 5000) / 1000))
    m = draft.get("m") or {}
    ratio = m.get("ratio") if m.get("ratio") in ("16:9", "9:16", "1:1") else None
    if ratio is None and m.get("width") and m.get("height"):
        try:
            w, h = float(m["width"]), float(m["height"])
            ratio = "9:16" if h > w * 1.2 else ("1:1" if abs(w - h) < 0.2 * w else "16:9")
        except (TypeError, ValueError):
            ratio = "16:9"
    title = ""
    has_bgm = False
    for t in tracks:
        if t.get("tt") == 7 and t.get("sg"):
            title = str((t["sg"][0].get("m") or {}).get("text") or "")
        if t.get("tt") == 1 and t.get("sg"):
            has_bgm = True
    return render_clip(out, seconds, ratio or "16:9", title, tone=has_bgm)

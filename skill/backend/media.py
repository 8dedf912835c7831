"""ffmpeg (from imageio-ffmpeg: there is no system ffmpeg): probe files and
render real MP4s.

`render_draft` renders a draft faithfully: its canvas (1920×1080, 1080×1920,
1080×1080...) at its fps; video segments in order (uploaded footage trimmed
to its segment, images as stills with a slow pan, generated clips as a
procedural scene from their prompt, see `scenes.py`), scaled and padded; BGM
at its volume with short fades; titles at their times, in a font that covers
their script (Noto Sans CJK from the `noto-cjk-sans-otc` wheel). One ffmpeg
run: H.264 yuv420p + AAC stereo 48 kHz, `+faststart`, a poster PNG, and its
true progress read from `-progress`.

`render_clip` stays the small, cheap test clip (320×180 for 16:9).
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from skill.backend import scenes
from skill.backend.ffmpeg import ffmpeg

log = logging.getLogger("skill.backend")

VIDEO_EXT = {"mp4", "mov", "avi", "webm", "mkv"}
IMAGE_EXT = {"jpg", "jpeg", "png", "gif", "webp"}
AUDIO_EXT = {"mp3", "wav", "m4a", "aac"}

CONTENT_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "avi": "video/x-msvideo",
                 "webm": "video/webm", "mkv": "video/x-matroska", "jpg": "image/jpeg",
                 "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
                 "mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4", "aac": "audio/aac"}

X264_PRESET = "ultrafast"    # 2 cores: about 1.3x the CPU of a bare encode; see bench/bench_render.py
X264_CRF = "23"
AUDIO_RATE = 48000
MAX_SECONDS = 600.0
RATIOS = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080), "4:3": (1440, 1080)}
FONT_PACKAGE = "noto-cjk-sans-otc"
# Han, kana, hangul, CJK punctuation and full-width forms: text a Latin font draws as boxes
_CJK = re.compile("[\u1100-\u11ff\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf"
                  "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
                  "\U00020000-\U0003ffff]")


class RenderError(RuntimeError):
    """A render that cannot be done; the message is shown to the user (render `error`)."""


class RenderCancelled(RenderError):
    pass


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
def _filters() -> frozenset[str]:
    try:
        out = subprocess.run([ffmpeg(), "-hide_banner", "-filters"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.split()[1] for line in out.splitlines() if len(line.split()) > 2)


def _require(*names: str) -> None:
    """A clear failure when the bundled ffmpeg lacks a filter (old imageio-ffmpeg wheels)."""
    have = _filters()
    missing = [n for n in names if have and n not in have]
    if missing:
        raise RenderError(f"This ffmpeg ({ffmpeg()}) has no {', '.join(missing)} filter: "
                          "install the backend extra (imageio-ffmpeg >= 0.8.1).")


# --------------------------------------------------------------------------- fonts
_SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts",
                     str(Path.home() / ".fonts"), str(Path.home() / ".local/share/fonts"))


def _walk_fonts(names: Callable[[str], bool]) -> str | None:
    for root in _SYSTEM_FONT_DIRS:
        for dirpath, _, files in os.walk(root):
            for f in sorted(files):
                if names(f.lower()):
                    return os.path.join(dirpath, f)
    return None


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """A font that covers CJK (and Latin): Noto Sans CJK from the backend extra's
    `noto-cjk-sans-otc` wheel, else one the system has."""
    try:
        import noto_cjk_sans_otc
        path = Path(str(noto_cjk_sans_otc.FONT_PATH))
        if path.is_file():
            return str(path)
    except ImportError:
        pass
    return _walk_fonts(lambda f: f.endswith((".ttf", ".ttc", ".otf")) and any(
        k in f for k in ("notosanscjk", "notosanssc", "sourcehansans", "wqy-", "droidsansfallback")))


@lru_cache(maxsize=1)
def latin_font() -> str | None:
    return _walk_fonts(lambda f: f in ("dejavusans.ttf", "dejavusans-bold.ttf", "arial.ttf"))


def font() -> str | None:
    """The title font: CJK-capable when available."""
    return cjk_font() or latin_font()


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def font_for(text: str) -> str:
    """The font to draw `text` with, or a RenderError naming the missing font (never boxes)."""
    f = cjk_font()
    if f:
        return f
    if has_cjk(text):
        raise RenderError(f"Cannot draw the title {text[:30]!r}: no CJK font. Install the "
                          f"backend extra (pip install '.[backend]', it brings {FONT_PACKAGE}: "
                          "Noto Sans CJK) or a system Noto Sans CJK font.")
    f = latin_font()
    if not f:
        raise RenderError(f"Cannot draw the title {text[:30]!r}: no font. Install the backend "
                          f"extra (pip install '.[backend]', it brings {FONT_PACKAGE}: Noto Sans CJK).")
    return f


# --------------------------------------------------------------------------- probe
_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #.*?Video:.*?(\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"(\d+(?:\.\d+)?)\s*fps")


def probe(path: Path) -> dict:
    """duration (s), width, height, fps, audio (has an audio stream) from `ffmpeg -i`
    stderr; None when unknown."""
    out = {"duration": None, "width": None, "height": None, "fps": None, "audio": False}
    try:
        proc = subprocess.run([ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True,
                              text=True, errors="replace", timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return out
    err = proc.stderr
    m = _DURATION.search(err)
    if m:
        out["duration"] = round(int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)), 3)
    seen_video = False
    for line in err.splitlines():
        if "Stream #" in line and "Audio:" in line:
            out["audio"] = True
        if "Video:" in line and not seen_video:
            seen_video = True
            v = _VIDEO.search(line)
            if v:
                out["width"], out["height"] = int(v.group(1)), int(v.group(2))
            f = _FPS.search(line)
            if f:
                out["fps"] = float(f.group(1))
    return out


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------- the draft
@dataclass
class Source:
    """What a segment's `m.src` points at (see `renders._resolver`)."""
    kind: str                      # video | image | audio | generated
    path: Path | None = None
    prompt: str = ""


Resolver = Callable[[str], "Source | None"]


def _num(v, default: float = 0.0) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return default
    return f if f == f and abs(f) != float("inf") else default


def volume_of(m: dict, default: float = 1.0) -> float:
    """`m.volume`: percent, or a fraction ≤ 1.0 given as a float; clamped to 0..2."""
    v = m.get("volume")
    if isinstance(v, bool) or v is None:
        return default
    if isinstance(v, float) and v <= 1.0:
        f = v
    else:
        f = _num(v, default * 100) / 100
    return max(0.0, min(2.0, f))


def canvas_of(draft: dict) -> tuple[int, int, int]:
    """(width, height, fps) of a draft: its `m`, else its ratio, else 1920×1080 at 30."""
    m = draft.get("m") if isinstance(draft.get("m"), dict) else {}
    w, h = int(_num(m.get("width"))), int(_num(m.get("height")))
    if not (16 <= w <= 4096 and 16 <= h <= 4096):
        w, h = RATIOS.get(str(m.get("ratio") or ""), RATIOS["16:9"])
    fps = int(round(_num(m.get("fps"), 30)))
    return w // 2 * 2, h // 2 * 2, max(1, min(60, fps))


def _segments(draft: dict, tt: int) -> list[dict]:
    out = []
    for t in draft.get("t") or []:
        if not isinstance(t, dict) or t.get("tt") != tt:
            continue
        for s in t.get("sg") or []:
            if isinstance(s, dict):
                start, dur = _num(s.get("s")) / 1000, _num(s.get("d")) / 1000
                if dur > 0 and start >= 0:
                    out.append({"s": start, "d": dur, "m": s.get("m") if isinstance(s.get("m"), dict) else {}})
    return sorted(out, key=lambda x: x["s"])


def duration_of(draft: dict) -> float:
    d = _num(draft.get("d")) / 1000
    for tt in (0, 1, 7):
        for s in _segments(draft, tt):
            if tt == 0 or d <= 0:
                d = max(d, s["s"] + s["d"])
    return max(0.5, min(MAX_SECONDS, d or 5.0))


def _wrap(text: str, w: int, size: int) -> tuple[str, int]:
    """Lines that fit 90% of the width, and the font size (shrunk down to 60% if needed)."""
    def width(line: str) -> float:   # in ems: CJK is one em, Latin about 0.56
        return sum(1.0 if has_cjk(c) else 0.56 for c in line)

    text = " ".join(text.split())[:120]
    for scale in (1.0, 0.85, 0.7, 0.6):
        fs = max(12, int(size * scale))
        limit = 0.9 * w / fs
        lines, cur = [], ""
        tokens = re.findall(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]\s*|\S+\s*", text)
        for tok in tokens:
            if cur and width(cur + tok.rstrip()) > limit:
                lines.append(cur.rstrip())
                cur = ""
            cur += tok
        if cur.strip():
            lines.append(cur.rstrip())
        if len(lines) <= 3 and all(width(ln) <= limit for ln in lines):
            return "\n".join(lines), fs
    return "\n".join(lines[:3]), fs


@dataclass
class _Job:
    w: int
    h: int
    fps: int
    seconds: float
    inputs: list[list[str]] = field(default_factory=list)
    graph: list[str] = field(default_factory=list)
    audio: list[str] = field(default_factory=list)     # labels to mix
    poster_at: float = 0.0
    files: list[Path] = field(default_factory=list)

    def input(self, *args: str) -> int:
        self.inputs.append(list(args))
        return len(self.inputs) - 1


# every piece is BT.709 limited range; the frames say so (the encoder copies their tags)
_TAGS = "setparams=range=tv:colorspace=bt709:color_primaries=bt709:color_trc=bt709"
# black needs no conversion: made in yuv420p, tagged like everything else
_BLACK = "format=yuv420p," + _TAGS


def _fit(w: int, h: int, fps: int) -> str:
    return (f"fps={fps},scale={w}:{h}:force_original_aspect_ratio=decrease:flags=bilinear:"
            f"out_range=tv:out_color_matrix=bt709,"
            f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p")


def _video_segment(job: _Job, i: int, seg: dict, start: float, dur: float, src: Source | None) -> str:
    """One piece of the video track, exactly `dur` long, into [v{i}]; its sound into job.audio."""
    w, h, fps = job.w, job.h, job.fps
    m = seg["m"]
    label = f"v{i}"
    nframes = max(1, round(dur * fps))
    if src is not None and src.kind == "video" and src.path and src.path.is_file():
        info = probe(src.path)
        trim_in = max(0.0, _num(m.get("in")) / 1000) + (start - seg["s"])
        if info["duration"] and trim_in > info["duration"] - 0.1:   # past its end: hold its last frame
            trim_in = max(0.0, info["duration"] - 0.1)
        k = job.input("-ss", f"{trim_in:.3f}", "-t", f"{dur + 0.5:.3f}", "-i", str(src.path))
        job.graph.append(f"[{k}:v]{_fit(w, h, fps)},tpad=stop_mode=clone:stop_duration={dur:.3f},"
                         f"trim=end_frame={nframes},setpts=N/({fps}*TB)[{label}]")
        if info["audio"]:
            a = f"a{i}"
            vol = volume_of(m)
            job.graph.append(f"[{k}:a]aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,"
                             f"apad,atrim=duration={dur:.3f},asetpts=PTS-STARTPTS,volume={vol:.3f},"
                             f"adelay={int(start * 1000)}:all=1[{a}]")
            job.audio.append(a)
        return label
    if src is not None and src.kind == "image" and src.path and src.path.is_file():
        # a still with a slow diagonal pan: fitted into a frame 8% larger, cropped as it moves
        bw, bh = int(w * 1.08) // 2 * 2, int(h * 1.08) // 2 * 2
        k = job.input("-i", str(src.path))
        job.graph.append(
            f"[{k}:v]scale={bw}:{bh}:force_original_aspect_ratio=decrease:out_range=tv:out_color_matrix=bt709,"
            f"pad={bw}:{bh}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p,trim=end_frame=1,loop=loop=-1:size=1,"
            f"setpts=N/({fps}*TB),trim=end_frame={nframes},"
            f"crop={w}:{h}:x='(iw-ow)*t/{dur:.3f}':y='(ih-oh)*(0.3+0.4*t/{dur:.3f})'[{label}]")
        return label
    prompt = (src.prompt if src else "") or str(m.get("prompt") or m.get("title") or "")
    job.graph.append(scenes.video_chain(prompt, w, h, fps, dur, label, f"g{i}_"))
    a = f"a{i}"
    job.graph.append(scenes.ambience(prompt, dur, a + "n"))
    job.graph.append(f"[{a}n]adelay={int(start * 1000)}:all=1[{a}]")
    job.audio.append(a)
    return label


def _fade(ms, default: float, dur: float) -> float:
    """A BGM fade in seconds: `ms` when the draft sets it (at most half the track), else the default."""
    if ms is None or isinstance(ms, bool):
        return min(default, dur / 4)
    return max(0.01, min(_num(ms, default * 1000) / 1000, dur / 2))


def _plan(draft: dict, resolve: Resolver | None, tmp: Path) -> _Job:
    w, h, fps = canvas_of(draft)
    D = duration_of(draft)
    job = _Job(w, h, fps, D)

    def lookup(m: dict) -> Source | None:
        src = m.get("src")
        if resolve and isinstance(src, str) and src:
            try:
                return resolve(src)
            except Exception:   # a broken reference renders as a generated scene, never a crash
                log.exception("cannot resolve %s", src)
        return None

    # video track(s): in order, gaps in black, overlaps cut, all within D
    pieces, cursor, i = [], 0.0, 0
    for seg in _segments(draft, 0):
        start = max(seg["s"], cursor)
        end = min(seg["s"] + seg["d"], D)
        if end - start < 1.0 / fps:
            continue
        if start - cursor >= 1.0 / fps:
            job.graph.append(f"color=c=black:s={w}x{h}:r={fps}:d={start - cursor:.3f},{_BLACK},"
                             f"setsar=1[gap{i}]")
            pieces.append(f"gap{i}")
        pieces.append(_video_segment(job, i, seg, start, end - start, lookup(seg["m"])))
        cursor, i = end, i + 1
    if D - cursor >= 1.0 / fps:
        job.graph.append(f"color=c=black:s={w}x{h}:r={fps}:d={D - cursor:.3f},{_BLACK},setsar=1[gapend]")
        pieces.append("gapend")
    if len(pieces) == 1:
        job.graph.append(f"[{pieces[0]}]null[vcat]")
    else:
        job.graph.append("".join(f"[{p}]" for p in pieces) + f"concat=n={len(pieces)}:v=1:a=0[vcat]")

    # titles: centred (or at the top / bottom: `m.position`), sized to the canvas, white with an
    # outline and a shadow, fading in and out
    draws = []
    titles = [t for t in _segments(draft, 7) if str(t["m"].get("text") or "").strip() and t["s"] < D]
    if titles:
        _require("drawtext")
    for n, t in enumerate(titles):
        text = str(t["m"]["text"]).strip()
        fontfile = font_for(text)
        link = tmp / f"font{n}{Path(fontfile).suffix}"
        if not link.exists():
            os.symlink(fontfile, link)
        lines, size = _wrap(text, w, int(min(w, h) * 0.085))
        tf = tmp / f"title{n}.txt"
        tf.write_text(lines, encoding="utf-8")
        s0, s1 = t["s"], min(D, t["s"] + t["d"])
        fade = min(0.4, (s1 - s0) / 4)
        y = {"top": "h*0.08", "bottom": "h*0.92-text_h"}.get(str(t["m"].get("position") or ""), "(h-text_h)/2")
        alpha = f"if(lt(t,{s0 + fade:.3f}),(t-{s0:.3f})/{fade:.3f},if(gt(t,{s1 - fade:.3f}),({s1:.3f}-t)/{fade:.3f},1))"
        draws.append(
            f"drawtext=fontfile='{link}':textfile='{tf}':expansion=none:text_align=C:"
            f"fontsize={size}:fontcolor=white:line_spacing={size // 5}:"
            f"borderw={max(2, size // 16)}:bordercolor=black@0.6:"
            f"shadowx={max(2, size // 22)}:shadowy={max(2, size // 22)}:shadowcolor=black@0.45:"
            f"x=(w-text_w)/2:y={y}:alpha='{alpha}':enable='between(t,{s0:.3f},{s1:.3f})'")
    # the poster: the first title once it has faded in, else a frame a third of the way in
    job.poster_at = min(D - 0.5 / fps, titles[0]["s"] + min(1.0, titles[0]["d"] / 2)) if titles else D / 3
    pframe = max(0, min(round(job.poster_at * fps), round(D * fps) - 1))
    chain = ",".join([*draws, _TAGS])
    job.graph.append(f"[vcat]{chain},split=2[vout][vp]")
    job.graph.append(f"[vp]trim=start_frame={pframe}:end_frame={pframe + 1}[poster]")

    # BGM: its own file when it points at one, else a synthesised bed in its style; volume, fades
    # (`m.fade_in` / `m.fade_out` in ms when set, else 0.5 s in and 1.5 s out)
    for n, seg in enumerate(_segments(draft, 1)):
        start, dur = seg["s"], min(seg["d"], D - seg["s"])
        if dur <= 0.05:
            continue
        m = seg["m"]
        vol = volume_of(m)
        src = lookup(m)
        a = f"b{n}"
        fade_in, fade_out = _fade(m.get("fade_in"), 0.5, dur), _fade(m.get("fade_out"), 1.5, dur)
        fades = (f"afade=t=in:d={fade_in:.3f},afade=t=out:st={dur - fade_out:.3f}:d={fade_out:.3f},"
                 f"volume={vol:.3f},adelay={int(start * 1000)}:all=1")
        if (src is not None and src.kind in ("audio", "video") and src.path and src.path.is_file()
                and probe(src.path)["audio"]):
            k = job.input("-stream_loop", "-1", "-t", f"{dur:.3f}", "-i", str(src.path))
            job.graph.append(f"[{k}:a]aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,"
                             f"atrim=duration={dur:.3f},asetpts=PTS-STARTPTS,{fades}[{a}]")
        else:
            mood = scenes.mood_for(str(m.get("title") or m.get("style") or ""))
            job.graph.append(scenes.music(mood, dur, a + "m"))
            job.graph.append(f"[{a}m]{fades}[{a}]")
        job.audio.append(a)
    job.graph.append(f"anullsrc=r={AUDIO_RATE}:cl=stereo,atrim=duration={D:.3f}[abase]")
    mix = "".join(f"[{a}]" for a in ["abase", *job.audio])
    # summed as they are (no normalising: 35% stays 35%); a limiter only catches overs
    job.graph.append(f"{mix}amix=inputs={1 + len(job.audio)}:duration=first:normalize=0:dropout_transition=0,"
                     f"alimiter=limit=0.97:level=false:latency=true,"
                     f"aformat=sample_fmts=fltp:channel_layouts=stereo[aout]")
    return job


_OUT_TIME = re.compile(r"^out_time_(?:us|ms)=(\d+)")


def render_draft(out: Path, draft: dict, *, resolve: Resolver | None = None,
                 progress: Callable[[float], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 poster: Path | None = None, preset: str | None = None) -> Path:
    """Render a draft (short-key format) to an MP4 at `out` (and a PNG at `poster`).

    `progress(fraction)` is called as ffmpeg reports its out_time; `cancelled()`
    is checked meanwhile (True: ffmpeg is killed, RenderCancelled raised)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="vsr-"))
    part = out.with_name(f".{out.stem}.{uuid.uuid4().hex[:8]}.part.mp4")
    ppart = tmp / "poster.png"
    try:
        job = _plan(draft, resolve, tmp)
        script = tmp / "graph.txt"
        script.write_text(";\n".join(job.graph), encoding="utf-8")
        cmd = [ffmpeg(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
               "-progress", "pipe:1", "-nostats", "-stats_period", "0.1"]
        for args in job.inputs:
            cmd += args
        cmd += ["-/filter_complex", str(script),
                "-map", "[vout]", "-map", "[aout]",
                "-c:v", "libx264", "-preset", preset or X264_PRESET, "-crf", X264_CRF,
                "-pix_fmt", "yuv420p", "-r", str(job.fps), "-g", str(2 * job.fps),
                "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
                "-color_range", "tv",
                "-c:a", "aac", "-b:a", "160k", "-ar", str(AUDIO_RATE), "-ac", "2",
                "-t", f"{job.seconds:.3f}", "-movflags", "+faststart", "-f", "mp4", str(part),
                "-map", "[poster]", "-frames:v", "1", "-update", "1", str(ppart)]
        _run(cmd, job.seconds, tmp / "stderr.txt", progress, cancelled)
        if not part.exists() or part.stat().st_size == 0:
            raise RenderError("Render failed: ffmpeg wrote no video.")
        os.replace(part, out)
        if poster is not None and ppart.exists():
            poster.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(ppart), str(poster))
        return out
    finally:
        part.unlink(missing_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)


def _run(cmd: list[str], seconds: float, errfile: Path, progress, cancelled) -> None:
    with open(errfile, "w+b") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err)
        killed = threading.Event()
        timer = threading.Timer(max(120.0, seconds * 20), lambda: (killed.set(), proc.kill()))
        timer.start()
        try:
            for raw in proc.stdout:
                line = raw.decode("ascii", "replace").strip()
                m = _OUT_TIME.match(line)
                if m and progress:
                    progress(min(1.0, int(m.group(1)) / 1e6 / seconds))
                if cancelled and cancelled():
                    proc.kill()
                    proc.wait()
                    raise RenderCancelled("cancelled")
            code = proc.wait()
        finally:
            timer.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if code != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-6:]
            log.error("ffmpeg failed (%s): %s", code, "\n".join(tail))
            if killed.is_set():
                raise RenderError("Render failed: ffmpeg took too long.")
            raise RenderError("Render failed: ffmpeg error: " + (tail[-1][:200] if tail else f"exit {code}"))


def render_generated(out: Path, spec: dict) -> Path:
    """A generated clip (`/media/gen_…mp4`): the scene of its prompt at its ratio,
    with its own ambience, or a music bed when music was asked for."""
    seconds = max(0.5, min(MAX_SECONDS, _num(spec.get("seconds"), 10)))
    ratio = spec.get("ratio") if spec.get("ratio") in RATIOS else "16:9"
    w, h = RATIOS[ratio]
    d = int(seconds * 1000)
    prompt = str(spec.get("prompt") or spec.get("title") or "")
    tracks = [{"tt": 0, "sg": [{"s": 0, "d": d, "m": {"title": prompt}}]}]
    if spec.get("music"):
        tracks.append({"tt": 1, "sg": [{"s": 0, "d": d, "m": {"title": str(spec["music"]), "volume": 60}}]})
    return render_draft(out, {"d": d, "m": {"width": w, "height": h, "ratio": ratio, "fps": 30}, "t": tracks},
                        preset="ultrafast")


# --------------------------------------------------------------------------- small test clips
def _size_for(ratio: str) -> tuple[int, int]:
    return {"9:16": (180, 320), "1:1": (240, 240), "4:3": (240, 180)}.get(ratio, (320, 180))


def render_clip(out: Path, seconds: float, ratio: str = "16:9", title: str = "",
                tone: bool = True, color: str | None = None) -> Path:
    """A small, cheap real MP4 (320×180 for 16:9, 10 fps): a coloured background,
    optional title, a sine or silent track. For tests and fixtures."""
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
        if not (run(vf) or (vf and run(None))):
            tmp.unlink(missing_ok=True)
            raise RuntimeError("ffmpeg failed to render")
    finally:
        text_file.unlink(missing_ok=True)
    os.replace(tmp, out)
    return out

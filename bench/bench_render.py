"""Render benchmark: a 15 s 1080p draft (generated scene + music + title)
exported through the local backend (submit → poll → completed), against a
bare ffmpeg encode of the same length in the same run:

    ffmpeg -f lavfi -i testsrc2=size=1920x1080:rate=30 -t 15 -c:v libx264 -preset ultrafast

Goal: the whole export within 3x that baseline on a 2-core machine.
Medians of a few runs, interleaved (the machine is shared and noisy).

    python -m bench.bench_render [--quick]
Writes bench/results/render.md. Not pass/fail.
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import httpx

from bench.report import describe as describe_machine, publish
from skill.core import manifest
from skill.backend import launcher, media

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "render.md"
SECONDS = 15
PROMPT = "sunset over the sea"


def draft() -> dict:
    d = SECONDS * 1000
    return {"d": d, "m": {"width": 1920, "height": 1080, "ratio": "16:9", "fps": 30}, "t": [
        {"tt": 0, "id": "trk_v1", "sg": [{"id": "seg_1", "s": 0, "d": d, "m": {"title": PROMPT, "kind": "generated"}}]},
        {"tt": 1, "id": "trk_a1", "sg": [{"id": "seg_2", "s": 0, "d": d, "m": {"title": "Upbeat", "volume": 30}}]},
        {"tt": 7, "id": "trk_t1", "sg": [{"id": "seg_3", "s": 0, "d": 3000, "m": {"text": "Sunset Over The Sea"}}]}]}


def _cpu_of(pid: int) -> float:
    """CPU seconds of a process and the children it has waited for (its ffmpeg runs)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def baseline(tmp: Path) -> tuple[float, float]:
    out = tmp / "baseline.mp4"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([media.ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc2=size=1920x1080:rate=30", "-t", str(SECONDS), "-c:v", "libx264",
                    "-preset", "ultrafast", str(out)], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


class Exporter:
    """One local backend (time scale 0.01: the 5 s render queue is 0.05 s), one user."""

    def __init__(self, data_dir: Path, preset: str):
        self.server = launcher.start(data_dir, extra_args=["--time-scale", "0.01", "--ip-token-cap", "10000",
                                                           "--render-preset", preset])
        m = manifest.load()
        tok = httpx.post(self.server.url + "/api/auth/anonymous-token",
                         headers={"X-Client-Id": str(uuid.uuid4())}, timeout=10).json()["data"]["token"]
        self.h = {"Authorization": "Bearer " + tok, "X-Skill-Source": m.name, "X-Skill-Version": m.version,
                  "X-Skill-Platform": "bench"}
        self.sid = httpx.post(self.server.url + "/api/tasks/me/with-session/nemo_agent", headers=self.h,
                              json={"task_name": "bench", "language": "en"}, timeout=10).json()["data"]["session_id"]

    def export(self) -> tuple[float, float, Path]:
        rid = "render_" + uuid.uuid4().hex
        url = self.server.url
        cpu = _cpu_of(self.server.pid)
        started = time.perf_counter()
        r = httpx.post(url + "/api/render/proxy/lambda", headers=self.h, timeout=10,
                       json={"id": rid, "sessionId": self.sid, "draft": draft(), "output": {"format": "mp4"}})
        assert r.json()["success"], r.text
        while True:
            data = httpx.get(f"{url}/api/render/proxy/lambda/{rid}", headers=self.h, timeout=10).json()["data"]
            if data["status"] == "completed":
                break
            if data["status"] == "failed":
                raise RuntimeError(data)
            time.sleep(0.05)
        wall = time.perf_counter() - started
        return wall, _cpu_of(self.server.pid) - cpu, self.server.data_dir / "renders" / f"{rid}.mp4"

    def stop(self) -> None:
        self.server.stop()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    runs = 2 if "--quick" in argv else 3
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tmp = Path(tempfile.mkdtemp(prefix="bench-render-"))
    os.environ["VIDEO_SKILL_SCENE_CACHE"] = str(tmp / "scenes")   # cold: the first export computes the layers
    exporter = Exporter(tmp / "backend", media.X264_PRESET)
    alt = Exporter(tmp / "backend-veryfast", "veryfast")
    base, export, other = [], [], []
    out = out_alt = None
    try:
        cold, _, _ = exporter.export()     # the first: computes the scene's layers (then cached)
        for _ in range(runs):
            base.append(baseline(tmp))
            *t, out = exporter.export()
            export.append(t)
            *t, out_alt = alt.export()
            other.append(t)
    finally:
        exporter.stop()
        alt.stop()
    info = media.probe(out)
    size_mb = out.stat().st_size / 1e6
    size_alt = out_alt.stat().st_size / 1e6

    def med(rows, i):
        return statistics.median(r[i] for r in rows)

    b, e, u = med(base, 0), med(export, 0), med(other, 0)
    bc, ec, uc = med(base, 1), med(export, 1), med(other, 1)
    text = f"""## Render (bench/bench_render.py)

Machine: {describe_machine()}. Date: {when}. Load average at start: {load}.

A {SECONDS} s draft at 1920x1080, 30 fps: a generated scene ("{PROMPT}"), Upbeat music
at 30%, a 3 s title. Export = submit → poll every 0.05 s → completed, through
the local backend (time scale 0.01: its 5 s queue is 0.05 s), poster included.
Medians of {runs} interleaved runs.

| measure | wall s | vs baseline | CPU s | vs baseline |
|---|---|---|---|---|
| baseline: `ffmpeg -f lavfi -i testsrc2=size=1920x1080:rate=30 -t {SECONDS} -c:v libx264 -preset ultrafast` | {b:.2f} | 1.00x | {bc:.2f} | 1.00x |
| export through the local backend (default: x264 `{media.X264_PRESET}`, AAC 160k) | {e:.2f} | {e / b:.2f}x (goal ≤ 3x) | {ec:.2f} | {ec / bc:.2f}x |
| the same with `video-skill serve --render-preset veryfast` | {u:.2f} | {u / b:.2f}x | {uc:.2f} | {uc / bc:.2f}x |
| the first export of this scene (its layers not cached yet; one run) | {cold:.2f} | {cold / b:.2f}x | | |

CPU = user + system seconds of the ffmpeg runs (for exports: the server process
and the children it waited for), less sensitive than wall time to other work
on a shared machine.

Output: {info['width']}x{info['height']}, {info['fps']:g} fps, {info['duration']:g} s, {size_mb:.1f} MB
({size_alt:.1f} MB with veryfast).
Wall runs (s): baseline {', '.join(f'{x[0]:.2f}' for x in base)}; export {', '.join(f'{x[0]:.2f}' for x in export)};
veryfast {', '.join(f'{x[0]:.2f}' for x in other)}.
"""
    publish(text, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`make demo`: the main job, end to end, against the embedded local backend.

Runs the real `video-skill` command as a person's agent would — generate,
add music, add a title, look at the timeline and credits, export — and
checks that a real MP4 came out. Uses its own config dir (./.demo) so it
never touches ~/.config/nemovideo.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

STEPS = (
    "generate a 15-second video clip of a forest with birds flying overhead",
    "add lo-fi background music at 35% volume",
    "add a title that says 'Forest Morning' for the first 3 seconds",
    "show me the timeline",
    "how many credits do I have left?",
    "export",
)


def main() -> int:
    bold, reset = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")
    root = Path.cwd()
    demo_dir = root / ".demo"
    out_dir = root / "demo-output"
    shutil.rmtree(demo_dir, ignore_errors=True)
    out_dir.mkdir(exist_ok=True)
    env = {**os.environ,
           "NEMO_API_URL": "local",
           "NEMO_CONFIG_DIR": str(demo_dir / "config"),
           # The local backend's generation takes 100-300 s like the real one;
           # the demo runs its clock 20x faster. Same logic, shorter waits.
           "NEMO_LOCAL_TIME_SCALE": os.environ.get("NEMO_LOCAL_TIME_SCALE", "0.05"),
           "VIDEO_SKILL_EXPORT_DIR": str(out_dir)}
    env.pop("NEMO_TOKEN", None)
    exe = [sys.executable, "-m", "skill"]
    mp4: Path | None = None
    try:
        for text in STEPS:
            print(f"\n{bold}you>{reset} {text}", flush=True)
            proc = subprocess.run([*exe, "say", text, "--wait", "600"], env=env,
                                  capture_output=True, text=True)
            sys.stdout.write(proc.stdout)
            sys.stderr.write(proc.stderr)
            if proc.returncode != 0:
                print(f"demo: step failed with exit {proc.returncode}", file=sys.stderr)
                return 1
            found = re.findall(r"(\S+\.mp4)\b", proc.stdout)
            mp4 = Path(found[-1]) if found and text == "export" else mp4
    finally:
        subprocess.run([*exe, "serve", "--stop"], env=env, capture_output=True)
    if not mp4 or not mp4.is_file():
        print("demo: no MP4 was delivered", file=sys.stderr)
        return 1
    info = probe(mp4)
    print(f"\n✅ Demo finished: {mp4} ({mp4.stat().st_size // 1024} KB{info})")
    return 0


def probe(path: Path) -> str:
    """Duration and size of the video as ffmpeg reads them (a real MP4, not just bytes)."""
    try:
        import imageio_ffmpeg
    except ImportError:
        return ""
    proc = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                          capture_output=True, text=True)
    duration = re.search(r"Duration: (\d+:\d+:\d+\.\d+)", proc.stderr)
    video = re.search(r"Video: (\w+).*?, (\d{2,5}x\d{2,5})", proc.stderr)
    parts = []
    if duration:
        parts.append(f"duration {duration.group(1)}")
    if video:
        parts.append(f"{video.group(1)} {video.group(2)}")
    return ", " + ", ".join(parts) if parts else ""


if __name__ == "__main__":
    raise SystemExit(main())

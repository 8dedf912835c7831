"""Server settings: what `video-skill serve` flags turn into."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Options:
    data_dir: Path
    dialect: str = "adk"              # adk | simple
    render_layout: str = "vendor"     # vendor | seed
    time_scale: float = 1.0           # multiplies every backend delay
    keepalive: float = 15.0           # seconds between keep-alives (scaled by time_scale)
    max_upload_bytes: int = 500 * 1024 * 1024
    ip_token_cap: int = 50            # anonymous tokens per IP per hour
    idle_exit: float = 0.0            # stop after this many seconds without requests (0: never)
    start_credits: int = 100
    render_preset: str = "ultrafast"  # x264 preset of renders (veryfast: ~half the size, ~1.7x the CPU)
    stopping: bool = False            # set when the server is asked to stop: renders in flight end

    def delay(self, seconds: float) -> float:
        """A backend delay in real seconds after scaling."""
        return max(0.0, seconds * self.time_scale)

    @property
    def keepalive_interval(self) -> float:
        # never busy-loop, even at absurd scales
        return max(0.05, self.keepalive * self.time_scale)

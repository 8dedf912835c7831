"""The ffmpeg binary the backend renders with (imageio-ffmpeg ships it inside its wheel)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()

"""The machine a figure was measured on (written next to every result)."""
from __future__ import annotations

import os
import platform


def describe() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{platform.machine()}, {cpu or 'unknown CPU'}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")

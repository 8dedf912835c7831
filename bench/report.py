"""What every benchmark writes: its table, with the machine it was measured on."""
from __future__ import annotations

import os
import platform
from pathlib import Path


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


def publish(text: str, path: Path) -> None:
    """Print the result and keep it in bench/results/ (BENCHMARKS.md is stitched from there)."""
    print(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

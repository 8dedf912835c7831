"""Run every benchmark and gather their tables into BENCHMARKS.md.

Each bench module has `main()` and writes bench/results/<name>.md with the
machine it ran on; this runner only sequences them and stitches the results.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCHES = ("bench.bench_router", "bench.bench_commands", "bench.bench_turn", "bench.bench_render", "bench.bench_agent")
ROOT = Path(__file__).resolve().parent.parent
HEADER = """# Benchmarks

Figures from `make bench` (medians; ratios against a baseline run in the same
process, because these machines are shared and noisy). Each section names the
machine it ran on. Not pass/fail: the goals are from the issues.
"""


def main(argv: list[str]) -> int:
    wanted = [b for b in BENCHES if not argv or any(a in b for a in argv)]
    for name in wanted:
        print(f"== {name}", flush=True)
        importlib.import_module(name).main()
    sections = sorted((ROOT / "bench" / "results").glob("*.md"))
    body = "\n".join(p.read_text(encoding="utf-8").strip() + "\n" for p in sections)
    (ROOT / "BENCHMARKS.md").write_text(HEADER + "\n" + body, encoding="utf-8")
    print(f"wrote {ROOT / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The benchmarks still run against today's code (they are not in CI otherwise, and rot:
bench_turn imported a printer that a refactor removed, and then waited minutes on a draft
the worker took for half-built)."""
from __future__ import annotations

import pytest

bench_turn = pytest.importorskip("bench.bench_turn")


@pytest.mark.timeout(60)
def test_the_turn_bench_measures_a_finished_edit_in_process():
    loop = bench_turn.Loopback()
    try:
        overhead_ms = bench_turn.overhead_in_process(loop, runs=2)
    finally:
        loop.close()
    assert loop.calls == 3                 # one /run_sse per turn, none re-sent
    assert 0 < overhead_ms < 5_000         # the reply came after the stream, without minutes of polling


@pytest.mark.timeout(60)
def test_the_router_bench_leaves_no_temp_folders_behind(tmp_path):
    """It makes the files typed paths name in a temp folder; a folder per set per run used to stay
    behind (34,303 of them in /tmp after a day of measuring)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from bench.bench_router import _as_said\n"
        "for _ in range(3):\n"
        "    said = _as_said([{'text': 'add {tmp}/a.mp4 to it', 'paths': ['a.mp4'], 'plan': ['upload']}])\n"
        "    assert said[0]['attachments'], said\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=50)
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.timeout(120)
def test_the_regex_floor_bench_prints_its_table():
    """bench/route_floor.py broke when compare_route's loader began returning the checkout's modules
    with its route(): nothing ran it."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "bench.route_floor", "--rounds", "1"], cwd=root,
                          capture_output=True, text=True, timeout=110)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| route() |")
            or line.startswith("| its regex calls alone |")]
    assert len(rows) == 2, done.stdout

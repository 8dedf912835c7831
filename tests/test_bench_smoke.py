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

"""route() in-process throughput of this checkout and others, interleaved in one loop.

The in-process counterpart of bench/compare_trees.py: each round times every checkout's
route() on the same messages (dev + held-out) for a fixed CPU time, rotating which goes first,
so the machine's noise falls on all alike.

    git worktree add /tmp/before <commit>
    python -m bench.compare_route /tmp/before [more checkouts…] [--rounds N]

Prints a Markdown table (medians, ratio to the first checkout named); writes nothing.
"""
from __future__ import annotations

import importlib
import statistics
import sys
import time
from pathlib import Path

from bench.bench_router import bench_messages, warm
from bench.report import describe as describe_machine

ROOT = Path(__file__).resolve().parent.parent


def _route_of(tree: Path):
    """The route function of the checkout at `tree` (older trees kept it at skill/router.py), and its
    `skill` modules: the router imports some lazily (`from skill.text import speech_acts`), so each
    checkout's own modules go back into sys.modules before its route() runs (`_as_loaded`)."""
    _as_loaded({})
    sys.path.insert(0, str(tree))
    try:
        try:
            module = importlib.import_module("skill.text.router")
        except ImportError:
            module = importlib.import_module("skill.router")
        for lazy in ("skill.text.speech_acts",):
            try:
                importlib.import_module(lazy)
            except ImportError:
                pass     # a checkout from before it
    finally:
        sys.path.remove(str(tree))
    return module.route, {m: mod for m, mod in sys.modules.items() if m == "skill" or m.startswith("skill.")}


def _as_loaded(modules: dict) -> None:
    """sys.modules with these `skill` modules and no others."""
    for name in [m for m in sys.modules if m == "skill" or m.startswith("skill.")]:
        del sys.modules[name]
    sys.modules.update(modules)


def main(argv: list[str]) -> int:
    rounds = 15
    if "--rounds" in argv:
        i = argv.index("--rounds")
        rounds = int(argv[i + 1])
        del argv[i:i + 2]
    trees = [Path(a).resolve() for a in argv] + [ROOT]
    msgs = bench_messages()
    loaded = [_route_of(t) for t in trees]
    routes = [route for route, _modules in loaded]
    for route, modules in loaded:
        _as_loaded(modules)
        warm(route, msgs)
    rates: list[list[float]] = [[] for _ in trees]
    for r in range(rounds):
        order = list(range(len(trees)))
        order = order[r % len(order):] + order[:r % len(order)]
        for i in order:
            _as_loaded(loaded[i][1])
            route, n, t = routes[i], 0, time.thread_time()
            while time.thread_time() - t < 0.3:
                for m in msgs:
                    route(*m)
                n += len(msgs)
            rates[i].append(n / (time.thread_time() - t))
    print(f"{describe_machine()}; {len(msgs)} messages, {rounds} rounds, CPU time per round 0.3 s each.\n")
    print("| checkout | route() msgs/s (median) | ratio to the first |\n|---|---|---|")
    for tree, rs in zip(trees, rates):
        ratio = statistics.median(a / b for a, b in zip(rs, rates[0]))
        name = "this checkout" if tree == ROOT else str(tree)
        print(f"| {name} | {statistics.median(rs):,.0f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

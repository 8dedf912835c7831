"""How much of route()'s time is CPython's `re` itself: `python -m bench.route_floor [--rounds N]`.

Records every regex call route() makes on the bench's messages (dev + held-out), then times, in
one loop and interleaved, route() itself and a replay of just those calls (same patterns, same
arguments, same order; a finditer's matches are all iterated, where route() may stop at the
first intent: a second replay stops each at its first match, so the two bracket it). The replay is the floor a
rewrite of the Python around the regexes could reach without fewer or cheaper scans: when it alone
takes the budget of a throughput goal, the goal needs less regex work, not less Python.

Prints a Markdown table; writes nothing.
"""
from __future__ import annotations

import re
import statistics
import sys
import time

from bench.bench_router import bench_messages, warm
from bench.compare_route import ROOT, _route_of
from bench.report import describe as describe_machine

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")


class _Logged:
    """A compiled pattern that records each call of its matching methods into `calls`."""

    def __init__(self, pattern: re.Pattern, calls: list):
        self._pattern, self._calls = pattern, calls

    def __getattr__(self, name: str):
        attr = getattr(self._pattern, name)
        if name not in _METHODS:
            return attr

        def logged(*args, **kwargs):
            self._calls.append((attr, name == "finditer", args, kwargs))
            return attr(*args, **kwargs)
        return logged


def _logged_route(msgs, calls: list):
    """route() of the router imported anew and warmed on `msgs`, every pattern it compiles (at import, when
    rules load, when scanners are promoted) logging its calls into `calls`."""
    compile_ = re.compile
    re.compile = lambda *a, **k: _Logged(compile_(*a, **k), calls)
    try:
        route, _ = _route_of(ROOT)
        warm(route, msgs)
    finally:
        re.compile = compile_
    return route


def main(argv: list[str]) -> int:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 15
    msgs = bench_messages()
    calls: list = []
    logged = _logged_route(msgs, calls)
    calls.clear()
    for text, atts in msgs:
        logged(text, atts)
    recorded = list(calls)
    route, _ = _route_of(ROOT)   # timed as it runs: imported again, without the logging
    warm(route, msgs)

    def replay() -> None:
        for method, iterates, args, kwargs in recorded:
            found = method(*args, **kwargs)
            if iterates:
                for _ in found:
                    pass

    def replay_first() -> None:   # a finditer's first match only: the floor's lower bound
        for method, iterates, args, kwargs in recorded:
            found = method(*args, **kwargs)
            if iterates:
                next(found, None)

    def routes() -> None:
        for text, atts in msgs:
            route(text, atts)

    jobs = [("route()", routes), ("its regex calls alone", replay),
            ("the same, each finditer to its first match", replay_first)]
    timings: dict[str, list[float]] = {name: [] for name, _ in jobs}
    for r in range(rounds):
        for name, job in jobs[r % 3:] + jobs[:r % 3]:
            n, t = 0, time.thread_time()
            while time.thread_time() - t < 0.3:
                job()
                n += 1
            timings[name].append((time.thread_time() - t) / n / len(msgs) * 1e6)
    whole = statistics.median(timings["route()"])
    print(f"{describe_machine()}; {len(msgs)} messages, {len(recorded) / len(msgs):.1f} regex calls each, "
          f"{rounds} rounds.\n")
    print("| what | µs a message (median) | share of route() |\n|---|---|---|")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.1f} | {median / whole:.0%} |")
    print("\n50,000 messages/s leaves 20.0 µs a message.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Two checkouts of the skill, the same whole-process commands, interleaved in one loop.

For a before/after figure of a change that should not cost speed (a refactor): every round
runs each command once with the old tree and once with the new, alternating which goes
first, against one local backend, so the machine's noise falls on both alike.

    git worktree add /tmp/before <commit>
    python -m bench.compare_trees /tmp/before [--rounds N]

Prints a Markdown table (medians, new/old ratio); writes nothing. Not pass/fail.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.bench_commands import FloodProxy, flood_events, med
from bench.report import describe as describe_machine

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


class Tree:
    """One checkout with its own config dir: `python -m skill` run from inside the checkout."""

    def __init__(self, name: str, path: Path, tmp: Path, url: str):
        self.name, self.path = name, path
        self.env = {k: v for k, v in os.environ.items() if k not in ("NEMO_TOKEN", "PYTHONDONTWRITEBYTECODE")}
        self.env.update({"NEMO_API_URL": url, "NEMO_CONFIG_DIR": str(tmp / name / "cfg"),
                         "VIDEO_SKILL_TIME_SCALE": "0.01", "XDG_CACHE_HOME": str(tmp / name / "cache"),
                         "VIDEO_SKILL_EXPORT_DIR": str(tmp / name / "out"), "PYTHONPATH": str(path)})

    def run(self, *argv: str) -> float:
        t = time.perf_counter()
        proc = subprocess.run([PY, "-m", "skill", *argv], env=self.env, cwd=self.path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - t
        if proc.returncode != 0:
            raise RuntimeError(f"{self.name} {argv[:2]} exited {proc.returncode}: {proc.stderr.decode()[-400:]}")
        return elapsed


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or not Path(argv[0], "skill").is_dir():
        print("usage: python -m bench.compare_trees OLD_CHECKOUT [--rounds N]", file=sys.stderr)
        return 2
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 21
    sys.path.insert(0, str(ROOT))
    from skill.backend import launcher

    tmp = Path(tempfile.mkdtemp(prefix="bench-trees-"))
    server = launcher.start(tmp / "backend", extra_args=["--time-scale", "0.01", "--keepalive", "10",
                                                         "--ip-token-cap", "100000"])
    proxy = FloodProxy(server.url)
    try:
        trees = [Tree("before", Path(argv[0]).resolve(), tmp, server.url), Tree("after", ROOT, tmp, server.url)]
        for tree in trees:               # a session with a draft, and warm bytecode and rule caches
            tree.run("say", "generate a 3-second video of the sea", "--wait", "120")
        commands = {"route": ["route", "export"], "status": ["status"], "--help": ["--help"],
                    "credits": ["credits"], "state": ["state"]}
        times: dict[tuple[str, str], list[float]] = {}
        baseline: list[float] = []
        for i in range(rounds):
            order = trees if i % 2 == 0 else trees[::-1]
            t = time.perf_counter()
            subprocess.run([PY, "-c", "pass"], check=True)
            baseline.append(time.perf_counter() - t)
            for name, args in commands.items():
                for tree in order:
                    times.setdefault((name, tree.name), []).append(tree.run(*args))
        for i in range(max(3, rounds // 3)):
            for tree in (trees if i % 2 == 0 else trees[::-1]):
                times.setdefault(("chat of an edit", tree.name), []).append(
                    tree.run("chat", f"add a title that says 'Round {i}'", "--wait", "60"))
        # Through the proxy, each tree as its own user (a fresh token: the backend's per-token rate limit)
        flooders = [Tree(tree.name, tree.path, tmp / "flood", proxy.url) for tree in trees]
        for tree in flooders:
            tree.run("credits")
        proxy.events = flood_events(100_000)
        for i in range(5):
            for tree in (flooders if i % 2 == 0 else flooders[::-1]):
                times.setdefault(("a 100k-event turn (chat)", tree.name), []).append(
                    tree.run("chat", f"flood {i}", "--wait", "600"))
    finally:
        proxy.close()
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    names = dict.fromkeys(name for name, _ in times)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"Measured {now} on {describe_machine()}; `python -c pass` median {med(baseline) * 1000:.0f} ms"
          f" in the same loop; before = {trees[0].path}.\n")
    print("| command | before | after | after / before | runs each |\n|---|---|---|---|---|")
    for name in names:
        a, b = med(times[(name, "before")]), med(times[(name, "after")])
        print(f"| `{name}` | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {b / a:.2f} | {len(times[(name, 'after')])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Router / GUI-translation benchmark: `python -m bench.bench_router`.

Measures, in one run and on this machine:

- route() throughput in-process (messages/s, median of several runs) over the
  dev corpus plus the held-out set, against a baseline that implements the
  seed skill's literal keyword table, and the ACCURACY of both on both sets;
- the whole `video-skill route` process (median, p90 over ~30 runs) against
  a bare `python -c pass` with the same interpreter, interleaved;
- gui.translate() throughput over the GUI dev + held-out texts.

Prints a markdown table and writes it to bench/results/router.md. Timing is
information, never a pass/fail test.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.report import describe as describe_machine, publish

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
HELDOUT = REPO / "tests" / "data"
RESULTS = REPO / "bench" / "results" / "router.md"

# The seed skill's routing table, literally (reference/seed-skill.txt):
# first row whose keyword occurs in the message wins; a file means upload.
SEED_TABLE = [
    ("export", ["export", "导出", "download", "send me the video"]),
    ("credits", ["credits", "积分", "balance", "余额"]),
    ("state", ["status", "状态", "show tracks"]),
    ("upload", ["upload", "上传"]),
]


def seed_route(text: str, attachments=()) -> list[str]:
    low = text.lower()
    for intent, words in SEED_TABLE:
        if any(w in low for w in words):
            return [intent]
    if attachments:
        return ["upload"]
    return ["chat"]


def _cases(path: Path) -> list[dict]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return (yaml.safe_load(fh) or {}).get("cases") or []


def _accuracy(fn, cases) -> float:
    ok = sum(1 for c in cases if list(fn(c.get("text") or "", tuple(c.get("attachments") or ()))) == c["plan"])
    return 100.0 * ok / len(cases) if cases else 0.0


def _throughput(fn, msgs, runs: int = 7, min_time: float = 0.2) -> float:
    reps = 1
    while True:  # calibrate
        t = time.perf_counter()
        for _ in range(reps):
            for text, att in msgs:
                fn(text, att)
        if time.perf_counter() - t >= min_time:
            break
        reps *= 2
    rates = []
    for _ in range(runs):
        t = time.perf_counter()
        for _ in range(reps):
            for text, att in msgs:
                fn(text, att)
        rates.append(reps * len(msgs) / (time.perf_counter() - t))
    return statistics.median(rates)


def _cli_command() -> list[str]:
    exe = Path(sys.executable).parent / "video-skill"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("video-skill")
    return [found] if found else [sys.executable, "-m", "skill"]


def _process_times(runs: int = 30) -> tuple[list[float], list[float], str]:
    cli = _cli_command()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    # As installed for a user: bytecode caching on (some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which makes every run recompile the skill).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    route_cmd = cli + ["route", "add subtitles, then send me the video"]
    base_cmd = [sys.executable, "-c", "pass"]
    subprocess.run(route_cmd, env=env, cwd=REPO, capture_output=True, check=True)  # warm the rule cache
    route_t, base_t = [], []
    for _ in range(runs):  # interleaved, so load changes hit both alike
        for cmd, sink in ((route_cmd, route_t), (base_cmd, base_t)):
            t = time.perf_counter()
            subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, check=True)
            sink.append((time.perf_counter() - t) * 1000)
    return route_t, base_t, " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cli))


def _p90(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(REPO))
    from skill import gui, router

    dev = _cases(CORPUS / "router-dev.yaml")
    held = _cases(HELDOUT / "router-heldout.yaml")
    msgs = [(c.get("text") or "", tuple(c.get("attachments") or ())) for c in dev + held]
    mine = lambda t, a=(): router.route(t, a).plan  # noqa: E731

    try:
        with open("/proc/loadavg", encoding="utf-8") as fh:
            load = " ".join(fh.read().split()[:3])
    except OSError:
        load = "unknown"
    rate = _throughput(router.route, msgs)
    seed_rate = _throughput(seed_route, msgs)
    acc = {name: (_accuracy(fn, dev), _accuracy(fn, held)) for name, fn in (("router", mine), ("seed", seed_route))}

    gui_texts = [c["text"] for c in _cases(CORPUS / "gui-dev.yaml") + _cases(HELDOUT / "gui-heldout.yaml")]
    gui.translate("warm up")
    gui_rate = _throughput(lambda t, a: gui.translate(t), [(t, ()) for t in gui_texts])

    route_t, base_t, cli_name = _process_times()
    rmed, bmed = statistics.median(route_t), statistics.median(base_t)

    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = [
        ("route() in-process, msgs/s (median of 7)", f"{rate:,.0f}",
         f"seed table: {seed_rate:,.0f} (router is {seed_rate / rate:.1f}x slower, {1e6 / rate:.1f} µs/msg)"),
        (f"accuracy, dev set ({len(dev)})", f"{acc['router'][0]:.1f}%", f"seed table: {acc['seed'][0]:.1f}%"),
        (f"accuracy, held-out set ({len(held)})", f"{acc['router'][1]:.1f}%", f"seed table: {acc['seed'][1]:.1f}%"),
        (f"`{cli_name} route` process, median / p90 ms ({len(route_t)} runs)",
         f"{rmed:.1f} / {_p90(route_t):.1f}",
         f"`python -c pass`: {bmed:.1f} / {_p90(base_t):.1f} (overhead {rmed - bmed:.1f})"),
        ("gui.translate() in-process, texts/s (median of 7)", f"{gui_rate:,.0f}",
         f"{len(gui_texts)} texts, avg {sum(map(len, gui_texts)) / max(1, len(gui_texts)):.0f} chars"),
    ]
    table = ["| measure | value | baseline |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = "\n".join([
        "# Router benchmark",
        "",
        f"- date: {now}",
        f"- machine: {describe_machine()}",
        f"- messages: {len(msgs)} (dev + held-out), attachments included",
        f"- load average at start: {load}",
        "",
        *table,
        "",
        "Process timings run with bytecode caching on (as after `pip install`) and a warm rule cache.",
        "Timings are from a shared machine (other test suites may run at the same time);",
        "the baselines are measured in the same run, interleaved, to make the comparison fair.",
        "",
    ])
    publish(text, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

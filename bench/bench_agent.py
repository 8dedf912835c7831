"""The local agent's understanding: `python -m bench.bench_agent`.

Accuracy of plan() + apply() on the development set (tuned on) and on the
held-out set (written by someone who never saw the agent, committed before
any tuning), edits and prompts, English, Chinese and mixed separately (scored
by bench/agent_eval.py: each request applied to a project, the draft checked);
and plan()'s speed in-process (messages per second, median of 5 runs over
every message of both sets). Writes bench/results/agent.md.
"""
from __future__ import annotations

import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import agent_eval as E
from bench.report import describe as describe_machine, publish

RESULTS = Path(__file__).resolve().parent / "results" / "agent.md"

# The held-out set's first run, on the finished implementation, before anything it revealed
# was fixed (kept here so a later run cannot hide it): group -> (passed, total).
FIRST_HELDOUT_RUN: dict[str, tuple[int, int]] = {
    "edits": (90, 92), "edits:en": (42, 44), "edits:zh": (43, 43), "edits:mixed": (5, 5),
    "prompts": (17, 32), "prompts:en": (9, 16), "prompts:zh": (8, 16),
}
FIRST_RUN_NOTE = (
    "The held-out set's first run (2026-12-03 15:06 UTC, same machine) is the row \"held-out, first run\". "
    "It showed generation prompts that say no \"video\" missed: a bare description (\"a timelapse of "
    "clouds…\", \"drone shot flying over…\"), \"generate like 6 seconds of fireworks\", \"生成一段海浪拍打礁石的"
    "画面\", \"生成一个6秒的赛博朋克城市夜景\", \"来个8秒的，猫咪在窗台上晒太阳\", a subject in a clause of its own "
    "(\"做个视频，一只柴犬在雪地里奔跑，7秒\"); and two edits: a range in number words without a unit after the "
    "first (\"seconds ten through twelve\") and the title named by its text (\"remove the Morning Run text\"). "
    "Those were fixed as general rules (new phrasings of the same kinds added to the development set, not the "
    "held-out texts); a second run (15:10 UTC) scored edits 92/92 and prompts 32/32. Reading the set then showed "
    "two more things, fixed after: \"blur the faces\" / \"人脸打个码\" and \"调一个电影感的色调\" passed (nothing changed, "
    "nothing charged) but with the list of everything instead of a plain \"I can't…\"; and \"title 放中间\" / "
    "\"改回横屏\" are already so on the project, charged as edits that changed nothing (now said and free, which the "
    "scorer accepts when the expected change is already true). The \"held-out\" row is the latest run: it no "
    "longer measures unseen text.")


def _speed(messages: list[str]) -> float:
    from skill.backend import agent

    state = E.project()
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        for m in messages:
            agent.plan(m, state)
        runs.append(len(messages) / (time.perf_counter() - t0))
    return statistics.median(runs)


def _cell(sc: E.Score, key: str) -> str:
    return sc.line(key) if sc.total[key] else "–"


def main() -> None:
    sets = [("development (tuned on)", E.DEV)]
    if E.HELDOUT.exists():
        sets.append(("held-out", E.HELDOUT))
    sets.append(("held-out, inflected verb forms", E.FORMS))
    scores = [(name, path, E.score_file(path)) for name, path in sets]
    messages = []
    for _, path, _ in scores:
        data = E.load(path)
        messages += [c["text"] for c in data.get("cases") or []] + [c["text"] for c in data.get("prompts") or []]
    speed = _speed(messages)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Local agent: edit requests and prompts (bench/bench_agent.py)",
        "",
        f"- date: {now}",
        f"- machine: {describe_machine()}",
        "- scoring: each request applied with plan() + apply() to one project (15 s generated clip, "
        "Upbeat BGM at 30%, title \"Morning Run\" 0-3 s centred, 16:9, beach.mp4 uploaded, 6 s); the "
        "draft must show the asked change and nothing else; a prompt must generate the asked length "
        "with a title holding the subject words, ending on a whole word, no placeholder in the title, "
        "the track or the file name (bench/agent_eval.py)",
        "",
        "| set | edits, all | edits EN | edits ZH | edits mixed | prompts, all | prompts EN | prompts ZH | prompts mixed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, _, sc in scores:
        lines.append(f"| {name} | " + " | ".join(
            _cell(sc, k) for k in ("edits", "edits:en", "edits:zh", "edits:mixed",
                                   "prompts", "prompts:en", "prompts:zh", "prompts:mixed")) + " |")
    if FIRST_HELDOUT_RUN:
        cells = []
        for k in ("edits", "edits:en", "edits:zh", "edits:mixed", "prompts", "prompts:en", "prompts:zh",
                  "prompts:mixed"):
            p, t = FIRST_HELDOUT_RUN.get(k, (0, 0))
            cells.append(f"{p}/{t} ({100 * p / t:.1f}%)" if t else "–")
        lines.append("| held-out, first run | " + " | ".join(cells) + " |")
    lines += ["", "The inflected-forms set (tests/data/agent-edits-forms.yaml, 32 English edit requests in the forms the "
              "router forwards: \"trimming the last 3 seconds\", \"the first 2 seconds trimmed\") was committed before "
              "the vocabulary took inflections; its first run: 18/32 (56.2%)."]
    lines += ["", f"plan() in-process: {speed:,.0f} messages/s (median of 5 runs over {len(messages)} messages)."]
    for name, path, _ in scores:
        refusals = [c for c in E.load(path).get("cases") or [] if c["expect"]["op"] == "unsupported"]
        if not refusals:
            continue
        plain = sum(E.score_edit(c).reply.startswith(("I can't", "这里没法")) for c in refusals)
        lines.append(f"What it cannot do, {name}: {plain}/{len(refusals)} answered with a plain \"I can't …\" "
                     "and the closest thing it can do (the rest: the list of what it can do).")
    lines.append("")
    if FIRST_RUN_NOTE:
        lines += [FIRST_RUN_NOTE, ""]
    for name, _, sc in scores:
        if sc.failures:
            lines.append(f"Failures, {name}:")
            lines.append("")
            for group, lang, text, why in sc.failures:
                lines.append(f"- {group} [{lang}] `{text}`: {why[:160]}")
            lines.append("")
    publish("\n".join(lines).rstrip() + "\n", RESULTS)


if __name__ == "__main__":
    main()

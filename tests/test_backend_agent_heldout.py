"""How well the local agent understands edit requests and prompts it was not tuned on.

Each request of tests/data/agent-edits-heldout.yaml (written by someone who never
saw the agent, committed before any tuning) is APPLIED with plan() + apply() to
the same project, and the resulting draft is checked for the change it asks for
(bench/agent_eval.py: behaviour, not op names; nothing else may change). Floors,
not 100%: the figures themselves are in BENCHMARKS.md (python -m bench.bench_agent).
"""
import pytest

from bench import agent_eval as E

FLOOR = 0.90            # edits and prompts, all languages together
FLOOR_PER_LANG = 0.85   # English and Chinese each
DEV_FLOOR = 0.97        # the set it was tuned on


def _check(sc: E.Score, floor: float, per_lang: float) -> None:
    problems = []
    for group in ("edits", "prompts"):
        if sc.total[group] and sc.rate(group) < floor:
            problems.append(f"{group}: {sc.line(group)} < {floor:.0%}")
        for lang in ("en", "zh"):
            key = f"{group}:{lang}"
            if sc.total[key] >= 5 and sc.rate(key) < per_lang:
                problems.append(f"{key}: {sc.line(key)} < {per_lang:.0%}")
    assert not problems, "\n".join(problems + [f"  {f}" for f in sc.failures])


def test_the_development_set():
    sc = E.score_file(E.DEV)
    assert sc.total["edits"] >= 60 and sc.total["prompts"] >= 20
    _check(sc, DEV_FLOOR, DEV_FLOOR)


def test_the_held_out_set():
    if not E.HELDOUT.exists():
        pytest.skip("no held-out set")
    sc = E.score_file(E.HELDOUT)
    assert sc.total["edits"] and sc.total["prompts"]
    _check(sc, FLOOR, FLOOR_PER_LANG)


def test_edits_asked_in_inflected_forms():
    # what the router forwards from "render it after trimming the intro": "trimming the intro";
    # "I'd like the first 2 seconds trimmed", "swapping the music for …" (held out, written first)
    sc = E.score_file(E.FORMS)
    assert sc.total["edits"] >= 30
    _check(sc, FLOOR, FLOOR_PER_LANG)


def test_the_scorer_fails_a_wrong_change():
    """The scorer itself: a right request passes, the same request against a wrong
    expectation fails (a scorer that passes everything measures nothing)."""
    assert E.score_edit({"text": "开头剪掉两秒", "expect": {"op": "trim_start", "seconds": 2}}).ok
    for exp in ({"op": "trim_start", "seconds": 3}, {"op": "trim_end", "seconds": 2},
                {"op": "cut_range", "from": 0, "to": 3}, {"op": "unsupported"}):
        assert not E.score_edit({"text": "开头剪掉两秒", "expect": exp}).ok, exp
    assert not E.score_edit({"text": "change the music to jazz", "expect": {"op": "set_music", "style": "piano"}}).ok
    assert not E.score_edit({"text": "put it at the start",
                             "expect": {"op": "place_clip", "clip": "beach.mp4", "where": "end"}}).ok
    assert not E.score_edit({"text": "add subtitles", "expect": {"op": "remove_title"}}).ok
    assert not E.score_prompt({"text": "make a video", "seconds": None, "subject": ["video"]}).ok

"""What a rule cannot match without (skill/text/needs.py), and the one-message route that relies on it."""
from __future__ import annotations

import re

import pytest

from skill.text import router
from skill.text.needs import needs
from corpus import HELDOUT, SHARED, load_cases


@pytest.mark.parametrize("pattern, needed", [
    ("export", {"export"}),
    ("(?:the )?music (?:is|was) (?:great|fine)", {"music "}),
    ("(?:ok|okay),? (?:great|fine)", {"great", "fine"}),           # the longer of two needs wins
    ("a(?:lpha|mber)", {"lpha", "mber"}),                          # what follows the shared "a"
    ("[\\w'-]{1,15} looks? good", {" look"}),
    ("(?:好|很)(?:好看|不错)", {"好看", "不错"}),
    ("很棒|好", {"很棒", "好"}),                                     # one CJK character is a need
])
def test_a_need_is_text_every_match_holds(pattern, needed):
    assert needs(pattern) == needed
    for text in ("the music is great", "ok, fine", "alpha amber", "it looks good", "好看", "很棒"):
        for m in re.finditer(pattern, text):
            assert any(n in m.group(0) for n in needs(pattern))


def test_what_a_look_ahead_must_see_is_a_need_only_when_asked_for():
    # a look-ahead sees no further than the end of the text searched: what it must see is there, from
    # where the match starts (the run-on patterns are all look-ahead); a look-behind sees before it
    pattern = "(?<!\\s)\\s++(?=(?:export|render) it\\b)"
    assert needs(pattern) is None
    assert needs(pattern, ahead=True) == {"export", "render"}
    assert needs("(?<=please )x(?=y)", ahead=True) is None    # one Latin letter is no help; "please " is behind
    for text in ("trim it export it", "cut   render it"):
        for m in re.finditer(pattern, text):
            assert any(n in text[m.start():] for n in needs(pattern, ahead=True))


@pytest.mark.parametrize("pattern", [
    "(?:the )?(?:great)?",          # all optional
    "x|(?:y)*",                      # an alternative that needs nothing
    "(?i:export)",                   # any case
    "a|b",                           # one Latin letter is no help
    "\\w+",
])
def test_a_rule_with_nothing_needed_has_no_needs(pattern):
    assert needs(pattern) is None


def _labelled_texts() -> list[str]:
    files = [SHARED / "router-dev.yaml", *sorted(HELDOUT.glob("router-*.yaml"))]
    return [c["text"] for f in files for c in load_cases(f) if c.get("text")]


def test_every_match_of_a_rule_in_the_labelled_messages_holds_one_of_its_needs():
    rules = router._rules()
    texts = _labelled_texts()
    assert len(texts) > 40_000
    needed = rules._specs["needs"]
    assert "praise" in needed      # the rule worth sparing
    masked = [router._mask(text, router._lower(text, rules), rules)[0] for text in texts]
    for name, found in needed.items():
        pattern = re.compile(rules._specs[name])
        for text, m in ((t, m) for t in masked for m in pattern.finditer(t)):
            assert any(n in m.group(0) for n in found), (name, text)


def test_a_one_message_route_of_an_edit_does_not_compile_the_praise_and_still_reads_praise():
    fresh = router._Rules(router._load())
    saved = router._RULES
    router._RULES = fresh
    try:
        assert router.route("add some lo-fi music at 35% and then export it").plan == ("chat", "export")
        assert isinstance(vars(fresh)["praise"], router._Unless)     # not compiled: nothing it needs
        assert router.route("the music is perfect now").plan == ()     # approval: nothing to send
        assert isinstance(vars(fresh)["praise"], re.Pattern)          # compiled for the text that needs it
    finally:
        router._RULES = saved


def test_a_first_route_in_a_fresh_process_routes_as_a_busy_one():
    """Every hundredth labelled message, routed as the first message of a process (rules and scanner
    buckets compiled only for what its text may match) and by a busy process: the same Route."""
    texts = _labelled_texts()[::100]
    specs = router._load()
    saved = router._RULES
    try:
        busy = router._Rules(specs)
        router._RULES = busy
        for text in texts * 2:      # past _HOT: settled rules, promoted scanners
            router.route(text)
        hot = [router.route(text) for text in texts]
        cold = []
        for text in texts:
            router._RULES = router._Rules(specs)
            cold.append(router.route(text))
    finally:
        router._RULES = saved
    assert len(texts) > 400
    assert cold == hot

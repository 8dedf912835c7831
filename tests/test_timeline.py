"""Timeline summaries and change lists: exact wording, and tolerance of odd drafts."""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.text.timeline import diff, is_ready_for_export, summarize

DRAFT = {
    "d": 10000,
    "m": {"width": 1920, "height": 1080, "ratio": "16:9", "fps": 30},
    "t": [
        {"tt": 0, "id": "trk_v1", "sg": [{"id": "seg_1", "s": 0, "d": 10000,
                                          "m": {"title": "city timelapse", "src": "http://x/media/a.mp4"}}]},
        {"tt": 1, "id": "trk_a1", "sg": [{"id": "seg_2", "s": 0, "d": 10000, "m": {"title": "Lo-fi", "volume": 35}}]},
        {"tt": 7, "id": "trk_t1", "sg": [{"id": "seg_3", "s": 0, "d": 3000, "m": {"text": "Urban Dreams"}}]},
    ],
}


def test_summary_matches_the_protocol_example():
    assert summarize(DRAFT) == ('Timeline (3 tracks): 1. Video: city timelapse (0-10s) '
                                '2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)')


def test_summary_in_chinese():
    assert summarize(DRAFT, "zh") == ("时间线（3 条轨道）：1. 视频：city timelapse（0-10秒） "
                                      "2. 背景音乐：Lo-fi（0-10秒，35%） 3. 标题：“Urban Dreams”（0-3秒）")


@pytest.mark.parametrize("draft", [{}, {"t": []}, {"t": [{"tt": 0, "sg": []}]}, None, [], "", "not json", 42])
def test_empty_timeline_is_a_friendly_line(draft):
    assert summarize(draft) == "The timeline is empty: nothing has been added yet."
    assert summarize(draft, "zh") == "时间线还是空的，还没有添加任何内容。"
    assert not is_ready_for_export(draft)


def test_fractional_seconds_and_volume_fraction():
    d = {"t": [{"tt": 1, "sg": [{"s": 1500, "d": 2250, "m": {"title": "Piano", "volume": 0.2}}]},
               {"tt": 7, "sg": [{"s": 0, "d": 2500, "m": {"text": "Hi"}}]}]}
    assert summarize(d) == 'Timeline (2 tracks): 1. BGM: Piano (1.5-3.8s, 20%) 2. Title: "Hi" (0-2.5s)'


def test_one_track_is_singular_and_several_segments_are_listed():
    d = {"t": [{"tt": 0, "sg": [{"s": 0, "d": 5000, "m": {"title": "a"}}, {"s": 5000, "d": 5000, "m": {"title": "b"}}]}]}
    assert summarize(d) == "Timeline (1 track): 1. Video: a (0-5s), b (5-10s)"


def test_missing_unknown_and_malformed_fields_are_tolerated():
    d = {"t": [
        {"tt": 0, "sg": [{"m": {}}]},                               # no times, no title
        {"tt": "1", "sg": [{"s": "0", "d": "4000", "m": {"title": "Jazz", "volume": "loud"}}]},  # strings
        {"tt": 42, "sg": [{"s": 0, "d": 1000, "m": {"name": "sfx"}, "zz": [1, 2]}]},  # unknown type/keys
        {"tt": 7, "sg": [{"s": -5, "d": float("nan"), "m": {"text": ["not", "text"]}}]},  # garbage values
        {"tt": 0, "sg": [{"s": 0, "d": 2000, "m": {"src": "http://cdn/x/beach.mp4?sig=1"}}]},  # label from src
        "not a track", None, {"sg": "nope"},
    ]}
    s = summarize(d)
    assert s.startswith("Timeline (6 tracks): 1. Video: untitled 2. BGM: Jazz (0-4s)")
    assert "3. Track: sfx (0-1s)" in s and "4. Title: untitled" in s and "5. Video: beach.mp4 (0-2s)" in s
    assert "6. Track: (empty)" in s
    assert is_ready_for_export(d)


def test_backend_strings_are_sanitized_and_shortened():
    d = {"t": [{"tt": 7, "sg": [{"s": 0, "d": 1000, "m": {"text": "\x1b[31mRed\x1b[0m\ntitle " + "x" * 200}}]}]}
    s = summarize(d)
    assert "\x1b" not in s and "\n" not in s and "…" in s and len(s) < 120


def test_lone_surrogates_become_printable():
    s = summarize({"t": [{"tt": 7, "sg": [{"m": {"text": "a\udcffb"}}]}]})
    s.encode("utf-8")
    assert '"a\ufffdb"' in s


def test_state_envelopes_are_accepted():
    assert summarize({"draft": DRAFT}) == summarize(DRAFT)
    assert summarize({"state": {"draft": DRAFT}}) == summarize(DRAFT)
    import json
    assert summarize(json.dumps(DRAFT)) == summarize(DRAFT)


# --- diff -------------------------------------------------------------------

def _with(**changes):
    d = copy.deepcopy(DRAFT)
    for path, value in changes.items():
        node = d
        keys = path.split("__")
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        last = keys[-1]
        if value is None:
            del node[int(last) if isinstance(node, list) else last]
        else:
            node[int(last) if isinstance(node, list) else last] = value
    return d


def test_no_change_no_lines():
    assert diff(DRAFT, copy.deepcopy(DRAFT)) == []


def test_title_added():
    before = _with(t__2=None)
    assert diff(before, DRAFT) == ["✅ Title added: 'Urban Dreams' (0-3s)"]
    assert diff(before, DRAFT, "zh") == ["✅ 已添加标题：“Urban Dreams”（0-3秒）"]


def test_title_changed_and_removed():
    after = _with(t__2__sg__0__m={"text": "Paradise Found"})
    assert diff(DRAFT, after) == ["✏️ Title changed: 'Urban Dreams' → 'Paradise Found'"]
    assert diff(DRAFT, _with(t__2=None)) == ["🗑️ Title removed: 'Urban Dreams'"]


def test_bgm_added_volume_removed():
    no_bgm = _with(t__1=None)
    assert diff(no_bgm, DRAFT) == ["🎵 BGM added: Lo-fi (35%)"]
    assert diff(DRAFT, _with(t__1__sg__0__m={"title": "Lo-fi", "volume": 0.2})) == ["🎵 BGM volume 35% → 20%"]
    assert diff(DRAFT, no_bgm) == ["🔇 BGM removed"]
    assert diff(DRAFT, no_bgm, "zh") == ["🔇 已移除背景音乐"]


def test_video_added_duration_and_ratio():
    empty = {"t": []}
    fifteen = {"d": 15000, "m": {"ratio": "16:9"},
               "t": [{"tt": 0, "sg": [{"id": "v", "s": 0, "d": 15000, "m": {"title": "forest with birds"}}]}]}
    assert diff(empty, fifteen) == ["🎬 Video added: forest with birds (0-15s)"]
    ten = {"d": 10000, "m": {"width": 1080, "height": 1920},
           "t": [{"tt": 0, "sg": [{"id": "v", "s": 0, "d": 10000, "m": {"title": "forest with birds"}}]}]}
    assert diff(fifteen, ten) == ["✂️ Duration 15s → 10s", "📐 Aspect ratio 16:9 → 9:16"]
    assert diff(fifteen, ten, "zh") == ["✂️ 时长 15秒 → 10秒", "📐 画面比例 16:9 → 9:16"]


def test_duration_from_segments_when_draft_has_none():
    a = {"t": [{"tt": 0, "sg": [{"id": "v", "s": 0, "d": 15000, "m": {"title": "x"}}]}]}
    b = {"t": [{"tt": 0, "sg": [{"id": "v", "s": 0, "d": 12500, "m": {"title": "x"}}]}]}
    assert diff(a, b) == ["✂️ Duration 15s → 12.5s"]


def test_a_clip_trimmed_in_place_is_a_change_and_says_where_it_now_is():
    # the project still ends at 15 s (no duration line), yet the clip starts 2 s later
    a = {"t": [{"tt": 0, "sg": [{"id": "v", "s": 0, "d": 15000, "m": {"title": "x"}}]}]}
    b = {"t": [{"tt": 0, "sg": [{"id": "v", "s": 2000, "d": 13000, "m": {"title": "x"}}]}]}
    assert diff(a, b) == ["✂️ Video x now at 2-15s"]
    assert diff(a, b, "zh") == ["✂️ 视频x调整到 2-15秒"]


def test_a_change_no_line_describes_still_says_the_project_changed_but_a_fresh_link_does_not():
    a = {"t": [{"tt": 0, "sg": [{"id": "v", "s": 0, "d": 15000, "m": {"title": "x", "src": "https://a/x.mp4?sig=1"}}]}]}
    blurred = copy.deepcopy(a)
    blurred["t"][0]["sg"][0]["m"]["filter"] = "blur"
    assert diff(a, blurred) == ["✏️ The project changed in a way the timeline summary does not show"]
    resigned = copy.deepcopy(a)
    resigned["t"][0]["sg"][0]["m"]["src"] = "https://a/x.mp4?sig=2"
    assert diff(a, resigned) == []


def test_diff_from_nothing_lists_everything():
    lines = diff(None, DRAFT)
    assert lines[:3] == ["🎬 Video added: city timelapse (0-10s)", "🎵 BGM added: Lo-fi (35%)",
                         "✅ Title added: 'Urban Dreams' (0-3s)"]


def test_ready_for_export():
    assert is_ready_for_export(DRAFT)
    assert not is_ready_for_export({"t": [{"tt": 0, "sg": []}, {"tt": 1}]})
    assert not is_ready_for_export({"t": "nope"})


# --- never raises -----------------------------------------------------------

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children, max_size=5),
    max_leaves=40,
)
key = st.sampled_from(["t", "tt", "sg", "s", "d", "m", "title", "text", "volume", "ratio", "width", "height", "id"])
draft_like = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(key, children, max_size=6),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_like, draft_like), st.one_of(json_like, draft_like), st.sampled_from(["en", "zh", "xx", None]))
def test_never_raises_on_any_json_like_input(a, b, lang):
    assert isinstance(summarize(a, lang), str)
    assert isinstance(summarize(b), str)
    lines = diff(a, b, lang)
    assert isinstance(lines, list) and all(isinstance(x, str) for x in lines)
    assert isinstance(is_ready_for_export(a), bool)


def test_a_huge_timeline_is_summarized_readably_and_fast():
    import time

    from skill.text.timeline import summarize

    draft = {"t": [{"tt": 0, "sg": [{"s": i * 1000, "d": 1000, "m": {"title": f"clip {i}"}} for i in range(30000)]}]}
    started = time.perf_counter()
    en, zh = summarize(draft, "en"), summarize(draft, "zh")
    assert time.perf_counter() - started < 0.5
    assert "clip 0 (0-1s)" in en and "clip 29999" not in en and "29,988 more" in en
    assert "另有 29,988 段" in zh and len(en) < 2000

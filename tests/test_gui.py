"""GUI translation: backend text for a web-editor user, made fit for chat."""
from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.text.gui import Translation, inline_actions, translate
from corpus import HELDOUT as HELDOUT_DIR, SHARED, load_cases, params

CORPUS = SHARED
HELDOUT = HELDOUT_DIR / "gui-heldout.yaml"


def _broken_punctuation(text: str) -> bool:
    return bool(re.search(r"(^|[.!?。！？]\s*)[,，;；.。]|[,，]\s*[.。!?！？]|\s[,.;:!?]|[.。]{2}(?!\.)|“”|''", text))


def _check(case: dict) -> Translation:
    t = translate(case["text"])
    low = t.text.lower()
    for phrase in case.get("gone") or ():
        assert phrase.lower() not in low, f"{phrase!r} still in {t.text!r}"
    for phrase in case.get("kept") or ():
        assert phrase.lower() in low, f"{phrase!r} lost from {t.text!r}"
    if case.get("action"):
        assert case["action"] in t.actions, t
    if case.get("no_action"):
        assert case["no_action"] not in t.actions, t
    assert not _broken_punctuation(t.text), t.text
    return t


@pytest.mark.parametrize("case", params(CORPUS / "gui-dev.yaml"))
def test_dev_corpus(case):
    _check(case)


@pytest.mark.parametrize("case", params(HELDOUT))
def test_heldout_corpus(case):
    _check(case)


def test_heldout_set_covers_both_languages():
    cases = load_cases(HELDOUT)
    zh = [c for c in cases if re.search(r"[\u4e00-\u9fff]", c["text"])]
    assert len(cases) >= 15 and len(zh) >= 6


# --- what replaces an instruction ---------------------------------------------

def test_export_pointer_becomes_what_to_say_here():
    t = translate("Done! Click the Export button to download your video.")
    assert t.text == "Done! Say 'export' when you're ready and I'll render the MP4."
    assert t.actions == ("export",)


def test_export_pointer_in_chinese():
    t = translate("视频生成完毕，请点击导出按钮下载。")
    assert t.text == "视频生成完毕。说「导出」我就为你渲染 MP4。"


def test_language_can_be_forced():
    t = translate("Click Export to download.", lang="zh")
    assert t.text == "说「导出」我就为你渲染 MP4。"


def test_edit_by_hand_is_offered_in_words():
    assert translate("Open the Text panel to change the font of the title.").text == \
        "Just tell me if you'd like to change the font of the title."
    assert translate("Right-click the title layer and choose Delete to remove it.").text == \
        "Just tell me if you'd like to remove the title."
    assert translate("拖拽片段即可调整顺序。").text == "想对片段调整顺序的话，直接告诉我就行。"


def test_drag_to_a_place_becomes_an_example_sentence():
    t = translate("Drag the logo to the top left corner of the frame.")
    assert "drag" not in t.text.lower()
    assert "move the logo to the top left corner of the frame" in t.text


def test_state_and_credits_pointers_leave_no_text_but_an_action():
    t = translate("Preview it in the timeline.")
    assert t.text == "" and t.actions == ("state",)
    t = translate("Check your account billing page for remaining credits.")
    assert t.text == "" and t.actions == ("credits",)


def test_content_sentences_are_untouched():
    text = ("I generated a 15-second clip of a forest with birds. The title 'Export Day' appears "
            "at 0-3s and the lo-fi music is at 35%.")
    t = translate(text)
    assert t.text == text and t.actions == ()


def test_quoted_gui_words_are_content():
    t = translate("I added a title that says \"Click the Export button\" for 3 seconds.")
    assert "Click the Export button" in t.text and t.actions == ()


def test_mixed_sentence_keeps_content_and_drops_instruction():
    t = translate("The music is now at 20%, and you can hear it by pressing the Play button. "
                  "Drag the title to 2s to start it later.")
    assert "music is now at 20%" in t.text
    assert "button" not in t.text.lower() and "drag" not in t.text.lower()


def test_backend_text_is_sanitized():
    t = translate("\x1b[31mDone!\x1b[0m \x1b]8;;http://evil\x07Click Export\x1b]8;;\x07 to download.")
    assert "\x1b" not in t.text and "\x07" not in t.text
    assert t.text.startswith("Done!") and "export" in t.actions


def test_regex_special_characters_in_content_are_literal():
    t = translate(r"You can drag the \1 (x) clip to reorder it.")
    assert t.text == r"Just tell me if you'd like to reorder the \1 (x) clip."


def test_numbered_steps_are_replaced_with_their_follow_ups():
    t = translate("Steps:\n1. Click Export.\n2. Choose MP4.\n3. Enjoy your video!")
    assert t.text == "Steps:\nSay 'export' when you're ready and I'll render the MP4.\n3. Enjoy your video!"
    t = translate("- Click the Export button to download.\n- Open the Text panel to change the font.")
    assert t.text == ("Say 'export' when you're ready and I'll render the MP4.\n"
                      "Just tell me if you'd like to change the font.")
    assert translate("• 点击导出按钮下载视频").text == "说「导出」我就为你渲染 MP4。"


def test_lone_surrogates_become_printable():
    t = translate("Done \udcff. Click Export to download.")
    t.text.encode("utf-8")  # would raise on a lone surrogate
    assert "\ufffd" in t.text and "export" in t.actions


def test_multiline_text_keeps_its_lines():
    t = translate("Here is your video:\n- 15 seconds\n- lo-fi music at 35%\nClick Export to download it.")
    assert t.text.splitlines()[:3] == ["Here is your video:", "- 15 seconds", "- lo-fi music at 35%"]
    assert "click" not in t.text.lower()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_translate_never_raises(text):
    t = translate(text)
    assert isinstance(t.text, str) and set(t.actions) <= {"export", "state", "credits"}


GUI_SOUP = ["Click", "the", "Export", "button", "to", "download", ".", ",", "点击", "导出按钮", "。", "，",
            "打开", "面板", "可以", "修改", "拖拽", "in the timeline", "preview", "'", "“", "”", " ", "\n",
            "and", "choose", "Delete", "right-click", "layer", "it", "在时间线中预览"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GUI_SOUP), max_size=30))
def test_gui_soup_never_raises_and_leaves_no_click(words):
    t = translate(" ".join(words))
    assert isinstance(t.text, str)


def test_long_backend_text_is_linear():
    text = "I added music at 35%. Click the Export button to download. " * 2000
    t0 = time.perf_counter()
    t = translate(text)
    assert time.perf_counter() - t0 < 5
    assert "click" not in t.text.lower() and t.text.count("Say 'export'") == 1


# Found while probing after the held-out set was written; kept as regressions.
@pytest.mark.parametrize("text, expected, actions", [
    ("Next, open the Music library and pick a track you like.",
     "Just tell me if you'd like to pick a track you like.", ()),
    ("To export, click the Export button in the top right, choose 1080p, and click Render.",
     "Say 'export' when you're ready and I'll render the MP4.", ("export",)),
    ("The clip is 15 seconds long; you can trim it by dragging its edges on the timeline.",
     "The clip is 15 seconds long. Just tell me if you'd like to trim it.", ()),
    ("Use the Crop tool to change the aspect ratio to 9:16.",
     "Just tell me if you'd like to change the aspect ratio to 9:16.", ()),
    ("Please log in to your account to view your remaining credits.", "", ("credits",)),
    ("You can preview the result by clicking Play.", "", ("state",)),
    ("你可以拖动时间轴上的滑块来调整音乐的起始位置。", "想调整音乐的起始位置的话，直接告诉我就行。", ()),
    ("请前往“我的账户”查看剩余积分。", "", ("credits",)),
    ("点击“导出”即可下载。", "说「导出」我就为你渲染 MP4。", ("export",)),
    ("如需删除标题，请右键点击标题并选择删除。", "想删除标题的话，直接告诉我就行。", ()),
    ("I added the title \"Export Day\" and a click sound.", "I added the title \"Export Day\" and a click sound.", ()),
    ("我给视频加了一个写着“点击关注”的按钮动画。", "我给视频加了一个写着“点击关注”的按钮动画。", ()),
    # where a title sits in the frame is no place on a screen: the capability stays whole
    ("I can add a title, move it to the top, center or bottom and set how long it shows.",
     "I can add a title, move it to the top, center or bottom and set how long it shows.", ()),
    ("Scroll to the top of the page and click Export.", "Say 'export' when you're ready and I'll render the MP4.",
     ("export",)),
    # where a control goes is no purpose; what it is for is ("move the to the top …" before)
    ("You can move the slider to the top to raise the volume.", "Just tell me if you'd like to raise the volume.", ()),
])
def test_regressions(text, expected, actions):
    t = translate(text)
    assert (t.text, t.actions) == (expected, actions)


# --- policy -------------------------------------------------------------------

def test_inline_actions_policy():
    t = Translation("", ("export", "state", "credits"))
    # read-only pointers run inline; export only if the user's own plan asked for it
    assert inline_actions(t, ("chat",)) == ("state", "credits")
    assert inline_actions(t, ("chat", "export")) == ("state", "credits", "export")
    # a step the plan already runs is not run twice
    assert inline_actions(t, ("state", "chat")) == ("credits",)
    assert inline_actions(Translation("hi", ()), ("export",)) == ()


# --- held-out set 2 (EN and ZH, written by someone who never saw the translator) -------------
HELDOUT_2 = HELDOUT_DIR / "gui-heldout-2.yaml"
# Instruction words that must never reach a chat user (quoted text aside: a title "Click Here").
GUI_VERBS = re.compile(r"\b(?:click(?:ing)?|double-?click|right-?click|drag(?:ging)?)\b|点击|单击|双击|右键|拖动|拖拽",
                       re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|「[^」]*」|『[^』]*』|《[^》]*》|'[^']*'")


def _passes(case: dict) -> bool:
    try:
        _check(case)
    except AssertionError:
        return False
    return True


def test_heldout_2_figure_in_both_languages():
    """Measured first at 72.1% (EN 23/32, ZH 26/36) before the Chinese rules and the net were
    written; 97.1% after (no longer unseen): a floor, so a regression shows."""
    cases = load_cases(HELDOUT_2)
    for lang, floor in (("en", 0.9), ("zh", 0.9)):
        mine = [c for c in cases if c.get("lang") == lang]
        assert mine and sum(map(_passes, mine)) / len(mine) >= floor, lang


@pytest.mark.parametrize("case", [c for c in load_cases(HELDOUT_2) if c.get("action") or c.get("gone")],
                         ids=lambda c: c["text"][:40])
def test_no_click_here_instruction_ever_reaches_the_user(case):
    said = QUOTED.sub("", translate(case["text"]).text)
    assert not GUI_VERBS.search(said), said


@pytest.mark.parametrize("text, action", [
    ("满意的话点击导出按钮下载。", "export"),
    ("视频已生成！满意的话点击导出按钮下载，或者告诉我还想修改什么。", "export"),
    ("👉 点右上角「下载」保存~", "export"),
    ("想看效果的话，点一下播放按钮就行。", "state"),
    ("如果需要更多积分，可以在左侧菜单栏找到「充值中心」。", "credits"),
    ("If you're happy with it, click the Export button in the top right corner.", "export"),
])
def test_chinese_gui_talk_is_translated_like_the_english(text, action):
    t = translate(text)
    assert action in t.actions, t
    for word in ("点击", "点右上角", "按钮", "菜单栏", "click", "button", "top right"):
        assert word not in t.text, t.text

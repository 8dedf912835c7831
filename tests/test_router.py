"""The intent router: corpora, compounds, extraction, robustness, CLI, speed of imports."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from skill.text import needs, router
from skill.text.router import intents, route
from corpus import HELDOUT as HELDOUT_DIR, SHARED, load_cases, params

REPO = Path(__file__).resolve().parents[1]
CORPUS = SHARED
HELDOUT = HELDOUT_DIR / "router-heldout.yaml"
TYPOS_DEV = HELDOUT_DIR / "router-typos-dev.yaml"
TYPOS_HELDOUT = HELDOUT_DIR / "router-typos-heldout.yaml"


def _check(case: dict) -> None:
    r = route(case.get("text") or "", case.get("attachments") or ())
    assert list(r.plan) == case["plan"], f"{case['text']!r}: got {list(r.plan)}"


@pytest.mark.parametrize("case", params(CORPUS / "router-dev.yaml"))
def test_dev_corpus(case):
    _check(case)


@pytest.mark.parametrize("case", params(HELDOUT))
def test_heldout_corpus(case):
    _check(case)


@pytest.mark.parametrize("case", params(TYPOS_DEV))
def test_typos_dev_corpus(case):
    _check(case)


@pytest.mark.parametrize("case", params(TYPOS_HELDOUT))
def test_typos_heldout_corpus(case):
    _check(case)


@pytest.mark.parametrize("case", params(HELDOUT_DIR / "router-acts-dev.yaml"))
def test_speech_acts_dev_examples(case):
    """Questions answer, negated requests ask nothing, context next to a step is not sent, edits
    without a common verb are (router-acts-dev.yaml: examples written while reading set 8)."""
    _check(case)


def test_a_never_read_set_says_so_in_a_word_the_bench_knows():
    """`unread: blind|stress` keeps a set out of every rule and the speech-act model's training, and in
    the bench's never-read rows: a misspelt value would quietly make it training data."""
    from bench.bench_router import unread_mark

    marks = {path.name: unread_mark(path) for path in sorted(HELDOUT_DIR.glob("router-heldout-[0-9]*.yaml"))}
    wrong = {name: mark for name, mark in marks.items() if mark not in (None, "blind", "stress")}
    assert not wrong, wrong
    assert {"blind", "stress"} <= set(marks.values())


def test_typos_heldout_set_is_big_and_not_the_dev_set():
    cases = load_cases(TYPOS_HELDOUT)
    assert len(cases) >= 40
    dev = {c["text"] for c in load_cases(TYPOS_DEV)} | {c["text"] for c in load_cases(CORPUS / "router-dev.yaml")}
    assert not dev & {c["text"] for c in cases}


# Found while probing after the held-out set was written; kept as regressions.
REGRESSIONS = [
    ("let me have the file", (), ["export"]),
    ("生成mp4文件", (), ["export"]),
    ("给我发一下最终版", (), ["export"]),
    ("积分够不够再做一个视频", (), ["credits"]),
    ("视频生成了吗", (), ["state"]),
    ("还没有做好吗", (), ["state"]),
    ("做一个状态很好的运动员视频", (), ["chat"]),
    ("把音乐换掉好吗", (), ["chat"]),
    ("generate a cartoon of a cat uploading a selfie", (), ["chat"]),
    ("remove the export watermark", (), ["chat"]),
    ("I uploaded the wrong file, use the second one", (), ["chat"]),
    ("make a video about saving money and checking your credit balance", (), ["chat"]),
    ("make a video about cats and dogs and export it", (), ["chat", "export"]),
    ("show me the timeline and credits", (), ["state", "credits"]),
    ("what is the status of the export?", (), ["state"]),
    ("先上传这个，再加字幕，最后导出", ("a.mp4",), ["upload", "chat", "export"]),
    ("use these photos to make a slideshow", ("a.jpg", "b.jpg"), ["upload", "chat"]),
    ("here you go", ("x.mp4",), ["upload"]),
    ("here ya go", ("x.mp4",), ["upload"]),
    ("I am not ready to export yet", (), []),          # nothing to do now: nothing is sent
    ("hold off on exporting", (), []),
    ("别急着导出，先把音乐换了", (), ["chat"]),
    ("show me what it looks like now", (), ["state"]),
    ("what is the current state of the project", (), ["state"]),
    ("how much do I have left", (), ["credits"]),
    ("can you save it as mp4", (), ["export"]),
    ("render in 4k", (), ["export"]),
    ("how do i upload a video?", (), ["upload"]),
    ("export but first add a title", (), ["chat", "export"]),
    ("what do you think of this?", ("x.mp4",), ["upload", "chat"]),
    ("send me a video of a cat", (), ["chat"]),
    # after a topic, a clause that starts with content holding an intent word
    # ("progress bar") is still a new step when an intent phrase starts there
    ("做一个关于猫的视频，进度条做好了吗", (), ["chat", "state"]),
    ("a video about my trip, status update: is the video ready yet", (), ["chat", "state"]),
]


@pytest.mark.parametrize("text, attachments, plan", REGRESSIONS)
def test_regressions(text, attachments, plan):
    assert list(route(text, attachments).plan) == plan


def test_heldout_set_is_big_and_bilingual():
    cases = load_cases(HELDOUT)
    zh = [c for c in cases if any("\u4e00" <= ch <= "\u9fff" for ch in c["text"])]
    assert len(cases) >= 40 and len(zh) >= 12
    # and it is not a copy of the dev set
    dev = {c["text"] for c in load_cases(CORPUS / "router-dev.yaml")}
    assert not dev & {c["text"] for c in cases}


# --- typed in a hurry: misspelled intent words, dismissals ------------------

@pytest.mark.parametrize("typo, right", [
    ("exprot", "export"), ("exoprt", "export"), ("exportt", "export"), ("xeport", "export"),
    ("dowload", "download"), ("donwload", "download"), ("rendr", "render"),
    ("creditz", "credits"), ("cerdits", "credits"), ("balanse", "balance"), ("ballance", "balance"),
    ("timeine", "timeline"), ("timelien", "timeline"), ("stauts", "status"), ("staus", "status"),
    ("uplaod", "upload"), ("uplod", "upload"), ("progess", "progress"),
])
def test_a_misspelled_intent_word_routes_like_the_right_one(typo, right):
    for template in ("{}", "pls {} it", "can you {} it now?", "ok, {} the video"):
        assert route(template.format(typo)) == route(template.format(right)), template.format(typo)


@pytest.mark.parametrize("text, plan", [(text, ("chat",)) for text in (
    "make a video about an expert", "an expert baker making bread", "the credit roll", "make it balanced",
    "a timeline of my life", "add a tender love song", "the states of matter", "show the stats",
    "statue of liberty at dawn", "unload the truck in slow motion", "add a title that says 'Exprot Day'",
    "a song called \"Uplaod\"", "make a timelne of my life", "fix the colour balnce",
)])
def test_words_near_an_intent_word_stay_content(text, plan):
    assert route(text).plan == plan


def test_short_words_are_never_corrected():
    # under 5 letters a one-letter change is too often another word
    assert route("expo").plan == ("chat",) and route("stat").plan == ("chat",)
    assert route("uplo").plan == ("chat",)


def test_every_dictionary_word_near_a_keyword_is_known():
    # `known` is what keeps real words from being "corrected": nothing in it, and
    # no keyword, is ever changed
    import yaml

    data = yaml.safe_load(Path(router.rules_path()).read_text(encoding="utf-8"))["typo"]
    typos = router._Typos({"words": [w for ws in data["words"].values() for w in ws], "known": data["known"]})
    assert all(typos.correct(w) is None for w in data["known"])
    assert all(typos.correct(w) is None for ws in data["words"].values() for w in ws)


def test_the_typo_fallback_costs_nothing_without_a_candidate_word(monkeypatch):
    # A clause with no word that could misspell a keyword (by first letters and
    # length) never reaches the Python side of the fallback.
    calls = []
    monkeypatch.setattr(router, "_typo_fix", lambda *a: calls.append(a) or None)
    for text in ("make a video of a cat", "add lo-fi music at 35% volume", "hello", "把音乐换掉好吗",
                 "trim it to 10 s", "make it vertical for TikTok", "export", "show me the timeline"):
        route(text)
    assert calls == []
    route("exprot")
    assert len(calls) == 1


def test_typo_corrections_keep_the_chat_text_as_written():
    r = route("add some jazz then exoprt")
    assert r.plan == ("chat", "export") and r.chat_text == "add some jazz"
    assert route("uplod these and make a montage", ["a.mp4"]).chat_text == "make a montage"


@pytest.mark.parametrize("text, plan, chat_text", [
    ("forget the music, export it", ("export",), None),
    ("never mind the title, just show me the timeline", ("state",), None),
    ("不要音乐了，导出吧", ("export",), None),
    ("forget the music, make it vertical", ("chat",), "make it vertical"),
    ("make it shorter and forget the music", ("chat",), "make it shorter"),
    ("forget exporting, add a logo first", ("chat",), "add a logo first"),
    ("导出不要了，加个标题", ("chat",), "加个标题"),
])
def test_a_dismissal_drops_only_what_it_names(text, plan, chat_text):
    r = route(text)
    assert (r.plan, r.chat_text) == (plan, chat_text)


@pytest.mark.parametrize("text, plan, chat_text", [
    ("加个标题写：谢谢观看 好了就导出", ("chat", "export"), "加个标题写：谢谢观看"),
    ("加个标题写：新年快乐，然后导出", ("chat", "export"), "加个标题写：新年快乐"),
    ("片尾字幕写：还要多久？现在就下单！", ("chat",), "片尾字幕写：还要多久？现在就下单！"),
])
def test_text_to_show_after_a_colon_goes_to_the_agent_and_the_step_after_it_still_runs(text, plan, chat_text):
    # the title the agent is asked for must not swallow "好了就导出", and its question mark asks nothing
    r = route(text)
    assert (r.plan, r.chat_text) == (plan, chat_text)


@pytest.mark.parametrize("text", ["forget it", "never mind", "nevermind", "nvm", "oh forget it", "scratch that",
                                  "算了", "算了吧", "不用了"])
def test_a_message_that_only_dismisses_sends_nothing(text):
    # nothing to do: no step at all, nothing sent to the agent; the reply is one line
    r = route(text)
    assert r.plan == () and r.act == "dismissed" and r.chat_text is None


@pytest.mark.parametrize("text, plan", [(text, ("chat",)) for text in (
    "make the logo bigger so nobody can forget it", "add a song called Never Mind", "don't forget the music",
    "make a video about forgetting your keys", "add the text 'never mind'")])
def test_dismissal_words_inside_content_are_content(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text", ["把刚才上传的视频放在开头", "我刚上传的猫2去哪了", "用我上传的音乐当背景音乐",
                                  "我上传的beach那个片段没用上啊 把beach放到开头"])
def test_a_clip_uploaded_before_is_named_not_uploaded_again(text):
    # 上传的 names a clip already there: with nothing attached it was "nothing to upload", exit 2
    assert route(text).plan == ("chat",)
    assert route("上传这个视频", ["/tmp/x.mp4"]).plan == ("upload",)


# Not "text, plan" rows, which the learned reading trains on (tools/train_speech_acts.py): a retrain with
# these moved 72 labelled routes, 26 for the worse; they pass without one.
@pytest.mark.parametrize("said, steps", [
    ("add music. never mind the music", ()),                     # took it back, all of it: was sent whole
    ("add a fade in. never mind the fade", ()),
    ("音乐加个淡出 还是不要了", ()),                                # was sent, and a credit went
    ("加个淡出效果 还是不要了吧", ()),
    ("add a fade in then export. oh never mind the fade", ("export",)),   # the learned reading sent it back
    ("是横屏还是竖屏", ("chat",)),                                    # 还是 in a question is not a take-back
])
def test_an_edit_taken_back_later_in_the_message_is_not_sent(said, steps):
    assert route(said).plan == steps


# --- what the router extracts ---------------------------------------------

@pytest.mark.parametrize("text, chat_text", [
    ("add subtitles, then send me the video", "add subtitles"),
    ("check my credits and then generate a video of a cat", "generate a video of a cat"),
    ("加上背景音乐然后导出", "加上背景音乐"),
    ("先看看积分，然后生成一段海浪的视频", "生成一段海浪的视频"),
    ("make the clip brighter, then download it", "make the clip brighter"),
    ("hello", "hello"),
    ("what can you do?", "what can you do?"),
    ("把片尾的字改成“谢谢观看”，余额要是还有五十以上就直接下载", "把片尾的字改成“谢谢观看”"),   # not the condition
    ("把标题改成 阿婆的茶园，导出，再把链接发我", "把标题改成 阿婆的茶园"),     # the title's words too
])
def test_chat_text_is_only_the_chat_part(text, chat_text):
    assert route(text).chat_text == chat_text


def test_no_chat_step_means_no_chat_text():
    assert route("export").chat_text is None
    assert route("", ["a.mp4"]).chat_text is None
    assert route("ok looks good, render it").chat_text is None


def test_upload_with_instruction_forwards_the_instruction():
    r = route("upload this and make a 10 second highlight", ["game.mp4"])
    assert r.plan == ("upload", "chat")
    assert r.chat_text == "make a 10 second highlight"
    assert r.attachments == ("game.mp4",)


def test_media_urls_are_extracted_as_written_and_mean_upload():
    r = route("Use this video: https://CDN.example.org/raw/Take2.webm, and make it 9:16.")
    assert r.urls == ("https://CDN.example.org/raw/Take2.webm",)
    assert r.plan == ("upload", "chat")


def test_non_media_url_is_content_not_upload():
    r = route("make a video about https://example.com/download/export-guide")
    assert r.plan == ("chat",) and r.urls == ()


def test_only_attachments_is_upload():
    assert route("", ["a.mp4", "b.png"]).plan == ("upload",)
    assert route("   ", ["a.mp4"]).plan == ("upload",)


@pytest.mark.parametrize("text, plan", [
    ("if the balance is fine, upload this", ("credits",)),   # the upload waits for the person's answer
    ("upload this if my balance is ok", ("credits",)),
    ("if", ()),                                              # a condition on nothing: nothing sent
    ("如果", ()),
    ("if you could upload this", ("upload",)),               # politeness, not a condition
])
def test_an_attachment_under_a_condition_waits_for_it(text, plan):
    r = route(text, ["clip.mp4"])
    assert r.plan == plan and r.act == ("condition" if plan != ("upload",) else None)


def test_an_upload_with_not_yet_for_its_use_is_only_the_upload():
    assert route("upload this 但先别加到时间线上", ["clip.mp4"]).plan == ("upload",)
    assert route("upload this and put it at the end", ["clip.mp4"]).plan == ("upload", "chat")


def test_attachments_as_a_single_string_or_paths():
    assert route("upload", "clip.mp4").attachments == ("clip.mp4",)
    assert route("upload", [Path("x/clip.mp4")]).attachments == (str(Path("x/clip.mp4")),)


@pytest.mark.parametrize("text, lang", [
    ("export", "en"), ("导出", "zh"), ("帮我 export 一下", "zh"), ("check 一下 credits", "zh"),
    ("add a title that says “上传你的梦想”", "en"), ("标题写“上传你的梦想”", "zh"), ("", "en"),
    ("make it louder！", "en"), ("把音乐调大一点", "zh"), ("add 字幕 please", "zh"),
    ("export it now！！", "en"), ("what does the timeline have？", "en"),
])
def test_language(text, lang):
    assert route(text).language == lang


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc xyz,.!?") + list("！？。，、；：（）【】～") + list("字幕音乐导出のア")),
               max_size=40))
def test_router_language_is_skill_lang(text):
    # One detector: without quotes or URLs (which the router masks), the
    # router's language is exactly skill.core.lang.detect's.
    from skill.core.lang import detect

    assert route(text).language == detect(text, default="en")


def test_long_message_language_is_skill_lang():
    assert route("字" + "x " * 20_000).language == "zh"
    assert route("make it louder！" * 2_000).language == "en"


# --- media URLs: the formats the backend accepts (skill.core.formats) ------------

@pytest.mark.parametrize("ext", sorted(__import__("skill.core.formats", fromlist=["EXTENSIONS"]).EXTENSIONS))
def test_every_supported_format_is_a_media_url(ext):
    r = route(f"https://example.org/media/clip.{ext.upper()}?dl=1")
    assert r.urls == (f"https://example.org/media/clip.{ext.upper()}?dl=1",) and r.plan == ("upload",)


@pytest.mark.parametrize("url", ["https://example.org/doc.pdf", "https://example.org/mp4", "https://example.org/a.mp4.html"])
def test_other_urls_are_not_media(url):
    r = route(f"read {url}")
    assert r.urls == () and r.plan == ("chat",)


def test_router_yaml_has_no_copy_of_the_formats():
    import yaml

    data = yaml.safe_load(Path(router.rules_path()).read_text(encoding="utf-8"))
    assert "media_extensions" not in data


def test_order_follows_the_message_even_when_said_backwards():
    assert route("don't forget to export once you're done adding the logo").plan == ("chat", "export")
    assert route("show me the timeline and then cut the last 3 seconds").plan == ("state", "chat")


def test_negation_scope_is_local():
    # the negation applies to its own clause only
    assert route("don't add music, just export").plan == ("export",)
    assert route("别加音乐，导出吧").plan == ("export",)


@pytest.mark.parametrize("text,plan,chat_text", [
    # a negated request asks for nothing: sent before an export, the agent would change nothing
    # and the export would be held as an edit that did not happen
    ("don't add any music", (), None),
    ("不要加字幕", (), None),
    ("no need to download anything", (), None),
    ("暂时别下载", (), None),
    # next to a request it is part of that request, sent whole
    ("make a beach video, don't add music", ("chat",), "make a beach video, don't add music"),
    ("做一个海边的视频，不要加音乐", ("chat",), "做一个海边的视频，不要加音乐"),
    # "no music" next to a step turns a thing down: sent, the agent would change nothing and the
    # export would be held as an edit that did not happen (blind writers read it so: sets 408, 413)
    ("no music, just export", ("export",), None),
    # alone it may answer the agent's question ("want music?"), so it is sent
    ("no music", ("chat",), "no music"),
])
def test_a_negated_request_asks_for_nothing(text, plan, chat_text):
    r = route(text)
    assert (r.plan, r.chat_text) == (plan, chat_text)
    assert r.plan or r.act == "held"


@pytest.mark.parametrize("text,plan,act", [
    # a condition after what it conditions holds it back, as one before it does
    ("export it if the subtitles are done", ("state",), "condition"),
    ("export it, if the subtitles finished processing", ("state",), "condition"),
    ("generate a 20s clip if I have enough credits", ("credits",), "condition"),
    # politeness is not a condition
    ("I'd appreciate it if you could send the finished video over", ("export",), None),
    ("If it's not too much trouble, could I see what the project looks like?", ("state",), None),
    ("如果方便的话，帮我把结尾调暗一些", ("chat",), None),
    ("要是可以的话帮我导出一下", ("export",), None),
    # what a condition checks is read from where it starts, not from the story before it
    ("my boss needs it by friday so if there are enough credits go ahead and make the outro", ("credits",),
     "condition"),
    # a condition with its own action leaves what came before it alone
    ("shorten the intro, and if my balance is above 20 export the result", ("chat", "credits"), "condition"),
    ("加段欢快的音乐，如果还剩一百分以上就render高清的", ("chat", "credits"), "condition"),   # render in HD: its action
    # so does one the message moves on to ("then if …", "and if …"): what came before was asked outright
    ("make the intro shorter, then if my balance is over twenty make another version", ("chat", "credits"),
     "condition"),
    # a named thing (字幕, 音乐) before a Chinese condition is what the condition is about
    ("音乐換好的話就匯出", ("state",), "condition"),
])
def test_a_condition_holds_back_what_it_conditions_wherever_it_is_said(text, plan, act):
    r = route(text)
    assert (r.plan, r.act) == (plan, act)


@pytest.mark.parametrize("text,plan", [
    ("导出完把网页链接也发我", ("export", "link")),      # X完把Y: X, then Y (not Y, then X)
    ("render完给我link", ("export", "link")),
    ("发我一下project的link", ("link",)),                # 发我 + a link: the link, not the file
    ("download can wait — right now I want the clips in reverse order", ("chat",)),
    ("下载的事晚点再说，现在先在片尾加上我们的台标", ("chat",)),
    ("想知道改字幕收不收费", ("credits",)),               # an A-不-A question about a fee
    ("不知道标题到底改成功没有", ("state",)),
    ("先給我看一下時間軸，再把音樂調小聲一點", ("state", "chat")),
    ("把影片存到我的電腦裡", ("export",)),
    ("render it once you've moved the 4th and 5th shots", ("chat", "export")),   # B's fragments stay with B
    ("make the logo bigger, nah never mind", ()),        # a bare dismissal takes back what came before
    ("never mind the logo, show me the timeline", ("state",)),   # one that names a thing does not
    ("here's a clip for later", ("upload",)),           # "for later" is what it is for, not when
    ("that's all, much appreciated", ()),
    ("can you send me the final cut? much appreciated", ("export",)),
    ("請問能幫我出片嗎？感謝", ("export",)),
    ("no render, just tell me how much it'd cost", ("credits",)),
    ("還在渲染嗎", ("state",)),
    ("等了半天了", ("state",)),
    ("鏈接給我一下", ("link",)),
    ("send me the project 的 link", ("link",)),
    ("先别加音乐", ()),                                   # "not yet" on an edit: nothing now
    ("next time add some music", ()),
    ("先别急，帮我把标题改成红色", ("chat",)),             # …on nothing: the rest stands
])
def test_sequences_deferrals_and_questions_said_other_ways(text, plan):
    assert route(text).plan == plan


def test_route_is_a_frozen_value_with_to_dict():
    r = route("add subtitles, then send me the video")
    with pytest.raises(AttributeError):
        r.plan = ("export",)  # type: ignore[misc]
    assert r == route("add subtitles, then send me the video") and hash(r) == hash(route("add subtitles, then send me the video"))
    d = r.to_dict()
    assert d == {"plan": ["chat", "export"], "urls": [], "attachments": [], "language": "en",
                 "chat_text": "add subtitles", "asks": None, "asks_progress": False, "act": None,
                 "about": None}
    json.dumps(d)
    assert "chat" in repr(r)


@pytest.mark.parametrize("text,plan,asks", [
    ("is it done yet?", ("state",), True),
    ("做好了吗", ("state",), True),
    ("how much longer? then export", ("state", "export"), True),
    ("show me the timeline", ("state",), False),       # a look at the project, not a question of progress
    ("nah, forget it", (), False),
])
def test_a_progress_question_is_the_state_step_flagged_as_one(text, plan, asks):
    r = route(text)
    assert r.plan == plan and r.asks_progress is asks


# --- robustness -------------------------------------------------------------

@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=3))
def test_never_raises_and_plan_is_valid(text, attachments):
    r = route(text, attachments)
    assert (r.plan or r.act) and all(i in intents() for i in r.plan)   # an empty plan says why
    assert all(a != b for a, b in zip(r.plan, r.plan[1:]))  # consecutive duplicates merged
    assert (r.chat_text is not None) == ("chat" in r.plan)
    if any(attachments) and r.act != "condition":
        assert "upload" in r.plan or r.act == "held"   # unless a condition or a "not now" holds it back


KEYWORDS = ["export", "download", "credits", "balance", "status", "upload", "导出", "积分", "状态", "上传",
            "don't", "先别", "about", "关于", "then", "然后", "and", ",", "，", "'", "\"", "“", "”", "http://", ".mp4",
            " ", "\n", "title", "is the video done", "做好了吗", "send me the video"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(KEYWORDS), max_size=40))
def test_keyword_soup_never_raises(words):
    r = route("".join(words))
    assert (r.plan or r.act) and all(i in intents() for i in r.plan)


ADVERSARIAL = {
    "spaces": " " * 1_000_000,
    "spaces then keyword": " " * 999_990 + "export",
    "double quotes": "\"" * 1_000_000,
    "single quotes": "'" * 1_000_000,
    "unclosed quotes": "\"export " * 125_000,
    "unclosed curly": "“上传 " * 250_000,
    "repeated keyword": "export " * 142_857,
    "connectives": "export and then " * 62_500,
    "mixed scripts": "导出 export “上传 credits 的 about " * 33_000,
    "cjk": "导" * 1_000_000,
    "url": "http://" + "a" * 1_000_000,
    "commas": "," * 1_000_000,
    "newlines": "\n" * 1_000_000,
    "negations": "don't " * 166_666,
    "render lookahead": "render" + " " * 1_000_000 + "x",
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_one_megabyte_routes_fast(name):
    text = ADVERSARIAL[name]
    t = time.thread_time()                    # CPU time: see the test below
    r = route(text)
    assert time.thread_time() - t < 0.5
    assert r.plan


@pytest.mark.parametrize("engine", ["buckets", "promoted"])
@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_engine_is_linear_without_the_length_cap(name, engine):
    # The cap makes huge messages trivially fast; the scanning engine itself
    # must also be linear: 64 KB of each adversarial text through the full
    # router well under a second (catastrophic backtracking would take ages),
    # with the buckets (the one-message CLI) and promoted (a long-running process).
    text = ADVERSARIAL[name][:65_536]
    rules = LAZY if engine == "buckets" else BUSY
    router._route_full(text[:2000], (), rules)  # compile what this text needs
    # CPU time of this thread, not the wall clock: backtracking burns CPU, while a machine whose
    # cores are busy with other work only stretches the wall clock (the suite must hold under load)
    t = time.thread_time()
    r = router._route_full(text, (), rules)
    assert time.thread_time() - t < 1.0
    assert r.plan or r.act    # a step, or why none ("don't don't …" asks nothing)


def test_long_message_is_content_for_the_agent():
    text = "make a documentary script: " + "the river flows. " * 2000 + " export it"
    r = route(text, ["a.mp4"])
    assert r.plan == ("upload", "chat") and r.chat_text == text.strip()


# --- the rules file, its buckets and its cache -------------------------------

def _reference_scan(spec: dict, text: str) -> list[tuple[int, int, str]]:
    """What a scanner must find: one big alternation of all its phrases in
    rule order (English at word starts with a word end, Chinese at non-ASCII
    characters, punctuation anywhere), each phrase its own group."""
    import re

    frags = spec["f"]
    parts = []
    for part in ("en", "zh", "punct"):
        alts = [f"(?P<p{i}>{f})" for i, (p, _, f) in enumerate(frags) if p == part]
        if not alts:
            continue
        if part == "en":
            parts.append(r"(?<![a-z0-9_])(?=[a-z0-9])(?:" + "|".join(alts) + r")(?![a-z0-9_'])")
        elif part == "zh":
            parts.append(r"(?=[^\x00-\x7f])(?:" + "|".join(alts) + ")")
        else:
            parts.append("(?:" + "|".join(alts) + ")")
    rx = re.compile("|".join(parts))
    return [(m.start(), m.end(), frags[int(m.lastgroup[1:])][1]) for m in rx.finditer(text)]


SCAN_WORDS = ["forget", "forget about", "never mind", "nevermind", "算了", "就算了", "不要音乐了", "不用了", "了", "吧",
              "export", "exporting", "export button", "status bar", "don't", "not", "about", "then", "and",
              "render it", "render", "send", "send me the video", "i am out of", "i'm", "a", "i", "is it done yet",
              "the", "credits", "end credits", "how much", "top-up", "re-render", "mp4 文件", "video on",
              "导出", "先别", "关于", "然后", "能再", "够再", "再", "做好了吗", "没好吗", "有完呢", "状态", "状态栏",
              "导出之前", "的", "，", ",", "。", ".", "?", "？", "!", " ", "  ", "\t", "\n", "'", "x", "7",
              "and then", "and also", "after that", "after you've", "when you're done", "once it's ready"]


# every scanner the rules build (a section added to router.yaml is covered without a list to keep)
SCANNERS = tuple(name for name, spec in router._load().items() if isinstance(spec, dict) and "f" in spec)


def _lazy_and_busy() -> tuple[router._Rules, router._Rules]:
    """The rules as the one-message CLI uses them (buckets) and as a long-running
    process does (each scanner promoted to one regex)."""
    specs = router._load()
    lazy, busy = router._Rules(specs), router._Rules(specs)
    for name in SCANNERS:
        getattr(lazy, name).uses = -(1 << 62)
        getattr(busy, name)._promote()
        assert getattr(busy, name).whole is not None, name  # every scanner of router.yaml can be promoted
    busy.settle()
    return lazy, busy


LAZY, BUSY = _lazy_and_busy()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SCAN_WORDS), max_size=25))
def test_buckets_and_the_promoted_regex_find_what_one_big_alternation_finds(words):
    # the whole text, and its English words alone (an ASCII text takes the promoted regex's ASCII twin)
    for text in ("".join(words), "".join(w for w in words if w.isascii())):
        for name in SCANNERS:
            want = _reference_scan(LAZY._specs[name], text)
            assert list(getattr(LAZY, name).iter(text, 0, len(text))) == want, (name, text)
            assert list(getattr(BUSY, name).iter(text, 0, len(text))) == want, (name, text)
            assert getattr(LAZY, name).blank(text) == getattr(BUSY, name).blank(text)


# Phrases that open alike ("i …") where some can match at the same place and some cannot: the
# promoted regex groups the openings it can share, and must still try every two that can both
# match in rule order.
ORDER_PHRASES = ["i want it", "i'd like it", "i (?:'d|would) like more", "i'?m done", "i'm (?:still )?here",
                 "i will go", "i (?:'ll|will) go now", "i ll go", "i(?:'ve| have)? got it", "i have been",
                 "i want", "i [a-z']{1,5} still", "i (?:wanna|want to) see", "i(?:'d)? like", "i would"]
ORDER_WORDS = ["i", "'d", "'ll", "'m", "'ve", " ", "  ", "want", "would", "will", "like", "more", "it", "go", "now",
               "ll", "still", "have", "been", "got", "see", "wanna", "to", "here", "done", "x", ","]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ORDER_PHRASES), min_size=2, max_size=9, unique=True),
       st.lists(st.sampled_from(ORDER_WORDS), max_size=16))
@example(["i want it", "i (?:'d|would) like more", "i would"], ["i", " ", "would", " ", "like", " ", "more"])
def test_a_promoted_scanner_keeps_the_rule_order_of_phrases_that_can_match_at_one_place(phrases, words):
    half = len(phrases) // 2
    spec = router._scanner([("a", {"en": phrases[:half]}), ("b", {"en": phrases[half:]})])
    scanner = router._Scanner(spec, router._rules().trigger)
    scanner._promote()
    text = "".join(words)
    assert list(scanner.iter(text, 0, len(text))) == _reference_scan(spec, text), (phrases, text)


def test_a_promoted_scanner_tells_apart_one_text_matched_by_phrases_that_look_around_it():
    # "go" is kind a before "now" only: the promoted regex has no groups, so the kind of a match is
    # read from its bucket, and a text is remembered only where no phrase of its bucket looks beyond it
    spec = router._scanner([("a", {"en": ["go(?= now)", "stop(?= now)"]}), ("b", {"en": ["go", "stop"]})])
    scanner = router._Scanner(spec, router._rules().trigger)
    scanner._promote()
    text = "go later, go now, go later, stop now"
    for _ in range(2):   # the second time after anything remembered the first
        assert [kind for _a, _b, kind in scanner.iter(text, 0, len(text))] == ["b", "a", "b", "a"]
        assert scanner.first(text, 3, len(text))[2] == "a"


def test_a_phrase_written_with_a_top_level_or_matches_each_branch_lazy_and_promoted():
    # "视频阿导出了" opens with neither branch's first character of "导出阿成功了?|阿导出了": filed under
    # the first branch alone, the second matched nowhere lazily and out of place once promoted
    spec = router._scanner([("p", {"zh": ["导出阿成功了?|阿导出了"]}), ("e", {"zh": ["导出"]})])
    text = "视频阿导出了，导出阿成功了"
    lazy, busy = router._Scanner(spec, router._rules().trigger), router._Scanner(spec, router._rules().trigger)
    lazy.uses = -(1 << 62)
    busy._promote()
    for scanner in (lazy, busy):
        assert [text[a:b] for a, b, _k in scanner.iter(text, 0, len(text))] == ["阿导出了", "导出阿成功了"]


def test_a_word_gap_is_possessive_only_where_no_shorter_gap_could_match():
    # "[a-z ]{1,12} now" may end its gap before the space: made possessive, it would eat "now" too
    spec = router._scanner([("a", {"en": ["send [a-z ]{1,12} now", "keep [\\w'-]{1,15} still"]})])
    assert spec["f"][1][2].endswith("{1,15}+\\s+still")   # a word never holds white space: possessive
    scanner = router._Scanner(spec, router._rules().trigger)
    for promote in (False, True):
        if promote:
            scanner._promote()
        assert [m[:2] for m in scanner.iter("send it over now, keep it still", 0, 31)] == [(0, 16), (18, 31)]


PLAIN_RULES = ("praise", "spaces", "dictated", "someone_says", *router._PLAIN_REGEXES)
PLAIN_TEXTS = [text for text, _atts in __import__("bench.bench_router", fromlist=["x"]).bench_messages()] + [
    "is it done or not", "finish already anot", "我想知道是否另行计费", "做好了没有", "还没呢", "还没好呢 老铁 😂",
    "i'd like to know if it's done", "he wondered whether it rendered", "d'export", "or not", "abor not"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SCAN_WORDS + PLAIN_TEXTS), max_size=6), st.integers(0, 6))
@example(["i'd like to know if it's done"], 0)
@example(["abor not", "还没好呢 老铁 😂"], 2)
def test_every_plain_rule_finds_in_its_literal_first_form_what_it_finds_as_written(pieces, start):
    text = router._lower(" ".join(pieces))
    for name in PLAIN_RULES:
        written = LAZY._specs[name] or router._NEVER
        fast = re.compile(router._literal_first(written))
        found, want = fast.search(text, start), re.compile(written).search(text, start)
        assert (found and found.span()) == (want and want.span()), (name, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SCAN_WORDS + PLAIN_TEXTS + ["改了吗我看看", "导出完了发我", "写着 谢谢观看"]), max_size=6),
       st.integers(0, 6))
@example(["改了吗我看看"], 0)
def test_every_plain_rule_finds_in_its_busy_form_every_match_it_finds_as_written(pieces, start):
    # the busy form may put a look-ahead of a rule's opening characters before it: the same matches
    text = router._lower(" ".join(pieces))
    for name in PLAIN_RULES:
        written = LAZY._specs[name] or router._NEVER
        fast, slow = re.compile(router._busy_form(written)), re.compile(written)
        assert [m.span() for m in fast.finditer(text, start)] == [m.span() for m in slow.finditer(text, start)], (name, text)
        assert (fast.match(text, start) or re.match("", "")).span() == (slow.match(text, start) or re.match("", "")).span()


def test_a_rule_that_opens_with_look_arounds_is_searched_behind_the_characters_it_can_open_with():
    assert needs.opening("(?<=吗)(?=[我你])|(?<=好)(?=先导出)") == "你先我"
    assert needs.opening("(?:with )?the (?:text|words)") == "tw"
    assert needs.opening(r"\s*[:：]|(?<=字幕)就写") == ":\\s就："
    assert needs.opening("[^a]b") is None and needs.opening("x*") is None and needs.opening("(?i)ab") is None
    dictated = LAZY._specs["dictated"]
    assert router._busy_form(dictated).startswith("(?=[") and router._busy_form("导出|下载") == "导出|下载"
    assert isinstance(BUSY.dictated, re.Pattern) and BUSY.dictated.pattern == router._busy_form(dictated)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SCAN_WORDS + PLAIN_TEXTS), max_size=6), st.integers(0, 6))
@example(["the colours look great now"], 0)
def test_a_busy_process_finds_with_each_plain_rule_behind_its_needs_what_the_rule_finds(pieces, start):
    # a big rule of a busy process is tried only where a string it needs is: the same matches
    text = router._lower(" ".join(pieces))
    guarded = [name for name in PLAIN_RULES if isinstance(getattr(BUSY, name), router._Guarded)]
    assert "praise" in guarded
    for name in guarded:
        written = re.compile(LAZY._specs[name])
        rule = getattr(BUSY, name)
        for found, want in ((rule.search(text, start), written.search(text, start)),
                            (rule.match(text, start), written.match(text, start))):
            assert (found and found.span()) == (want and want.span()), (name, text)


def test_a_busy_process_searches_the_plain_rules_in_their_fast_form_and_the_cli_compiles_them_as_written():
    rules = router._Rules(router._load())
    router._rules, saved = (lambda: rules), router._rules
    try:
        router.route("is it done or not?")
        assert rules.asks_at_end.pattern == rules._specs["asks_at_end"]   # one message: the cheaper compile
        for _ in range(router._HOT):
            router.route("is it done or not?")
        assert rules.asks_at_end.pattern == router._literal_first(rules._specs["asks_at_end"])
        assert router.route("is it done or not?").plan == ("state",)
    finally:
        router._rules = saved


def test_a_question_tag_is_looked_for_only_where_one_can_start():
    # each alternative opens with its character, so `re` skips the rest of the clause in C
    tags = LAZY._specs["asks_at_end"]
    fast = router._literal_first(tags)
    assert fast != tags and re.compile(fast).search("is it done or not") is not None
    assert router._literal_first(r"\b(?:or|and)\b|\b'd|吗") == r"o(?<!\w.)r\b|a(?<!\w.)nd\b|'(?<=\w.)d|吗"
    assert router._literal_first(r"[a-z]+er|吗") == r"[a-z]+er|吗"     # one opening that is a class: as written
    assert router._literal_first(r"\b(?:no|not)\b|吗") == r"n(?:(?<!\w.)o\b|(?<!\w.)ot\b)|吗"   # one letter: one branch
    every_letter = r"\b(?:" + "|".join(c + "x" for c in "abcdefghijklmnopqrstuvwxyz") + r")\b"
    assert router._literal_first(every_letter) == every_letter   # \b first rejects the inside of words sooner


@pytest.mark.parametrize("case", params(CORPUS / "router-dev.yaml") + params(HELDOUT))
def test_the_one_message_cli_and_a_long_running_process_route_alike(case):
    text, atts = case.get("text") or "", tuple(case.get("attachments") or ())
    assert router._route_full(text, atts, LAZY) == router._route_full(text, atts, BUSY)


def test_one_message_compiles_only_the_buckets_it_needs():
    rules = router._Rules(router._load())
    router._route_full("add subtitles, then send me the video", (), rules)
    events = rules.events
    compiled = {k for k, r in events.rx.items() if r}
    assert 0 < len({id(events.rx[k]) for k in compiled}) <= 8 < len(events.src)
    assert all(k.isascii() for k in compiled)  # English text: no Chinese bucket
    assert events.whole is None and ("filler" not in vars(rules) or rules.filler.whole is None)


def test_router_uses_no_private_module():
    import ast

    tree = ast.parse(Path(router.__file__).read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
    assert names and not [n for n in names if any(part.startswith("_") and part != "__future__"
                                                  for part in n.split("."))], names


@pytest.mark.parametrize("phrase", [".*export", "(export)", "\\w+ export", "(?:a|)?"])
def test_a_phrase_the_engine_cannot_bucket_is_named(tmp_path, monkeypatch, phrase):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "router.yaml"
    data = Path(router.rules_path()).read_text(encoding="utf-8")
    rules.write_text(data.replace("      - 'publish'\n", f"      - 'publish'\n      - '{phrase}'\n"), encoding="utf-8")
    with pytest.raises(router.RuleError, match=re.escape(repr(phrase))):
        router.reload_rules(rules)
    router.reload_rules()


def test_a_backspace_from_a_double_quoted_phrase_is_named_not_dropped(tmp_path, monkeypatch):
    # "\b" in a double-quoted YAML string is a backspace, not a word boundary: the phrase would
    # never match, silently; loading the rules names it instead
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "router.yaml"
    data = Path(router.rules_path()).read_text(encoding="utf-8")
    rules.write_text(data.replace("      - 'publish'\n", "      - 'publish'\n      - \"publish it now\\b\"\n"),
                     encoding="utf-8")
    with pytest.raises(router.RuleError, match="control character"):
        router.reload_rules(rules)
    router.reload_rules()


@pytest.mark.parametrize("phrase", ["666", "(?:看看|show下)时间线"])
def test_a_chinese_phrase_that_opens_in_english_is_named_not_dropped(tmp_path, monkeypatch, phrase):
    # a Chinese phrase is looked for at Chinese characters only: one opening with an ASCII one
    # would never match, so loading the rules says where it belongs instead of ignoring it
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "router.yaml"
    data = Path(router.rules_path()).read_text(encoding="utf-8")
    rules.write_text(data.replace("    zh:\n      - '导出'\n", f"    zh:\n      - '导出'\n      - '{phrase}'\n"),
                     encoding="utf-8")
    with pytest.raises(router.RuleError, match="put it under en"):
        router.reload_rules(rules)
    router.reload_rules()


@pytest.mark.parametrize("section, pair", [("dialect_words", "  dinna: \"don't\"\n"), ("cantonese", "  俺: 我\n"),
                                           ("clitics", "  \"t'\": \"d \"\n")])
def test_a_word_map_pair_that_changes_the_length_is_named_not_dropped(tmp_path, monkeypatch, section, pair):
    # the message is read with words replaced in place: a pair of another length would shift every
    # offset after it, so it was left out without a word; loading the rules now says which
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "router.yaml"
    data = Path(router.rules_path()).read_text(encoding="utf-8")
    assert data.count(f"{section}:\n{pair}") == 1
    rules.write_text(data.replace(f"{section}:\n{pair}", f"{section}:\n{pair}  gaun: going to\n"), encoding="utf-8")
    with pytest.raises(router.RuleError, match="'gaun' -> 'going to' must keep the length"):
        router.reload_rules(rules)
    router.reload_rules()


@pytest.mark.parametrize("edit, error", [
    # a break with no space, put among the space rules: they are tried only on a message with a space
    (("  spaces: ['(?<=[吗呢嘛])", "  spaces: ['(?<=呀)(?=我)', '(?<=[吗呢嘛])"), "must match"),
    (("  dictated: [", "  dictatd: ["), "unknown 'dictatd'"),   # a misspelt kind: no separators at all
])
def test_a_separator_rule_in_the_wrong_place_is_named_not_dropped(tmp_path, monkeypatch, edit, error):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "router.yaml"
    data = Path(router.rules_path()).read_text(encoding="utf-8")
    assert data.count(edit[0]) == 1
    rules.write_text(data.replace(edit[0], edit[1]), encoding="utf-8")
    with pytest.raises(router.RuleError, match=error):
        router.reload_rules(rules)
    router.reload_rules()


@pytest.mark.parametrize("edit, error", [
    (("\nwould_be_great: ", "\nwould_be_grate: "), "unknown section 'would_be_grate'"),   # misspelt: read by nothing
    (("\ncontrast: ", "\nasks_twice: '\\bagain\\?'\ncontrast: "), "unknown section 'asks_twice'"),   # new, not declared
])
def test_a_router_yaml_section_nothing_reads_is_named_not_dropped(tmp_path, monkeypatch, edit, error):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "router.yaml"
    data = Path(router.rules_path()).read_text(encoding="utf-8")
    assert data.count(edit[0]) == 1
    rules.write_text(data.replace(edit[0], edit[1]), encoding="utf-8")
    with pytest.raises(router.RuleError, match=error):
        router.reload_rules(rules)
    router.reload_rules()


@pytest.mark.parametrize("text, plan", [
    ("改了吗我这边看着还是原来的", ("state",)),          # dictated, no space: 吗 then 我 ends the question
    ("加上了吗 我这边看不到", ("state",)),               # a space after 吗
    ("先别导出 看下还剩多少积分", ("credits",)),           # a space between two Chinese words: a pause
])
def test_chinese_sentences_end_with_or_without_a_space(text, plan):
    assert route(text).plan == plan


def test_spaces_are_what_backslash_s_matches():
    import re

    assert set(router._SPACES) == {c for c in map(chr, range(0x110000)) if re.match(r"\s", c)}



def test_cache_follows_edits_of_the_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "router.yaml"
    shutil.copy(router.rules_path(), rules)
    try:
        router.reload_rules(rules)
        assert route("ship it").plan == ("chat",)
        assert list((tmp_path / "cache" / "video-skill" / "derived").glob("router-yaml-*.json"))
        data = rules.read_text(encoding="utf-8").replace("      - 'publish'\n", "      - 'publish'\n      - 'ship it'\n")
        rules.write_text(data, encoding="utf-8")
        os.utime(rules, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
        router.reload_rules(rules)
        assert route("ship it").plan == ("export",)
        # a corrupt cache is rebuilt, not trusted
        for f in (tmp_path / "cache" / "video-skill" / "derived").glob("router-yaml-*.json"):
            f.write_bytes(b"\x00garbage")
        router.reload_rules(rules)
        assert route("ship it").plan == ("export",)
    finally:
        router.reload_rules()
    assert route("ship it").plan == ("chat",)


def test_unwritable_cache_still_routes(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    try:
        router.reload_rules()
        assert route("export").plan == ("export",)
    finally:
        monkeypatch.undo()
        router.reload_rules()


# --- the CLI ----------------------------------------------------------------

def _cli(*args: str | bytes, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(REPO) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "skill", "route", *args], capture_output=True,
                          env=full_env, cwd=REPO, timeout=60)


def _route_json(line: str) -> dict:
    """The route from `route --json`: the whole line, or its "data" in the result envelope (docs/json.md)."""
    d = json.loads(line)
    return d["data"] if isinstance(d.get("data"), dict) and "plan" not in d else d


def test_cli_human_output():
    p = _cli("add subtitles, then send me the video")
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode()
    assert "plan: chat → export" in out and "chat: add subtitles" in out and "language: en" in out


def test_cli_json_output():
    p = _cli("upload this and make a 10 second highlight", "--attach", "game.mp4", "--json")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.decode().splitlines()
    assert len(lines) == 1
    d = _route_json(lines[0])
    assert d["plan"] == ["upload", "chat"] and d["attachments"] == ["game.mp4"]
    assert d["chat_text"] == "make a 10 second highlight"


def test_cli_chinese_json_is_readable():
    p = _cli("加上背景音乐然后导出", "--json")
    d = _route_json(p.stdout.decode("utf-8"))
    assert d["plan"] == ["chat", "export"] and d["language"] == "zh"
    assert "加上背景音乐" in p.stdout.decode("utf-8")  # not \u-escaped


@pytest.mark.parametrize("args", [
    (b"\xff\xfe not utf-8",),
    ("x", "--attach"),
    ("x", "--attach", ""),
    ("--no-such-flag",),
])
def test_cli_bad_input_is_a_short_message(args):
    p = _cli(*args)
    assert p.returncode != 0
    err = p.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and err.strip() and len(err.splitlines()) <= 3


def test_cli_route_previews_a_typed_path_as_say_sends_it(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = lambda *a: subprocess.run([sys.executable, "-m", "skill", "route", *a], capture_output=True,
                                    env=env, cwd=tmp_path, timeout=60)
    p = run("logo.png，放右上角", "--json")
    assert p.returncode == 0, p.stderr
    d = _route_json(p.stdout.decode("utf-8"))
    assert d["plan"] == ["upload", "chat"] and d["attachments"] == [str(tmp_path / "logo.png")]
    # a path to no file: refused by name, in the message's language, as `say` refuses it
    p = run("把 nothing.mp4 放开头")
    assert p.returncode != 0 and "nothing.mp4" in p.stderr.decode("utf-8") and "找不到" in p.stderr.decode("utf-8")
    assert "Traceback" not in p.stderr.decode("utf-8")


def test_cli_route_does_not_import_heavy_modules(tmp_path):
    code = (
        "import sys\n"
        "from skill.cli import main\n"
        "rc = main(['route', 'add subtitles, then send me the video'])\n"
        "heavy = [m for m in ('httpx', 'httpx_sse', 'jinja2', 'yaml', 'sqlite3',"
        " 'skill.api.client', 'skill.backend') if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), XDG_CACHE_HOME=str(tmp_path))
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    assert first.returncode == 0, first.stderr
    last = first.stdout.strip().splitlines()[-1]
    assert "httpx" not in last and "jinja2" not in last, last  # even on a cold cache
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    assert second.stdout.strip().splitlines()[-1] == "0 []", second.stdout + second.stderr  # warm: not even YAML


@pytest.mark.parametrize("text,plan,chat_text", [
    # context next to a step of its own is not sent: it would change nothing and hold the export
    ("my boss wants it tonight, so please export it", ("export",), None),
    ("客户已经同意了，发我成片", ("export",), None),
    # an edit is, even without a common verb: what it names or how much is enough
    ("less music, more voice, then download", ("chat", "export"), "less music, more voice"),
    ("字幕再大一点，然后导出", ("chat", "export"), "字幕再大一点"),
    ("the second clip is upside down, then export", ("chat", "export"), "the second clip is upside down"),
    # alone, anything is for the agent
    ("my boss wants it tonight", ("chat",), None),
])
def test_context_next_to_a_step_is_not_sent_but_an_edit_is(text, plan, chat_text):
    r = route(text)
    assert r.plan == plan
    if chat_text:
        assert r.chat_text == chat_text


@pytest.mark.parametrize("text,plan", [
    # a cost word that is not a phrase asks only in a question: "价格OK" agrees to the price
    ("好的，价格OK，那就先加BGM，然后export", ("chat", "export")),
    ("the price is fine, add the music then export", ("chat", "export")),
    ("价格是多少？", ("credits",)),
    ("what's the price?", ("credits",)),
    # about money and about progress at once: the money
    ("will it still charge me even though it was stuck for ages?", ("credits",)),
    ("卡了这么久还要扣我积分吗", ("credits",)),
    # a condition that opens the clause is what it checks, whatever else it names
    ("if the title change went through, export it", ("state",)),
    # a step held back counts: its reason is not sent
    ("don't render yet, legal hasn't signed off", ()),
    ("先别导出，因为我明天还要改", ()),
    # the last word on a step wins
    ("export it, actually no, don't export yet, make the logo bigger", ("chat",)),
    ("先导出吧，嗯，导出可以晚点，先把字幕调大一点", ("chat",)),
    # "wait, actually": a step said again is done once, where it is said last
    ("export it, wait actually first make the logo bigger, then export", ("chat", "export")),
    # a reason or a purpose next to a step is context
    ("please send me the finished video, so I can email it to my family", ("export",)),
    ("ok I'm done editing, download it please", ("export",)),
    # "要再付钱吗" is "pay again?", not "then"
    ("重新导出要再付钱吗", ("credits",)),
    # the "?" after a clause makes it a question even when a topic word is in it
    ("wait, did the subtitles I asked for actually get added?", ("state",)),
    # "send it" right after the link sends the link
    ("the project link — send it over", ("link",)),
    ("把网页链接找出来，发我一下", ("link",)),
    ("send me the link, then export", ("link", "export")),
    # a dash sets off a taken-back request or a reason
    ("give me the link - no wait, scratch that, just download it", ("export",)),
    ("don't export yet — the client hasn't approved it", ()),
    ("音乐不用换了，我觉得没必要", ()),
    # progress and cost, asked in other words
    ("is it still rendering or did it crash?", ("state",)),
    ("how much would a 1080p render run me?", ("credits",)),
    ("字幕加了吗？我这里还是没看到", ("state",)),
    ("那个 intro 如果弄好了，就导出", ("state",)),
    # the pace of the footage is an edit, not a question about progress
    ("节奏太慢了，把中间剪短一点", ("chat",)),
    # a condition after a title is not more of the title
    ("add a title card, and if my balance is enough, export", ("chat", "credits")),
    ("add a caption saying hello, and if it's ready, download it", ("chat", "state")),
    # other ways to ask
    ("pull down the final video when it's rendered", ("export",)),
    ("what have we got left, credits-wise?", ("credits",)),
    ("did the color change stick?", ("state",)),
    ("how far along is the export?", ("state",)),
    ("is there a web address I can share?", ("link",)),
    ("导出来要花多少 points", ("credits",)),
    ("做个15秒的广告贵不贵", ("credits",)),
    ("网页链接不用发了", ()),
    ("Link 呢？我要发给客户", ("link",)),
    ("先把开头剪短再发我链接", ("chat", "link")),
    # a cost question never starts the work it is asked before
    ("before I export, how much does an export cost?", ("credits",)),
    ("如果刚才的修改已经finish了就导出", ("state",)),
    ("what's the delay? it's been spinning forever", ("state",)),
    ("好未啊", ("state",)),
    ("render 到哪一步了", ("state",)),
    ("绝了，懂了，谢谢", ()),
    # presenting something with no file is telling, not uploading
    ("这是我们班的毕业视频，把最后一段删掉，然后导出", ("chat", "export")),
    ("here's my idea: a cat surfing at sunset", ("chat",)),
    ("how do i uplaod a video?", ("upload",)),
    # more conditions, deferrals and questions in other words
    ("只要积分够就导出", ("credits",)),
    ("导出吧，前提是积分够", ("credits",)),
    ("before rendering, add a fade at the end", ("chat", "export")),
    ("is it still takin forever or what", ("state",)),
    ("did the split-screen get applied?", ("state",)),
    ("一直在转圈，急死了", ("state",)),
    ("算了，不导出了", ()),
    ("做一期视频讲讲怎么查余额", ("chat",)),
    ("字幕写：点击下载", ("chat",)),
    ("would you mind showing me the timeline?", ("state",)),
    ("omg love it, thanks!!", ()),
    # Cantonese read as Mandarin
    ("幫我睇下而家啲字幕係點", ("chat",)),
    ("睇下個時間線", ("state",)),
    ("唔使導出住，淨係幫我加啲音樂", ("chat",)),
    ("做好未啊？", ("state",)),
    ("好嘅，唔該晒", ()),
    # a word inside a file name is not a word
    ("上传 ./class_recap.mp4", ("upload",)),
    # saying yes to the agent's proposal reaches the agent
    ("ok go ahead with that, then export", ("chat", "export")),
    ("那就按你说的改，然后导出", ("chat", "export")),
    # the person's own doing between a step and "later"
    ("the link I'll fetch myself later, just export it", ("export",)),
    # what the person still sees supports the question, it is not a new request
    ("did the new song go in? I'm still hearing the old one", ("state",)),
    ("why so long one? stuck already ah?", ("state",)),
    ("subtitles 如果加好了就 download", ("state",)),
    ("导出先不用，看看要多少积分", ("credits",)),
    # the premise of a cost question is not a condition to check
    ("if I export it again, do I pay again?", ("credits",)),
    # more ways to ask for the file, the timeline, progress and the link
    ("my client needs the finished video by noon", ("export",)),
    ("flatten it all into one mp4 for me", ("export",)),
    ("瞄一眼时间线上都加了些什么", ("state",)),
    ("帮我 render 个最终版", ("export",)),
    ("帮我render高清的", ("export",)),                      # the quality it is rendered in
    ("render 4k的就行", ("export",)),
    ("how many points does a 1-minute video eat?", ("credits",)),
    ("still cooking?", ("state",)),
    ("give me something I can paste into Slack", ("link",)),
    ("sweet, cheers", ()),
    ("导出的事等我问完老板再说，先把字幕改大", ("chat",)),
    ("不过链接先不用，先导出吧", ("export",)),
    # a story before the ask is context, however long, and a topic does not swallow the ask
    ("we went back and forth about the intro all day, honestly my boss thinks it's fine — anyway, "
     "show me what the timeline looks like", ("state",)),
    # 不用 is "no need", not 用 "use"
    ("不用看余额了，直接导出", ("export",)),
    # waiting on people is not waiting on the render
    ("still waiting for my boss's notes, so hold the export, but make the logo smaller", ("chat",)),
    ("what's it cost to export in 4k", ("credits",)),
    ("做一个两分钟的视频要花多少？", ("credits",)),
    ("导出吧，就用现在这版", ("export",)),
    ("把项目的时间线给我看下", ("state",)),
    ("great, the export worked, thank you!", ()),
    ("导出成功了，谢谢", ()),
    ("把链接发我，我转给客户", ("link",)),
    ("just upload it, don't touch the timeline", ("upload",)),
    ("can you check whether the title change finished, then send me the link?", ("state", "link")),
    ("老板说太长了……总之把片尾剪掉", ("chat",)),
    # a request phrased as a question reads its act before its topic, as any request
    ("could you make a video about the cost of living in Tokyo?", ("chat",)),
    ("做个视频讲一下我的健身进度", ("chat",)),
    ("pull up the timeline, I want to see where the b-roll ended up", ("state",)),
    ("show me the timeline? I lost track of what's in there", ("state",)),
    ("链接晚点再要，先查一下时间线", ("state",)),
    ("are exports free, or are they included in my plan?", ("credits",)),
    ("还得等几分钟？", ("state",)),
    ("what's the project link? need to share it with the team", ("link",)),
    ("link pls 🙏🙏", ("link",)),
    # the link by other names, and "send it" next to it
    ("把网页版链接发我，然后 render", ("link", "export")),
    ("render 完给我发个链接", ("export", "link")),
    ("把项目地址给我", ("link",)),
    ("链接的话之后再说，先把音乐换掉", ("chat",)),
    ("just render what we've got", ("export",)),
    ("render the wedding video now, the guests are waiting", ("export",)),
    # reasons and done things are not requests
    ("don't export yet, I'm still deciding", ()),
    ("链接不用发了，我已经在网页上打开了", ()),
    ("I'm a little worried about my credits — if I have more than 20, export it", ("credits",)),
    ("我打算给学校做个宣传片，生成一个大概要花多少积分？", ("credits",)),
    ("render 之前先看一下余额", ("credits", "export")),
    ("导出进度怎么样了？", ("state",)),
    ("这个文件先传上去，待会再说怎么用", ("upload",)),
    ("scrap the slow-mo idea, just export it", ("export",)),
    # after a topic, a negation or a question about cost starts a new clause
    ("add the subtitles, don't render yet, and tell me how much a render would cost", ("chat", "credits")),
    # "if you don't mind" is polite, not a negation
    ("if you don't mind, 帮我看看余额", ("credits",)),
    ("算了 forget the export", ()),
    ("did the new title stick? the preview still shows the old one", ("state",)),
    ("could you pull up the project, if it's not too much of a bother?", ("state",)),
    ("don't export yet, I'm still on the fence", ()),
    ("export it after the music is fixed — lower it by half first", ("chat", "export")),
    ("字幕那个改动做完了的话，send me the video", ("state",)),
    ("merge the two clips and render it, need it before lunch", ("chat", "export")),
    # a progress question names the change it asks about from far off, or none at all
    ("did the new music actually take effect on the last scene?", ("state",)),
    ("片尾加上去了吗？", ("state",)),
    ("all done yet?", ("state",)),
    # approval of the work asks for nothing: alone it is thanks, next to a step it is not sent
    ("the edit is final now, export it", ("export",)),
    ("the colours look great, download it please", ("export",)),
    ("音乐很好听，导出吧", ("export",)),
    ("wow 整体很不错，谢谢", ()),
    ("the title is wrong, fix it and export", ("chat", "export")),
    ("does the intro look good?", ("chat",)),
    # a reason, a deadline or still deciding, in Chinese, is context next to a step
    ("导出吧，今晚要用", ("export",)),
    ("先别导出，我还在考虑要不要换音乐", ()),
    # what the person leaves for later is not asked now; a bare "send it" goes with the held step
    ("export it, and I'll deal with the music later", ("export",)),
    ("上传这个，怎么剪我等下再说", ("upload",)),
    ("先调一下字幕，链接晚点再发我", ("chat",)),
    ("积分不用查了", ()),
    ("不用导出了，我自己在网页上弄好了", ()),
    # a Chinese condition that carries its own action does not condition the step before it
    ("看一下现在的时间线，要是积分够的话就加个片尾", ("state", "credits")),
    ("Export 吧，前提是 credits 够", ("credits",)),
    ("导出 4K 会不会更贵啊", ("credits",)),
    # who approved it, where it has to be, what is not final yet: reasons next to a step
    ("our producer signed off on the second cut, so render it", ("export",)),
    ("export it now, it has to be live before noon", ("export",)),
    ("先别导出，片尾还没定", ()),
    ("the music isn't approved yet, don't render", ()),
    # "so" leads out of a topic; a wait for work holds the step after it until the rest is done
    ("make the title say Grand Opening, so export it after that", ("chat", "export")),
    ("等标题改好了再下载，标题用红色", ("chat", "export")),
    # thanks for a step is not the step; a promise of the person's own is not a progress question
    ("thanks for the render, now show me the timeline", ("state",)),
    ("download it now and I'll have it ready for the party", ("export",)),
    ("请问上传视频收费吗？我不太懂这些", ("credits",)),
    # what other people are doing, and what the person will do with the file, ask nothing
    ("the newsroom still waiting, so trim the intro and export", ("chat", "export")),
    ("下载给我，我要发到朋友圈", ("export",)),
    ("export now, I need put it on the school website tonight", ("export",)),
    ("download it, my editor want to see it before lunch", ("export",)),
    # "you changed X?" asks about progress only as a question
    ("you added the subtitles like I asked?", ("state",)),
    ("you changed the colour, now change it back", ("chat",)),
    ("why does the render take so long?", ("state",)),
    # a deferral to after the agent's fix keeps the fix's details before it
    ("render after you fix the title, it should say Harbour not Harbor", ("chat", "export")),
    ("加字幕，导出先别急", ("chat",)),
    ("好耐喇，係咪卡咗", ("state",)),
    # handing over after a topic starts a new step; 在你…之后 puts the agent's work first
    ("put a title saying Open Day, give me the project URL", ("chat", "link")),
    ("add captions to the second clip and send me the link", ("chat", "link")),
    ("把链接发我，在你把片头剪短之后", ("chat", "link")),
    # "wait" and a bare "don't" take back the step before them; "scratch the export" drops it
    ("export it, wait, first make the logo smaller, then export", ("chat", "export")),
    ("ok render it now... no, don't. the client hasn't signed off yet", ()),
    ("add an end card and export. actually scratch the export, just tell me my balance", ("chat", "credits")),
    # paying is a cost question only when asked; what cannot be paid for is a reason
    ("do I have to pay for exports?", ("credits",)),
    ("we can't pay for more this month, so if there are enough credits export it", ("credits",)),
    # what a question does is read from what starts before its topic
    ("can you check whether the title change went through", ("state",)),
    # thanks around a reason or approval send nothing; emoji end a sentence
    ("thank you!! the kids are going to love it 😍 I'll show it at dinner", ()),
    ("perfect, that's exactly the look we needed 👍", ()),
    ("how much will a 4K render eat?", ("credits",)),
    ("生成一个一分钟的大概要多少？我得报预算", ("credits",)),
    ("仲要幾耐呀", ("state",)),
    # a progress question may be long ("is the … one finished", "did the crossfade … get applied")
    ("is the sound mix on the second wedding film finished", ("state",)),
    ("did the fade between clips 4 and 5 really get applied?", ("state",)),
    ("那个导出跑到百分之几了", ("state",)),
    ("个 export 去到边啦", ("state",)),
    # "2 and 3" is one thing, not two clauses
    ("swap clips 2 and 3 then export", ("chat", "export")),
    # a send that names the link sends the link; the send verb ahead of it is not an export
    ("send 我条 link 先，然后 check 下 balance", ("link", "credits")),
    ("畀条 link 我，我 share 去 group", ("link",)),
    # after a topic, how to do something goes on with the topic
    ("做个视频介绍我们的会员页面，怎么查余额、怎么导出", ("chat",)),
    # doing it oneself, a reference to an earlier request, someone chasing: nothing asked
    ("不用导出了，我自己本地用剪映弄", ()),
    ("之前叫你换的配乐，换好了没有？", ("state",)),
    ("why is it taking so long?? my boss keeps pinging me", ("state",)),
    ("LGTM", ()),
    ("perfect，就是这个感觉", ()),
    ("export it at 1080p, need it for the festival upload portal tonight", ("export",)),
    # a condition that a cost word opens ("if it's free") is what the next step depends on
    ("what does a download cost? if it's free, go ahead and download it", ("credits",)),
    ("加片尾要扣积分不", ("credits",)),
    ("頭先改嘅字幕搞掂未呀", ("state",)),
    ("show me whats on the timeline", ("state",)),
    # bad wifi, being on a train, running low, budgeting: reasons
    ("先别导出，酒店的网太差了", ()),
    ("先别下载，我们还在高铁上，流量快用完了", ()),
    ("how much does a 4K render cost? trying to budget, we're running low", ("credits",)),
    ("where is the project link? need to send it to my co-host before 5", ("link",)),
    ("不好看", ("chat",)),
    ("omg that looks so good, exactly what we wanted 😭", ()),
    # 链接 holds no edit verb (接), 条片 is a video, not a progress bar; 之后再给我 leaves the link for later
    ("先别发链接", ()),
    ("唔該幫我導出條片", ("export",)),
    ("link 之后再给我就行，先把配音调慢一点", ("chat",)),
    # what is not final yet is a reason even where it names an edit
    ("先别导出，片头里还有两个错别字没改", ()),
    ("Don't export yet — the doctor still has to sign off on the figures.", ()),
    # a condition the skill checks from what was just asked
    ("Has the 4K render finished? If it has, send me the link.", ("state",)),
    ("Assuming the faces have already been blurred, send me the link.", ("state",)),
    ("render the screener after you've fixed the audio pop at 12:40", ("chat", "export")),
    ("put it at the very end after the credits", ("chat",)),
    # a file's name is a name: "highlights" in highlights.mov asks for nothing
    ("upload highlights.mov", ("upload",)),
    ("put intro.mp4 at the start", ("chat",)),
    # slang thanks and praise; doing it oneself; passing the link on
    ("nb 👍 thanks", ()),
    ("好滴 蟹蟹～", ()),
    ("cool thanks, that looks sick 🔥", ()),
    ("不用导出了，我直接录屏发群里", ()),
    ("把链接发我，我转到班级群里", ("link",)),
    ("export先别搞了，我明天再看", ()),
    # questions: an English word after a Chinese question, Cantonese 幾多, how much is an export
    ("字幕改好了没 bro", ("state",)),
    ("導出要扣幾多分㗎？", ("credits",)),
    ("请问 get the link 要不要 credits？", ("credits",)),
    ("导出4K会不会比1080p贵很多", ("credits",)),
    ("how much is a 1080p export", ("credits",)),
    ("那个 export 到几percent 了", ("state",)),
    ("this is painfully slow", ("state",)),
    ("add slow motion to the goal", ("chat",)),
    ("ugh wait never mind the link, just send me the finished video instead", ("export",)),
    # "is wrong" is a fault in the content, not a progress question; "is something wrong?" is
    ("the title is wrong, fix it", ("chat",)),
    ("is something wrong?", ("state",)),
    # news, deadlines, people waiting, being new: reasons next to a step
    ("ok so we won the cup this morning and every parent wants the video before the BBQ, export it now", ("export",)),
    ("render it now please, the newsletter goes out at 6", ("export",)),
    ("is it done yet?? parents keep asking me", ("state",)),
    ("how many credits have I got? sorry, bit new to all this", ("credits",)),
    ("can I get the web link? procurement needs to view it before they approve", ("link",)),
    ("先别导出，我还要跟家长确认一下名字", ()),
    ("明白了，我这边走一下内部流程", ()),
    # Taiwanese and Singaporean phrasings
    ("看一下專案現在長怎樣", ("state",)),
    ("render 一次 how much ah", ("credits",)),
    ("那个调色有 apply 到吗？", ("state",)),
    ("shiok, looks great lah", ()),
    ("are there any charges for the web link?", ("credits",)),
    ("先 check 一下 credits，然后把 logo 挪到右上角", ("credits", "chat")),
    # what other people do or want is what goes on around the work, unless it names an edit
    ("export it now, my producer is waiting on it", ("export",)),
    ("send me the web link, the whole team signs off at noon", ("link",)),
    ("the kids love the music, make it louder and export", ("chat", "export")),
    ("导出吧，摄影师那边等着要", ("export",)),
    ("ok great, my dad loved it", ()),
    ("ah ok, that makes sense about the fonts", ()),
    ("要得，辛苦了", ()),
    # render with no object but a when, or with a count of videos
    ("swap the song, then render asap", ("chat", "export")),
    ("render both versions", ("export",)),
    # hurrying is no request, 把 is one
    ("加个片尾然后导出，快点快点", ("chat", "export")),
    ("先把片名标出来，再导出", ("chat", "export")),
    # a question particle then a space ends the question; "thru"; 看完 the timeline; 贵 asked
    ("字幕改好了吗 手机上还是旧的", ("state",)),
    ("did the colour fix go thru", ("state",)),
    ("看完时间线再导出", ("state", "export")),
    ("1080p 比 720p 贵吗", ("credits",)),
    ("link先别发，把标题改成红色", ("chat",)),
    # around a question alone, an English statement is about the question; an ask opens with its verb
    ("why is it so slow? the file is tiny", ("state",)),
    ("why is it so slow? also add a fade at the end", ("state", "chat")),
    ("还要多久啊？晚上家庭聚会要放的", ("state",)),
    ("看一下时间线，然后把最后那张照片删掉", ("state", "chat")),
    # polite openers are no condition; a held step's "till after …" goes with it
    ("if u could add a fade at the end that'd be great", ("chat",)),
    ("不介意的话帮我把视频下载一下", ("export",)),
    ("the export can wait till after the party, just show me the timeline", ("state",)),
    # what someone else said, a belief that it is done, a hedge: context next to a step
    ("render the final vid, the principal wants to see it before friday", ("export",)),
    ("export it please, I think it is ready", ("export",)),
    ("don't export yet, I'm not happy with the colours", ()),
    ("send me the link, correct me if I'm wrong but that's how I share it", ("link",)),
    ("先别导出，社长说还要改", ()),
    # "check if it's done" asks about progress; "where we're at"; 以后 after a done verb is "then"
    ("new clip attached, don't render yet, first check if the title change is done", ("upload", "state")),
    ("show me where we're at", ("state",)),
    ("导出来以后把链接发我", ("export", "link")),
    # nouns that look like steps: "my other uploads", "the new cut attached"
    ("trim the start so it matches my other uploads, then export", ("chat", "export")),
    ("how much is it to download in 4k?", ("credits",)),
    ("导出要多少？", ("credits",)),
    # from reading sets 58-61: steps joined by 完 or "n"; credits as a place in the video
    ("export完send我个link", ("export", "link")),
    ("render it n send me the link", ("export", "link")),
    ("export it after you fix the typo in the end credits", ("chat", "export")),
    # a mixed topic dismissed (唔使 reads 不用); the link got later by the person; done-then
    ("字幕唔使加了，直接render", ("export",)),
    ("链接我自己晚点再拿，现在先把音乐调小", ("chat",)),
    ("导出可以等等先，check下我的timeline", ("state",)),
    ("搞定了吗？搞定了就给我链接", ("state",)),
    ("連結可以再傳一次嗎？上次那個找不到了", ("link",)),
    # thanks and greetings
    ("you just saved my morning, thanks", ()),
    ("好嘢 thanks", ()),
    ("天啊我直接哭爆 谢谢你", ()),
    ("哈囉 😊", ("chat",)),
    # sending it on to someone is no export; an account given is no balance
    ("can I get the project link? want to send it to my teacher", ("link",)),
    ("how does this work? first time here, my boss just gave me the account", ("chat",)),
    # context next to a step: what the person does not know, waits on, or others decide
    ("show me the timeline, I have no idea what my brother changed", ("state",)),
    ("don't export yet, I'm still waiting on the music from my friend", ()),
    ("don't export yet, the client is still making up his mind about the music", ()),
    ("先别导出，我先看看时间线再说，感觉节奏有点怪", ("state",)),
    ("why is the export taking so damn long", ("state",)),
    ("whack a fade on the end then export", ("chat", "export")),
    # from reading sets 62-65: someone named or by role who wants, asks or is still doing: context next to a step
    ("export the teaser please, our producer Dana wants it before her flight", ('export',)),
    ("send me the link, Priya from accounts keeps asking", ('link',)),
    ("don't export yet, tom is still fixing his verse", ()),
    ("先别导出，王磊说他那段还要改", ()),
    # Beijing and Cantonese words; thanks; a polite 如果你能 is no condition
    ("甭导出了，明天再说", ()),
    ("得嘞", ()),
    ("收到，倍儿棒", ()),
    ("perfect, that's exactly what Dana wanted", ()),
    ("如果你能帮我把字幕调大一点就太好了", ('chat',)),
    # progress in other words; render with what is left; a space after 了/吧 or before a time ends a sentence
    ("进度条怎么不动了？", ('state',)),
    ("render it as is lol", ('export',)),
    ("stitch them together and render can", ('chat', 'export')),
    ("the blur done already or not?", ('state',)),
    ("帮我把视频导出 明天早上要交", ('export',)),
    ("不用加片尾了 直接导出吧", ('export',)),
    ("算了 转场不用改了", ()),
    ("link呢 快点发我", ('link',)),
    # after a question, a person's own schedule is context, their ask opens the clause
    ("is it done yet? my class starts at 9", ('state',)),
    ("give me the link, i paste it in the group chat", ('link',)),
    ("导出要几钱？", ('credits',)),
    ("下载畀我，听日要用", ('export',)),
    ("dont export yet, then regenerate the ending", ('chat',)),
    # what the person does or will do is context; what they want done is a request
    ("export it, I'm heading out now", ("export",)),
    ("send me the link, I'll check it on my phone", ("link",)),
    ("export it, I want the music louder first", ("chat", "export")),   # said to go first: it goes first
    # from reading sets 66-69: south-western Mandarin (好多, 好久, 莫要, 巴适, 晓得了), someone else doing it later,
    # abbreviations (Dr.) do not end a sentence, reported speech (她说…) asks nothing, 如果 mid-clause starts the
    # condition, balance as a verb, rendered/那个/就好, praise with spaces, a relative 'which' asks nothing
    ("帮我查一下积分还剩好多", ('credits',)),
    ("导出一次要扣好多积分？", ('credits',)),
    ("还要好久嘛？", ('state',)),
    ("先莫要导出", ()),
    ("download 等会儿我表哥来了他弄，你先帮我看下余额", ('credits',)),
    ("好的谢谢，巴适", ()),
    ("OK 晓得了", ()),
    ("project 的 link 发一个给我", ('link',)),
    ("传上去就行了，其他的等我表哥来弄", ('upload',)),
    ("If you could export it that would be lovely; Dr. Chen wants to skim it first.", ('export',)),
    ("Cheers, that's exactly what Dr. Chen asked for.", ()),
    ("did the title change go through? I still see the old one, which is odd", ('state',)),
    ("先把标题改了，改完了如果积分还够就导出", ('chat', 'credits')),
    ("帮我把颜色调暖一点，然后如果我的点数还有剩就出片", ('chat', 'credits')),
    ("刚刚叫你把那段放慢，弄好了没？", ('state',)),
    ("给我链接，我要传给阿姨，她说手机下载太慢", ('link',)),
    ("ok so the intro is perfect, no need to touch it", ()),
    ("don't export yet, I'm still crying over this lol give me a sec", ()),
    ("need the wedding reel rendered ASAP", ('export',)),
    ("帮我check一下余额，然后render那个reel", ('credits', 'export')),
    ("link ASAP", ('link',)),
    ("thanks so much! 视频太美了", ()),
    ("perfect, that's exactly the vibe", ()),
    ("make a video about how to balance the scale before weighing", ('chat',)),
    ("show me the timeline, I wanna see what order everything is in", ('state',)),
    ("传上去就行了，其他的等我表哥来弄", ('upload',)),
    # from reading sets 70-73: 'X 放到最后' is last; 'before I post this'; one's own plans (I'll drop it in …);
    # someone then a time (教练明早…要放); Irish and Filipino thanks; send 我 project 的 link; 发给我姐 is no export;
    # 标题never mind了; 老久, 还在render吗; 'the 8am listing upload' is a noun; 'is the export done'; quotes with 's
    ("export 放到最后，先把 logo 挪到右上角", ('chat', 'export')),
    ("quick q before I post this, how much would it cost to render in 4K?", ('credits',)),
    ("pls share the link, I'll drop it in the newsletter", ('link',)),
    ("加个慢动作然后 export，教练明早训练要放给大家看", ('chat', 'export')),
    ("no need for the link, just export it and I'll stick it up on the club page myself", ('export',)),
    ("等 music 换好了再 export 吧，parents 不太喜欢上一首", ('chat', 'export')),
    ("sound, cheers", ()),
    ("grand so, thanks a million", ()),
    ("send 我 project 的 link 吧", ('link',)),
    ("project的link给我一下，我要发给我姐看看", ('link',)),
    ("标题never mind了，帮我查下积分", ('credits',)),
    ("是不是卡住了？转了老久了", ('state',)),
    ("还在render吗？如果好了就发我link", ('state',)),
    ("render the final version please, the agent needs it for the 8am listing upload", ('export',)),
    ("不用发链接了，我自己去网站上看，帮我把结尾的电话改一下", ('chat',)),
    ("Never mind 那个 credits 查询，帮我 download 最新版本就好", ('export',)),
    ("is downloading free? just want to be sure before I click anything", ('credits',)),
    ("下载要另外收费吗？还是导出的时候已经扣过了？", ('credits',)),
    ("Is the export done yet po?", ('state',)),
    ("Noted with thanks po", ()),
    ("okay po, thank you! will let the agent know", ()),
    ("the link can wait, lower the music a bit, and is the previous render done already?", ('chat', 'state')),
    ("加个标题 'Is it done yet? Grandpa's first video'，放在开头", ('chat',)),
    # from reading sets 74-77: Swahili, Australian and Northeastern thanks; 瞅瞅/调出来 the timeline; frozen fingers
    # are no frozen render; 'make a video about checking the balance'; a formal 是否已生效; one's own plans
    ("asante sana!", ()),
    ("poa poa, got it", ()),
    ("sawa, looks great, boss is happy", ()),
    ("把时间线给我瞅瞅", ('state',)),
    ("帮我把这个vlog下载下来，手机上要用", ('export',)),
    ("if you could export it when you get a sec that'd be amazing, my fingers are frozen solid", ('export',)),
    ("good morning! first time here, frozen but excited", ('chat',)),
    ("整一个教大家怎么查余额的小视频", ('chat',)),
    ("先调色，调完再导出，导出完链接发我", ('chat', 'export', 'link')),
    ("the cut is looking absolutely schmick now, render it please", ('export',)),
    ("could you show me where everything sits on the timeline?", ('state',)),
    ("never mind the link, I'll just show them on my laptop. render the full rehearsal though", ('export',)),
    ("唔使再加字幕喇，導演話唔要，唔該晒", ()),
    ("ta, that's perfect darling", ()),
    ("no worries, cheers for that", ()),
    ("upload 完这个之后加个 fade out，导出等 board 开完会再说", ('upload', 'chat')),
    ("请把当前项目的时间线调出来", ('state',)),
    ("请把标题改成英文，然后生成一个link给同事", ('chat', 'link')),
    ("别download了，我这边校园网太慢了，把link发我就行", ('link',)),
    ("请问影片导出完成了吗？处长在催", ('state',)),
    ("刚才提交的修改是否已生效？烦请确认", ('state',)),
    ("cool, looks great. I'll pass it along to the team", ()),
    ("先上传，作为背景音乐，但先别导出", ('upload', 'chat')),
    ("再帮忙把timeline里第二段和第三段对调", ('chat',)),
    ("得劲儿！贼好", ()),
    # a request whose content reports speech is still a request
    ("add a title that says Hello and then export", ("chat", "export")),
    ("put a caption that says 'mom wants this', then render it", ("chat", "export")),
    ("加个字幕说谢谢大家，然后导出", ("chat", "export")),
    ("the pacing needs work, then export", ("chat", "export")),
    # from reading sets 82, 84, 85: Pidgin, Scots, Shanghainese, Cantonese and Taglish thanks and
    # negations; a news item about someone's finished work; text to show after "写："; a misspelled
    # step under a negation
    ("cheers pal, the link worked well 👍", ()),
    ("链接已经收到了，谢谢侬", ()),
    ("that render looks pure class", ()),
    ("salamat po, sige", ()),
    ("dont exprot it yet", ()),
    ("the director hasnae seen it, dinnae export yet", ()),
    ("if it's no too much bother, could you add some music?", ("chat",)),
    ("if you fit help me trim the intro small", ("chat",)),
    ("只要把 logo 放到右下角就行", ("chat",)),
    ("转场改好了伐？", ("state",)),
    ("覅导出，先改标题", ("chat",)),
    ("片尾字幕写：还要多久？马上下单！", ("chat",)),
    ("add an end card that says: Ready? Download now!", ("chat",)),
    ("Tom finished the voiceover, please export it", ("export",)),
    ("show me wetin dey on the timeline", ("state",)),
    ("如果唔麻煩嘅話，幫我下載條片", ("export",)),
    # from reading sets 83, 86-89: a space between Chinese words ends a dictated sentence; "好了就/弄完了就"
    # right after an edit orders the steps (elsewhere it is a check); a dismissal over "checking"; more
    # thanks, politeness, cost and progress questions; someone else's opinion is reported speech
    ("加个片尾字幕 好了就导出", ("chat", "export")),
    ("先把标题改成红色，完了导出", ("chat", "export")),
    ("刚才那个调色弄完了就导出", ("state",)),
    ("谢谢！帮我把第二段调快一点 然后出片 不用发链接了", ("chat", "export")),
    ("link 再发一次 上一个打不开 酒店的网太烂了", ("link",)),
    ("never mind checking the balance, show me the timeline", ("state",)),
    ("show me where the timeline's at", ("state",)),
    ("what's it run to make a 30-second intro?", ("credits",)),
    ("出片要几点 credits?", ("credits",)),
    ("是不是卡住了 怎么一直没动", ("state",)),
    ("Sam reckons the intro's too slow, trim the first five seconds", ("chat",)),
    ("give me the link, I want to send it to 二姑", ("link",)),
    ("揪感心，谢谢你", ()),
    ("Much obliged, looks ace", ()),
    ("如果不太麻烦的话，帮我把视频导出来", ("export",)),
    ("If it ain't too much trouble, could y'all render the highlights?", ("export",)),
    ("请不要下载，也不需要发链接", ()),
    ("片尾加一行字：还要多久？", ("chat",)),
    # from reading sets 90-93: thanks next to a few words the rules do not know are thanks in the
    # writer's own words; an okay next to them, an edit named, a question or a verb stays a request
    ("Mint, cheers!", ()),
    ("Wunderbar, danke!", ()),
    ("谢谢，巴巴适适", ()),
    ("it's exactly what I needed, ta", ()),
    ("ok, warmer colours", ("chat",)),
    ("thanks, the intro drags", ("chat",)),
    ("cheers, what can it do exactly", ("chat",)),
    ("thanks! now the sunset clip", ("chat",)),
    ("sure, the beach one", ("chat",)),
    # "render the <deliverable>" at a clause's end is the export; 整 is a verb; 整完直接 orders the steps;
    # 完事 is done; one's own later download is held; sending it to someone is a reason; the address
    # of the project page is the link, a web address put on screen is content; 教…怎样 is a topic
    ("could you render the wedding film for me?", ("export",)),
    ("check my balance, then render the promo", ("credits", "export")),
    ("render the sky darker", ("chat",)),
    ("把片尾整上，整完直接导出", ("chat", "export")),
    ("先加字幕，如果之前的调色完事了就导出", ("chat", "state")),
    ("我晚点自己下载，先给我看时间线", ("state",)),
    ("check my balance and give me the link, I want to send it to my cousin", ("credits", "link")),
    ("what's the url of the project page?", ("link",)),
    ("put our website address on screen at the end", ("chat",)),
    ("拍一段视频，教老人怎样下载健康码", ("chat",)),
    ("导出等一下，先把音乐调小", ("chat",)),
    # "if you'd be so kind" is polite, not a condition; "is the export <anything> yet" asks progress;
    # "<thing> fine 了" in mixed text approves, next to steps it is not sent
    ("if you'd be so kind, how much credit is left on my account", ("credits",)),
    ("is the render all sorted yet?", ("state",)),
    ("片头 perfect，现在 export 吧", ("export",)),
    # from reading sets 94-97 (Singlish, Sheng, Gen-Z, Wuhan, Kiwi, Yunnan, Tianjin): question tags
    # (anot, or not) ask; 收不收 / 收费不收费 ask the cost; "how much to …"; "after the export" puts
    # the export first; a space before 先 after English starts the next step; a clause that only
    # names what the question after it asks about is not sent; "go through" asks only in a question
    ("if not too much trouble, can you export it", ("export",)),
    ("how much to download ah", ("credits",)),
    ("adding the logo need to pay or not", ("credits",)),
    ("换个背景音乐收不收积分", ("credits",)),
    ("the music one, done already anot", ("state",)),
    ("okok can can", ()),
    ("帮我瞅瞅项目现在嘛样了", ("state",)),
    ("send me the link after the export", ("export", "link")),
    ("把这段插到开头", ("chat",)),
    ("don't export yet 先看下 timeline", ("state",)),
    ("the blades go through the wool too fast, slow that bit down", ("chat",)),
    ("看一哈时间线", ("state",)),
    ("字幕加上了没得", ("state",)),
    ("是不是卡起了", ("state",)),
    ("did the colour fix actually happen?", ("state",)),
    ("板扎！", ()),
    ("the logo swap, finished yet?", ("state",)),
    ("片尾那段，加好了没", ("state",)),
    ("the intro is too long, how long will the fix take?", ("chat", "state")),
    ("下载我等哈自己弄，先把片头调亮", ("chat",)),
    # from reading sets 98-101 (Louisiana, Scouse, Taiwanese, London patois, formal Shenzhen,
    # Quebec, Shaanxi): den/pis are "then"; yuh/ya are "you"; nah negates a step; formal 如 is a
    # condition, 是否已…完毕 asks progress, 访问地址 is the link, 置于 a request verb, 自行 "oneself";
    # 打：starts the text to show; "check …" after a title starts a new step; French and patois thanks
    ("add the intro music den export it", ("chat", "export")),
    ("trim the start pis render", ("chat", "export")),
    ("if yuh could export it, nuff respect", ("export",)),
    ("export it after ya add the logo", ("chat", "export")),
    ("what's it gonna run me to make a 30 second clip?", ("credits",)),
    ("y'all ever get that logo onto the intro?", ("state",)),
    ("nah export yet, fix the colours first", ("chat",)),
    ("add the title, check my balance, then export - nah bother with the link", ("chat", "credits", "export")),
    ("母湯導出 先把字幕改大", ("chat",)),
    ("给我链接 我要传给我妈", ("link",)),
    ("片头字幕打：免费领取？扫码", ("chat",)),
    ("c'est correct, merci", ()),
    ("that'll do nicely", ()),
    ("safe, cheers", ()),
    ("字幕是否已修改完成？", ("state",)),
    ("背景音乐有换上去吗", ("state",)),
    ("wah gwaan with the export", ("state",)),
    ("请将标志置于右下角", ("chat",)),
    ("导出的事我稍后自行处理，先帮我看下积分", ("credits",)),
    ("如余额充足，请导出成片", ("credits",)),
    ("请发送项目的访问地址", ("link",)),
    ("go on and render the whole thing for me", ("export",)),
    ("download free or wah", ("credits",)),
    ("add the title, check my balance, then export", ("chat", "credits", "export")),
    # from reading sets 102-109 (Hawaiian Pidgin, Qingdao, Accra, Hefei, Penang, Nanchang, Yorkshire,
    # Guiyang, Sydney, Nanjing, New York, Shenyang, Alabama, Hong Kong, Lisbon, Anxi): 当前 is "current",
    # not "before"; "where we are" asks the state only where it ends; formal Chinese conditions, costs
    # and progress (倘若, 是否另行计费, 是否…完毕); Pidgin done (pau) and for (fo); more thanks
    ("请导出当前版本", ("export",)),
    ("add a drum loop under the part where we are dancing", ("chat",)),
    ("show me where we are on the timeline", ("state",)),
    ("I beg, could you render the whole thing for me", ("export",)),
    ("shoots, mahalo", ()),
    ("nevah mind da music, just export", ("export",)),
    ("send me the link aftah you fix the colours", ("chat", "link")),
    ("I'll grab the file latah, check my credits for now", ("credits",)),
    ("export it if the title fix stay pau", ("state",)),
    ("how much fo one render?", ("credits",)),
    ("tell me what exporting costs", ("credits",)),
    ("has the watermark you put on yesterday been removed?", ("state",)),
    ("片头改好了木有", ("state",)),
    ("倘若余额足够，请导出", ("credits",)),
    ("添加片尾是否需要另行计费？", ("credits",)),
    ("请将这首歌设为片头音乐", ("chat",)),
    ("how's the project shaping up?", ("state",)),
    ("send me the web adress for the project", ("link",)),
    ("link在边", ("link",)),
    ("那个在线看的地址发我", ("link",)),
    ("make an end card with the text: free to download?", ("chat",)),
    ("余额就不必查了，直接导出", ("export",)),
    ("链接稍后再发，先把片尾剪短", ("chat",)),
    ("标题弄好没得", ("state",)),
    ("妥了", ()),
    ("好", ()),
    ("帮我弄好", ("chat",)),
    # from reading sets 110-113 (Newfoundland, Suzhou, San Francisco, Hangzhou, Hull, Changchun,
    # Bradford, Shanghai): Shanghainese 伐 asks, 阿是/侬/等歇/自家/卡牢/辰光 read as Mandarin, 钞票 is money;
    # "did X land / go on", "any ETA", "what'll it cost", "use up credits"; "if you have the
    # bandwidth" is polite; "ill put it on" is a reason; "告诉我一下" after a question asks nothing more
    ("片头改好了伐", ("state",)),
    ("导出要钞票伐", ("credits",)),
    ("加片尾阿是要扣积分", ("credits",)),
    ("链接我等歇自家拿，侬先帮我看下时间线", ("state",)),
    ("麻烦侬帮我导出一下，谢谢侬", ("export",)),
    ("还要等多少辰光", ("state",)),
    ("what'll it cost me to generate a 1 minute clip", ("credits",)),
    ("did the new title actually land?", ("state",)),
    ("did the fade on Ana's intro actually go in?", ("state",)),
    ("any ETA on the export?", ("state",)),
    ("if you have the bandwidth, could you show me the timeline", ("state",)),
    ("export it and send me the link, ill put it on our page", ("export", "link")),
    ("does sharing the link use up credits?", ("credits",)),
    ("swap the music then render yaar", ("chat", "export")),
    ("right on", ()),
    ("换背景音乐要扣积分吗？麻烦告诉我一下", ("credits",)),
    # from reading sets 118-121 (Pretoria, Haikou, Cork, Lanzhou, Lahore, Shijiazhuang, South Boston,
    # Taiyuan): thanks with small talk is thanks (no word limit, the guards decide); ja / no sweat /
    # all set are okays ("all set?" asks); a step asked twice with nothing changed between runs once;
    # an edit after the export with no "then" is more of the edit before it; posting it somewhere
    # is the person's purpose; "how far is", "…yet?", 完事 (then), 完事了吗 (asks), 说一句：(quotes),
    # 太原 is no "too"; 我想发给… after the link is the person's own doing; 发我一份 is the link
    ("thanks heaps, rain all day here so we're staying in", ()),
    ("谢谢啦，今天外面一直下雨，我就在家里歇着了", ()),
    ("thanks, though the drone shot is a bit dark", ("chat",)),
    ("ja got it", ()),
    ("sure, no sweat", ()),
    ("all set?", ("state",)),
    ("give me the link after you render it, render first", ("export", "link")),
    ("trim the intro then export, the music should fade out at the end", ("chat", "export")),
    ("trim the intro, export it, then make a square version too", ("chat", "export", "chat")),
    ("download it please, gotta put it on my insta story", ("export",)),
    ("check my credits and how far is the export", ("credits", "state")),
    ("is the music in the video yet?", ("state",)),
    ("导出 完事把链接发我", ("export", "link")),
    ("导出完事了吗", ("state",)),
    ("配音说一句：积分不够的话请充值", ("chat",)),
    ("好的谢谢，太原今天下雪了", ()),
    ("项目地址是啥？我想发给我儿子瞧瞧", ("link",)),
    ("项目网址多少，发我一份", ("link",)),
    # from reading sets 126-129 (Kingston, Dalian, East End London, Yangzhou, Port of Spain, Shaoxing,
    # Gen-Z American, Foshan): "right" opening a clause is an okay, not a side of the frame; "stuck
    # the logo on" puts it on; 改天 is "another day"; a verb between a negation and a step takes the
    # negation ("no need to change the font, just export it"), and a "just" after what was negated
    # turns to what is asked; 加一句： quotes; "once u check", "doh", "could wait", 把项目打开我看看,
    # "render the bloomin' thing", 快点的, "how long more", patois tek / bout / di … ting / irie
    ("right guv, download it, gotta show the missus", ("export",)),
    ("export it, the text goes top right", ("export", "chat")),
    ("export once you've stuck the logo on", ("chat", "export")),
    ("is it stuck?", ("state",)),
    ("好的谢谢，改天请你喝茶", ()),
    ("no need to change the font, just export it", ("export",)),
    ("先不用 add 到 timeline", ()),
    ("别导出了 直接给我链接", ("link",)),
    ("don't just export it", ()),
    ("片头加一句：余额查询请扫码", ("chat",)),
    ("send me the link once u check my credits", ("credits", "link")),
    ("doh render it yet", ()),
    ("the download could wait, fix the intro first", ("chat",)),
    ("把项目打开我看看", ("state",)),
    ("render the bloomin' thing", ("export",)),
    ("链接呢 快点的", ("link",)),
    ("how long more for the render", ("state",)),
    ("why it tekkin so long", ("state",)),
    ("irie, thanks", ()),
    ("mek a clip bout how fi pay yuh balance", ("chat",)),
    # from reading sets 130-133 (Cardiff, Changsha, a Filipino nurse in Dubai, Jinan, Montana, Lhasa,
    # Munich, Kuala Lumpur): "if you've got a sec" and "if it aint a bother" are polite; asking
    # someone first is a reason; 俺 is 我; "how much po"; 中 and 靓 agree; cool beans; family the
    # video is sent to (sisters, brothers, tita …); "hows the edit comin along" asks
    ("if you've got a sec, could you show me the timeline", ("state",)),
    ("if it aint a bother, make the intro shorter", ("chat",)),
    ("if it ain't a bother, add a fade at the end", ("chat",)),
    ("don't render yet, I've still got to ask Priya about the colours", ()),
    ("看看俺的时间线", ("state",)),
    ("how much po is a download?", ("credits",)),
    ("is the render done? gonna send it to my tita", ("state",)),
    ("中", ()),
    ("cool beans", ()),
    ("靓，今天好热", ()),
    ("can I have the project link? will send it to my brother", ("link",)),
    ("hows the edit comin along", ("state",)),
    # from reading sets 134-137 (New Jersey, Nanning, Cape Breton, Yantai, Colombo, Zhangjiakou,
    # Florianopolis, Jinhua): what is not in yet and the person's own thinking or skills are reasons;
    # "extra credits" and "what would X run us" ask the cost; "after you're done"; 了在 (voice input)
    # is 了再; 导出以后 is "after the export", not "later"; 先放放; 了么 asks; 杠好; sending to family
    # is no export; putting it up on a platform is a purpose; greetings and "do the needful" next to
    # a step ask nothing; "if is not too much trouble"; "link por favor", "can we have link"
    ("先别渲染，还有两段采访没放进去呢", ()),
    ("先别导出，我再想想片尾的事", ()),
    ("don't render yet, we still thinking about the ending", ()),
    ("换个滤镜要不要 extra credits？", ("credits",)),
    ("what would a minute-long clip run us", ("credits",)),
    ("how much is costing to download?", ("credits",)),
    ("send the link after you're done exporting", ("export", "link")),
    ("等片头换好了在下载", ("chat", "export")),
    ("下载的事先放放，先把字幕改大", ("chat",)),
    ("片子剪好了么", ("state",)),
    ("杠好", ()),
    ("链接给我 发给我闺女看看", ("link",)),
    ("render it for me please, gonna put it up on the insta for my fans", ("export",)),
    ("导出以后告诉我余额", ("export", "credits")),
    ("Good afternoon. Hope you are keeping well. Kindly export the video.", ("export",)),
    ("good afternoon!", ("chat",)),
    ("please do the needful and download the final cut", ("export",)),
    ("if is not too much trouble, add a fade", ("chat",)),
    ("不用导出了，我不太会操作电脑，给我链接就行", ("link",)),
    ("link por favor", ("link",)),
    ("could we have link for the group?", ("link",)),
    # from reading sets 138-141 (Kampala, Guilin, Chicago, Xuzhou, Punjabi Brampton, Dandong, Doric
    # Aberdeenshire, Chaozhou): "after you have rendered it" names the step to wait for ("I rendered
    # it yesterday" does not ask it); "if you may"; URL 是多少; the person's own unfinished work is
    # no progress question; youse / ye; "whats it gonna run me", "the price of exporting"; okays and
    # a question particle before 老铁; dialect words read as standard ones of the same length
    # (router.yaml dialect_words: dinna, efter, nae, tae …), not inside quoted text
    ("send me the link after you have rendered it", ("export", "link")),
    ("I rendered it yesterday and it looked grainy", ("chat",)),
    ("I downloaded it this morning, thanks", ()),
    ("if you may, send me the project link", ("link",)),
    ("项目的 URL 是多少？", ("link",)),
    ("don't render it, i ain't done yet", ()),
    ("render it after youse swap the song", ("chat", "export")),
    ("whats it gonna run me to make a 30 second clip?", ("credits",)),
    ("tell me the price of exporting in 4K", ("credits",)),
    ("hanji, no tension", ()),
    ("link de do, and render also", ("link", "export")),
    ("Dinna render it yet", ()),
    ("export it efter ye change the font", ("chat", "export")),
    ("加字幕要扣积分吗老铁", ("credits",)),
    ("必须的，整挺好", ()),
    ("nae need tae check the balance", ()),
    ("add a title that says nae bother", ("chat",)),
    # a dropped g reads as the -ing word ("assumin'" is "assuming"), but not where a quote closes
    ("assumin' my balance is fine, render it", ("credits",)),
    ("would you mind pullin' up the project", ("state",)),
    ("add a slide 'we're all in' then export", ("chat", "export")),
    ("嫑下载", ()),                                   # 嫑 (northwest) is 别
    ("积分晚点看，先把视频倒出来", ("export",)),       # 倒出 from voice input is 导出
    ("帮我导一下片呗", ("export",)),
    ("发个连接给我", ("link",)),                       # 连接 given or sent is the link
    ("righto", ()),
    ("嗯那", ()),
    ("export it, the girls want to put it on insta", ("export",)),
    ("export it, gonna stick it on the club whatsapp", ("export",)),
    ("fixing to share it tonight, so render it now", ("export",)),
    ("把片头删了删完直接导出", ("chat", "export")),    # the edit asked, then the step
    ("hey, never tried video editing before", ("chat",)),   # "never" with the past asks nothing
    ("标题改了吗我怎么没看到", ("state",)),            # 吗 ends the question, dictated
    ("链接的事不急以后再说现在先把音乐换了", ("chat",)),
    ("下载后把链接发我", ("export", "link")),
    ("show me where the logo sits on the timeline", ("state",)),
    ("帮我导个出来呗", ("export",)),
    ("hold on how much will a render cost", ("credits",)),     # "hold on" waits, "on how" is no topic
    ("the export I'll handle myself, just trim the intro", ("chat",)),
    ("the link we will share with them ourselves later", ()),
    ("send me the project link, want to text it to my sister", ("link",)),
    ("don't render yet, not sure about the font", ()),         # why it waits, not an edit
    ("片头加字幕 就写欢迎下载", ("chat",)),                      # after 就写, the words to show
    ("等你加完字幕先导出", ("chat", "export")),
    ("render it after trimming the intro", ("chat", "export")),
    ("how much to export after adding music?", ("credits",)),  # asked: no step moves first
    ("shot bro", ()),
    ("what does a render cost? please revert", ("credits",)),  # "revert" there is "reply"
    ("did the price text actually update?", ("state",)),       # the work, not the price
    ("how's the export going", ("state",)),
    ("hey! how's it going?", ("chat",)),                        # a greeting
    ("where's the project at now", ("state",)),
    ("export it, need it on the team page before training", ("export",)),   # where it goes: why
    ("刚才让加的字幕，加好了没", ("state",)),                  # the subtitles asked for before
    ("don't worry about the music, how much is a render", ("credits",)),
    ("下载好了把链接发我", ("export", "link")),
    ("链接发我 快点噻～", ("link",)),
    ("export it, the wedding one's ready to go", ("export",)),
    ("roger that", ()),
    ("没事了", ()),
    ("666", ()),
    ("刚才改价格那个改好了吗", ("state",)),                    # the change asked about, not the price
    ("如果字幕已经OK了就导出", ("state",)),
    ("刚才那个导出的活儿，进行到哪了", ("state",)),            # the running job named
    ("别急着下载，价格还没定呢", ()),                          # 还没…呢 says, it does not ask
    ("title it with my surname, Rendell", ("chat",)),          # a name, not a misspelt "render"
    ("帮我Exprot一下", ("export",)),                            # after Chinese, a capital is no name
    ("请问做一个两分钟的片子，大概多少积分？", ("credits",)),
    ("whit's a render gonnae cost me", ("credits",)),            # Scots "whit's" reads as "what's"
    ("把片子到出来", ("export",)),                              # 到出 dictated for 导出
    ("项目连接发我", ("link",)),                                # 连接 dictated for 链接
    ("I think it's about as good as it's gonna get. Render it.", ("export",)),   # approval: nothing to send
    ("what's the export going to cost", ("credits",)),
    ("just wondering if that's all done or if you're still on it", ("state",)),   # asked, not a condition (a guard)
    ("hold off on exporting, tomorrow we'll figure out the ending", ()),
    ("download it, but only once you've swapped the logo", ("chat", "export")),   # the condition first
    ("字幕翻译了以后再导出", ("chat", "export")),                # 了以后再: after the edit, not "later"
    ("导出我过两天自己弄，先帮我查下余额", ("credits",)),
    ("还卡着吗？", ("state",)),
    ("how long 还得等", ("state",)),
    ("先不渲染，我再调调", ()),                                  # the person tweaks it: nothing asked
    ("render the recital video, I'd like to have it before Sunday service", ("export",)),   # why, not what
    ("download it, and once that's done send me the project link", ("export", "link")),    # "that": before
    ("did the new font on the title actually take?", ("state",)),
    ("现在弄到哪点了", ("state",)),
    ("帮我看看搞到啥地方了", ("state",)),
    ("片尾写 扫码就能下载", ("chat",)),                          # the words to show
    ("做个视频 讲网上怎么查进度", ("chat",)),                    # what the video is about
    ("做个视频，内容就是怎么查积分", ("chat",)),
    ("把链接发给我 export 我晚点自己来", ("link",)),
    ("倷帮我看看还剩几化鸡分", ("credits",)),                    # Suzhou speech, dictated
    ("倷看看辣海项目", ("state",)),
    ("sgtm", ()),
    ("send me down the final cut", ("export",)),
    ("how is it getting on with the video", ("state",)),
    ("will exporting deduct any credits?", ("credits",)),
    ("时间线看看", ("state",)),
    ("链接晚一点再发，先把字幕调大", ("chat",)),
    ("那个网页连接再发一遍", ("link",)),
    ("导出final_cut.mp4", ("export",)),                          # the name after the verb, not the verb
    ("帮我宣传一下这个活动", ("chat",)),                         # 宣传 (promote) is no upload
    ("传下那个视频", ("upload",)),                               # 传下: upload it
    ("chuck me the finished video", ("export",)),
    ("speed up the intro, and if my credits hold up chuck out the final video", ("chat", "credits")),
    ("怎么一直没在动", ("state",)),
    ("make a vid telling folks to check the link below", ("chat",)),   # what the video says
    ("片尾加一句 点链接看完整版", ("chat",)),                    # the words to show
    ("加点音乐然后 send me 成品", ("chat", "export")),
    ("打开项目给我康康", ("state",)),                            # 康康: 看看
    ("帮我看哈现在咋个样了", ("state",)),                        # Guizhou: 看哈, 咋个样
    ("导出完了发个链接过来", ("export", "link")),
    ("加完字幕在发我链接", ("chat", "link")),                    # 在 dictated for 再
    ("export it, the sales office at our head branch has asked for a copy", ("export",)),   # why
    ("export it, I would rather not keep them waiting", ("export",)),
    ("I'd like to know whether exporting incurs any charges", ("credits",)),
    ("I'm most obliged to you for the quick turnaround", ()),
    ("I wonder whether adding subtitles costs anything", ("credits",)),   # asked indirectly
    ("curious whether a longer title uses more credits", ("credits",)),
    ("I was wondering if you could export it", ("export",)),              # a polite request (a guard)
    ("assumin the render's done, send me the link", ("state",)),          # "assumin": a condition
    ("链接我晚点自己来弄 你先给我看下时间线", ("state",)),                # left to the person
    ("okie dokie!", ()),
    ("晓得哒", ()),
    ("导出一下 搞快一点", ("export",)),                                   # hurry: nothing more asked
    ("渲染好了顺便发我链接", ("export", "link")),
    ("下载一次要扣多少呀", ("credits",)),
    ("生成一段视频得几分呀", ("credits",)),
    ("生成一段视频得多少分钟", ("chat",)),                                # minutes, not points (a guard)
    ("加字幕有无收费", ("credits",)),                                     # 有无: whether
    ("出完片把链接给我", ("export", "link")),
    ("tell me what we've got in credits, then export", ("credits", "export")),
    ("could you go and render it", ("export",)),                          # "go and": one step (a guard)
    ("if you could go ahead and export it that'd be grand", ("export",)),
    ("调完色了导出", ("chat", "export")),
    ("clip done?", ("state",)),                                           # a bare progress question
    ("做个短视频，教老人咋导出照片", ("chat",)),                            # 教…咋: the topic
    ("链接我今晚自己去拿，现在先导出", ("export",)),                        # left to the person
    ("ok 那 don't render 先 先帮我看看 timeline", ("state",)),
    ("先 check 一下 timeline 然后 export 出来 give me the link", ("state", "export", "link")),
    ("不要 render 了 我改主意了", ()),                                    # changed my mind: a reason
    ("帮我做个片子 题目就叫 积分怎么查", ("chat",)),                       # the title's words
    ("标题改成 导出失败怎么办 字大一点", ("chat",)),
    ("把标题改成 Summer Sale 然后导出", ("chat", "export")),              # the title ends there (a guard)
    ("标题改成 新品上市，导出，再发我链接", ("chat", "export", "link")),    # (a guard)
    ("加段字幕 写 点击下载 放开头", ("chat",)),                            # 写: the words to show
    ("why is the render taking this much time", ("state",)),
    ("上次加的转场加上去没有呀", ("state",)),
    ("did the new music take or is it the old track still", ("state",)),
    ("ok b'y", ()),
    ("时间线上现在排了些什么", ("state",)),
    ("链接就不用发给我了，我用电脑直接看", ()),                            # 不用发给我了: not sent
    ("要是字幕加完 就导出", ("state",)),                                   # 加完 就…: a condition on done work
    ("转场那事儿别整了，给我看看时间线就行", ("state",)),                  # 别整了: dismissed
    ("嗯呐 知道了", ()),
    ("send me the link, gonna text it to my sister", ("link",)),          # gonna text it: why
    ("how much I got left?", ("credits",)),
    ("不用导出了，帮我把片尾换了嘛", ("chat",)),                          # 换了嘛: asked for, not a question
    ("cut the intro, and if there's credits left rendr it", ("chat", "credits")),   # the action misspelt
    ("don't bother wi the link, show me the timeline", ("state",)),
    ("belay the render, check my balance", ("credits",)),
    ("链接晚点先啦，而家帮我调下色", ("chat",)),                            # 晚点先: later
    ("fit dis a render cost", ("credits",)),                              # Doric: what does
    ("加个字幕要钱咩", ("credits",)),                                      # 咩: a question
    ("下载贵唔贵啊", ("credits",)),
    ("a video aboot checkin your credits", ("chat",)),                   # aboot: about
    ("请把项目现在的样子调出来给我瞧瞧", ("state",)),
    ("把链接发给我，我好转给同学", ("link",)),                             # 我好转给: why
    ("导出我以后自己来弄，先帮我查下积分", ("credits",)),
    ("tell me where we at on the timeline", ("state",)),
    ("could you show me where the edit currently stands", ("state",)),
    ("别导出 先帮我看看积分", ("credits",)),                               # 先 after a space: the next step
    ("'preciate ya, sounds sick", ()),
    ("嗯嗯 知道咯", ()),
    ("还剩多少积分 帮我查一下", ("credits",)),                              # 帮我查一下: how, not more
    ("show me the timeline please, wanna make sure the drone shot is in", ("state",)),   # why
    ("出片好了就把链接发我", ("export", "link")),                          # the export asked, then the link
    ("don't render yet, still got two clips to add", ()),                 # why it waits
    ("what's a 30 sec clip cost to make", ("credits",)),
    ("换个欢快的音乐，再加个标题“周末集市”，搞完直接导出", ("chat", "export")),   # 搞完直接: the next step
    ("开头加一行字 就写 还剩多少积分", ("chat",)),                          # the words to show
    ("拍个视频 主题就叫 导出失败怎么办", ("chat",)),
    ("would adding a title card eat into my credits?", ("credits",)),
    ("should the title fix be done already, send me the link", ("state",)),    # a condition
    ("ta for the link, all good", ()),
    ("收到，下载的那个我看过了，谢谢", ()),                                # 下载的那个: the file named
    ("cut the ending and send me the finished product", ("chat", "export")),
    ("can you export it now, on shift in 10 min", ("export",)),           # why it is urgent
    ("下载我一会儿自己弄，你先把片尾换成夜景", ("chat",)),                  # left to the person
    ("好 莫麻达", ()),
    ("给个网页上能打开的地址呗", ("link",)),
    ("发我个网页上能看的地址", ("link",)),                                # 发我 a web address: the link
    ("看下积分还有多少，再把时间线现在的情况报给我", ("credits", "state")),
    ("积分就不用查了，我晓得还够用", ()),                                  # 我晓得…: why
    ("不用 render 了，我明天自己再弄", ()),                                 # 自己再弄: left to the person
    ("把项目的在线链接发我一个，我想用家里的电脑打开", ("link",)),         # why
    ("just export it now, want it up before the meeting", ("export",)),   # why it is urgent
    ("好 知道咧", ()),
    ("how much fi export it?", ("credits",)),
    ("给我看下现在那个时间线", ("state",)),
    ("片尾加个标题 就叫 还要多久", ("chat",)),                              # the title's words
    ("帮我下载一下，急用", ("export",)),
    ("加个字幕要不要花积分的", ("credits",)),
    ("naw no need for the link, just export it", ("export",)),
    ("链接等下再要 先把声音调大", ("chat",)),                               # 等下再要: later
    ("先看下积分 等我确认了再出片", ("credits",)),                          # 等我确认了再…: not now
    ("生成一段一分钟的视频，大概要多少积分", ("credits",)),                # the cost of what it names
    ("片尾这张放最后，放好了先看积分还够不够", ("chat", "credits")),        # 放好了先…: a step after the edit
    ("加个字幕，弄好了要多少积分", ("credits",)),                          # what the edit costs: asked (a guard)
    ("make a video of my garden, and how much will that cost?", ("chat", "credits")),   # asked on its own (a guard)
    ("if it ay too much trouble, could you export it", ("export",)),      # polite, not a condition
    ("方便的话帮我导一下", ("export",)),                                  # 导一下: export
    ("tell me what's on my balance, then the link", ("credits", "link")),
    ("片头加个logo 积分还够就出片", ("chat", "credits")),                   # the condition after English
    ("Please 帮我看一下 project 的网页链接", ("link",)),
    ("若是不麻烦的话，请把背景音乐调小一点", ("chat",)),                    # polite, not a condition
    ("把开头的字改成“欢迎光临”，余额要是还有一百以上就直接导出", ("chat", "credits")),   # what it checks
    ("could you show me where we're up to on the timeline", ("state",)),
    ("做个短片 topic 是 how much does a wedding cost", ("chat",)),          # topic 是: the topic
    ("麻烦你了老铁 方便的话帮我把视频导出一下", ("export",)),
    ("不用 render 了 I changed my mind", ()),
    ("下载的事儿我一会儿自己整 你先把开头剪短点", ("chat",)),              # left to the person
    ("done yet? I need go back to my shift soon", ("state",)),             # why
    ("got it, mesi anpil", ()),
    ("整得挺好 杠杠的", ()),
    ("导出的事以后再讲，现在先帮我加个字幕", ("chat",)),                    # 以后再讲: later
    ("did the new title actually get put on or", ("state",)),
    ("怎么一动不动的", ("state",)),
    ("先别导 看下还剩多少积分", ("credits",)),                              # 先别导: the export held
    ("导出我晚上自己弄 你先看看剪得咋样了", ("state",)),
    ("link的话我等下自己拿，先把字幕加上", ("chat",)),                      # 的话 here names a topic
    ("出片要1080和要4K，价格一样吗", ("credits",)),                       # the cost question asks about it
    ("有链接没？给我整一个", ("link",)),
    ("don't render yet, we still have edits from the client", ()),
    ("加个片尾格要钱", ("credits",)),                                      # 格: a question
    ("生成高清的是不是要贵一点", ("credits",)),
    ("让你加的字幕格加好了", ("state",)),
    ("渲染到好多了嘛", ("state",)),
    # the person does a step themselves, whenever they get to it: 我…自己弄 leaves it to them
    ("导出我下了班自己弄，先把片头的字放大", ("chat",)),
    ("链接我们明早开完会自己去弄 先看看时间线", ("state",)),
    # Teochew and Hokkien words read as Mandarin: 胶己 is 自己, 若久 多久, 若多 多少, 免 不用
    ("下载等一下我胶己来，现在把音乐调小", ("chat",)),
    ("导出还要若久", ("state",)),
    ("导出要若多钱", ("credits",)),
    ("积分免查了，帮我把字幕换成黄色", ("chat",)),
    # Henan 先白 is 先别
    ("先白导出 字幕还得改", ("chat",)),
    # the words a title is written as are content
    ("片头写成 余额宝理财课", ("chat",)),
    # a video that teaches customers how to use a link is about the link
    ("做个视频教客人复制链接", ("chat",)),
    # 好了个话就 (Teochew 的话): a condition
    ("音乐换好了个话就导出", ("state",)),
    # a clause that points at a thing names what the question after it asks about
    ("早上换音乐那个，好了没？", ("state",)),
    # a wait on other people to send something is a reason, not a progress question
    ("don't render yet, still waiting for my cousins to send the drone shots", ()),
    # "wanna get it up on …" and "need it on my phone" after an export are its purpose
    ("export it pls, gotta get it posted before the match", ("export",)),
    ("can you download it, need it on my tablet before class", ("export",)),
    # Taglish: tapos is "then", wag/huwag "don't", magkano "how much", tapos na ba "done yet?",
    # "after mo" "after you", "render mo na" "render it now"
    ("lagyan mo ng subtitles tapos export mo na", ("chat", "export")),
    ("huwag mo munang i-download, may aayusin pa ako", ()),
    ("magkano mag-render ng 1080p?", ("credits",)),
    ("tapos na ba yung music?", ("state",)),
    ("i-export mo after mo ayusin yung title", ("chat", "export")),
    ("render mo na", ("export",)),
    ("pag tapos na yung trim, export na", ("state",)),
    # okays and greetings: "beauty", "top job", "ta very much", "copy po", 好势, 知了, "gud eve"
    ("beauty!", ()),
    ("top job mate, ta very much", ()),
    ("copy po", ()),
    ("好势好势", ()),
    ("知了", ()),
    ("gud evening po 🙂", ("chat",)),
    # a polite "if you'd be so kind" is no condition, even typed without the apostrophe
    ("if youd be so kind, export the video", ("export",)),
    # a request before a condition with its own action stays: the condition is no question
    ("if u could add a fade at the end, and if I've enough credits render it", ("chat", "credits")),
    # the person stuck somewhere is a reason, not a progress question
    ("render it now pls, I'm stuck in traffic and need it by 5", ("export",)),
    # reasons after a step: "have to mail it to …", "lost it somewhere", "gotta think about …"
    ("send the video, need to submit it to the office today or they'll cut my pay", ("export",)),
    ("where can i find the link, lost it somewhere in my texts", ("link",)),
    ("don't export yet, still gotta think about the ending", ()),
    # 过会儿 is a time word: 再说 after it leaves the step for later
    ("链接过会儿再说，先把片尾剪短", ("chat",)),
    # "does exporting also cost credits": "also" inside a question joins no steps
    ("does rendering also cost credits?", ("credits",)),
    ("加个标题也要积分吗", ("credits",)),
    ("攒劲", ()),
    ("亮清了", ()),
    ("得咧", ()),
    # "tell me if … went through": an indirect progress question
    ("let me know if the title change went thru", ("state",)),
    ("你要是能的话 把结尾那段剪掉", ("chat",)),
    ("what'd it run me to render a 3 minute video?", ("credits",)),
    ("alrighty then", ()),
    ("well bless your heart", ()),
    ("rajah that", ()),
    ("good as gold", ()),
    ("做个视频 教大伙儿包饺子要多久", ("chat",)),
    ("send me di finished video please", ("export",)),
    ("链接发我，我用公司电脑看", ("link",)),
    ("表下载住，先看下时间线", ("state",)),
    ("标题改完在发链接给我", ("chat", "link")),
    ("音乐 done 了就导出", ("state",)),
    ("if you wouldn't mind, list everyone's names at the end like the credits in a film", ("chat",)),
    ("the kids will get a kick out of that", ("chat",)),
    ("片尾加进去以后导出给我", ("chat", "export")),
    # a "not done yet" after a held step is why it is held
    ("先别导出，还没弄好呢", ()),
    ("看下积分还有多少 再给我整个新的", ("credits", "chat")),
    ("加一行字幕：关注我们，积分翻倍", ("chat",)),
    ("right, that's the intro sorted. now export it", ("export",)),
    ("ok the title card looks about right to me, go ahead and export it", ("export",)),
    ("你要是不嫌麻烦的话，把片头的字放大一点", ("chat",)),          # polite, no condition
    ("never mind checkin my credits, just export it", ("export",)),  # the g dropped without an apostrophe
    ("音乐换好了阿曾？", ("state",)),                              # Yangzhou 阿曾: a yes-no question
    ("you betcha", ()),
    ("10-4", ()),
    ("noted, thank you for the quick revert", ()),                # "revert" is a reply here, no undo
    ("mornin. whats this button do exactly", ("chat",)),          # a greeting, then a question
    ("render it now, gotta have it up before the game starts", ("export",)),
    ("could ya be sendin me the finished video?", ("export",)),
    ("先别导出，我再想下要不要换音乐", ()),                         # 我再想下: the person thinks it over
    ("下载先放到起，先加个片尾", ("chat",)),                         # Sichuan 放到起: put aside
    ("导出吧 明儿开会就得用", ("export",)),                         # what it is for
    ("download I will do later myself, for now just trim the intro", ("chat",)),
    ("ill download it masel tonight, for now just trim the intro", ("chat",)),   # Scots masel: myself
    ("中 好的", ()),
    ("浏览器上怎么打开啊 发个链接", ("link",)),
    ("麻烦帮我把视频出一下", ("export",)),
    ("看哈积分，顺便把项目现在啥子样子给我看一哈", ("credits", "state")),   # Sichuan 啥子: 什么
    ("can yu render out di beach video now?", ("export",)),
    ("if you could export it that would be great, the wifi at the hostel is slow", ("export",)),   # a reason
    ("导出来 顺手把链接发给我", ("export", "link")),              # 顺手: 顺便
    # waiting on material from someone is why the step waits, no progress question
    ("don't render yet, still waiting on the drone footage from my cousin", ()),
    ("dont export yet, still waiting for a couple more photos", ()),
    ("nevamind di credits, just export it", ("export",)),
    ("forget bout di balance, just render it", ("export",)),
    ("render it afta yu fix di sound", ("chat", "export")),
    ("ok tanks", ()),
    ("ah mi see it now, tanks plenty", ()),
    ("send di link, mi wahn put it inna di family group", ("link",)),
    ("dont export yet, still thinkin bout the intro", ()),
    ("wat it cost to make a new video", ("credits",)),
    ("obrigadu", ()),
    ("下载下来吧 明个要用", ("export",)),                          # Henan 明个: tomorrow
    ("check my credits an gie me the link", ("credits", "link")),  # Scots "an" before a verb: and
    ("trim the start an render it", ("chat", "export")),
    ("有网页链接吗 手机屏幕太小", ("link",)),                       # why the link
    ("积分还有多少 帮我瞄一眼", ("credits",)),
    ("gimme di url so i can watch it on my phone", ("link",)),
    ("forget di link, mi doh need it no more", ()),
    ("麻烦帮我导出一下，我电脑不太会弄", ("export",)),              # why the person asks
    ("safe fam", ()),
    ("真水", ()),                                                 # Minnan: beautiful
    ("send 我那个 link 嘛", ("link",)),
    # a video about waiting is content, even when asked for with "can u make"
    ("can u make a vid explaining why the bus is taking so long", ("chat",)),
    ("make a video explainin how much a render costs", ("chat",)),
    ("链接弗用发了", ()),                                          # Wu 弗用: 不用
    ("lemme see da project", ("state",)),
    ("gimme da link an export it", ("link", "export")),
    ("pls send me the finished one", ("export",)),
    ("den send me da finished ting", ("export",)),
    ("Dont export yet, my cousins still have to send me more photos", ()),
    ("ag never mind the credits, just trim the intro", ("chat",)),
    ("dankie", ()),
    ("lekker", ()),
    ("aight", ()),
    ("send the link, the phone screen is too small for me", ("link",)),
    ("dont export yet but show me the timeline", ("state",)),     # "but" before a request starts it
    # Caribbean "de" for "the", "doan" for "don't"
    ("render de video fuh me please", ("export",)),
    ("never mind de credits, just export it", ("export",)),
    ("show me wha de project lookin like", ("state",)),
    ("doan export it yet", ()),
    ("put it at de end an if de balance ok, export", ("chat", "credits")),
    ("would appreciate if u cld add music", ("chat",)),          # polite, no condition
    # Cantonese: 睇下…搞成点 asks how it stands, 跟住 is "then", 写住 "written as", 住 "for now"
    ("帮我睇下段片搞成点", ("state",)),
    ("看看项目搞成怎样了 跟住帮我加个片尾", ("state", "chat")),
    ("标题写住 余额查询", ("chat",)),
    ("唔使download住 睇下timeline先", ("state",)),
    ("先别export 帮我check下credits", ("credits",)),
    ("下载不用了 我老公回来会帮我弄", ()),                       # someone else will do it
    ("加完字幕在发链接给我", ("chat", "link")),                     # 在 typed for 再
    ("Don't render yet, the client is still going thru the script", ()),
    ("Hi, anyone there?", ("chat",)),                            # a greeting, not a progress question
    ("aright", ()),
    ("vinaka", ()),
    ("给我搞个宣传片 一分钟就要得", ("chat",)),                     # 就要得 is the ask, no okay
    ("hows it comin along?", ("state",)),
    ("check my balance then export it. my shift starts in 10 min", ("credits", "export")),
    ("dont export yet, my mates still got more clips to send", ()),   # clips to send: no export
    ("传上去以后看看还剩多少积分", ("upload", "credits")),
    ("please if it nah too much trouble, export it", ("export",)),
    ("ayuh go ahead n render it", ("export",)),
    ("链接先莫发 先看下时间线", ("state",)),
    ("export after the colour grade, make it warmer first", ("chat", "export")),
    ("can u render the video now pls, the aunties wanna watch it after church", ("export",)),   # others' reason
    ("send me the link, want Tom to have a look before we post", ("link",)),
    ("做个短视频 教买家在网上下载发票", ("chat",)),                   # a video that teaches buyers: content
    ("dont send the link yet, first check if the title fix went thru", ("state",)),   # "check if": asked
    ("链接等哈再发 先看时间线", ("state",)),                           # Chongqing 等哈: 等下
    ("send the link after it's rendered", ("export", "link")),
    ("整完没 我这边信号不好", ("state",)),
    ("aye champion", ()),
    ("right o", ()),
    ("这个 clip 放开头 然后 export 出来 发我 link", ("chat", "export", "link")),
    ("I need de finished video tonight", ("export",)),
    ("I need de video downloaded fuh tomorrow", ("export",)),          # for tomorrow: a deadline, not later
    ("De link can wait, I jus need de video downloaded by tomorrow", ("export",)),
    ("帮我导出来 我好传上去", ("export",)),                             # 我好传上去: why, no upload here
    ("download it adn send the link", ("export", "link")),
    ("wha it does cost to make a new video, like a short one?", ("credits",)),
    ("做得做得", ()),                                                  # Hakka: fine
    ("Hi, wha yuh could do? I never use dis before", ("chat",)),
    ("链接发我 手机屏幕太细了 看唔清", ("link",)),
    ("never mind checking me credits, just export", ("export",)),
    ("搞惦未啊", ("state",)),
    ("链接发我，我转发给我个仔看", ("link",)),                           # 转发给我个仔: forwarded on, no export
    ("把标题改成'春茶上新' 余额够就直接出片", ("chat", "credits")),
    ("链接发我一下 我用 ipad 看", ("link",)),
    ("hoo long's it gonna be?", ("state",)),
    ("不用发了 我老婆已经发我了", ()),                                  # already sent by someone: done
    ("Morning. anybody there", ("chat",)),
    ("帮我看一下那个时间线", ("state",)),
    ("导出来 链接也给我一个", ("export", "link")),
    ("链接呢 发给我下", ("link",)),                                      # the send is the link's
    ("I need it downloaded by tonight. Can u do that for me now", ("export",)),   # "do that": the export
    ("Please my dad's 70th is on Friday and I need the finished video downloaded before then", ("export",)),
    ("导出不用了 我晚上在弄", ()),                                      # 在 typed for 再
    ("导出先摆一摆 先把字幕改大", ("chat",)),                             # Wu 摆一摆: put aside
    ("换好音乐，积分够个话再导出", ("chat", "credits")),                   # Wu 个话: 的话
    ("I need that wedding video on my phone tonight, download it please", ("export",)),
    ("Need the video of Nan at the county show downloaded now please, the club wants it tonight", ("export",)),
    ("先别导出 我媳妇说还要改", ()),                                    # what someone else says
    ("算了 字幕不改了", ()),                                            # 不改了: dismissed
    ("send it after yall fix the sound", ("chat", "export")),
    ("导出等一下我各人来弄 先把音乐关小点", ("chat",)),                    # Sichuan 各人: 自己
    ("preciate it", ()),
    ("just check if its done renderin", ("state",)),
    ("Dont render yet, I havent made my mind up about the title", ()),
    ("导出的事不急 回头我自己弄 你先把那段声儿去了", ("chat",)),            # 你先把…: asked
    ("导出先不整 先看下时间线", ("state",)),
    ("做个视频教刚来的几个小伙子怎么查积分", ("chat",)),
    ("给我下下来", ("export",)),
    ("dont export it yet, i aint happy wiv the colours", ()),
    ("麻烦你了昂 帮我导出一下", ("export",)),
    ("帮我瞅一眼工程现在啥样了", ("state",)),
    ("片尾写成 扫码关注，改完了导出给我", ("chat", "export")),        # the words end before 改完
    ("好 莫达", ()),
    ("链接发我 我发给我兄弟看", ("link",)),                              # forwarded on, no export
    ("先剪掉结尾 导出要积分不", ("chat", "credits")),
    # Nigerian Pidgin: d (the), am (it), fit wait, make i know, enter (go through), e no too much
    ("if e no too much trouble, add music", ("chat",)),
    ("render d video now", ("export",)),
    ("Don't export am yet, i never finish checking the titles", ()),
    ("The export fit wait, first trim the intro", ("chat",)),
    ("How much e go cost me to render? Make i know", ("credits",)),
    ("Did the music change enter?", ("state",)),
    ("Negative on the export for now, swap the song instead", ("chat",)),
    ("BZ", ()),
    ("looks squared away", ()),
    ("麻烦发我一下 project 的 link 哈", ("link",)),                       # the link, a few words on
    ("Hows the export coming?", ("state",)),
    ("Whats the holdup?", ("state",)),                                   # "hold up" without its space
    ("sorry if this is a silly question, can you add a fade?", ("chat",)),   # sorry if: no condition
    ("给我看看现在片子弄成啥样了 然后导出", ("state", "export")),
    ("add the outro song and render am sharp sharp", ("chat", "export")),    # Pidgin "am": it
    ("share the link after you don render am", ("export", "link")),      # "don": done
    ("never mind d credits", ()),
    ("麻烦发个链结给我", ("link",)),
    ("水啦", ()),
    ("可照，管", ()),
    ("How far, is the video ready?", ("state",)),                         # "how far": a greeting
    ("if it not too much trouble, add a fade at the end", ("chat",)),     # polite, not a condition
    ("if yuh doh mind, render it", ("export",)),
    ("要是您方便的话，把片尾删掉", ("chat",)),
    ("doh 下载 yet", ()),
    ("字幕不用加了啦", ()),
    ("pass a good time, cher", ()),
    ("drop d link fuh d project in here", ("link",)),
    ("show me wetin dey for the timeline of the party", ("state",)),
    ("余额我晚点自己查，先把开头剪短", ("chat",)),                          # 晚点自己查: later, not now
    ("Please ehn, show me the timeline", ("state",)),
    ("send the link abeg, e go sweet me", ("link",)),
    ("why the render dey take so long?", ("state",)),
    ("e don hang?", ("state",)),
    ("做个短片，讲老人咋个查手机话费余额", ("chat",)),                      # 讲…咋个: the topic goes on
    ("never mind t'link, just trim t'end", ("chat",)),                   # Yorkshire t': the
    ("render it after tha's trimmed t'end", ("chat", "export")),
    ("render t’video for us", ("export",)),                              # t’ with a curly apostrophe (a phone's)
    ("if tha could add a fade, ta", ("chat",)),                          # polite, not a condition
    ("don't render owt till I've checked it", ()),
    ("alright, soon come", ()),
    ("show mi weh di project stand", ("state",)),
    ("片尾要是已经加上了 就导出", ("state",)),                             # what the condition checks
    ("把字幕调大，如果我还有分就出片", ("chat", "credits")),
    ("ok, terima kasih", ()),
    ("导出之后把链接发给𠊎，𠊎要转给阿妹", ("export", "link")),                # Hakka 𠊎: 我
    ("下载𠊎晏滴再弄，先给𠊎看下时间线", ("state",)),                        # 晏滴: later
    ("导出吧，不过要先把片头剪短", ("chat", "export")),                    # 不过要先: that first
    ("export it and text me the link", ("export", "link")),              # "text me": no caption
    ("download need how many credit ah", ("credits",)),
    ("where's the link, I wants to send it to Dot", ("link",)),       # the share is why
    ("if tis not too much trouble, trim the end", ("chat",)),            # polite, not a condition
    ("调快一点 加字幕 导出", ("chat", "export")),                          # a space before the step
    ("加标题扣积分不 🤔", ("credits",)),                                   # 扣积分不: 扣不扣积分
    ("some good, b'y", ()),
    ("well alright then", ()),
    ("多大事", ()),
    ("ok maze", ()),
    ("link ya project please", ("link",)),
    ("show me what all's in the project", ("state",)),
    ("等啲音乐换好咗先至导出", ("chat", "export")),                        # 先至: only then
    ("导出迟啲先算，而家帮我剪短片头", ("chat",)),                          # 迟啲先算: later
    ("add music, and if my credits'll stretch to it, export", ("chat", "credits")),
    ("my boss says to add the logo, then export it", ("chat", "export")),   # passed on: asked
    ("the client wants you to brighten it, then export", ("chat", "export")),
    ("would ya mind lookin at the timeline for me, somethin's off", ("state",)),   # lookin: looking
    ("余额我等下自己查，先帮我加字幕", ("chat",)),                          # 等下自己查: later
    ("if yinz could trim the end that'd be great", ("chat",)),           # polite, not a condition
    ("export it after yinz fix the title", ("chat", "export")),
    ("alright gotcha", ()),
    ("ok confirm plus chop 👍", ()),
    ("all good", ()),
    ("dun render yet", ()),                                              # Singlish dun: don't
    ("where the project page link ah", ("link",)),
    ("生成到哪了", ("state",)),
    ("download cost how many credits ah", ("credits",)),
    ("下载等会儿，先看下时间线", ("state",)),                               # 等会儿 after the step: later
    ("先别出片，额还要改改", ()),                                          # Shaanxi 额: 我, why it is held
    ("先别导出，我还要再核对一下片尾", ()),
    ("先别导出，片尾的字我还要改", ()),                                     # the thing first, then the reason
    ("先别导出，片尾的字我还想改成红色", ("chat",)),                        # …and how: asked (a guard)
    ("gis the video then, want it on me phone tonight", ("export",)),    # Scouse gis: give us
    ("if yer could brighten it a bit that'd be boss", ("chat",)),        # polite, not a condition
    ("export it after yer've trimmed the end", ("chat", "export")),
    ("assuming the logo's gone on, export it", ("state",)),              # what the condition checks
    ("sound 👌", ()),
    ("if oonuh could add some music", ("chat",)),                        # Gullah oonuh: you
    ("if it ent too much trouble, render it", ("export",)),
    ("bless oonuh", ()),
    ("先别 export, I still studyin on de music", ()),                     # why it is held
    ("don't render yet, still tweaking", ()),
    ("片子弄好了冒？", ("state",)),                                        # Hunan 冒: 没
    ("grazzi hafna", ()),
    ("好咯", ()),
    ("export it now, shift starts 6", ("export",)),                      # the shift: why
    ("export it please, I'm too tired to think", ("export",)),
    ("把视频下在给我", ("export",)),                                       # 下在: speech input's 下载
    ("字幕加好了无", ("state",)),                                          # Minnan 无: 没
    ("连接呢发给我", ("link",)),
    ("bore da 🙂", ("chat",)),                                            # Welsh: a greeting
    ("nah, don't render nothing yet", ()),                               # "render nothing": held
    ("im still thinking, don't export yet", ()),                         # the person, not the render
    ("好嘛", ()),
    ("URL 发来", ("link",)),
    ("if e no too much trouble, render it", ("export",)),                # polite, not a condition
    ("show me the project link", ("link",)),                             # the project's link, not the project
    ("if the title change don pass, export it", ("state",)),             # what the condition checks
    ("e don finish?", ("state",)),
    ("una still dey render am?", ("state",)),
    ("恁要是能帮我把字幕调大就太得劲了", ("chat",)),                        # 要是能帮我…就太好了: polite
    ("sound out", ()),
    ("个project而家点样", ("state",)),                                    # Cantonese: how is the project now
    ("whats the price for a video with music", ("credits",)),
    ("say less", ()),
    ("if no too much trouble, render it", ("export",)),
    ("make a short video bout dis, how fo download the app", ("chat",)),   # how fo: the topic goes on
    ("项目现在到哪了", ("state",)),
    ("字幕冇必要加了", ()),                                                # 冇必要: no need
    ("还要几久？", ("state",)),                                            # Gan 几久: 多久
    ("ka pai, ngā mihi", ()),
    ("please don't download anything now only", ()),                    # "now only": right now
    ("导出等一等，先把片头剪短", ("chat",)),
    ("把音乐调小，若积分充足再导出", ("chat", "credits")),                   # 若: if
    ("is the render charges there or not?", ("credits",)),
    ("don't export yet, subtitles still pending", ()),
    ("divvent render it yet", ()),                                       # Geordie divvent: don't
    ("did the music swap gan through?", ("state",)),
    ("whey aye man", ()),
    ("is it 弄好了 yet pet?", ("state",)),                                   # Geordie pet: dear
    ("render it and show mi di project after", ("export", "state")),
    ("链接迟啲先攞，而家帮我加字幕", ("chat",)),                             # 迟啲先攞: later
    ("下载等陣先，先睇下积分", ("credits",)),                                # 等陣先: wait a bit
    ("respect", ()),
    ("睇下时间线，再将片尾擺到最前", ("state", "chat")),                      # 将…摆: 把
    ("Ling says to write 谢谢 — thank you!", ()),                          # thanks passed on: no edit
    ("ja nee", ()),
    ("shot my bru, appreciate", ()),
    ("if it's not too much trouble bhai, render it", ("export",)),
    ("make a short video showin how we download the receipts", ("chat",)),   # showin how: the topic
    ("片尾的logo有无成功", ("state",)),                                     # 有无: 有没有
    ("pretty please hon, show me the timeline", ("state",)),
    ("片子好了莫得", ("state",)),                                           # Guizhou 莫得: 没有
    ("音乐换上去没得哦", ("state",)),
    ("jeet yet? what can you do", ("chat",)),                            # Philly "did you eat": a greeting
    ("the link can wait. what to do, show me the timeline first", ("state",)),
    ("可以哩", ()),
    ("if it nuh too much trouble, render it", ("export",)),              # Patois nuh: not
    ("mi wi export it miself lata, fi now check mi balance", ("credits",)),   # miself lata: later
    ("why it a tek suh long?", ("state",)),
    ("yo how far it reach?", ("state",)),
    ("太感谢了！", ()),
    ("莫得必要加字幕了，直接导出", ("export",)),                               # 没有必要: not asked (a guard)
    ("先别导出，字幕还没对好，帮我把第二句改成红色", ("chat",)),               # a request after the reason is its own
    ("I'll export it meself dreckly, just show me the timeline", ("state",)),   # Cornish dreckly: later
    ("链接我后面自己去拿，先看下时间线", ("state",)),                           # 后面自己去拿: later
    ("好着呢", ()),
    ("where is the link for the reel, want to put it on the bakery website", ("link",)),   # why, not an ask
    ("alright oh", ()),
    ("send me teh finished video", ("export",)),
    ("if its not too much trouble uso, render it", ("export",)),
    ("fa'afetai lava", ()),
    ("malo e lelei!", ("chat",)),                                          # Tongan hello: a greeting (a guard)
    ("yeah you right!", ()),                                               # New Orleans: agreed
    ("och never mind rendering it", ()),                                   # Scots och: oh
    ("hold the render, I ain't happy wit the colours yet", ()),            # the reason is not sent
    ("dinna download it, I'm nae sure aboot the ending", ()),
    ("go on and render dat clip for me", ("export",)),                     # dat: that
    ("render mo na yung final, salamat", ("export",)),                     # Taglish: render the final now
    ("先把这个视频出了吧", ("chat",)),                                        # no 把 right before: not the export phrase (a guard)
    ("帮我把视频出了，谢谢", ("export",)),                                   # 把视频出了: export it
    ("白导出了，我再想想", ()),                                              # Henan 白: don't
    ("明白，导出吧", ("export",)),                                           # 明白 is "understood" (a guard)
    ("现在项目里都有哪几条视频", ("state",)),
    ("下载晚歇再讲，帮我看看时间线", ("state",)),                             # Wu 晚歇: later
    ("要是可以嘞话，帮我把字幕调大点", ("chat",)),                              # Henan 嘞话: 的话, a polite ask
    ("did the colour fix tak?", ("state",)),                               # Doric tak: take
    ("show me fit's in the project", ("state",)),                          # Doric fit: what
    ("mamaya na lang yung download, check mo muna credits ko", ("credits",)),   # Tagalog mamaya: later
    ("libre ba mag-render?", ("credits",)),                                # Tagalog: is rendering free?
    ("natuloy ba yung bagong music?", ("state",)),                         # Tagalog: did it go through?
    ("ayos na ba yung captions", ("state",)),
    ("paki-send yung link ng project please", ("link",)),
    ("y'all still renderin that thing?", ("state",)),                      # the g dropped, no apostrophe
    ("wag mo na galawin yung intro, i-render mo na lang", ("export",)),     # don't touch the intro: nothing sent
    ("倘若方便的话，劳烦把网页链接发我", ("link",)),                             # 倘若方便的话: polite, no condition
    ("假如不麻烦，帮我把片头剪短一点", ("chat",)),
    ("the link can wait, just do a slo-mo on the save for now", ("chat",)),   # slo-mo: what an edit names
    ("链接我稍后自取，先帮我看看积分", ("credits",)),                          # 稍后自取: later, myself
    ("渲染尚需多久", ("state",)),                                            # 尚需多久: how long still
    ("看下积分，音乐调小滴", ("credits", "chat")),                            # 小滴: 小点
    ("导出我晚上再弄，先看看时间线", ("state",)),                              # 晚上再弄: later
    ("hold the export, still waiting on the treasurer", ()),                # waiting on a person: a reason
    ("how much is exporting in 4k, and what's left in my account?", ("credits",)),
    ("把链接发我，好转给我老婆", ("link",)),                                   # 好转给: so that I can pass it on
    ("看看积分，字幕改大点", ("credits", "chat")),                              # the subject first, then the verb: an edit
    ("看看积分，字幕已经改大点了", ("credits",)),                               # already done: says, asks nothing (a guard)
    ("刚才交代的配乐更换，办妥了么", ("state",)),                               # names the earlier request it asks about
    ("进度就不用查了", ()),                                                  # a question left for later is not asked
    ("进度晚点再看，先把字幕加上", ("chat",)),
    ("链接在哪？直接发给我", ("link",)),                                      # 直接…: the link is what is sent, no render
    ("咪住下载，我仲未睇完", ()),                                            # Cantonese 咪住: not yet
    ("做个视频，讲么样下载电子发票", ("chat",)),                               # Hubei 么样: how (a topic)
    ("导出之后再发我链接", ("export", "link")),                               # after the export, the link
    ("帮我加个标题「早晨」，跟住出片", ("chat", "export")),                     # Cantonese 跟住: then
    ("sorted, cheers", ()),
    ("show us wha's in the project", ("state",)),
    ("要是不至于太麻烦的话，帮我看下时间线", ("state",)),                        # polite, no condition
    ("加字幕，搞定就导出", ("chat", "export")),                                # 搞定就: when done
    ("项目在网页端打开时用的地址是哪个？", ("link",)),
    ("做个视频讲解如何查积分，以及要多久才到账", ("chat",)),                     # 以及: more of the topic
    ("grand job", ()),
    ("刚才请您换的配乐，是否已经换好了？", ("state",)),                           # names the earlier request
    ("链接等阵先要，睇下积分先", ("credits",)),                                 # 等阵先要: later
    ("链接稍后我自己去复制，先帮我加字幕", ("chat",)),
    ("获取链接是否也会扣除积分？", ("credits",)),
    ("does exporting use credits? how many", ("credits",)),                 # "how many": more of the question
    ("点解咁慢？", ("state",)),
    ("请问渲染一个一分钟的视频，大概要消耗多少积分？", ("credits",)),              # opened as a question: no render
    ("下载进度现在如何", ("state",)),
    ("show us whits in the project", ("state",)),                           # Scots whit's: what's
    ("Now don't you go exporting that yet, Cousin Remy still gotta bring his clips", ()),   # a reason
    ("what'll it run me to make a birthday video?", ("credits",)),
    ("渲染4K比720p贵多少", ("credits",)),                                       # 贵多少: how much dearer
    ("export 完了吗", ("state",)),
    ("please dont render it yet eh, the vicar hasn't signed off on it", ()),   # eh: filler; not signed off: a reason
    ("我啱先叫你加字幕，加咗未", ("state",)),                                   # Cantonese 啱先: just now
    ("don't touch the intro but swap the song for something slower", ("chat",)),   # but + a request: its own step
    ("加个标题，写着“清晨的港口”，搞定就导出", ("chat", "export")),           # the text is the quote; the export stays
    ("加个标题写：清晨的港口，搞定就导出", ("chat", "export")),                 # the text ends where 搞定 goes on
    ("check my balance then rendah it", ("credits", "export")),                    # Boston rendah: render
    ("add a title, and if my balance is ovah 50 rendah it", ("chat", "credits")),
    ("毋免下载啦，先看时间线", ("state",)),                                                   # Minnan 毋免: no need
    ("呣通导出喔，我再想想", ()),                                                            # Minnan 呣通: don't
    ("下载等一下我家己来，这马先看积分", ("credits",)),                                            # 家己: myself, 这马: now
    ("予我看一下这马的时间轴好无？", ("state",)),                                                # 予我: 给我
    ("渲染要偌济积分？", ("credits",)),                                                    # 偌济: how many
    ("导出免钱无？", ("credits",)),                                                      # 免钱无: free?
    ("积分若还有，就帮阮导出", ("credits",)),                                                 # 若还有: if there is
    ("字幕加好了不曾", ("state",)),                                                       # 不曾: 没有, a question tag
    ("照", ()),                                                                     # Jianghuai: OK
    ("导出的事一歇歇再说现在先把片头加个logo", ("chat",)),                                          # voice-typed, 一歇歇: in a while
    ("tenkyu tru", ()),                                                            # Tok Pisin thanks
    ("gutpela wok", ()),
    ("export it if the title change is pinis", ("state",)),                        # Tok Pisin pinis: finished
    ("加个字幕收费不啰", ("credits",)),                                                    # a question tag before 啰
    ("导出搞完了吗", ("state",)),
    ("做个片子讲理发要多少钱", ("chat",)),                                                    # 讲…多少: a topic
    ("看下时间线，再跟我讲还剩多少积分", ("state", "credits")),                                    # 跟我讲: tell me, no topic (a guard)
    ("把字幕弄大一点再导出", ("chat", "export")),                                            # 大一点再: then, not later
    ("把开头剪掉如果积分够就导出", ("chat", "credits")),                                        # voice-typed: the condition starts at 如果
    ("if you'd be kind enough to show me the timeline", ("state",)),               # polite, no condition
    ("export the ting now fam, mi need it fi post before the rush", ("export",)),   # why, not an ask
    ("export it nau, mi laik play the promo on air at six", ("export",)),
    ("show me wetin dey inside di project", ("state",)),                 # Pidgin: what is in the project
    ("sharing the link, e go cost me anything?", ("credits",)),           # the cost of the link: asked, not sent
    ("the render don finish?", ("state",)),
    ("时间线给我看一记", ("state",)),                                      # Wu 一记: 一下
    ("勿要导出，我再想想", ()),                                            # Wu 勿要: don't
    ("flick the finished video my way, cheers", ("export",)),
    ("渲染4K的费积分不？", ("credits",)),                                  # 费积分不: does it cost credits
    ("把这个网址 https://example.org/menu 放到片尾", ("chat",)),           # an address the person gives is no link request
    ("trim the intro, then download, then link bhejo", ("chat", "export", "link")),   # Hindi bhejo: send
    ("don't export yet, i still tweaking the colours", ()),               # a reason: not sent
    ("加字幕得花多少积分", ("credits",)),                                  # 花多少积分 asks, without a question mark
    ("做个视频讲讲学吉他要花多少钱", ("chat",)),                             # the price of something else: a topic (a guard)
    ("麻烦帮我看一下，时间轴上现在有几段", ("state",)),
    ("下载的事体过两日再讲，先帮我加个片头", ("chat",)),                     # Wu 事体, 过两日: later
    ("what would a 3 minute video of the parade run me in credits", ("credits",)),
    ("render it halafu send me the link", ("export", "link")),           # Swahili halafu: then
    ("whats the bei of a 4K export?", ("credits",)),                      # Sheng bei: price
    ("好得很！", ()),
    ("is the export finished? I'm waiting to download it", ("state",)),   # why it asks: no render
    ("how does the download work, does it go to my phone?", ("chat",)),          # how it works: a question, no render
    ("导出是咋个操作的？", ("chat",)),
    ("下载下来的文件存在哪里？", ("chat",)),                                                 # where the file goes: a question
    ("my wife asked whether we'd exported the recital video, did it go through?", ("state",)),   # what was asked, then the question
    ("老板问我导出来没有，好了没？", ("state",)),
    ("夜儿个下载那个版本，标题打错了，给改成春游", ("chat",)),                                        # the version downloaded yesterday: no new render
    ("上回下载下来的太糊了，这回调清楚点", ("chat",)),
    ("thanks for exporting it, cheers", ()),
    ("got the file, thanks", ()),
    ("leave the export for now, make the intro shorter", ("chat",)),
    ("下载我晚点自己用手机弄，先帮我加个标题", ("chat",)),
    ("链接发我，下载我自己回家弄", ("link",)),
    ("导出的事黑来再说", ()),                                                            # Henan 黑来: tonight
    ("做个视频，讲咋个从电脑导出视频", ("chat",)),                                              # a topic
    ("帮我看看导出进度", ("state",)),
    ("the render still not done?", ("state",)),
    ("I heard you can export in 4K too, what else can you do?", ("chat",)),
    ("do i get an mp4 or a mov?", ("chat",)),                                    # what comes out: a question
    ("how do i get the video onto my laptop", ("export",)),                      # a guard
    ("先看看我还有多少点，再导出", ("credits", "export")),
    ("这个导出是怎么个流程", ("chat",)),                                                   # 怎么个 stays Mandarin (not 么个 → 什么)
    ("just the link please, download i will do from my pc tomorrow", ("link",)),   # the download: later, myself
    ("do not export it yet, the ending is still wrong", ()),            # "do not …" is an order, not a question
    ("Assuming the titles are in, export it", ("state",)),             # the check: are the titles in
    ("how much have I got left + is the render still going?", ("credits", "state")),   # "+" between two asks
    ("咋还没导出好，客人等着看", ("state",)),
    ("要是导出4K的话，积分扣得比1080p多吗", ("credits",)),                # a cost question under an if
    ("where does the export end up, my laptop or my email?", ("chat",)),   # where the file goes: a question
    ("can this app export in portrait for reels?", ("chat",)),          # what the tool can do
    ("the last download had the music too loud, turn it down", ("chat",)),   # the one done before: no new render
    ("导出来的是啥格式？", ("chat",)),                                    # what the output is like
    ("渲染和导出是一回事不？", ("chat",)),
    ("上次下载嗰条字幕太细，放大啲", ("chat",)),
    ("这个渲染咋还没弄完？", ("state",)),
    ("导出卡在百分之九十了", ("state",)),
    ("出片出到哪了？", ("state",)),
    ("导出等额下班了自己弄，先把片头剪短", ("chat",)),                       # later, myself
    ("导出的事先放下，把转场换成淡入淡出", ("chat",)),
    ("导出唔使住，将片尾调快啲", ("chat",)),                                # Cantonese 唔使住: not yet
    ("send the web link, nobody needs to download it yet", ("link",)),
    ("出片效果好好 👍", ()),                                              # 出片效果: how it came out
])
def test_what_a_clause_does_decides_over_the_words_in_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("这个当开场", ("upload", "chat")),                     # what the file is for: an edit
    ("先上传回头再决定放哪", ("upload",)),                  # 先: the upload now, the rest later
    ("here ya go intro_v2.mov", ("upload",)),              # presenting the file asks nothing
    ("chop the first bit off", ("upload", "chat")),
    # "clip 3 and render …": after a number "and" still joins two steps
    ("add it after clip 3 and render if my credits are enough", ("upload", "chat", "credits")),
    ("there ye go", ("upload",)),
    ("this track is for the outro", ("upload", "chat")),        # what it is for: an edit
    ("upload it for now, I'll think about where it goes after", ("upload",)),   # a reason, no edit
    ("watermark for the top right corner", ("upload", "chat")),   # where it goes: an edit
    ("the attached clip should follow the opening speech", ("upload", "chat")),
    ("放开头 搞完了出片", ("upload", "chat", "export")),                   # 搞完了: when that is done
    ("这段帮我cut一下 只要前十秒", ("upload", "chat")),                  # 只要前: only that, no condition
    ("上传 harbor.mp4 别的先不用弄", ("upload",)),                         # the rest waits, the upload stands
    ("传一下 其他的先不用弄", ("upload",)),
    ("上传 harbor_take2.mp4 完了出片", ("upload", "export")),        # 完了 after the file: then
    ("here's the logo for the end card", ("upload", "chat")),          # what the file is for: an edit
    ("there ya go, that's the one I was on about", ("upload",)),         # presenting the file
    ("here yuh go", ("upload",)),
    ("素材在这：intro_v2.mov 先莫整别的 传上去就行", ("upload",)),   # 先莫整别的: nothing else for now
    ("here go intro_v2.mov", ("upload",)),                              # presenting the file
    ("here the video from the match", ("upload",)),                     # "the match" is no edit
    ("intro_v2.mov goes first, then check my credits", ("upload", "chat", "credits")),   # the file, then its verb
    ("传上去过后看看积分还够不", ("upload", "credits")),                 # 过后: after
    ("stick this one up for us", ("upload",)),
    ("这段先传上去 等我回来再想放哪", ("upload",)),                     # where it goes: later
    ("upload 一下，put it 在 timeline 最前面", ("upload", "chat")),         # where it goes, not the timeline
    ("just upload that for now, ill sort out what to do with it after the service", ("upload",)),
    ("dis one fi di intro, den render it", ("upload", "chat", "export")),   # fi: for
    ("two more clips for ya, don't do anything with em yet", ("upload",)),   # em: them
    ("先传上去，导出先莫忙", ("upload",)),                                  # 先莫忙: not now
    ("put this after the intro then render her out", ("upload", "chat", "export")),
    ("upload it an mek it di intro", ("upload", "chat")),                # Patois "an mek": and make
    ("pakilagay sa dulo", ("upload", "chat")),                            # Tagalog: please put it at the end
    ("gawin mong intro tapos render mo na", ("upload", "chat", "export")),
    ("这个贴到右下角，弄好了导出", ("upload", "chat", "export")),            # 贴: stick it
    ("heah ya go", ("upload",)),                                         # Boston: here you go
    ("two clips, 先传上去，先免剪", ("upload",)),                           # Minnan 先免: not yet
    ("I've got it saved here on my laptop, put it at the start", ("upload", "chat")),   # where the file is: no link
    ("the logo in the top right corner pls", ("upload", "chat")),       # where it goes: an edit
    ("this song all the way through", ("upload", "chat")),
    ("传上去以后直接导出", ("upload", "export")),                         # 以后直接: then
    ("这个先传上去，白急着出片", ("upload",)),                           # Henan 白急着: don't hurry to
    ("here's the photo for the very end", ("upload", "chat")),          # where it goes: an edit
])
def test_what_a_message_with_files_asks_decides_its_steps(text, plan):
    assert route(text, ("/tmp/x/intro_v2.mov",)).plan == plan


def test_a_file_presented_as_heres_the_after_shot_asks_for_no_edit():
    # "the" makes "after" a noun's word, even where "heres the" is the upload phrase
    assert route("heres the after shot", ("/tmp/a.mov",)).plan == ("upload",)
    assert route("heres the after shot, put it last", ("/tmp/a.mov",)).plan == ("upload", "chat")


def test_a_file_described_with_a_past_participle_asks_for_no_edit():
    assert route("Attaching the corrected graph (the previous one had the wrong units; sorry).", ("/tmp/a.png",)).plan == ("upload",)
    assert route("Attaching the graph, correct the units on it", ("/tmp/a.png",)).plan == ("upload", "chat")


def test_files_sent_now_to_be_placed_later_ask_for_nothing_else():
    assert route("uploading this now, I'll tell you what to do with it after class", ("/tmp/a.mp4",)).plan == ("upload",)
    assert route("先传这几张照片上去，等一下再说要怎么用", ("/tmp/a.jpg",)).plan == ("upload",)


def test_attached_files_go_up_once_when_the_message_names_the_upload_twice():
    plan = route("附件为刚做好的片尾动画，请上传并替换旧的片尾，然后导出", ("/tmp/x/outro.mp4",)).plan
    assert plan == ("upload", "chat", "export")


def test_attached_files_go_up_before_anything_uses_them():
    assert route("新的配乐，帮我 upload 然后替换掉旧的", ("/tmp/a.mp3",)).plan == ("upload", "chat")
    assert route("the new voiceover, upload it and swap the old one out", ("/tmp/a.wav",)).plan == ("upload", "chat")


def test_sorting_attached_files_is_an_edit():
    assert route("上传这两个，然后按时间排好", ("/tmp/a.mp4", "/tmp/b.mp4")).plan == ("upload", "chat")
    assert route("here, sort them by date", ("/tmp/a.mp4", "/tmp/b.mp4")).plan == ("upload", "chat")


def test_timeline_as_a_place_is_not_a_request_to_see_it():
    assert route("put this after the post-credits scene", ("/tmp/a.mp4",)).plan == ("upload", "chat")
    assert route("把这段放到 timeline 最后", ("/tmp/a.mp4",)).plan == ("upload", "chat")
    assert route("加到时间线最后面", ("/tmp/a.mp4",)).plan == ("upload", "chat")
    assert route("timeline 给我看一下").plan == ("state",)


@pytest.mark.parametrize("text", ["上传clips/cat.mov", "把./clips/cat.mov加到最后", "用clips/cat.mov做片尾"])
def test_a_typed_path_glued_to_chinese_is_read(tmp_path, text):
    from skill.text import typed_paths

    clip = tmp_path / "clips" / "cat.mov"
    clip.parent.mkdir()
    clip.write_bytes(b"x")
    found = typed_paths.find(text, tmp_path)
    assert found.found == [str(clip)] and found.missing == []


def test_an_answer_held_back_leaves_nothing_waiting_but_a_held_step_does():
    # "forget the balance": a question not asked needs no "waits" line; an export does
    dropped = route("forget the balance, just render it")
    assert dropped.plan == ("export",) and dropped.act is None and dropped.about is None
    held = route("never mind the export, show me the timeline")
    assert held.plan == ("state",) and held.act == "held" and held.about == "export"
    # the answer held back first does not hide the step held after it
    both = route("forget the balance, and don't export yet, I need to add music")
    assert both.plan == ("chat",) and both.act == "held" and both.about == "export"


@pytest.mark.parametrize("text, plan", [
    # a question about exporting (how it works, where the file goes, what comes out) renders nothing
    ("does the exported clip keep the subtitles burned in?", ("chat",)),
    ("can this thing export square for instagram?", ("chat",)),
    ("what resolution comes out when I render, 720 or 1080?", ("chat",)),
    ("after I download it, can I still change the title?", ("chat",)),
    ("will the export come with the music or silent?", ("chat",)),
    ("下载下来的文件一般存在哪儿？", ("chat",)),
    ("这个能导出竖屏的吗？", ("chat",)),
    ("成片会有片头广告吗？", ("chat",)),
    ("出片是啥原理，要联网吗？", ("chat",)),
    # asked for, in a question's shape: still the export
    ("how do I export this?", ("export",)),
    ("请问怎么导出视频？", ("export",)),
    ("can you export it in 4k?", ("export",)),
    ("would it be possible to get the finished video?", ("export",)),
    ("what I need is the video downloaded today, can do?", ("export",)),
])
def test_a_question_about_exporting_is_answered_not_rendered(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export done before, named to say what to change now: the change, no new render
    ("last time the download was way too quiet, boost the voice a bit", ("chat",)),
    ("the export you sent earlier had the logo cut off, move it down", ("chat",)),
    ("last export the subtitles were out of sync, fix the timing", ("chat",)),
    ("the download from yesterday had no music, put it back", ("chat",)),
    ("上次导出来那个太糊了，清晰度调高点", ("chat",)),
    ("刚才渲染的标题歪了，摆正一下", ("chat",)),
    ("上回下载下来字幕全糊了，换个字体", ("chat",)),
    # asked again, like before: the export
    ("上次那个挺好，这次也导出一下", ("export",)),
    ("export it again like last time", ("export",)),
])
def test_the_export_done_before_is_named_not_asked_for_again(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export reported done, with thanks: nothing to do (a clause alone cannot tell: 下载下来了 may ask)
    ("download done, cheers mate, looks great", ()),
    ("we already exported it, thanks a lot", ()),
    ("视频下载下来了，效果超赞，谢谢", ()),
    ("成片收到，辛苦啦", ()),
    ("it don export, thank you o", ()),
    # asked for, with thanks: the export
    ("下载下来，谢谢", ("export",)),
    ("帮我导出啦，谢谢", ("export",)),
    ("谢谢，现在下载吧", ("export",)),
    ("can I get the mp4, thanks", ("export",)),
])
def test_thanks_for_an_export_already_done_starts_no_render(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # dialect words read as the standard ones: Shaanxi 咧 and Hunan 哒 (了), 何解 (why), 咯么 (so),
    # Wu 额话 (的话), 明朝/今朝, 晏歇, 勿; Cantonese 跟住 (then); Scots hawd (hold), dinnae
    ("字幕不改咧，直接导出", ("export",)),
    ("视频导出完哒冇？", ("state",)),
    ("何解渲染咯么慢", ("state",)),
    ("积分还有额话，帮我导出", ("credits",)),
    ("加埋字幕，跟住匯出", ("chat", "export")),
    ("下载明朝再讲，先把音乐调轻点", ("chat",)),
    ("今朝勿导出", ()),
    ("hawd the export, the client wants changes", ()),
    ("dinnae bother wi the music, just export it", ("export",)),
    ("link勿用发 谢谢", ()),
    # what stays: 得咧 and 好哒 are okays
    ("得咧", ()),
    ("好哒", ()),
])
def test_dialect_words_are_read_as_the_standard_ones(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # progress asked in the words of the export ("did it render", 导没导), of a bar that does not move,
    # of how far along it is: the state, never a render
    ("did it export alright?", ("state",)),
    ("did it render", ("state",)),
    ("how's the wedding video coming along", ("state",)),
    ("the render bar won't budge", ("state",)),
    ("下载卡那儿半天了", ("state",)),
    ("还得多会儿能导出", ("state",)),
    ("出片咋介慢", ("state",)),
    ("到底导没导出来啊", ("state",)),
])
def test_progress_asked_in_the_words_of_the_export_renders_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a Chinese question word after the step asks about it with no question mark; what comes
    # after the export, asked ("导出以后…？"), asks about it too
    ("导出的视频一般存到电脑哪个文件夹啊", ("chat",)),
    ("渲染出来是么子画质", ("chat",)),
    ("导出以后还能加字幕不？", ("chat",)),
    ("export之后文件会存在哪里？", ("chat",)),
    # asked for: "where is my video", and both steps after 之后
    ("我的成片在哪", ("export",)),
    ("导出之后发我链接好吗？", ("export", "link")),
])
def test_a_chinese_question_about_the_export_needs_no_question_mark(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # done with edits, or done with the export: 拉倒, 不整了, 什么都不用改了, "not botherin wi any more
    # changes", "hold di render", 不着急出片; a 假使 condition; a why after a video's topic is the topic
    ("导出的事拉倒吧", ()),
    ("片头不整了，导出吧", ("export",)),
    ("hold di render, mi soon come back", ()),
    ("I'm not botherin wi any more changes, export it", ("export",)),
    ("不着急出片，先把结尾剪短", ("chat",)),
    ("假使字幕弄好了，就导出", ("state",)),
    ("啥都不用改了，直接导出", ("export",)),
    ("做个视频讲讲普洱茶，为么子越陈越贵", ("chat",)),
])
def test_what_is_dropped_or_held_is_read_in_more_words(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "if I export now, …?": the premise of a question, nothing the skill could check, is not a step,
    # nor what goes on with it ("and tweak the intro after")
    ("hypothetically if I download it now and tweak the intro after, do I pay again?", ("credits",)),
    ("hypothetically, if I export tonight, will the file fit on whatsapp?", ("chat",)),
    ("要是现在导出，还能再加片尾不？", ("chat",)),
    ("如果我现在下载，后面还能改吗？", ("chat",)),
    # a condition the skill can check stays the check
    ("如果字幕好了，可以导出吗？", ("state",)),
    ("check whether the logo fix went through, and if it did, export it?", ("state",)),
])
def test_the_premise_of_a_question_is_not_a_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # more ways of saying the export is done, was done before, costs, is running, is held, or is
    # asked about: Trinidad, Geordie, Tagalog, Nanjing (阿 asks), Cantonese (边度, 琴日, 唔好住, 会唔会)
    ('exported grand, thanks a million', ()),
    ('got de download, big thanks', ()),
    ('the download before had the captions too small, make them bigger', ('chat',)),
    ('de download from yesterday had no music, put it back', ('chat',)),
    ('wha it go cost meh to render in HD', ('credits',)),
    ('rendering free or wha', ('credits',)),
    ('allyuh finish renderin de promo or wha', ('state',)),
    ('de export fail or wha', ('state',)),
    ('na-export ba yung video?', ('state',)),
    ('tapos na po ba yung download?', ('state',)),
    ('hold lang po sa export, may babaguhin pa', ()),
    ('阿渲染好了啊', ('state',)),
    ('导出阿能选分辨率', ('chat',)),
    ('成片还要多暂才好', ('state',)),
    ('这个是怎么出片的啊', ('chat',)),
    ('下载完的片会去咗边度㗎', ('chat',)),
    ('琴日下载嗰条片太暗，调光啲', ('chat',)),
    ('渲染4K会唔会好贵', ('credits',)),
])
def test_the_export_named_without_asking_for_it_in_more_voices(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # an alternative asked after the step (A还是B), what comes after it asked without a question mark
    ("渲染出来是竖屏还是横屏", ("chat",)),
    ("下载是存手机上还是电脑上？", ("chat",)),
    ("导出以后还能再剪么", ("chat",)),
    # the export as what a held step acts on (成片先不导出), or named again after it is held
    ("成片先不渲染，把片头剪短一点", ("chat",)),
    ("成片我明天自己export，你先把字幕调大", ("chat",)),
    # a space between a bare hold and its step does not end the hold
    ("先别 导出", ()),
    ("先不要 渲染", ()),
    ("暂时不 导出 先加字幕", ("chat",)),
    # when someone is back or free, they do it
    ("出片等我老公有空他来弄，你先把音乐换了", ("chat",)),
    # how much longer is time, not credits; an export done before, said with when/after
    ("how much longer will the export take?", ("state",)),
    ("when we exported it the colours looked off, warm them up", ("chat",)),
    ("since i exported last night the logo is gone, put it back", ("chat",)),
    # asked for: wanted and sent, the step after 还是 (after all), a bare step after a space
    ("I'd like the final cut sent over to me", ("export",)),
    ("还是导出吧", ("export",)),
    ("how much will the export cost?", ("credits",)),
    # where a file lands is no link; opening it on a computer is
    ("where does the export end up on my laptop?", ("chat",)),
    ("got it, the video is safely on my computer now, thanks!", ()),
    ("open it on my computer", ("link",)),
])
def test_the_export_mentioned_not_asked_in_more_shapes(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # someone asked whether it was exported: a progress question, relayed
    ("my manager asked if we'd rendered the launch video, have we?", ("state",)),
    ("the client was asking whether you exported it already", ("state",)),
    ("我老婆问我视频导出来没有", ("state",)),
    # what someone said, asked whether it is true: a cost claim asks the cost; what the tool can do
    # and how long it takes go to the agent; nothing renders
    ("my brother says rendering is free here, is that true?", ("credits",)),
    ("我朋友说下载不要钱，真的假的", ("credits",)),
    ("my cousin heard say yuh can render in 4k, a true?", ("chat",)),
    ("mi hear seh yuh can export to facebook, a true?", ("chat",)),
    ("她说4K渲染要等很久，是真的吗？", ("chat",)),
    ("ok my son says you can download it to youtube, is that right?", ("chat",)),
    ("my boss said you'd export it by noon", ("chat",)),
])
def test_what_someone_asked_or_said_about_the_export_is_answered_not_rendered(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # later, myself (成片我晚上自己导, mehself); an approval before the step is not sent (音乐可以了,
    # "the colours ok already"); 整出来 exports; cost (几钿, 扣一次), "I'll see whether to export";
    # progress (能不能导出了, Tagalog ilang minutes pa, nag-fail); asked about (saan, pwede ba, "just
    # asking", 我想知咋); done before (last na export); a video's topic (tungkol sa)
    ('成片我晚上自己导，现在先把开头剪掉两秒', ('chat',)),
    ('等会儿我自己导出，先把结尾放慢', ('chat',)),
    ('ah go export it mehself tonight, for now swap the first two clips', ('chat',)),
    ('the colours ok already, now export it', ('export',)),
    ('音乐可以了，现在导出吧', ('export',)),
    ('行了，把片子整出来吧', ('export',)),
    ('导出一趟要几钿？', ('credits',)),
    ('下载一次扣一次积分？', ('credits',)),
    ("tell me my balance first, then I'll see whether to export", ('credits',)),
    ('看下时间线，能不能导出了', ('state',)),
    ('ilang minutes pa bago matapos yung export', ('state',)),
    ('nag-fail ba yung render?', ('state',)),
    ('saan napupunta yung download?', ('chat',)),
    ('pwede ba mag-export ng vertical?', ('chat',)),
    ('yung last na export medyo malabo, ayusin mo', ('chat',)),
    ('gawa ka ng video tungkol sa paano mag-export ng photos', ('chat',)),
    ('did it render alreet?', ('state',)),
    ('可唔可以导出竖屏㗎 我想知咋', ('chat',)),
    ('can it export vertical? just asking', ('chat',)),
])
def test_the_export_named_without_asking_for_it_in_still_more_voices(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # thanks for the export in one clause ("exported fine ta boss"), Cantonese 下载咗喇, praise with 得很;
    # 好了好了就这样 is an okay, not "when done, then"; 会不会 asks; a polite 如果唔系太麻烦 is no condition;
    # Singlish "export already" is an order
    ('exported fine ta boss 👍', ()),
    ('got the download cheers la', ()),
    ('下载咗喇 多谢你', ()),
    ('下载了，画面好看得很，辛苦了', ()),
    ('好了好了就这样，导出吧', ('export',)),
    ('导出的时候会不会有水印的啊', ('chat',)),
    ('如果唔系太麻烦 帮我下载条片啦', ('export',)),
    ('ok can export already lah, thanks', ('export',)),
])
def test_thanks_okays_and_polite_ifs_around_the_export_are_read_as_meant(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what the tool can do, the tool the subject (这个可以…不嘛, 这玩意儿还能…不); a reported claim asked
    # about before a modal is read as a request; "where does …" opens a question; 帮 still asks
    ('我表哥说这个可以导出4K，是真的不嘛', ('chat',)),
    ('这个可以导出竖屏的不嘛，发抖音用', ('chat',)),
    ('这玩意儿还能导出不？', ('chat',)),
    ('这个能帮我导出吗？', ('export',)),
    ('where does the download actually end up on my phone', ('chat',)),
])
def test_what_the_tool_can_do_asked_with_the_tool_as_subject_renders_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 整吧 next to the step is a go-ahead, not sent (alone it still goes to the agent); 汇出/已经下载 done,
    # with thanks; 不导了; Henan 排场 and other dialect okays; a condition is not a report
    ('整吧，出片！', ('export',)),
    ('收到，已經匯出好了謝謝～', ()),
    ('好的谢谢，已经下载到电脑上了👌', ()),
    ('视频不导了', ()),
    ('好嘞，导出来了，排场！', ()),
    ('如果已经渲染好了就发给我', ('state',)),
    ('整吧', ('chat',)),
])
def test_go_aheads_and_dialect_okays_around_the_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export named around what is asked: done before (昨天下载的成片), dropped (导出不弄了, 唔出片喇),
    # thanked for ("ta for exporting"), disliked ("clients hate downloading"), waited for ("before
    # anything gets exported"), asked about by others ("keep askin when I'm gonna render it"), a premise
    # ("suppose I export it now, …?"), later ("another day", Tagalog bukas), not needed (di ko na
    # kailangan, hindi pa po natin ie-export)
    ('昨天下载的成片字幕太小，放大点', ('chat',)),
    ('算了，导出不弄了', ()),
    ('唔出片喇，帮我将片尾剪短啲', ('chat',)),
    ('ta for exporting it so fast', ()),
    ('can I just get the web link? my clients hate downloading huge files', ('link',)),
    ('did the colour fix go through? want to check before anything gets exported', ('state',)),
    ("the lads keep askin when I'm gonna render it. not tonight. just swap the music for a fiddle tune", ('chat',)),
    ('suppose I export it now, will it still have the watermark?', ('chat',)),
    ('put the drone shot first, we go export another day', ('chat',)),
    ('yung download pwede na bukas, palitan mo muna yung music', ('chat',)),
    ('di ko na kailangan i-render, yung link na lang', ('link',)),
    ('hindi pa po natin ie-export, dagdagan mo ng subtitles', ('chat',)),
])
def test_the_export_named_around_what_is_asked_is_not_started(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export word as a thing after a determiner names the export, it does not ask for one
    ("the download has no sound, fix the audio", ("chat",)),
    ("my export has a black frame at the end, remove it", ("chat",)),
    ("is the download any good on a phone screen?", ("chat",)),
    ("that export is way too dark, brighten the night shots", ("chat",)),
    # a request verb before it, a pronoun after it, or a report of it done: as before
    ("send me the download", ("export",)),
    ("do the export now", ("export",)),
    ("fix the colour and after that render it out", ("chat", "export")),
    ("got the download, cheers", ()),
])
def test_the_export_word_as_a_thing_names_the_export_without_asking(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # in Chinese the word is a thing when 的 and a noun follow it; 把 (or 帮, 要, 请) before it asks
    ('导出的视频颜色太暗，调亮一点', ('chat',)),
    ('下载下来的文件打不开', ('chat',)),
    ('渲染的片头有点糊', ('chat',)),
    ('把导出的视频发给我', ('export',)),
    ('导出的文件太大了，发不了微信', ('chat',)),
])
def test_the_chinese_export_word_before_de_names_the_export_without_asking(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export asked for in the writers' own words: meh/mih/gie's/gimme for "send me", Pidgin am and
    # 'er for "it", "render ok", Jamaican "afta dat"
    ('send mih di finished video', ('export',)),
    ("gie's the final cut", ('export',)),
    ('render am for me', ('export',)),
    ("render 'er out now", ('export',)),
    ('add subtitle fi di chorus, afta dat export it', ('chat', 'export')),
    ('put the logo top right then render ok', ('chat', 'export')),
])
def test_an_export_asked_for_in_other_words_is_not_lost(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # how the last run went is asked, not a new run: "did the X one export ok", "was the export successful"
    ("did the wedding one export ok?", ("state",)),
    ("was the export successful or did it crap out again", ("state",)),
    ("was the render ok?", ("state",)),
    ("still busy rendering?? been waiting since lunch", ("state",)),
    # the file of an earlier run, named by its participle, with an edit asked
    ("exported one cut off the end, make the outro a few secs longer", ("chat",)),
    ("the exported video had no sound, fix it", ("chat",)),
    ("send me the exported file", ("export",)),
    # the step after what it waits for, when that is named as done ("after the music is in")
    ("export after the music is in", ("chat", "export")),
    ("render after the music is in", ("chat", "export")),
    ("put the marimba music in and only render after that's done", ("chat", "export")),
    # "leave X alone" dismisses X, not what came before it
    ("leave the music alone, just export it as it is", ("export",)),
    ("Turn it down, leave the titles alone, then give me the link", ("chat", "link")),
    ("yeah nah dont worry bout the colour, just render it", ("export",)),
])
def test_what_an_earlier_run_did_and_what_waits_for_an_edit_are_read_as_said(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Taiwan's 算圖 and 輸出 (render, export), Yunnan 不消 and 瞧一哈, Hakka 吂 and 暗晡 read as Mandarin
    ("先把字幕加上去 再算圖喔", ("chat", "export")),
    ("輸出1080p就好 快點快點", ("export",)),
    ("之後可以輸出成 4K 嗎？想放店裡的電視", ("chat",)),
    ("算圖結束了嗎", ("state",)),
    ("算圖是不是當掉了", ("state",)),
    ("不消下载，发个链接给我就得了", ("link",)),
    ("瞧一哈时间线，再导出", ("state", "export")),
    ("渲染好吂啊", ("state",)),
    ("成片𠊎暗晡自己导出，先帮𠊎加个字幕", ("chat",)),
    # how the last run went, asked; where its file goes, asked by 哪 alone
    ("剛剛那個有順利匯出嗎 我網路斷掉了", ("state",)),
    ("导出到底好没好？等了半天", ("state",)),
    ("下載之後檔案會跑去哪裡啊 手機還是電腦", ("chat",)),
    ("导出之后存到桌面", ("export",)),
    # the finished video received, praised or named as a thing: nothing asked
    ("收到成片了 超赞 谢啦", ()),
    ("成片蛮好，得味！", ()),
    ("成片收到了 板扎得很👍", ()),
    ("导出系成功嘅，冇问题，谢谢", ()),
    ("上个成片字幕挡着鱼了，往上挪挪", ("chat",)),
    ("成片的网页链接给我一个，不用下载", ("link",)),
    # later, said with 过后再讲, 先莫搞, 过两天要; a cost said or compared
    ("下载过后再讲，先把片头字换成红色", ("chat",)),
    ("出片先莫搞，把字幕改大一点", ("chat",)),
    ("我还剩好多积分？过两天要导出好几个", ("credits",)),
    ("我妹说导出好贵，到底几多积分", ("credits",)),
    ("1080的比4K的出片便宜点么", ("credits",)),
    ("方便的话帮我导个1080的", ("export",)),
])
def test_chinese_of_more_places_routes_as_its_mandarin_would(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Hinglish: the "not now" after the step (mat karo, nahi chahiye, baad mein, khud), aur / phir /
    # uske baad between steps, questions of progress and cost, the step's time asked about
    ("export mat karo", ()),
    ("abhi render mat karna", ()),
    ("download nahi chahiye abhi", ()),
    ("download baad mein karungi, abhi subtitle bada karo", ("chat",)),
    ("link bhej do, download mat karo", ("link",)),
    ("ye 2 clips bhej rahi hu beech mein jod do, abhi export nahi", ("chat",)),
    ("music add karo aur phir export karo", ("chat", "export")),
    ("pehle music daalo uske baad render karna", ("chat", "export")),
    ("subtitle add hone ke baad export kar dena", ("chat", "export")),
    ("export kar do aur link bhi bhej do", ("export", "link")),
    ("render ho gaya kya?", ("state",)),
    ("export kiya kya?", ("state",)),
    ("download 60% pe atka hua hai", ("state",)),
    ("export mein kitne credits lagte hai", ("credits",)),
    ("mera balance check karo, 4k export ke liye kaafi hai?", ("credits",)),
    ("export hone ke baad file kahan save hoti hai?", ("chat",)),
    ("pichli baar jo export kiya usme music nahi tha, music wapas lagao", ("chat",)),
    ("video download ho gaya, thanks", ()),
    ("rehne do export, abhi nahi", ()),
    # a condition, unless it is the polite "if possible"
    ("agar title change ho gaya hai toh export karo", ("state",)),
    ("agar ho sake toh 1080p mein export kar do please", ("export",)),
])
def test_hinglish_routes_by_what_it_asks(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a step after "once they're on" is a step of its own, not more of the topic before it
    ("put subtitles on it and once they're on send me the finished video", ("chat", "export")),
    # "sorted", "in at this stage": a condition on the work, checked
    ("speed up the tyre change bit, and if thats sorted then export", ("chat", "state")),
    ("assuming the music is in at this stage, send me the finished video", ("state",)),
    # "what's the damage": the cost
    ("whats the damage for downloading a 3 min clip", ("credits",)),
])
def test_a_step_after_once_and_conditions_on_sorted_work_are_read_as_said(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "A before B" after what a request names runs in the order written; at the start it defers
    ("check my balance before u export pls", ("credits", "export")),
    ("add music before you export", ("chat", "export")),
    ("before exporting, lower the music", ("chat", "export")),
    ("please wait before exporting, the music is too loud", ("chat", "export")),
    ("b4 u send the link chuck the title on", ("chat", "link")),
    # "A but B first": B first
    ("export it but change the title to summer ting first", ("chat", "export")),
    ("make the vid but check my credits before bruv", ("credits", "chat")),
    ("link me the project but show me the timeline first", ("state", "link")),
    # waiting for an edit named as done: "as soon as the title is changed", "as soon as uve made …"
    ("Export as soon as the title is changed to 'Anjali', kindly change it fast", ("chat", "export")),
    ("download it as soon as uve made the colours proper warm", ("chat", "export")),
    # a negation spent on its step, or turned by "just", leaves the request after it
    ("dont add music yet just change the title to bare vibes", ("chat",)),
    ("hold off on rendering bruv show me the timeline", ("state",)),
    # a dismissal goes on over "and the …"; "and export it" asks
    ("Stop stop, never mind the export and the link both, nothing to be done now", ()),
    ("forget the export and the link for now leave it", ()),
    ("never mind the export and show me the link", ("link",)),
    ("swap the music for summat quieter, dont bother with the link, and export it", ("chat", "export")),
    ("calm calm dont do anything im still deciding", ()),
    # how a step works, asked; how the last one went, asked
    ("how does the link work can my mates open it on their phones", ("chat",)),
    ("can it upload straight from my camera roll or how does that work", ("chat",)),
    ("Did the upload of my haldi footage complete?", ("state",)),
    # praise and acknowledgements in London and Indian English
    ("ayy thats hard bruv 🔥", ()),
    ("lowkey love it ngl", ()),
    ("mad ting the music slaps", ()),
    ("Wah, colours are looking too good only", ()),
    ("Ok noted, will revert after client feedback", ()),
    ("the music is too good, make it quieter", ("chat",)),
])
def test_order_and_scope_in_london_and_indian_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Cantonese: "不過要先X" puts X first; stop everything; a size limit asked; 改咗…未 asks
    ("send個link俾我，不過要先render咗佢先", ("export", "link")),
    ("全部停晒先，乜都唔好做住", ()),
    ("個速度唔使調喇 ok嘅 唔該", ()),
    ("upload檔案有冇size限制㗎？", ("chat",)),
    ("改咗個顏色未？改好咗嘅話就export埋佢", ("state",)),
    ("嘩條片好靚喔，老細好鍾意", ()),
    ("哈哈 個開頭好搞笑", ()),
    # Australian English: waits ("once youve", "but only after … are on"), "before you do", "hold off on everything"
    ("render it once youve chucked some music on", ("chat", "export")),
    ("export it but only after the subtitles are on", ("chat", "export")),
    ("let me see the timeline before you change the title", ("state", "chat")),
    ("speed up the bit where im cutting the tiles, but check how many credits i got before you do", ("credits", "chat")),
    ("warm up the colours a bit, then once thats done show me the timeline", ("chat", "state")),
    ("hold off on everything mate, clients changed his mind", ()),
    ("can I upload straight from me phone or does it need a computer", ("chat",)),
    ("don't touch the colour, she'll be right as is", ()),
    ("ripper, looks heaps good", ()),
    ("haha the dog in the ute is gold 😂", ()),
    ("the title is gold, make it bigger", ("chat",)),
    ("good stuff mate", ()),
])
def test_order_and_scope_in_cantonese_and_australian_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Fuzhou 无 (not) and 有无 (…or not?); the export done later by the person, 晚上 or 迟一点
    ("渲染好了有无？", ("state",)),
    ("刚才那个出片成功了有无", ("state",)),
    ("老板问我导出了有无，到底有无导出？", ("state",)),
    ("今天无要下载，明天再讲", ()),
    ("音乐文件先传上去，无要下载", ("upload",)),
    ("加字幕有无要收积分", ("credits",)),
    ("导出我自己晚上弄，现在帮我把茶园那段剪短", ("chat",)),
    ("成片我迟一点自己下载，你先把片尾的字换成'福州茶行'", ("chat",)),
    # not asked for, who does it, what the tool can do
    ("我无叫你导出，只问一下速度那个改好了有无", ("state",)),
    ("你好！第一次用，你们会帮我出片还是我要自己导出？", ("chat",)),
    ("I ain't askin you to export, jus wanna know is da slow-mo part done", ("state",)),
    ("can dis thing even export tall ways for da phone, or naw?", ("chat",)),
    ("my boss man askin did we export it yet. did we?", ("state",)),
])
def test_fuzhou_and_cajun_questions_about_the_export_start_none(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a step asked, then "before it, first Y" (出之前先…, render前…, 在那之前先…, 发之前先…): Y first
    ("导出一下，出之前先帮我查下credits还剩多少", ("credits", "export")),
    ("render完了把网页链接发我，对了render前把人声音量调低一点", ("chat", "export", "link")),
    ("出片吧，出片之前先check一下时间线中间有没有空档", ("state", "export")),
    ("把link给我，在那之前先导出一版最新的😅", ("export", "link")),
    ("link发我一下，不过发之前先把片头那个logo去掉", ("chat", "link")),
    ("then export. first 把开头那5秒trim掉", ("chat", "export")),
    ("把字幕加上，render前把音量调低", ("chat", "export")),
    ("導出之前先加字幕", ("chat", "export")),
    ("請幫我把影片下載下來 我要傳給以前學校的老同事看", ("export",)),
    # Sichuanese 再整个X asks; project长啥样 is the timeline; how the link and uploads work, asked
    ("先帮我看哈还有好多积分，再整个火锅店的宣传片", ("credits", "chat")),
    ("先别管export，我想先看看现在project长啥样，然后把第二段删掉", ("state", "chat")),
    ("网页版link是怎么用的，同事点开能直接看吗", ("chat",)),
    ("上传的文件最大支持多大？", ("chat",)),
    ("上传的视频是不是啥子格式都得行", ("chat",)),
    # praise; "我直接要" asks, "我直接在网页上下载了" did it
    ("wow 这版效果好好 nice", ()),
    ("板扎，比我侄儿剪得好多了😂", ()),
    ("下载就算了，我直接要网页链接就行", ("link",)),
])
def test_a_step_before_one_asked_already_runs_first_in_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "but first" after a sentence goes before that whole sentence; "but before anything" likewise
    ("Add the brokerage logo at the end, then music, then export. but first check how many credits i have",
     ("credits", "chat", "export")),
    ("Export and send link po, but before anything check the balance muna", ("credits", "export", "link")),
    ("link pls, but export first obv", ("export", "link")),
    ("Render na po, pero first change the title to \"Grand Opening Sale\"", ("chat", "export")),
    ("did the speed ramp go through? want to check before anything gets exported", ("state",)),
    # waits: "once its done", "when ur done", "after niyo i-export", "bago po"; "once the music is added" first
    ("pls make a 30 sec reel for 412 Dundas St E and once its done export asap", ("chat", "export")),
    ("Export it when ur done fixing the caption, price should read $1.25M not $1.2M", ("chat", "export")),
    ("Pa-send po ng link after niyo i-export, thank you po", ("export", "link")),
    ("Bago po i-send yung link, paki-check muna yung timeline para sure na tama yung order", ("state", "link")),
    ("once the music is added export it. music: the acoustic one", ("chat", "export")),
    ("before sending me the link, double check the title change actually went thru", ("state", "link")),
    # dismissed ("dont bother w", "no need na po for"), not a price ("royalty free"), how the link works
    ("dont bother w the link, I'll grab it myself later. whats my balance tho", ("credits",)),
    ("No need na po for music, kindly download it as is", ("export",)),
    ("what kinda music can the tool add, is it royalty free?", ("chat",)),
    ("is it free?", ("credits",)),
    ("does the project link work for clients who dont have an account?", ("chat",)),
    # acknowledgements
    ("wow that drone opener is 🔥", ()),
    ("Wow the transitions are so smooth po 👏", ()),
    ("Received po, will forward to ma'am for approval", ()),
])
def test_order_and_scope_in_canadian_and_philippine_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a question about what the tool allows, a cost asked of the step before ("how much is that")
    ("is there a max length for exportin, like could i do an hour long one", ("chat",)),
    ("is there a way to export vertical", ("chat",)),
    ("is there any way you could send me the mp4", ("export",)),
    ("rendering the whole 80 mins, how much is that roughly?", ("credits",)),
    ("how much is that to render", ("credits",)),
    # how long is left on running work
    ("how long has the render got left roughly", ("state",)),
    ("how much time is left on the render", ("state",)),
    # an export named as a thing: an earlier one, a part of the screen
    ("yer download earlier had the audio out of sync, fix that would ye", ("chat",)),
    ("the render from yesterday was too dark, brighten it", ("chat",)),
    ("download button's gone grey, is it still going or has it broke", ("state",)),
    ("download earlier than 5pm", ("export",)),
    # Chinese: 说说 is "tell me", not someone saying; 快点 before an emoji; 打上去 an edit; 暖点再 "then"
    ("下载成片，顺便说说还剩多少积分", ("export", "credits")),
    ("出片！快点😂", ("export",)),
    ("渲染放到明天，现在把学生名字打上去", ("chat",)),
    ("先把颜色调暖点再导出", ("chat", "export")),
    ("先把颜色调冷一点再导出", ("chat", "export")),
    ("下载咋卡住了，弄啥嘞这是", ("state",)),
    # Wuhan and Henan words: 滴 for 的, 好些 for 多少, 哪块 for 哪里, 可 for 很
    ("片头改好了滴话就出片吧", ("state",)),
    ("把结尾那段删掉，积分够滴话再渲染", ("chat", "credits")),
    ("导出一个4K滴要好些积分啊", ("credits",)),
    ("渲染一次扣好些分 我先问问", ("credits",)),
    ("渲染还要好长时间啊？我要克嘎了", ("state",)),
    ("下载下来滴文件在哪块啊", ("chat",)),
    ("导出来滴看过了 照 蛮好", ()),
    ("导出来了可好看👍谢谢", ()),
])
def test_belfast_and_wuhan_mentions_of_the_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a deferred step, then a request of its own in the same breath: the request now, the step after
    ("before you render check my credits", ("credits", "export")),
    ("before u render check my credits first ah", ("credits", "export")),
    ("before yuh render check mi credits innit", ("credits", "export")),
    ("before you export can you show me the timeline", ("state", "export")),
    # corrections: "hold up", "oh wait … before that", "actually no music", "export? nah not yet"
    ("render it an add di outro, hold up, outro first den render", ("chat", "export")),
    ("export la. oh wait, fix the typo in the subtitles before that", ("chat", "export")),
    ("add music an export it... actually nah no music", ("export",)),
    ("add music then export... eh actually no music, just export", ("export",)),
    ("add music and a title, export... actually no music", ("chat", "export")),
    ("add a title, then export. wait, actually add music too", ("chat", "export")),
    ("export? nah not yet boss, soon come", ()),
    ("can you export? no rush", ("export",)),
    # what is not wanted, and what is asked instead
    ("instead of the mp4 send the web link", ("link",)),
    ("instead a di mp4 file send di web link ting", ("link",)),
    ("don't export or send the link", ()),
    ("skip di music ting, jus export", ("export",)),
    # an export of before, named; a question about what comes out; "can or not" asks for the step
    ("big up, di export look criss 🔥🔥", ()),
    ("send me the link after the render", ("export", "link")),
    ("is di export done yet fam, mi customer a wait inna di chair", ("state",)),
    ("wha format yuh export in, mp4 or sumn else", ("chat",)),
    ("last time i download the video the colours all washed out, make it more saturated lah", ("chat",)),
    ("just now render out the ending got cut off leh, extend the last clip by 2 sec", ("chat",)),
    ("my lecturer say must export as mp4 one, your one is mp4 right", ("chat",)),
    ("Can the end screen say 'Link in the parish newsletter'?", ("chat",)),
    ("add subs first then export can or not", ("chat", "export")),
    ("export it but settle the title first, spelling wrong", ("chat", "export")),
    ("credits first den render 🙏", ("credits", "export")),
    ("download it an drop di link too", ("export", "link")),
    ("hold on hold on dont render nuttin", ()),
])
def test_order_and_scope_in_patois_and_singlish(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a space in terse Chinese: after a negated step, before 快点导出 / 发链接 / 哦不对
    ("莫下载 发个网页版链接给我就行", ("link",)),
    ("加个音乐 导出 发链接", ("chat", "export", "link")),
    ("搞个火锅店宣传片 30秒 搞快点导出", ("chat", "export")),
    ("导出 哦不对 先加logo再导出", ("chat", "export")),
    # an edit run straight into its step: the edit, then the step (not a title, not the file)
    ("开头剪掉三秒加字幕导出", ("chat", "export")),
    ("整体调成1.5倍速导出", ("chat", "export")),
    ("把开头剪了把结尾剪了导出", ("chat", "export")),
    ("把剪好的导出", ("export",)),
    ("用4K导出", ("export",)),
    ("加个标题叫导出 如果字幕弄完了就发链接给我", ("chat", "state")),
    # taken back: 音乐不要了 after 加音乐; 音乐别加 / 莫加 asks nothing
    ("加段音乐然后导出……算了音乐不要了，光导出就得", ("export",)),
    ("导出，音乐莫加", ("export",)),
    ("音乐别加", ()),
    # progress and cost: 没得 for 没有, the bar, per minute
    ("上回点的导出 进度条走完没得", ("state",)),
    ("服务员说她帮我点了导出 到底导出没得", ("state",)),
    ("我的成片在哪", ("export",)),
    ("出片儿是按分钟算钱还是按条儿算", ("credits",)),
    ("刚渲染出来那个结尾让人给切了，后头给我多留两秒", ("chat",)),
    # put aside; a premise before a question; 搁最后头 is an edit
    ("渲染先放到 不急", ()),
    ("要是我现在导出 背景音乐会不会没得了", ("chat",)),
    ("不用下载了，先搁这儿吧", ()),
])
def test_terse_sichuan_and_beijing_chinese(text, plan):
    assert route(text).plan == plan


def test_an_edit_put_last_goes_up_with_its_file(tmp_path):
    clip = tmp_path / "chuzuche.mp4"
    clip.write_bytes(b"\x00")
    assert route("chuzuche.mp4 传上去，搁最后头，然后导出", [str(clip)]).plan == ("upload", "chat", "export")


@pytest.mark.parametrize("text, plan", [
    # the deferred step, then the request: also when the request opens right after it
    ("before you export show me what the timeline looks like", ("state", "export")),
    ("wait, before exporting, swap the 2nd and 3rd clips", ("chat", "export")),
    # a negation spent on its step: "just" turns to the next one; "don't just export it" stays one
    ("I don't need it downloaded just send me the link so I can text it to my cousin in Abilene", ("link",)),
    ("don't just export it", ()),
    # a condition after "for me"; not after "tell me"
    ("export the rodeo video for me if there's enough credits in my account", ("credits",)),
    ("tell me if the export is done", ("state",)),
    # corrections that take back: naming the edit's thing, in other words, with the step after it
    ("add the couples names as a title, no wait dont bother with the title, just render it", ("export",)),
    ("add some banjo music and export it... actually scratch the music just export", ("export",)),
    ("send me the link, actually no render it first then the link", ("export", "link")),
    ("Actually no need to check my balance, I'm good. Could you cut the garage clip shorter though?", ("chat",)),
    # a run-on: an edit, a step with its object, another step; not after a negation or a helper
    ("make the title bigger export it send me the link", ("chat", "export", "link")),
    ("nuh export it yet, mi nah finish look pon it", ()),
    ("if it's not too much bother could ye export it in 1080", ("export",)),
    # earlier files, praise, nothing to do today
    ("that video y'all exported for me yesterday the music plumb drowned out my daddy talkin so turn the music down some",
     ("chat",)),
    ("cool cool, got the finished video, looks lekker 😍", ()),
    ("no need to render anything today", ()),
    ("skip the music altogether and just download it", ("export",)),
])
def test_order_and_scope_in_texan_and_south_african_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # traditional script, Taiwanese particles, 輸出 for export
    ("匯出成功了耶 感謝感謝🙏", ()),
    ("等我確認完再匯出喔 先把logo放右上角", ("chat",)),
    ("查點數 加字幕 匯出", ("credits", "chat", "export")),
    ("調亮一點匯出給我連結", ("chat", "export", "link")),
    ("不好意思 可以麻煩幫我把影片輸出嗎 謝謝你喔", ("export",)),
    ("加音樂 如果點數夠就匯出", ("chat", "credits")),
    ("不用字幕啦 直接渲染 然後傳連結給我", ("export", "link")),
    ("加音樂 匯出 然後跟我說還剩幾點", ("chat", "export", "credits")),
    ("不用给我链接了，直接导出吧", ("export",)),
    # Shanghai office Chinese with English words
    ("想问一下 导出之后还能再改吗 还是就 lock 住了", ("chat",)),
    ("如果我现在 export 的话 会有 watermark 吗", ("chat",)),
    ("Link 的话 later 再说, 现在请 trim 一下 the kickoff clip.", ("chat",)),
    ("昨天 render 出来的片子 logo 位置不对 往右上角挪一下", ("chat",)),
    ("收到 成片没问题 thanks 🙏", ()),
    ("导出的 progress 现在多少了", ("state",)),
    ("出片的cost怎么算 按分钟?", ("credits",)),
    ("上个版本出片的 BGM 太吵了 volume 降一点", ("chat",)),
    ("我现在还剩多少 credits？不是要导出 就 check 一下", ("credits",)),
    ("帮我 render 一版 但是 title 先改一下 公司名字拼错了", ("chat", "export")),
    ("音乐先不加了 直接出片吧", ("export",)),
    ("加个 BGM 然后导出 哦不对 音乐不要加了", ("export",)),
    ("export多少钱？算了我先不导了，I'll check later", ("credits",)),
    # a pause after 的 still ends a sentence; a topic after 是 does not; 就 makes a condition, not a run-on
    ("把音乐换成古筝的 积分还够的话就出片", ("chat", "credits")),
    ("做个短片 主题是 怎样把视频导出到手机", ("chat",)),
    ("字幕要是弄完了就给额下载", ("state",)),
    ("成片我迟一点自己下载，你先把片尾的字换成'福州茶行'", ("chat",)),
])
def test_taiwanese_and_shanghai_office_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a step deferred after the clause's own one; "before you render anything"
    ("Look at the timeline for me first before you render, I think there's a duplicate clip in there somewhere",
     ("state", "export")),
    ("Before you render anything check how many credits I've got left, mun", ("credits", "export")),
    ("Export it for me but fix the spelling in the title first, it should say Blwyddyn 4 not Blwyddyn 5",
     ("chat", "export")),
    ('export it, but only after youve fixed the subtitle that says "hefer", should be heifer', ("chat", "export")),
    # a bare correction, then what changes: the edit it names is taken back, the correction sends nothing
    ("Add some background music and render it... actually no, leave the music off, just render it", ("export",)),
    ("add some country music and export... actually nah, no music, just export", ("export",)),
    ("add a title and music and export. actually no music", ("chat", "export")),
    ("nah no music on this one, straight to the export", ("export",)),
    # waits on the person; what is left for another time is not sent
    ("Could you add subtitles and then once I've had a proper look and said ok, export it", ("chat",)),
    ("Export it now please, I'll sort the music out another time", ("export",)),
    ("hey cher! first time here, y'all do da renderin for me or I gotta do it myself", ("chat",)),
])
def test_order_and_scope_in_welsh_and_kiwi_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Cantonese: 几时…完, 点解…咁慢, 搞掂, 同埋, 等我睇过先, 唔使改 (the edits only)
    ("几时先导出完啊 客人等紧", ("state",)),
    ("点解下载咁慢嘅 仲要几耐", ("state",)),
    ("ok 导出搞掂 收到", ()),
    ("出片同埋畀个链接我", ("export", "link")),
    ("加埋字幕，等我睇过先再导出", ("chat",)),
    ("上传 warehouse.mov 然后直接导出 唔使改", ("upload", "export")),
    ("把背景音乐换掉，算了不用换了，直接导出", ("export",)),
    ("帮我加subtitle, never mind 不加了, just send me the link", ("link",)),
    ("最终版下载一下，我要塞进给 Singapore HQ 的 PPT 里", ("export",)),
    # Dongbei: 整完, 杠杠的, 费积分, 出来那版, 加音乐导出发链接, 塞中间, a pause after a quote or 加字幕
    ("渲染咋还没整完呢 都半天了", ("state",)),
    ("收到收到 成片杠杠的 谢了老铁", ()),
    ("隔壁老王说渲染贼费积分 真的假的", ("credits",)),
    ("渲染出来那版结尾有一截黑屏 给剪了", ("chat",)),
    ("加音乐导出发链接", ("chat", "export", "link")),
    ("标题改成“老张家饺子馆” 等我确认了再导出", ("chat",)),
    ("加字幕 积分够的话就导出", ("chat", "credits")),
])
def test_cantonese_and_dongbei_chinese(text, plan):
    assert route(text).plan == plan


def test_a_clip_pushed_into_the_middle_is_an_edit(tmp_path):
    clips = [tmp_path / "laoban1.mp4", tmp_path / "laoban2.mp4"]
    for clip in clips:
        clip.write_bytes(b"\x00")
    assert route("又拍了俩 塞中间去 先不用导出", [str(c) for c in clips]).plan == ("upload", "chat")


@pytest.mark.parametrize("text, plan", [
    ("God its taking an age to render, is it stuck or is that normal like", ("state",)),
    ("export it... hang on, warm up the colours first, then export", ("chat", "export")),
    ("suppose say I download am for my phone, e go still play well for laptop?", ("chat",)),
    ("My PA say I suppose render am in portrait for IG, which one una recommend", ("chat",)),
    ("I fit export am twice without paying again?", ("credits",)),
    ("change the title to 'Tolu & Femi 2024', export after I confirm am", ("chat",)),
])
def test_order_and_scope_in_cork_and_lagos_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Hangzhou: posted already, export last, waits on two looks, 调亮 an edit, bgm taken back
    ("好的谢谢 成片已经发群里了👌", ()),
    ("导出放最后 先把中间那段加速 再加个贴纸", ("chat", "export")),
    ("VID_20240512.mp4，这个传上去放最后", ("upload", "chat")),
    ("字幕先加上 等我看完确认了再导出", ("chat",)),
    ("加个bgm然后导出…算了bgm不要了", ("export",)),
    ("调亮导出发链接", ("chat", "export", "link")),
    # Xi'an: 额 for 我 only where it is no amount; 的前提下; 被扣两次积分; 下周再做; 嘹咋咧
    ("不需要下载到本地，麻烦您把网页版链接发给额，额转给学生在线观看即可", ("link",)),
    ("现在账户里还剩多少积分？额上个月导出过好几次，不太清楚余额了", ("credits",)),
    ("先不着急渲染，额还要再考虑一下片尾那段要不要保留", ()),
    ("请把标题改为“唐代长安城的布局”，等额确认过了再导出", ("chat",)),
    ("先把当前的时间线给额看一下，然后再导出", ("state", "export")),
    ("导出成片，再发一个项目链接给我，另外余额也顺便告诉我一声。", ("export", "link", "credits")),
    ("在积分足够的前提下，麻烦导出高清版本", ("credits",)),
    ("加上背景音乐然后导出，哦不对，音乐还是不要了", ("export",)),
    ("导出吧，哦等一下，先把片尾的学校名称改正，再导出", ("chat", "export")),
])
def test_hangzhou_and_xian_chinese(text, plan):
    assert route(text).plan == plan


def test_an_upload_put_last_is_an_edit_not_a_deferral(tmp_path):
    clip = tmp_path / "icedragon.mp4"
    clip.write_bytes(b"\x00")
    assert route("icedragon.mp4，传上去放最后", [str(clip)]).plan == ("upload", "chat")


@pytest.mark.parametrize("text, plan", [
    # Glasgow Scots read as the standard words: naw, haud
    ("add music and export it... actually naw, nae music", ("export",)),
    ("add music and subtitles and export, actually haud the export, I'll dae that later", ("chat",)),
])
def test_glasgow_words_take_back_and_hold(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Tianjin 介么 / 倍儿; the finished video praised or described is named, not exported
    ("渲染介么慢 嘛情况 卡住了吧", ("state",)),
    ("收到了 成片倍儿好 谢谢啊", ()),
    ("好的谢谢 成片看起巴适", ()),
    ("要得要得 导出来效果安逸😋", ()),
    ("刚才那个成片颜色发灰 调亮点", ("chat",)),
    ("导出来颜色太灰了 莫得食欲 调鲜艳点嘛🌶️", ("chat",)),
    ("配乐省了吧 你就直接给我下载", ("export",)),
    ("成片颜色调亮一点再导出", ("chat", "export")),
    # guard: a download that is enough is asked for
    ("覅发链接，直接下载就可以了", ("export",)),
])
def test_chongqing_and_tianjin_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("how long's the download gonnae be, I've a fare in 10 min", ("state",)),
    ("whit happens if I export twice, dae I get charged twice?", ("credits",)),
    ("before ye render anythin check ma credits", ("credits", "export")),
    ("export it and oh aye before that make the title bigger", ("chat", "export")),
    ("export, naw wait, cut the swearin oot first then export", ("chat", "export")),
    ("trim the start cut the last 5 seconds export", ("chat", "export")),
    ("add subtitles, export... actually no, just the subtitles for now", ("chat",)),
    ("add a fade out but wait for my go signal before you export", ("chat",)),
    # guards: the export as a thing, the video's own length
    ("add some music to the export", ("chat",)),
    ("how long's the video gonna be", ("chat",)),
])
def test_order_and_scope_in_glasgow_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("加标题加音乐出片👍", ("chat", "export")),
    ("慢放那段调快点 导出 链接也发我", ("chat", "export", "link")),
    ("加标题 海河边上 字幕也加上 导出我明儿自个儿来", ("chat",)),
    ("导出的事等哈我自己来弄 你先莫管", ()),
])
def test_steps_run_on_and_left_to_oneself_in_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export verbs with Tagalog affixes; pero … muna, bago nyo, ay teka, bago po yan
    ("Pakiexport na po pero ayusin nyo muna po yung title", ("chat", "export")),
    ("pakitingnan po muna yung timeline bago nyo i-export", ("state", "export")),
    ("Mag export na po kayo, ay teka, bago po yan pakicheck muna po ilang credits matitira sa akin",
     ("credits", "export")),
    ("sige po noted 👍 thank u po sa pag-render", ()),
    ("May bayad po ba pag nag download ulit ako ng same video?", ("credits",)),
    ("Hindi ko pa po ie-export ngayon ha, palitan lang po muna natin yung background music", ("chat",)),
    ("lagyan po ng fade out sa dulo pero hintayin nyo po muna go signal ko bago i-export", ("chat",)),
    # guards: once pakiexport reads as the export, a correction keeping the subtitles, a condition
    # (kung) and kung okay lang (polite); na-export ba asks how it went
    ("Pakilagay po ng subtitles, pakiexport... ay hindi po pala, subtitles lang po muna", ("chat",)),
    ("Kung may sapat pa po akong credits, pakiexport na po", ("credits",)),
    ("kung okay lang po sana, pa-check na rin ng balance ko hehe", ("credits",)),
    ("na-export ba ng maayos yung video kagabi?", ("state",)),
])
def test_taglish_export_verbs_order_and_scope(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # next to a step held back, a clause about something is a reason unless it asks
    ("hawd the export, ah'm no sure aboot it", ()),
    ("DON'T render it yet, I ain't made up my mind about the kitchen shot", ()),
    # guards: a request or a question about it is still sent
    ("don't export yet, make a video about cats", ("chat",)),
    ("hey cher! first time here, y'all do da renderin for me or I gotta do it myself?", ("chat",)),
])
def test_a_reason_about_something_next_to_a_held_step_is_not_sent(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # New York and Scouse: a reason that reports what happened, 'but … first' with asides after it,
    # 'quick q' opening a question, 'how long's left', 'how much ive got left', 'sound that'
    ("never mind exporting it today, the residents party got moved to next week", ()),
    ("export it but fix the price in the title first, says 1.2M should be 1.25M", ("chat", "export")),
    ("export it but fix the title first, its Betty not Betsy, she'll go mad", ("chat", "export")),
    ("quick q does rendering in 4k cost more than 1080 rn", ("credits",)),
    ("how long's left on the export la, im back on shift in 10 mins", ("state",)),
    ("check how much ive got left then export it then giz the link", ("credits", "export", "link")),
    ("sound that, got the download on me phone, ta la", ()),
    ("render it when you've added the music", ("chat", "export")),
])
def test_order_scope_and_reasons_in_new_york_and_scouse_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Qingdao and Beijing: 渲染了半天还没完, 直接导吧 after a take-back, 哎不对 / 哦对了 as corrections,
    # 链接就不用给了 and 链接我自己之后去找 after the export
    ("嘎哈呢这是 渲染了半天还没完 卡住了吧", ("state",)),
    ("加个音乐然后导出 哎算了音乐不要了 直接导吧", ("export",)),
    ("导出吧 哎不对 先把颜色调暖和点 再导", ("chat", "export")),
    ("加字幕 加音乐 导出 哦对了字幕不要了", ("chat", "export")),
    ("弄成黑白的 导出 链接就不用给了", ("chat", "export")),
    ("加个转场然后导出 链接我自己之后去找", ("chat", "export")),
    # guard: the link asked right after the export
    ("导出 链接发我", ("link",)),
])
def test_corrections_and_the_link_after_the_export_in_qingdao_and_beijing_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Doric: fit's, deen, eence, doon, afore read as the standard words; dearer asks the cost; ach na and
    # "wait, first …" correct; pit and gaun (on the end) are edits; the web link'll dae
    ("is ma export deen yet or nae", ("state",)),
    ("fit's takin the render sae lang, been near an oor noo", ("state",)),
    ("is exportin in hie quality dearer than the ordinary", ("credits",)),
    ("nae need for a download. the web link'll dae me fine", ("link",)),
    ("afore ye export, check fit credits I've got left", ("credits", "export")),
    ("pit the accordion music on an export eence that's in", ("chat", "export")),
    ("add some music an export it... ach na, nae music. jist the export", ("export",)),
    ("export it. wait, first speed up the middle bit", ("chat", "export")),
    # guards: the export as a thing after "an"; "that render's been gaun for ages" asks progress
    ("dont worry about the link, how much is an export", ("credits",)),
    ("that render's been gaun for ages pal, is it stuck?", ("state",)),
])
def test_doric_words_order_and_scope(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Yunnan: 不忙 not now, 还没弄好 after a held step is the reason, a what-if asked in one clause,
    # 等下 / 哦不 between spaces then 先 … puts the edit first
    ("不忙下载 把字幕颜色整成黄的就得了", ("chat",)),
    ("莫导出莫导出 我憨了还没弄好", ()),
    ("假如我现在下载的话会不会有水印嘛", ("chat",)),
    ("导出 等哈 先把速度调快点", ("chat", "export")),
    ("先出片 哦不 先把标题改了 改完再出片", ("chat", "export")),
    # guards: a condition the skill checks; a progress question after a held step
    ("如果积分够的话就导出", ("credits",)),
    ("先别导出 还要等多久", ("state",)),
])
def test_yunnan_chinese_order_and_scope(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Brummie and Manitoba: yow, "is it dear", "but … first bab, <aside> 🤦", tara-a-bit, "how much more
    # is it to", "before all that", "after you export it check …", "is it possible to …?", "am yow there?"
    ("that video yow exported yesterday had the logo chopped off in the corner ji, shift it in a bit", ("chat",)),
    ("render it after yow've added the outro with the shop number", ("chat", "export")),
    ("is it dear to render it twice? might do a second one with Punjabi subs for the nanis", ("credits",)),
    ("export it but sort the title spellin first bab, it says Sing not Singh 🤦", ("chat", "export")),
    ("got the download cheers ji, tara-a-bit", ()),
    ("how much more is it to download in 4K vs regular?", ("credits",)),
    ("after you export it check how many credits I got left", ("export", "credits")),
    ("is it possible to export only part of a video, like just the 3rd period?", ("chat",)),
    # guards: "am yow there?" greets; "before u render check my credits first" stays
    ("hiya, am yow there?", ("chat",)),
    ("before u render check my credits first ah", ("credits", "export")),
])
def test_brummie_and_manitoba_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Hong Kong and Wuhan: 好靚 praise, 啊唔係 / 哎算了… correct, 一个价 asks the cost, 么样办 / 是么样搞的
    # ask how, 导出完了查下积分 runs on
    ("收到 成片好靚 唔該晒🙏", ()),
    ("加音樂然後導出…啊唔係 音樂唔要 淨係導出", ("export",)),
    ("加个音乐再导出 哎算了音乐不要 光导出", ("export",)),
    ("渲染高清的跟普通的一个价么", ("credits",)),
    ("假如导出到一半断网了 么样办", ("chat",)),
    ("导出完了查下积分", ("export", "credits")),
    # 加埋 / 确认咗 before 先导出 wait for it; 唔太麻煩 is polite; 唔使link then a request; 導出咗嗰條 names it
    ("等啲背景音樂加埋先導出", ("chat", "export")),
    ("加埋字幕 等我確認咗先導出", ("chat",)),
    ("如果唔太麻煩 可唔可以幫我加字幕再下載 thx", ("chat", "export")),
    ("唔好下載 唔使link 睇下timeline有咩就得", ("state",)),
    ("ok 導出咗嗰條睇咗 正👍", ()),
    # guard: 怎么样 is not 怎怎么
    ("进度怎么样了", ("state",)),
])
def test_hong_kong_and_wuhan_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Houston and Singlish: a word to the person (honey) is filler, "dowan", "dun need", "anot" after a
    # report-less progress question, "how many credits ah", "or not ah", "eh no wait", "actually no
    # export lah" negates the export, "oh wait add … first" in one clause
    ("honey don't add music, don't change the title, just export", ("export",)),
    ("dun need download, just send me the link can", ("link",)),
    ("finished video i dowan download lah, give me the web link i share to my regulars", ("link",)),
    ("the export done yet anot, customer waiting leh", ("state",)),
    ("eh export one time how many credits ah", ("credits",)),
    ("after export still can edit or not ah", ("chat",)),
    ("export first, eh no wait, fix the spelling of char kway teow first then export", ("chat", "export")),
    ("export and change to vertical... actually no export lah, just vertical", ("chat",)),
    ("render pls, oh wait add my stall number 01-23 at the bottom first", ("chat", "export")),
    # guards: "actually no render it first" restates the step; a bare "no wait" before "… first"
    ("send me the link, actually no render it first then the link", ("export", "link")),
    ("render it, no wait, cut out the ad at the start first", ("chat", "export")),
])
def test_houston_and_singlish_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Harbin and Chengdu: 不慌, 渲染了半天了, 成片出来没得, 导出了以后还改得到不, 是不是要扣…积分,
    # 哦不对 then 先…暖和点再导出, 等我看了点头了
    ("不慌下载 把字幕改大点就要得", ("chat",)),
    ("渲染了半天了 是不是卡起了哦", ("state",)),
    ("成片出来没得嘛 等得我心慌", ("state",)),
    ("导出了以后还改得到不嘛", ("chat",)),
    ("导出两回是不是要扣两回积分", ("credits",)),
    ("导出 哦不对 先把颜色调暖和点再导出", ("chat", "export")),
    ("字幕先加起 等我看了点头了再导出", ("chat",)),
])
def test_harbin_and_chengdu_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "before the export I want to know …" says why a question is asked: the export is not asked
    # (five voices wrote it: Cantonese, Hangzhou, Chongqing, Tianjin, Sichuan)
    ("我还剩好多积分哦 导出之前想晓得一哈", ("credits",)),
    ("刚才改的标题弄上了吗 导出之前我得知道", ("state",)),
    ("刚才加字幕那个改动生效了吗 导出前想确认下", ("state",)),
    ("头先改嘅字幕有冇生效？导出之前我想知下", ("state",)),
    # guards: a request before the export is still asked, then the export
    ("导出之前先把颜色调暖", ("chat", "export")),
    ("导出之前我想知道还剩多少积分", ("credits", "export")),
])
def test_wanting_to_know_before_the_export_asks_no_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # someone else's ask, in quotes, turned down: nothing is asked (three voices wrote it)
    ('my partner keeps asking "did you export it yet", ignore her, I\'m not ready', ()),
    ('my kid keeps yellin "dad just export it already" haha, not yet bud', ()),
    ('me manager said "just download it and stick it on the work facebook" but im not sure yet tbh, '
     'gonna sleep on it', ()),
    # guard: a request of one's own after it is still asked
    ('my boss said "add the logo", not yet though, first change the title', ("chat",)),
])
def test_someone_elses_quoted_ask_turned_down_asks_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what a roommate, classmate, colleague or one's kid said or urged about the export is theirs (six
    # Chinese voices wrote it)
    ("我室友说她导出只花了一分钟 羡慕 对了帮我把开头剪掉三秒", ("chat",)),
    ("我同学说他出片五分钟就完事了 我这咋这么慢 是不是卡了", ("state",)),
    ("同事叫我即刻出片 但我覺得未得 唔好住", ()),
    ("我伢喊我快点出片 莫听他的 还冇剪完", ()),
    ("隔壁卖菌子的说成片发到抖音上板扎得很 谢谢了哈", ()),
])
def test_what_others_said_about_the_export_is_theirs_in_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("下载下来了 好的好的", ()),
    # guard: the bare report may still ask
    ("下载下来 好的", ("export",)),
])
def test_the_export_reported_done_then_an_okay_asks_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export waits on the person's own look: only the edit now
    ("I want it exported only after ive had a proper look, so just add the subtitles for now", ("chat",)),
    # guard: waiting on the edit still runs it, then the export
    ("export it once the music is in", ("chat", "export")),
    ("Once you've added the music go ahead and export it, there's lovely", ("chat", "export")),
    ("ok go ahead and export it", ("export",)),
])
def test_an_export_that_waits_on_the_persons_own_look_is_held(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 再(重新)导一遍 / 再输出一次: the export once more, a step of its own after the edit
    ("声音太小了 调大点再重新导一遍", ("chat", "export")),
    ("颜色太灰 调亮一点再输出一次", ("chat", "export")),
    ("调亮再导出一次", ("chat", "export")),
    # guard: again, but no step
    ("把标题改了再检查一遍", ("chat",)),
])
def test_exporting_again_after_an_edit_in_chinese_is_a_step_of_its_own(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the person does the export themselves, somewhere else, or later
    ("链接发我 成片我自己在电脑上导", ("link",)),
    ("换掉片头 导出之后我自己来", ("chat",)),
    # guards: after the export they do something else; after the edit they export themselves
    ("导出之后我自己来剪", ("export",)),
    ("加完字幕之后我自己来导出", ("chat",)),
])
def test_an_export_the_person_does_themselves_is_not_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("has the render process stalled?", ("state",)),
    ("did the upload time out?", ("state",)),
    ("I'm curious whether the export from this morning ever finished", ("state",)),
    ("my editor wants to know if the download worked", ("state",)),
    ("my boss asked if wed rendered it yet, have we?", ("state",)),
    ("刚刚的导出ok吗", ("state",)),
    ("算圖是不是失敗惹", ("state",)),
    # guard: stalled weather is no question about the work
    ("has it stopped raining", ("chat",)),
])
def test_progress_questions_in_more_shapes(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("exported beautifully, cheers", ()),
    ("导出好快，谢谢", ()),
    ("export received, thanks", ()),
    ("导出来那个片尾字错了 改一下", ("chat",)),
    # guards: a request before it still asks
    ("帮我导出来那个视频", ("export",)),
    ("导出吧，谢谢", ("export",)),
])
def test_an_export_that_ran_praised_received_or_named_asks_no_new_one(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("trim the intro then render for me", ("chat", "export")),
    ("let's postpone the render for now and make the title bigger", ("chat",)),
    ("导出先hold住 把结尾删了", ("chat",)),
    ("hold住导出", ()),
    ("好了，现在可以导了", ("export",)),
    ("don't render for me", ()),
    # guard: asking whether it may be exported now is no go-ahead
    ("现在可以导了吗", ("chat",)),
])
def test_render_for_me_postpone_hold_and_the_go_ahead(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "but X first" with a reason or a word of address after it: X, then the step
    ("export it but fix the title first it's misspelt", ("chat", "export")),
    ("render it but change the font first b'y", ("chat", "export")),
    # a take-back run on right after the step: what it names is taken back
    ("add the logo and export nvm the logo", ("export",)),
    ("render it no wait first add the logo then render", ("chat", "export")),
    ("add a bit of music and export it, actually no music", ("export",)),
    # a refusal, then what is asked instead with a verb
    ("don't add the sticker just crop the ending and export", ("chat", "export")),
    # guard: a refusal alone asks nothing
    ("don't add any music", ()),
])
def test_order_and_take_backs_said_without_commas(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("ion want it rendered yet", ()),
    ("where we at with the render", ("state",)),
    ("not gonna export yet lemme see the timeline first", ("state",)),
    ("wait till i say so to render, make the ending slower", ("chat",)),
    ("make an end card that say SUBSCRIBE AND DOWNLOAD", ("chat",)),
])
def test_bronx_and_newfoundland_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("上回你给我导出那个 字太小了 这回调大点", ("chat",)),
    ("俺下载下来一看 结尾少了一段 给补上", ("chat",)),
    ("成片收到了 中 挺好", ()),
    ("出片了哈 辛苦了", ()),
    ("好嘞 导出来了 木问题", ()),
    ("我自己回头下载 你先把字幕调大点", ("chat",)),
    ("成片不用给我整出来了 发个链接就行", ("link",)),
    ("字幕不用加 把音乐加上导出就中", ("chat", "export")),
    ("字体换个好看的 先别导出", ("chat",)),
    # guards: asked for now, and an okay before a request
    ("你给我导出一下", ("export",)),
    ("要得 把音乐换了", ("chat",)),
])
def test_shandong_and_dongbei_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the person's own past export is a report: the edit after it is what is asked
    ("I've exported it, thanks! now add music", ("chat",)),
    ("we have rendered it, now add captions", ("chat",)),
    ("i've downloaded it now thanks a million", ()),
    # guards: waiting for the agent's export, and asked
    ("send the link after you have rendered it", ("export", "link")),
    ("can you export it now", ("export",)),
])
def test_the_persons_own_past_export_is_reported_not_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # three steps, no pause: the edit, the step word alone, "send link"
    ("add a fade export send link", ("chat", "export", "link")),
    # guard: a deferred step word before another step is not split off
    ("before yuh export check mi balance", ("credits", "export")),
])
def test_a_step_word_alone_between_an_edit_and_send_link(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # whether the person must do the step is asked, not the step (spec: a question never starts its work)
    ("do i need to export again", ("chat",)),
    ("Do I have to render it again?", ("chat",)),
    ("will we have to download it", ("chat",)),
    # guards: asked of the tool to do it, and a cost asked the same way
    ("can you export it again", ("export",)),
    ("do i have to pay to export", ("credits",)),
])
def test_whether_the_person_must_export_is_a_question(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "ain't" holds the step like "isn't" and "won't" do
    ("i ain't gonna render it today", ()),
    ("we aint rendering it today, add the title", ("chat",)),
    # guards: a question it opens, and an export asked after it
    ("ain't the render done yet", ("state",)),
    ("there ain't nothing wrong with it, export it", ("export",)),
])
def test_aint_holds_the_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "how many" with no noun, asked of what the person has: the credits
    ("exporting eats up credits, how many have i got anyhow", ("credits",)),
    ("how many do i have?", ("credits",)),
    # guards: a noun or a place says what is counted
    ("how many clips do i have", ("chat",)),
    ("how many do i have in the timeline", ("state",)),   # the timeline shows them
])
def test_how_many_have_i_got_asks_the_balance(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "I'd be obliged / grateful if you could …": the request after it, not what the person says of themselves
    ("I'd be obliged if you could trim the end off and then export it for me", ("chat", "export")),
    ("i'd be grateful if you could trim the end off", ("chat",)),
    # guard: what the person will do, with a polite wait
    ("i'll be back later if you could wait", ()),
])
def test_a_request_framed_after_id_be_obliged_is_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # northern 不赖 ("not bad") approves, as 不错 does: after a download reported done it asks nothing
    ("成片下载下来了，不赖", ()),
    ("成片下载下来了 不赖 谢谢啦", ()),
    # guard: approval, then the export asked
    ("不赖不赖，导出吧", ("export",)),
])
def test_bulai_approves_like_bucuo(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # whether it is cheaper, asked with 是不是 / 会不会 before the word: a cost question, no export
    ("导出个短的是不是便宜点", ("credits",)),
    ("导出个短的会不会便宜点", ("credits",)),
    ("导出个短的是不是省积分", ("credits",)),
    # guard: asked for, with no cost question
    ("导出个短的", ("export",)),
])
def test_is_it_cheaper_asked_before_the_word_is_a_cost_question(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a step, then an edit said to go first with no "but" or "wait": the edit, then the step
    ("export it, fix the title first", ("chat", "export")),
    ("export it, first fix the title", ("chat", "export")),
    ("导出吧，你先把标题改了", ("chat", "export")),
    ("导出，标题先改一下", ("chat", "export")),
    # guards: a condition before it keeps the plan at its check; 最先 names a part, it orders nothing
    ("如果余额够，先改字幕再导出", ("credits",)),
    ("导出，最先加的那段删掉", ("export", "chat")),
])
def test_an_edit_said_to_go_first_goes_before_the_step_without_but(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a space before 但是 / 不过 is a pause, and the edit said to go first after it goes first
    ("导出 但是标题先给我改了 有错别字", ("chat", "export")),
    ("导出 不过先把音乐换了", ("chat", "export")),
    ("导出导出！！先把水印去掉就行", ("chat", "export")),
    # guard: a hold after the pause still holds
    ("加字幕 但是别导出", ("chat",)),
])
def test_a_chinese_but_after_a_space_pauses_and_what_goes_first_goes_first(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 等…好了就 right after an edit: the edit, then the step (not a condition to check)
    ("把字幕加上 等加好了就下载", ("chat", "export")),
    ("把字幕加上，等加好了就下载", ("chat", "export")),
    ("配个曲儿，等弄完了就下载", ("chat", "export")),
    # guard: with no edit asked before it, whether the work is done is what it checks
    ("上一步等弄完了就直接导出", ("state",)),
])
def test_wait_till_the_edit_is_done_then_the_step_in_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a space before 完了 ("after that") and what to do then is a pause: the balance after the export
    ("结尾剪掉 导出 完了告诉我还剩多少积分", ("chat", "export", "credits")),
    ("导出 完了告诉我还剩多少积分", ("export", "credits")),
])
def test_wanle_after_a_space_starts_the_next_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what the tool can do, asked with the tool as the subject, inverted or not, and for every step
    # the question joins with "and": a question about it, no render
    ("it can export for youtube?", ("chat",)),
    ("it will come to my mail or I have to download from here only?", ("chat",)),
    ("can it make wedding teasers and export for youtube?", ("chat",)),
    ("it can make wedding teasers and export for youtube also?", ("chat",)),
    # guards: asked of the assistant, or said as a request
    ("can you add music and export it?", ("chat", "export")),
    ("add music and export it", ("chat", "export")),
])
def test_what_the_tool_can_do_asked_of_it_starts_no_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "how much it is?" (no inversion) asks the price as "how much is it?" does
    ("how much it is?", ("credits",)),
    ("downloading costs money, is it true? how much it is?", ("credits",)),
    # guard: "how much it is worth" asks no price
    ("tell me how much it is worth adding music", ("chat",)),
])
def test_how_much_it_is_asks_the_price(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "render one version" asks for a render as "render a version" does
    ("render one version now", ("export",)),
    ("Render one version now itself for the client preview, after that add the subtitles", ("export", "chat")),
])
def test_render_one_version_is_a_render(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # voice-typed homophones read as the word meant (积份, 练接, 渲然), Hainan 无 as 不 before a step
    # and as the question's 吗 at its end
    ("下载要扣积份吗", ("credits",)),
    ("渲然之前帮我查一下积分", ("credits", "export")),
    ("无用下载 给我个网页的练接就行", ("link",)),
    ("渲染4K比1080贵好多无", ("credits",)),
    ("出片的事先放着 今天无弄了", ()),
    # guard: 无用 as "useless" names clips
    ("删掉无用的片段", ("chat",)),
])
def test_haikou_homophones_and_wu(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a space before 渲染前 / 导出前 is a pause: the edit, then what goes before the step, then the step
    ("放中间 渲染前先查积分", ("chat", "credits", "export")),
    ("加字幕 导出前给我看看时间线", ("chat", "state", "export")),
])
def test_a_space_before_render_first_pauses(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # where the file lands, asked with "… or on the computer": no web link asked
    ("does it land on my phone or on the computer", ("chat",)),
    # guard: opening it on the computer asks for the link
    ("open it on the computer", ("link",)),
])
def test_where_the_file_lands_or_on_the_computer_asks_no_link(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "one more time" is "again", no edit: someone else wanting to see it is why the render waits
    ("no need to render, bride's uncle wants to see one more time on his phone", ()),
    # guards: "more" still names an edit
    ("add more music", ("chat",)),
    ("make the music louder one more time", ("chat",)),
])
def test_one_more_time_names_no_edit(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the tool named in dialect spelling ("dis ting", "da app") as the subject of what it can do: asked
    ("howzit, can dis ting export to tiktok", ("chat",)),
    ("dis ting can export?", ("chat",)),
    # guard: asked of the assistant
    ("can you export it", ("export",)),
])
def test_what_dis_ting_can_do_is_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "render second / next" after what goes first: the render, as "export second" already was
    ("captions first, render second", ("chat", "export")),
    ("add captions first, render next", ("chat", "export")),
    # guard: "the render last night" names an earlier one
    ("the render last night was blurry", ("chat",)),
])
def test_render_second_or_next_is_the_step_after(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # more ways to hold a step: hold fire, park it, it can hang on / sit
    ("hold fire on the render", ()),
    ("park the export", ()),
    ("export can hang on", ()),
    ("the export can sit for now, add music", ("chat",)),
    # guards: "hang on" as a pause before the ask, "park" as placing a clip
    ("hang on, export it", ("export",)),
    ("park the video at the end", ("chat",)),
])
def test_hold_fire_park_and_hang_on_hold_the_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the step waits for the person's word: 等我通知 / 说了 / 发话 再导出, also after an edit and a space
    ("等我通知再导出", ()),
    ("等我说了再导出", ()),
    ("加字幕 等我通知再导出", ("chat",)),
    ("加字幕 等我确认了再导出", ("chat",)),
    # guard: the edit, then the export, with no wait
    ("加字幕 然后导出", ("chat", "export")),
])
def test_an_export_that_waits_for_the_persons_word_in_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # northern 甭 before a bare 导, and 导出先压一压 / 压着 ("sit on the export"): nothing now
    ("先甭导", ()),
    ("甭导了", ()),
    ("导出先压一压", ()),
    ("导出的事先压着", ()),
    # guard: 压 as turning something down is an edit
    ("把音量先压一下", ("chat",)),
])
def test_beng_dao_and_sitting_on_the_export_hold_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # approval in more voices (NZ "choice", Cornish "proper job", "stoked with", "came out mint"): nothing asked
    ("choice, got the vid", ()),
    ("proper job that", ()),
    ("stoked with the render bro", ()),
    ("the render came out mint", ()),
    # guards: "choice" as a noun, approval then an edit
    ("make the colour choice warmer", ("chat",)),
    ("the title came out great but make it bigger", ("chat",)),
])
def test_approval_in_more_voices_asks_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # progress asked in more voices: the running work, never a new render
    ("render done or wha", ("state",)),
    ("that export finished or nah", ("state",)),
    ("hows it goin with the export", ("state",)),
    ("any word on the download", ("state",)),
    ("where's the render at", ("state",)),
    ("still cookin?", ("state",)),
    # a price asked as "gratis": the cost, no render
    ("is exporting gratis", ("credits",)),
    # guard: "still cooking" said of an edit in progress, then an ask
    ("still cooking the intro, add music", ("chat",)),
])
def test_progress_and_price_asked_in_more_voices(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # progress and price asked in more Chinese shapes: no render
    ("导出咋样了", ("state",)),
    ("咋还没导好", ("state",)),
    ("导一次多少分", ("credits",)),
    # guard: asked for
    ("导出一下", ("export",)),
])
def test_progress_and_price_in_more_chinese_shapes(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "providing …" and "if you can afford it" are conditions the skill checks, not polite asks
    ("providing i've got enough credits, export", ("credits",)),
    ("export if ye can afford it on me balance", ("credits",)),
    ("provided the music is in, export", ("state",)),
    # guards: the polite "if you can"
    ("export if you can", ("export",)),
    ("if you can afford the time, add music", ("chat",)),
])
def test_providing_and_if_you_can_afford_it_are_conditions(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the text after "end card:", "title card:", "banner:" is what the video shows, as after "text:"
    ("end card: DOWNLOAD THE APP", ("chat",)),
    ("title card: export day", ("chat",)),
    ("add a banner: render complete", ("chat",)),
])
def test_the_text_after_end_card_or_banner_is_content(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what the voiceover or narrator is to say is content, as what a caption says is
    ("the voiceover should say export your memories", ("chat",)),
    ("have the narrator say download the app today", ("chat",)),
    # guard: the voiceover as what is exported
    ("export the voiceover", ("export",)),
])
def test_what_the_voiceover_says_is_content(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "&" between an edit and the step is the pause "and" is
    ("trim the intro & export", ("chat", "export")),
    ("chop the first 3 secs & render", ("chat", "export")),
    # guards: "&" inside a name or a genre
    ("make a video about Tom & Jerry", ("chat",)),
    ("R&B music please", ("chat",)),
])
def test_an_ampersand_joins_steps_like_and(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 小声点 / 大声点 ask for an edit, and a step after an edit and a space may carry 来给我: the edit, then the step
    ("音乐小声点导出", ("chat", "export")),
    ("音乐小声点&导出", ("chat", "export")),
    ("调亮点 导出来给我", ("chat", "export")),
    # guard: 把 before it makes the step its own
    ("把那段 导出来给我", ("export",)),
])
def test_quieter_then_the_step_in_chinese(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a bare 导一下 after a pause or alone is the export, as 帮我导一下 is
    ("导一下", ("export",)),
    ("标题改红色 导一下", ("chat", "export")),
    # guard: 指导一下 is "guide me"
    ("你来指导一下", ("chat",)),
])
def test_a_bare_dao_yixia_after_a_pause_is_the_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # an okay before the export reported done in the same clause, or 已 for 已经: thanks, no new render
    ("好的 导出来了", ()),
    ("感恩 已下载", ()),
    ("已导出 谢谢", ()),
    # guards: an okay, then the export asked
    ("好的 导出吧", ("export",)),
])
def test_an_okay_before_the_export_reported_done_asks_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "render only" before what it waits for: the render, after it
    ("render only after adding the logo", ("chat", "export")),
    ("render only", ("export",)),
])
def test_render_only_after_an_edit_is_the_render_after_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # conditions on the balance said other ways: 够了就…, "if im not broke": the check, no render
    ("看下积分 够了就出片", ("credits",)),
    ("积分够了就导", ("credits",)),
    ("if im not broke export it", ("credits",)),
    # guard: 够了就行 is "that's enough", then the export asked
    ("够了就行 导出吧", ("export",)),
])
def test_a_balance_condition_said_other_ways_stops_at_the_check(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # thanks, then "do one / another / the cat one": a new request, not an aside to the thanks
    ("cheers, now do one for the cat", ("chat",)),
    ("cheers, now do the cat one", ("chat",)),
    ("thanks, do another", ("chat",)),
    # guards: what the person will do; a wish after a cost question
    ("i'll do one myself later thanks", ()),
    ("What will it cost me in credits to generate a 1 minute video? Want to do one for every listing", ("credits",)),
])
def test_thanks_then_do_one_more_is_a_request(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "that's all", "we're good here": the person is done, nothing to send
    ("that's all", ()),
    ("nah that's all", ()),
    ("we're good here", ()),
    # guards: more after it, or asked
    ("that's all the clips, now export", ("chat", "export")),
    ("we're good, export it", ("export",)),
    ("is that all?", ("chat",)),
])
def test_thats_all_and_were_good_ask_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "can u render it (or what)" and "any chance of a render" ask for the step, as "can you render it" does
    ("mate can u render it or wat", ("export",)),
    ("any chance of a render", ("export",)),
    ("any chance of an export", ("export",)),
    # guard: a question about the tool stays a question
    ("can it export in 4k?", ("chat",)),
])
def test_can_u_and_any_chance_of_ask_for_the_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a bare 导一下 after a polite or hurrying word is the export, as 帮我导一下 is
    ("麻烦导一下", ("export",)),
    ("劳驾导一下", ("export",)),
    ("快导一下", ("export",)),
    # guard: 指导一下 is "guide me"
    ("老师请指导一下", ("chat",)),
])
def test_a_bare_dao_yixia_after_a_polite_word_is_the_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # progress asked in Singlish, Pidgin and Hinglish shapes: the running work, no new render
    ("the export how already", ("state",)),
    ("the export reach where", ("state",)),
    ("video ready ke?", ("state",)),
    ("export ho gaya?", ("state",)),
    # Pidgin "make you no render am": a hold
    ("make you no render am", ()),
    # guard: the export reported done, with thanks
    ("export ho gaya, thanks", ()),
])
def test_progress_and_holds_in_singlish_pidgin_and_hinglish(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Singlish "render already" ("just render it") asks for the render
    ("render already", ("export",)),
    ("render already then send me link can", ("export", "link")),
    # guards: what the person did, and the question whether it ran
    ("i render already", ("chat",)),
    ("did you render already", ("state",)),
])
def test_render_already_asks_for_the_render(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "&" joins the way "and" does for what comes after it too: the question's subject, the dismissal's scope
    ("can it make teasers & export for youtube?", ("chat",)),
    ("forget the export & the link", ()),
    # guard: as "and"
    ("forget the export and the link", ()),
])
def test_an_ampersand_carries_the_question_and_the_dismissal_like_and(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # wanting to know something before the export: the export is not asked for yet
    ("did the title change go through? want to know before i export it", ("state",)),
    ("before i download i want to know, did the music change go through", ("state",)),
    ("before i export i want to know how much it costs", ("credits",)),
    # the person's own step after the question, as a time: "before I download", "before we even think bout it"
    ("is the logo in yet? before i render", ("state",)),
    ("did the crop work?? gotta see it before we even think bout rendering", ("state",)),
    # guard: a step to do before the export
    ("before i export, add a title", ("chat", "export")),
])
def test_wanting_to_know_before_the_export_does_not_ask_for_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Geordie: a dialect word with its "'s" reads as the standard one ("hoo's" as "how's", "lang's" as
    # "long's"); "dinnet" is "don't"; progress asked with "lookin"
    ("how lang's the render got left", ("state",)),
    ("how many credits have i got and hoo's the project lookin", ("credits", "state")),
    ("dinnet render yet", ()),
    # guard: a dialect word with another ending is not read as the word
    ("add ma'am to the title", ("chat",)),
])
def test_geordie_words_and_their_possessive(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Manglish cost questions: "izzit" ends a question; "got different price" asks whether there is one
    ("need to pay 3 times izzit", ("credits",)),
    ("if i export 3 version need to pay 3 times izzit", ("credits",)),
    ("render in 1080p vs 720p got different price meh", ("credits",)),
    # guards: the price as content; a plain render
    ("add a caption that says got different price for members", ("chat",)),
    ("render in 1080p", ("export",)),
])
def test_manglish_cost_questions(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # downloading named as what fills the phone: a reason for the link, not a download
    ("下载太占内存了，有没有链接？发个链接", ("link",)),
    ("给俺网页版链接吧 下载太占地方", ("link",)),
    ("下载太占内存了", ("chat",)),
    # "I'll send it to my wife": the person sends it, nothing is sent to them
    ("莫导出了，给我个网页版链接，我发给我堂客看下", ("link",)),
    # guards: sent to the person, and a download asked for
    ("导出来发给我", ("export",)),
    ("导出来发给我媳妇", ("export",)),
    ("下载一下，有点占内存也没事", ("export",)),
])
def test_downloads_named_as_taking_space_and_files_sent_to_family(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the subtitles asked for "before the export": a thing named, then asked about
    ("出片之前叫你加的那个字幕，加上去了冇？", ("state",)),
    ("导出之前让你改的标题，改好了吗", ("state",)),
    # "the places to change before the export": an edit, no export
    ("导出之前要改的地方改一下", ("chat",)),
    # put aside with a Hunan 啰, then not now: nothing
    ("出片的事先放一边啰，暂时不用渲染", ()),
    # Changsha 何解 (how) and "do I download it myself?" ask how it works
    ("你好咯，想问下这个导出是何解操作的？", ("chat",)),
    ("渲染好的片子是存到哪里去的，要自己下载不？", ("chat",)),
    # Southwestern 没得动静 (nothing happening) asks about progress
    ("怎么一直没得动静", ("state",)),
    # guards: a step to do before the export; a plain export after the question
    ("导出之前要加字幕", ("chat", "export")),
    ("导出之前要把字幕的颜色改了", ("chat", "export")),
    ("帮我导出，要自己下载不？", ("export",)),
])
def test_changsha_questions_and_things_named_before_the_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the downloaded video praised in Kunming words (板扎), the exported one watched and approved: done
    ("收到了收到了，下载下来板扎得很，谢谢哈", ()),
    ("下载下来巴适得很", ()),
    ("好的，导出来的片子我看了，可以可以", ()),
    # guards: an edit after watching it; a download asked for
    ("导出来的片子我看了，字幕太小了，改大点", ("chat",)),
    ("帮我下载下来", ("export",)),
])
def test_the_downloaded_video_praised_or_watched_is_done(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "…, 改完了的话就导出": "if it is done" is a condition (spec rule 4), checked, not run
    ("字幕换成长沙话的，改完了的话就导出", ("chat", "state")),
    ("把开头那段剪了 剪完了的话就把链接发给俺", ("chat", "state")),
    # guard: without 的话 it is the order of the steps ("once done, export")
    ("字幕换成长沙话的，改完了就导出", ("chat", "export")),
])
def test_done_with_dehua_is_a_condition_and_without_it_an_order(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a hold run on into the reason with no comma ("… yet i aint made up my mind"): nothing
    ("dont export nothin yet i aint made up my mind", ()),
    ("dont export yet i havent made up my mind", ()),
    # "right nice" is praise: the download reported, praised, thanked
    ("well i got the video downloaded and it looks right nice, much obliged to ye", ()),
    # guards: a request run on after the hold; "right" as a direction
    ("dont render yet i want to add music", ("chat",)),
    ("move the title right, nice", ("chat",)),
])
def test_a_hold_run_on_into_its_reason_and_right_nice_praise(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a what-if with more said before its question: the premise of the question, asked of the agent
    ("Suppose I export in 4K and the client is having only a phone, will it play properly or I should go for 1080?",
     ("chat",)),
    # guard: a condition the skill can check stops the plan, whatever follows
    ("if i have enough credits, export it, and the client wants it tonight, can you hurry?", ("credits",)),
])
def test_a_what_if_with_more_before_its_question_is_asked_of_the_agent(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the words written after 写上一行 are the line itself: 下载 in it is content
    ("片尾写上一行 下载APP领优惠 字要红的", ("chat",)),
    # guard: the step after the line
    ("片尾写上一行 下载APP领优惠 然后导出", ("chat", "export")),
])
def test_the_line_written_after_xieshang_yihang_is_content(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a slow download said before asking for the link is why the link is wanted, not a question
    ("下载太慢了，你把项目链接给我好了", ("link",)),
    ("the download is so slow, just send me the link", ("link",)),
    # guards: asked as a question, it is answered too; said alone, a progress question
    ("下载怎么这么慢？把链接给我", ("state", "link")),
    ("下载太慢了", ("state",)),
])
def test_a_slow_download_before_the_link_is_its_reason(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Belfast English and Wenzhou Mandarin, from a blind set
    ("no need for a download, link'll do rightly", ("link",)),
    ("swap the 2nd and 3rd clips, check it's all in order on the timeline, then download", ("chat", "state", "export")),
    # an edit said as done ("after the colour's warmed up") is asked for, before the export
    ("export it after the colour's warmed up a bit, aye", ("chat", "export")),
    ("export it once the intro's trimmed", ("chat", "export")),
    # "before downloading I want to check" (的 at the end): the download is not asked for
    ("刚才那个标题颜色改好了没有？下载之前我要确认一下的", ("state",)),
    # guards
    ("export it after the title is fixed", ("chat", "export")),
    ("put them in order", ("chat",)),
])
def test_belfast_and_wenzhou_steps_and_holds(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Shaanxi praise with 咧, which is read as 了 before the rules run: the praise still counts
    ("成片已经下载好了，效果嘹咋咧，非常感谢！", ()),
    ("下载下来嫽咋咧，谢谢", ()),
    # guard: a download asked for with 咧 as its particle
    ("下载咧", ("export",)),
])
def test_shaanxi_praise_with_lie_is_read_as_written(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a one-clause report of what the person already did asks for nothing (it rendered again before)
    ("I already exported it", ("chat",)),
    ("last time i exported it", ("chat",)),
    ("我已经下载了", ()),      # since the second reading: a report the person sends asks for nothing
    # Irish English "I'm after downloading it" is "I have downloaded it"
    ("yes b'y I'm after downloading it now thanks a million", ()),
    ("I'm after downloading it last night and the music drowns out Nan talking so can ya turn the music down some",
     ("chat",)),
    # guards: the step asked; "after" still orders steps
    ("export it", ("export",)),
    ("export it after adding the logo", ("chat", "export")),
])
def test_a_report_of_an_export_already_done_asks_for_none(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # someone new, or asking what the tool does: an export asked as a question asks what it can do
    ("awrite pal, first time here, can ye make videos an export them an that?", ("chat",)),
    ("恁好！头回用，想问问恁这能弄啥，能出片不能？", ("chat",)),
    ("你好啊 第一次用 这个东西能做么 能出片发抖音无", ("chat",)),
    ("嗨呀你好噻 你能做啥子嘛 可以导出高清的不", ("chat",)),
    ("你好呀 第一次用 呢度点样导出条片㗎", ("chat",)),
    # guards: new, and asking for the export outright; asked without any sign of being new
    ("first time here, export my video please", ("export",)),
    ("can you export it?", ("export",)),
])
def test_an_export_asked_about_by_someone_new_asks_what_the_tool_can_do(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export left to someone else, to the person later, or to tomorrow; the edit now
    ("出片我夜晚叫孙女帮我搞 而家你帮我换个标题先", ("chat",)),
    ("导出我晚上叫孙女帮我弄你现在帮我把标题改成外婆八十大寿", ("chat",)),
    ("导出这一步额稍后自己操作，现在麻烦您把画面调亮一些", ("chat",)),
    ("渲染等天光日，今日先调下顺序，第三段放第一", ("chat",)),
    # guards: the export now, with someone else doing another thing
    ("导出，我让小王帮我弄字幕", ("export", "chat")),
    ("先调下顺序，然后渲染", ("chat", "export")),
])
def test_an_export_left_to_someone_else_or_to_tomorrow_is_not_done_now(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # how the export works, asked: where it goes (a choice, "directly to my phone?"), its longest, Wu 额 for 的
    ("你们这个导出是怎么运作的 是发到邮箱还是直接下载到本地啊", ("chat",)),
    ("你们这个下载是么样搞的 直接存到手机里么", ("chat",)),
    ("导出最长能弄多长的视频", ("chat",)),
    ("侬好呀！请问导出来额视频好放到微信里伐？", ("chat",)),
    # guards: the step asked, with the same words
    ("直接存到手机里", ("export",)),
    ("导出来额视频发给我", ("export",)),
    ("导出，是竖屏还是横屏你定", ("export", "chat")),
])
def test_how_the_export_works_asked_in_chinese_renders_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the finished video praised, its speed praised, the exported one watched: thanks, nothing sent
    ("成片儿瞅着倍儿地道，谢了啊👍", ()),
    ("哎呀妈呀出片这么快 杠杠的👍", ()),
    ("收到收到 导出那个我看着了 挺好 谢谢啊", ()),
    # guards: an edit after watching it; the export asked
    ("导出那个我看着了，字幕太小", ("chat",)),
    ("成片不错，导出吧", ("export",)),
    ("导出那个", ("export",)),
])
def test_the_finished_video_praised_in_northern_words_is_thanks(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # progress asked after the export was asked yesterday, or with Jianghuai 阿, or "可以下载了吧？"
    ("琴日叫你出片 出咗未啊 我睇唔到", ("state",)),
    ("我室友问我视频阿导出了，到底导了没得", ("state",)),
    ("导出好了冇，可以下载了吧？", ("state",)),
    # guards: the export asked now
    ("可以下载了", ("export",)),
    ("叫你出片", ("export",)),
])
def test_progress_asked_after_an_export_asked_earlier(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a cost question right after the export it asks about, in credits: the question alone
    ("同一个视频重复导出两次，会不会被扣两次积分呢？", ("credits",)),
    ("渲染一次有够贵厚，到底要多少积分", ("credits",)),
    # someone new asking what the tool does, the export named in passing in the same question
    ("g'day! what can this thing do, like edits before exporting and stuff?", ("chat",)),
    # guards: the export asked outright, then the cost; new, asking for it, then asking another thing
    ("帮我导出，要多少积分？", ("export", "credits")),
    ("导出，还剩多少积分", ("export", "credits")),
    ("first time here, export my video please. what else can you do?", ("export", "chat")),
    ("first time here, add a title before exporting", ("chat", "export")),
])
def test_cost_in_credits_after_the_export_and_new_users_asking_about_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # an edit left for later with 回头/晚些 再 + its verb, next to a step asked now: not sent
    ("先出片吧，logo回头再换", ("export",)),
    # guard: the edit asked now stays
    ("先把片头剪短，音乐回头再换", ("chat",)),
])
def test_an_edit_left_for_later_next_to_the_export_is_not_sent(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 完了的 / 好了的 before a noun names the finished file, as 完的 did: asked about, not asked for
    ("下载完了的文件在哪个文件夹", ("chat",)),
    # the video named, then sent over (发过来): the export
    ("帮我把导出的视频发过来", ("export",)),
    ("把导出好了的视频发过来", ("export",)),
    # guard: videos someone else has not sent over
    ("先别导出，老师还有几个视频没发过来", ()),
])
def test_the_finished_file_named_with_le_and_sent_over(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a guess at the cost with a quantity word (不少, 老多, 老鼻子) asks the cost, and renders nothing
    ("渲染一回得扣不少积分吧", ("credits",)),
    ("出片要花老多积分了吧", ("credits",)),
])
def test_a_guess_at_a_big_cost_asks_the_cost(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # downloading called a bother (太麻烦, 有点麻烦) before asking the link: why the link, no render
    ("下载起来太麻烦，给我网页链接就行", ("link",)),
    ("下载有点麻烦 有没有链接", ("link",)),
    # guards: 麻烦 as "please" asks for it
    ("麻烦下载一下", ("export",)),
    ("下载麻烦你了", ("export",)),
])
def test_a_download_called_a_bother_before_the_link_is_its_reason(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 先放起 / 暂时放起 (southwestern "leave it for now") holds the step it follows
    ("渲染先放起，把字幕改大点", ("chat",)),
    ("出片暂时放起 我再想想", ()),
    # guard: 放起 as "put" in an edit
    ("两段视频上下放起然后导出", ("chat", "export")),
])
def test_a_step_left_aside_with_fang_qi_is_held(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "we are finished" after a request says the editing is over; it asks no progress
    ("ok export it now, we are finished", ("export",)),
    ("render it, we are done", ("export",)),
    # guard: asked, it is a progress question
    ("are we done yet", ("state",)),
])
def test_we_are_done_after_a_request_is_said_not_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "so fast!" (真快啊, 好快哦) is praise: with the finished video received and thanks, nothing to do
    ("哇 真快啊，成片收到了，谢谢", ()),
    # guard: a part of the video too fast is an edit
    ("这段好快，放慢点", ("chat",)),
])
def test_so_fast_said_of_the_work_is_praise(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a condition on the edit said in the present ("goes through", "works"): the check of it, as
    # "went through" was; the export waits
    ("swap the font, and if it works, render it", ("chat", "state")),
    ("if the colour fix goes through, send me the video", ("state",)),
    # guard: a condition on the cost checks the balance
    ("if it works out cheap, export", ("credits",)),
])
def test_a_condition_in_the_present_on_an_edit_checks_the_project(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Fijian English "sega" (no, not): what it negates is not done
    ("sega export bro", ()),
    ("trim the start but sega export yet", ("chat",)),
    # guard: the console named in content
    ("make a video about my old Sega games", ("chat",)),
])
def test_fijian_sega_negates_the_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a Chinese condition checks what stands before its 的话: 加完了 only says when, the balance is the check
    ("字幕加上，加完了余额够的话就出片", ("chat", "credits")),
    # guard: the edit done is the check when nothing else is named
    ("改完了的话就导出", ("state",)),
])
def test_a_chinese_condition_checks_what_stands_before_its_marker(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # northern 搁 (put) before 片头/片尾 says where the attached photo goes: an edit asked with the upload
    ("这张照片搁片尾", ("upload", "chat")),
    ("这个视频搁片头，先甭出片", ("upload", "chat")),
    # guard: a caption alone asks nothing of the agent
    ("这张照片是片头", ("upload",)),
])
def test_ge_before_the_opening_or_end_places_the_attached_file(text, plan):
    assert route(text, ("a.jpg",)).plan == plan


@pytest.mark.parametrize("text, plan", [
    # thanks in Chichewa, Bemba, Luganda, Arabic, Hindi, Zulu, Xhosa, Hausa, Igbo, Finnish, Russian: thanks
    ("zikomo kwambiri", ()),
    ("received the video, natotela sana", ()),
    ("shukran, the video is perfect", ()),
    # guard: thanks, then a request
    ("zikomo, now make the title bigger", ("chat",)),
])
def test_thanks_in_more_languages_asks_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a hold on "the exporting" run on into the person's own next move ("i'll check it first"): held
    ("add the subtitles and export it, actually hold off on the exporting i'll check it first", ("chat",)),
    ("trim the intro and download it, no wait stop the downloading let me see it first", ("chat",)),
    # guard: with a comma, the same
    ("add the subtitles and export it, actually hold off on the exporting, i'll check it first", ("chat",)),
])
def test_a_hold_on_the_exporting_run_on_into_what_the_person_does_next(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what came out of the export (出来 + the subtitles, the title…) and what is wrong with it: a
    # complaint about the finished file, the fix asked, no render
    ("渲染出来标题歪了，帮我摆正", ("chat",)),
    ("导出来字幕全是乱码 咋回事", ("chat",)),
    # guard: the export asked, the quality of the last one said nothing about
    ("帮我导出来", ("export",)),
])
def test_what_came_out_of_the_export_and_is_wrong_is_a_complaint(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # after a hold, waiting for anyone to send the rest, or more files still coming, is the reason: nothing sent
    ("hold on, no download yet, waiting for the skipper to send me the other clips", ()),
    ("no export yet, still got more photos coming", ()),
    # guard: an edit asked next to the reason is sent
    ("no export yet, we have more songs coming, add a title though", ("chat",)),
])
def test_waiting_for_someone_to_send_the_rest_is_the_reason_for_a_hold(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # someone else's upload or export, waited for: no upload step (there is no file), no render
    ("still waiting for the drone guy to upload the footage, cut the intro meanwhile", ("chat",)),
    ("waiting on my sister to export her part, add the music to mine", ("chat",)),
    # guard: waiting for the skill to do it asks for it
    ("waiting for you to export it", ("export",)),
])
def test_someone_elses_step_waited_for_is_not_a_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "what is the render doing" (干啥呢, 嘎哈呢) asks about the running work: progress, no new render
    ("下载在干啥呢，这么半天", ("state",)),
    ("渲染嘎哈呢老半天", ("state",)),
    # guard: what the export is for is a question for the agent
    ("导出干啥用的", ("chat",)),
])
def test_what_is_the_render_doing_asks_its_progress(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "no sign of life" with the object first (一点反应都没有, 半点动静也没有) asks the progress
    ("下载一点反应都没有", ("state",)),
    ("渲染咋半点动静也没有", ("state",)),
    # guard: the audience's reaction is not the work's
    ("观众反应都没有", ("chat",)),
])
def test_no_sign_of_life_said_object_first_asks_the_progress(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "…so I can download it" (我好下载, 俺好导出) after a progress question: why it is asked, no render
    ("字幕加上了没？加好我好导出", ("state",)),
    ("logo换好了吗 换完我好下载", ("state",)),
    # guard: "when it is done, export it" asks the export
    ("加完了直接导出", ("export",)),
])
def test_so_i_can_download_it_is_the_persons_own_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a Zimbabwean address (shamwari, mukoma) or the particle "sha" asks nothing of its own
    ("please shamwari, render it tonight", ("export",)),
    ("render sha", ("export",)),
    # guard: the address before a request keeps the request
    ("machane can you add the music", ("chat",)),
])
def test_more_ways_to_address_the_assistant_ask_nothing_of_their_own(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "how far now with the export" asks its progress, as "how far with the export" did
    ("how far now with the export", ("state",)),
    ("how far so with di render, e don finish?", ("state",)),
    # guard: "how far" as a greeting, then a request
    ("how far now, add the music", ("chat",)),
])
def test_how_far_now_with_the_export_asks_its_progress(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # whether the video can still be edited after the export: asked, no render
    ("导出以后还可以再加字幕吗", ("chat",)),
    # no time to export today: the person's own step, the edit asked
    ("今天没空导出，先把字幕加上", ("chat",)),
    # only after the export did I see…: a complaint, then its fix
    ("渲染完了才发现字幕错了，改一下", ("chat",)),
    # guards: no time, so export now; export, then the edit
    ("我没时间了，直接导出吧", ("export",)),
    ("导出以后再改字幕", ("export", "chat")),
])
def test_after_the_export_asked_and_no_time_to_export_render_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what someone keeps telling the person about the export, asked whether true: a question, no render
    ("my brother keeps on telling me I have to download it before it expires, is that true", ("chat",)),
    # guard: told to, and asked outright
    ("she tells me to export it, so export it", ("export",)),
])
def test_what_someone_keeps_telling_about_the_export_is_asked_not_done(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # an edit named as a topic and left for later (标题的事以后再说), next to the export: not sent
    ("导出吧，标题的事以后再说", ("export",)),
    # guard: an edit asked with a verb before another can wait is sent
    ("tidy up the cuts, the subtitles can wait, then export", ("chat", "export")),
])
def test_a_topic_left_for_later_next_to_the_export_is_not_sent(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "i just need the link": "need" is no past tense, so nothing was done before; the link is asked
    ("i just need the link", ("link",)),
    ("we just need the link, no download", ("link",)),
    # guard: what was just done asks nothing of the export
    ("i just exported it", ("chat",)),
])
def test_i_just_need_the_link_asks_for_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 算了不查了 / 不查积分了: the look asked a moment ago taken back, only the export stands
    ("看看时间线，算了不看了，直接出片", ("export",)),
    ("查一下积分，算了不查了", ()),
    ("算了 不查积分了 导出吧", ("export",)),
    # guard: asked and kept
    ("查一下积分，然后导出", ("credits", "export")),
])
def test_a_look_taken_back_in_chinese_is_not_done(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a dismissal that names the export (今天不导了) drops the export, not the edit said before it
    ("把片头剪短 今天不导了", ("chat",)),
    # 所以 before a request is "so, do this", not a reason
    ("我要自己先看一遍才导出 所以现在只改标题", ("chat",)),
    # guards: a bare dismissal takes back the edit; 所以 after a reason still leads to the export
    ("加个字幕，算了", ()),
    ("因为要发朋友圈 所以帮我导出", ("export",)),
])
def test_a_dismissal_naming_the_export_keeps_the_edit(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "after that last export" says when: the balance is the question, nothing sent to the agent
    ("after that last export, how many credits do i have left?", ("credits",)),
    # guard: after the last export, an edit asked
    ("after the last export, add a title", ("chat",)),
])
def test_after_the_last_export_says_when(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "c'mere" / "hey" before the question word: still a question about the export, not a request for it
    ("hey what happens when i export, do i get a file or what", ("chat",)),
    ("c'mere what happens when i hit render, does it save to the phone or what", ("chat",)),
    # guard: a suggestion after the opener still asks for the step
    ("so how about you export it now", ("export",)),
])
def test_a_question_after_an_attention_word_is_still_a_question(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # how the file gets to a phone or a computer, asked with a how-word: how it works, nothing rendered
    ("剪好的片子怎么存到手机里啊", ("chat",)),
    ("片子做完了以后咋导出到电脑上", ("chat",)),
    ("这个视频要么样下载到手机上", ("chat",)),      # Wuhan 么样 (how)
    # how to get it once it is done, even where "once it is ready" is a clause of its own
    ("how do i export the video once it is ready?", ("chat",)),
    ("how do i download it when it's finished?", ("chat",)),
    # guards: asked for, and the older labels' bare "how do I get it onto my phone"
    ("帮我导出，然后下载到手机", ("export",)),
    ("how do i get the video onto my phone", ("export",)),
    ("你觉得么样办", ("chat",)),
])
def test_how_the_file_gets_to_the_phone_is_asked_not_rendered(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the link instead of the file, for a reason: the download takes room, cannot be done, "instead o"
    ("下载太占电脑空间了，发个链接就行", ("link",)),
    ("i cyaan download it on dis laptop, send di link", ("link",)),     # Jamaican cyaan (can't)
    ("instead o rendering it just send me the link", ("link",)),        # Scots o (of)
    # "hang fire on" holds the step it names
    ("hang fire on the export, the boss wants a look first", ()),
    ("hang fire on the link, export it", ("export",)),
    # guard: a can't that is not about the step
    ("mi cyaan wait, export it now", ("export",)),
])
def test_the_link_instead_of_a_download_and_hang_fire(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Jamaican "an" (and) joins two steps; the article "an" (before a vowel, an hour, an mp4) does not
    ("export it an gimme di link", ("export", "link")),
    ("show mi di timeline an mi balance", ("state", "credits")),
    ("make an intro an export it", ("chat", "export")),
    ("add an hour of music", ("chat",)),
    ("what's my balance an how long till the render is done?", ("credits", "state")),
    ("add an honest intro", ("chat",)),
])
def test_an_for_and_joins_two_steps(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Jamaican tru (through): a change asked about, a file that arrived and is thanked for
    ("did the music swap go tru?", ("state",)),
    ("yeh the export come tru, respec", ()),
    # guards: thanks with a step after it; respect as a topic
    ("big up, now export it", ("export",)),
    ("make a video about respect", ("chat",)),
])
def test_jamaican_tru_is_through(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a vague "I still want to change things" after holding the export is its reason, nothing to send
    ("dont export yet, i still want to change a few things", ()),
    ("hold off on the render, we might tweak some stuff first", ()),
    # guards: the change named is an edit to send; the vague wish alone still goes to the agent
    ("dont export yet, i still wanna change the music", ("chat",)),
    ("i want to change a few things", ("chat",)),
])
def test_a_vague_change_after_holding_the_export_is_its_reason(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "its exported" said as done, with thanks or what came after: no new render
    ("its exported, thanks", ()),
    ("it is exported, all good", ()),
    # guards: a time before the step, a request to make sure of it
    ("make sure it's exported by 5", ("export",)),
])
def test_its_exported_said_as_done_renders_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "is it exported?" asks how the work stands: the progress, never a new render
    ("is it exported?", ("state",)),
    ("has it been exported?", ("state",)),
    ("is the video exported?", ("state",)),
    # guards: a question about the format is about the tool; a request is a request
    ("is it exported in 4k?", ("chat",)),
    ("export it", ("export",)),
])
def test_is_it_exported_asks_the_progress(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "wat" / "wats" for what / what's: the timeline asked
    ("wats on the timeline now? then add a title", ("state", "chat")),
    ("wat is on the timeline", ("state",)),
    # guard: the balance is not the timeline
    ("wats in my balance", ("credits",)),
])
def test_wats_on_the_timeline_asks_the_state(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 导出是X还是Y: an either-or question about the step; about money, the balance and the cost
    ("出片是要钱的还是不要钱的", ("credits",)),
    # guard: about the shape of the file, the tool
    ("导出是竖屏还是横屏", ("chat",)),
])
def test_the_step_is_this_or_that_asks(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 出片不出了 / 导出不导了 / 今天不出了: the export named, then taken back; "too busy today" its reason
    ("导出不导了", ()),
    ("下载不下了，这两天太忙", ()),
    ("今天不出了", ()),
    # guards: something else that does not show up is a complaint to send; an edit stays
    ("字幕不出了", ("chat",)),
    ("加个字幕，今天不导出了", ("chat",)),
])
def test_the_export_named_then_taken_back(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Jamaican "wah" (what) before di / dis / mi opens a question: what the export costs
    ("wah di export cost fi a short clip", ("credits",)),
    # guard: Singlish "wah" before "the" is a cry of delight
    ("wah the exported video very nice, thanks", ()),
])
def test_jamaican_wah_asks_what(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Jamaican tek (take) in a cost question; "after dat" (after that) orders two steps
    ("how much a render a go tek outa mi account", ("credits",)),
    ("check mi balance, after dat export it", ("credits", "export")),
    # guard: an edit before it stays
    ("add di music, after dat export it", ("chat", "export")),
])
def test_jamaican_tek_and_after_dat(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Jamaican "hol on" (hold on) and "nutten" (nothing): nothing rendered, nothing sent
    ("hol on hol on, doan render nutten", ()),
    # guard: after the pause, a step
    ("hol on, export it", ("export",)),
])
def test_hol_on_doan_render_nutten(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 时间线也给我看下: the timeline asked, with 也 / 再 / 顺便 between
    ("时间线也给我瞅瞅", ("state",)),
    ("先导出，时间线也给我看看", ("export", "state")),
])
def test_the_timeline_also_shown(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # northern 后头 (later): the export left for later, by the person; 放后头 is still a place
    ("片子我自己后头再导", ()),
    ("导出后头再说，先把字幕加上", ("chat",)),
    ("把这段放后头", ("chat",)),
])
def test_houtou_is_later_before_zai_and_after_ziji(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # how long it has been running is a complaint with the progress question, not a new render
    ("it's been exporting for half an hour, is it stuck?", ("state",)),
    ("its after being downloading for an hour now, is it frozen?", ("state",)),   # Irish "after being"
    # 扣了多少分: 分 short for 积分, the cost asked after the export
    ("导出来，顺便说下扣了我多少分", ("export", "credits")),
    # guard: a score is not a cost
    ("给这个视频打多少分", ("chat",)),
])
def test_how_long_it_has_been_running_renders_nothing(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "… yet boss?": the progress asked, with a name after "yet"
    ("di export finish yet boss?", ("state",)),
    # Jamaican past with a bare verb: "last time mi render it" was a render before, the edit is asked
    ("last time mi render it di colours look dull, brighten dem", ("chat",)),
])
def test_yet_with_a_name_and_a_bare_past(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Wu 阿 before the verb asks (导出阿成功了: has it worked?), also typed 啊 before 要钱
    ("出片阿成功了？", ("state",)),
    ("下载啊要钱的哦", ("credits",)),
])
def test_wu_a_asks_about_the_step(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "the render started ten minutes ago": said, with the status asked; no second render
    ("status? export started 10 mins back", ("state",)),
    # "say we were to export it now, would …": supposed, a question to the agent; nothing rendered
    ("say we were to export it now, would the music still be in sync?", ("chat",)),
    # guard: starting it is asked
    ("start the export", ("export",)),
])
def test_a_render_said_started_or_supposed_is_not_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "… yet hon i'm not happy with the intro": the reason starts a sentence of its own, unpunctuated
    ("dont export it yet hon i'm not happy with the intro", ()),
    # a name after "rendering" (mate, love, honey) still holds the render
    ("hold off on rendering love, we're not ready", ()),
    # guard: the reason after a request leaves the request
    ("render it mate", ("export",)),
])
def test_a_reason_run_on_after_holding_the_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Nigerian "abeg" (please) after the bare verb: the render, asked or held
    ("render abeg", ("export",)),
    ("not yet for the render abeg", ()),
])
def test_abeg_after_render(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 改好了我再说出片的事: the export left to be talked about later, after the change; only the question runs
    ("音乐换好没？换好了我再说导出的事", ("state",)),
    ("加字幕，加完我再谈下载的事", ("chat",)),
])
def test_the_export_to_be_talked_about_later(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "on god", "my dear", "ty": around thanks and a held export, nothing to send
    ("on god the export came out clean ty", ()),
    ("dont export it yet my dear I'm not one bit sure about the song", ()),
    ("hold off on the render i'm not totally happy with it", ()),
    # guard
    ("on god export it now", ("export",)),
])
def test_on_god_my_dear_and_ty(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, attachments, plan", [
    # 啥也别整 (do nothing with it) / 莫急用 (no hurry to use it): the file goes up, nothing else is asked
    ("传上去就行，啥也别整", ("a.jpg",), ("upload",)),
    ("照片先传上去放着，莫急用", ("a.jpg",), ("upload",)),
    ("先别导出，啥也别整", (), ()),
    # guard: what to do with it, said
    ("传上去，放在片头", ("a.jpg",), ("upload", "chat")),
])
def test_upload_and_leave_it_alone_in_chinese(text, attachments, plan):
    assert route(text, attachments).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Zambian "ba" before a name or title is a courtesy, not content
    ("ba assistant no export please, just the link", ("link",)),
    ("ba Mwale, export it", ("export",)),
])
def test_zambian_ba_before_a_name(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the link asked about, not for: how it works, for the agent
    ("will the link expire?", ("chat",)),
    ("is the link public?", ("chat",)),
    ("can the client open the web link without an account?", ("chat",)),
    ("do i get a file or a link?", ("chat",)),
    # guards: the link asked for, as a question too
    ("can you send me the link?", ("link",)),
    ("can i get the link?", ("link",)),
])
def test_the_link_asked_about_is_not_sent(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Singlish "finish render already or not": the progress asked, never a render
    ("the video finish render already or not", ("state",)),
    ("video done export or not", ("state",)),
    # guard: a request with "or not" elsewhere
    ("render it, whether its perfect or not", ("export",)),
])
def test_finish_render_already_or_not_asks_the_progress(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "how much left (now ah)?": the balance
    ("how much left now ah", ("credits",)),
    ("rendering eats credits, how many left?", ("credits",)),
    # guard: time left is the progress
    ("how much time left?", ("state",)),
])
def test_how_much_left_is_the_balance(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a claim about the cost, then a bare "true?": the cost asked
    ("my son says exporting is free, true?", ("credits",)),
    ("a mate reckons rendering eats heaps of credits, true?", ("credits",)),
    # guard: "true?" inside a title
    ("add a title that says true?", ("chat",)),
])
def test_a_cost_claim_then_true_asks_the_cost(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 导出不要积分: said of the step's cost (a claim or a guess), not a negation and not a request
    ("导出不要积分吧？", ("credits",)),
    ("我朋友说下载不花钱 是不是真的", ("credits",)),
    # guard: the export asked, then the balance
    ("先导出，再查积分", ("export", "credits")),
])
def test_the_export_costs_nothing_is_a_cost_question(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 扫码下载APP is what the video says (a call to viewers), not a request to download the video
    ("片尾加字幕 扫码即可下载", ("chat",)),
    ("开头加一行 扫一扫下载我们的小程序", ("chat",)),
    # guard: the download asked after the edit
    ("片尾加字幕，然后下载", ("chat", "export")),
])
def test_scan_to_download_is_words_of_the_video(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "you haven't exported anything yet, have you?": how the work stands, asked; never a render
    ("so you haven't exported anything yet, have you?", ("state",)),
    # guard: "…it yet, please do" asks for it
    ("you haven't exported it yet, please do", ("export",)),
])
def test_you_havent_exported_anything_asks_the_state(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # set 460's kinds, in other words: a question about the export never starts one
    # how the work stands: have / are / did, and tag-less fragments
    ("have you rendered it already?", ("state",)),
    ("did we already download this?", ("state",)),
    ("render done?", ("state",)),
    ("downloaded already?", ("state",)),
    ("是不是已经渲染完了", ("state",)),
    ("出片过了吗", ("state",)),
    # advice and how it works: for the agent
    ("should we export it now?", ("chat",)),
    ("is it a good idea to render now?", ("chat",)),
    ("would exporting reset the music?", ("chat",)),
    ("渲染能暂停吗", ("chat",)),
    ("现在下载合适吗", ("chat",)),
    # guards: asked for; advice about an edit
    ("export it now", ("export",)),
    ("should i add music?", ("chat",)),
])
def test_questions_about_the_export_start_none(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 我是不是该导出了 (should I?), 渲染会把字幕弄没吗 (will it…?), 导出以后能再改吗: asked, for the agent
    ("我是不是应该下载了", ("chat",)),
    ("渲染会把字幕弄没吗", ("chat",)),
    ("下载之后能再改字幕吗", ("chat",)),
    # guard: the export asked, then an edit with 把
    ("导出，把音乐去掉", ("export", "chat")),
])
def test_should_i_and_will_it_in_chinese_are_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a question that plans no step still wants an answer: the agent gives it
    ("can i download it later?", ("chat",)),
    ("should i wait before exporting?", ("chat",)),
    ("do i need to render again after changes?", ("chat",)),
    # guards: a question that holds a step sends nothing; thanks stay thanks
    ("could you hold off on the export?", ()),
    ("先别导出好吗？", ()),
    ("can i download it later", ()),    # no question mark: said, not asked
])
def test_a_question_with_no_step_goes_to_the_agent(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "is the render running?", "what happened to the render?": how the work stands
    ("is the export running?", ("state",)),
    ("what happened with my export?", ("state",)),
    # guard: running as content
    ("add a clip of the dog running", ("chat",)),
])
def test_is_the_render_running_asks_the_progress(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "tell me if it exported", 成片出来了没有: how the work stands
    ("tell me if it rendered", ("state",)),
    ("片子出来了吗？", ("state",)),
    # guard: a condition on it checks the work and stops there
    ("if the render finished, send it to me", ("state",)),
])
def test_tell_me_if_it_exported_asks_the_progress(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "the difference between rendering and exporting": the pair is read together, a question; no render
    ("whats the difference between rendering and exporting", ("chat",)),
    # guard: "and" still joins two steps
    ("add music and export", ("chat", "export")),
])
def test_the_difference_between_export_and_download_is_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Henan 恁 is "so" before 长时间 / 慢 / 久; Shanxi 甚 is 什么: read as Mandarin, a progress question
    ("为啥下载恁长时间", ("state",)),
    ("导出咋恁慢", ("state",)),
    ("让我看看片子现在是甚样子", ("state",)),
    # guards: 恁 as "you" asks; 余额 stays the balance
    ("恁帮我导出一下", ("export",)),
    ("我余额这个月还够吗", ("credits",)),
])
def test_northern_words_for_so_and_what_read_as_mandarin(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # still waiting on the export, a bar that does not move, why it takes so long: the progress asked
    ("俺还在等着导出呢", ("state",)),
    ("进度条半天不动弹", ("state",)),
    ("怎么下载这么长时间", ("state",)),
    # guard: asked for
    ("帮我渲染一下", ("export",)),
])
def test_waiting_on_the_export_asks_how_it_stands(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 先停停 (hold it) after the export, Henan 白给我 (don't … for me): nothing now
    ("导出先停停", ()),
    ("白给我渲染，我自己来", ()),
    # guard: 白 as white
    ("白色的字幕，然后导出", ("chat", "export")),
])
def test_hold_it_and_henan_dont_hold_the_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # downloaded and watched, Henan 可排场 (looks great), "got the final video": thanks, no new render
    ("下载下来看了，挺好", ()),
    ("可排场", ()),
    ("got the final video", ()),
    # guards: downloading to watch asks for it; a complaint after the thanks goes to the agent
    ("下载下来看看", ("export",)),
    ("got the video, but the music is too loud", ("chat",)),
])
def test_the_file_received_and_watched_is_thanks(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    ("how many points do we have left", ("credits",)),     # points as credits
    ("just render straight", ("export",)),                 # straight: at once
    ("can download inside this app?", ("chat",)),          # what the tool can do, asked
    ("加一行字：好运来烧烤 下载APP享八折", ("chat",)),        # an advert's words, in the video
    # guard: everything in here is what to export
    ("export everything in here", ("export",)),
])
def test_points_straight_and_inside_here(text, plan):
    assert route(text).plan == plan


def test_an_upload_with_no_place_for_it_yet_sends_only_the_file():
    # "not sure where it goes yet": nothing for the agent to do with it
    assert route("here's the clip, not sure where it goes yet", ["clip.mp4"]).plan == ("upload",)
    assert route("here's the clip, put it at the end", ["clip.mp4"]).plan == ("upload", "chat")   # guard


@pytest.mark.parametrize("text, plan", [
    # after "what can you do?", a "can …" naming the export asks what else the tool does: no render
    ("morning! what can you do? like can i cut clips then download the video for my mum", ("chat",)),
    ("你能做些什么？能剪辑然后下载吗", ("chat",)),
    # guard: asked for now
    ("what can you do? add music and export it now", ("chat", "export")),
])
def test_can_it_export_after_what_can_you_do_asks_what_it_does(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export word inside the thanks names the file that came ("received the render"): no new render
    ("io, got the export", ()),
    ("io received the render", ()),
    ("ok gbam the render fine die", ()),
    ("成片收到了，你们真霸得蛮", ()),
    # guards: thanks, then the step asked; thanks, then an edit
    ("thanks, export it", ("export",)),
    ("io export it", ("export",)),
])
def test_the_export_named_in_the_thanks_is_not_asked_again(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 收到成片了 (the finished video came), then an edit: the edit alone, no new render
    ("收到成片了，字幕太小，改大点", ("chat",)),
    ("成片拿到了，再加个片尾", ("chat",)),
    # guard: the finished video asked for
    ("把成片发我", ("export",)),
])
def test_the_finished_video_received_then_an_edit_sends_only_the_edit(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export word in what the video shows, or in someone else's download: a topic, no render
    ("做一段动画：小朋友在电脑前下载作业的画面", ("chat",)),
    ("生成一段老师渲染视频的场景", ("chat",)),
    ("帮我做个视频，讲一讲在淘宝平台下载优惠券", ("chat",)),
    ("make a video showing students how to check grades and download their timetable from the school portal", ("chat",)),
    # guard: 画面 as the picture, then the export asked
    ("画面调亮一点再导出", ("chat", "export")),
])
def test_a_download_the_video_shows_is_a_topic(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "… or wetin" ends a Pidgin question; 导出能不能没有水印 asks what the export gives: no render
    ("i go get mp4 or wetin", ("chat",)),
    ("下载可不可以不带logo", ("chat",)),
    # guards: the export asked, then a question about it; the export asked with 能不能
    ("帮我导出，能不能不要水印", ("export", "chat")),
    ("导出能不能发我", ("export",)),
])
def test_pidgin_or_wetin_and_no_watermark_are_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # why the export failed, where the exported file is: how the last run went, not a new one
    ("渲染咋又失败了", ("state",)),
    ("下载好的文件在哪里", ("state",)),
    # guards: where files are stored is how it works (set 394); a failure reported, then the export asked
    ("下载的文件存在哪里啊", ("chat",)),
    ("导出又失败了，再导一次", ("export",)),
])
def test_why_the_export_failed_and_where_the_file_is_ask_the_last_run(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the condition's done-word in other words ("ok already", "after going through", "on there now",
    # natapos), or cut off as the separator (要是字幕加|好了|直接出片): the work checked, nothing rendered
    ("if the subtitle change ok already then export for me", ("state",)),
    ("if the logo is on there now, send me the finished one", ("state",)),
    ("if the colour change is after going through, render it", ("state",)),
    ("要是字幕加好了直接出片", ("state",)),
    # guards: a balance condition checks the balance; a plain done-word
    ("如果余额够直接导出", ("credits",)),
    ("if the intro is fixed, export", ("state",)),
])
def test_a_condition_on_the_work_in_other_words_checks_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export left for later, then the timeline asked: the timeline alone
    ("i'll make the export myself later, now only show me the timeline", ("state",)),
    ("just show us the timeline for now", ("state",)),
    ("下载不用了，我直接看看时间线", ("state",)),
    # guards: a timeline for something is content; done on the web, said
    ("make a timeline for the wedding", ("chat",)),
    ("我直接在网页上下载了", ("chat",)),
    ("i will make the render myself tomorrow. show me the timeline", ("state",)),
])
def test_the_export_left_for_later_then_the_timeline_shows_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what the file is waited for (等着发群里, 明早开会要用): a reason, not a message for the agent
    ("快点渲染，等着用", ("export",)),
    ("导出吧，明早开会要用", ("export",)),
    # guard: waiting on an edit names the edit
    ("导出，等着把音乐换了", ("export", "chat")),
])
def test_what_the_file_is_waited_for_is_a_reason(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export held, then an edit asked: the edit is sent, never dropped
    ("never mind the export, take out bohemian rhapsody", ("chat",)),
    ("导出的话改天再说，今天先把片头剪短点", ("chat",)),
    ("导出我晚上自己来 您先把中间那段快进一下", ("chat",)),
    # guard: the export held alone sends nothing
    ("导出的话改天再说", ()),
])
def test_an_edit_after_the_export_held_is_sent(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # an English what-if asked without a question mark: for the agent, not nothing
    ("if i was to download this would it fit on my phone", ("chat",)),
    ("if i export it now the music will still be there or not", ("chat",)),
    ("if i render in 4k would the file be huge", ("chat",)),
    # guards: a condition the skill checks; a condition and the step
    ("if the subtitles are done export it", ("state",)),
    ("if you have time export it", ("export",)),
])
def test_an_english_what_if_asked_goes_to_the_agent(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "…的话就太好了" (it would be great if …): a polite request, neither a condition nor thanks
    ("能把音乐调小的话就太好了", ("chat",)),
    ("能把片头剪短一点的话，那就太感谢了", ("chat",)),
    # guards: a condition the skill checks; thanks alone
    ("积分够的话就导出", ("credits",)),
    ("好的，那就太好了", ()),
])
def test_it_would_be_great_if_is_a_polite_request(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Birmingham "dow" (don't), Hawaii Pidgin "um" (it) and "stay …ing" (is …ing), a dropped h (ow's)
    ("dow render it yet bab", ()),
    ("dow need to export it, just gi us the link", ("link",)),
    ("no render um yet bruddah", ()),
    ("render um and send da link", ("export", "link")),
    ("trim da intro den render um", ("chat", "export")),
    ("stay exporting still or wat?", ("state",)),
    ("ow's the render comin along then?", ("state",)),
    ("how long mo fo da export?", ("state",)),
    ("k got da vid", ()),
    # Nanjing 阿好了 asks whether it is done; Suzhou 阿好 before a verb still asks for it
    ("下载阿好了啊", ("state",)),
    ("阿好帮我查查积分", ("credits",)),
    # how long the export has run is said, not asked; 导出来了吗 asks; 价钿 is the price
    ("导出都有二十分钟了，咋还没好", ("state",)),
    ("片子导出来了吗", ("state",)),
    ("出片要几多价钿", ("credits",)),
    ("导出的价钱是多少", ("credits",)),
    # guards: a request for a ten-minute video, a plain "um" before a request
    ("导出十分钟的那版", ("export",)),
    ("um, can you export it now", ("export",)),
])
def test_dialect_negations_objects_and_progress_questions(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, attachments, plan", [
    # the file arrived and the rest only praises it or says what the person did with it: nothing to send
    ("视频下载下来了，我看完了，好的", (), ()),
    ("渲染蛮快的嘛 灵光的", (), ()),
    # right after a step dismissed by name, a bare 不弄了 says it again; it does not take back the rest
    ("查下积分，下载算了，不弄了", (), ("credits",)),
    # 放一下 after a place puts the file there (先放一放 still leaves it for later); "fo da ending" places it
    ("中间放一下", ("a.jpg",), ("upload", "chat")),
    ("pic fo da ending, no export yet", ("a.jpg",), ("upload", "chat")),
    # what the person will do themselves, later (弄弄) or by clicking export (点导出), is not sent
    ("音乐我自己晚点弄弄，先导出", (), ("export",)),
    ("弄好了吗？我自己点导出", (), ("state",)),
    # guards: a bare dismissal after an edit takes it back; 先放一放 with a file leaves it for later
    ("加点音乐，算了，不弄了", (), ()),
    ("先放一放", ("a.jpg",), ("upload",)),
])
def test_reports_restated_dismissals_placements_and_own_steps(text, attachments, plan):
    assert route(text, attachments).plan == plan


@pytest.mark.parametrize("text, plan", [
    # where the file will be after the export, asked; where to download the video asks for it
    ("导出以后在哪下载呀", ("chat",)),
    ("视频在哪里下载", ("export",)),
    # what a wife, a husband (Cantonese 话: says) or a friend said is theirs; the request after it is sent
    ("我媳妇说直接出片就行，先把字幕调大", ("chat",)),
    ("我老公话直接导出就得，帮我加首歌", ("chat",)),
    # an okay, the file reported arrived, and someone watched it: nothing to send
    ("好嘛 导出来了 孙女儿看了", ()),
    # guards: a friend addressed asks; a reported edit is still asked for
    ("兄弟，帮我导出", ("export",)),
    ("我老公说要换首歌", ("chat",)),
])
def test_what_others_said_and_where_the_file_goes_are_not_requests(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the export called slow right after the link is asked is why the link (before it, too)
    ("给我链接，下载太慢了", ("link",)),
    ("can i get the link? the download is way too slow", ("link",)),
    # guard: asked whether it is slow, it is a progress question
    ("给我链接，下载是不是很慢", ("link", "state")),
])
def test_the_export_called_slow_next_to_the_link_is_its_reason(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # after a step, 等(你)把…好了 / 等…好了 is what goes first, then the step (the issue's order rule)
    ("导出吧，等字幕加好了再导", ("chat", "export")),
    ("链接发我，等你把字幕整好再发", ("chat", "link")),
    # 哦等下儿 takes the step back until what follows is done
    ("导出，哦等下儿，先把音乐换了", ("chat", "export")),
    # guards: said in order; a bare "wait a moment" after the step
    ("等字幕加好了再导出", ("chat", "export")),
    ("导出，等一下", ("export",)),
])
def test_wait_until_it_is_done_after_a_step_goes_first(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "when y'all are done" is when to do the step, not a progress question
    ("send the link when ya are all done", ("link",)),
    ("export it once yall are finished", ("export",)),
    # a link sent with another verb ("chuck", "drop") runs on after a step or an edit, unpunctuated
    ("render it chuck me the link", ("export", "link")),
    ("add music chuck the link over", ("chat", "link")),
    # a trailing "ya" (yeah) after the step: "render ya"
    ("trim the intro then render ya", ("chat", "export")),
    ("don't render ya", ()),
    # guard: asked whether it is done
    ("are y'all done yet?", ("state",)),
])
def test_when_you_are_done_and_run_on_link_verbs(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 等我 review 完再说 leaves the edit for later, spaces and all; a space then 也先别 starts a new clause
    ("先上传 剪辑等我 check 完再说 也先别导出", ("upload",)),
    # the timeline opened for the person (给我打开) shows it
    ("你先把时间线给我打开", ("state",)),
    # "wait / never mind, first do X": the request after the dismissal is sent (it was moved before the
    # dismissal as if it went first, and taken back by it)
    ("等我一下，先把音乐换掉", ("chat",)),
    ("算了，先把音乐换掉", ("chat",)),
    ("wait, forget it, change the music first", ("chat",)),
    # guard: a dismissal after the request takes it back
    ("先把音乐换掉，算了", ()),
])
def test_chinese_deferrals_with_spaces_and_the_timeline_opened(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # after the link is asked, "can you send it to me?" sends the link, not a download
    ("我要网页版链接，能发给我吗", ("link",)),
    ("我要网页版链接，可否发给我", ("link",)),
    # South African "just now" (in a while): the person's own download, later
    ("I'll download it just now, can you add english subs first", ("chat",)),
    # guards: "send it to me" after the export is the file; "download it just now" asks
    ("把视频导出来，能发给我吗", ("export",)),
    ("download it just now", ("export",)),
])
def test_send_it_after_the_link_and_my_own_download_just_now(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what the file can do after the export (能发抖音吗), asked: no render
    ("导出以后能发抖音吗？", ("chat",)),
    # a worry about the balance next to the balance asked is its reason, not a download
    ("积分还剩多少？我担心不够导出", ("credits",)),
    # guard: after the export, post it (no question) asks for the export
    ("导出以后发抖音", ("export",)),
])
def test_what_the_file_can_do_and_a_worry_about_the_balance_are_not_downloads(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Cantonese 未好 (not yet) before the step holds it
    ("未好导出住", ()),
    ("首歌放喺尾，未好渲染住", ("chat",)),
    # Tagalog "ang tagal ng export" (it takes long) asks the progress; someone asking whether it was
    # exported is a report, the question after it asks
    ("ang tagal ng render po", ("state",)),
    ("yung boss ko nagtatanong kung na-export na, na-export na ba?", ("state",)),
    # guard: 还没好 asks whether it is done
    ("还没好导出", ("state",)),
])
def test_cantonese_not_yet_and_tagalog_progress(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Swahili: "kama" (if) conditions the step on what the skill checks; "credits ngapi" asks the cost;
    # "baadaye" (later) leaves the export for later
    ("export it kama credits zinatosha", ("credits",)),
    ("kama music imeingia, render it", ("state",)),
    ("sasa, ku-export itakula credits ngapi", ("credits",)),
    ("trim the intro, download baadaye", ("chat",)),
    # guard: "kama" alone is just a word
    ("make a video called kama", ("chat",)),
])
def test_swahili_conditions_costs_and_later(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a step and its object, then the balance asked without a pause: both ("render it tell me my balance"
    # was the render alone: the run-on words in code did not list it, though router.yaml did)
    ("render it tell me my balance", ("export", "credits")),
    ("download it tell us the balance", ("export", "credits")),
    # guard: after an edit, "tell me" stays in the edit's clause
    ("make the title bigger tell me my balance", ("chat",)),
])
def test_a_step_then_the_balance_asked_without_a_pause_does_both(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Fuzhou: 伓 is 不, 伓使 不用, 乇 什么, 还毛 还没; an accent without f types 积昏 for 积分
    ("先伓要出片，依再看看", ()),
    ("链接发我就行，伓使下载", ("link",)),
    ("出片要多少积昏", ("credits",)),
    ("字幕加好了无？怎么还毛好", ("state",)),
    ("这个文件传上去就好 伓用做乇", ("upload",)),
    # guard: 毛 the word stays a word
    ("做一个小猫毛茸茸的视频", ("chat",)),
])
def test_fuzhou_not_and_an_accent_typo(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Bajan: "wunna" (you all), "lef" (left), a question without its "is"
    ("make it brighter, render it, den tell me how much I got lef", ("chat", "export", "credits")),
    ("render it after wunna fix de title", ("chat", "export")),
    ("how much I got lef?", ("credits",)),
    ("how de export going?", ("state",)),
    ("the export done yet, or it stuck?", ("state",)),
    ("it taking forever, wha happenin wid de render", ("state",)),
    # guards: "wha happenin" alone greets; "going to" is no progress
    ("wha happenin, you could make a video of a cricket match?", ("chat",)),
    ("how the export going to look on a phone?", ("chat",)),
])
def test_bajan_progress_balance_and_wunna(text, plan):
    assert route(text).plan == plan


def test_a_refusal_then_rather_asks_for_what_follows():
    # the refusal-then-ask split reads router.yaml's contrast words; a copy of them in code lacked "rather"
    assert route("dont add the filter rather trim the intro and export").plan == ("chat", "export")


@pytest.mark.parametrize("text, plan", [
    # a download that cannot happen (no room, 下载不了) asks for nothing: the link asked instead is the step
    ("手机内存没空间下载了，发个链接给我吧", ("link",)),
    ("电脑download不到，有没有网页版的链接", ("link",)),
    # "导出要等X好": X first; "导完告诉我…": after the export, the balance; 讲我 (tell me) the balance
    ("出片要等音乐换好以后", ("chat", "export")),
    ("加个片尾 导出 导完告诉我还剩几个积分", ("chat", "export", "credits")),
    ("先导出，然后讲我还剩多少积分", ("export", "credits")),
    # a progress question on an edit (有换到了吗); the person's own download later (才自己下载)
    ("音乐有换到了吗？我下班才自己下载", ("state",)),
    # said, not asked: downloaded already, daren't download, whether it downloads by itself, later (迟一点才讲)
    ("ok 我download了，谢谢", ()),
    ("我不敢下载，先把字幕改大一点", ("chat",)),
    ("剪好以后会自动保存下载到手机吗", ("chat",)),
    ("导出迟一点才讲，先把颜色调暖", ("chat",)),
    # "render what we got": the export
    ("forget the music, just render what we got", ("export",)),
    # guards: waiting on the person is no order (导出等我确认完再说); 讲 a topic; 下载 asked as a step
    ("加个标题，导出等我确认完再说", ("chat",)),
    ("做个视频讲我们怎么做鱼丸", ("chat",)),
    ("下载不了，帮我重新导出", ("export",)),
])
def test_can_not_download_order_by_waiting_and_said_not_asked(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Wu / Ningbo: 弗 (不), 个话 (的话), 咋话 (怎么); Henan: 嘞 after a step (了), 木问题, 昨个 (昨天)
    ("出片弗急，先帮我把音乐换掉", ("chat",)),
    ("字幕加好个话，就导出", ("state",)),
    ("有空个话帮我把字幕放大点", ("chat",)),   # polite: 有空的话 is no condition the skill checks
    ("咋话下载到电脑里向去", ("chat",)),
    ("片子导出来嘞，俺看了，木问题", ()),
    ("昨个下载嘞那个片子声音太小，恁给调大点", ("chat",)),
    # said, not asked: the file received (出片收到), the ask made before (刚刚叫你出片) beside its progress,
    # the person's own export later (改好了我再叫你导出, 加好了我自己导出)
    ("出片收到，谢谢", ()),
    ("刚刚叫你出片，怎么还没好", ("state",)),
    ("音乐换好了吗？换好了我再叫你导出", ("state",)),
    ("字幕加好了吗？加好了我自己导出", ("state",)),
    ("导出放到音乐换好以后", ("chat", "export")),
    # guards: 这个话 stays a measure word; 弗兰克 a name; 导出 asked with 的话 ahead of it
    ("做个视频，这个话题是春节", ("chat",)),
    ("做一个关于弗兰克的视频", ("chat",)),
])
def test_wu_and_henan_words_and_what_was_said_before(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Cameroonian Pidgin: "dey" (is), "wey you export" (that you exported), "how i go download" (how will I)
    ("the download dey prepare?", ("state",)),
    ("how the video dey look now? then send the link", ("state", "link")),
    ("the last video wey you render, make the title bigger", ("chat",)),
    ("abeg explain me how i go download am", ("chat",)),
    # a file received reported: "I don receive the exported video", "the export reach me"
    ("i don receive the exported video, tank you", ()),
    ("cool, the export reach me", ()),
    # guard: where a download goes is asked of the agent
    ("where the download dey go after e finish?", ("chat",)),
])
def test_pidgin_progress_and_what_was_done_before(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Wu (Wuxi, Shanghai): 哪能 (怎么), 伲 (我), 勿 before a state (不), 介长辰光, 拿 for 把
    ("做好个片子哪能存到手机里", ("chat",)),
    ("要是勿麻烦个话，帮伲把音乐换掉", ("chat",)),
    ("哪能渲染了介长辰光，是勿是卡牢了", ("state",)),
    ("导出好了以后拿链接发伲", ("export", "link")),
    # Mandarin: "once exported, then the link" (导出好了以后); a download the person cannot do is a reason
    ("导出好了以后把链接发我", ("export", "link")),
    ("下载我弄不来的，你发个网址过来", ("link",)),
    # A-not-A with 没 asks whether an edit is done (加没加好, 有没有改好)
    ("字幕加没加好", ("state",)),
    ("片尾有没有改好啊，我等下要汇出", ("state",)),
    # guards: 导出好了 asked; 以后再说 still defers
    ("导出好了吗", ("state",)),
    ("导出好了以后再说，先把颜色调暖", ("chat",)),
])
def test_wu_words_and_a_step_once_the_export_is_done(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Taiwan Mandarin: 汇出 / 档案 / 影片, points (点) as the cost, options asked about, politeness
    ("汇出大概要几点？", ("credits",)),
    ("档案有下载到，谢谢喔", ()),
    ("影片汇出来超漂亮的，感谢", ()),
    ("汇出可以选横的吗", ("chat",)),
    ("不知道会不会太麻烦，可以给我网页版的连结吗", ("link",)),
])
def test_taiwan_mandarin_cost_options_and_files_received(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # New Orleans: "what it run me" (no "does"), "where y'at wit dat render", a held download and its reason
    ("what it run me to export the long one?", ("credits",)),
    ("where y'at wit dat export?", ("state",)),
    ("no need to export nothin right now cher, im still lookin it over", ()),
    # "finish the X" asks for the edit, beside another step
    ("finish the transitions and show me the timeline", ("chat", "state")),
    ("what formats can you export to?", ("chat",)),
    # guard: "when you finish" is a time, not an edit
    ("when you finish, export it", ("export",)),
])
def test_new_orleans_cost_progress_and_finish_the_edit(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Guyanese: "yuh done render it yet", "meh get de exported file", "instead ah exporting", "show meh wah …"
    ("unu done download it yet or wah", ("state",)),
    ("meh get de exported file, thanks", ()),
    ("instead ah exporting, send me de link", ("link",)),
    ("slow it down, den show meh wah de project look like", ("chat", "state")),
    ("de video download good, thank yuh", ()),
    # Botswana: rra / mma are how someone is addressed; ke a leboga thanks; "the X can wait" leaves X for later
    ("if its not too much trouble rra, render it and send the link", ("export", "link")),
    ("file downloaded. ke a leboga mma", ()),
    ("render it now, the captions can wait for next week", ("export",)),
    ("how many will the render take for a long video", ("credits",)),
    ("tidy up the cuts, the music can wait, then export", ("chat", "export")),
    # guards: getting the final file asks for it; the export can wait
    ("can I get the final video?", ("export",)),
    ("the export can wait, fix the title", ("chat",)),
])
def test_guyanese_and_botswana_english(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # X以后再导出: X first, then the export; 迟点再给 leaves the link for later; Hakka 头先, 再话, 落来, 睇了
    ("把音乐换成钢琴曲以后再导出", ("chat", "export")),
    ("链接迟点再给我，先看看积分", ("credits",)),
    ("头先叫你换的音乐换好了冇？导出个事等阵再话", ("state",)),
    ("收到了，下载落来好靓，多谢", ()),
    ("导出个片我睇了，冇问题", ()),
    # the spinner watched is progress
    ("是不是卡住了，下载那个圈圈一直转", ("state",)),
    # guards: 以后再说 defers; 以后再导出 alone is later
    ("下载以后再说，先把字幕加上", ("chat",)),
    ("以后再导出吧", ()),
])
def test_after_an_edit_then_export_and_hakka_words(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # what the video is for names the final cut, it does not ask for it
    ("这个是要发快手的成片，多的部分剪掉", ("chat",)),
    # the person's own export once it is done (成了我自个儿导出)
    ("音乐那改动成了没有 成了我自个儿导出", ("state",)),
    # guard: sending the final cut is asked
    ("成片发我", ("export",)),
])
def test_what_the_video_is_for_and_the_persons_own_export(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Hinglish puts the verb last: "X hata de" asks the edit, "link bhej de" / "link de" the link
    ("timeline dikha aur ending wala clip hata de", ("state", "chat")),
    ("render kar aur phir link bhej de", ("export", "link")),
    ("title badal, phir project ka link de", ("chat", "link")),
    ("export kar de, lekin pehle intro thoda chhota kar", ("chat", "export")),
    # cost, progress, conditions, said-not-asked in Hinglish
    ("ek video export karne ka kitna credit lagta hai?", ("credits",)),
    ("itna time kyu lag raha hai?", ("state",)),
    ("music wala change ho gaya ho toh download kar de", ("state",)),
    ("export wala file mil gaya, thanku", ()),
    ("bhai phone pe video kaise download karte hai?", ("chat",)),
    ("pichle export mein title kat gaya tha, title neeche kar", ("chat",)),
    ("download ka tension mat le, abhi nahi chahiye", ()),
    # guards: "bana" after thanks is a name; "kar" in "export kar" still exports
    ("export worked fine, thanks bana", ()),
    ("export kar de", ("export",)),
])
def test_hinglish_verbs_last_costs_and_conditions(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # Minnan: 阮 (我), 免 before a step, 无问题, 有够无; a step held after it (出片先别, 渲染先别动)
    ("阮手机存不落，免下载，发个链接给阮", ("link",)),
    ("好 片有出来了 无问题", ()),
    ("出片先别，明天再讲", ()),
    ("渲染先别动，等老板看过再讲", ()),
    ("有链接吗？我要传给我弟弟看，他不会下载", ("link",)),
    ("请问出片可以出竖的吗", ("chat",)),
    # Tok Pisin: stap (is), "download em wok gut", tenkyu tru
    ("where the project stap now?", ("state",)),
    ("tenkyu tru, download em wok gut", ()),
    # guard: 伊 in a name stays
    ("做一个伊犁草原的视频", ("chat",)),
])
def test_minnan_and_tok_pisin(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # 导出了把链接发我: the export, then the link (it read as the export reported done)
    ("导出了把链接发我", ("export", "link")),
    # 输出 with a particle after it asks the export; Cantonese 驳 (join), 出咗片未; Hefei 得是 (is it)
    ("这段接在最后面 然后直接输出喔", ("chat", "export")),
    ("呢段驳喺尾，然后导出", ("chat", "export")),
    ("出咗片未啊？", ("state",)),
    ("得是导出成功咧？", ("state",)),
    ("导出到啥地方了，还剩多少积分", ("state", "credits")),
    # guard: the export reported with thanks asks nothing
    ("我导出了，谢谢", ()),
])
def test_the_export_then_the_link_and_progress_asked_in_dialects(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # northern 甭 (needn't) holds a step said before it, as 别 does
    ("出片先甭弄了，后天再说", ()),
    ("导出甭管了", ()),
    # the file reported watched or clear, with praise: nothing to render (可 is an intensifier here)
    ("视频下载下来可清晰了，谢啦", ()),
    ("片子导出来我看过了，真不错！", ()),
    ("我下载过了，谢谢你", ()),
    # the export watched, then an edit: the edit only
    ("导出来我看了，把片尾再剪短点", ("chat",)),
    # where the file went, asked with northern 搁
    ("在吗？导出以后片子搁哪了，我找不着", ("chat",)),
    # a condition with a step of its own, after an edit, even with words before its check
    ("先加段字幕，之前那个配乐要是换好了就导出", ("chat", "state")),
    # Sichuan and Guizhou 啷个 (how), 哪样子 (what it looks like)
    ("帮我剪个视频，讲哈啷个在手机上导出照片", ("chat",)),
    ("啷个还没渲染好", ("state",)),
    ("项目现在是哪样子，给我看看", ("state",)),
    # guards: 甭 before an edit is no hold on it; a bare report may still ask
    ("甭加字幕了，直接导出", ("export",)),
    ("下载下来", ("export",)),
])
def test_northern_and_southwestern_holds_reports_and_conditions(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "just now" / "just yet" say when, not what instead
    ("no need to render just now, I'll shout when", ()),
    ("don't render nothing just now my love", ()),
    # the timeline asked about through what is on it
    ("hows it look on the timeline now, and how many credits have I got", ("state", "credits")),
    # praise of an edit noun is praise, next to a step it asks nothing; a dialect word or a screen after it
    ("the subtitles look brilliant, go ahead and export", ("export",)),
    ("right, got it. the export looks lush on the tv", ()),
    # a file described by what it shows, with a bare upload: the upload only
    ("photo of the old pier, just upload this", ("upload",)),
    # guards: asking for the look is an edit; a description that places the file is sent
    ("make the subtitles look brilliant", ("chat",)),
    ("photo of the old pier for the opening, then render", ("upload", "chat", "export")),
    ("dont add music, just export", ("export",)),
])
def test_when_words_praise_of_an_edit_and_a_described_file(text, plan):
    atts = ("pier.jpg",) if text.startswith("photo of") else ()
    assert route(text, atts).plan == plan


@pytest.mark.parametrize("text, plan", [
    # progress asked with a dropped g or as what is left
    ("hows the download comin on now", ("state",)),
    ("how long's it got left, roughly?", ("state",)),
    # "theyre" without its apostrophe still says when
    ("add the captions and once theyre in export it", ("chat", "export")),
    # the export reported come through, with a thanks or an emoji: nothing to render
    ("export came thru clean, cheers", ()),
    # a polite "if it's no bother" (不碍事/不打紧的话) is no condition
    ("不打紧的话，帮我查下余额", ("credits",)),
    # a cost question after a pause (a space) asks about the step before it; 撒 after a question
    ("出片高清 要多少积分", ("credits",)),
    ("下载原画的跟标清的 收费是不是一样的撒", ("credits",)),
    # 没得问题 is 没问题; Hubei 么样 asks how; 出的片我看了 and Henan 可中 report and praise
    ("行 导出的片子我看过了 没得问题", ()),
    ("这个导出是么样弄的撒", ("chat",)),
    ("出的片我看了 可中", ()),
    # can it go straight to Douyin, or do I download it myself: how it works, asked
    ("导出来能不能直接发到快手上 还是要我自己下载", ("chat",)),
    # 渲染 a mood is what the video should do
    ("拍个中秋的视频 把团圆的气氛渲染出来", ("chat",)),
    # 把项目看一下: look at it
    ("先把我的项目看一下 再把标题换成 秋收", ("state", "chat")),
    # a placement with a courtesy after it asks; London "man's got" is "I've got"
    ("logo for the end card pls", ("upload", "chat")),
    ("man's got the highlights at /tmp/reel.mp4, upload it for now", ("upload",)),
    # music to set a mood is an edit, then the export (the export alone before); 没问题吗 asks
    ("加点音乐渲染一下气氛，然后导出", ("chat", "export")),
    ("没问题吗", ("chat",)),
    # guards: a step asked, then a balance question after a pause; a request for the export
    ("帮我导出 还剩多少积分", ("export", "credits")),
    ("帮我导出能不能直接发到抖音", ("export",)),
])
def test_dropped_letters_pauses_before_a_cost_question_and_moods(text, plan):
    atts = ("logo.png",) if text.startswith("logo") else ()
    assert route(text, atts).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "wheres" without its apostrophe; "nearly there?" asks progress; "finishes" is a check
    ("what's my balance and wheres the video at", ("credits", "state")),
    ("hows the render goin bro nearly there?", ("state",)),
    ("export it and if that finishes quick send me the link", ("export", "state")),
    # "what's the go with" a step asks about it; "gonna send it to" someone is the person's own
    ("whats the go with rendering, does it take long usually", ("chat",)),
    ("just the link please. gonna send it to the group chat", ("link",)),
    # the same thing asked (一回事), a slow download and a link instead, praise with 行得很
    ("导出是啥意思，跟下载是一回事不", ("chat",)),
    ("导出慢得很 给个链接吧", ("link",)),
    ("出片了，看了，行得很", ()),
    # Gansu 阿么 (how) and 白出 (for nothing): how it is charged, asked
    ("导出是不是白出的？阿么收费", ("credits",)),
    ("帮我做个视频，讲阿么用手机下载车票软件", ("chat",)),
    # 分还够整一回不: enough for one more, asked; 够的话 then checks it
    ("我那分还够弄一回不 够的话就导出", ("credits",)),
    # 出片搁…以后: the export after the grade
    ("出片搁加完字幕以后 先加字幕", ("chat", "export")),
    # guards: 阿么了 before a progress question stays one; typing slowly is no progress question;
    # a slow song is an edit
    ("阿么了，卡住了吗？", ("state",)),
    ("我打字慢得很，你帮我把标题改成 春耕", ("chat",)),
    ("背景音乐忒慢了，换个快的", ("chat",)),
])
def test_missing_apostrophes_nearly_there_and_northwestern_words(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # "first cut the …" is an edit asked first (as "first trim the …" was), not "the first cut"
    ("first cut the start, then render", ("chat", "export")),
    # "recieved" misspelt still reports the file come
    ("ok recieved the file, thank u", ()),
    # 什么是渲染 / 咩系渲染 asks what the word means; 有咩唔同 / 有什么不同 asks the difference
    ("什么是导出，跟下载有什么不同", ("chat",)),
    ("咩系出片啊", ("chat",)),
    # Cantonese 要系 (if) is a condition: the check, then stop
    ("睇下时间线，要系音乐换咗就出片", ("state",)),
    # guards: the first cut named as a thing; exporting in different formats asks the export
    ("send me the first cut", ("chat",)),
    ("导出不同的格式", ("export",)),
])
def test_first_cut_as_a_verb_what_a_word_means_and_cantonese_if(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the link or the file reported working or arrived ("works", not only "worked"; "came through on
    # my computer" says where it landed, not "open it on the computer"): nothing asked
    ("the link works fine on my tablet, cheers", ()),
    ("export came through on my computer, perfect", ()),
    ("链接点开了，谢谢", ()),
    ("视频到了，颜色挺正", ()),
    # a report handed on (转给同事看了) and what others said of it (都说好), after 嗯 行
    ("嗯 行 导出来的那个我转给同事看了 大家都说好", ()),
    # the person's own past download, then an edit: the edit only
    ("我下载下来看过了 结尾太拖了 剪短点", ("chat",)),
    # the one seen on the link, named: the edit only
    ("the cut on that link was too quiet, turn the music up", ("chat",)),
    # how the tool works, or which way round to use it, asked: nothing started
    ("how does this work for the uploading and the balance and all that?", ("chat",)),
    ("do we render first or just keep editing?", ("chat",)),
    ("render it or not, what do you think?", ("chat",)),
    # a bare "-ing" the person will do later, then the ask for now
    ("rendering we'll do ourselves tomorrow, just show me the timeline for now", ("state",)),
    ("how long still for the final video?", ("state",)),
    # 链接在评论区 is words for the video
    ("片尾写一句 关注我们 链接在评论区", ("chat",)),
    # guards: a question about the link, a place to open it, and a short yes before a step
    ("does the link work on phones?", ("chat",)),
    ("open it on my laptop", ("link",)),
    ("好 导出", ("export",)),
    ("我下载下来看看", ("export",)),
])
def test_reports_that_it_works_which_way_round_and_a_bare_ing_for_later(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, atts, plan", [
    # the file arrived "fine", thanks in Gaelic; the link opened with the person between (链接我打开了);
    # the exported one received (收着了): nothing asked
    ("got the mp4 fine, tapadh leibh", (), ()),
    ("链接我打开了，谢谢", (), ()),
    ("导出的那一条我收着了 挺好", (), ()),
    # 导出来那一版 names the version exported before: the edit only
    ("导出来那一版字幕太小了，调大一点", (), ("chat",)),
    # what the person could do after, asked while learning the tool: nothing started
    ("hiya, how does it all work, could we download the clip after?", (), ("chat",)),
    # 配上以后再给我导出: after the edit, then the export (以后 after 配上 is a time, not "later")
    ("把片尾字幕配上以后再给我导出", (), ("chat", "export")),
    # 传上去给我个链接: the upload, then the link
    ("这段是孩子们跳舞的 传上去给我个链接", ("/tmp/x/dance.mp4",), ("upload", "link")),
    # guards: asking to download now still exports; 以后再说 still puts it off
    ("can I download it now?", (), ("export",)),
    ("把音乐换上以后再说", (), ("chat",)),
])
def test_arrived_fine_versions_named_and_after_an_edit_put_on(text, atts, plan):
    assert route(text, atts).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a call to action dictated after a space (记得下载分享) is more of the words for the video
    ("片尾打一行字：新年快乐 记得下载分享", ("chat",)),
    # the balance asked, and whether it covers the download: no download started
    ("how many credits do i have, wanna see if it's enough for the download", ("credits",)),
    # waiting for the person's own word holds the render after it
    ("fix the captions first, wait for me to say go then render", ("chat",)),
    # after a progress question, the person's own waiting (我等着导出) or not-yet (还木下载) asks nothing more
    ("字幕改好了没有？我等着导出", ("state",)),
    ("背景音乐换了没有？我还木下载", ("state",)),
    # Cantonese praise 同事都话正, an emoji after it
    ("同事都话正 😂", ()),
    # guards: credits for the render checked, then the render asked; a dictated line, then the export
    ("check i got enough credits for the render then render", ("credits", "export")),
    ("片尾加一句字幕：感谢观看 然后导出", ("chat", "export")),
])
def test_calls_to_action_waiting_on_the_person_and_enough_for_it(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a look asked for before the step the person named first: the look runs first
    ("render it, check my credits first", ("credits", "export")),
    ("导出吧 不过先查一下我的积分", ("credits", "export")),
    # 直接导出来就行了 asks for the export (就行了 after a step is "that's all", not praise)
    ("不用发链接 直接下载下来就行了", ("export",)),
    # what the person found after exporting is why they ask for the edit, not an export
    ("导出来才看到片尾字幕错了一个字，改一下", ("chat",)),
    # a report of having watched it, a Northern Irish tag after praise
    ("finally watched the final cut on my phone, it's brilliant so it is", ()),
    # the thing a step was asked for earlier, then whether it is done: one question
    ("刚刚喊你加的那个片尾 加好没得", ("state",)),
    # a link taken later by the person: not sent now
    ("the link i will get later, for now show me the timeline", ("state",)),
    # what the cost question was about, said again after it
    ("how much does the 4k version cost, for exporting i mean", ("credits",)),
    # someone new asking how the tool works: no render
    ("what can it actually do? like trim clips and export them?", ("chat",)),
    ("咋下载啊 是你发给我还是我自己下", ("chat",)),
    # politeness (要是不费事) is no condition: the edit is sent
    ("要是不费事 把片头剪短一点", ("chat",)),
    # guards: a request to export that asks which way stays a request; a plain condition still stops
    ("导出吧，是你发给我还是我自己下？", ("export",)),
    ("如果积分够 就导出", ("credits",)),
])
def test_looks_asked_first_reports_of_watching_and_how_it_works(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a typed file, then a colon and what to do: the upload, then the edit; "keep it for now" asks nothing
    ("uploading {tmp}/beach.mp4： keep it for now", ("upload",)),
    # guard: what follows the colon is still sent
    ("{tmp}/beach.mp4：put it after the title", ("upload", "chat")),
])
def test_a_typed_file_before_a_colon(tmp_path, text, plan):
    f = tmp_path / "beach.mp4"
    f.write_bytes(b"x")
    from skill.text import typed_paths
    typed = typed_paths.find(text.replace("{tmp}", str(tmp_path)), tmp_path)
    assert route(typed.text, typed.found).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a cost asked with a tag question ("…will cut credits, isn't it?") or per video: the balance, no render
    ("exporting the long one also will cut credits isn't it?", ("credits",)),
    ("how much per clip if i render in 4k", ("credits",)),
    ("导出是不是白给的？", ("credits",)),
    # an export of before, told, then an edit
    ("exported it yesterday but the intro goes on too long, cut it", ("chat",)),
    # why the download is not wanted, after asking for the link
    ("just the link pls, the download is too big for my phone", ("link",)),
    # reports: the link working, someone watching it, it came out well, the balance seen
    ("the link is working fine, my sister watched it on her laptop", ()),
    ("wow the export came out super", ()),
    ("积分我看到了，还够用，谢谢", ()),
    ("链接打开能看，不赖", ()),
    # how the tool goes, asked: no upload, no render
    ("hi, how this works? from upload to download what do i do", ("chat",)),
    ("这玩意儿咋用？从上传到导出要几步", ("chat",)),
    ("what all things you can do? like editing and rendering?", ("chat",)),
    # the earlier request named (刚才叫改), then whether it is done (没咧: Shanxi/Henan)
    ("刚才叫加的字幕，加上去没咧？", ("state",)),
    # 分分 are credits in a condition
    ("要是分分还剩一百，就导出", ("credits",)),
    # what the person cannot do themselves is a reason, not a request
    ("不用发链接了，网页我弄不来", ()),
    # guards: a real render asked with a reason; progress asked with 好了么
    ("the video is too long, trim it then render", ("chat", "export")),
    ("字幕加好了么", ("state",)),
])
def test_tag_questions_on_cost_reports_and_how_the_tool_goes(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, atts, plan", [
    # the person's own story or a question about the tool, not a render asked (the first three also
    # held before: guards for the wordings read since)
    ("i was about to render but my boss said wait. can it do slideshows?", (), ("chat",)),
    ("if i change something after, do i have to export again?", (), ("chat",)),
    ("what happens to my clips after i download it, do they stay?", (), ("chat",)),
    ("say i render it in 4k does that cost more than normal", (), ("credits",)),
    # someone else's sending, the person's own late send
    ("that's the last clip, my aunty finally send it to me", ("aunty.mp4",), ("upload",)),
    ("put this song under it, sorry for the late send", ("song.mp3",), ("upload", "chat")),
    # the export of before (尋日 in traditional script), thanked for
    ("多謝尋日幫我export嗰條片", (), ()),
    # "before the export" dates the earlier request; whether it is done is asked
    ("导出前头我叫你加的字幕 加上去了冇得", (), ("state",)),
    # a dictated line that tells viewers to download something is text, not a step
    ("片尾加一行字：扫码关注 下载优惠券", (), ("chat",)),
    # guards: a download after the dictated line is still the step
    ("片尾加一行字：谢谢观看 下载一下", (), ("chat", "export")),
])
def test_own_stories_others_sending_and_dictated_downloads(text, atts, plan):
    assert route(text, atts).plan == plan


@pytest.mark.parametrize("text, plan", [
    # someone new asking how it works, whatever steps the question names: no render
    ("wot can u actually do? can u make vids n render em or wot", ("chat",)),
    ("first time usin this, how does the export bit work?", ("chat",)),
    ("how dis thing dey work? i fit make video and download am?", ("chat",)),
    ("你这个会搞么个？剪片子、下载都作兴么", ("chat",)),
    # the person's download or export of before, then an edit
    ("i don export the first one already, abeg make the title bigger", ("chat",)),
    ("前天download下来看了，片头太长，剪短点", ("chat",)),
    # "the change wey I talk" names the earlier request; the question after asks if it is done
    ("the title wey i talk, e don finish?", ("state",)),
    # reports and praise: nothing sent
    ("the link dey work well well, thanks", ()),
    ("shut up that looks well good, my mates are gonna be well jel", ()),
    ("积分的事我晓得了，谢谢", ()),
    # politeness is no condition; the link asked
    ("if e no go trouble you, send me the link", ("link",)),
    # 没想download: not asked; the link is
    ("我没想download，给个链接就行", ("link",)),
    # 最后头 is a place: attach at the end, then export
    ("把这段接到最后头再导出", ("chat", "export")),
    # a reason the person gives (they will reshoot) is not sent
    ("先莫导出，明天我还要去补拍几个镜头", ()),
    # what the project looks like is the state
    ("how many credits have i got and whats the project looking like", ("credits", "state")),
    # guards: a real question of progress after naming the change; a real condition
    ("if my credits are enough, export it", ("credits",)),
])
def test_new_users_earlier_downloads_and_reasons(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # a progress question about a video described at length: the state, not an edit
    ("is my video of the school sports day done yet or is it still chugging along?", ("state",)),
    # the export's progress bar (Wu 勿 = not) and whether it is stuck: one progress question
    ("下载个进度条老半天勿动，是勿是卡牢了", ("state",)),
    # 出来个 (Wu: 出来的) names the output: praise, or why an edit is asked
    ("好个，render 出来个效果老嗲个", ()),
    ("前天 render 出来个颜色太暗了，帮我调亮点", ("chat",)),
    # someone new asking what it does or how it goes: no render
    ("你都会做点啥个？加字幕、export 这些都有伐？", ("chat",)),
    ("morning, i just want to understand how this tool works from start up to export", ("chat",)),
    # what the processing is for; where the file is now; the person's phone data: nothing asked of them
    ("how much longer before the video finish processing for download?", ("state",)),
    ("the download worked and the file is on my laptop now, zikomo", ()),
    ("send me the link instead, my data is finished", ("link",)),
    # the earlier request named (刚叫你把…), then whether it is done
    ("刚叫你把片尾的字改成“明年见”，改好了没", ("state",)),
    # the person still thinking is the reason for the hold
    ("先别导出，我还要再琢磨琢磨片头放啥", ()),
    # the balance reported enough, thanks
    ("好的，积分够着咧，谢了", ()),
    # guards: enough credits as a condition (哩话 = 的话) still stops at the check
    ("积分够哩话就导出", ("credits",)),
    ("is the render done yet?", ("state",)),
])
def test_long_progress_questions_outputs_named_and_reasons_for_a_hold(text, plan):
    assert route(text).plan == plan


@pytest.mark.parametrize("text, plan", [
    # someone new asking how it goes, naming an upload as the first step: nothing uploaded, no render
    ("hi, how does this work? do i upload my clips then download or what?", ("chat",)),
    # how the export went, where it plays: nothing asked
    ("downloaded grand on the laptop, cheers", ()),
    ("de link workin fine on meh phone, thanks", ()),
    ("the file download nice, thanks plenty", ()),
    ("dat render look sweet too bad, thanks", ()),
    ("收到，片子已经download落手机了，多谢", ()),
    ("链接打得开，没问题", ()),
    # the person's export of before in mixed text (我download下来看了, 上次export嗰版), then an edit
    ("我download下来看了，字幕太小了，调大点", ("chat",)),
    ("上次export嗰版结尾太长，剪短两秒", ("chat",)),
    # a cost asked with "dear" (expensive); a progress question asked after the link
    ("is the downloadin dear at all?", ("credits",)),
    ("send me the link and tell me how far it reach with the render", ("link", "state")),
    # "have you done put in the title?": a progress question
    ("yuh done put in de new title? ah cyah see it", ("state",)),
    # the project shown to "us"
    ("how many credits we got left, and show us the project", ("credits", "state")),
    # where the person will watch it is no request
    ("网页链接发我一下，我手机上直接看就好了", ("link",)),
    # guards: a complaint about a slow download still explains the link asked next to it
    ("下载太慢了，把链接给我", ("link",)),
    ("upload this clip and then render it", ("upload", "export")),
])
def test_first_steps_asked_about_how_the_export_went_and_progress_after_the_link(text, plan):
    atts = ("clip.mp4",) if text.startswith("upload this clip") else ()
    assert route(text, atts).plan == plan


@pytest.mark.parametrize("text, plan", [
    # the link waits for the export (链接等导出完了再发我, link等出好了): the export, then the link
    ("链接等渲染完了再发给我", ("export", "link")),
    ("link等出好了再发我", ("export", "link")),
    # guard: the link taken later (等下 = in a while) is still held
    ("link等下再说，先看看积分", ("credits",)),
    # Mackem: nee need (no need), divvent (don't)
    ("export it, nee need for the link", ("export",)),
    ("put the music on but divvent render it yet", ("chat",)),
    # someone else did it, told; the credits reported enough; the person's own reshoot as the reason
    ("never mind the download, me lad sorted it on his laptop", ()),
    ("好嘞，积分够用，谢谢", ()),
    ("先别导出，我还要去补拍几个镜头", ()),
    # someone new asking what it does / how it's used: no render
    ("first time on here, what sort of things can ye do, like render videos?", ("chat",)),
    ("hows this thing work, can ya export to a phone with it?", ("chat",)),
    ("这个app是怎么个用法，做好了能export么", ("chat",)),
    # the export button named; downloading that won't do (不照) explains the link
    ("export那个按钮我还没按，就问问剪完了没有", ("state",)),
    ("下载不照，手机没地方了，发个链接给我", ("link",)),
    # the output named (导出来这个…), praised
    ("导出来这个片头看着真美", ()),
    # once ye've: the export waits for the edit
    ("export it once ye've put the title on", ("chat", "export")),
    ("how many credits i got and hows the project look", ("credits", "state")),
])
def test_a_link_waiting_on_the_export_northern_words_and_reports(text, plan):
    assert route(text).plan == plan

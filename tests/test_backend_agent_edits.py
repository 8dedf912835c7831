"""The local agent's edit vocabulary (issue 20): the same edit in English, Chinese
or both, numbers as digits or words, uploaded clips placed on the timeline, the
music and title settings, and plain answers for what it cannot do."""
import pytest

from bench import agent_eval as E
from skill.backend import agent, drafts, edits, vocabulary as V
from skill.backend.db import empty_state


def _state():
    return E.project()


def _apply(msg, state=None):
    state = state or _state()
    p = agent.plan(msg, state)
    assert p.kind == "edit", (msg, p.reply)
    draft, notes = agent.apply(state["draft"], p.ops)
    return p, draft, notes


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize("text, norm", [
    ("cut the first two seconds", "cut the first 2s"),
    ("开头剪掉两秒", "开头剪掉 2s"),
    ("剪掉十五秒", "剪掉 15s"),
    ("半分钟", "30s"),
    ("一分钟", "60s"),
    ("一分半", "90s"),
    ("1分30秒", "90s"),
    ("half a minute", "30s"),
    ("a minute and a half", "90s"),
    ("one and a half seconds", "1.5s"),
    ("twenty-five percent", "25%"),
    ("百分之二十", "20%"),
    ("from 0:05 to 0:08", "from 5s to 8s"),
    ("make it 9:16", "make it 9:16"),             # a ratio is not a time
    ("skip the first second", "skip the first 1s"),
    ("a second clip", "a second clip"),           # an ordinal is not a time
    ("８秒", "8s"),
])
def test_numbers_in_both_languages(text, norm):
    assert V.normalize(text) == norm


# --------------------------------------------------------------------------- the same edit, either language
@pytest.mark.parametrize("msg", ["cut the first 2 seconds", "开头剪掉两秒", "麻烦把开头的两秒去掉",
                                 "remove the first two seconds", "帮我 cut the first 2 seconds", "头两秒不要了"])
def test_trimming_the_start_is_one_edit_in_every_language(msg):
    p, draft, _ = _apply(msg)
    assert draft["d"] == 13000
    assert E._video(draft) == [(E.GEN_URL, 2000, 13000)]
    assert p.cost == agent.OP_COST["trim_start"]


def test_a_cut_range_keeps_both_sides_in_order():
    p, draft, _ = _apply("把第5秒到第8秒剪掉")
    assert E._video(draft) == [(E.GEN_URL, 0, 5000), (E.GEN_URL, 8000, 7000)]
    segs = drafts.video_segments(draft)
    assert [s["s"] for s in segs] == [0, 5000] and len({s["id"] for s in segs}) == 2
    bgm = draft["t"][1]["sg"][0]
    assert (bgm["s"], bgm["d"]) == (0, 12000)                 # the music still spans the video
    assert draft["t"][2]["sg"][0]["d"] == 3000                # the opening title stays
    assert p.cost == agent.OP_COST["cut_range"] == 2


@pytest.mark.parametrize("msg, where, index", [
    ("put beach.mp4 at the start", "start", 0),
    ("把刚上传的视频放到结尾", "end", 1),
    ("use this as the ending", "end", 1),
    ("here's some footage of mine: /home/me/beach.mp4 - put it at the end", "end", 1),
    ("put the beach clip I just uploaded at the end", "end", 1),
])
def test_an_uploaded_clip_reaches_the_timeline(msg, where, index):
    p, draft, notes = _apply(msg)
    video = E._video(draft)
    assert video[index] == (E.BEACH_URL, 0, 6000) and len(video) == 2
    assert draft["d"] == 21000 and draft["t"][1]["sg"][0]["d"] == 21000
    assert notes[0]["where"] == where and p.cost == agent.OP_COST["place_clip"]
    text = agent.edit_text(notes, p.lang)
    assert "beach.mp4" in text and "21" in text


def test_a_clip_goes_after_a_segment_and_moves_when_placed_again():
    state = _state()
    draft, _ = agent.apply(state["draft"], [{"op": "cut_range", "from_ms": 5000, "to_ms": 6000}])
    state["draft"] = draft                                   # two segments now: 0-5 s and 6-15 s
    p, after, _ = _apply("insert it after segment 1", state)
    assert [v[0] for v in E._video(after)] == [E.GEN_URL, E.BEACH_URL, E.GEN_URL]
    state["draft"] = after
    p, moved, notes = _apply("actually move the beach clip to the end", state)
    assert E._video(moved)[-1] == (E.BEACH_URL, 0, 6000) and moved["d"] == after["d"]
    assert notes[0]["moved"] and "moved" in agent.edit_text(notes, "en")


def test_placing_without_an_upload_says_so_plainly():
    p = agent.plan("put it at the end", {"draft": _state()["draft"]})
    assert p.kind == "chat" and p.cost == 0 and "no uploaded clip" in p.reply
    p = agent.plan("把刚上传的视频放到结尾", {"draft": _state()["draft"]})
    assert p.kind == "chat" and "还没有上传" in p.reply
    p = agent.plan("put the beach clip somewhere", _state())
    assert p.kind == "chat" and p.reply.startswith("Where should I put beach.mp4?")


def test_the_latest_upload_is_it():
    state = _state()
    state["video_infos"].append({"id": "up_2", "url": "http://x/media/up_city.mp4", "filename": "city.mp4",
                                 "duration": 3.0, "source": "upload", "file_type": "video", "at": 2.0})
    p = agent.plan("put the clip I just uploaded at the start", state)
    assert p.ops[0]["clip"] == "city.mp4" and p.ops[0]["ms"] == 3000
    p = agent.plan("put the beach clip at the start", state)   # named: that one
    assert p.ops[0]["clip"] == "beach.mp4"


# --------------------------------------------------------------------------- music and title
@pytest.mark.parametrize("msg, op", [
    ("背景音乐换成钢琴", {"op": "set_bgm", "style": "Piano", "volume": 30}),
    ("换一个舒缓的背景音乐", {"op": "set_bgm", "style": "Calm", "volume": 30}),
    ("switch to lo-fi music at 40%", {"op": "set_bgm", "style": "Lo-fi", "volume": 40}),
    ("音乐音量调成百分之四十", {"op": "bgm_volume", "volume": 40}),
    ("turn the music down", {"op": "bgm_volume", "volume": 15}),
    ("fade out the music over 3 seconds", {"op": "bgm_fade", "fade": "out", "ms": 3000}),
    ("音乐淡入两秒", {"op": "bgm_fade", "fade": "in", "ms": 2000}),
    ("不要配乐了", {"op": "remove_bgm"}),
    ("move the title to the top", {"op": "title_position", "position": "top"}),
    ("标题放在画面底部", {"op": "title_position", "position": "bottom"}),
    ("标题显示五秒", {"op": "title_duration", "ms": 5000}),
    ("keep the title for the whole video", {"op": "title_duration", "ms": 15000}),
    ("rename the title to Summer Vibes", {"op": "set_title", "text": "Summer Vibes"}),
    ("把标题换成夏日时光", {"op": "set_title", "text": "夏日时光"}),
    ("标题不要了", {"op": "remove_title"}),
    ("make it 4:3", {"op": "aspect", "ratio": "4:3"}),
    ("画面比例改成四比三", {"op": "aspect", "ratio": "4:3"}),
])
def test_music_title_and_ratio(msg, op):
    p = agent.plan(msg, _state())
    assert p.kind == "edit" and p.ops == [op], (msg, p.ops, p.reply)
    assert p.cost == agent.OP_COST[op["op"]]


def test_the_draft_carries_the_title_layout_and_the_music_fades():
    _, draft, notes = _apply("put the title at the bottom, show it for 5 seconds and fade the music in over 2 seconds")
    title, bgm = draft["t"][2]["sg"][0], draft["t"][1]["sg"][0]
    assert title["m"]["position"] == "bottom" and title["d"] == 5000
    assert bgm["m"]["fade_in"] == 2000 and "fade_out" not in bgm["m"]
    draft, _ = agent.apply(draft, [{"op": "set_bgm", "style": "Jazz", "volume": 30}])
    assert draft["t"][1]["sg"][0]["m"]["fade_in"] == 2000     # a new style keeps the track's fades
    draft, _ = agent.apply(draft, [{"op": "aspect", "ratio": "4:3"}])
    assert (draft["m"]["width"], draft["m"]["height"], draft["m"]["ratio"]) == (1440, 1080, "4:3")


def test_it_means_what_the_clause_before_was_about():
    p = agent.plan("add some jazz music and fade it in", _state())
    assert [o["op"] for o in p.ops] == ["set_bgm", "bgm_fade"]
    p = agent.plan("change the title to 'Hello' and move it to the top", _state())
    assert p.ops == [{"op": "set_title", "text": "Hello"}, {"op": "title_position", "position": "top"}]


def test_a_compound_request_is_every_change_and_costs_their_sum():
    p = agent.plan("开头剪掉两秒，然后把背景音乐换成钢琴，再把标题移到顶部", _state())
    assert [o["op"] for o in p.ops] == ["trim_start", "set_bgm", "title_position"]
    assert p.cost == 2 + 1 + 1
    draft, notes = agent.apply(_state()["draft"], p.ops)
    text = agent.edit_text(notes, p.lang)
    assert "开头2秒" in text and "Piano" in text and "顶部" in text and "导出" in text


def test_a_quoted_title_keeps_its_words():
    p = agent.plan('change the title to "Cut the first 2 seconds, then stop"', _state())
    assert p.ops == [{"op": "set_title", "text": "Cut the first 2 seconds, then stop"}]


def test_a_position_is_not_a_title_text():
    for msg in ("put the title up top", "move the title to the bottom of the screen"):
        p = agent.plan(msg, _state())
        assert [o["op"] for o in p.ops] == ["title_position"], (msg, p.ops)
    p = agent.plan("标题改成居中", _state())       # it is centred already: said, and the text is untouched
    assert p.kind == "chat" and p.cost == 0 and p.reply == "标题已经在画面中间了。"


def test_what_is_already_so_is_said_and_not_charged():
    for msg, says in (("改回横屏", "画面比例已经是16:9了。"), ("make it 16:9", "The video is already 16:9."),
                      ("change the title to Morning Run", 'The title already says "Morning Run".'),
                      ("set the music volume to 30%", "The background music is already at 30%.")):
        p = agent.plan(msg, _state())
        assert p.kind == "chat" and p.cost == 0 and p.reply == says, (msg, p.reply)
    p = agent.plan("move the title to the top and make it 16:9", _state())
    assert p.ops == [{"op": "title_position", "position": "top"}] and p.cost == 1


def test_a_new_title_text_is_asked_for_when_missing():
    p = agent.plan("change the title", _state())
    assert p.kind == "chat" and p.cost == 0 and p.reply.startswith("What should the title say?")


# --------------------------------------------------------------------------- replies
def test_replies_say_what_changed_in_the_users_language():
    _, _, notes = _apply("开头剪掉两秒")
    assert agent.edit_text(notes, "zh") == "我剪掉了开头2秒，视频现在长13秒。在时间线中预览效果。满意的话点击导出按钮下载。"
    _, _, notes = _apply("cut from 5 to 8 seconds")
    assert agent.edit_text(notes, "en").startswith("I cut out the part from 5 to 8 seconds. Your video is now 12")


def test_what_it_cannot_do_in_a_compound_is_said_too():
    p = agent.plan("cut the first 2 seconds and add subtitles", _state())
    assert [o["op"] for o in p.ops] == ["trim_start"] and p.cost == 2
    draft, notes = agent.apply(_state()["draft"], p.ops)
    assert "I can't add subtitles here." in agent.edit_text(notes, p.lang, p.declined, p.issues)


@pytest.mark.parametrize("msg, cannot", [
    ("make the title red", "I can't change the title's font, colour or size here."),
    ("给标题换个字体", "这里没法修改标题的字体、颜色或大小。"),
    ("add a fade to black at the end", "I can't add transitions here."),
    ("加个转场", "这里没法加转场。"),
    ("把视频倒放", "这里没法倒放视频。"),
    ("rotate the video 90 degrees", "I can't rotate or flip the picture here."),
])
def test_more_things_it_cannot_do_are_said_plainly(msg, cannot):
    p = agent.plan(msg, _state())
    assert p.kind == "chat" and p.cost == 0 and p.reply.startswith(cannot), p.reply


def test_the_capability_list_claims_only_what_it_can_do():
    """Every capability the list names is one request that works (in its own language)."""
    claims = {
        "en": ["generate a 15-second video of a forest", "cut the first 2 seconds", "cut out 5 to 8 seconds",
               "trim it to 10 seconds", "put the clip I just uploaded at the end", "add piano music",
               "change the music to jazz", "remove the music", "set the music volume to 20%", "fade the music in",
               "fade the music out", "add a title that says Hi", "change the title to Hi", "remove the title",
               "move the title to the top", "center the title", "show the title for 5 seconds",
               "make it 16:9", "make it 9:16", "make it 1:1", "make it 4:3"],
        "zh": ["生成一段15秒的森林飞鸟视频", "剪掉开头2秒", "剪掉结尾2秒", "剪掉第5秒到第8秒", "剪到10秒",
               "把刚上传的视频放到开头", "把刚上传的视频放到第1段之后", "加一段钢琴背景音乐", "背景音乐换成爵士",
               "删除背景音乐", "音量调到20%", "背景音乐淡入", "背景音乐淡出", "标题改成“你好”", "删除标题",
               "标题放到顶部", "标题放到中间", "标题放到底部", "标题显示5秒", "改成16:9", "改成9:16", "改成1:1", "改成4:3"],
    }
    for lang, msgs in claims.items():
        for msg in msgs:
            p = agent.plan(msg, _state())
            already = p.kind == "chat" and ("already" in p.reply or "已经" in p.reply)   # e.g. 16:9 on a 16:9 video
            assert (p.kind in ("edit", "generate") or already) and p.lang == lang, (msg, p.reply)
    zh = agent.help_text("zh")
    assert "以及剪辑视频长度" not in zh and "4:3" in zh and "淡入淡出" in zh and "上传" in zh
    assert all(w in agent.help_text("en") for w in ("4:3", "fade it in or out", "upload", "top, center or bottom"))


def test_the_alternatives_offered_are_things_it_can_do():
    for key, (en, zh) in agent.ALTERNATIVES.items():
        example_en = en.rsplit("for example: ", 1)[-1].rstrip(".")
        example_zh = zh.rsplit("例如：", 1)[-1].rstrip("。")
        for lang, msg in (("en", example_en), ("zh", example_zh)):
            p = agent.plan(msg, _state())
            assert p.kind in ("edit", "generate"), (key, lang, msg, p.reply)


@pytest.mark.parametrize("msg, says", [
    ("make it 30 seconds long", "Your video is only 15 seconds long"),
    ("cut the first 20 seconds", "Your video is only 15 seconds long"),
    ("视频开头剪掉20秒", "视频只有15秒"),
])
def test_an_edit_that_cannot_change_anything_is_a_free_answer(msg, says):
    p = agent.plan(msg, _state())
    assert p.kind == "chat" and p.cost == 0 and p.reply.startswith(says)


def test_nothing_to_fade_or_move_is_said_and_not_charged():
    bare = {"draft": agent.new_video_draft("sea", 15, "16:9", E.GEN_URL)}
    for msg, says in (("fade the music in", "There's no background music yet."),
                      ("move the title to the top", "There's no title yet."),
                      ("remove the music", "There's no background music to remove."),
                      ("把标题移到顶部", "视频里还没有标题")):
        p = agent.plan(msg, bare)
        assert p.kind == "chat" and p.cost == 0 and p.reply.startswith(says), (msg, p.reply)
    p = agent.plan("cut the first 2 seconds and fade the music in", bare)   # the rest still happens
    assert [o["op"] for o in p.ops] == ["trim_start"] and p.cost == 2
    _, notes = agent.apply(bare["draft"], p.ops)
    assert "There's no background music yet." in agent.edit_text(notes, "en", p.declined, p.issues)


def test_an_empty_project_still_asks_for_a_video_first():
    p = agent.plan("开头剪掉两秒", empty_state())
    assert p.kind == "chat" and p.reply == agent.no_video_text("zh")


def test_clauses_split_on_both_languages_punctuation_and_connectives():
    t = edits.prepare("cut the first 2 seconds, then fade the music out; 标题放到顶部。然后改成竖屏")
    assert [c for c, _ in edits.clauses(t)] == ["cut the first 2s", "fade the music out", "标题放到顶部", "改成竖屏"]

"""The local agent's decisions (pure logic): what a message asks for, what it
costs, how the draft changes, and how the answer is worded."""
import pytest

from skill.backend import agent
from skill.backend.db import empty_state


def _video_draft(seconds=15):
    return agent.new_video_draft("city", seconds, "16:9", "http://x/media/a.mp4")


@pytest.mark.parametrize("msg,seconds", [
    ("generate a 15-second video clip of a forest with birds flying overhead", 15),
    ("make a 15 second video of a forest", 15),
    ("create a 15s clip about a forest", 15),
    ("生成一段15秒的森林视频", 15),
    ("generate a video of a forest", agent.DEFAULT_SECONDS),
])
def test_generation_duration(msg, seconds):
    p = agent.plan(msg, empty_state())
    assert p.kind == "generate" and p.seconds == seconds
    assert p.cost == 10 * -(-seconds // 5)


def test_generation_subject_title_music_and_ratio():
    p = agent.plan('make a vertical 10s video about a cat playing piano with the title "Cat Jam", '
                   'lo-fi music at 35%', empty_state())
    assert p.subject == "a cat playing piano"
    assert p.ratio == "9:16"
    assert {"op": "set_title", "text": "Cat Jam"} in p.ops
    assert {"op": "set_bgm", "style": "Lo-fi", "volume": 35} in p.ops


def test_generation_adds_default_bgm_and_title():
    p = agent.plan("generate a 10 second video of a sunset over the ocean", empty_state())
    ops = {o["op"]: o for o in p.ops}
    assert ops["set_bgm"]["volume"] == agent.DEFAULT_VOLUME
    assert ops["set_title"]["text"] == "Sunset over the Ocean"   # a whole phrase, article kept


@pytest.mark.parametrize("msg,op", [
    ("add a title that says Urban Dreams", {"op": "set_title", "text": "Urban Dreams"}),
    ("change the title to 'Let's go'", {"op": "set_title", "text": "Let's go"}),
    ("加上标题 “城市之梦”", {"op": "set_title", "text": "城市之梦"}),
    ("remove the title", {"op": "remove_title"}),
    ("add lo-fi music at 35%", {"op": "set_bgm", "style": "Lo-fi", "volume": 35}),
    ("背景音乐 35%", {"op": "set_bgm", "style": "Upbeat", "volume": 35}),
    ("remove the music", {"op": "remove_bgm"}),
    ("make it vertical", {"op": "aspect", "ratio": "9:16"}),
    ("竖屏", {"op": "aspect", "ratio": "9:16"}),
    ("square 1:1", {"op": "aspect", "ratio": "1:1"}),
    ("switch to 16:9", {"op": "aspect", "ratio": "16:9"}),
    ("cut the first 5 seconds", {"op": "trim_start", "ms": 5000}),
    ("trim to 10 seconds", {"op": "trim_to", "ms": 10000}),
    ("剪掉开头5秒", {"op": "trim_start", "ms": 5000}),
])
def test_edit_requests(msg, op):
    draft = _video_draft()
    if op["op"].startswith("remove_"):   # something to remove (removing nothing is a free answer)
        draft, _ = agent.apply(draft, [{"op": "set_bgm", "style": "Jazz", "volume": 30}, {"op": "set_title", "text": "X"}])
    if op.get("ratio") == "16:9":        # a change, not what it already is (that is a free answer too)
        draft, _ = agent.apply(draft, [{"op": "aspect", "ratio": "9:16"}])
    p = agent.plan(msg, {"draft": draft})
    assert p.kind == "edit" and p.ops == [op]
    assert p.cost == agent.OP_COST[op["op"]]


def test_volume_change_keeps_the_music():
    draft, _ = agent.apply(_video_draft(), [{"op": "set_bgm", "style": "Lo-fi", "volume": 35}])
    assert agent.plan("lower the music to 20%", {"draft": draft}).ops == [{"op": "bgm_volume", "volume": 20}]
    assert agent.plan("turn the music down", {"draft": draft}).ops == [{"op": "bgm_volume", "volume": 20}]


def test_edit_without_video_is_a_polite_text():
    p = agent.plan("add a title that says Hi", empty_state())
    assert p.kind == "chat" and p.cost == 0 and "no video" in p.reply


@pytest.mark.parametrize("msg,lang", [("hello there", "en"), ("你好", "zh")])
def test_unknown_request_explains_what_it_can_do(msg, lang):
    p = agent.plan(msg, empty_state())
    assert p.kind == "chat" and p.lang == lang and p.cost == 0
    assert ("16:9" in p.reply) and (("标题" in p.reply) if lang == "zh" else ("title" in p.reply))


def test_apply_builds_the_documented_draft():
    draft, notes = agent.apply(_video_draft(15), [
        {"op": "set_bgm", "style": "Lo-fi", "volume": 35}, {"op": "set_title", "text": "Urban Dreams"}])
    assert [t["tt"] for t in draft["t"]] == [0, 1, 7]
    bgm, title = draft["t"][1]["sg"][0], draft["t"][2]["sg"][0]
    assert (bgm["s"], bgm["d"], bgm["m"]) == (0, 15000, {"title": "Lo-fi", "volume": 35})
    assert (title["s"], title["d"], title["m"]["text"]) == (0, 3000, "Urban Dreams")
    assert len({s["id"] for t in draft["t"] for s in t["sg"]}) == 3


def test_trim_shortens_every_track():
    draft, _ = agent.apply(_video_draft(15), [{"op": "set_bgm", "style": "Jazz", "volume": 30},
                                             {"op": "trim_start", "ms": 5000}])
    assert draft["d"] == 10000
    assert draft["t"][0]["sg"][0]["d"] == 10000 and draft["t"][0]["sg"][0]["m"]["in"] == 5000
    assert draft["t"][1]["sg"][0]["d"] == 10000
    same, notes = agent.apply(draft, [{"op": "trim_to", "ms": 20000}])
    assert same["d"] == 10000 and notes[0]["skipped"]


def test_one_second_is_said_in_the_singular():
    _, notes = agent.apply(_video_draft(2), [{"op": "trim_start", "ms": 1000}])
    assert "I cut the first 1 second. Your video is now 1 second long." in agent.edit_text(notes, "en")
    _, notes = agent.apply(_video_draft(12), [{"op": "trim_start", "ms": 1000}])
    assert "now 11 seconds long" in agent.edit_text(notes, "en")


def test_texts_speak_gui():
    _, notes = agent.apply(_video_draft(), [{"op": "set_bgm", "style": "Lo-fi", "volume": 35}])
    assert "I added Lo-fi background music at 35% volume. Preview it in the timeline." in agent.edit_text(notes, "en")
    assert "在时间线中预览" in agent.edit_text(notes, "zh")
    p = agent.plan("generate a 10 second video of rain", empty_state())
    _, notes = agent.apply(_video_draft(), p.ops)
    assert agent.generation_final(p, notes).endswith("Click the Export button to download it.")
    pz = agent.plan("生成一段10秒的下雨视频", empty_state())
    assert "点击导出按钮" in agent.generation_final(pz, agent.apply(_video_draft(), pz.ops)[1])


def test_decisions_are_deterministic():
    a = agent.plan("generate a 12 second video of waves with jazz music", empty_state())
    b = agent.plan("generate a 12 second video of waves with jazz music", empty_state())
    assert a == b


# --- what the user cannot have here: said plainly, with the closest alternative ---

@pytest.mark.parametrize("msg, lang, cannot, offer", [
    ("add subtitles", "en", "I can't add subtitles here.", "add a title that says 'Hello'"),
    ("please add captions to the video", "en", "I can't add subtitles here.", "add a title"),
    ("加字幕", "zh", "这里没法加字幕。", "加一个标题“你好”"),
    ("make it black and white", "en", "I can't change the colours or add a filter here.", "black-and-white video"),
    ("make the video black and white", "en", "I can't change the colours or add a filter here.", "generate"),
    ("做成黑白的", "zh", "这里没法调色或加滤镜。", "生成"),
    ("add a voiceover", "en", "I can't add a voiceover here.", "add piano music at 30%"),
    ("给视频配音", "zh", "这里没法加配音或旁白。", "背景音乐"),
    ("slow it down", "en", "I can't change the speed here.", "trim it to 10 seconds"),
    ("add a fade between the clips", "en", "I can't add transitions here.", "aspect ratio"),
])
def test_an_unsupported_request_says_what_it_can_do_instead(msg, lang, cannot, offer):
    for state in (empty_state(), {"draft": _video_draft()}):
        p = agent.plan(msg, state)
        assert p.kind == "chat" and p.cost == 0 and p.lang == lang
        assert p.reply.startswith(cannot) and offer in p.reply, p.reply


def test_subtitles_are_not_a_title():
    p = agent.plan('add subtitles saying "Hello"', {"draft": _video_draft()})
    assert p.kind == "chat" and p.ops == [] and p.reply.startswith("I can't add subtitles here.")


def test_a_described_clip_is_still_generated():
    # the look is part of the description: the generator gets it, nothing is refused
    p = agent.plan("generate a black and white video of a city street", empty_state())
    assert p.kind == "generate" and p.subject == "a city street"


@pytest.mark.parametrize("text, lang", [("hello", "en"), ("你好", "zh"), ("add 字幕", "zh"), ("make it louder！", "en"),
                                        ("こんにちは", "zh"), ("", "en")])
def test_the_agent_uses_the_one_language_detector(text, lang):
    from skill.core.lang import detect

    assert agent.plan(text, empty_state()).lang == lang == detect(text)


def test_streamed_chunks_follow_the_one_language_detector():
    from skill.backend.events import chunks

    assert chunks("これはテストの文章ですよ、長いです") == ["これはテストの文", "章ですよ、長いで", "す"]
    assert chunks("I can't add subtitles here. I can add a title") == ["I can't add subtitles ", "here. I can add ",
                                                                          "a title"]


def _final_texts(events):
    return [p["text"] for e in events if isinstance(e, dict) and "content" in e and not e.get("partial")
            for p in e["content"]["parts"] if p.get("text") and not p.get("thought")]


def test_the_running_backend_answers_unsupported_requests_plainly(backend):
    sid = backend.new_session()
    en = _final_texts(backend.chat(sid, "add subtitles"))
    assert en == ["I can't add subtitles here. I can add a title — text on screen for a few seconds — "
                  "for example: add a title that says 'Hello'."]
    zh = _final_texts(backend.chat(sid, "加字幕"))
    assert zh == ["这里没法加字幕。我可以加一个标题——在画面上显示几秒的文字，例如：加一个标题“你好”。"]
    bw = _final_texts(backend.chat(sid, "make it black and white"))
    assert len(bw) == 1 and bw[0].startswith("I can't change the colours or add a filter here.")
    vo = _final_texts(backend.chat(sid, "add a voiceover"))
    assert len(vo) == 1 and vo[0].startswith("I can't add a voiceover here. I can add background music")
    assert backend.stats()["messages_received"]  # the turns really went through the server
    assert "aspect ratio" in _final_texts(backend.chat(sid, "what can you do?"))[0]  # the general list is kept


# --------------------------------------------------------------------------- never a crash
from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = ["put", "it", "at", "the", "end", "start", "after", "segment", "2", "beach.mp4", "this", "clip", "uploaded",
          "trim", "cut", "first", "last", "seconds", "from", "to", "music", "piano", "volume", "50%", "fade", "in",
          "out", "title", "'Hi'", "top", "bottom", "remove", "9:16", "4:3", "generate", "video", "of", "a", "cat",
          "把", "放到", "开头", "结尾", "剪掉", "两秒", "音乐", "钢琴", "音量", "淡出", "标题", "“你好”", "删掉", "竖屏",
          "生成", "一个", "10秒", "的", "视频", "刚上传的", "那段", "后面", "use", "as", "ending", "already", "again"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14), st.booleans())
def test_the_agent_never_crashes_on_any_request(words, with_project):
    """Whatever is asked, the agent answers (a 500 from /run_sse once came from a reply template)."""
    state = {"draft": {}, "video_infos": [], "generated_media": []}
    if with_project:
        p = agent.plan("generate a 15-second video of a city at night", state)
        draft, _ = agent.apply(agent.new_video_draft(p.subject, 15, "16:9", "http://x/v.mp4"), p.ops)
        state = {"draft": draft, "generated_media": [], "video_infos": [
            {"id": "u1", "url": "http://x/beach.mp4", "duration": 6, "width": 320, "height": 180,
             "source": "upload", "title": "beach.mp4", "filename": "beach.mp4"}]}
    plan = agent.plan(" ".join(words), state)
    assert plan.kind in ("generate", "edit", "chat")
    if plan.kind == "edit":
        agent.apply(state["draft"], plan.ops)


def test_placing_a_clip_where_it_already_is_is_answered_not_a_crash():
    p = agent.plan("generate a 5-second video of a park", {"draft": {}})
    draft, _ = agent.apply(agent.new_video_draft(p.subject, 5, "16:9", "http://x/v.mp4"), p.ops)
    state = {"draft": draft, "generated_media": [], "video_infos": [
        {"id": "u1", "url": "http://x/beach.mp4", "duration": 2, "width": 320, "height": 180,
         "source": "upload", "title": "beach.mp4", "filename": "beach.mp4"}]}
    first = agent.plan("put beach.mp4 at the end", state)
    state["draft"], _ = agent.apply(state["draft"], first.ops)
    again = agent.plan("use this as the ending", state)      # the same clip, already the ending
    assert again.kind == "chat" and "already" in again.reply


@pytest.mark.parametrize("msg, lang", [
    ("how does this work, can you render stuff straight from here?", "en"),
    ("what can you actually do? like make videos and render them?", "en"),
    ("这个怎么用啊？能生成视频吗", "zh"),
])
def test_a_question_about_the_tool_gets_the_help_and_costs_nothing(msg, lang):
    # it generated a clip "of stuff straight from here" for the first one, and charged for it
    p = agent.plan(msg, empty_state())
    assert p.kind == "chat" and p.cost == 0 and p.reply == agent.help_text(lang)


def test_a_clip_asked_after_how_it_works_is_still_generated():
    p = agent.plan("how does this work? generate a 15 second clip of a forest", empty_state())
    assert p.kind == "generate" and p.seconds == 15


def _edited_state():
    draft, _ = agent.apply(_video_draft(12), [{"op": "set_title", "text": "Harbor Lights"},
                                             {"op": "set_bgm", "style": "Piano", "volume": 30}])
    return {"draft": draft}


@pytest.mark.parametrize("msg, answer", [
    ("how long is the video?", "Your video is 12 seconds long."),
    ("remind me how long the clip is", "Your video is 12 seconds long."),
    ("what's the title?", 'The title says "Harbor Lights"'),
    ("does it have music?", "The background music is Piano at 30%."),
    ("标题是什么？", "标题是“Harbor Lights”"),          # once set the title to "什么"
    ("有背景音乐吗", "背景音乐是Piano，音量30%。"),
    ("是横屏还是竖屏？", "画面比例是16:9（横屏）。"),
    # asked how loud the music is, the volume went up 15 points each time (and a credit went)
    ("背景音乐多大声", "背景音乐是Piano，音量30%。"),
    ("音乐是不是有点大声了？", "背景音乐是Piano，音量30%。"),
    ("how loud is the music?", "The background music is Piano at 30%."),
    ("is the music too loud?", "The background music is Piano at 30%."),
    ("现在视频多长 有没有音乐", "视频长12秒。背景音乐是Piano，音量30%。"),   # both asked, both answered
])
def test_a_question_about_the_project_is_answered_from_it_and_changes_nothing(msg, answer):
    p = agent.plan(msg, _edited_state())
    assert p.kind == "chat" and p.reply.startswith(answer) and p.cost == 0, p


@pytest.mark.parametrize("msg", ["加个字幕写夏天的海", "加字幕：夏天的海"])
def test_a_style_word_in_text_asked_for_is_not_a_music_change(msg):
    # once: "🎵 背景音乐已更换：Upbeat → Summer", and no subtitle (which it cannot add: it says so)
    p = agent.plan(msg, _edited_state())
    assert p.kind == "chat" and p.cost == 0 and "字幕" in p.reply, p


@pytest.mark.parametrize("msg", ["can you generate videos of cats?", "how long does it take to generate a clip of a cat?",
                                 "why did you generate a cat?", "你能生成4K视频吗？", "可以生成多长的视频？"])
def test_a_question_about_making_videos_generates_nothing(msg):
    p = agent.plan(msg, _edited_state())
    assert p.kind == "chat" and p.cost == 0, p


@pytest.mark.parametrize("msg, kind", [("can you generate a 10 second video of a cat?", "generate"),
                                       ("make the music less loud", "edit"), ("音乐小声一点", "edit"),
                                       ("把音乐调大声一点", "edit"),
                                       ("能帮我生成一段10秒的海边视频吗？", "generate"),
                                       ("add a title that says 多长时间", "edit"),
                                       ("can you make the title say 'What now?'", "edit")])
def test_a_request_asked_as_a_question_is_still_done(msg, kind):
    assert agent.plan(msg, _edited_state()).kind == kind


@pytest.mark.parametrize("msg", ["put 'beach day.mp4' at the start", 'put "beach day.mp4" at the start',
                                 "把“beach day.mp4”放到开头"])
def test_a_quoted_upload_name_is_the_clip_it_names(msg):
    state = {"draft": _video_draft(10),
             "video_infos": [{"source": "upload", "filename": "beach day.mp4", "url": "http://x/b.mp4", "duration": 2}]}
    p = agent.plan(msg, state)
    assert p.kind == "edit" and p.ops[0]["clip"] == "beach day.mp4" and p.ops[0]["where"] == "start", p


@pytest.mark.parametrize("msg", ["use song.mp3 as the background music", "把背景音乐换成我刚传的歌",
                                 "replace the background music with my song", "use the drums as the music"])
def test_an_uploaded_sound_file_asked_for_as_the_music_becomes_the_music(msg):
    state = {"draft": _video_draft(10), "uploaded_media": [
        {"source": "upload", "filename": "song.mp3", "file_type": "audio", "url": "http://x/media/s.mp3", "at": 1},
        {"source": "upload", "filename": "drums.wav", "file_type": "audio", "url": "http://x/media/d.wav", "at": 2}]}
    p = agent.plan(msg, state)
    want = "http://x/media/s.mp3" if "song.mp3" in msg else "http://x/media/d.wav"   # named, else the latest
    assert p.kind == "edit" and p.ops == [{"op": "set_bgm", "style": p.ops[0]["style"], "volume": 30, "src": want}], p
    assert agent.plan("add a song called Never Mind", state).ops[0].get("src") is None   # "song" is a word here


@pytest.mark.parametrize("msg", ["use this song as the music", "swap the music for this one", "用这首歌当背景音乐"])
def test_this_song_is_the_sound_file_just_uploaded(msg):
    # once: "🎵 BGM changed: 我的歌 → This", and the export played the old music
    state = {"draft": _video_draft(10), "uploaded_media": [
        {"source": "upload", "filename": "我的歌.mp3", "file_type": "audio", "url": "http://x/media/s.mp3", "at": 1}]}
    p = agent.plan(msg, state)
    assert p.kind == "edit" and p.ops[0]["op"] == "set_bgm" and p.ops[0]["src"] == "http://x/media/s.mp3", p
    assert agent.plan("can i upload my own song? like how big can the file be", state).kind == "chat"

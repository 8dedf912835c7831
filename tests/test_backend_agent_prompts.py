"""Generation prompts (issue 20): subject and length in both languages, also wrapped
in politeness; a title, a track name and an export file name made of the prompt's
own words, never a placeholder, never cut mid-phrase; and a scene that follows
the subject."""
import re
from pathlib import Path

import pytest

from bench import agent_eval as E
from skill.api import export
from skill.backend import agent, prompts, scenes, vocabulary as V
from skill.backend.db import empty_state

PLACEHOLDERS = ("你描述的场景", "你描述的内容", "the scene you described", "your video", "your idea", "my video",
                "the video", "场景")

# (prompt, seconds or None, words the title must hold)
PROMPTS = [
    ("你好，麻烦帮我做一个12秒的视频，内容是下雪的小镇夜景", 12, ["下雪的小镇夜景"]),
    ("生成一个12秒的下雪小镇夜景视频", 12, ["下雪小镇夜景"]),
    ("hey could you make me a short clip, maybe 8 seconds, showing a fox running through the snow", 8,
     ["Fox", "Snow"]),
    ("generate a 15-second video of a snowy small town at night", 15, ["Snowy Small Town at Night"]),
    ("hi! can you please create a video for me about hot air balloons over cappadocia at sunrise? thanks", None,
     ["Balloons", "Cappadocia", "Sunrise"]),
    ("I'd like a 20 second clip of waves crashing on rocks at sunset please", 20, ["Waves", "Sunset"]),
    ("make me a video, it should show a rainy street in Tokyo", None, ["Rainy Street", "Tokyo"]),
    ("generate a forest video, 10 seconds", 10, ["Forest"]),
    ("please make me a half-minute video of a busy city street in the rain", 30, ["City Street", "Rain"]),
    ("could you please generate a video about a golden retriever puppy playing in autumn leaves, around 12 seconds",
     12, ["Puppy", "Leaves"]),
    ("make a video titled Upload Your Dreams", None, ["Upload Your Dreams"]),
    ("create a 5s clip: hot air balloons over green hills", 5, ["Balloons", "Hills"]),
    ("yo make me a vid of skateboarders at a skatepark, like 10 sec", 10, ["Skateboarders", "Skatepark"]),
    ("帮我生成一段十五秒的海边日落视频", 15, ["海边日落"]),
    ("请做一个关于森林里小鸟的短视频，20秒左右", 20, ["森林", "小鸟"]),
    ("我想要一段半分钟的星空延时视频", 30, ["星空"]),
    ("能不能帮我做个视频，展示雨中的城市街道", None, ["雨中的城市街道"]),
    ("生成一个视频：沙漠里的骆驼队，时长10秒", 10, ["沙漠里的骆驼队"]),
    ("麻烦生成一段8秒的篝火视频，谢谢", 8, ["篝火"]),
    ("做一段一分钟的雪山航拍视频", 60, ["雪山"]),
    ("你好，帮我做一个视频，内容是秋天的枫叶林，大概十秒", 10, ["秋天的枫叶林"]),
    ("你好！我想生成一个关于熊猫吃竹子的视频", None, ["熊猫吃竹子"]),
    ("make a 12秒 video of 樱花 falling", 12, ["樱花"]),
    ("生成一段视频，内容是一座被大雪覆盖的古老小镇，夜晚的街道上亮着温暖的灯光，一只猫在屋顶上散步", None, ["小镇"]),
]


def _made(msg):
    p = agent.plan(msg, empty_state())
    assert p.kind == "generate", (msg, p.reply)
    draft, _ = agent.apply(agent.generated_draft(p, E.GEN_URL), p.ops)
    title = next(o["text"] for o in p.ops if o["op"] == "set_title")
    track = draft["t"][0]["sg"][0]["m"]["title"]
    filename = export._target(Path("/out"), export._title(draft)).name
    return p, title, track, filename


@pytest.mark.parametrize("msg, seconds, words", PROMPTS)
def test_no_placeholder_reaches_a_title_a_track_or_a_file_name(msg, seconds, words):
    p, title, track, filename = _made(msg)
    assert p.seconds == prompts.clamp_seconds(seconds)
    for name in (title, track, filename):
        assert not any(ph in name.lower() for ph in PLACEHOLDERS), (msg, name)
        assert not V.is_placeholder(name)
    assert not filename.startswith("video-")              # the file is named after the subject...
    assert filename.rsplit("-", 2)[0] == "-".join(re.findall(r"\w+", track.lower()))   # ...not cut mid-word
    for w in words:
        assert w in title, (msg, title)
    assert E.ends_on_whole_word(title, p.subject), (msg, title)
    assert p.subject in agent.generation_intro(p)


def test_the_issue_example_reads_as_the_user_wrote_it():
    p, title, track, filename = _made("你好，麻烦帮我做一个12秒的视频，内容是下雪的小镇夜景")
    assert (p.seconds, p.subject, title, track) == (12, "下雪的小镇夜景", "下雪的小镇夜景", "下雪的小镇夜景")
    assert filename.startswith("下雪的小镇夜景-")
    assert agent.generation_intro(p) == "好的！我来为你生成一段12秒的下雪的小镇夜景视频，大约需要几分钟，请稍候。"


def test_english_titles_end_on_a_whole_word():
    assert agent.default_title("a snowy small town at night", "en") == "Snowy Small Town at Night"
    long = "a very old lighthouse standing alone on a rocky island while huge waves crash against it at dusk"
    t = agent.default_title(long, "en")
    assert len(t) <= prompts.TITLE_CHARS and t.split()[-1].lower() not in V.small_words()
    assert long.lower().find(t.split()[-1].lower()) >= 0 and not t.endswith(("At", "at", "On", "on"))


def test_chinese_titles_keep_a_whole_noun_phrase():
    assert agent.default_title("下雪的小镇夜景", "zh") == "下雪的小镇夜景"
    t = agent.default_title("一座被大雪覆盖的古老小镇在夜晚的灯光下静静地沉睡着的样子", "zh")
    assert len(t) <= prompts.TITLE_CHARS_ZH and t.endswith("样子")


@pytest.mark.parametrize("msg", ["make a video", "生成一个视频", "can you make me a short clip please?",
                                 "你好，麻烦帮我做一个12秒的视频"])
def test_a_clip_of_nothing_described_is_asked_about_not_invented(msg):
    p = agent.plan(msg, empty_state())
    assert p.kind == "chat" and p.cost == 0
    assert "你描述的场景" not in p.reply and ("What should the video show?" in p.reply or "视频要拍什么内容" in p.reply)


@pytest.mark.parametrize("prompt, theme, night", [
    ("下雪的小镇夜景", "snow", True),
    ("a snowy small town at night", "snow", True),
    ("城市夜景", "city", True),
    ("a busy city street in the rain", "city", False),
    ("沙漠里的骆驼队", "desert", False),
    ("秋天的枫叶林", "forest", False),
    ("海边日落", "sunset", False),
])
def test_the_scene_follows_the_subject(prompt, theme, night):
    s = scenes.scene_for(prompt)
    assert s.theme == theme
    assert (s.body == "moon") == night
    if "雪" in prompt or "snow" in prompt:
        assert s.particles == "snow" and any(l.kind == "buildings" for l in s.layers)   # snow falls on the town
    if "rain" in prompt:
        assert s.particles == "rain"


def test_the_generation_keeps_its_own_edits_apart_from_the_subject():
    p = agent.plan('make a vertical 10s video about a cat playing piano with the title "Cat Jam", lo-fi music at 35%',
                   empty_state())
    assert p.subject == "a cat playing piano" and p.ratio == "9:16"
    assert {"op": "set_bgm", "style": "Lo-fi", "volume": 35} in p.ops and {"op": "set_title", "text": "Cat Jam"} in p.ops
    assert len([o for o in p.ops if o["op"] == "set_bgm"]) == 1
    p = agent.plan("生成一段10秒的猫弹钢琴视频", empty_state())     # piano in the subject is no music request
    assert {"op": "set_bgm", "style": "Upbeat", "volume": 30} in p.ops


@pytest.mark.parametrize("msg, subject", [
    ("render 9 seconds of northern lights over a frozen lake", "northern lights over a frozen lake"),
    ("a timelapse of a city skyline at dusk", "a city skyline at dusk"),
    ("generate a red kite flying over a beach", "a red kite flying over a beach"),
    ("生成一段星空下的帐篷画面", "星空下的帐篷"),
    ("来段6秒的，小狗在草地上打滚", "小狗在草地上打滚"),
    ("做个视频吧，一群鸽子在广场上飞起，9秒", "一群鸽子在广场上飞起"),
])
def test_a_clip_asked_for_without_the_word_video(msg, subject):
    p = agent.plan(msg, empty_state())
    assert p.kind == "generate" and p.subject == subject


def test_a_verb_that_makes_clips_still_edits_what_is_there():
    state = E.project()
    for msg, op in (("create a fade-in for the music", "bgm_fade"), ("create a title that says Hi", "set_title"),
                    ("生成字幕", None), ("render it", None)):
        p = agent.plan(msg, state)
        assert p.kind != "generate", (msg, p.subject)
        assert [o["op"] for o in p.ops] == ([op] if op else []), (msg, p.ops)
    p = agent.plan("a cat asleep in the sun", state)        # a bare description edits nothing: no new clip either
    assert p.kind == "chat"

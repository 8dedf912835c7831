"""Reply templates: every shape, both languages, clean text."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from skill.text import replies
from skill.core.resources import templates_dir

REPO = Path(__file__).resolve().parents[1]
DRAFT = {"t": [{"tt": 0, "sg": [{"s": 0, "d": 10000, "m": {"title": "city timelapse"}}]},
               {"tt": 1, "sg": [{"s": 0, "d": 10000, "m": {"title": "Lo-fi", "volume": 35}}]}]}
SHAPES = ["timeline", "changes", "credits", "export_done", "upload_done"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_exists_in_both_languages(name, lang):
    assert (templates_dir() / lang / f"{name}.j2").is_file()


def test_timeline_reply():
    assert replies.timeline(DRAFT, "en") == \
        "Timeline (2 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%)"
    assert replies.timeline(DRAFT, "zh").startswith("时间线（2 条轨道）：1. 视频：city timelapse")
    empty = replies.timeline({}, "en")
    assert "empty" in empty and "generate a 15-second clip" in empty
    assert "描述一下想要的视频" in replies.timeline({}, "zh")


def test_changes_reply():
    out = replies.changes(["✅ Title added: 'Paradise Found' (0-3s)", "🎵 BGM volume 35% → 20%"], "en")
    assert out.splitlines() == ["Here's what changed:", "✅ Title added: 'Paradise Found' (0-3s)",
                                "🎵 BGM volume 35% → 20%"]
    assert replies.changes([], "en").startswith("The edit went through")
    assert replies.changes(["x"], "zh").splitlines()[0] == "本次修改："


def test_credits_reply():
    assert replies.credits(80, 20, 100, "en") == "💳 Credits: 80 available, 20 reserved for running jobs (100 in total)."
    assert replies.credits(80, 0, lang="en") == "💳 Credits: 80 available (80 in total)."
    assert replies.credits("80", None, lang="zh") == "💳 积分：可用 80，共 80。"
    out = replies.credits(0, 0, 0, "en")
    assert "out of credits" in out and "Exporting is free" in out
    assert "积分已用完" in replies.credits(0, 0, 0, "zh")


def test_export_done_reply():
    out = replies.export_done("/home/me/videos/project.mp4", "/home/me/videos/project.png", "en")
    assert out.splitlines() == ["✅ Your video is ready: /home/me/videos/project.mp4",
                                "🖼️ A preview picture is beside it: /home/me/videos/project.png"]
    assert replies.export_done("/tmp/a.mp4", None, "zh") == "✅ 视频已导出：/tmp/a.mp4"


def test_upload_done_reply():
    files = [{"filename": "beach.mp4", "file_type": "video", "duration": 12.5, "width": 1920, "height": 1080},
             {"filename": "logo.png", "file_type": "image", "duration": 0}]
    out = replies.upload_done(files, "en").splitlines()
    assert out == ["📤 Uploaded 2 files:", "- beach.mp4 (video, 12.5s, 1920x1080)", "- logo.png (image)",
                   "Tell me what to do with them."]
    zh = replies.upload_done(files[:1], "zh").splitlines()
    assert zh[:2] == ["📤 已上传 1 个文件：", "- beach.mp4（视频，12.5秒，1920x1080）"]
    assert replies.upload_done([{"filename": "a.mp4"}], "en").splitlines()[-1] == "Tell me what to do with it."


def test_language_falls_back_to_english():
    assert replies.credits(5, lang="fr") == replies.credits(5, lang="en")
    assert replies.credits(5, lang=None).startswith("💳 Credits: 5 available")


def test_backend_strings_are_cleaned():
    out = replies.upload_done([{"filename": "evil\x1b]0;pwned\x07\x1b[2J.mp4", "file_type": "video\x1b[31m"}], "en")
    assert "\x1b" not in out and "\x07" not in out
    out = replies.export_done("/tmp/boom\x1b[2J\x08.mp4", "", "en")
    assert "\x1b" not in out and "\x08" not in out


def test_lone_surrogates_become_printable():
    out = replies.export_done("/tmp/bad \udcff byte.mp4", "", "en")
    out.encode("utf-8")
    assert "bad \ufffd byte" in out


def test_strict_undefined_and_no_autoescape():
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        replies.render("export_done", "en", path="/x.mp4")  # url missing: a bug, not a blank
    assert replies.export_done("a<b>&'\".mp4", "", "en") == "✅ Your video is ready: a<b>&'\".mp4"


def test_jinja_is_imported_only_when_rendering():
    code = ("import sys\nimport skill.text.replies, skill.text.timeline, skill.text.gui\n"
            "a = 'jinja2' in sys.modules\nskill.text.replies.credits(1, lang='en')\nprint(a, 'jinja2' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    assert p.stdout.strip() == "False True", p.stderr

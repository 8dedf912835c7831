"""skill.core.lang.detect: the one language detector (letters decide, punctuation does not)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.core import lang
from skill.core.lang import detect

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text, expected", [
    ("make it louder！", "en"),            # full-width punctuation is not Chinese
    ("what？！", "en"),
    ("「Export Day」", "en"),               # CJK brackets, English inside
    ("ok。", "en"),
    ("把音乐调大一点", "zh"),
    ("add 字幕 please", "zh"),              # CJK letters decide, however few
    ("导出", "zh"),
    ("これを保存して", "zh"),                # kana: a CJK script
    ("ビデオ", "zh"),
    ("자막 추가", "zh"),                      # hangul
    ("𠀀", "zh"),                            # an ideograph outside the BMP
    ("café, naïve — über", "en"),
    ("🎬🎵", "en"),
])
def test_detect(text, expected):
    assert detect(text) == expected


def test_empty_text_gives_the_default():
    assert detect("") == "en" and detect(None) == "en"
    assert detect("", default="zh") == "zh"
    assert detect("hello", default="zh") == "en"  # the default is for no text at all


# Punctuation and symbols of the CJK blocks, full-width forms included.
CJK_PUNCT = [chr(c) for c in (*range(0x3000, 0x3005), *range(0x3008, 0x3021), 0x30FB, *range(0xFF01, 0xFF66))]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(CJK_PUNCT + list("abc xyz,.!?0123"))))
def test_punctuation_alone_never_makes_chinese(text):
    assert detect(text) == "en"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(CJK_PUNCT + list("abc ,.!?é")), max_size=30),
       st.sampled_from("字幕音乐导出のア자"), st.text(alphabet=st.sampled_from(CJK_PUNCT + list("xyz ")), max_size=30))
def test_one_cjk_letter_anywhere_makes_chinese(before, letter, after):
    assert detect(before + letter + after) == "zh"


def test_import_is_light():
    code = "import sys; import skill.core.lang; print(sorted(m for m in ('re', 'unicodedata', 'yaml') if m in sys.modules))"
    p = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=REPO,
                       env={"PYTHONPATH": str(REPO)})
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"
    assert "detect" in dir(lang)


def test_bad_arguments_are_said_in_the_messages_language_and_as_json_with_json(capsys):
    """argparse's English usage text, and no result line under --json, was what a Chinese user got."""
    from skill.cli import main

    assert main(["say", "导出视频", "--json", "--fast"]) == 2
    out, err = capsys.readouterr()
    result = json.loads(out.splitlines()[-1])
    assert result["status"] == "failed" and result["exit_code"] == 2 and result["error"]["key"] == "bad_arguments"
    assert "命令参数不对" in result["error"]["message"] and "--fast" in result["error"]["message"]
    assert main(["say", "make it blue", "--wait", "abc"]) == 2
    out, err = capsys.readouterr()
    assert "That command line isn't right" in err and "usage:" not in err + out


def test_export_without_a_message_answers_in_the_conversations_language(backend, capsys, monkeypatch, tmp_path):
    """`export` after Chinese messages answered in English (it has no message to read the language from)."""
    from skill.cli import main

    monkeypatch.setenv("NEMO_API_URL", backend.url)
    monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("VIDEO_SKILL_TIME_SCALE", "0.01")
    monkeypatch.setenv("VIDEO_SKILL_EXPORT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("NEMO_TOKEN", raising=False)
    assert main(["say", "生成一段5秒的灯塔视频", "--wait", "60"]) == 0
    capsys.readouterr()
    assert main(["export", "--wait", "60"]) == 0
    out = capsys.readouterr()[0]
    assert "视频已导出" in out and "Your video is ready" not in out, out
    assert main(["export", "--lang", "en", "--wait", "60"]) == 0
    assert "Your video is ready" in capsys.readouterr()[0]

"""Escape sequences and invisible characters from the backend never reach the terminal."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from skill.core.sanitize import clean, clean_filename

REPO = Path(__file__).resolve().parent.parent

BIDI_AND_INVISIBLE = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                      "\u2069", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u061c",
                      "\u2060"]
HOSTILE = [
    ("\x1b]0;pwned title\x07Hello", "Hello"),                               # OSC window title (BEL)
    ("\x1b]0;pwned\x1b\\Hello", "Hello"),                                    # OSC ended by ST
    ("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ here", "click here"),   # OSC 8 link
    ("\x1b[2J\x1b[HHello", "Hello"),                                          # clear screen, home
    ("\x1b[31;1mred\x1b[0m", "red"),
    ("\x9b2J\x9d0;title\x9cok", "ok"),                                        # 8-bit CSI and OSC
    ("\x1bPq#0;2;0;0;0\x1b\\ok", "ok"),                                       # DCS (sixel)
    ("\x1bc\x1b(B\x1b7ok\x1b8", "ok"),                                        # reset, charset, save/restore
    ("a\rb\x08c\x00d\x7fe", "abcde"),
    ("line1\u2028line2\u2029line3", "line1\nline2\nline3"),
    ("keep\ttabs\nand\r\nnewlines", "keep\ttabs\nand\nnewlines"),
    ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ("视频\u202e4pm.exe", "视频4pm.exe"),
]


@pytest.mark.parametrize("raw,expected", HOSTILE)
def test_hostile_strings_come_out_clean(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE)
def test_bidi_and_zero_width_characters_are_removed(char):
    assert clean(f"Title{char}: Urban{char}{char} Dreams") == "Title: Urban Dreams"


def test_ordinary_text_is_untouched():
    for text in ("Your video is ready. 🎬", "视频已生成：城市之夜（0-10秒）", "Timeline (3 tracks):\n1. Video",
                 "café — naïve ✅ 👍🏽", ""):
        assert clean(text) == text


@pytest.mark.parametrize("raw,expected", [
    ("../../etc/passwd", "etc-passwd"), ("..hidden", "hidden"), ("  .  ", "video"), ("", "video"),
    ("My \x1b]0;x\x07Video\u202e\u200b: take/2", "My Video- take-2"), ("a\\b:c*d?e\"f<g>h|i", "a-b-c-d-e-f-g-h-i"),
    ("line\nbreak\u2028here", "line break here"), ("城市之夜", "城市之夜"),
])
def test_clean_filename_gives_a_safe_stem(raw, expected):
    assert clean_filename(raw) == expected


def test_clean_filename_is_bounded():
    assert len(clean_filename("x" * 1000)) == 80
    assert len(clean_filename("视" * 1000).encode("utf-8")) <= 200
    assert clean_filename("a" * 79 + " ...") == "a" * 79


def test_backend_error_messages_reach_stderr_clean(backend, tmp_path):
    """A hostile error message from the backend (OSC title, clear screen, bidi) prints clean."""
    env = {**os.environ, "NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(tmp_path / "cfg"),
           "VIDEO_SKILL_TIME_SCALE": "0.01"}
    for name in ("NEMO_TOKEN", "NEMO_CLIENT_ID", "LANG", "LC_ALL"):
        env.pop(name, None)
    hostile = "Bad\x1b]0;owned\x07 \x1b[2Jthing\u202e\u200b happened\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"
    subprocess.run([sys.executable, "-m", "skill", "credits"], env=env, cwd=REPO, capture_output=True,
                   timeout=60, check=True)
    httpx.post(backend.url + "/_local/faults", timeout=10,    # the knob: a status fault with its message
               json={"fault": "status:418", "path": "/api/credits", "message": hostile}).raise_for_status()
    r = subprocess.run([sys.executable, "-m", "skill", "credits"], env=env, cwd=REPO, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode != 0
    printed = r.stdout + r.stderr
    assert "Bad thing happened" in printed                  # the backend's words, shown clean
    for bad in ("\x1b", "\x07", "\u202e", "\u200b", "]0;", "]8;"):
        assert bad not in printed, repr(printed)

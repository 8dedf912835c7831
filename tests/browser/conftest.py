"""Real-browser tests: headless Chromium (Debian's `chromium` package) driven over its DevTools
protocol (cdp.py). Run by `make test-browser`, which installs chromium when root and sets
VIDEO_SKILL_BROWSER; skipped otherwise (`make test` does not start a browser). Without a
browser the tests skip and say why: they never pass without one.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import cdp


def _env_with_cjk_font(tmp_path: Path) -> dict:
    """Chromium's environment: a headless Debian box may have no CJK font at all (a desktop
    always has one); then fontconfig is also given the one the backend renders titles with
    (Noto Sans CJK from the `noto-cjk-sans-otc` wheel), so Chinese text is drawn, not boxes."""
    env = dict(os.environ)
    from skill.backend import media

    font = media.cjk_font()
    if font and Path("/etc/fonts/fonts.conf").exists():
        conf = tmp_path / "fonts.conf"
        conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                        f"<dir>{Path(font).parent}</dir></fontconfig>\n")
        env["FONTCONFIG_FILE"] = str(conf)
    return env


@pytest.fixture
def browser(tmp_path):
    binary = cdp.find_chromium()
    if binary is None:
        pytest.skip("no Chromium on this machine: `make test-browser` installs Debian's `chromium` "
                    "package when run as root (apt-get install -y chromium); not root here, or it failed")
    pytest.importorskip("websocket", reason="websocket-client (test extra) is not installed: "
                                            "`pip install -e '.[test]'`")
    b = cdp.Browser(binary, tmp_path / "chromium-profile", log=tmp_path / "chromium.log",
                    env=_env_with_cjk_font(tmp_path))
    yield b
    b.close()

"""X-Skill-Platform: env SKILL_SOURCE, else the install path; never git."""
from __future__ import annotations

import pytest

from skill import platform


@pytest.mark.parametrize("path, expected", [
    ("/home/a/.clawhub/skills/video-generator-free-models", "clawhub"),
    ("/home/a/.openclaw/skills/video-generator-free-models", "clawhub"),
    ("/home/a/.cursor/skills/video-generator-free-models", "cursor"),
    ("/home/a/.cursor/extensions/x", "unknown"),        # .cursor alone is not a skill install
    ("/home/a/.claude/skills/video-generator-free-models", "unknown"),
    ("/srv/checkout/video-generator-free-models", "unknown"),
])
def test_platform_from_install_path(path, expected):
    assert platform.detect(env={}, install_path=path) == expected


def test_env_wins_over_path():
    assert platform.detect(env={"SKILL_SOURCE": "mcp"}, install_path="/x/.cursor/skills/y") == "mcp"
    assert platform.detect(env={"SKILL_SOURCE": "  "}, install_path="/x/.cursor/skills/y") == "cursor"


def test_clawhub_origin_file_marks_a_clawhub_install(tmp_path):
    skill_dir = tmp_path / "workspace" / "skills" / "video-generator-free-models"
    (skill_dir / ".clawhub").mkdir(parents=True)
    (skill_dir / ".clawhub" / "origin.json").write_text("{}")
    assert platform.detect(env={}, install_path=skill_dir / "skill") == "clawhub"


def test_git_remote_is_never_consulted(tmp_path, monkeypatch):
    # A checkout whose git remote names cursor must still say unknown.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text('[remote "origin"]\n url = https://x/.cursor/skills/y\n')
    assert platform.detect(env={}, install_path=tmp_path) == "unknown"

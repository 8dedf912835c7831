"""X-Skill-Platform: env SKILL_SOURCE, else the install path; never git."""
from __future__ import annotations

import pytest

from skill.core import hosts


@pytest.mark.parametrize("path, expected", [
    ("/home/a/.clawhub/skills/video-generator-free-models", "clawhub"),
    ("/home/a/.openclaw/skills/video-generator-free-models", "clawhub"),
    ("/home/a/.cursor/skills/video-generator-free-models", "cursor"),
    ("/home/a/.cursor/extensions/x", "unknown"),        # .cursor alone is not a skill install
    ("/home/a/.claude/skills/video-generator-free-models", "claude"),
    ("/home/a/.claude/projects/x", "unknown"),          # .claude alone is not a skill install
    ("/home/a/.openclaw/workspace/skills/video-generator-free-models", "clawhub"),
    ("/srv/checkout/video-generator-free-models", "unknown"),
])
def test_platform_from_install_path(path, expected):
    assert hosts.detect(env={}, install_path=path) == expected


def test_env_wins_over_path():
    assert hosts.detect(env={"SKILL_SOURCE": "mcp"}, install_path="/x/.cursor/skills/y") == "mcp"
    assert hosts.detect(env={"SKILL_SOURCE": "  "}, install_path="/x/.cursor/skills/y") == "cursor"


def test_clawhub_origin_file_marks_a_clawhub_install(tmp_path):
    skill_dir = tmp_path / "workspace" / "skills" / "video-generator-free-models"
    (skill_dir / ".clawhub").mkdir(parents=True)
    (skill_dir / ".clawhub" / "origin.json").write_text("{}")
    assert hosts.detect(env={}, install_path=skill_dir / "skill") == "clawhub"


def test_git_remote_is_never_consulted(tmp_path, monkeypatch):
    # A checkout whose git remote names cursor must still say unknown.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text('[remote "origin"]\n url = https://x/.cursor/skills/y\n')
    assert hosts.detect(env={}, install_path=tmp_path) == "unknown"


def test_the_launchers_folder_decides_not_the_package(tmp_path):
    """The launcher exports VIDEO_SKILL_HOME=<skill folder>; the package may live anywhere."""
    private_env = "/home/a/.local/share/video-generator-free-models/1.0.0/venv/lib/skill"
    for folder, expected in [("/home/a/.cursor/skills/video-generator-free-models", "cursor"),
                             ("/home/a/.claude/skills/video-generator-free-models", "claude"),
                             ("/home/a/.openclaw/skills/video-generator-free-models", "clawhub")]:
        assert hosts.detect(env={"VIDEO_SKILL_HOME": folder}, install_path=private_env) == expected
    assert hosts.detect(env={}, install_path=private_env) == "unknown"
    assert hosts.detect(env={"VIDEO_SKILL_HOME": "/srv/x", "SKILL_SOURCE": "mcp"},
                           install_path=private_env) == "mcp"


def test_install_record_names_the_host_wherever_the_folder_is(tmp_path):
    """`video-skill install cursor --dir D` writes anywhere; its record still tells the host."""
    folder = tmp_path / "custom" / "video-generator-free-models"
    folder.mkdir(parents=True)
    assert hosts.detect(env={"VIDEO_SKILL_HOME": str(folder)}, install_path="/x") == "unknown"
    (folder / hosts.INSTALL_RECORD).write_text('{"host": "cursor", "files": []}')
    assert hosts.detect(env={"VIDEO_SKILL_HOME": str(folder)}, install_path="/x") == "cursor"
    (folder / hosts.INSTALL_RECORD).write_text("not json")
    assert hosts.detect(env={"VIDEO_SKILL_HOME": str(folder)}, install_path="/x") == "unknown"

"""`install` / `--uninstall` never write or delete through a symbolic link or outside the skill
folder; a `--dir` that can't be used, and a launcher whose data folder can't be, say so plainly.

Each case is what a red team did to a real install: the installed `skill/` replaced by a link to
the user's own project, the whole skill folder a link to a folder with a planted install record,
a record naming files outside, `--dir` a file or /proc/1, XDG_DATA_HOME a file.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from skill.core import hosts, manifest
from cli_env import fresh_home_env

NAME = manifest.load().name


def _cli(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "skill", *args], capture_output=True, text=True,
                          env=env, timeout=120)



def _tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _users_project(root: Path, like: Path) -> dict:
    """The user's own package: the same file names as the installed skill/, their own contents."""
    for path in like.rglob("*"):
        if path.is_file():
            mine = root / path.relative_to(like)
            mine.parent.mkdir(parents=True, exist_ok=True)
            mine.write_text(f"# the user's own {path.name}\n")
    (root / "important.txt").write_text("keep me\n")
    return _tree(root)


def test_uninstall_and_reinstall_never_follow_a_linked_skill_package_out(tmp_path):
    skills = tmp_path / "skills"
    env = fresh_home_env(tmp_path)
    assert _cli("install", "cursor", "--dir", str(skills), env=env).returncode == 0
    folder = skills / NAME
    project = tmp_path / "my-project" / "pkg"
    before = _users_project(project, folder / "skill")
    assert "__init__.py" in before and len(before) > 50
    import shutil

    shutil.rmtree(folder / "skill")
    (folder / "skill").symlink_to(project, target_is_directory=True)

    gone = _cli("install", "cursor", "--dir", str(skills), "--uninstall", env=env)
    assert gone.returncode == 2, gone.stdout + gone.stderr
    assert "Traceback" not in gone.stderr
    assert f"{folder / 'skill'} is a symbolic link (to {project})" in gone.stderr
    assert "Nothing was changed" in gone.stderr
    assert _tree(project) == before                      # not one of the user's files deleted
    assert (folder / "SKILL.md").is_file()               # and nothing of the install either

    again = _cli("install", "cursor", "--dir", str(skills), env=env)
    assert again.returncode == 2 and "symbolic link" in again.stderr
    assert _tree(project) == before                      # nothing overwritten through the link

    zh = _cli("install", "cursor", "--dir", str(skills), "--uninstall", "--lang", "zh", env=env)
    assert zh.returncode == 2 and "符号链接" in zh.stderr

    # The way out the message gives: remove the link, run it again.
    (folder / "skill").unlink()
    assert _cli("install", "cursor", "--dir", str(skills), env=env).returncode == 0
    assert _cli("install", "cursor", "--dir", str(skills), "--uninstall", env=env).returncode == 0
    assert not folder.exists() and _tree(project) == before


def test_a_linked_skill_folder_with_a_planted_record_loses_nothing(tmp_path):
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "important.txt").write_text("keep me\n")
    (elsewhere / hosts.INSTALL_RECORD).write_text(json.dumps(
        {"host": "cursor", "name": NAME, "version": "0.0.1", "files": ["important.txt"]}))
    skills = tmp_path / "skills"
    skills.mkdir()
    (skills / NAME).symlink_to(elsewhere, target_is_directory=True)
    env = fresh_home_env(tmp_path)
    for argv in (("--uninstall",), ()):
        done = _cli("install", "cursor", "--dir", str(skills), *argv, env=env)
        assert done.returncode == 2, done.stdout + done.stderr
        assert f"{skills / NAME} is a symbolic link (to {elsewhere})" in done.stderr
        assert (elsewhere / "important.txt").read_text() == "keep me\n"
        assert sorted(p.name for p in elsewhere.iterdir()) == [hosts.INSTALL_RECORD, "important.txt"]


@pytest.mark.parametrize("entry", ["../outside.txt", "/tmp/absolute-outside.txt", "skill/../../outside.txt"])
def test_a_record_entry_outside_the_folder_is_refused_by_name(entry, tmp_path):
    skills = tmp_path / "skills"
    env = fresh_home_env(tmp_path)
    assert _cli("install", "cursor", "--dir", str(skills), env=env).returncode == 0
    folder = skills / NAME
    record_path = folder / hosts.INSTALL_RECORD
    record = json.loads(record_path.read_text())
    record["files"].append(entry)
    record_path.write_text(json.dumps(record))
    (skills / "outside.txt").write_text("keep me\n")
    before = _tree(folder)
    done = _cli("install", "cursor", "--dir", str(skills), "--uninstall", env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"lists {entry}, which is outside the skill folder" in done.stderr
    assert _tree(folder) == before and (skills / "outside.txt").read_text() == "keep me\n"


def test_a_linked_skills_parent_folder_is_the_users_choice(tmp_path):
    """A link above the skill folder (e.g. ~/.cursor itself a link) is where the user keeps it: fine."""
    real = tmp_path / "real-skills"
    real.mkdir()
    (tmp_path / "skills").symlink_to(real, target_is_directory=True)
    env = fresh_home_env(tmp_path)
    assert _cli("install", "cursor", "--dir", str(tmp_path / "skills"), env=env).returncode == 0
    assert (real / NAME / "SKILL.md").is_file()
    assert _cli("install", "cursor", "--dir", str(tmp_path / "skills"), "--uninstall", env=env).returncode == 0
    assert list(real.iterdir()) == []


@pytest.mark.parametrize("kind", ["file", "proc"])
def test_install_into_a_dir_that_cant_be_used_says_so(kind, tmp_path):
    if kind == "file":
        target = tmp_path / "a-file"
        target.write_text("not a folder\n")
        expected = f"Can't install into {target}: it is a file, not a folder"
    else:
        target = Path("/proc/1")
        if not target.is_dir():
            pytest.skip("no /proc here")
        expected = f"Can't install into {target}: it can't be written"
    env = fresh_home_env(tmp_path)
    for argv in ((), ("--uninstall",), ("--json",)):
        done = _cli("install", "cursor", "--dir", str(target), *argv, env=env)
        assert "Traceback" not in done.stderr
        if argv == ("--uninstall",) and kind == "proc":
            assert done.returncode == 0 and "nothing to remove" in done.stdout   # nothing of ours there
            continue
        assert done.returncode == 2, done.stdout + done.stderr
        if argv == ("--json",):
            result = json.loads(done.stdout.splitlines()[-1])
            assert result["exit_code"] == 2 and expected in result["error"]["message"]
        else:
            assert expected in done.stderr and "internal" not in done.stderr.lower()


def test_the_launcher_with_a_data_folder_that_is_a_file_says_so(tmp_path):
    """XDG_DATA_HOME naming a file: the first run can't build its environment there, and says
    where and what to do (plain, and as the --json result), never a Python traceback."""
    skills = tmp_path / "skills"
    assert _cli("install", "claude", "--dir", str(skills), env=fresh_home_env(tmp_path)).returncode == 0
    data = tmp_path / "data-file"
    data.write_text("not a folder\n")
    env = fresh_home_env(tmp_path, XDG_DATA_HOME=str(data), VIDEO_SKILL_PRIVATE="1")
    launcher = skills / NAME / "bin" / "video-skill"
    done = subprocess.run([str(launcher), "credits"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    assert f"Can't set up the skill's Python environment in {data}/{NAME}" in done.stderr
    assert "XDG_DATA_HOME" in done.stderr
    as_json = subprocess.run([str(launcher), "credits", "--json"], capture_output=True, text=True, env=env,
                             timeout=60)
    result = json.loads(as_json.stdout.splitlines()[-1])
    assert result["status"] == "failed" and result["exit_code"] == 1 and "XDG_DATA_HOME" in result["error"]["message"]
    zh = subprocess.run([str(launcher), "credits"], capture_output=True, text=True, timeout=60,
                        env={**env, "LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1 and "XDG_DATA_HOME" in zh.stderr and "无法" in zh.stderr
    assert data.read_text() == "not a folder\n"


def test_a_planted_install_record_cannot_make_uninstall_edit_or_run_anything_else(tmp_path):
    """--uninstall undoes what install --mcp registered, by the install record: an entry naming a
    file or a program the hosts table does not know is not touched or run."""
    import json as _json

    from skill.commands import install
    from skill.core import manifest

    home = tmp_path / "home"
    folder = home / "skills" / manifest.current().name
    folder.mkdir(parents=True)
    victim = tmp_path / "victim.json"
    victim.write_text(_json.dumps({"keep": {"video-generator-free-models": 1}}))
    (folder / ".video-skill-install.json").write_text(_json.dumps({"host": "cursor", "files": [], "mcp": [
        {"app": "x", "path": str(victim), "key": ["keep"], "entry": 1, "previous": None},
        {"app": "y", "cli": "rm"}]}))
    assert install.recorded_mcp(folder.parent) == []
    out = install.unregister_mcp(folder.parent, "en")
    assert out["done"] == [] and _json.loads(victim.read_text()) == {"keep": {"video-generator-free-models": 1}}

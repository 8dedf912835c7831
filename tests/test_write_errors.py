"""A folder that can't be written says so, in English and Chinese, and loses no work.

Export folder (the user's choice: VIDEO_SKILL_EXPORT_DIR or --output) that can't be
written: exit 2 (bad input), the folder named, nothing rendered for nothing. A disk
that fills up mid-download: the render stays claimed, the next export takes the
same render. Config folder (NEMO_CONFIG_DIR) that can't be written: the folder
named, and NEMO_CONFIG_DIR as the way out. Never "internal error (OSError)".

How each is made here (tests may run as root, where chmod stops nothing):
  not a folder   a path under a regular file (ENOTDIR), any user
  read-only      chmod 0500 when not root; as root, a sysfs folder (/sys/kernel: root
                 can't create files there), else skipped
  full disk      the claimed render's hidden .part is a link to /dev/full: the kernel's
                 own ENOSPC on the very write the download makes (no tmpfs without mount)
  size limit     RLIMIT_FSIZE 0 (SIGXFSZ ignored): every write into the config folder
                 fails with EFBIG, as on a full quota
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import DEFAULT_FLAGS, BackendHandle
from skill.core.mp4 import is_complete

REPO = Path(__file__).resolve().parent.parent


def _unwritable_dir(tmp_path: Path) -> tuple[Path, str]:
    """A folder that exists and can't take a new file, and how it was made."""
    if os.geteuid() != 0:
        d = tmp_path / "readonly"
        d.mkdir()
        d.chmod(0o500)
        return d, "chmod 0500"
    for candidate in (Path("/sys/kernel"), Path("/sys")):
        if candidate.is_dir():
            try:
                (candidate / f".probe-{os.getpid()}").open("w").close()
            except OSError:
                return candidate, "sysfs as root"
            (candidate / f".probe-{os.getpid()}").unlink()
    pytest.skip("running as root without a read-only folder to use (no sysfs): not testable here")


@pytest.fixture(scope="module")
def project():
    """One backend and one generated project for the module (its own config dir)."""
    data_dir = tempfile.mkdtemp(prefix="nemo-backend-writes-")
    backend = BackendHandle(Path(data_dir), {**DEFAULT_FLAGS, "render_preset": "ultrafast"})
    root = Path(tempfile.mkdtemp(prefix="writes-"))
    env = {k: v for k, v in os.environ.items() if k not in ("NEMO_TOKEN", "LANG", "LC_ALL", "LANGUAGE")}
    env.update({"NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(root / "cfg"),
                "VIDEO_SKILL_TIME_SCALE": "0.01", "VIDEO_SKILL_EXPORT_DIR": str(root / "out"),
                "PYTHONPATH": str(REPO)})
    made = run(env, "chat", "generate a 3-second clip of the sea", "--wait", "60")
    assert made["status"] == "done", made
    yield backend, env, root
    backend.stop()
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)


def run(env: dict, *argv: str, preexec=None) -> dict:
    proc = subprocess.run([sys.executable, "-m", "skill", *argv, "--json"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120, preexec_fn=preexec)
    assert "Traceback" not in proc.stderr, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["type"] == "result" and result["exit_code"] == proc.returncode
    return result


def renders(backend) -> int:
    return backend.stats().get("renders_submitted", 0)


def assert_says(result: dict, key: str, path: Path, *words: str) -> None:
    error = result["error"]
    assert result["status"] == "failed" and error["key"] == key, result
    message = error["message"]
    assert str(path) in message and "internal" not in message.lower() and "OSError" not in message
    for word in words:
        assert word in message, message
    assert error["what_to_do"]


def test_an_export_folder_that_is_not_a_folder_is_bad_input_and_renders_nothing(project, tmp_path):
    backend, env, root = project
    (tmp_path / "a-file").write_text("not a folder")
    before = renders(backend)
    inside_a_file = tmp_path / "a-file" / "videos"
    res = run({**env, "VIDEO_SKILL_EXPORT_DIR": str(inside_a_file)}, "export")
    assert res["exit_code"] == 2
    assert_says(res, "export_dir_unwritable", inside_a_file, "can't be written", "Nothing is lost")
    named = run(env, "export", "--output", str(tmp_path / "a-file" / "clip.mp4"))
    assert named["exit_code"] == 2 and named["error"]["key"] == "export_dir_unwritable"
    zh = run({**env, "VIDEO_SKILL_EXPORT_DIR": str(inside_a_file)}, "export", "--lang", "zh")
    assert zh["exit_code"] == 2
    assert_says(zh, "export_dir_unwritable", inside_a_file, "不可写")
    assert renders(backend) == before                  # no render for a file with nowhere to go
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_a_read_only_export_folder_is_bad_input(project, tmp_path):
    backend, env, root = project
    folder, how = _unwritable_dir(tmp_path)
    before = renders(backend)
    res = run({**env, "VIDEO_SKILL_EXPORT_DIR": str(folder)}, "export")
    assert res["exit_code"] == 2, (how, res)
    assert_says(res, "export_dir_unwritable", folder, "can't be written")
    assert renders(backend) == before
    if how == "chmod 0500":
        assert not any(p.name.endswith(".mp4") for p in folder.iterdir())


def _claim(env: dict) -> dict:
    conn = sqlite3.connect(Path(env["NEMO_CONFIG_DIR"]) / "video-skill.db")
    try:
        rows = conn.execute("SELECT value FROM kv WHERE key LIKE 'render:%'").fetchall()
    finally:
        conn.close()
    assert len(rows) == 1, rows
    return json.loads(rows[0][0])


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here to fill a write")
def test_a_disk_full_mid_download_keeps_the_render_for_the_next_export(project, tmp_path):
    backend, env, root = project
    out = tmp_path / "out"
    env = {**env, "VIDEO_SKILL_EXPORT_DIR": str(out)}
    before = renders(backend)
    started = run(env, "export", "--wait", "0")      # the render is claimed and goes on
    assert started["status"] == "running", started
    rid = _claim(env)["render_id"]
    part = out / f".{rid}.mp4.part"
    part.symlink_to("/dev/full")                       # every byte written to it: ENOSPC
    full = run(env, "export")
    assert full["exit_code"] == 2
    assert_says(full, "export_disk_full", out, "Not enough disk space", "same render")
    assert not list(out.glob("*.mp4"))                 # nothing under a final name
    assert _claim(env)["render_id"] == rid              # the finished render is still ours
    zh = run(env, "export", "--lang", "zh")
    assert_says(zh, "export_disk_full", out, "空间不足")
    part.unlink()                                      # space freed
    done = run(env, "export")
    assert done["status"] == "done", done
    (video,) = [Path(f["path"]) for f in done["files"] if f["kind"] == "video"]
    assert is_complete(video) and done["data"]["render_id"] == rid
    assert renders(backend) == before + 1              # one render, picked up after the failure
    assert not list(out.glob(".*.part"))


@pytest.mark.parametrize("command", [["credits"], ["status"], ["say", "make a 3-second clip of the sea"]])
def test_a_config_folder_that_is_not_a_folder_names_it_and_the_way_out(project, tmp_path, command):
    backend, env, root = project
    (tmp_path / "a-file").write_text("x")
    cfg = tmp_path / "a-file" / "nemovideo"
    messages = sum((backend.stats().get("messages_received") or {}).values())
    res = run({**env, "NEMO_CONFIG_DIR": str(cfg)}, *command)
    assert res["exit_code"] == 2
    assert_says(res, "config_dir_unwritable", cfg, "NEMO_CONFIG_DIR", "Can't write")
    zh = run({**env, "NEMO_CONFIG_DIR": str(cfg)}, *command, "--lang", "zh")
    assert_says(zh, "config_dir_unwritable", cfg, "NEMO_CONFIG_DIR", "无法写入")
    assert sum((backend.stats().get("messages_received") or {}).values()) == messages   # nothing sent


def test_a_read_only_config_folder_names_it(project, tmp_path):
    backend, env, root = project
    folder, how = _unwritable_dir(tmp_path)
    res = run({**env, "NEMO_CONFIG_DIR": str(folder)}, "credits")
    assert res["exit_code"] == 2, (how, res)
    assert_says(res, "config_dir_unwritable", folder, "NEMO_CONFIG_DIR")


def _no_room():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)      # a write past the limit fails (EFBIG), not the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_a_config_folder_that_takes_no_more_bytes_says_so(project, tmp_path):
    backend, env, root = project
    cfg = tmp_path / "fresh-config"
    res = run({**env, "NEMO_CONFIG_DIR": str(cfg)}, "credits", preexec=_no_room)
    assert res["exit_code"] == 2, res
    assert res["error"]["key"] in ("config_dir_full", "config_dir_unwritable")
    assert_says(res, res["error"]["key"], cfg, "NEMO_CONFIG_DIR")
    assert not (cfg / "client_id").exists() or (cfg / "client_id").read_text().strip()   # no empty id left
    again = run({**env, "NEMO_CONFIG_DIR": str(cfg)}, "credits")   # room again: it just works
    assert again["status"] == "done", again

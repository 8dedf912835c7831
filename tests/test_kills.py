"""Kills, cut downloads and hostile terminals: no lost work, no half file, no double charge.

Real processes against the local backend (and, for downloads, tests/faultproxy.py).
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faultproxy import FaultProxy
from skill.core import config
from skill.core.mp4 import is_complete
from skill.core.store import Store
from skill.turns.book import TurnBook

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def user(tmp_path):
    class User:
        cfg = tmp_path / "cfg"
        out = tmp_path / "out"

        def env(self, api_url: str, **extra) -> dict:
            env = {k: v for k, v in os.environ.items() if k != "NEMO_TOKEN"}
            env.update({"NEMO_API_URL": api_url, "NEMO_CONFIG_DIR": str(self.cfg),
                        "VIDEO_SKILL_TIME_SCALE": "0.01", "VIDEO_SKILL_EXPORT_DIR": str(self.out),
                        "PYTHONPATH": str(REPO)}, **extra)
            return env

        def run(self, env, *argv, timeout=120):
            return subprocess.run([sys.executable, "-m", "skill", *argv], env=env, cwd=REPO,
                                  capture_output=True, text=True, timeout=timeout)

        def spawn(self, env, *argv):
            return subprocess.Popen([sys.executable, "-m", "skill", *argv], env=env, cwd=REPO,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

        def turn(self, env):
            with Store.open(config.from_env(env)) as store:
                return TurnBook(store).latest(env["NEMO_API_URL"])

        def wait_sent(self, env, timeout=20):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                rec = self.turn(env)
                if rec and rec.sent and rec.status == "running" and rec.pid:
                    return rec
                time.sleep(0.05)
            raise AssertionError("the turn was never sent")

        def finals(self):
            return sorted(self.out.glob("*.mp4")) if self.out.exists() else []

        def parts(self):
            return sorted(self.out.glob(".*.part")) if self.out.exists() else []

        def integrity(self):
            conn = sqlite3.connect(self.cfg / "video-skill.db")
            try:
                return conn.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                conn.close()

    return User()


def received(backend) -> int:
    return sum((backend.stats().get("messages_received") or {}).values())


def wait_received(backend, timeout=20) -> None:
    """Until the backend has read the turn: "sent" is recorded as the request goes out, and a kill in
    the moment after it can land before the body arrives (the backend then never had the turn, and
    the skill rightly says nothing was done). These tests kill the worker mid-generation."""
    deadline = time.monotonic() + timeout
    while received(backend) < 1:
        if time.monotonic() > deadline:
            raise AssertionError("the backend never read the turn")
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_then_export_survives_a_killed_say(backend, user, sig):
    env = user.env(backend.url)
    say = user.spawn(env, "say", "generate a 5-second clip of a lake, then export", "--wait", "60")
    user.wait_sent(env)
    wait_received(backend)
    say.send_signal(sig)                          # the host kills the command mid-generation
    say.wait(timeout=10)
    done = user.run(env, "status", "--wait", "60")
    assert done.returncode == 0, done.stderr
    finals = user.finals()
    assert len(finals) == 1 and is_complete(finals[0]) and str(finals[0]) in done.stdout
    user.run(env, "status")                       # asking again exports nothing more
    assert backend.stats()["renders_submitted"] == 1 and received(backend) == 1
    assert user.integrity() == "ok"


def test_export_after_a_dead_generation_settles_it_first(backend, user):
    env = user.env(backend.url)
    assert user.run(env, "chat", "generate a 5-second clip of a lake", "--wait", "0").returncode == 0
    rec = user.wait_sent(env)
    wait_received(backend)
    os.kill(rec.pid, signal.SIGKILL)              # the worker dies mid-generation
    early = user.run(env, "export", "--wait", "0")
    assert early.returncode == 11 and "Traceback" not in early.stderr
    assert backend.stats().get("renders_submitted", 0) == 0          # no half-built render
    done = user.run(env, "status", "--wait", "60")
    assert done.returncode == 0 and "Music and title added" in done.stdout
    assert user.turn(env).status in ("done", "recovered")            # not "running" forever
    out = user.run(env, "export")
    assert out.returncode == 0 and len(user.finals()) == 1
    assert backend.stats()["renders_submitted"] == 1 and received(backend) == 1


@pytest.fixture
def proxied(backend):
    proxy = FaultProxy(backend.url)
    backend.fault("url_unreachable", times=100)   # every render's URL is dead: downloads go through us
    yield proxy
    proxy.close()


def _generate(user, env):
    done = user.run(env, "chat", "generate a 3-second clip of the sea", "--wait", "60")
    assert done.returncode == 0, done.stderr


def test_a_truncated_download_is_never_called_ready_and_is_resumed(backend, user, proxied):
    env = user.env(proxied.url)
    _generate(user, env)
    proxied.download_fault = "truncate"
    cut = user.run(env, "export")
    assert cut.returncode == 3 and "ready" not in cut.stdout
    assert not user.finals() and len(user.parts()) == 1              # only the hidden part
    again = user.run(env, "export")
    assert again.returncode == 0, again.stderr
    (final,) = user.finals()
    assert is_complete(final) and not user.parts()
    assert backend.stats()["renders_submitted"] == 1                  # the same render, resumed


@pytest.mark.parametrize("fault,words", [("garbage", "not an MP4"), ("html", "web page")])
def test_a_download_that_is_not_a_video_is_refused(backend, user, proxied, fault, words):
    env = user.env(proxied.url)
    _generate(user, env)
    proxied.download_fault = fault
    res = user.run(env, "export")
    # One source gave junk; the other (the same endpoint, healthy again) gives the real file.
    if res.returncode == 0:
        (final,) = user.finals()
        assert is_complete(final)
    else:
        assert res.returncode == 15 and words in res.stderr and "ready" not in res.stdout
        assert not user.finals() and not user.parts()


def test_every_source_giving_junk_is_a_clear_failure(backend, user, proxied, monkeypatch):
    env = user.env(proxied.url)
    _generate(user, env)

    class Always(str):   # the proxy resets its fault after one use; keep it for this test
        pass
    proxied.download_fault = "garbage"
    original = proxied._spoiled

    def keep(h, fault):
        original(h, fault)
        proxied.download_fault = "garbage"
    proxied._spoiled = keep
    res = user.run(env, "export")
    assert res.returncode == 15 and "not an MP4" in res.stderr and "ready" not in res.stdout
    assert not user.finals() and not user.parts()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_download_killed_midway_leaves_no_final_file_and_resumes(backend, user, proxied, sig):
    env = user.env(proxied.url)
    _generate(user, env)
    proxied.download_fault = "slow"
    export = user.spawn(env, "export")
    deadline = time.monotonic() + 60
    while not user.parts() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    export.send_signal(sig)
    export.wait(timeout=10)
    assert not user.finals()                      # never half a video under a final name
    proxied.download_fault = None
    again = user.run(env, "export")
    assert again.returncode == 0, again.stderr
    (final,) = user.finals()
    assert is_complete(final) and not user.parts()
    assert backend.stats()["renders_submitted"] == 1
    assert user.integrity() == "ok"


@pytest.mark.parametrize("setting", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONIOENCODING": ""}])
def test_a_terminal_that_cannot_print_emoji_never_fails_the_command(backend, user, setting):
    env = user.env(backend.url, **setting)
    res = user.run(env, "say", "generate a 3-second clip of the sea", "--wait", "60")
    assert res.returncode == 0, res.stderr
    assert "Something went wrong" not in res.stderr and "Traceback" not in res.stderr
    status = user.run(env, "status")
    assert status.returncode == 0 and "Traceback" not in status.stderr
    assert received(backend) == 1


def test_a_closed_stdout_is_not_a_traceback(backend, user):
    env = user.env(backend.url)
    proc = subprocess.run([sys.executable, "-m", "skill", "credits"], env=env, cwd=REPO,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60,
                          preexec_fn=lambda: os.close(1))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr

"""`--local`, as an offline user runs it: the embedded backend is started at the edge, and the
project link in the replies is that backend's own project page (the vendor's site knows none
of these ids)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def offline(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("NEMO_API_URL", "NEMO_WEB_URL", "NEMO_TOKEN", "LANG")}
    env.update(NEMO_CONFIG_DIR=str(tmp_path / "cfg"), VIDEO_SKILL_TIME_SCALE="0.01", HOME=str(tmp_path),
               VIDEO_SKILL_EXPORT_DIR=str(tmp_path / "out"), SKILL_SOURCE="unknown")
    yield env
    subprocess.run([sys.executable, "-m", "skill", "serve", "--stop", "--data-dir",
                    str(tmp_path / "cfg" / "local-backend")], env=env, cwd=REPO, capture_output=True, timeout=60)


def cli(env, *argv):
    r = subprocess.run([sys.executable, "-m", "skill", *argv, "--local", "--json"], env=env, cwd=REPO,
                       capture_output=True, text=True, timeout=120)
    return r.returncode, json.loads(r.stdout.strip().splitlines()[-1])


def test_local_replies_link_to_the_local_project_page(offline):
    code, reply = cli(offline, "say", "generate a 3-second video of a lighthouse at dawn", "--wait", "60")
    assert code == 0 and reply["status"] == "done", reply
    link = reply["links"]["project"]
    assert link.startswith("http://127.0.0.1:") and "/workspace/claim?" in link, link
    assert "nemovideo.com" not in json.dumps(reply)
    page = httpx.get(link, timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Lighthouse" in page.text or "lighthouse" in page.text


def test_a_web_url_the_user_set_is_kept_in_local_mode(offline):
    offline["NEMO_WEB_URL"] = "https://studio.example"
    code, reply = cli(offline, "state")
    assert code == 0
    assert reply["links"]["project"].startswith("https://studio.example/workspace/claim?")


def test_a_next_step_made_in_local_mode_works_as_given(offline):
    """`next` after `say … --local` is run exactly as it reads (no NEMO_API_URL in the environment):
    it follows the same local generation, instead of asking the service and finding no request."""
    code, started = cli(offline, "say", "generate a 5-second video of a lighthouse", "--wait", "0")
    assert code == 0 and started["status"] == "running", started
    step = started["next"]
    assert step["command"] == "status" and "--local" in step["args"], step
    argv = [step["command"], *step["args"], "--json"]
    argv[argv.index("--wait") + 1] = "60"           # as given, only sooner than 90 s in a test
    run = subprocess.run([sys.executable, "-m", "skill", *argv], env=offline, cwd=REPO, capture_output=True,
                         text=True, timeout=120)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["status"] == "done" and result["changes"], result
    assert result["data"]["turn"]["fresh"] is True


def test_the_settings_folder_is_private_when_a_local_run_makes_it(tmp_path):
    """The first `--local` run creates ~/.config/nemovideo through the local backend's folder: 0700."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NEMO_API_URL", "NEMO_WEB_URL", "NEMO_TOKEN", "NEMO_CONFIG_DIR", "LANG")}
    env.update(HOME=str(tmp_path), VIDEO_SKILL_TIME_SCALE="0.01", SKILL_SOURCE="unknown")
    settings = tmp_path / ".config" / "nemovideo"
    try:
        code, reply = cli(env, "credits")
        assert code == 0, reply
    finally:
        subprocess.run([sys.executable, "-m", "skill", "serve", "--stop", "--data-dir", str(settings / "local-backend")],
                       env=env, cwd=REPO, capture_output=True, timeout=60)
    assert settings.stat().st_mode & 0o777 == 0o700
    assert (settings / "local-backend").stat().st_mode & 0o777 == 0o700

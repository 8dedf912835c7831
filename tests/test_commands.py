"""export / credits / state / upload as a user runs them, against the local backend."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill.core import config
from skill.cli import main
from skill.api.client import NemoClient
from skill.core.mp4 import is_complete as looks_like_mp4


@pytest.fixture
def user(tmp_path, monkeypatch):
    """A user's environment: config dir, export dir, pointed at a backend."""
    class User:
        cfg = tmp_path / "cfg"
        exports = tmp_path / "exports"

        def use(self, backend):
            monkeypatch.setenv("NEMO_API_URL", backend.url)
            monkeypatch.setenv("NEMO_CONFIG_DIR", str(self.cfg))
            monkeypatch.setenv("VIDEO_SKILL_TIME_SCALE", "0.01")
            monkeypatch.setenv("VIDEO_SKILL_EXPORT_DIR", str(self.exports))
            monkeypatch.delenv("NEMO_TOKEN", raising=False)
            self.backend = backend
            return self

        def generate(self, text="generate a 5-second video of the sea"):
            """Put a clip in the project, as a finished chat turn would."""
            with NemoClient(config.from_env()) as api:
                sid = api.session().session_id
                self.backend.chat(sid, text, token=api.auth.token())
            return sid

        def env(self):
            return {**os.environ}

    return User()


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def mp4s(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.mp4")) if folder.exists() else []


def test_export_delivers_a_real_mp4(backend, user, capsys):
    user.use(backend).generate()
    code, out, err = run(capsys, "export")
    assert code == 0, err
    files = mp4s(user.exports)
    assert len(files) == 1 and str(files[0]) in out
    assert looks_like_mp4(files[0]) and files[0].stat().st_size > 2000
    assert "Rendering" in out and "workspace/claim" in out
    assert backend.stats()["renders_submitted"] == 1
    assert not list(user.exports.glob("*.part"))
    # a picture before the video: the poster lands beside it, and the reply names it
    posters = sorted(user.exports.glob("*.png"))
    assert [p.stem for p in posters] == [files[0].stem] and str(posters[0]) in out
    assert posters[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_understands_the_seed_layout_and_an_unreachable_url(backend_factory, user, capsys):
    backend = backend_factory(render_layout="seed")
    user.use(backend).generate()
    backend.fault("url_unreachable")
    code, out, err = run(capsys, "export", "--json")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    final = events[-1]
    video = [f for f in final["files"] if f["kind"] == "video"]
    assert final["type"] == "result" and final["status"] == "done" and looks_like_mp4(Path(video[0]["path"]))
    assert any(e["type"] == "progress" for e in events)
    assert [e["path"] for e in events if e["type"] == "file" and e["kind"] == "video"] == [video[0]["path"]]


def test_a_failed_render_is_retried_once_with_a_new_id(backend, user, capsys):
    user.use(backend).generate()
    backend.fault("render_fail", path="/api/render/proxy/lambda", times=1)
    code, out, err = run(capsys, "export")
    assert code == 0, err
    assert "trying once more" in out
    assert backend.stats()["renders_submitted"] == 2
    assert len(mp4s(user.exports)) == 1


def test_two_failed_renders_give_a_clear_failure_and_no_file(backend, user, capsys):
    user.use(backend).generate()
    backend.fault("render_fail", path="/api/render/proxy/lambda", times=2)
    code, out, err = run(capsys, "export")
    assert code == 15
    assert "failed twice" in err and "Traceback" not in err
    assert mp4s(user.exports) == []
    # The failed claim is gone: the next export starts a fresh render and delivers.
    backend.clear_faults()
    code, out, err = run(capsys, "export")
    assert code == 0, err
    assert backend.stats()["renders_submitted"] == 3


def test_a_stopped_export_is_picked_up_not_started_again(backend, user, capsys):
    user.use(backend).generate()
    code, out, err = run(capsys, "export", "--wait", "0")
    assert code == 0 and "Still rendering" in out
    assert mp4s(user.exports) == []
    code, out, err = run(capsys, "export")
    assert code == 0, err
    assert "Picking up" in out
    assert backend.stats()["renders_submitted"] == 1
    assert len(mp4s(user.exports)) == 1


def _export_process(user, quiet: bool = False) -> subprocess.Popen:
    """`video-skill export` as its own process, as a second terminal or agent would run it."""
    out = subprocess.DEVNULL if quiet else subprocess.PIPE
    return subprocess.Popen([sys.executable, "-m", "skill", "export"], env=user.env(), stdout=out, stderr=out,
                            text=True)


def test_two_exports_downloading_at_once_never_share_a_half_file(backend, user):
    # The download takes ~1.5 s (slow_body), so both exports surely reach it together: one
    # downloads, the other waits for it and hands over the same whole file. Before, both wrote
    # the same `.part` and one said "the file that came back was not an MP4" (exit 15).
    user.use(backend).generate()
    backend.fault("slow_body:100", times=4)
    procs = [_export_process(user) for _ in range(2)]
    results = [p.communicate(timeout=90) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert backend.stats()["renders_submitted"] == 1
    files = mp4s(user.exports)
    assert len(files) == 1 and looks_like_mp4(files[0])          # one download, one whole file
    assert all(str(files[0]) in out for out, _err in results)    # both hand it over
    assert not list(user.exports.glob(".*.part"))


def test_an_export_waiting_for_a_killed_download_takes_it_over(backend, user):
    user.use(backend).generate()
    backend.fault("slow_body:200", times=4)
    first = _export_process(user, quiet=True)
    deadline = time.monotonic() + 60
    while not list(user.exports.glob(".*.mp4.part")) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = _export_process(user)
    time.sleep(0.5)                       # the second is waiting for the first's download
    first.kill()
    first.wait()
    out, err = second.communicate(timeout=90)
    assert second.returncode == 0, (out, err)
    files = mp4s(user.exports)
    assert len(files) == 1 and looks_like_mp4(files[0]) and str(files[0]) in out
    assert backend.stats()["renders_submitted"] == 1


def test_two_exports_at_once_share_one_render(backend, user, capsys):
    user.use(backend).generate()
    procs = [_export_process(user) for _ in range(2)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert backend.stats()["renders_submitted"] == 1
    # each command hands over a whole MP4: its own copy of the one render, or (when the other had
    # already delivered it, the project unchanged) that same file
    assert 1 <= len(mp4s(user.exports)) <= 2
    for out, _err in results:
        delivered = [w for w in out.split() if w.endswith(".mp4")]
        assert delivered and Path(delivered[-1]).is_file()


def test_export_of_an_empty_project_says_why(backend, user, capsys):
    user.use(backend)
    code, out, err = run(capsys, "export")
    assert code == 2
    assert "nothing to export" in err.lower()
    assert backend.stats().get("renders_submitted", 0) == 0
    code, out, err = run(capsys, "export", "--lang", "zh")
    assert "时间线是空的" in err


def test_export_blocked_by_plan_is_not_called_a_credits_problem(backend, user, capsys):
    user.use(backend).generate()
    backend.fault("status:402", path="/api/render/proxy/lambda", times=1)
    code, out, err = run(capsys, "export")
    assert code == 9
    assert "upgrade" in err.lower() and "credit" not in err.lower()


def test_credits_and_state(backend, user, capsys):
    user.use(backend)
    code, out, err = run(capsys, "credits")
    assert code == 0 and "100 available" in out
    code, out, err = run(capsys, "state")
    assert code == 0 and "empty" in out.lower()
    user.generate()
    code, out, err = run(capsys, "state", "--json")
    result = json.loads(out.splitlines()[-1])
    assert result["data"]["ready"] is True and result["timeline"].startswith("Timeline (")
    # the link is in the result; in words it was given once already in this session
    assert result["links"]["project"] and result["text"].count(result["links"]["project"]) == 0
    code, out, err = run(capsys, "credits", "--json")
    assert json.loads(out.splitlines()[-1])["data"]["credits"]["available"] < 100
    code, out, err = run(capsys, "state", "--lang", "zh")
    assert "时间线" in out


def test_upload_files_and_bad_files(backend, user, capsys, tiny_mp4, tmp_path):
    user.use(backend)
    code, out, err = run(capsys, "upload", str(tiny_mp4))
    assert code == 0, err
    assert "Uploaded 1 file" in out and tiny_mp4.name in out
    notes = tmp_path / "notes.txt"
    notes.write_text("not a video")
    code, out, err = run(capsys, "upload", str(notes))
    assert code == 7 and "mp4" in err and "Traceback" not in err
    code, out, err = run(capsys, "upload", str(tmp_path / "missing.mp4"))
    assert code == 2 and "missing.mp4" in err
    code, out, err = run(capsys, "upload", "https://cdn.example.org/raw/take2.webm")
    assert code == 0 and "take2.webm" in out


def test_export_cli_as_a_process_prints_no_traceback_when_the_backend_is_down(tmp_path):
    env = {**os.environ, "NEMO_API_URL": "http://127.0.0.1:9", "NEMO_CONFIG_DIR": str(tmp_path),
           "VIDEO_SKILL_TIME_SCALE": "0.01"}
    proc = subprocess.run([sys.executable, "-m", "skill", "export"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr and re.search(r"can't reach", proc.stderr, re.I)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _claim_without_submitting(api, claimed_at: float, owner: int | None = None) -> tuple[str, dict]:
    """What a concurrent export leaves in the store between claiming and submitting."""
    draft = api.state()["draft"]
    key = f"render:{api.base_url}:{api.session().session_id}"
    claim = {"render_id": "render_claimed_elsewhere", "attempt": 1, "claimed": claimed_at,
             "submitted": False, "owner": owner or os.getpid(), "draft": draft, "title": "sea"}
    api.store.set(key, claim)
    return key, claim


def test_an_export_waits_for_a_concurrent_owner_to_submit(backend, user, capsys):
    import threading
    import time

    user.use(backend).generate()
    with NemoClient(config.from_env()) as owner:
        key, claim = _claim_without_submitting(owner, time.time())

        def submit_late():
            time.sleep(0.5)    # the other export is slow to submit (a loaded machine)
            owner.render_submit(claim["draft"], render_id=claim["render_id"])
            owner.store.set(key, {**claim, "submitted": True})

        thread = threading.Thread(target=submit_late)
        thread.start()
        code, out, err = run(capsys, "export")
        thread.join()
    assert code == 0, err
    assert backend.stats()["renders_submitted"] == 1
    assert len(mp4s(user.exports)) == 1


def test_an_export_submits_a_claim_whose_owner_died_before_submitting(backend, user, capsys):
    user.use(backend).generate()
    with NemoClient(config.from_env()) as dead_owner:
        _claim_without_submitting(dead_owner, time.time(), owner=_dead_pid())
    started = time.monotonic()
    code, out, err = run(capsys, "export")
    assert code == 0, err
    assert time.monotonic() - started < 20          # no 30 s wait for an owner that is gone
    assert backend.stats()["renders_submitted"] == 1
    assert len(mp4s(user.exports)) == 1


def test_a_submit_whose_answer_was_lost_is_polled_not_refused(backend, user, capsys):
    """The submit reached the backend but its owner died before hearing back: the id exists."""
    user.use(backend).generate()
    with NemoClient(config.from_env()) as owner:
        key, claim = _claim_without_submitting(owner, time.time(), owner=_dead_pid())
        owner.render_submit(claim["draft"], render_id=claim["render_id"])   # arrived; answer lost
    code, out, err = run(capsys, "export")
    assert code == 0, err
    # The 409 must not surface as an error; "409" can occur inside a path or the link's random ids
    # (pytest's own tmp directory is pytest-<n>), so paths and URLs are left out of the search.
    words = re.sub(r"\S*/\S*", " ", out + err)
    assert not re.search(r"(?<![\w])409(?![\w])", words), out + err
    assert "try again" not in (out + err).lower()
    assert backend.stats()["renders_submitted"] == 1
    assert len(mp4s(user.exports)) == 1


def test_without_the_backend_extra_serve_and_local_say_what_to_install(monkeypatch, tmp_path, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "uvicorn" else real(name, *a))
    monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path))
    code, out, err = run(capsys, "serve", "--port", "0", "--data-dir", str(tmp_path / "srv"))
    # Not "fix your input" (2): the skill's own setup (1, "run doctor"); advice that works here
    # (the launcher, make install, a wheel), never a package name that is on no index.
    assert code == 1 and "bin/video-skill" in err and "make install" in err
    assert "pip install 'video-generator-free-models" not in err
    code, out, err = run(capsys, "credits", "--local", "--json")
    result = json.loads(out.splitlines()[-1])
    assert code == 1 and result["error"]["key"] == "backend_not_installed" and "uvicorn" in result["error"]["message"]
    assert "bin/video-skill" in result["error"]["what_to_do"]

"""The chat turn against the local backend over real HTTP: what a person sees.

The CLI runs in-process (cli.main) or as a real subprocess where process
behaviour matters (a killed `chat`, a busy second message). The turn itself
always runs in the detached worker process, as in real use.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill import cli

REPO = Path(__file__).resolve().parent.parent
GEN = "generate a 10-second video of a forest with birds"
TOOL_WORDS = ("generate_video_with_seedance", "edit_multitrack", "functionCall", "functionResponse",
              "tool_call", "The user wants")   # the last one is the agent's hidden thought


@pytest.fixture
def user(tmp_path, monkeypatch):
    """A person with their own config dir (own client id, token, session)."""
    class User:
        config_dir = tmp_path / "cfg"

        def use(self, backend, scale="0.01"):
            self.backend = backend
            for k, v in {"NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(self.config_dir),
                         "VIDEO_SKILL_TIME_SCALE": scale, "SKILL_SOURCE": "unknown"}.items():
                monkeypatch.setenv(k, v)
            for k in ("NEMO_TOKEN", "NEMO_CLIENT_ID", "NEMO_WEB_URL"):
                monkeypatch.delenv(k, raising=False)
            return self

        def env(self):
            return dict(os.environ)

        def session_id(self):
            from skill.core import config
            from skill.core.store import Store
            with Store.open(config.from_env()) as store:
                return store.get(f"session:{self.backend.url}")["session_id"]

    return User()


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def spawn(*argv, env):
    return subprocess.Popen([sys.executable, "-m", "skill", *argv], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def received(backend, sid=None):
    counts = backend.stats().get("messages_received", {})
    return counts.get(sid, 0) if sid else sum(counts.values())


def wait_finished(env, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = subprocess.run([sys.executable, "-m", "skill", "status", "--json"], env=env, cwd=REPO,
                           capture_output=True, text=True)
        last = json.loads(r.stdout.strip().splitlines()[-1])
        if last.get("status") != "running":
            return last
        time.sleep(0.3)
    raise AssertionError("turn did not finish")


def assert_no_tool_traffic(text):
    for word in TOOL_WORDS:
        assert word not in text


# --------------------------------------------------------------------------- the normal path
def test_generation_reports_both_stages_each_text_once(shared_backend, user, capsys):
    user.use(shared_backend)
    code, out, err = run(capsys, "chat", "--wait", "30", GEN)
    assert code == 0, err
    intro = "I'll generate a 10-second video of a forest with birds."
    assert out.count(intro) == 1                      # partial chunks + final: shown once
    raw = out.index("raw 10-second clip of a forest with birds is ready")
    final = out.index("I added Upbeat background music")
    assert out.index(intro) < raw < final            # raw clip announced before music and title
    assert_no_tool_traffic(out + err)
    assert "/workspace/claim?task=" in out
    assert received(shared_backend, user.session_id()) == 1


def test_simple_dialect(backend_factory, user, capsys):
    backend = backend_factory(dialect="simple")
    user.use(backend)
    code, out, err = run(capsys, "chat", "--wait", "30", GEN)
    assert code == 0, err
    assert out.count("I'll generate a 10-second video of a forest with birds.") == 1
    assert "I added Upbeat background music" in out
    assert_no_tool_traffic(out + err)


def test_json_output_progress_then_reply(shared_backend, user, capsys):
    user.use(shared_backend)
    code, out, _ = run(capsys, "chat", "--json", "--wait", "30", GEN)
    assert code == 0
    lines = [json.loads(l) for l in out.strip().splitlines()]
    assert all(l["schema"] == 1 for l in lines)
    assert {l["type"] for l in lines[:-1]} <= {"progress", "text", "changes", "notice", "link"} and lines
    reply = lines[-1]
    assert reply["type"] == "result" and reply["status"] == "done" and reply["data"]["turn"]["status"] == "done"
    assert "I added Upbeat background music" in reply["text"]
    assert reply["changes"] and reply["links"]["project"].startswith("https://nemovideo.com/workspace/claim?")
    assert reply["timeline"] and reply["error"] is None and reply["next"] is None
    assert_no_tool_traffic(out)


def test_silent_edit_reports_the_change_from_state(shared_backend, user, capsys):
    user.use(shared_backend)
    assert run(capsys, "chat", "--wait", "30", GEN)[0] == 0
    shared_backend.fault("silent")
    code, out, _ = run(capsys, "chat", "--json", "--wait", "30", "change the title to 'Paradise Found'")
    lines = [json.loads(l) for l in out.strip().splitlines()]
    reply = lines[-1]
    assert code == 0 and reply["status"] == "done"
    assert not [l for l in lines if l["type"] == "text" and l["source"] == "agent"]   # the backend said nothing...
    assert reply["changes"]                           # ...the state says what happened
    assert any("Paradise Found" in c for c in reply["changes"]) or not _has_timeline()


def _has_timeline():
    try:
        import skill.text.timeline  # noqa: F401
    except ImportError:
        return False
    return True


def test_malformed_event_and_trailing_issue_do_not_show(shared_backend, user, capsys):
    user.use(shared_backend)
    shared_backend.fault("malformed,trailing_issue")
    code, out, err = run(capsys, "chat", "--wait", "30", "hello, what can you do?")
    assert code == 0, err
    assert "I can generate a short video" in out
    assert "temporary issue" not in out and "Proc" not in out.replace("Process", "")


# --------------------------------------------------------------------------- faults
def test_dropped_stream_is_never_resent_and_is_recovered(shared_backend, user, capsys):
    user.use(shared_backend)
    shared_backend.fault("drop_after:3")              # cut inside the first sentence
    code, out, _ = run(capsys, "chat", "--json", "--wait", "30", GEN)
    lines = [json.loads(l) for l in out.strip().splitlines()]
    reply = lines[-1]
    assert code == 0 and reply["data"]["turn"]["status"] == "recovered"
    assert reply["changes"]
    notices = [l.get("key") for l in lines if l["type"] == "notice"]
    assert "stream_dropped" in notices
    assert "finishing_touches_added" in notices       # the second stage, found by polling
    assert received(shared_backend, user.session_id()) == 1


def test_stall_says_still_working_then_recovers_by_polling(shared_backend, user, capsys):
    user.use(shared_backend, scale="0.004")          # still working every 0.48 s, idle limit 2.4 s
    assert run(capsys, "chat", "--wait", "30", GEN)[0] == 0
    shared_backend.fault("stall")
    code, out, _ = run(capsys, "chat", "--wait", "30", "add a title 'Stalled But Done'")
    assert code == 0
    assert "⏳ Still working..." in out
    assert "No answer for a long time; checking the project" in out
    assert "Stalled But Done" in out                 # the change the stalled turn made, found by polling
    assert received(shared_backend, user.session_id()) == 2


def test_expired_token_mid_session_is_renewed_transparently(shared_backend, user, capsys):
    user.use(shared_backend)
    assert run(capsys, "chat", "--wait", "30", "hello")[0] == 0
    sid = user.session_id()
    tokens = shared_backend.stats()["tokens_issued"]
    shared_backend.fault("expire_token", path="/run_sse")
    code, out, err = run(capsys, "chat", "--wait", "30", "what can you do?")
    assert code == 0, err
    assert "I can generate a short video" in out
    assert shared_backend.stats()["tokens_issued"] == tokens + 1
    assert user.session_id() == sid and received(shared_backend, sid) == 2


def test_lost_session_starts_a_new_project_and_says_so(shared_backend, user, capsys):
    user.use(shared_backend)
    assert run(capsys, "chat", "--wait", "30", "hello")[0] == 0
    old = user.session_id()
    shared_backend.fault("lose_session", path="/run_sse")
    code, out, err = run(capsys, "chat", "--wait", "30", "what can you do?")
    assert code == 0, err
    assert "a new project was started" in out
    new = user.session_id()
    assert new != old
    assert received(shared_backend, old) == 1 and received(shared_backend, new) == 1


def test_rate_limit_waits_and_retries_once(shared_backend, user, capsys):
    user.use(shared_backend)
    run(capsys, "chat", "--wait", "30", "hello")
    sid = user.session_id()
    shared_backend.fault("rate_limit", path="/run_sse")
    code, out, _ = run(capsys, "chat", "--wait", "30", "what can you do?")
    assert code == 0 and "I can generate a short video" in out
    shared_backend.fault("rate_limit", path="/run_sse", times=2)
    code, out, err = run(capsys, "chat", "--wait", "30", "what can you do?")
    assert code == 10
    assert "busy (too many requests)" in err
    assert received(shared_backend, sid) == 2


def test_no_credits_gives_register_link_not_token(shared_backend, user, capsys):
    user.use(shared_backend)
    shared_backend.fault("no_credits")
    code, out, err = run(capsys, "chat", "--wait", "30", GEN)
    assert code == 6
    # the fault refuses with a balance of 100 left: what is left is said, not "out of credits"
    assert "100 credits left, not enough" in err and "/workspace/claim?" in err and "bind=anon" in err
    from skill.core import config, keep
    token = keep.get(config.from_env().config_dir / keep.TOKEN_FILE, f"anon_token:{shared_backend.url}")["token"]
    assert token not in out + err


def test_backend_down_before_sending_is_a_clear_error(user, capsys, tmp_path):
    class Nowhere:
        url = "http://127.0.0.1:9"                    # discard port: connection refused
    user.use(Nowhere)
    code, out, err = run(capsys, "chat", "--wait", "30", "hello")
    assert code == 3
    assert "Can't reach the video service" in out + err
    assert "Traceback" not in out + err


# --------------------------------------------------------------------------- processes
def test_killed_chat_turn_completes_and_status_reports_it_once(shared_backend, user):
    user.use(shared_backend)
    env = user.env()
    chat = spawn("chat", "--wait", "60", GEN, env=env)
    time.sleep(1.0)                                   # mid-generation
    chat.send_signal(signal.SIGKILL)
    chat.wait()
    last = wait_finished(env)
    assert last["type"] == "result" and last["status"] == "done" and last["data"]["turn"]["fresh"] is True
    assert "I added Upbeat background music" in last["text"]
    again = subprocess.run([sys.executable, "-m", "skill", "status"], env=env, cwd=REPO,
                           capture_output=True, text=True)
    assert "Already shown" in again.stdout and "I added Upbeat" in again.stdout
    assert received(shared_backend, user.session_id()) == 1


def test_second_message_while_busy_is_refused_without_reaching_backend(shared_backend, user, capsys):
    user.use(shared_backend)
    code, out, _ = run(capsys, "chat", "--json", "--wait", "0", GEN)
    last = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and last["status"] == "running" and last["next"]["command"] == "status"
    second = subprocess.run([sys.executable, "-m", "skill", "chat", "add a title 'Nope'"], env=user.env(),
                            cwd=REPO, capture_output=True, text=True)
    assert second.returncode == 11
    assert "Still working on your last request" in second.stderr
    code, out, _ = run(capsys, "status", "--wait", "30")
    assert "I added Upbeat background music" in out
    assert received(shared_backend, user.session_id()) == 1


def latest_turn_when(user, backend, ready, timeout=20):
    """The latest turn's record once `ready(record)` holds (polled from the store)."""
    from skill.core import config
    from skill.core.store import Store
    from skill.turns.book import TurnBook
    with Store.open(config.from_env()) as store:
        book = TurnBook(store)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rec = book.latest(backend.url)
            if rec is not None and ready(rec):
                return rec
            time.sleep(0.02)
    raise AssertionError("the turn never got there")


def test_dead_worker_is_recovered_by_state_polling(shared_backend, user, capsys):
    user.use(shared_backend)
    run(capsys, "chat", "--wait", "0", GEN)
    # Killed once the service has the message (it answered), however busy the machine is.
    rec = latest_turn_when(user, shared_backend, lambda r: r.status == "running" and r.delivered)
    os.kill(rec.pid, signal.SIGKILL)
    code, out, _ = run(capsys, "status", "--json", "--wait", "30")
    reply = json.loads(out.strip().splitlines()[-1])
    assert reply["data"]["turn"]["status"] in ("recovered", "done")
    assert reply["changes"]
    assert received(shared_backend, user.session_id()) == 1


def test_worker_killed_before_the_service_read_the_message_says_so_and_offers_retry(shared_backend, user, capsys):
    """Sent, but the service never had it (killed while it had not read the body): the honest
    answer is that nothing arrived, nothing changed, nothing was charged; 'retry' sends it once."""
    user.use(shared_backend)
    shared_backend.fault("slow_read:3000")
    run(capsys, "chat", "--wait", "0", GEN)
    rec = latest_turn_when(user, shared_backend, lambda r: r.status == "running" and r.sent)
    assert not rec.delivered
    os.kill(rec.pid, signal.SIGKILL)
    time.sleep(3.2)                                     # the service reads, finds its client gone
    code, out, err = run(capsys, "status", "--wait", "30")
    assert code == 13
    assert "doesn't seem to have reached the video service" in out + err
    assert "nothing was done or charged" in out + err and "retry" in out + err
    assert received(shared_backend, user.session_id()) == 0
    code, out, err = run(capsys, "say", "retry", "--wait", "30")
    assert code == 0, out + err
    assert received(shared_backend, user.session_id()) == 1


def test_after_a_recovery_nothing_already_shown_is_repeated(shared_backend, user, capsys):
    user.use(shared_backend)
    run(capsys, "chat", "--wait", "0", GEN)
    from skill.core import config
    from skill.core.store import Store
    from skill.turns.book import TurnBook
    with Store.open(config.from_env()) as store:
        book = TurnBook(store)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:      # the raw clip has been reported
            rec = book.latest(shared_backend.url)
            if any(kind == "changes" for _s, kind, _p in book.events_after(rec.id, 0)):
                break
            time.sleep(0.05)
        os.kill(rec.pid, signal.SIGKILL)
    code, out, _ = run(capsys, "status", "--wait", "30")
    assert code == 0 and "Video added" in out
    assert out.count("Video added") == 1 and out.count("raw clip is ready") <= 1
    assert received(shared_backend, user.session_id()) == 1


def test_status_without_any_turn(user, capsys, shared_backend):
    user.use(shared_backend)
    code, out, _ = run(capsys, "status")
    assert code == 0 and "No request yet" in out


def test_next_chat_first_reports_an_unseen_outcome(shared_backend, user, capsys):
    user.use(shared_backend)
    run(capsys, "chat", "--wait", "0", GEN)                  # stops following at once
    from skill.core import config
    from skill.core.store import Store
    from skill.turns.book import TurnBook
    with Store.open(config.from_env()) as store:
        book = TurnBook(store)
        deadline = time.monotonic() + 20
        while book.latest(shared_backend.url).active and time.monotonic() < deadline:
            time.sleep(0.1)
    code, out, _ = run(capsys, "chat", "--wait", "30", "what can you do?")
    assert code == 0
    assert out.index("I added Upbeat background music") < out.index("I can generate a short video")
    code, out, _ = run(capsys, "status")
    assert "Already shown" in out and "I can generate a short video" in out

"""`video-skill say`: a message routed and its plan run in order, against the local backend."""
from __future__ import annotations

import json
import os

import pytest

from skill.core import config
from skill.cli import main
from skill.app.context import Context
from skill.app.plan import PlanRun
from skill.turns.book import TurnRecord, turn_outcome


@pytest.fixture
def env(tmp_path, monkeypatch):
    def use(backend):
        monkeypatch.setenv("NEMO_API_URL", backend.url)
        monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path / "cfg"))
        monkeypatch.setenv("VIDEO_SKILL_TIME_SCALE", "0.01")
        monkeypatch.setenv("VIDEO_SKILL_EXPORT_DIR", str(tmp_path / "out"))
        monkeypatch.delenv("NEMO_TOKEN", raising=False)
        return tmp_path / "out"
    return use


def say(capsys, *argv) -> tuple[int, str, str]:
    code = main(["say", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def messages_received(backend) -> int:
    return sum((backend.stats().get("messages_received") or {}).values())


def test_compound_request_runs_in_the_users_order(backend, env, capsys):
    env(backend)
    code, out, err = say(capsys, "check my credits and then generate a video of a cat", "--wait", "60")
    assert code == 0, err
    credits_at, video_at = out.index("Credits"), out.index("Video added")
    assert credits_at < video_at
    assert "100 available" in out          # the balance before the generation was charged
    assert messages_received(backend) == 1


def test_edit_then_export_ends_in_an_mp4(backend, env, capsys):
    out_dir = env(backend)
    assert say(capsys, "generate a 5-second video of the sea", "--wait", "60")[0] == 0
    code, out, err = say(capsys, "add lo-fi music at 35% and then export", "--wait", "60")
    assert code == 0, err
    files = list(out_dir.glob("*.mp4"))
    assert len(files) == 1 and str(files[0]) in out
    assert out.index("35%") < out.index("Rendering")


def test_steps_after_a_running_turn_are_deferred_and_run_once(backend, env, capsys):
    out_dir = env(backend)
    code, out, err = say(capsys, "generate a 5-second clip of a lake, then export", "--wait", "0.2")
    assert code == 0, err
    assert "continue with: export" in out and not list(out_dir.glob("*.mp4"))
    code = main(["status", "--wait", "60"])
    out, err = capsys.readouterr()
    assert code == 0, err
    files = list(out_dir.glob("*.mp4"))
    assert len(files) == 1 and "Your video is ready" in out
    # Asking again shows the outcome but does not export a second time.
    main(["status"])
    capsys.readouterr()
    assert backend.stats()["renders_submitted"] == 1
    assert messages_received(backend) == 1


def test_a_failed_turn_stops_the_plan(backend, env, capsys):
    out_dir = env(backend)
    backend.fault("no_credits", path="/run_sse")
    code, out, err = say(capsys, "add a title that says Hello and then export", "--wait", "60")
    assert code == 6
    assert "credits" in err.lower()
    assert backend.stats().get("renders_submitted", 0) == 0 and not list(out_dir.glob("*.mp4"))


def test_an_attachment_is_uploaded_before_the_edit(backend, env, capsys, tiny_mp4):
    env(backend)
    code, out, err = say(capsys, "upload this and make it vertical for TikTok",
                         "--attach", str(tiny_mp4), "--wait", "60")
    assert code == 0, err
    assert out.index("Uploaded 1 file") < out.index("9:16")


def test_chinese_message_gets_chinese_replies(backend, env, capsys):
    env(backend)
    code, out, err = say(capsys, "余额还有多少")
    assert code == 0 and "积分" in out and "Credits" not in out


def test_json_output_is_one_object_per_line(backend, env, capsys):
    env(backend)
    code, out, err = say(capsys, "check my balance", "--json")
    events = [json.loads(line) for line in out.splitlines()]
    assert all(e["schema"] == 1 for e in events) and events[0]["type"] == "text"
    result = events[-1]
    assert result["type"] == "result" and result["data"]["plan"] == ["credits"]
    assert result["data"]["credits"]["available"] == 100 and "100" in result["text"]


def test_bad_input_sends_nothing(backend, env, capsys, tmp_path):
    env(backend)
    code, out, err = say(capsys)
    assert code == 2 and "say what you want" in err
    code, out, err = say(capsys, "upload this", "--attach", str(tmp_path / "nope.mp4"))
    assert code == 2 and "nope.mp4" in err and "Traceback" not in err
    code, out, err = say(capsys, "上传这个", "--attach", str(tmp_path / "没有.mp4"))
    assert code == 2 and "找不到文件" in err
    assert messages_received(backend) == 0
    assert backend.stats().get("requests", {}).get("/api/upload-video/nemo_agent/me/{sid}", 0) == 0


def test_read_only_actions_the_reply_points_at_run_inline_export_never(backend, env, capsys):
    env(backend)
    shown = []
    ctx = Context(config.from_env(), lang="en", emit=shown.append, wait=30)
    record = TurnRecord(id="t", scope="x", session_id=None, task_id=None, message="m", lang="en",
                        status="done", pid=None, sent=True, started=0, finished=1, before_state=None,
                        outcome=turn_outcome("done", "en", pieces=["Check your balance, then click Export."],
                                             actions=["credits", "export"]), reported=True)
    try:
        PlanRun(ctx)._inline(record, ["chat"])
    finally:
        ctx.close()
    assert any("Credits" in e.text for e in shown if e.type == "text")
    assert backend.stats().get("renders_submitted", 0) == 0


@pytest.mark.parametrize("command", ["say", "chat"])
def test_undecodable_bytes_get_a_message_and_nothing_is_sent(backend, command, tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.run([sys.executable.encode(), b"-m", b"skill", command.encode(), b"make a video \xff"],
                          env=env, capture_output=True, timeout=60)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2 and "not sent" in err and "Traceback" not in err
    assert messages_received(backend) == 0


def test_export_waits_while_a_generation_is_still_running(backend_factory, env, capsys):
    backend = backend_factory(time_scale=0.05)   # a ~7 s generation: still running, however busy the machine
    out_dir = env(backend)
    assert say(capsys, "generate a 5-second clip of a lake", "--wait", "0.1")[0] == 0
    code, out, err = say(capsys, "export")
    assert code == 11 and "still being worked on" in err
    assert backend.stats().get("renders_submitted", 0) == 0
    main(["status", "--wait", "60"])       # the turn finishes...
    capsys.readouterr()
    code, out, err = say(capsys, "export", "--wait", "60")  # ...and now the export has the whole video
    assert code == 0, err
    assert len(list(out_dir.glob("*.mp4"))) == 1


@pytest.mark.parametrize("lang_message, said", [("generate a 10-second video of a cat", "You have 10 credits left, not enough"),
                                                ("生成一段10秒的猫咪视频", "你还剩 10 积分，不够")])
def test_a_request_that_costs_more_than_is_left_says_what_is_left(backend, env, capsys, lang_message, said):
    env(backend)
    assert say(capsys, "generate a 45-second video of a river at dawn", "--wait", "60")[0] == 0   # 90 of 100
    code, out, err = say(capsys, lang_message, "--wait", "60")
    assert code == 6 and said in err and "out of" not in err, (out, err)


def test_an_uploaded_name_with_a_space_typed_bare_places_that_clip(backend, env, capsys, tiny_mp4, tmp_path):
    """The agent asks "Where should I put mountain hike.mp4?"; the answer "put mountain hike.mp4 after
    segment 1" read hike.mp4 as a typed path not there, and was refused (exit 2)."""
    clip = tmp_path / "mountain hike.mp4"
    clip.write_bytes(tiny_mp4.read_bytes())
    env(backend)
    assert say(capsys, "generate a 5-second video of a lighthouse", "--wait", "60")[0] == 0
    assert say(capsys, "upload this", "--attach", str(clip), "--wait", "30")[0] == 0
    code, out, err = say(capsys, "put mountain hike.mp4 after segment 1", "--wait", "30")
    assert code == 0 and "mountain hike" in out and "Can't find" not in err, out + err
    code, out, err = say(capsys, "put nothere.mp4 at the end", "--wait", "30")
    assert code == 2 and "nothere.mp4" in err                       # a name in neither place is still refused


@pytest.mark.parametrize("question, first", [
    ("should I upload {clip} or is it too short for a montage?", None),
    ("would uploading {clip} cost me any credits?", "Uploading a file starts no paid work"),
    ("上传 {clip} 要钱吗", "上传文件不会开始任何收费的工作"),
    ("did the upload of {clip} work?", None),
])
def test_a_question_about_uploading_a_typed_file_uploads_nothing(backend, env, capsys, tiny_mp4, question, first):
    """A question never starts an upload: each of these uploaded the file it asked about."""
    env(backend)
    code, out, err = say(capsys, question.format(clip=tiny_mp4), "--wait", "30")
    assert code == 0 and backend.stats().get("uploads", 0) == 0 and "Uploaded" not in out, out + err
    if first:
        assert out.startswith(first), out
    code, out, err = say(capsys, f"upload {tiny_mp4} please", "--wait", "30")     # asked for, it goes up
    assert code == 0 and backend.stats().get("uploads") == 1, out + err


@pytest.mark.parametrize("question", ["can i upload my own song? like how big can the file be",
                                      "is there a size limit if i upload a video?"])
def test_a_question_about_uploading_with_no_file_is_answered_not_refused(backend, env, capsys, question):
    """It was "Nothing to upload: attach a file or give a media link.", exit 2."""
    env(backend)
    code, out, err = say(capsys, question, "--wait", "30")
    assert code == 0 and "Nothing to upload" not in err + out and backend.stats().get("uploads", 0) == 0, out + err

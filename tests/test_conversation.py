"""Replies an agent relays as they are: right, short, never inviting a double charge (EN and ZH)."""
from __future__ import annotations

import json
import re

import pytest

from skill.cli import main

COMMAND_WORDS = re.compile(r"video-skill|`(?:status|export|say|chat|credits|state|upload)\b|--wait|--json")


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


def run(capsys, *argv) -> tuple[int, dict, str, str]:
    """(exit code, the JSON result, the human stdout, stderr) of one command, run twice over:
    once with --json for the result, the human text comes from the result's `text`."""
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    result = json.loads(out.splitlines()[-1])
    return code, result, result["text"], err


def received(backend) -> int:
    return sum((backend.stats().get("messages_received") or {}).values())


@pytest.mark.parametrize("question,words", [
    ("is it done yet?", "Still working on"),
    ("how much longer?", "Still working on"),
    ("做好了吗", "正在处理"),
    ("还要多久", "正在处理"),
])
def test_a_progress_question_reports_the_running_work_and_sends_nothing(backend, env, capsys, question, words):
    env(backend)
    code, result, _text, _ = run(capsys, "chat", "generate a 5-second video of the sea", "--wait", "0")
    assert code == 0 and result["status"] == "running"
    code, result, text, err = run(capsys, "say", question)
    assert code == 0, err
    assert words in text and "empty" not in text and "空" not in text
    assert re.search(r"\d+s", text)                              # how long it has been going
    assert result["status"] == "running" and result["next"]["command"] == "status"
    code, result, _t, _ = run(capsys, "status", "--wait", "60")
    assert code == 0 and result["status"] == "done"
    assert received(backend) == 1                                # the question was never forwarded


@pytest.mark.parametrize("question,yes", [("is it done yet?", "Yes, it's done"), ("做好了吗", "已经好了")])
def test_a_progress_question_after_the_work_ended_says_it_is_done_and_sends_nothing(
        backend, env, capsys, question, yes):
    env(backend)
    code, result, _t, _ = run(capsys, "say", "generate a 5-second video of the sea", "--wait", "60")
    assert code == 0 and result["status"] == "done"
    code, result, text, err = run(capsys, "say", question)
    assert code == 0, err
    assert text.startswith("✅") and yes in text and "5-second video of the sea" in text
    assert result["data"]["turn"]["status"] == "done"
    assert received(backend) == 1
    code, result, text, _ = run(capsys, "say", "show me the timeline")   # not a progress question
    assert code == 0 and yes not in text and "turn" not in result["data"]


@pytest.mark.parametrize("edit, question, words", [
    ("trim the intro", "did the trim go through?", "changed nothing in the project"),
    ("把片头剪掉", "剪好了吗", "项目里没有任何变化"),
])
def test_a_progress_question_after_a_request_that_changed_nothing_does_not_say_yes(
        backend, env, capsys, edit, question, words):
    """The embedded agent does not know "the intro": the request ends, the project is as it was.
    "Did it go through?" is then a no, not "✅ Yes, it's done"."""
    env(backend)
    assert run(capsys, "say", "generate a 5-second video of the sea", "--wait", "60")[1]["status"] == "done"
    code, result, _t, _ = run(capsys, "say", edit, "--wait", "60")
    assert code == 0 and result["changes"] == [], result
    code, result, text, err = run(capsys, "say", question)
    assert code == 0, err
    first = text.splitlines()[0]
    assert words in first and edit in first, text
    assert "Yes" not in text and "已经好了" not in text
    assert received(backend) == 2                                   # the question was not forwarded


def test_a_progress_question_after_a_question_to_the_agent_says_it_was_answered_not_that_nothing_changed(
        backend, env, capsys):
    """A question changes nothing by design: "is it done?" after it is a plain yes, no warning."""
    env(backend)
    code, result, _t, _ = run(capsys, "say", "what kinds of edits can you do?", "--wait", "60")
    assert code == 0 and result["data"]["plan"] == ["chat"], result
    code, result, text, err = run(capsys, "say", "is it done yet?")
    assert code == 0, err
    assert text.startswith("✅") and "Yes, it's done" in text and "changed nothing" not in text, text


def test_a_progress_question_after_a_failure_says_it_did_not_finish(backend, env, capsys):
    env(backend)
    backend.fault("status:500", path="/run_sse")          # the request never reached the agent
    code, result, _t, _ = run(capsys, "say", "add a title that says 'Hello'", "--wait", "60")
    assert code != 0
    code, result, text, err = run(capsys, "say", "is it done yet?")
    assert code == 0, err
    assert text.startswith("❌ No") and "Hello" in text and "retry" in text
    assert "Yes" not in text and result["data"]["turn"]["status"] == "failed"
    assert received(backend) == 0


def test_replies_never_name_a_command(backend, env, capsys):
    env(backend)
    texts = []
    for argv in (["say", "generate a 5-second video of the sea", "--wait", "0"],
                 ["say", "add a title 'Hi'"],                     # busy
                 ["say", "export"],                               # waits for the turn
                 ["status"],
                 ["say", "is it done yet?"],
                 ["status", "--wait", "60"],
                 ["export", "--wait", "0"],                       # still rendering
                 ["say", "retry"],
                 ["say", "生成一个5秒的海边视频", "--wait", "0"]):
        code, result, text, err = run(capsys, *argv)
        texts.append(text)
        if result["error"]:
            texts += [result["error"]["message"], result["error"]["what_to_do"]]
    offenders = [t for t in texts if COMMAND_WORDS.search(t)]
    assert not offenders, offenders


def test_the_project_link_is_said_once_a_session_and_whenever_asked(backend, env, capsys):
    """A 200-character link under every answer is noise: in words once a session and when asked
    ("give me the link", 给我链接); always in the --json result's links."""
    env(backend)
    assert main(["say", "generate a 5-second video of the sea", "--wait", "60"]) == 0
    first = capsys.readouterr().out
    assert first.count("workspace/claim?") == 1
    assert main(["say", "add lo-fi music at 35%, then send me the video", "--wait", "60"]) == 0
    out = capsys.readouterr().out
    assert out.count("workspace/claim?") == 0 and ".mp4" in out
    assert main(["say", "credits", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "workspace/claim?" in result["links"]["project"] and "workspace/claim?" not in result["text"]
    # asked with the export held, the link is still the first line: the answer, then the note on the hold
    for asked in ("give me the link", "给我项目的网页链接", "no need to download it, i just need the link",
                  "不用下载了，给我链接就行"):
        assert main(["say", asked]) == 0
        out = capsys.readouterr().out
        assert out.count("workspace/claim?") == 1 and out.splitlines()[0].count("workspace/claim?") == 1, out


def test_status_after_a_failure_exits_with_its_code(backend, env, capsys):
    env(backend)
    backend.fault("no_credits", path="/run_sse")
    code, result, _t, _ = run(capsys, "chat", "add a title 'Hi'", "--wait", "30")
    assert code == 6
    for _ in range(2):                       # fresh, then already seen: the same code both times
        code, result, _t, _ = run(capsys, "status")
        assert code == 6 and result["status"] == "failed" and result["error"]["code"] == 6


@pytest.mark.parametrize("word", ["retry", "重试"])
def test_retry_resends_the_failed_request_exactly_once(backend, env, capsys, word):
    env(backend)
    assert main(["chat", "generate a 5-second video of the sea", "--wait", "60"]) == 0
    capsys.readouterr()
    before = received(backend)
    backend.fault("status:500", path="/run_sse")        # the request never reached the agent
    code, result, _t, _ = run(capsys, "say", "add a title that says 'Hello'", "--wait", "60")
    assert code != 0 and result["error"]["retry"] is True
    assert received(backend) == before
    code, result, text, err = run(capsys, "say", word, "--wait", "60")
    assert code == 0, err
    assert "Hello" in text and result["data"]["retry_of"]
    assert received(backend) == before + 1              # re-sent once: the title, not the word
    code, result, text, _ = run(capsys, "say", word)    # nothing failed now: nothing is sent
    assert code == 0 and result["data"]["sent"] is False
    assert received(backend) == before + 1


def _uploads(backend) -> int:
    return backend.stats().get("requests", {}).get("/api/upload-video/nemo_agent/me/{sid}", 0)


@pytest.mark.parametrize("template", ["upload {path} and trim it to 2s", "上传 {path} 然后剪到2秒",
                                      "use '{path}' as the intro", "把{path}剪到2秒"])
def test_a_typed_path_is_uploaded_as_if_attached(backend, env, capsys, tiny_mp4, tmp_path, template):
    env(backend)
    folder = tmp_path / "My Videos"
    folder.mkdir()
    clip = folder / "holiday clip.mp4"
    clip.write_bytes(tiny_mp4.read_bytes())
    code, result, text, err = run(capsys, "say", template.format(path=clip), "--wait", "60")
    assert code == 0, err
    assert _uploads(backend) == 1 and result["data"]["uploads"][0]["filename"] == clip.name
    assert result["data"]["plan"][0] == "upload"
    assert "Uploaded 0" not in text and "上传了 0" not in text


@pytest.mark.parametrize("message,lang_word", [("upload ~/no-such-clip.mp4 and trim it to 5s", "Can't find"),
                                               ("上传 ./没有这个.mov 然后剪到5秒", "找不到")])
def test_a_typed_missing_path_is_refused_by_name_and_nothing_is_sent(backend, env, capsys, message, lang_word):
    env(backend)
    code, result, _text, err = run(capsys, "say", message)
    assert code == 2 and lang_word in result["error"]["message"]
    name = message.split()[1]
    assert name in result["error"]["message"]
    assert _uploads(backend) == 0 and received(backend) == 0


def test_an_error_answer_to_the_message_is_a_quick_clear_failure(backend, env, capsys):
    """A 500 from /run_sse is not a dropped stream to poll for minutes: one look, then a plain answer."""
    env(backend)
    assert main(["chat", "generate a 5-second video of the sea", "--wait", "60"]) == 0
    capsys.readouterr()
    backend.fault("status:500", path="/run_sse")
    code, result, text, _ = run(capsys, "say", "add a title that says 'Hi'", "--wait", "60")
    assert "connection dropped" not in text.lower()   # not taken for a cut stream (polled for minutes)
    assert code == 3 and result["error"]["key"] == "service_failed" and result["error"]["retry"] is True
    assert "HTTP 500" in result["error"]["message"] and "changed" in result["error"]["message"]

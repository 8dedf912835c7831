"""Do what was asked, only that, and say what happened, in English and Chinese: questions answer,
deferrals keep the person's order, negations and thanks send nothing, an edit that did nothing
is not exported, an unchanged project is not rendered twice. Against the embedded backend, and
against a peer whose agent claims changes it never makes (tests/peers.py)."""
from __future__ import annotations

import json

import pytest

from peers import Script, ScriptedPeer, adk, adk_call, adk_response, adk_text, music_track, title_track, video_track
from test_say import env, messages_received, say  # noqa: F401  (env is a fixture)
from test_turn import user  # noqa: F401  (user is a fixture)

GENERATE = "generate a 5-second video of a lighthouse in a storm"


def renders(backend) -> int:
    return backend.stats().get("renders_submitted", 0)


def first_line(out: str) -> str:
    return out.strip().splitlines()[0]


def finished_unseen(backend, timeout: float = 60.0) -> None:
    """Wait until the last turn has ended, without showing its outcome (a busy machine may take
    longer than a fixed sleep)."""
    import time

    from skill.core import config
    from skill.core.store import Store
    from skill.turns.book import TurnBook

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Store.open(config.from_env()) as store:
            rec = TurnBook(store).latest(backend.url)
        if rec is not None and not rec.active:
            return
        time.sleep(0.1)
    raise AssertionError("the turn did not end")


@pytest.fixture
def project(backend, env, capsys):
    """A finished generation whose outcome has been shown."""
    out_dir = env(backend)
    assert say(capsys, GENERATE, "--wait", "60")[0] == 0
    return out_dir


@pytest.mark.parametrize("question, first", [
    ("how much would it cost me to export this?", "Exporting is free"),
    ("导出这个视频要花多少积分？", "导出是免费的"),
    ("why is the export taking so long?", "No export yet"),
    ("导出怎么这么慢", "还没有导出过"),
    ("出片高清 要多少积分", "导出是免费的"),   # the cost asked after a pause, not a comma
])
def test_questions_about_exports_start_no_render(backend, project, capsys, question, first):
    code, out, err = say(capsys, question)
    assert code == 0, err
    assert renders(backend) == 0 and messages_received(backend) == 1      # nothing rendered, nothing sent
    assert first_line(out).startswith(first), out    # the answer first
    if "export yet" not in first and "没有导出" not in first:   # the cost questions: then the balance
        assert ("Credits:" in out or "积分：" in out) and "available" in out or "可用" in out


@pytest.mark.parametrize("question, none_yet, delivered", [
    ("my boss asked if we'd exported it yet, have we?", "No export yet", "✅ Yes: the last export was delivered as"),
    ("老板问我视频导出来没有", "还没有导出过", "✅ 已经导出：上次导出的文件是"),
    # a progress phrase first ("how much longer"), the export named after it
    ("how much longer will the export take?", "No export yet", "✅ Yes: the last export was delivered as"),
])
def test_a_progress_question_about_the_export_answers_about_the_export(backend, project, capsys, question,
                                                                       none_yet, delivered):
    # not "your last request has finished" (that was the generation): whether a file was delivered
    code, out, err = say(capsys, question)
    assert code == 0 and first_line(out).startswith(none_yet), out
    assert say(capsys, "export", "--wait", "60")[0] == 0 and renders(backend) == 1
    code, out, err = say(capsys, question)
    assert code == 0 and first_line(out).startswith(delivered) and first_line(out).rstrip("。.").endswith(".mp4"), out
    assert renders(backend) == 1                                         # asked, not rendered again


def test_a_deferred_export_runs_after_the_change_it_waited_for(backend, project, capsys):
    code, out, err = say(capsys, "等一下再导出，先把标题改成“初雪”", "--wait", "60")
    assert code == 0, err
    assert renders(backend) == 1
    assert out.index("初雪") < out.index("渲染")                    # the change, then the render
    from skill.core import config
    from skill.core.store import Store
    with Store.open(config.from_env()) as store:                     # what was rendered holds it
        rows = store.query("SELECT value FROM kv WHERE key LIKE 'delivered:%'")
    assert rows and "初雪" in json.loads(rows[-1]["value"])["draft"]


@pytest.mark.parametrize("message, reply", [("don't export yet", "not now"), ("先别渲染", "先不做"),
                                            ("thanks!", "welcome"), ("谢谢！", "不客气"),
                                            ("roger that", "👍"), ("收到", "👌"),    # an okay, not thanks
                                            ("never mind", "dropped"),
                                            ("don't render yet, legal hasn't signed off", "not now"),
                                            ("先别导出，因为我明天还要改", "先不做")])
def test_negations_deferrals_and_thanks_send_nothing_and_get_one_line(backend, project, capsys, message, reply):
    code, out, err = say(capsys, message)
    assert code == 0 and err == ""
    assert out.strip().count("\n") == 0 and reply in out                # one line
    assert messages_received(backend) == 1 and renders(backend) == 0


@pytest.mark.parametrize("message, reply", [("got the download on my phone, plays fine", "👍"),
                                            ("导出的文件我存到电脑里了，放着没问题", "👌")])
def test_a_report_of_a_download_read_as_such_renders_nothing_and_sends_nothing(backend, project, capsys, message,
                                                                             reply):
    # the rules alone took the export word for a request and rendered again; the second reading
    # (skill.text.speech_acts) hears a report: one line back
    code, out, err = say(capsys, message)
    assert code == 0 and out.strip().count("\n") == 0 and reply in out, out
    assert messages_received(backend) == 1 and renders(backend) == 0


def test_a_cost_asked_without_a_question_mark_answers_and_renders_nothing(backend, project, capsys):
    code, out, err = say(capsys, "exporting twice would that cost me double")
    assert code == 0 and first_line(out).startswith("Exporting is free"), out
    assert "Credits:" in out and renders(backend) == 0 and messages_received(backend) == 1


@pytest.mark.parametrize("message, answer, held", [
    ("don't export yet, show me the timeline", "Timeline", "No export yet"),
    ("先看看时间线 等我确认了再导出", "时间线", "先不导出"),
    ("link 晚点再发，先看下积分", "积分", "链接先不发"),
])
def test_a_step_held_while_another_runs_is_said_to_wait_and_not_done(backend, project, capsys, message, answer,
                                                                    held):
    code, out, err = say(capsys, message)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert answer in lines[0] and held in lines[1], out               # the answer first, then what waits
    assert messages_received(backend) == 1 and renders(backend) == 0


@pytest.mark.parametrize("message, reply", [("make the title red, never mind", "dropped"),
                                            ("把标题改成红色，算了", "不做了")])
def test_an_edit_taken_back_in_the_same_message_is_not_sent(backend, project, capsys, message, reply):
    code, out, err = say(capsys, message)
    assert code == 0 and err == ""
    assert out.strip().count("\n") == 0 and reply in out
    assert messages_received(backend) == 1 and renders(backend) == 0


@pytest.mark.parametrize("message, balance, stopped", [
    # conditions only the person can decide (one the balance decides goes on: tests/test_conditions.py)
    ("trim the first second, and if my balance looks fine render it", "Credits:", "stopped here"),
    ("把开头剪掉一秒，如果余额还行就导出", "积分：", "先到这里"),
    ("标题改大一点，分够的话再导出高清的", "积分：", "先到这里"),   # the rules alone rendered it; the whole plan stops
])
def test_an_edit_before_a_condition_is_made_and_the_render_waits(backend, project, capsys, message, balance,
                                                                 stopped):
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0, err
    assert messages_received(backend) == 2 and renders(backend) == 0    # the edit went, the render waits
    assert balance in out and stopped in out


@pytest.mark.parametrize("message", ["don't add music, just export", "别加音乐，导出吧",                 # a negated edit
                                     "my boss wants it tonight, so please export it", "客户已经同意了，发我成片"])  # context
def test_what_asks_for_no_change_is_not_sent_and_does_not_hold_the_export(backend, project, capsys, message):
    """Sent to the agent, "don't add music" or "my boss wants it tonight" changes nothing, and an
    export after a change that did not happen is held: the person would get no video for asking."""
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0, err
    assert messages_received(backend) == 1 and renders(backend) == 1      # nothing sent, rendered
    assert any(w.endswith(".mp4") for w in out.split()), out


@pytest.mark.parametrize("message", ["put this clip at the end, and if my balance looks ok render it",
                                     "把这段视频放到最后，如果余额还可以就导出"])
def test_files_for_an_edit_before_a_condition_are_uploaded(backend, project, capsys, tiny_mp4, tmp_path, message):
    beach = tmp_path / "beach.mp4"
    beach.write_bytes(tiny_mp4.read_bytes())
    code, out, err = say(capsys, message, "--attach", str(beach), "--wait", "60")
    assert code == 0, err
    assert renders(backend) == 0                                          # the render waits
    timeline = [l for l in out.splitlines() if l.startswith(("Timeline (", "时间线（"))][-1]
    assert "beach" in timeline, out                                       # the edit had its file


def test_exporting_twice_with_no_change_renders_once(backend, project, capsys):
    code, out, err = say(capsys, "export", "--wait", "60")
    assert code == 0 and renders(backend) == 1
    path = [w for w in out.split() if w.endswith(".mp4")][-1]
    code, out, err = say(capsys, "export", "--json", "--wait", "60")
    result = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and renders(backend) == 1                          # the same file, at once
    assert [f["path"] for f in result["files"] if f["kind"] == "video"] == [path]
    assert result["data"]["rendered"] is False and result["text"].startswith("Nothing has changed")
    assert say(capsys, "add a title that says 'Second cut'", "--wait", "60")[0] == 0
    assert say(capsys, "export", "--wait", "60")[0] == 0 and renders(backend) == 2   # changed: rendered


def test_a_credits_question_after_a_generation_answers_first(backend, env, capsys):
    env(backend)
    assert say(capsys, GENERATE, "--wait", "0")[0] == 0                 # the command stops following
    import time
    time.sleep(3)                                                       # the generation ends meanwhile
    code, out, err = say(capsys, "how many credits do I have left?")
    assert code == 0 and first_line(out).startswith("💳 Credits:"), out
    assert "Also: your last request" in out and "lighthouse" in out.lower()


def test_is_it_ready_after_a_generation_says_yes_first(backend, env, capsys):
    env(backend)
    assert say(capsys, GENERATE, "--wait", "0")[0] == 0
    finished_unseen(backend)
    code, out, err = say(capsys, "is it ready?")
    assert code == 0 and first_line(out).startswith("✅ Yes"), out
    assert out.count("Timeline (") == 1 and "Great idea" not in out     # no replay of the agent's words


def test_no_say_export_hint_in_a_reply_that_exports(backend, project, capsys):
    code, out, err = say(capsys, "add lo-fi music at 35%, then export", "--wait", "60")
    assert code == 0 and ".mp4" in out
    assert "Say 'export'" not in out and "It includes:" in out


def test_no_say_export_hint_either_in_an_outcome_shown_before_an_export(backend, env, capsys):
    # the generation finishes unseen; the next message renders: its replayed "say 'export'…" goes
    env(backend)
    assert say(capsys, GENERATE, "--wait", "0")[0] == 0
    finished_unseen(backend)
    code, out, err = say(capsys, "export it after trimming the first second", "--wait", "60")
    assert code == 0 and ".mp4" in out, err
    assert "Great idea" in out and "Say 'export'" not in out        # the outcome shown, without the hint


def test_no_say_export_hint_when_status_follows_a_generation_whose_plan_exports(backend, env, capsys):
    """`say` handed the generation over to `status`; status follows it live and then renders:
    the agent's "Say 'export' when you're ready" is not streamed on the way."""
    from skill import cli

    env(backend)
    assert say(capsys, GENERATE + " and export it", "--wait", "0")[0] == 0
    code = cli.main(["status", "--wait", "60"])
    out, err = capsys.readouterr()
    assert code == 0 and ".mp4" in out, out + err
    assert "Great idea" in out and "Say 'export'" not in out


# --------------------------------------------------------------------------- an agent that claims
@pytest.fixture
def boaster(user):
    """A peer whose agent says it did things it never does to the project."""
    project = {"t": [video_track(("harbor at night", 0, 8)), music_track("Calm", 8)]}
    peer = ScriptedPeer(project, on_message=lambda p, text: Script(events=[
        adk_call("edit_multitrack"), adk_response("edit_multitrack"),
        adk_text("Done! I've added it." if text.isascii() else "好了！已经加上了。")]))
    user.use(peer, scale="0.05")
    yield peer
    peer.stop()


@pytest.mark.parametrize("message, said", [
    ("add a title that says 'Harbor Lights', then export", "That change isn't in the project"),
    ("加一个标题“港口灯火”，然后导出", "这个修改没有出现在项目里"),
])
def test_a_change_the_project_does_not_show_is_not_exported(boaster, capsys, message, said):
    code, out, err = say(capsys, message, "--wait", "30")
    assert said in out, out
    assert boaster.render_requests == 0                                 # nothing rendered, nothing delivered
    assert ".mp4" not in out


def reply_of(out: str) -> list[str]:
    """The lines of the reply an agent relays: the `--json` result's text."""
    return json.loads(out.splitlines()[-1])["text"].splitlines()


@pytest.mark.parametrize("message, said", [
    ("add a title that says 'Harbor Lights', then export", "That change isn't in the project"),
    ("加一个标题“港口灯火”，然后导出", "这个修改没有出现在项目里"),
])
def test_the_reply_says_first_that_a_claimed_change_is_not_in_the_project(boaster, capsys, message, said):
    """The agent's "Done! I've added it." streamed in before the project could be checked; in the
    reply an agent relays, the answer leads and the agent's words follow."""
    code, out, err = say(capsys, message, "--wait", "30", "--json")
    lines = reply_of(out)
    assert said in lines[0], lines
    assert any(line.startswith(("Done!", "好了！")) for line in lines[1:]), lines
    assert boaster.render_requests == 0


@pytest.mark.parametrize("message, said", [
    ("add a title that says 'Harbor Lights', then export", "That change isn't in the project"),
    ("加一个标题“港口灯火”，然后导出", "这个修改没有出现在项目里"),
])
def test_a_change_not_in_the_project_is_said_first_when_status_finds_the_turn_done(boaster, capsys, message, said):
    """`say` stopped waiting before the agent answered; `status` shows the outcome and runs what
    waited for it: the first line says the change is not there, not the agent's claim."""
    from skill import cli

    assert say(capsys, message, "--wait", "0")[0] == 0
    for _ in range(60):
        code = cli.main(["status", "--wait", "5", "--json"])
        out, err = capsys.readouterr()
        if "isn't in the project" in out or "没有出现在项目里" in out:
            break
    lines = reply_of(out)
    assert said in lines[0], lines
    assert any(line.startswith(("Done!", "好了！")) for line in lines[1:]), lines
    assert boaster.render_requests == 0 and ".mp4" not in out


def test_a_change_not_in_the_project_is_said_first_when_the_next_message_finds_it(boaster, capsys):
    """The turn finished unseen; the next message shows it before its own work, and the steps
    that waited for it: the warning leads, before the agent's claim."""
    assert say(capsys, "add a title that says 'Harbor Lights', then export", "--wait", "0")[0] == 0
    finished_unseen(boaster)
    code, out, err = say(capsys, "make the title bigger", "--wait", "30", "--json")
    assert code == 0, err
    lines = reply_of(out)
    assert "That change isn't in the project" in lines[0], lines
    assert any(line.startswith("Done!") for line in lines[1:]), lines
    assert boaster.render_requests == 0 and ".mp4" not in out


@pytest.mark.parametrize("edit, question, words", [
    ("add a title that says 'Harbor Lights'", "did the title go through?", "changed nothing in the project"),
    ("加一个标题“港口灯火”", "标题加上了吗？", "项目里没有任何变化"),
])
def test_asked_whether_a_claimed_change_went_through_the_answer_is_what_the_project_shows(
        boaster, capsys, edit, question, words):
    """The agent said "Done! I've added it."; the project never changed: "did it go through?" is a no."""
    assert say(capsys, edit, "--wait", "30")[0] == 0
    code, out, err = say(capsys, question)
    assert code == 0, err
    assert words in first_line(out), out
    assert len(boaster.runs) == 1                       # the question went nowhere


@pytest.mark.parametrize("messages", [("生成一个5秒的海边日落视频", "把标题改成“晚霞”", "加一段钢琴背景音乐"),
                                      ("generate a 5-second video of a harbor at dusk", "change the title to 'Dusk'")])
def test_web_editor_talk_never_reaches_the_user(backend, env, capsys, messages):
    """The embedded agent talks like the real service ("满意的话点击导出按钮下载", "click the Export
    button"); the user reads what they can do here instead, in their language."""
    env(backend)
    for message in messages:
        code, out, err = say(capsys, message, "--wait", "60")
        assert code == 0, err
        for word in ("点击", "按钮", "面板", "click", "button", "panel"):
            assert word not in out.lower(), out


def test_uploaded_footage_is_placed_as_asked_through_say(backend, project, capsys, tiny_mp4, tmp_path):
    """"here's some footage of mine: …/beach.mp4 - put it at the end", "--attach … use this as the
    opening", "把刚上传的视频放到开头": the clip reaches the timeline, and the reply says where."""
    beach = tmp_path / "beach.mp4"
    beach.write_bytes(tiny_mp4.read_bytes())
    code, out, err = say(capsys, f"here's some footage of mine: {beach} - put it at the end", "--wait", "60")
    assert code == 0, err
    assert "Tell me what to do with it" not in out                 # the message already said
    timeline = [l for l in out.splitlines() if l.startswith("Timeline (")][-1]
    assert timeline.index("Lighthouse") < timeline.index("beach"), timeline
    code, out, err = say(capsys, "use this as the opening", "--attach", str(beach), "--wait", "60")
    assert code == 0, err
    timeline = [l for l in out.splitlines() if l.startswith("Timeline (")][-1]
    assert timeline.index("beach") < timeline.index("Lighthouse"), timeline


# --------------------------------------------------------------------------- the same, another peer
@pytest.fixture
def gui_talker(user):
    """A peer that is not our backend: its agent ends a generation with the web editor's words
    ("Click the Export button"), and makes a trim it is asked for."""
    generated = {"t": [video_track(("harbor at dawn", 0, 8))]}
    trimmed = {"t": [video_track(("harbor at dawn", 1, 7))]}

    def on_message(peer, text):
        if "harbor" in text:
            return Script(events=[adk_call("generate_video"), adk_response("generate_video"),
                                  adk_text("Your harbor video is ready! Click the Export button to download it.")],
                          during=generated)
        return Script(events=[adk_call("edit_multitrack"), adk_response("edit_multitrack"),
                              adk_text("I trimmed the first second.")], during=trimmed)

    peer = ScriptedPeer({}, on_message=on_message)
    user.use(peer, scale="0.05")
    yield peer
    peer.stop()


@pytest.mark.parametrize("message, exports", [("trim the first second", False),
                                              ("export it after trimming the first second", True)])
def test_an_outcome_shown_late_keeps_its_export_hint_only_when_nothing_exports_against_a_peer(
        gui_talker, capsys, message, exports):
    assert say(capsys, "generate an 8-second video of a harbor at dawn", "--wait", "0")[0] == 0
    finished_unseen(gui_talker)
    code, out, err = say(capsys, message, "--wait", "30")
    assert "harbor video is ready" in out and "Export button" not in out   # the outcome, in our words
    assert ("Say 'export'" in out) is not exports, out
    assert (gui_talker.render_requests > 0) is exports, out             # this peer's render then fails


@pytest.mark.parametrize("message, reply", [("roger that", "👍"), ("thanks!", "welcome"), ("收到", "👌")])
def test_an_okay_or_thanks_sends_nothing_to_a_peer_and_gets_one_line(gui_talker, capsys, message, reply):
    assert say(capsys, "generate an 8-second video of a harbor at dawn", "--wait", "30")[0] == 0
    code, out, err = say(capsys, message)
    assert code == 0 and out.strip().count("\n") == 0 and reply in out, out
    assert [r.message for r in gui_talker.runs] == ["generate an 8-second video of a harbor at dawn"]


def test_a_report_of_a_download_sends_nothing_to_a_peer_either(gui_talker, capsys):
    assert say(capsys, "generate an 8-second video of a harbor at dawn", "--wait", "30")[0] == 0
    code, out, err = say(capsys, "got the download on my phone, plays fine")
    assert code == 0 and out.strip().count("\n") == 0 and "👍" in out, out
    assert [r.message for r in gui_talker.runs] == ["generate an 8-second video of a harbor at dawn"]
    assert gui_talker.render_requests == 0


def test_thanks_for_a_link_that_works_sends_nothing_to_a_peer_and_gives_no_link(gui_talker, capsys):
    # the rules read "link" as asked; the whole-plan reading hears thanks (it reads only the person's words)
    assert say(capsys, "generate an 8-second video of a harbor at dawn", "--wait", "30")[0] == 0
    code, out, err = say(capsys, "ok the link opened fine on my phone")
    assert code == 0 and out.strip().count("\n") == 0 and "👍" in out and "http" not in out, out
    assert [r.message for r in gui_talker.runs] == ["generate an 8-second video of a harbor at dawn"]


@pytest.mark.parametrize("message", ["trim the first second, then export", "把开头一秒剪掉，然后导出"])
def test_a_clip_trimmed_in_place_by_a_peer_is_in_the_project_and_exported(gui_talker, capsys, message):
    # this peer trims without moving the end (0-8 s becomes 1-8 s): a change, though the project's
    # length stays 8 s; the export goes ahead (and this peer's render then fails)
    assert say(capsys, "generate an 8-second video of a harbor at dawn", "--wait", "30")[0] == 0
    code, out, err = say(capsys, message, "--wait", "30")
    assert "isn't in the project" not in out and "没有出现在项目里" not in out, out
    assert gui_talker.render_requests == 1, out


@pytest.mark.parametrize("message", ["等一下再导出，先把标题改成“初雪”",
                                     # the export said first, waiting on the change (导出要等…好以后)
                                     "导出要等标题改好以后，标题改成“初雪”"])
def test_a_deferred_export_is_asked_of_a_peer_only_after_the_change_it_waited_for(user, capsys, message):
    clip = video_track(("first snow", 0, 6))
    titled = {"t": [clip, title_track("初雪")]}
    peer = ScriptedPeer({"t": [clip]}, on_message=lambda p, text: Script(events=[
        adk_call("edit_multitrack"), 0.3, adk_response("edit_multitrack"), adk_text("标题已经改好了。")],
        during=titled if "初雪" in text else None))
    user.use(peer, scale="0.05")
    try:
        code, out, err = say(capsys, message, "--wait", "30")
        assert len(peer.runs) == 1 and "初雪" in peer.runs[0].message, peer.runs   # the export is ours, not sent
        assert "导出" not in peer.runs[0].message
        # the change first: the render is asked after the run's last event (closed_at, set after the
        # stream's last write, could trail a quick client on a busy machine)
        assert len(peer.render_at) == 1 and peer.runs[0].last_event_at <= peer.render_at[0], out
        assert "✅ 已添加标题：“初雪”" in out, out
    finally:
        peer.stop()


@pytest.mark.parametrize("message, answer, held", [("don't export yet, how many credits do I have left?",
                                                      "💳 Credits:", "No export yet"),
                                                     ("链接晚点再要，先看下积分", "💳 积分", "链接先不发")])
def test_a_step_held_while_another_runs_is_said_to_wait_against_a_peer_too(gui_talker, capsys, message, answer,
                                                                          held):
    assert say(capsys, "generate an 8-second video of a harbor at dawn", "--wait", "0")[0] == 0
    finished_unseen(gui_talker)
    code, out, err = say(capsys, message)
    assert code == 0 and first_line(out).startswith(answer) and held in out.strip().splitlines()[1], out
    assert len(gui_talker.runs) == 1 and gui_talker.render_requests == 0   # nothing sent, nothing rendered


@pytest.mark.parametrize("question, first", [("how many credits do I have left?", "💳 Credits:"),
                                             ("is it ready?", "✅ Yes"), ("还剩多少积分？", "💳 积分"),
                                             ("账户现在有多少积分", "💳 积分"),
                                             # the link asked with the export held: the link first, then the hold
                                             ("no need to download it, i just need the link",
                                              "Open this project on the web:"),
                                             ("不用下载了，给我链接就行", "在网页上打开此项目："),
                                             # a download that cannot happen asks for nothing: the link
                                             ("手机没空间下载了，给我个链接吧", "在网页上打开此项目："),
                                             # the cost of a step asked after a pause: no render
                                             ("出片高清 要多少积分", "导出是免费的")])
def test_the_answer_is_the_first_line_against_a_peer_too(gui_talker, capsys, question, first):
    assert say(capsys, "generate an 8-second video of a harbor at dawn", "--wait", "0")[0] == 0
    finished_unseen(gui_talker)
    code, out, err = say(capsys, question)
    assert code == 0 and first_line(out).startswith(first), out
    assert len(gui_talker.runs) == 1 and gui_talker.render_requests == 0   # a question sends nothing


@pytest.mark.parametrize("question, none_yet", [("did it render?", "No export yet"), ("导出来了没有？", "还没有导出过"),
                                               ("how much longer will the export take?", "No export yet")])
def test_a_progress_question_about_the_export_answers_about_it_against_a_peer_too(gui_talker, capsys, question,
                                                                                  none_yet):
    assert say(capsys, "generate an 8-second video of a harbor at dawn", "--wait", "0")[0] == 0
    finished_unseen(gui_talker)
    code, out, err = say(capsys, question)
    assert code == 0 and first_line(out).startswith(none_yet), out
    assert len(gui_talker.runs) == 1 and gui_talker.render_requests == 0   # asked: nothing sent, nothing rendered


# --------------------------------------------------------------------------- questions the local agent answers
@pytest.mark.parametrize("question, first", [("标题是什么？", "标题是“Lighthouse in a Storm”"),   # the agent's answer
                                             ("how long is the video?", "Video: Lighthouse in a Storm (0-5s)")])  # the timeline
def test_a_question_about_the_project_is_answered_first_and_edits_nothing(backend, project, capsys, question, first):
    before = json.dumps(backend.stats().get("renders_submitted"))
    code, out, err = say(capsys, question, "--wait", "60")
    assert code == 0 and first in out.strip().splitlines()[0], out
    assert "→" not in out and json.dumps(backend.stats().get("renders_submitted")) == before, out   # no change shown


@pytest.mark.parametrize("question", ["can you generate videos of cats?", "你能生成4K视频吗？"])
def test_a_question_about_making_videos_keeps_the_project_and_the_credits(backend, project, capsys, question):
    def available() -> float:
        result = json.loads(say(capsys, "how many credits do I have?", "--json")[1].strip().splitlines()[-1])
        return result["data"]["credits"]["available"]

    before = available()
    code, out, err = say(capsys, question, "--wait", "60")
    assert code == 0 and "Video replaced" not in out and "视频已替换" not in out, out
    assert available() == before


# --------------------------------------------------------------------------- taken back, and in the order said
@pytest.mark.parametrize("text, plan", [
    ("fade the music in and export, no wait, don't export", ("chat",)),
    ("fade the music in and export, actually don't export", ("chat",)),
    ("把音量调到40% 以后再导出", ("chat",)),
    ("export, then make the music louder", ("export", "chat")),
    ("render it and after that trim the end", ("export", "chat")),
    ("等一下再把标题改成海鸥，先导出", ("export", "chat")),          # the title put off until after the export
    ("等一下再把标题改成海鸥 先导出", ("export", "chat")),
])
def test_an_export_taken_back_or_said_first_is_planned_as_said(text, plan):
    from skill.text.router import route

    assert route(text).plan == plan


def test_an_export_taken_back_in_the_same_message_renders_nothing(backend, project, capsys):
    code, out, err = say(capsys, "make the music quieter and export, no wait, don't export", "--wait", "60")
    assert code == 0 and "BGM volume" in out, out
    assert renders(backend) == 0 and ".mp4" not in out, out


def test_export_then_an_edit_delivers_the_video_before_the_edit(backend, project, capsys):
    code, out, err = say(capsys, "export, then make the music quieter", "--wait", "60")
    assert code == 0 and renders(backend) == 1, out
    delivered, changed = out.index(".mp4"), out.index("BGM volume")
    assert delivered < changed and "It includes" not in out[:changed], out


@pytest.mark.parametrize("text", ["what's it doing right now?", "what are you doing now?", "在渲染吗？", "是不是在生成视频？",
                                  "正在导出吗"])
def test_asking_what_runs_now_is_a_progress_question(text):
    from skill.text.router import PROGRESS, route

    r = route(text)
    assert r.plan == ("state",) and r.asks == PROGRESS, r


def test_asking_what_it_is_doing_answers_from_the_last_request_and_sends_nothing(backend, project, capsys):
    sent = messages_received(backend)
    code, out, err = say(capsys, "what's it doing right now?", "--wait", "60")
    assert code == 0 and out.startswith("✅"), out            # how the last request ended, first
    assert messages_received(backend) == sent


@pytest.mark.parametrize("asked, yes, no", [("did it export?", "✅ Yes", "No: the project changed after the last export"),
                                            ("导出了吗？", "✅ 已经导出", "还没有：上次导出")])
def test_was_it_exported_says_no_once_the_project_changed_after_the_file(backend, project, capsys, asked, yes, no):
    assert say(capsys, "export", "--wait", "60")[0] == 0
    code, out, err = say(capsys, asked)
    assert code == 0 and out.startswith(yes), out
    assert say(capsys, "make the music quieter", "--wait", "60")[0] == 0
    code, out, err = say(capsys, asked)
    assert code == 0 and out.startswith(no) and renders(backend) == 1, out


@pytest.mark.parametrize("said", ["{path} 放到视频开头", "{path} put it at the start"])
def test_a_typed_path_first_puts_the_clip_in_and_keeps_the_video(backend, project, capsys, tiny_mp4, tmp_path, said):
    import shutil

    clip = tmp_path / "clip.mp4"      # a name that starts like a description ("clip of …")
    shutil.copy(tiny_mp4, clip)
    code, out, err = say(capsys, said.format(path=clip), "--wait", "60")
    assert code == 0, (out, err)
    assert "Video replaced" not in out and "视频已替换" not in out, out     # it once generated "clip.mp4 放到视频开头"
    code, out, err = say(capsys, "show me the timeline")
    assert "Lighthouse in a Storm" in out and "clip" in out, out


def test_a_change_put_off_until_after_the_export_is_not_in_the_file(backend, project, capsys):
    code, out, err = say(capsys, "等一下再把标题改成“海鸥”，先导出", "--wait", "60")
    assert code == 0 and renders(backend) == 1, out
    delivered, changed = out.index(".mp4"), out.index("海鸥")
    assert delivered < changed and "其中包括" not in out[:changed], out


@pytest.mark.parametrize("text", ["再导出一次", "export it once more"])
def test_export_again_sends_nothing_to_the_agent(text):
    from skill.text.router import route

    assert route(text).plan == ("export",)


def test_a_voice_typed_title_ends_at_the_pause(backend, project, capsys):
    code, out, err = say(capsys, "把标题改成夜色港湾 音乐音量调到20", "--wait", "60")
    assert code == 0 and "“夜色港湾”" in out and "20%" in out, out


def test_a_quoted_path_with_a_space_puts_that_clip_in(backend, project, capsys, tiny_mp4, tmp_path):
    import shutil

    clip = tmp_path / "my clips" / "beach day.mp4"
    clip.parent.mkdir()
    shutil.copy(tiny_mp4, clip)
    code, out, err = say(capsys, f"put '{clip}' at the start", "--wait", "60")
    assert code == 0 and "beach day.mp4" in out and "I can generate" not in out, out
    assert "beach day" in say(capsys, "show me the timeline")[1]


@pytest.mark.parametrize("said", ["upload {path} as the music", "can I upload {path} as the background music?"])
def test_an_upload_with_what_it_is_for_sends_that_to_the_agent(backend, project, capsys, tiny_mp4, said):
    sent = messages_received(backend)
    code, out, err = say(capsys, said.format(path=tiny_mp4), "--wait", "60")
    assert code == 0 and "Uploaded 1 file" in out, out
    assert messages_received(backend) == sent + 1 and "Tell me what to do with it" not in out, out


def test_status_after_an_export_of_the_project_as_it_is_names_the_file_not_say_export(backend, project, capsys):
    from skill.cli import main

    def status():
        code = main(["status"])
        return (code, *capsys.readouterr())

    assert say(capsys, "make the music quieter and then export", "--wait", "60")[0] == 0
    code, out, err = status()
    assert code == 0 and "Your last export is the project as it is now:" in out and "Say 'export'" not in out, out
    assert say(capsys, "make the title say Beacon", "--wait", "60")[0] == 0
    code, out, err = status()
    assert "Your last export is the project as it is now" not in out and "Say 'export'" in out, out


def test_export_of_an_unchanged_project_to_another_folder_copies_the_file(backend, project, capsys, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    assert say(capsys, "export", "-o", str(first), "--wait", "60")[0] == 0
    code, out, err = say(capsys, "export", "-o", str(tmp_path / "second" / "final.mp4"), "--wait", "60")
    assert code == 0 and "no new render" in out and renders(backend) == 1, out
    copied = tmp_path / "second" / "final.mp4"
    assert copied.stat().st_size == next(first.glob("*.mp4")).stat().st_size


@pytest.mark.parametrize("text, sent", [("把标题改成落日余晖，换成爵士音乐，不用换音乐了", "把标题改成落日余晖"),
                                        ("把标题改成落日余晖 加钢琴音乐 不用加音乐了", "把标题改成落日余晖")])
def test_an_edit_taken_back_later_in_the_message_is_not_sent(text, sent):
    from skill.text.router import route

    r = route(text)
    assert r.plan == ("chat",) and r.chat_text == sent, r


def test_music_taken_back_in_the_same_message_stays_as_it_was(backend, project, capsys):
    code, out, err = say(capsys, "把标题改成落日余晖，换成爵士音乐，不用换音乐了", "--wait", "60")
    assert code == 0 and "落日余晖" in out and "Jazz" not in out and "爵士" not in out, out


@pytest.mark.parametrize("question, first", [("does generating cost credits?", "Generating and editing use credits"),
                                             ("生成视频收费吗？", "生成和编辑视频会消耗积分"),
                                             ("is exporting free?", "Exporting is free")])
def test_a_cost_question_answers_what_it_asks_the_price_of_first(backend, project, capsys, question, first):
    code, out, err = say(capsys, question)
    assert code == 0 and first_line(out).startswith(first) and renders(backend) == 0, out


def test_a_peer_that_refuses_for_credits_gets_its_own_balance_said(user, capsys):
    """Another backend (its balance 80, the ADK dialect's error event): what is left is read from it."""
    peer = ScriptedPeer({"t": [video_track(("harbor", 0, 8))]}, on_message=lambda p, text: Script(events=[
        adk([], errorCode="INSUFFICIENT_CREDITS", errorMessage="Not enough credits for this request.")]))
    user.use(peer, scale="0.05")
    try:
        code, out, err = say(capsys, "generate a 60-second video of a storm at sea", "--wait", "30")
    finally:
        peer.stop()
    assert code == 6 and "You have 80 credits left, not enough" in err, (out, err)


@pytest.mark.parametrize("then_export, hold, said", [
    (GENERATE + " and then export it", "actually don't export yet", "won't run"),
    ("生成一个5秒的灯塔视频，然后导出", "先别导出", "不会执行"),
    (GENERATE + " and then export it", "never mind the export", "won't run"),
])
def test_dont_export_yet_holds_an_export_queued_behind_running_work(backend, env, capsys, then_export, hold, said):
    """"…, then export" is still generating when the person says "don't export yet": the queued export
    does not run when the generation finishes, whoever sees it finish."""
    from skill import cli

    out_dir = env(backend)
    assert say(capsys, then_export, "--wait", "0")[0] == 0
    code, out, err = say(capsys, hold, "--json")
    assert code == 0 and said in reply_of(out)[0], out + err
    finished_unseen(backend)
    code = cli.main(["status", "--wait", "30"])
    out, err = capsys.readouterr()
    assert code == 0 and renders(backend) == 0 and ".mp4" not in out, out + err
    assert not list(out_dir.glob("*.mp4")) if out_dir.exists() else True
    code, out, err = say(capsys, "export", "--wait", "60")     # asked for later, it runs
    assert code == 0 and renders(backend) == 1 and ".mp4" in out, out + err


def test_an_export_queued_behind_a_request_is_done_once_when_the_person_exports_first(backend, project, capsys):
    """"…, then export" left waiting; the person runs `export` themselves: that delivers the project, and
    the queued export does not come back later at the top of the reply to another message."""
    from skill import cli

    assert say(capsys, "move the title to the top, then export", "--wait", "0")[0] == 0
    finished_unseen(backend)
    assert cli.main(["export", "--wait", "60"]) == 0
    assert ".mp4" in capsys.readouterr()[0]
    code, out, err = say(capsys, "make the music quieter", "--wait", "60")
    assert code == 0 and ".mp4" not in out and "same video again" not in out, out + err
    assert renders(backend) == 1


@pytest.mark.parametrize("message", ["音乐加个淡出 还是不要了", "add music. never mind the music"])
def test_an_edit_taken_back_in_the_same_message_sends_nothing_and_costs_nothing(backend, project, capsys, message):
    sent = messages_received(backend)
    code, out, err = say(capsys, message, "--wait", "30")
    assert code == 0 and messages_received(backend) == sent, out + err


@pytest.mark.parametrize("question, then, not_said", [
    ("标题是什么颜色的", "好了没", ("没有任何变化",)),        # a question without "？" (was: "…但项目里没有任何变化")
    ("音乐是什么风格", "现在多长了", ("没有任何变化",)),
])
def test_a_question_asked_before_is_not_reported_as_a_request_that_changed_nothing(
        backend, project, capsys, question, then, not_said):
    assert say(capsys, question, "--wait", "30")[0] == 0
    code, out, err = say(capsys, then, "--wait", "30")
    assert code == 0 and not any(words in out for words in not_said), out
    assert "Timeline" in out or "时间线" in out


def test_asked_whether_it_is_done_an_unseen_answer_to_a_question_is_shown(backend, project, capsys):
    """"好了没" after a question whose answer nobody saw: "yes, done", and then the answer itself (was: the
    answer never shown at all)."""
    assert say(capsys, "标题是什么颜色的", "--wait", "0")[0] == 0
    finished_unseen(backend)
    code, out, err = say(capsys, "好了没", "--wait", "30")
    assert code == 0 and out.startswith("✅") and "标题是“Lighthouse in a Storm”" in out, out

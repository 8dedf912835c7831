"""Conditions the skill decides itself ("if I have over 50 credits, export it"): it checks the balance,
compares, says how it decided, and goes on or stops. Conditions it cannot decide ("if my balance looks
fine") stop at the balance, as before. Against the embedded backend, against a peer with another balance
and project shape (tests/peers.py), and against one whose agent claims changes it never makes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from skill.text.conditions import Condition, decide, of_route, read
from skill.text.router import route
from test_say import env, messages_received, say  # noqa: F401  (env is a fixture)
from test_speech_acts import boaster, project, renders  # noqa: F401  (boaster, project are fixtures)
from test_turn import user  # noqa: F401  (user is a fixture)

DATA = Path(__file__).parent / "data"


def steps_run(text: str, seen) -> list[str]:
    """The steps a message runs when its condition's check sees `seen` (a balance, or how the last
    request stands): the routed plan, then what the decided condition goes on to."""
    r = route(text)
    c = of_route(text, r, route)
    decision = decide(c, seen) if c else None
    return [*r.plan, *(decision.steps if decision else ())]


def condition_of(text: str) -> Condition | None:
    r = route(text)
    assert r.act == "condition" and r.plan[-1] == "credits", r     # the router stops at the balance check
    return read(text, r.plan, route)


# --------------------------------------------------------------------------- reading
@pytest.mark.parametrize("text, test, amount, then, otherwise", [
    ("if I have more than 50 credits, export it", "over", 50, ("export",), ()),
    ("export it if I have at least twenty credits", "at_least", 20, ("export",), ()),
    ("render the video as long as i have at least forty points", "at_least", 40, ("export",), ()),
    ("if my balance is over 40 then render it pls", "over", 40, ("export",), ()),
    ("if I've got fewer than ten points show me the timeline, otherwise download it", "under", 10, ("state",),
     ("export",)),
    ("if I have any credits left, send me the link", "any_left", None, ("link",), ()),
    ("if exporting is free, export it", "free", None, ("export",), ()),
    ("if I have enough credits, export", "enough", None, ("export",), ()),
    ("如果积分超过五十就导出", "over", 50, ("export",), ()),
    ("余额还有100以上的话帮我导出", "at_least", 100, ("export",), ()),
    ("如果credits超过80就export给我", "over", 80, ("export",), ()),
    ("我积分要是至少有40就下载视频", "at_least", 40, ("export",), ()),
    ("余额超过三十就出片，不然就先发个链接给我", "over", 30, ("export",), ("link",)),
    ("积分不超过两百的话就导出", "at_most", 200, ("export",), ()),
    # asked as a question, then what its answer gates
    ("got more than 30 points? if so send me the video", "over", 30, ("export",), ()),
    ("less than 10 credits? then just show me where the timeline's at", "under", 10, ("state",), ()),
    ("积分还有50吗？有的话就导出", "at_least", 50, ("export",), ()),
    ("if i have atleast 70 credits export", "at_least", 70, ("export",), ()),         # typed as one word
    # "unless": what it gates runs when the balance does not meet it
    ("change the title to Surf and export, unless I have fewer than 5 credits", "under", 5, (), ("export",)),
    ("export it unless I have less than 20 credits", "under", 20, (), ("export",)),
    ("除非积分少于10，否则导出", "under", 10, (), ("export",)),
])
def test_a_condition_on_the_balance_is_read_with_what_it_gates(text, test, amount, then, otherwise):
    c = condition_of(text)
    assert c is not None and (c.test, c.amount, c.then, c.otherwise) == (test, amount, then, otherwise), c


@pytest.mark.parametrize("text", [
    "check my balance and if it's fine, export",        # the person's judgement
    "如果余额还行就导出",
    "if it costs less than 10 credits, generate it",    # what something costs, not what the person has
    "不到20个积分的话就别导出了",                          # gates nothing the skill could run
    "if I have a clip under 10 seconds, export it",     # a number of seconds, of clips: not of credits
    "if I've got more than 3 clips, export them all",
    "如果我有超过10个片段就导出",
])
def test_a_condition_the_balance_does_not_answer_is_left_to_the_person(text):
    r = route(text)
    assert not r.plan or read(text, r.plan, route) is None


def test_the_agents_work_after_a_condition_keeps_its_words():
    c = condition_of("if the balance is above fifty, make another version with piano")
    assert c.then == ("chat",) and c.chat_text == "make another version with piano"


def test_an_edit_asked_before_the_condition_is_not_gated_by_it():
    r = route("帮我把第三段剪短点 如果积分够就下载")
    assert r.plan == ("chat", "credits")                       # the edit runs first, unconditionally
    assert read("帮我把第三段剪短点 如果积分够就下载", r.plan, route).then == ("export",)


@pytest.mark.parametrize("test, amount, then, available, holds", [
    ("over", 50, ("export",), 77, True), ("over", 50, ("export",), 50, False),
    ("at_least", 50, ("export",), 50, True), ("under", 10, ("state",), 12, False),
    ("at_most", 200, ("export",), 200, True), ("any_left", None, ("link",), 0, False),
    ("free", None, ("export",), 0, True),                       # an export costs nothing, whatever the balance
    ("free", None, ("chat",), 500, False),                      # the agent's work always spends credits
])
def test_the_balance_decides(test, amount, then, available, holds):
    decision = decide(Condition(test, amount, then, ("state",)), available)
    assert decision.holds is holds and decision.steps == (then if holds else ("state",))


def test_enough_credits_for_the_agents_work_is_not_decided():
    # its cost is known only when the agent starts it
    assert decide(Condition("enough", None, ("chat",)), 10_000) is None


def test_the_held_out_sets_figure():
    """Both sets were written blind from tests/data/conditions-brief.txt and committed before the
    patterns were tuned on them (the first run of each is in its commit message)."""
    ok = total = decided_subjective = 0
    for name in ("conditions-heldout.yaml", "conditions-heldout-2.yaml", "conditions-heldout-3.yaml"):
        for case in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["cases"]:
            ok += steps_run(case["text"], float(case["balance"])) == case["runs"]
            total += 1
            decided_subjective += case["kind"] == "subjective" and of_route(case["text"], route(case["text"]),
                                                                            route) is not None
    assert decided_subjective == 0                              # never decides what is the person's to decide
    assert ok / total >= 0.9, f"{ok}/{total}"


# --------------------------------------------------------------------------- against the embedded backend
@pytest.mark.parametrize("message, said", [
    ("if I have more than 10 credits, export it", "more than 10: going ahead with export"),
    ("如果积分超过十就导出", "超过 10，所以继续：导出"),
    ("if exporting is free, export it", "That's free"),
])
def test_a_condition_the_balance_meets_goes_on_and_says_how_it_decided(backend, project, capsys, message, said):
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith("💳") and said in lines[1], out         # the balance, then how it decided
    assert renders(backend) == 1 and ".mp4" in out


@pytest.mark.parametrize("message, said", [
    ("if I have more than 5000 credits, export it", "not more than 5000: skipping export"),
    ("积分超过五千的话就导出", "没有超过 5000，所以先不做：导出"),
])
def test_a_condition_the_balance_does_not_meet_renders_nothing(backend, project, capsys, message, said):
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0, err
    assert said in out and renders(backend) == 0 and ".mp4" not in out


@pytest.mark.parametrize("message, said", [
    ("export it unless I have fewer than 5 credits", "not fewer than 5: going ahead with export"),
    ("除非积分少于5，否则导出", "所以继续：导出"),
])
def test_unless_the_balance_is_low_exports_when_it_is_not(backend, project, capsys, message, said):
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0 and said in out, out
    assert renders(backend) == 1 and ".mp4" in out


def test_free_agent_work_is_decided_no_and_not_sent(backend, project, capsys):
    before = messages_received(backend)
    code, out, err = say(capsys, "if it's free, make another version with piano", "--wait", "60")
    assert code == 0 and "That isn't free" in out, out
    assert messages_received(backend) == before                  # nothing sent: it would have spent credits


def test_an_edit_then_a_met_condition_exports_the_edited_video(backend, project, capsys):
    code, out, err = say(capsys, "make the music quieter, and if I have over 10 credits, export",
                         "--wait", "60", "--json")
    result = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and renders(backend) == 1, result["text"]
    assert result["data"]["condition"] == {"test": "over", "amount": 10, "then": ["export"], "otherwise": [],
                                           "chat_text": None, "holds": True}
    assert "BGM volume" in result["text"] and [f for f in result["files"] if f["kind"] == "video"]
    assert "Say 'export'" not in result["text"]                 # no "say export" in a reply that exports


def test_a_condition_waiting_for_a_running_turn_is_decided_when_it_ends(backend, env, capsys):
    from skill.cli import main

    out_dir = env(backend)
    code, out, err = say(capsys, "generate a 5-second clip of a lake, and if I have over 10 credits, export it",
                         "--wait", "0.2")
    assert code == 0 and not list(out_dir.glob("*.mp4")), out + err
    assert "check your condition and, if it holds, go on with: export" in out, out
    code = main(["status", "--wait", "60"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "more than 10: going ahead with export" in out and len(list(out_dir.glob("*.mp4"))) == 1, out


def test_a_condition_left_to_the_person_still_stops_at_the_balance(backend, project, capsys):
    code, out, err = say(capsys, "trim the first second, and if my balance looks fine render it", "--wait", "60")
    assert code == 0, err
    assert "Credits:" in out and "stopped here" in out and renders(backend) == 0


# --------------------------------------------------------------------------- other peers
# `boaster` (tests/test_speech_acts.py): another balance (80), another project shape, an agent that says it
# edits and never does, renders refused.
@pytest.mark.parametrize("message, goes", [("if I have over 50 credits, export it", True),    # 80 > 50
                                           ("if I have over 100 credits, export it", False),
                                           ("如果积分不到一百就导出", True)])
def test_the_decision_reads_the_peers_own_balance(boaster, capsys, message, goes):
    code, out, err = say(capsys, message, "--wait", "30")
    assert "80" in out.splitlines()[0]                           # its balance, first
    assert boaster.render_requests == (1 if goes else 0), out     # (this peer then refuses the render)


@pytest.mark.parametrize("message, said", [
    ("add a title that says 'Harbor Lights', and if I have over 10 credits, export", "That change isn't in the project"),
    ("加一个标题“港口灯火”，积分超过十的话就导出", "这个修改没有出现在项目里"),
])
def test_a_claimed_change_is_not_exported_even_when_the_condition_holds(boaster, capsys, message, said):
    code, out, err = say(capsys, message, "--wait", "30")
    assert said in out, out
    assert boaster.render_requests == 0 and ".mp4" not in out


# --------------------------------------------------------------------------- where the work stands
@pytest.mark.parametrize("text, then", [
    ("if the title change went through, export it", ("export",)),
    ("export it if the subtitles are done", ("export",)),
    ("如果做好了就导出", ("export",)),
    ("标题改好了的话就发我链接", ("link",)),
    ("背景音乐换成功了的话发我链接", ("link",)),      # the rules read a condition with nothing to check
])
def test_a_condition_on_the_last_request_is_read_with_what_it_gates(text, then):
    r = route(text)
    assert r.plan[-1] == "state" and r.act == "condition", r
    c = read(text, r.plan, route)
    assert c is not None and c.test == "done" and c.then == then, c


@pytest.mark.parametrize("text", ["if the render finished send me the link",    # the export's own progress
                                  "如果效果满意就导出"])                            # the person's judgement
def test_a_condition_not_on_the_request_is_not_decided(text):
    r = route(text)
    assert not (r.plan and r.plan[-1] == "state" and read(text, r.plan, route))


@pytest.mark.parametrize("ended, holds", [("done", True), ("unchanged", False), ("running", False),
                                          ("failed", False)])
def test_only_a_request_that_changed_the_project_counts_as_done(ended, holds):
    assert decide(Condition("done", None, ("export",)), ended).holds is holds


def test_the_progress_held_out_figure():
    """Written blind from tests/data/conditions-progress-brief.txt, committed before tuning (first run
    39/60). The brief's "judgement" cases (state only) are the rules' to read: they answer "I can't
    check that myself" instead, and are left out here."""
    ok = total = 0
    for case in yaml.safe_load((DATA / "conditions-progress-heldout.yaml").read_text(encoding="utf-8"))["cases"]:
        if case["kind"] == "judgement":
            continue
        ok += steps_run(case["text"], case["situation"]) == case["runs"]
        total += 1
    assert ok / total >= 0.75, f"{ok}/{total}"     # 42/53 when it landed


@pytest.mark.parametrize("message, said", [("if it's done, export it", "It's done: going ahead with export"),
                                           ("如果做好了就导出", "已经完成了，所以继续：导出")])
def test_a_finished_request_is_exported_when_the_condition_asks(backend, project, capsys, message, said):
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0, err
    assert out.strip().splitlines()[0].startswith("✅") and said in out, out   # how it ended, first
    assert renders(backend) == 1 and ".mp4" in out


def test_a_running_request_is_not_done_and_nothing_is_rendered(backend_factory, env, capsys):
    from test_speech_acts import GENERATE

    backend = backend_factory(time_scale=0.05)   # a ~7 s generation: still running, however fast the machine
    env(backend)
    assert say(capsys, GENERATE, "--wait", "0")[0] == 0
    code, out, err = say(capsys, "if it's done, export it", "--wait", "0")
    assert code == 0, err
    assert "It isn't done yet: skipping export" in out and renders(backend) == 0, out


def test_an_edit_and_a_condition_on_it_export_the_edit_once_with_one_timeline(backend, project, capsys):
    code, out, err = say(capsys, "make the music quieter and if that went through, export", "--wait", "60")
    assert code == 0, err
    assert "It's done: going ahead with export" in out and renders(backend) == 1, out
    assert sum(line.startswith("Timeline (") for line in out.splitlines()) == 1, out


@pytest.mark.parametrize("text, asked", [
    ("先把片头缩短到3秒 如果改好了发我链接", "先把片头缩短到3秒"),            # a space, not a comma, before 如果
    ("加个片尾字幕 要是加好了就导出", "加个片尾字幕"),
    ("trim the intro to 3 seconds if it worked send me the link", "trim the intro to 3 seconds"),
    ("make the music louder if that went through export it", "make the music louder"),
])
def test_a_request_then_a_condition_on_it_without_a_pause_keeps_the_request(text, asked):
    r = route(text)
    assert r.plan == ("chat", "state") and r.chat_text == asked and r.act == "condition", r


@pytest.mark.parametrize("text", ["subtitles 如果已经加好了就 download",     # names the earlier request
                                  "字幕要是弄好了 就给我链接"])
def test_an_earlier_request_named_in_a_condition_is_not_sent_again(text):
    assert route(text).plan == ("state",)


@pytest.mark.parametrize("message, said", [
    ("make the music quieter if that went through export it", "It's done: going ahead with export"),
    ("把背景音乐调小一点 如果改好了就导出", "已经完成了，所以继续：导出"),
])
def test_a_request_and_a_run_on_condition_on_it_export_the_edit(backend, project, capsys, message, said):
    sent_before = messages_received(backend)
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0, err
    assert messages_received(backend) == sent_before + 1, out     # the request went to the agent
    assert said in out and renders(backend) == 1 and ".mp4" in out, out


def test_a_claimed_request_with_a_run_on_condition_is_not_exported(boaster, capsys):
    code, out, err = say(capsys, "add a title that says 'Harbor Lights' if it worked export it", "--wait", "30")
    assert "It changed nothing in the project: skipping export" in out, out
    assert boaster.render_requests == 0


@pytest.mark.parametrize("text, asked", [
    ("make the music louder if I have more than 50 credits then export", "make the music louder"),
    ("trim the intro to 3 seconds if i have over 50 credits export it", "trim the intro to 3 seconds"),
    ("把片头缩短到3秒 如果余额超过50就导出", "把片头缩短到3秒"),      # the condition was sent to the agent
])
def test_a_request_then_a_balance_condition_without_a_pause_keeps_the_request_apart(text, asked):
    r = route(text)
    assert r.plan == ("chat", "credits") and r.chat_text == asked, r
    assert condition_of(text).then == ("export",)


@pytest.mark.parametrize("text", ["make the music louder if I have more than 50 credits",   # it gates the request
                                  "add a lofi soundtrack, but only if my balance is enough for it"])
def test_a_balance_condition_after_a_request_with_nothing_after_it_gates_the_request(text):
    assert route(text).plan == ("credits",)


@pytest.mark.parametrize("message", ["make the music quieter if I have more than 10 credits then export",
                                     "把背景音乐调小一点 如果积分超过十就导出"])
def test_a_request_then_a_run_on_balance_condition_exports_the_edit(backend, project, capsys, message):
    sent_before = messages_received(backend)
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0, err
    assert messages_received(backend) == sent_before + 1, out     # the request went to the agent
    assert renders(backend) == 1 and ".mp4" in out, out


def test_a_claimed_request_with_a_run_on_balance_condition_is_not_exported(boaster, capsys):
    code, out, err = say(capsys, "add a title that says 'Harbor Lights' if I have over 50 credits then export",
                         "--wait", "30")
    assert "That change isn't in the project" in out and boaster.render_requests == 0, out


def test_a_claimed_change_is_not_done_for_a_condition_on_it(boaster, capsys):
    # the agent says "Done! I've added it." and the project never changes
    assert say(capsys, "add a title that says 'Harbor Lights'", "--wait", "30")[0] == 0
    code, out, err = say(capsys, "if the title change went through, export it", "--wait", "30")
    assert "It changed nothing in the project: skipping export" in out, out
    assert boaster.render_requests == 0


def test_steps_resumed_by_a_new_message_speak_its_language(backend, env, capsys):
    out_dir = env(backend)
    assert say(capsys, "生成一段5秒的海浪视频，然后导出", "--wait", "0.2")[0] == 0
    from test_speech_acts import finished_unseen

    finished_unseen(backend)
    code, out, err = say(capsys, "how is my timeline looking? show me the timeline", "--wait", "60")
    code, out, err = say(capsys, "add a title that says Hello", "--wait", "60")
    assert code == 0, err
    assert "Your video is ready" in out and "视频已导出" not in out, out
    assert len(list(out_dir.glob("*.mp4"))) == 1


def test_an_edit_then_a_balance_condition_the_rules_planned_as_a_question_is_decided(backend, project, capsys):
    # the rules planned the edit and the balance, not a condition: the balance decides the export
    code, out, err = say(capsys, "先把标题改成'欢迎再来'，积分超过十就导出", "--wait", "60")
    assert code == 0, err
    assert "超过 10，所以继续：导出" in out and renders(backend) == 1, out


def test_a_met_condition_does_not_claim_an_export_an_edit_left_out(backend, project, capsys):
    # the embedded agent cannot add subtitles: the project does not change, nothing is exported, and
    # the reply does not say "going ahead with export" after saying it did not export
    code, out, err = say(capsys, "先把片尾字幕改成'欢迎再来'，积分超过十就导出", "--wait", "60")
    assert code == 0, err
    assert "这个修改没有出现在项目里" in out and "继续：导出" not in out and renders(backend) == 0, out


def test_a_request_after_a_balance_question_waits_for_its_answer(backend, project, capsys):
    # "got more than 5000 credits? then export it": the rules planned the balance and then the export,
    # whatever the answer; the answer (no) holds it
    code, out, err = say(capsys, "got more than 5000 credits? then export it", "--wait", "60")
    assert code == 0, err
    assert "not more than 5000: skipping export" in out and renders(backend) == 0, out


def test_what_was_asked_before_a_balance_question_still_runs_first():
    r = route("trim the intro. got over 20 credits? then export")
    assert r.plan == ("chat", "credits") and r.chat_text.startswith("trim the intro"), r
    assert read("trim the intro. got over 20 credits? then export", r.plan, route).then == ("export",)


@pytest.mark.parametrize("message", ["put it at the end, and if that worked send me the video",
                                     "放到结尾 如果弄好了就导出"])
def test_a_condition_after_an_upload_exports_without_uploading_the_file_again(backend, project, capsys,
                                                                               tiny_mp4, message):
    code, out, err = say(capsys, message, "--attach", str(tiny_mp4), "--wait", "60")
    assert code == 0 and ".mp4" in out, out + err
    assert backend.stats().get("uploads") == 1 and out.count(tiny_mp4.name) <= 2, out   # sent once


@pytest.mark.parametrize("message, changed, stopped", [
    ("先改成竖屏9:16 如果看着还行就导出", "9:16", "先到这里"),
    ("把音乐音量调到40% 要是听着不吵的话就导出", "40%", "先到这里"),
])
def test_a_request_then_a_condition_only_the_person_can_judge_does_the_request_and_stops(
        backend, project, capsys, message, changed, stopped):
    """The rules read it all as the condition: the request was dropped, and nothing changed."""
    code, out, err = say(capsys, message, "--wait", "60")
    assert code == 0 and changed in out and stopped in out, out + err
    assert renders(backend) == 0 and ".mp4" not in out


@pytest.mark.parametrize("question", ["did that work? if so export it", "改好了吗 是的话就导出"])
def test_a_condition_that_takes_its_test_from_a_progress_question_is_decided(backend, project, capsys, question):
    """"did that work? if so export it": the answer decides it (was: "Yes, it's done … I've stopped here")."""
    assert say(capsys, "make the music quieter", "--wait", "60")[0] == 0
    code, out, err = say(capsys, question, "--wait", "60")
    assert code == 0 and ".mp4" in out and renders(backend) == 1, out + err


def test_if_so_after_a_claimed_change_the_project_does_not_show_exports_nothing(boaster, capsys):
    assert say(capsys, "add a title that says 'Harbor Lights'", "--wait", "30")[0] == 0
    code, out, err = say(capsys, "did that work? if so export it", "--wait", "30")
    assert boaster.render_requests == 0 and ".mp4" not in out, out

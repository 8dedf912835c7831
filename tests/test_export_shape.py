"""An export asked in a shape ("can you export it to 9:16?", 导出成竖屏) delivers that shape or nothing: the
skill asks the agent for the aspect ratio first, skips the ask when the project has it, and exports only
once the project shows it. Against the embedded backend (the MP4's own size is read) and peers that differ:
one whose agent claims a change it does not make, one that keeps the size only in `canvas_config`."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from peers import Script, ScriptedPeer, adk_call, adk_response, adk_text, music_track, video_track
from test_say import env, say  # noqa: F401  (env is a fixture)
from test_turn import user  # noqa: F401  (user is a fixture)

GENERATE = "generate a 5-second video of a lighthouse in a storm"


def size_of(path: str) -> tuple[int, int]:
    from skill.backend import media

    err = subprocess.run([media.ffmpeg(), "-hide_banner", "-i", path], capture_output=True, text=True).stderr
    video = next(line for line in err.splitlines() if "Video:" in line)
    return tuple(map(int, re.search(r", (\d{2,5})x(\d{2,5})", video).groups()))


def result_of(out: str) -> dict:
    return json.loads(out.splitlines()[-1])


@pytest.mark.parametrize("ask, other", [
    ("can you export it to 9:16?", "export a vertical version"),
    ("导出成竖屏", "导出一个9:16的版本"),
])
def test_an_export_asked_in_9_16_delivers_a_1080x1920_file_and_asked_again_hands_it_over(
        backend, env, capsys, ask, other):
    env(backend)
    assert say(capsys, GENERATE, "--wait", "60")[0] == 0
    code, out, err = say(capsys, ask, "--wait", "60", "--json")
    done = result_of(out)
    assert code == 0 and done["data"]["plan"] == ["chat", "export"], out + err
    video = next(f["path"] for f in done["files"] if f["kind"] == "video")
    assert size_of(video) == (1080, 1920)
    renders = backend.stats().get("renders_submitted", 0)
    code, out, err = say(capsys, other, "--wait", "60")
    assert code == 0 and ("already 9:16" in out or "已经是9:16" in out), out
    assert backend.stats().get("renders_submitted", 0) == renders and video in out   # the same file, no new render


def test_an_export_in_the_shape_the_project_has_asks_the_agent_nothing(backend, env, capsys):
    env(backend)
    assert say(capsys, GENERATE, "--wait", "60")[0] == 0
    sent = sum((backend.stats().get("messages_received") or {}).values())
    code, out, err = say(capsys, "export it in 16:9 please", "--wait", "60", "--json")
    assert code == 0 and "already 16:9" in result_of(out)["text"].splitlines()[0], out
    assert sum((backend.stats().get("messages_received") or {}).values()) == sent
    video = next(f["path"] for f in result_of(out)["files"] if f["kind"] == "video")
    assert size_of(video) == (1920, 1080)


def _claims_a_vertical(changes_music: bool):
    def answer(peer, text):
        if changes_music:    # it changes something, just not the shape
            peer.set_draft({**peer.draft, "t": [video_track(("harbor", 0, 8)), music_track("Calm", 8, volume=20)]})
        return Script(events=[adk_call("edit_multitrack"), adk_response("edit_multitrack"),
                              adk_text("Done! It's vertical now." if text.isascii() else "好了！已经是竖屏了。")])
    return answer


@pytest.mark.parametrize("changes_music, message, said", [
    (True, "export it as 9:16", "still 16:9, not 9:16"),
    (True, "导出成竖屏", "还是16:9，不是9:16"),
    (False, "export it as 9:16", "That change isn't in the project"),
])
def test_a_claimed_shape_change_the_project_does_not_show_delivers_nothing(user, capsys, changes_music, message, said):
    project = {"m": {"width": 1920, "height": 1080}, "t": [video_track(("harbor", 0, 8)), music_track("Calm", 8)]}
    with ScriptedPeer(project, on_message=_claims_a_vertical(changes_music)) as peer:
        user.use(peer, scale="0.05")
        code, out, err = say(capsys, message, "--wait", "30")
        assert said in out, out
        assert peer.render_requests == 0 and ".mp4" not in out
        assert "9:16" in peer.runs[0].message          # the agent was asked for the ratio, in words it can act on


def test_a_peer_that_keeps_the_size_in_canvas_config_is_read(user, capsys):
    project = {"t": [video_track(("harbor", 0, 8))]}
    with ScriptedPeer(project, canvas={"width": 1080, "height": 1080}) as peer:
        user.use(peer, scale="0.05")
        code, out, err = say(capsys, "export a square version", "--wait", "30")
        assert "already 1:1" in out, out
        assert peer.runs == [] and peer.render_requests >= 1    # no ask; the export went ahead


def test_the_shape_is_checked_when_status_runs_the_export_that_waited(user, capsys):
    """`say` stopped waiting before the agent answered; `status` runs the export that waited for the turn,
    and checks the shape it was asked in."""
    from skill import cli

    project = {"m": {"width": 1920, "height": 1080}, "t": [video_track(("harbor", 0, 8)), music_track("Calm", 8)]}
    slow = _claims_a_vertical(True)
    with ScriptedPeer(project, on_message=lambda peer, text: Script(events=[1.0, *slow(peer, text).events])) as peer:
        user.use(peer, scale="0.05")
        assert say(capsys, "export it as 9:16", "--wait", "0")[0] == 0
        for _ in range(60):
            cli.main(["status", "--wait", "5"])
            out, err = capsys.readouterr()
            if "still 16:9" in out:
                break
        assert "still 16:9, not 9:16" in out, out
        assert peer.render_requests == 0 and ".mp4" not in out


@pytest.mark.parametrize("message, said", [
    ("export it in 4k", "so 4K isn't available"),
    ("导出成动图", "没有动图"),
])
def test_an_export_asked_as_what_no_export_gives_says_so_before_the_mp4(backend, env, capsys, message, said):
    env(backend)
    assert say(capsys, GENERATE, "--wait", "60")[0] == 0
    code, out, err = say(capsys, message, "--wait", "60", "--json")
    lines = result_of(out)["text"].splitlines()
    assert code == 0 and said in lines[0], lines
    video = next(f["path"] for f in result_of(out)["files"] if f["kind"] == "video")
    assert video.endswith(".mp4") and size_of(video) == (1920, 1080)


def test_a_condition_that_gates_an_export_in_a_shape_delivers_that_shape(backend, env, capsys):
    """The balance decided yes and the old 16:9 file was handed over, the vertical version dropped."""
    env(backend)
    assert say(capsys, GENERATE, "--wait", "60")[0] == 0
    code, out, err = say(capsys, "如果积分还有50以上就再导出一个竖屏的版本", "--wait", "60", "--json")
    done = result_of(out)
    assert code == 0 and "你的请求、导出" in done["text"], done["text"]        # a list in Chinese, not "你的请求, 导出"
    video = next(f["path"] for f in done["files"] if f["kind"] == "video")
    assert size_of(video) == (1080, 1920)


def test_an_edit_then_an_export_in_a_shape_does_both(backend, env, capsys, tiny_mp4):
    """The ask for the ratio ran on after the edit ("put this at the end change the aspect ratio…"): the
    clip was placed, the ratio never changed, and nothing was exported."""
    env(backend)
    assert say(capsys, GENERATE, "--wait", "60")[0] == 0
    code, out, err = say(capsys, "put this at the end and then export a square version", "--attach", str(tiny_mp4),
                         "--wait", "60", "--json")
    done = result_of(out)
    video = next(f["path"] for f in done["files"] if f["kind"] == "video")
    assert code == 0 and size_of(video) == (1080, 1080), done["text"]

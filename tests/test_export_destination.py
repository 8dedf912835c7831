"""Where an export is asked to go, typed in the message ("export it to ~/Videos/teaser.mp4", 导出到 ~/抖音
文件夹里), is where the file goes: not a missing upload refused, not ignored. Against the embedded backend."""
from __future__ import annotations

from test_say import env, say  # noqa: F401  (env is a fixture)
from test_speech_acts import project, renders  # noqa: F401  (project is a fixture)


def test_an_export_to_a_new_mp4_name_writes_that_file(backend, project, capsys, tmp_path):
    target = tmp_path / "out" / "teaser.mp4"
    code, out, err = say(capsys, f"export it to {target}", "--wait", "60")
    assert code == 0 and target.is_file() and str(target) in out, out + err


def test_an_edit_then_an_export_into_a_folder_in_chinese_lands_there(backend, project, capsys, tmp_path):
    folder = tmp_path / "抖音"
    code, out, err = say(capsys, f"把音乐调小一点 然后导出到 {folder} 文件夹里", "--wait", "60")
    assert code == 0, out + err
    assert [p.suffix for p in folder.iterdir() if p.suffix == ".mp4"] == [".mp4"], out
    assert "音量" in out                                     # the edit ran too


def test_the_output_flag_wins_over_a_typed_destination(backend, project, capsys, tmp_path):
    code, out, err = say(capsys, f"export it into {tmp_path / 'typed'}", "-o", str(tmp_path / "flag"), "--wait", "60")
    assert code == 0 and list((tmp_path / "flag").glob("*.mp4")) and not (tmp_path / "typed").exists(), out


def test_an_existing_clip_after_to_is_still_an_upload(backend, project, capsys, tiny_mp4):
    code, out, err = say(capsys, f"add {tiny_mp4} to the end and export", "--wait", "60")
    assert code == 0 and backend.stats().get("uploads") == 1 and ".mp4" in out, out + err


def test_an_uploaded_song_used_as_the_music_is_what_the_video_plays(backend, project, capsys, tmp_path):
    """"use ~/quiet.mp3 as the background music": it was placed as a clip, or the built-in music changed
    (Upbeat → Chill). A silent file at 100% leaves the video silent, where any built-in bed is heard."""
    import json
    import subprocess

    from skill.backend import media
    from test_backend_render_quality import _mean_volume

    song = tmp_path / "quiet.mp3"
    subprocess.run([media.ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "3",
                    "-y", str(song)], check=True)
    code, out, err = say(capsys, f"use {song} as the background music at 100% and export", "--wait", "60", "--json")
    done = json.loads(out.splitlines()[-1])
    assert code == 0 and "quiet" in done["text"], done["text"]
    silent = _mean_volume(next(f["path"] for f in done["files"] if f["kind"] == "video"))
    code, out, err = say(capsys, "change the music to piano at 100% and export", "--wait", "60", "--json")
    done = json.loads(out.splitlines()[-1])
    built_in = _mean_volume(next(f["path"] for f in done["files"] if f["kind"] == "video"))
    assert built_in - silent > 6, (silent, built_in)      # the silent song was what played

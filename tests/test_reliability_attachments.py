"""Only real media the user owns is uploaded; every refusal is clear and sends nothing."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from skill.core import attachments, errors, formats
from cli_env import REPO, cli_env


# The first bytes of a real file of each supported format.
MAGIC = {
    "mp4": b"\0\0\0\x18ftypmp42\0\0\0\0", "m4v": b"\0\0\0\x18ftypM4V \0\0\0\0",
    "mov": b"\0\0\0\x14ftypqt  \0\0\0\0", "m4a": b"\0\0\0\x1cftypM4A \0\0\0\0",
    "avi": b"RIFF\x10\0\0\0AVI LIST", "webm": b"\x1a\x45\xdf\xa3\x9fB\x86\x81",
    "mkv": b"\x1a\x45\xdf\xa3\xa3B\x86\x81", "jpg": b"\xff\xd8\xff\xe0\0\x10JFIF",
    "jpeg": b"\xff\xd8\xff\xe1\0\x10Exif", "png": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    "gif": b"GIF89a\x01\0\x01\0", "webp": b"RIFF\x10\0\0\0WEBPVP8 ",
    "mp3": b"ID3\x04\0\0\0\0\0\0", "wav": b"RIFF\x24\0\0\0WAVEfmt ", "aac": b"\xff\xf1\x50\x80\x02\x1f\xfc",
}


def write(path: Path, head: bytes, size: int = 4096) -> Path:
    path.write_bytes(head + b"\0" * max(0, size - len(head)))
    return path


def test_every_supported_format_is_recognised_by_its_content(tmp_path):
    assert set(MAGIC) == set(formats.EXTENSIONS)          # the one list, all of it
    for ext, head in MAGIC.items():
        got = attachments.check(write(tmp_path / f"clip.{ext}", head))
        assert got.kind == formats.kind_of(f"x.{ext}") and got.path.name == f"clip.{ext}"
    # an MP3 without a tag starts with a frame sync
    assert attachments.check(write(tmp_path / "raw.mp3", b"\xff\xfb\x90\x64")).kind == "audio"


@pytest.mark.parametrize("name,content", [
    ("notes.mp4", b"just some text, renamed\n"), ("fake.png", b"\xff\xd8\xff\xe0 a jpeg"),
    ("fake.webm", b"RIFF\x10\0\0\0AVI LIST"), ("song.wav", b"RIFF\x10\0\0\0WEBPVP8 "),
    ("page.mov", b"<html><body>hi</body></html>")])
def test_a_file_that_is_not_what_its_name_says_is_refused(tmp_path, name, content):
    with pytest.raises(attachments.NotWhatItSays) as info:
        attachments.check(write(tmp_path / name, content, size=len(content)))
    assert info.value.exit_code == 2
    assert name in info.value.render("en") and "doesn't match" in info.value.render("en")
    assert name in info.value.render("zh") and "不符" in info.value.render("zh")


def test_each_cause_has_its_own_message_and_exit_code(tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    (tmp_path / "folder.mp4").mkdir()
    cases = {
        tmp_path / "missing.mp4": (attachments.Missing, 2, "Can't find", "找不到"),
        empty: (attachments.Empty, 2, "empty", "空文件"),
        tmp_path / "folder.mp4": (attachments.NotRegular, 2, "not a regular file", "不是普通文件"),
        write(tmp_path / "tool.exe", b"MZ"): (attachments.Unsupported, 7, "isn't supported", "不支持"),
    }
    texts = set()
    for path, (cls, code, en, zh) in cases.items():
        with pytest.raises(cls) as info:
            attachments.check(path)
        assert info.value.exit_code == code
        assert en in info.value.render("en") and zh in info.value.render("zh")
        texts.add(info.value.render("en").replace(path.name, ""))
    assert len(texts) == len(cases)
    unsupported = pytest.raises(attachments.Unsupported, attachments.check, tmp_path / "tool.exe").value
    assert formats.describe("en") in unsupported.render("en")
    assert formats.describe("zh") in unsupported.render("zh")


def test_too_large_is_exit_8_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_UPLOAD_BYTES", 10_000)
    big = write(tmp_path / "big.mp4", MAGIC["mp4"], size=20_000)
    with pytest.raises(attachments.TooLarge) as info:
        attachments.check(big)
    assert info.value.exit_code == 8 and isinstance(info.value, errors.FileTooLarge)
    assert "big.mp4" in info.value.render("en") and "compress" in info.value.render("en")


def test_links_may_not_leave_the_users_tree(tmp_path):
    home, outside = tmp_path / "home", tmp_path / "elsewhere"
    (home / "clips").mkdir(parents=True)
    outside.mkdir()
    real_outside = write(outside / "take.mp4", MAGIC["mp4"])
    real_home = write(home / "take.mp4", MAGIC["mp4"])
    (home / "clips" / "shadow.mp4").symlink_to("/etc/shadow")
    (home / "clips" / "passwd.mp4").symlink_to("/etc/passwd")
    (home / "clips" / "away.mp4").symlink_to(real_outside)
    (home / "clips" / "ours.mp4").symlink_to(real_home)               # inside $HOME: fine
    (home / "clips" / "same.mp4").symlink_to("../clips/real.mp4")
    write(home / "clips" / "real.mp4", MAGIC["mp4"])
    (home / "clips" / "tty.mp4").symlink_to("/dev/null")
    for name in ("shadow.mp4", "passwd.mp4", "away.mp4", "tty.mp4"):
        with pytest.raises(attachments.LeavesYourFolder) as info:
            attachments.check(home / "clips" / name, home=home)
        assert info.value.exit_code == 2 and name in info.value.render("en")
        assert "outside your folder" in info.value.render("en") and "之外" in info.value.render("zh")
    assert attachments.check(home / "clips" / "ours.mp4", home=home).kind == "video"
    assert attachments.check(home / "clips" / "same.mp4", home=home).kind == "video"
    # a link inside the user's own folder to something that is not a regular file
    (outside / "dir.mp4").mkdir()
    (outside / "link.mp4").symlink_to(outside / "dir.mp4")
    with pytest.raises(attachments.NotRegular):
        attachments.check(outside / "link.mp4", home=home)
    (outside / "dangling.mp4").symlink_to(outside / "gone.mp4")
    with pytest.raises(attachments.Missing):
        attachments.check(outside / "dangling.mp4", home=home)


def test_hostile_names_are_printed_clean(tmp_path):
    name = "evil\x1b]0;owned\x07\u202egnp.mp4"
    with pytest.raises(attachments.NotWhatItSays) as info:
        attachments.check(write(tmp_path / name, b"text"))
    text = info.value.render("en")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


# --------------------------------------------------------------------------- through the CLI

def cli(env, *argv, cwd=REPO):
    r = subprocess.run([sys.executable, "-m", "skill", *argv], env=env, cwd=cwd, capture_output=True,
                       text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def test_refused_attachments_send_nothing(backend, tmp_path, tiny_mp4):
    env = cli_env(tmp_path, backend.url, HOME=str(tmp_path / "home"))
    work = tmp_path / "home" / "work"
    work.mkdir(parents=True)
    good = work / "good.mp4"
    good.write_bytes(tiny_mp4.read_bytes())
    (work / "shadow.mp4").symlink_to("/etc/shadow")
    text = work / "notes.mp4"
    text.write_text("meeting notes, not a video\n")
    empty = work / "empty.mp4"
    empty.write_bytes(b"")
    tool = work / "tool.exe"
    tool.write_bytes(b"MZ\x90\0")
    for bad, code, words in ((work / "shadow.mp4", 2, "outside your folder"), (text, 2, "doesn't match"),
                             (empty, 2, "empty"), (tool, 7, formats.describe("en"))):
        got, out, err = cli(env, "upload", str(good), str(bad))   # one good file, one bad: nothing sent
        assert got == code, err
        assert words in err and bad.name in err and "Traceback" not in err
    stats = backend.stats()
    assert stats.get("uploads", 0) == 0
    assert not any("upload" in path for path in stats["requests"])
    got, out, err = cli(env, "upload", str(good))                   # the good one alone goes through
    assert got == 0, err
    assert backend.stats()["uploads"] == 1


def test_the_services_refusal_lists_the_one_formats_list(shared_backend, tmp_path):
    from skill.core import config
    from skill.api.client import NemoClient
    from skill.core.timing import Timings

    settings = config.from_env({"NEMO_API_URL": shared_backend.url, "NEMO_CONFIG_DIR": str(tmp_path / "cfg")})
    with NemoClient(settings, timings=Timings()) as client:
        with pytest.raises(errors.UnsupportedFile) as info:
            client.upload_urls(["https://example.com/report.pdf"])   # the backend answers 4001
    assert info.value.exit_code == 7
    assert formats.describe("en") in info.value.render("en")
    assert formats.describe("zh") in info.value.render("zh")
    from skill.backend.envelope import MESSAGES
    assert formats.describe("en") in MESSAGES[4001]          # the local backend says the same list


@pytest.mark.parametrize("message, words", [
    ("upload ~/notes.txt", "notes.txt: that file type isn't supported"),
    ("can you upload ~/brief.pdf for reference", "brief.pdf: that file type isn't supported"),
    ("上传 notes.txt", "notes.txt：不支持该文件类型"),
])
def test_a_typed_file_of_another_type_is_refused_for_its_type(backend, tmp_path, message, words):
    """With --attach it was "isn't supported" (exit 7); typed in the message it was "Nothing to upload"."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("meeting notes\n")
    (home / "brief.pdf").write_bytes(b"%PDF-1.4\n")
    env = cli_env(tmp_path, backend.url, HOME=str(home))
    got, out, err = cli(env, "say", message, cwd=home)
    assert got == 7 and words in err and "Traceback" not in err, (got, out, err)
    assert backend.stats().get("uploads", 0) == 0

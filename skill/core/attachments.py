"""Is this file something we may upload, and of which kind?

One job: look at a local file the user named and either say what it is
("video" | "image" | "audio", from `skill.core.formats`, the one list of supported
formats) or refuse it with a short message of its own (EN/ZH in
intents/messages.yaml). Nothing here talks to the backend.

Refused: a missing file; a symlink whose target leaves the user's tree (it must
stay under the directory the user named it from, or under $HOME) or is not a
regular file; anything that is not a regular file; an unsupported type; an
empty file; a file over the size limit; a file whose first bytes are not the
type its name says (a text file renamed .mp4).
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from skill.core import catalogue, errors, formats
from skill.core.sanitize import clean

# Magic bytes: how each format starts. `None` in a pattern matches any byte.
_FTYP = (4, b"ftyp")
_QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


def _riff(kind: bytes):
    return lambda head: head[:4] == b"RIFF" and head[8:12] == kind


def _mp3(head: bytes) -> bool:
    if head[:3] == b"ID3":
        return True
    # MPEG audio frame sync: 11 set bits, a version that exists, a layer that exists.
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 \
        and head[1] & 0x18 != 0x08 and head[1] & 0x06 != 0


def _aac(head: bytes) -> bool:
    if head[:3] == b"ID3" or head[:4] == b"ADIF":
        return True
    # ADTS sync: 12 set bits, layer 00.
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0


def _at(offset: int, magic: bytes):
    return lambda head: head[offset:offset + len(magic)] == magic


_CHECKS = {
    "mp4": _at(*_FTYP), "m4v": _at(*_FTYP), "m4a": _at(*_FTYP),
    "mov": lambda head: head[4:8] in _QUICKTIME_ATOMS,
    "avi": _riff(b"AVI "),
    "webm": _at(0, b"\x1a\x45\xdf\xa3"), "mkv": _at(0, b"\x1a\x45\xdf\xa3"),
    "jpg": _at(0, b"\xff\xd8\xff"), "jpeg": _at(0, b"\xff\xd8\xff"),
    "png": _at(0, b"\x89PNG\r\n\x1a\n"),
    "gif": lambda head: head[:6] in (b"GIF87a", b"GIF89a"),
    "webp": _riff(b"WEBP"),
    "mp3": _mp3,
    "wav": _riff(b"WAVE"),
    "aac": _aac,
}
HEAD_BYTES = 16


@dataclass(frozen=True)
class Attachment:
    path: Path        # as the user named it (the name the project shows)
    kind: str         # "video" | "image" | "audio"
    size: int


# -- refusals: one message per cause --------------------------------------------------------
class Missing(errors.BadInput):
    key = "upload_missing"


class Empty(errors.BadInput):
    key = "upload_empty"


class NotWhatItSays(errors.BadInput):
    key = "upload_not_its_type"


class LeavesYourFolder(errors.BadInput):
    key = "upload_symlink_outside"


class NotRegular(errors.BadInput):
    key = "upload_not_regular"


class TooLarge(errors.FileTooLarge):
    key = "upload_too_large"


class Unsupported(errors.UnsupportedFile):
    key = "upload_unsupported"

    def render(self, lang: str | None = None) -> str:
        lang = lang or "en"
        return catalogue.message(self.key, lang, detail=self.detail or "",
                                     **{**self.params, "formats": formats.describe(lang)})


def check(path: str | os.PathLike, home: str | os.PathLike | None = None) -> Attachment:
    """The attachment, or a refusal (a SkillError: exit 2 bad input, 7 unsupported, 8 too large)."""
    path = Path(path)
    name = _display(path.name or str(path))
    try:
        link = path.lstat()
    except (OSError, ValueError):
        raise Missing(name=name) from None
    if stat.S_ISLNK(link.st_mode):
        _check_link(path, name, home)
    try:
        st = path.stat()
    except (OSError, ValueError):   # a dangling link
        raise Missing(name=name) from None
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular(name=name)
    ext = path.suffix.lower().lstrip(".")
    kind = formats.kind_of(path.name)
    if kind is None or ext not in _CHECKS:
        raise Unsupported(name=name, ext=("." + _display(ext)) if ext else "",
                          detail_suffix=f" (.{_display(ext)})" if ext else "")
    if st.st_size == 0:
        raise Empty(name=name)
    if st.st_size > formats.MAX_UPLOAD_BYTES:
        raise TooLarge(name=name, size_mb=f"{st.st_size / (1024 * 1024):,.0f}",
                       limit_mb=formats.MAX_UPLOAD_MB, detail_suffix=f" ({name})")
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        raise Missing(name=name) from None
    if not _CHECKS[ext](head):
        raise NotWhatItSays(name=name, ext=ext.upper())
    return Attachment(path=path, kind=kind, size=st.st_size)


def _check_link(path: Path, name: str, home: str | os.PathLike | None) -> None:
    """A symlink may point inside the folder it was named from, or inside $HOME; nowhere else."""
    try:
        target = Path(os.path.realpath(path))
    except (OSError, ValueError):
        raise Missing(name=name) from None
    folder = Path(os.path.abspath(path)).parent
    roots = [root for root in (Path(os.path.realpath(folder)), folder) if str(root) != os.sep]
    home = home if home is not None else os.environ.get("HOME") or os.path.expanduser("~")
    if home and os.path.isabs(str(home)) and os.path.realpath(home) != os.sep:
        roots.append(Path(os.path.realpath(home)))
    if not any(_under(target, root) for root in roots):
        raise LeavesYourFolder(name=name)


def _under(target: Path, root: Path) -> bool:
    return target == root or root in target.parents


def _display(text: str) -> str:
    """A file name as it may appear in a message: printable, one line, bounded."""
    text = " ".join(clean(text).split())
    return text if len(text) <= 80 else text[:77] + "..."

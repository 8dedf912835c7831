"""What the NemoVideo backend accepts: one home for the upload formats and limits.

Read by the client (checks before upload), the router (media URLs in a
message), the messages (the "supported formats" list) and the local backend.
"""
from __future__ import annotations

# kind -> extensions (lower case, no dot). PROTOCOL.md; m4v is an MP4 by another name.
SUPPORTED: dict[str, tuple[str, ...]] = {
    "video": ("mp4", "mov", "avi", "webm", "mkv", "m4v"),
    "image": ("jpg", "jpeg", "png", "gif", "webp"),
    "audio": ("mp3", "wav", "m4a", "aac"),
}
EXTENSIONS: frozenset[str] = frozenset(e for group in SUPPORTED.values() for e in group)
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)

_KIND_NAMES = {"en": {"video": "video", "image": "image", "audio": "audio"},
               "zh": {"video": "视频", "image": "图片", "audio": "音频"}}


def kind_of(name: str) -> str | None:
    """"video" | "image" | "audio" from a file name or URL path, or None."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((kind for kind, exts in SUPPORTED.items() if ext in exts), None)


def describe(lang: str = "en") -> str:
    """"video mp4 mov …; image jpg …; audio mp3 …" in the user's language."""
    names = _KIND_NAMES.get(lang, _KIND_NAMES["en"])
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{names[kind]} {' '.join(exts)}" for kind, exts in SUPPORTED.items())

"""Replies the user sees, rendered from Jinja2 templates per language.

Templates live in ``intents/templates/<lang>/<name>.j2`` (``en`` and ``zh``).
``render(name, lang, **ctx)`` is the generic entry; the helpers below build
the context for each reply shape the app needs:

====================  =====================================================
``timeline``          the timeline summary (skill.text.timeline.summarize)
``changes``           a list of changes (skill.text.timeline.diff)
``credits``           balance: available / frozen / total
``export_done``       the MP4's path and its poster
``upload_done``       uploaded files with type / duration / size
====================  =====================================================

One-line notices of a chat turn ("⏳ Still working...", "the raw clip is
ready", "a new project was started") are in ``intents/messages.yaml``.

Rules: the language follows the user's message (pass ``route.language``;
anything but "zh" renders English); Jinja2 is imported only when a reply is
rendered (``video-skill route`` never pays for it); ``StrictUndefined`` so a
missing value is a bug, not a blank; no autoescaping (plain text); and every
string in the context is passed through :func:`skill.core.sanitize.clean`, since
file names, titles and reasons may come from the backend.

The timeline strings themselves come from skill.text.timeline, which builds them
without Jinja (cheap, pure, used on hot paths); these templates only frame
them.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from skill.core import sanitize

LANGS = ("en", "zh")


def _lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


@lru_cache(maxsize=1)
def _env():
    import jinja2

    from skill.core import resources

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.templates_dir())),
        bytecode_cache=_bytecode_cache(jinja2),   # compile a template once, not on every command
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _bytecode_cache(jinja2):
    import os

    from skill.core.datafiles import cache_dir

    folder = cache_dir("templates")
    if folder is None:
        return None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None        # no cache folder: templates are compiled each time, that's all
    return jinja2.FileSystemBytecodeCache(folder)


def _clean(value: Any, depth: int = 0) -> Any:
    if isinstance(value, str):
        return sanitize.clean(value)
    if depth > 20:
        return value
    if isinstance(value, Mapping):
        return {k: _clean(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v, depth + 1) for v in value]
    return value


def render(name: str, lang: str | None = "en", **ctx: Any) -> str:
    """Render template `name` in `lang` ("en" or "zh") with a cleaned context."""
    template = _env().get_template(f"{_lang(lang)}/{name}.j2")
    text = template.render(**{k: _clean(v) for k, v in ctx.items()})
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------
# Reply shapes


def timeline(draft: Any, lang: str | None = "en", summary: str | None = None) -> str:
    """`summary`: the draft's summary when the caller already made it (a 30k-segment timeline
    is not summarized twice)."""
    from skill.text import timeline as tl

    lang = _lang(lang)
    return render("timeline", lang, summary=summary if summary is not None else tl.summarize(draft, lang),
                  ready=tl.is_ready_for_export(draft))


def changes(lines: Iterable[str], lang: str | None = "en") -> str:
    return render("changes", lang, changes=[str(x) for x in lines or ()])


def _int(x: Any) -> int:
    try:
        return int(float(x))
    except (TypeError, ValueError, OverflowError):
        return 0


def credits(available: Any, frozen: Any = 0, total: Any = None, lang: str | None = "en") -> str:
    a, f = _int(available), _int(frozen)
    t = _int(total) if total is not None else a + f
    return render("credits", lang, available=a, frozen=f, total=t)


def export_done(path: str, poster: str | None = None, lang: str | None = "en") -> str:
    """The delivered MP4 (and its poster picture, when there is one). The project link comes
    once, at the end of the whole reply (skill.app.context)."""
    return render("export_done", lang, path=str(path), poster=poster or "")


_TYPES_ZH = {"video": "视频", "image": "图片", "audio": "音频"}


def _secs(x: Any, lang: str = "en") -> str | None:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return None
    if not v == v or v < 0 or v == float("inf"):
        return None
    if v > 10000:  # milliseconds
        v /= 1000
    unit = "秒" if lang == "zh" else "s"
    return f"{int(round(v))}{unit}" if abs(v - round(v)) < 0.05 else f"{v:.1f}{unit}"


def upload_done(files: Sequence[Mapping[str, Any]], lang: str | None = "en", ask: bool = True) -> str:
    """`files` as the upload API returns them: filename, file_type, duration, width, height.
    `ask`: end by asking what to do with them (not when the message already said)."""
    lang = _lang(lang)
    rows = []
    for f in files or ():
        f = f if isinstance(f, Mapping) else {"filename": str(f)}
        name = f.get("filename") or f.get("name") or f.get("cdn_url") or "?"
        details = []
        if f.get("file_type"):
            kind = str(f["file_type"])
            details.append(_TYPES_ZH.get(kind.lower(), kind) if lang == "zh" else kind)
        dur = _secs(f.get("duration"), lang)
        if dur and not dur.startswith("0"):
            details.append(dur)
        w, h = f.get("width"), f.get("height")
        if isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0:
            details.append(f"{w}x{h}")
        rows.append({"name": str(name), "details": details})
    return render("upload_done", lang, files=rows, ask=ask)

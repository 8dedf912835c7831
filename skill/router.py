"""The intent router: which local steps a user's message asks for, in order.

`route(text, attachments) -> Route`. `Route.plan` is the ordered, non-empty
list of steps, each one of:

- ``export``  render the project and hand over the MP4,
- ``credits`` show the credit balance,
- ``state``   show the timeline,
- ``upload``  upload the attachments / media URLs,
- ``chat``    forward ``Route.chat_text`` to the backend agent.

The rules are data (``intents/router.yaml``); this module is the engine:

1. **Mask.** Media URLs are extracted and blanked; other URLs and quoted
   spans ('Export Day', “上传你的梦想”, 「…」, 《…》) become opaque content,
   so intent words inside titles never count.
2. **Split** into clauses on sequencing connectives. *Strong* ones (then,
   and then, after that, 然后, 再, 之后, ``;``, sentence ends) always split;
   *weak* ones (commas, "and") split too, but a weak-split clause that follows
   a topic ("a video about saving money and checking your balance") stays part
   of that topic unless it starts with a verb or an intent phrase. *Reverse*
   ones ("export when you're done adding the logo") put the clause after
   them first.
3. **Scan each clause once** with one combined regular expression (no
   groups, alternatives dispatched on their first character: fast); each
   match is then given its kind, in priority order: ``exclude`` (content that merely
   contains an intent word: "status bar", "end credits", 下载教程), ``neutral``
   ("don't forget to"), ``topic`` markers (about, explaining, titled, 关于,
   标题 …: the rest of the clause is content), ``negate`` cues (don't, not,
   before, 先别, 不要 …) and the intent phrases. The first intent phrase that
   is not negated decides the clause. A negation cancels an intent phrase up
   to four words / 40 characters later, in the same clause; ``negate_after``
   (导出之前) cancels the phrase before it. Progress questions (``state_q``:
   "is the video done yet?", 做好了吗) are never cancelled.
4. **Residue.** A clause without an intent is a chat step when anything is
   left after removing negations, cancelled intent words and ``filler`` ("ok
   looks good", "not ready to", 可以了). When files or media URLs come with
   the message, such a clause must also *ask* for something (a verb or a
   question, ``chat_cue``), or it is just a caption ("my vacation clips").
   An upload clause with content beyond the files themselves ("use this clip
   as the intro") adds a chat step after the upload.
5. **Plan.** Clause steps in order, consecutive duplicates merged; an
   upload step is put first when files/URLs came but no clause placed it.
   Nothing found: ``[chat]`` with the whole text (``[upload]`` when there are
   files and no text).

Messages longer than ``MAX_SCAN`` characters are content (a pasted script),
routed as ``[chat]`` (after ``upload`` when files or URLs came with them).

``chat_text`` is the original wording of the chat clauses (the clauses that
went to a local step are cut out): "add subtitles, then send me the video"
→ "add subtitles".

All patterns are linear-time (no unbounded repetition after a failing
prefix), so any input, including megabytes of adversarial text, routes
quickly. The compiled rule set (pattern sources and the compiled SRE code)
is cached with marshal, keyed on the YAML's path, mtime and size and on the
Python version, in ``$XDG_CACHE_HOME/video-skill`` (or ~/.cache), so the
CLI pays neither for YAML nor for compiling the big patterns on every
message. A stale or unreadable cache is simply rebuilt.
"""
from __future__ import annotations

import os
import re
import zlib
from collections import namedtuple  # already loaded by `re` (via functools): free
from collections.abc import Iterable, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs the CLI time
    from typing import Any

INTENTS = ("export", "credits", "state", "upload", "chat")
LOCAL_INTENTS = ("export", "credits", "state", "upload")

_COMPILER_VERSION = 12  # bump when _compile_rules changes its output
_NEG_SCOPE_CHARS = 40
_NEG_SCOPE_WORDS = 4
_MASK = "§"  # opaque content: quoted spans and non-media URLs
MAX_SCAN = 16_384  # longer messages are content, routed as chat (see route())


class Route(namedtuple("Route", "plan urls attachments language chat_text")):
    """The router's answer: an immutable record (plan, urls, attachments, language, chat_text).

    A namedtuple, not a dataclass: importing dataclasses (and inspect) would
    cost `video-skill route` ~10 ms per run, and building a tuple is the
    cheapest record Python has (route() makes one per message)."""

    __slots__ = ()

    def __new__(cls, plan: Sequence[str], urls: Sequence[str] = (), attachments: Sequence[str] = (),
                language: str = "en", chat_text: str | None = None) -> "Route":
        return tuple.__new__(cls, (tuple(plan), tuple(urls), tuple(attachments), language, chat_text))

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": list(self.plan),
            "urls": list(self.urls),
            "attachments": list(self.attachments),
            "language": self.language,
            "chat_text": self.chat_text,
        }


# --------------------------------------------------------------------------
# Rules: YAML -> pattern sources (cached as JSON) -> compiled regexes


def _rules_path() -> str:
    # Same lookup as skill.resources (checkout/editable install, else the
    # wheel's skill/_data), without importing pathlib on the CLI's hot path.
    pkg = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(pkg)
    if not os.path.isfile(os.path.join(root, "skill.yaml")):
        root = os.path.join(pkg, "_data")
    return os.path.join(root, "intents", "router.yaml")


def rules_path() -> str:
    """Where the router's rules live (intents/router.yaml)."""
    return _rules_path()


_META = set("\\[](){}.*+?^$|")


def _expand(frag: str) -> list[str]:
    """Distribute a leading plain group: "(?:a|b) c" -> ["a c", "b c"]."""
    if not frag.startswith("(?:"):
        return [frag]
    depth, j, escaped = 0, -1, False
    for i, ch in enumerate(frag):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                j = i
                break
    if j < 0:
        return [frag]
    inner, rest = frag[3:j], frag[j + 1:]
    if (rest[:1] and rest[0] in "?*+{") or "(" in inner or "[" in inner or "\\|" in inner \
            or "" in inner.split("|"):
        return [frag]
    return [x for alt in inner.split("|") for x in _expand(alt + rest)]


def _dispatch(items: Sequence[tuple[str | None, str]], counter: list[int]) -> str:
    """Alternatives regrouped by their first literal character.

    The `re` engine skips a branch that starts with a literal in a single
    comparison, so "c(?:…)|e(?:…)|…" tries only the few alternatives that can
    start at a position. Order is kept within each first character; the
    alternatives that do not start with a literal are tried first."""
    other: list[tuple[str | None, str]] = []
    buckets: dict[str, list[tuple[str | None, str]]] = {}
    for name, frag in items:
        for f in _expand(frag):
            c = f[:1]
            if not c or c in _META or f[1:2] in ("?", "*", "+", "{"):
                other.append((name, f))
            else:
                buckets.setdefault(c, []).append((name, f[1:]))

    def join(pairs: list[tuple[str | None, str]]) -> str:
        out: list[str] = []
        i = 0
        while i < len(pairs):
            name = pairs[i][0]
            j = i
            while j < len(pairs) and pairs[j][0] == name:
                j += 1
            alts = "|".join(f for _, f in pairs[i:j])
            if name:
                counter[0] += 1
                out.append(f"(?P<{name}__{counter[0]}>{alts})")
            else:
                out.append(f"(?:{alts})")
            i = j
        return "|".join(out)

    parts = ([join(other)] if other else []) + [
        f"{re.escape(c)}(?:{join(pairs)})" for c, pairs in buckets.items()]
    return "|".join(parts)


def _combine(groups: Sequence[tuple[str | None, dict | None]]) -> str:
    """One regex from rule sections, fast on the `re` engine.

    English alternatives are tried only at the start of an ASCII word and
    Chinese ones only at a non-ASCII character, so most positions fail after
    one check, and within those, alternatives are dispatched on their first
    character (`_dispatch`). The text is lower-cased beforehand: no
    IGNORECASE, which would disable the engine's literal shortcut. Named
    groups are "<kind>__<n>"; `_kind` strips the number."""
    en: list[tuple[str | None, str]] = []
    zh: list[tuple[str | None, str]] = []
    punct: list[tuple[str | None, str]] = []
    for name, section in groups:
        section = section or {}
        en += [(name, f.replace(" ", r"\s+")) for f in section.get("en") or ()]
        zh += [(name, f.replace(" ", r"\s*")) for f in section.get("zh") or ()]
        punct += [(name, f) for f in section.get("punct") or ()]
    counter = [0]
    parts = []
    if en:
        parts.append(rf"(?<![a-z0-9])(?=[a-z0-9])(?:{_dispatch(en, counter)})(?![a-z0-9'])")
    if zh:
        parts.append(rf"(?=[^\x00-\x7f])(?:{_dispatch(zh, counter)})")
    if punct:
        parts.append("|".join(f"(?P<{n}__p{i}>{f})" if n else f"(?:{f})" for i, (n, f) in enumerate(punct)))
    return "|".join(parts) or r"(?!x)x"


def _kind(name: str | None) -> str:
    return name.split("__", 1)[0] if name else ""


def _compile_rules(data: dict) -> dict[str, Any]:
    """YAML data -> pattern sources (plain strings, cacheable)."""
    intents = data.get("intents") or {}
    event_groups = [("x", data.get("exclude")), ("u", data.get("neutral")),
                    ("t", data.get("topic")), ("n", data.get("negate"))] + [
                    (n, intents.get(n)) for n in ("export", "credits", "state_q", "state", "upload")]
    seps = data.get("separators") or {}
    split_groups = [("s", seps.get("strong")), ("r", seps.get("reverse")), ("w", seps.get("weak"))]
    # The scanning regexes have no groups (groups cost time at every
    # position); which kind a match is comes from the per-kind regexes.
    events = _combine([(None, sec) for _, sec in event_groups])
    split = _combine([(None, sec) for _, sec in split_groups])
    kinds = {f"event.{n}": _combine([(None, sec)]) for n, sec in event_groups}
    kinds.update({f"split.{n}": _combine([(None, sec)]) for n, sec in split_groups})
    filler = data.get("filler") or {}
    lead_words = _combine([(None, {"en": ["please", "also", "then", "just", "now"], "zh": ["和", "也", "帮我", "请"]})])
    lead_src = _combine([(None, intents.get(n)) for n in ("export", "credits", "state", "state_q", "upload")]
                        + [(None, data.get("chat_cue")), (None, data.get("question_cue"))])
    exts = "|".join(re.escape(e) for e in data.get("media_extensions") or ())
    return {
        **_FIXED,
        **kinds,
        "events": events,
        "split": split,
        "neg_after": _combine([(None, data.get("negate_after"))]),
        "filler": _combine([(None, {"en": filler.get("en"), "zh": filler.get("zh")})]),
        "media": _combine([(None, filler.get("media"))]),
        "lead": rf"(?:(?:{lead_words})\s*)?(?:{lead_src})",
        "cue": _combine([(None, data.get("chat_cue")), (None, data.get("question_cue"))]),
        "verb_cue": _combine([(None, data.get("chat_cue"))]),
        "upload_use": _combine([(None, data.get("upload_use"))]),
        "media_url": rf"\.(?:{exts})(?:[?#]|$)" if exts else r"(?!x)x",
    }


def _cache_file(src: str) -> str | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not base or base.startswith("~"):
        return None
    tag = "%08x" % zlib.crc32(src.encode("utf-8", "surrogatepass"))
    return os.path.join(base, "video-skill", f"router-{tag}.marshal")


def _sre_args(pattern: str, flags: int) -> tuple | None:
    """What re.compile hands to _sre.compile, so a cache can skip parsing."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        p = _parser.parse(pattern, flags)
        code = _compiler._code(p, flags)
        groupindex = dict(p.state.groupdict)
        indexgroup = [None] * p.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        return (pattern, int(flags | p.state.flags), [int(c) for c in code], int(p.state.groups - 1),
                groupindex, tuple(indexgroup))
    except Exception:
        return None


def _from_sre(args: Any, pattern: str, flags: int) -> re.Pattern:
    try:
        import _sre

        if isinstance(args, tuple) and len(args) == 6 and args[0] == pattern:
            return _sre.compile(*args)
    except Exception:
        pass
    return re.compile(pattern, flags)


def _cache_key(src: str) -> list:
    import sys

    try:
        import _sre

        magic = getattr(_sre, "MAGIC", 0)
    except ImportError:  # pragma: no cover
        magic = 0
    st = os.stat(src)
    return [src, st.st_mtime_ns, st.st_size, _COMPILER_VERSION, sys.version, magic]


def _load(src: str | None = None) -> dict[str, re.Pattern]:
    """Compiled rules for router.yaml, from the cache when it is current.

    The cache (marshal, in $XDG_CACHE_HOME/video-skill or ~/.cache/video-skill)
    holds the pattern sources and the compiled SRE code, keyed on the YAML's
    path, mtime and size plus the Python version and the SRE engine's magic
    number: editing the YAML or upgrading Python invalidates it. Any problem
    with the cache falls back to reading the YAML; the cache is only ever
    replaced atomically."""
    import marshal

    src = src or _rules_path()
    key = _cache_key(src)
    cache = _cache_file(src)
    if cache is not None:
        try:
            with open(cache, "rb") as fh:
                blob = marshal.loads(fh.read())  # marshal.load(file) reads in tiny pieces
            if isinstance(blob, dict) and blob.get("key") == key:
                sources, sre = blob["rules"], blob.get("sre") or {}
                return {k: _from_sre(sre.get(k), v, 0) for k, v in sources.items()}
        except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
            pass
    import yaml

    with open(src, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    sources = _compile_rules(data)
    compiled = {k: re.compile(v) for k, v in sources.items()}
    if cache is not None:
        try:
            sre = {k: a for k, a in ((k, _sre_args(v, 0)) for k, v in sources.items()) if a}
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            blob = marshal.dumps({"key": key, "rules": sources, "sre": sre})
            tmp = f"{cache}.{os.getpid()}.tmp"
            try:
                with open(tmp, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, cache)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except (OSError, ValueError):
            pass
    return compiled


class _Rules:
    def __init__(self, rx: dict[str, re.Pattern]):
        self.events = rx["events"]
        self.split = rx["split"]
        self.neg_after = rx["neg_after"]
        self.filler = rx["filler"]
        self.media = rx["media"]
        self.lead = rx["lead"]
        self.cue = rx["cue"]
        self.verb_cue = rx["verb_cue"]
        self.upload_use = rx["upload_use"]
        self.media_url = rx["media_url"]
        self.url = rx["url"]
        self.quotes = rx["quotes"]
        self.cjk = rx["cjk"]
        self.latin_word = rx["latin_word"]
        self.content = rx["content"]
        self.quote_char = rx["quote_char"]
        self.event_kinds = [(k[6:], p) for k, p in rx.items() if k.startswith("event.")]
        self.split_kinds = [(k[6:], p) for k, p in rx.items() if k.startswith("split.")]
        self.event_cache: dict[str, str] = {}
        self.split_cache: dict[str, str] = {}

    def kind(self, table: str, masked: str, m: re.Match) -> str:
        """Which kind of phrase `m` is: the first kind whose regex matches
        exactly this span (in priority order). Cached on the matched text:
        the scanning regex has already checked the context."""
        cache = self.event_cache if table == "e" else self.split_cache
        key = m.group()
        kind = cache.get(key)
        if kind is None:
            a, b = m.span()
            kind = ""
            for name, rx in (self.event_kinds if table == "e" else self.split_kinds):
                if rx.fullmatch(masked, a, b):
                    kind = name
                    break
            if len(cache) > 20000:
                cache.clear()
            cache[key] = kind
        return kind


_RULES: _Rules | None = None


def _rules() -> _Rules:
    global _RULES
    if _RULES is None:
        _RULES = _Rules(_load())
    return _RULES


def reload_rules(path: str | os.PathLike | None = None) -> None:
    """Re-read the rules (tests, or after editing router.yaml in a long process)."""
    global _RULES
    _RULES = _Rules(_load(os.fspath(path) if path else None))


# --------------------------------------------------------------------------
# Fixed patterns (not vocabulary)

# Fixed patterns (not vocabulary). Compiled with the rules and cached with
# them: compiling even these at import would cost the CLI several ms.
_FIXED = {
    "url": r"(?:https?://|www\.)[^\s<>\"'“”‘’（）()\[\]{}，。、；！？]+",
    "quotes": (r"\"[^\"\n]{1,500}\"|“[^”\n]{1,500}”|「[^」\n]{1,500}」|『[^』\n]{1,500}』"
               r"|《[^》\n]{1,500}》|‘[^’\n]{1,500}’|(?<![a-z0-9])'[^'\n]{1,300}'(?![a-z0-9])"),
    "cjk": r"[\u3400-\u9fff\uf900-\ufaff]",
    "latin_word": r"[a-z]+",
    "content": r"[^\W_]|§",
    "quote_char": r"[\"“「『《‘']",
}
_URL_TRAIL = ".,;:!?)]}>'\"”’。，；：！？"
_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}


def _lower(text: str) -> str:
    """Lower-case without changing the length (offsets must map back)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)
_RANK = {"w": 0, "s": 1, "r": 2}
_EDGE = " \t\r\n,，、;；:：.。!！?？-—~…"


def _language(masked: str, rules: _Rules) -> str:
    if masked.isascii() or not rules.cjk.search(masked):
        return "en"
    cjk = len(rules.cjk.findall(masked))
    latin = len(rules.latin_word.findall(masked))
    return "zh" if cjk >= latin else "en"


def _has_content(rules: _Rules, text: str, media: bool = False) -> bool:
    if not rules.content.search(text):
        return False
    text = rules.filler.sub(" ", text)
    if media:
        text = rules.media.sub(" ", text)
    return bool(rules.content.search(text))


def _mask(text: str, low: str, rules: _Rules) -> tuple[str, list[str]]:
    """Blank media URLs (returned, as written), make other URLs and quotes opaque.

    `low` is the lower-cased text (same length); the result is lower-cased."""
    masked = low.replace("’", "'") if "’" in low and "‘" not in low else low
    urls: list[str] = []
    if "://" in masked or "www." in masked:
        out, last = [], 0
        for m in rules.url.finditer(masked):
            a = m.start()
            url = text[a:m.end()].rstrip(_URL_TRAIL)
            b = a + len(url)
            path = masked[a:b].split("?", 1)[0].split("#", 1)[0]
            is_media = bool(rules.media_url.search(path))
            if is_media:
                urls.append(url if "://" in url else "https://" + url)
            out.append(masked[last:a])
            out.append((" " if is_media else _MASK) * (b - a))
            last = b
        out.append(masked[last:])
        masked = "".join(out)
    if rules.quote_char.search(masked):
        masked = rules.quotes.sub(lambda m: _MASK * len(m.group()), masked)
    return masked, urls


def _clauses(masked: str, rules: _Rules) -> list[tuple[int, int, str]]:
    """(start, end, boundary_before) for each non-empty clause; the boundary
    is "s" (strong), "w" (weak) or "r" (reverse: "A when you're done B")."""
    out: list[tuple[int, int, str]] = []
    last, kind = 0, "s"
    cache = rules.split_cache
    for m in rules.split.finditer(masked):
        seg = masked[last:m.start()]
        core = seg.strip()
        if core:
            a = last + seg.find(core)
            out.append((a, a + len(core), kind))
            kind = "w"
        sep = cache.get(m.group()) or rules.kind("s", masked, m) or "w"
        if _RANK[sep] > _RANK[kind]:
            kind = sep
        last = m.end()
    seg = masked[last:]
    core = seg.strip()
    if core:
        a = last + seg.find(core)
        out.append((a, a + len(core), kind))
    return out


def _classify(masked: str, a: int, b: int, rules: _Rules) -> tuple[str | None, bool, bool]:
    """(intent or None, has_content, topic_seen) for one clause."""
    intent = None
    topic = False
    use = False
    neg_end = -1
    cuts: list[tuple[int, int]] = []
    cache = rules.event_cache
    for m in rules.events.finditer(masked, a, b):
        kind = cache.get(m.group()) or rules.kind("e", masked, m)
        if kind == "x" or not kind:
            continue
        if kind == "u":
            cuts.append(m.span())
            continue
        if kind == "n":
            neg_end = m.end()
            cuts.append(m.span())
            continue
        if kind == "t":
            topic = True
            break
        negated = False
        if kind != "state_q":
            if neg_end >= 0:
                gap = masked[neg_end:m.start()]
                negated = len(gap) <= _NEG_SCOPE_CHARS and len(gap.split()) <= _NEG_SCOPE_WORDS
            if not negated and rules.neg_after.match(masked, m.end(), b):
                negated = True
        if negated:
            cuts.append(m.span())
            neg_end = m.end()
            continue
        intent = "state" if kind == "state_q" else kind
        cuts.append(m.span())
        use = intent == "upload" and bool(rules.upload_use.match(m.group()))
        break
    if topic:
        return intent, True, True
    if intent is not None and intent != "upload":
        return intent, False, False
    if cuts:
        pieces, last = [], a
        for ca, cb in cuts:
            pieces.append(masked[last:ca])
            last = cb
        pieces.append(masked[last:b])
        rest = " ".join(pieces)
    else:
        rest = masked[a:b]
    if intent == "upload":
        content = _has_content(rules, rest, media=True) and (use or bool(rules.verb_cue.search(rest)))
        return intent, content, False
    return intent, _has_content(rules, rest), False


def route(text: str, attachments: Sequence[str] = ()) -> Route:
    """Route one user message (plus any attached file paths) to a plan."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if isinstance(attachments, (str, bytes)):
        attachments = (attachments,)
    atts = tuple(a if isinstance(a, str) else os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else str(a)
                 for a in attachments if a) if attachments else ()
    rules = _rules()
    if len(text) > MAX_SCAN:
        # Nobody types a command that long: it is content for the agent (a
        # script, a pasted document). Route its opening for URLs, forward it
        # whole. Keeps any input, however adversarial, fast.
        _, urls = _mask(text[:MAX_SCAN], _lower(text[:MAX_SCAN]), rules)
        plan = ("upload", "chat") if (atts or urls) else ("chat",)
        return Route(plan, tuple(urls), atts, _language(_lower(text[:MAX_SCAN]), rules), text.strip())
    return _route_full(text, atts, rules)


def _route_full(text: str, atts: tuple[str, ...], rules: _Rules) -> Route:
    """route() without the length cap (tests drive it with adversarial text)."""
    masked, urls = _mask(text, _lower(text), rules)
    language = _language(masked, rules)
    has_media = bool(atts or urls)

    clauses = _clauses(masked, rules)
    if len(clauses) == 1 and not has_media:  # fast path: one clause, no files
        a, b, _ = clauses[0]
        intent, content, topic = _classify(masked, a, b, rules)
        if intent == "upload":
            if content:
                return Route(("upload", "chat"), urls, atts, language, text.strip())
            return Route(("upload",), urls, atts, language, None)
        if intent is not None:
            return Route((intent,), urls, atts, language, None)
        return Route(("chat",), urls, atts, language, text.strip())

    groups: list[list[tuple[str, int, int]]] = []  # per clause: (intent, start, end)
    prev_topic = False
    for a, b, boundary in clauses:
        if boundary == "w" and prev_topic and not rules.lead.match(masked, a, b):
            groups[-1].append(("chat", a, b))  # continuation of the topic: content
            continue
        intent, content, topic = _classify(masked, a, b, rules)
        prev_topic = topic
        if intent == "upload":
            group = [("upload", a, b)] + ([("chat", a, b)] if content else [])
        elif intent is not None:
            group = [(intent, a, b)]
        elif content and (not has_media or topic or rules.cue.search(masked, a, b)):
            group = [("chat", a, b)]
        else:
            group = [("", a, b)]  # neutral: filler, or only a cancelled intent
        if boundary == "r" and groups:
            groups.insert(len(groups) - 1, group)
        else:
            groups.append(group)
    steps = [step for group in groups for step in group]

    plan: list[str] = []
    for intent, _, _ in steps:
        if intent and (not plan or plan[-1] != intent):
            plan.append(intent)
    if has_media and "upload" not in plan:
        plan.insert(0, "upload")
    chat_text: str | None = None
    if not plan:
        plan = ["chat"]
        chat_text = text.strip()
    elif "chat" in plan:
        chat_text = _chat_text(text, steps, language)
    return Route(tuple(plan), tuple(urls), atts, language, chat_text)


def _chat_text(text: str, steps: list[tuple[str, int, int]], language: str) -> str:
    """The original wording of the clauses that are not local steps."""
    local = {(a, b) for i, a, b in steps if i in LOCAL_INTENTS and not any(
        j == "chat" and (a2, b2) == (a, b) for j, a2, b2 in steps)}
    runs: list[list[int]] = []
    prev_kept = False
    for intent, a, b in steps:
        keep = (a, b) not in local
        if keep and prev_kept and runs:
            runs[-1][1] = max(runs[-1][1], b)
        elif keep:
            runs.append([a, b])
        prev_kept = keep
    if not local:
        return text.strip()
    pieces = [text[a:b].strip(_EDGE) for a, b in runs]
    pieces = [p for p in pieces if p]
    joiner = "，" if language == "zh" else "; "
    return joiner.join(pieces) if pieces else text.strip()

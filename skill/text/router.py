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
   so intent words inside titles never count. Which URLs are media comes
   from `skill.core.formats.EXTENSIONS`.
2. **Split** into clauses on sequencing connectives. *Strong* ones (then,
   and then, after that, 然后, 再, 之后, ``;``, sentence ends) always split;
   *weak* ones (commas, "and") split too, but a weak-split clause that follows
   a topic ("a video about saving money and checking your balance") stays part
   of that topic unless it starts with a verb or an intent phrase. *Reverse*
   ones ("export when you're done adding the logo") put the clause after
   them first.
3. **Scan each clause** for phrases, leftmost first, each match with its
   kind: ``exclude`` (content that merely contains an intent word: "status
   bar", "end credits", 下载教程), ``neutral`` ("don't forget to"),
   ``dismiss`` ("forget the music", "never mind", 算了, 不要音乐了), ``topic``
   markers (about, explaining, titled, 关于, 标题 …: the rest of the clause is
   content), ``negate`` cues (don't, not, before, 先别, 不要 …) and the intent
   phrases; at one position the first phrase in that order wins. The first
   intent phrase that is not negated decides the clause. A negation cancels
   an intent phrase up to four words / 40 characters later, in the same
   clause; ``negate_after`` (导出之前) cancels the phrase before it. Progress
   questions (``state_q``: "is the video done yet?", 做好了吗) are never
   cancelled. A dismissal that opens the clause (after filler; a Chinese one
   may also end it: 音乐就算了) drops the clause: what it names is neither a
   step nor sent to the agent; an intent phrase right after it ("forget the
   export", only ``dismiss.gap`` words between) is dropped with it, one
   further on still decides the clause.
3b. **Typos** (a fallback). A clause with no intent whose words include a
   misspelled intent keyword ("exprot", "creditz", "timeine": router.yaml
   ``typo``; 1 edit for words of 5–6 letters, 2 for longer ones with the
   first letter right; never a word in ``typo.known``, the real words that
   close, nor a word capitalized inside a sentence, a name: "Rendell") is
   scanned again with the keyword in its place, so every rule above still
   applies ("a timelne of my life" stays content). One small regex finds
   the words of 5 to 13 letters; each word's answer is remembered, so a
   clause with none to correct pays that scan and a lookup a word.
4. **Residue.** A clause without an intent is a chat step when anything is
   left after removing negations, cancelled intent words and ``filler`` ("ok
   looks good", "not ready to", 可以了). When files or media URLs come with
   the message, such a clause must also *ask* for something (a verb or a
   question, ``chat_cue``), or it is just a caption ("my vacation clips").
   An upload clause with content beyond the files themselves ("use this clip
   as the intro") adds a chat step after the upload.
5. **Plan.** Clause steps in order, consecutive duplicates merged; an
   upload step is put first when files/URLs came but no clause placed it.
   Only dismissals ("nah, forget it", 算了): ``[state]``, the harmless
   read-only step (nothing is sent to the agent; the user sees where the
   project stands, or how the running work is doing). Nothing found:
   ``[chat]`` with the whole text (``[upload]`` when there are files and no
   text).
6. **Second reading** (`_second_reading`, `skill.text.speech_acts`). A
   message without files is read again by a learned model (trained on every
   labelled message whose misses were read, never on the never-read sets).
   In a plan with an export or a chat step, a step it is very sure was not
   asked is dropped ("got the download on my phone, plays fine": no render)
   and a message it is very sure asks nothing plans nothing
   (`_checked_steps`); then a plan it is sure of as a whole replaces the
   rules' ("ok the link opened fine on my phone": nothing), unless the plan
   holds a step it never learned or was emptied because the person took it
   back (`_whole_plan`). It judges only messages of a few words or more
   whose words it has read (a typo, "exprot", is the rules' alone); its
   thresholds are ``intents/speech_acts.yaml``.

Messages longer than ``MAX_SCAN`` characters are content (a pasted script),
routed as ``[chat]`` (after ``upload`` when files or URLs came with them).

``chat_text`` is the original wording of the chat clauses (the clauses that
went to a local step or were dismissed are cut out): "add subtitles, then send me the video"
→ "add subtitles". ``language`` is `skill.core.lang.detect` of the message with
quotes and URLs masked (a quoted Chinese title does not make it Chinese).

How the phrases are matched, cheaply to build and to run: every phrase
list (a "scanner") is split into *buckets* by the first two characters a
phrase can start with ("ex" → export, exporting, export button …; "导出").
A tiny *trigger* regex, shared by all scanners, finds where a phrase may
start (an ASCII word start, a non-ASCII character, a punctuation mark that
starts a phrase); there, only the bucket of the next two characters is
tried. A bucket is compiled the first time a message needs it, so
`video-skill route` compiles a few small regexes for its one message
instead of the whole rule set. A phrase is only in the buckets of the
characters it can start with (a leading "(?:a|b)" is split into its
branches), never copied per kind: a bucket's capturing groups say which
kind matched. A scanner used often (a long-running process) is promoted
to one regex over all its phrases, so scanning runs in C (`_promote`); it
finds the same matches (tests compare them). The rules that are one regex
each settle then too: each alternative opening with its literal character
(`_literal_first`), so `re` skips in C where none can start.

Only public `re` is used and nothing compiled is cached across processes.
What is cached is derived plain data (the phrases and bucket lists, as
JSON), keyed on the YAML's path, mtime and size, in
``$XDG_CACHE_HOME/video-skill`` (or ~/.cache), so the CLI does not import
YAML for every message; a stale or unreadable cache is simply rebuilt.

All patterns are linear-time (no unbounded repetition after a failing
prefix), so any input, including megabytes of adversarial text, routes
quickly.
"""
from __future__ import annotations

import functools
import os
import re
from collections import namedtuple  # already loaded by `re` (via functools): free
from collections.abc import Iterable, Iterator, Sequence

from skill.core.lang import detect as _detect
from skill.text.needs import held, needs, opening   # what a rule cannot match without (see _Unless, _Scanner._load)

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs the CLI time
    from typing import Any

CHAT = "chat"  # the step for whatever is not a local step: forwarded to the backend agent

_FORMAT = 61  # bump when _build changes its output (invalidates the JSON caches)
_NEG_SCOPE_CHARS = 40
_NEG_SCOPE_WORDS = 4
_MASK = "§"  # opaque content: quoted spans and non-media URLs
MAX_SCAN = 16_384  # longer messages are content, routed as chat (see route())
PROGRESS = "progress"  # the question intent whose route is flagged `asks_progress`
COST = "cost"          # a clause that asks what something costs: the credits step, flagged `asks`
ACTS = ("ack", "held", "dismissed", "condition")   # Route.act: why a plan is empty, or where it stops


class Route(namedtuple("Route", "plan urls attachments language chat_text asks act about")):
    """The router's answer: an immutable record.

    plan       the steps, in order; empty when there is nothing to do (`act` says why)
    asks       the question asked, when the message asks rather than requests: "progress"
               ("is it done yet?", "why is it so slow?": the answer starts with how the last
               request went) or "cost" ("how much does exporting cost?": the balance and prices)
    about      the step a question names, when it names one ("how much does exporting cost?": export)
    act        "ack" (thanks, okays), "held" (negated or left for later: "don't export yet"),
               "dismissed" ("never mind"), "condition" (the plan stops at what the skill can
               check: "check my balance and if it's fine, export"), or None

    A namedtuple, not a dataclass: importing dataclasses (and inspect) would
    cost `video-skill route` ~10 ms per run, and building a tuple is the
    cheapest record Python has (route() makes one per message)."""

    __slots__ = ()

    def __new__(cls, plan: Sequence[str], urls: Sequence[str] = (), attachments: Sequence[str] = (),
                language: str = "en", chat_text: str | None = None, asks: str | None = None,
                act: str | None = None, about: str | None = None) -> "Route":
        return tuple.__new__(cls, (tuple(plan), tuple(urls), tuple(attachments), language, chat_text, asks, act,
                                   about))

    @property
    def asks_progress(self) -> bool:
        return self.asks == "progress"

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": list(self.plan),
            "urls": list(self.urls),
            "attachments": list(self.attachments),
            "language": self.language,
            "chat_text": self.chat_text,
            "asks": self.asks,
            "asks_progress": self.asks_progress,
            "act": self.act,
            "about": self.about,
        }


# --------------------------------------------------------------------------
# Rules: YAML -> buckets of pattern sources (cached as JSON) -> lazily compiled


def _rules_path() -> str:
    from skill.core.datafiles import intents_file   # without pathlib on the CLI's hot path

    return intents_file("router.yaml")


def intents() -> frozenset[str]:
    """The steps a route can plan: every intent's step in intents/router.yaml, and chat."""
    return frozenset(_rules().step_of.values()) | {CHAT}


def rules_path() -> str:
    """Where the router's rules live (intents/router.yaml)."""
    return _rules_path()


@functools.lru_cache(maxsize=1)   # asked for every message routed: found once (a stat and a few joins)
def speech_acts_path() -> str:
    """The learned second reading's weights (intents/speech_acts.bin, beside the shipped router.yaml
    even when a test reloads the rules from elsewhere)."""
    return os.path.join(os.path.dirname(_rules_path()), "speech_acts.bin")


class RuleError(ValueError):
    """A phrase in router.yaml the engine cannot use (says which one)."""


# A phrase's possible starts: strings of up to two known characters; a
# trailing "\0" means "then any character", a leading one "could start with
# anything" (rejected). "" means the phrase could match nothing (rejected).
_ANY = "\0"


def _cut(s: str) -> str:
    known, sep, _ = s.partition(_ANY)
    if len(known) >= 2:
        return known[:2]
    return known + _ANY if sep else known


def _cat(left: set[str], right: set[str]) -> set[str]:
    out = set()
    for a in left:
        if a.endswith(_ANY) or len(a) >= 2:
            out.add(a)
        else:
            out.update(_cut(a + b) for b in right)
    return out


_ESC_CHARS = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
# What \s matches in a str pattern: exactly the characters for which str.isspace() is true.
_SPACES = ("\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
           "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


class _Starts:
    """The possible first two characters of a regex (the subset router.yaml uses:
    literals, escapes, classes, (?:…) groups, lookarounds, quantifiers)."""

    def __init__(self, src: str):
        self.s, self.i = src, 0

    def run(self) -> set[str]:
        out = self.alt()
        if self.i != len(self.s):
            raise RuleError("unbalanced ')'")
        return out

    def alt(self) -> set[str]:
        out = self.seq()
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            out |= self.seq()
        return out

    def seq(self) -> set[str]:
        acc = {""}
        s = self.s
        while self.i < len(s) and s[self.i] not in "|)":
            if all(len(p) >= 2 or p.endswith(_ANY) for p in acc):
                self.skip()  # the first two characters are settled: the rest does not matter
                break
            item = self.atom()
            lo, hi = self.quant()
            if hi == 0:
                continue
            if (lo, hi) != (1, 1):  # repeated: what follows the first occurrence is open
                item = {p if (p.endswith(_ANY) or len(p) >= 2 or not p) else p + _ANY for p in item}
                if lo == 0:
                    item.add("")
            acc = _cat(acc, item)
        return acc

    def skip(self) -> None:
        """Move to the end of this alternative (the next top-level "|" or ")")."""
        self.i = next((i for i, ch in _top_level(self.s, self.i) if ch in "|)"), len(self.s))

    def quant(self) -> tuple[int, float]:
        s, i = self.s, self.i
        if i >= len(s):
            return 1, 1
        c = s[i]
        if c in "?*+":
            lo, hi = {"?": (0, 1), "*": (0, float("inf")), "+": (1, float("inf"))}[c]
            i += 1
        elif c == "{" and re.match(r"\{\d*,?\d*\}", s[i:]):
            j = s.index("}", i)
            body = s[i + 1:j]
            a, comma, b = body.partition(",")
            lo = int(a or 0)
            hi = float(b) if b else (float("inf") if comma else lo)
            i = j + 1
        else:
            return 1, 1
        if i < len(s) and s[i] in "?+":  # lazy / possessive
            i += 1
        self.i = i
        return lo, hi

    def atom(self) -> set[str]:
        s, i = self.s, self.i
        c = s[i]
        if c == "(":
            if s.startswith("(?:", i):
                self.i = i + 3
                zero = False
            elif s.startswith(("(?=", "(?!"), i):
                self.i, zero = i + 3, True
            elif s.startswith(("(?<=", "(?<!"), i):
                self.i, zero = i + 4, True
            else:
                raise RuleError("only (?:…) groups and look-arounds are allowed, no capturing groups")
            out = self.alt()
            if self.i >= len(s) or s[self.i] != ")":
                raise RuleError("unbalanced '('")
            self.i += 1
            return {""} if zero else out
        if c == "[":
            return self.klass()
        if c == "\\":
            self.i = i + 2
            e = s[i + 1:i + 2]
            if e in ("b", "B", "A", "Z"):
                return {""}
            if e == "s":
                return set(_SPACES)
            if e in ("S", "w", "W", "d", "D") or e.isdigit():
                return {_ANY}
            if e in ("x", "u", "U"):
                n = {"x": 2, "u": 4, "U": 8}[e]
                self.i = i + 2 + n
                return {chr(int(s[i + 2:i + 2 + n], 16))}
            return {_ESC_CHARS.get(e, e)}
        self.i = i + 1
        if c in "^$":
            return {""}
        if c == ".":
            return {_ANY}
        if c in "*+?{":
            raise RuleError("nothing to repeat")
        return {c}

    def klass(self) -> set[str]:
        s = self.s
        i = self.i + 1
        negated = i < len(s) and s[i] == "^"
        if negated:
            i += 1
        chars: set[str] = set()
        is_open = negated
        first = True
        while i < len(s) and (s[i] != "]" or first):
            first = False
            c = s[i]
            if c == "\\":
                e = s[i + 1]
                i += 2
                if e == "s":
                    chars.update(_SPACES)
                    continue
                if e in "SwWdD":
                    is_open = True
                    continue
                if e in ("x", "u", "U"):
                    n = {"x": 2, "u": 4, "U": 8}[e]
                    c = chr(int(s[i:i + n], 16))
                    i += n
                else:
                    c = _ESC_CHARS.get(e, e)
            else:
                i += 1
            if i + 1 < len(s) and s[i] == "-" and s[i + 1] != "]":
                hi = s[i + 1]
                i += 2
                if hi == "\\":
                    hi = s[i]
                    i += 1
                if ord(hi) - ord(c) > 256:
                    is_open = True
                else:
                    chars.update(chr(x) for x in range(ord(c), ord(hi) + 1))
            else:
                chars.add(c)
        if i >= len(s):
            raise RuleError("unclosed '['")
        self.i = i + 1
        return {_ANY} if is_open else chars


def _keys(frag: str) -> set[str]:
    """The bucket keys of a phrase: its possible first two characters, or
    the first one alone when the second is open."""
    keys = set()
    for p in _Starts(frag).run():
        if not p or p.startswith(_ANY):
            raise RuleError("a phrase must start with a known character (a literal or a [class]), "
                            "and must not match an empty text")
        keys.add(p.rstrip(_ANY))
    return keys


_WORD_START = "(?<![a-z0-9_])"   # "class_recap.mp4" has no word "recap"
# The same test made once the phrase's first character is matched. A regex whose every
# alternative opens with a literal character lets `re` skip, in C, the positions where no phrase
# can start (its charset prefix); a look-behind in front would hide those characters from it.
_WORD_START_AFTER_FIRST = "(?<![a-z0-9_].)"
_ASCII_WORD_START = r"(?a:\b)"   # before a word character: _WORD_START (an ASCII word's edge)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_FEW_FIRST_LETTERS = 12
_WORD_END = "(?![a-z0-9_'])"


_SPACE_CLASS = "[ \\t\\u3000]"
_SEPARATOR_KINDS = ("strong", "reverse", "weak", "spaces", "dictated")   # router.yaml `separators`


def _at_a_space(pattern: str) -> str:
    """`pattern` (router.yaml `separators.spaces`), checked to match a space right after its look-behinds:
    `_clauses` tries these only on a message with a space in it."""
    rest = str(pattern)
    while rest.startswith(("(?<=", "(?<!")):
        end = _group_end(rest)
        rest = rest[end + 1:] if end > 0 else ""
    if not rest.startswith(_SPACE_CLASS):
        raise RuleError(f"router.yaml separators.spaces {str(pattern)!r} must match {_SPACE_CLASS} after its look-behinds"
                        " (a break with no space belongs under separators.dictated)")
    return str(pattern)


def _group_end(frag: str) -> int:
    """Index of the ")" closing the group that opens frag, or -1."""
    return next((i for i, ch in _top_level(frag, 1) if ch == ")"), -1)


# What a regex's structure is made of: an escape, a [class] (a "]" or "^]" first is a character of
# it), a parenthesis, a bar. Everything else is a character that does not matter to `_top_level`.
_STRUCTURE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.S)


def _top_level(s: str, i: int = 0) -> Iterator[tuple[int, str]]:
    """(position, character) of each "|" and ")" of s from i that is outside escapes, [classes]
    and (groups): a ")" among them closes the group that s[i:] is in. Found by one regex, in C:
    promoting a scanner walks its phrases' structure many times."""
    depth = 0
    for m in _STRUCTURE.finditer(s, i):
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth == 0 and ch in "|)":
            yield m.start(), ch


def _split_top(inner: str) -> list[str]:
    """inner split at its top-level "|" (not inside [...] or (...))."""
    out, start = [], 0
    for i, ch in _top_level(inner):
        if ch == "|":
            out.append(inner[start:i])
            start = i + 1
    out.append(inner[start:])
    return out


def _class_chars(frag: str) -> list[str] | None:
    """The characters of the small plain class that opens frag ("[,，、]…"), or
    None: a range, a class escape (\\s), a repeat after it, or over 16 characters."""
    j = frag.find("]", 1)
    body, rest = frag[1:j], frag[j + 1:]
    if j < 0 or (rest[:1] and rest[0] in "?*+{"):
        return None
    chars, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            e = body[i + 1:i + 2]
            if e in ("n", "t"):
                c = _ESC_CHARS[e]
            elif not e or e.isalnum():
                return None
            else:
                c = e
            i += 2
        elif c in "-[":
            return None
        else:
            i += 1
        chars.append(c)
    return chars if 0 < len(chars) <= 16 else None


def _expand(frag: str) -> list[str]:
    """Distribute a leading group: "(?:a|b)s? c" -> ["as? c", "bs? c"] and
    "(?:a|b)?c" -> ["ac", "bc", "c"] (the same matches, tried in the same
    order), so that each bucket gets only the branches that can start with
    its key. A leading look-behind stays in front of every branch; a small
    leading class of plain characters becomes one branch per character
    ("[,，、]x" -> ",x", "，x", "、x": a non-ASCII class costs `re` a 64K table). A phrase written
    "a|b" is its branches, in order: filed under a's first characters alone, b would match only
    where a could start, and differently once the scanner is promoted."""
    branches = _split_top(frag)
    if len(branches) > 1:
        return [x for branch in branches for x in _expand(branch)]
    if frag.startswith("[") and not frag.startswith(("[^", "[]")):
        chars = _class_chars(frag)
        if chars is None:
            return [frag]
        rest = frag[frag.index("]") + 1:]
        return [x for c in dict.fromkeys(chars) for x in _expand(re.escape(c) + rest)]
    if frag.startswith(("(?<!", "(?<=")):
        j = _group_end(frag)
        if j < 0:
            return [frag]
        return [frag[:j + 1] + x for x in _expand(frag[j + 1:])]
    if not frag.startswith("(?:"):
        return [frag]
    j = _group_end(frag)
    if j < 0:
        return [frag]
    alts, rest = _split_top(frag[3:j]), frag[j + 1:]
    optional = rest[:1] == "?" and rest[1:2] not in ("?", "+")
    if optional:
        rest = rest[1:]
    elif rest[:1] and rest[0] in "?*+{":
        return [frag]
    out = [x for alt in alts for x in _expand(alt + rest)]
    return out + _expand(rest) if optional else out


def _literal_first(pattern: str) -> str:
    """`pattern` with each of its alternatives opening with a literal character, when they all can
    ("\\bor not|(?<!还没.)呢|(?:没有|没得)" -> "o(?<!\\w.)r not|呢(?<!(?:还没.)呢)|没(?:有|得)"): `re` then
    skips, in C, every place where no alternative can start, instead of trying each one there
    (a question tag searched over an English clause: 2.4 → 0.3 µs). The same matches, tried in the
    same order. The pattern as it is when an alternative opens otherwise, when it has groups to
    number, or when most letters open one. Compiling the result costs more (up to a few ms for
    the copies of a Chinese class): used once a process is busy (`_Rules.settle`)."""
    if pattern.startswith("(?:") and len(_split_top(pattern)) == 1:
        # one group and what follows it ("(?:吗|or not)\\s*$"): only the group is rewritten, so the
        # rest is not copied into each of its alternatives (`re` looks into the group for them)
        end = _group_end(pattern)
        if end > 0 and pattern[end + 1:end + 2] not in _QUANTIFIERS:
            inner = pattern[3:end]
            fast_inner = _literal_first(inner)
            return pattern if fast_inner == inner else f"(?:{fast_inner}){pattern[end + 1:]}"
    try:
        by_first: dict[str, list[str]] = {}   # two openings never match at one place: grouped, in order
        for alt in _split_top(pattern):
            for frag in _expand(alt):
                # a word boundary first: tested once the character after it is matched
                word_start = frag.startswith("\\b")
                for branch in _expand(frag[2:]) if word_start else (frag,):
                    opened = _opened_by_literal(branch, word_start)
                    if opened is None:
                        return pattern
                    by_first.setdefault(opened[0], []).append(opened[1])
    except (re.error, RuleError, IndexError, ValueError):
        return pattern
    if sum(c in _WORD_CHARS for c in by_first) > _FEW_FIRST_LETTERS:
        return pattern   # most letters open one: a word start tested first rejects more places (_build_whole)
    fast = "|".join(re.escape(c) + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})")
                    for c, rests in by_first.items())
    try:   # compiled once here, `re` keeps it for the caller's compile
        return pattern if re.compile(fast).groups else fast   # a group copied would number differently
    except re.error:
        return pattern


def _busy_form(pattern: str) -> str:
    """The form of a plain rule a busy process searches: literal-first (`_literal_first`) when it can
    be; else, when its alternatives open with look-arounds or optional words, behind a look-ahead
    of the characters a match can open with (`needs.opening`), so `re` skips in C the places none
    can start. The same matches."""
    fast = _literal_first(pattern)
    if fast != pattern or pattern[:1] not in ("(", "\\") or pattern.startswith("(?="):
        return fast     # rewritten, or it opens with a character `re` already scans for, or a look-ahead
    opens = opening(pattern)
    if opens is None:
        return pattern
    guarded = f"(?=[{opens}])(?:{pattern})"
    try:
        re.compile(guarded)
    except re.error:    # global flags, which must open a pattern
        return pattern
    return guarded


def _opened_by_literal(frag: str, word_start: bool) -> tuple[str, str] | None:
    """`frag` as (its first character, the rest: look-behinds moved after that character, and
    a word start when `word_start`); None when it does not open with one plain character."""
    i = 0
    while frag.startswith(("(?<!", "(?<="), i):   # look-behinds: the first character is after them
        end = _group_end(frag[i:])
        if end < 0:
            return None
        i += end + 1
    c = frag[i:i + 1]
    if c == "\\":
        c = frag[i + 1:i + 2]
        if not c or c.isalnum() or c == "_":   # a class (\s, \w), an anchor, a code: not one character
            return None
    elif not c or c in _META:
        return None
    if word_start and i:
        return None
    rest = _strip_first(frag, c)
    if rest is None:
        return None
    # \b: a word character is not after a word character ("or"), any other is ("'d like")
    edge = "" if not word_start else "(?<!\\w.)" if c.isalnum() or c == "_" else "(?<=\\w.)"
    return c, edge + rest


# A word of so many characters before white space ("(?:[\w'-]{1,12} ){0,3}", a gap of a few words;
# "[a-z'-]{0,14} "): made possessive, which cannot change what matches (the class never matches
# white space, so a shorter word is never followed by it) but spares `re` retrying every shorter
# word at each place where the phrase fails. A class with white space or a negated one is left.
_POSSESSIVE_WORD = re.compile(r"(\[(?!\^)(?:[^\]\\]|\\.)+\]|\\w)\{\d+,\d+\}(?=\\s\+)")


def _possessive_words(frag: str) -> str:
    return _POSSESSIVE_WORD.sub(lambda m: m.group() if re.search(m.group(1), _SPACES) else m.group() + "+", frag)


def _scanner(sections: Sequence[tuple[str, dict | None]], kinds: bool = True) -> dict:
    """Rule sections [(kind, {en: [...], zh: [...], punct: [...]})] -> a scanner spec
    (plain data): {"f": [[part, kind, regex], ...], "b": {key: [index into f, ...]},
    "k": kinds wanted}.

    English phrases match at ASCII word starts and end at a word end; Chinese
    ones start at a non-ASCII character; punctuation ones anywhere. A literal
    space is one or more whitespace characters in English, optional in Chinese.
    A bucket lists its phrases in rule order: at one position the first
    phrase that matches wins, as in one big alternation."""
    frags: list[list[str]] = []
    one: dict[str, list[int]] = {}  # first char -> phrases whose second char is open
    two: dict[str, list[int]] = {}
    for kind, section in sections:
        for part in ("en", "zh", "punct"):
            for raw in (section or {}).get(part) or ():
                frag = str(raw)
                if any(ord(ch) < 32 for ch in frag):   # "\b" in a double-quoted YAML string is a backspace
                    raise RuleError(f"router.yaml phrase {frag!r} ({part}) holds a control character:"
                                    " write \\b in double quotes, or use single quotes")
                if part == "en":
                    frag = _possessive_words(frag.replace(" ", r"\s+"))
                elif part == "zh":
                    frag = frag.replace(" ", r"\s*")
                try:
                    alts = [(alt, _keys(alt)) for alt in _expand(frag)]
                except (RuleError, IndexError, ValueError) as err:
                    raise RuleError(f"router.yaml phrase {str(raw)!r} ({part}): {err}") from None
                for alt, keys in alts:
                    if part == "zh" and keys and all(key[0].isascii() for key in keys):
                        # it would never match (a Chinese phrase starts at a Chinese character): say so
                        raise RuleError(f"router.yaml phrase {str(raw)!r} (zh) starts with an ASCII character:"
                                        " put it under en")
                    index = len(frags)
                    frags.append([part, kind if kinds else "", alt])
                    for key in keys:
                        c = key[0]
                        if (part == "en" and not ("a" <= c <= "z" or "0" <= c <= "9")) \
                                or (part == "zh" and c.isascii()):
                            continue  # could never match there (see the docstring)
                        bucket = (two if len(key) == 2 else one).setdefault(key, [])
                        if not bucket or bucket[-1] != index:
                            bucket.append(index)
    buckets: dict[str, list[int]] = dict(one)
    for key, items in two.items():  # phrases open after key[0] belong here too, in rule order
        buckets[key] = sorted(set(items) | set(one.get(key[0], ())))

    # What every phrase of a big bucket needs, together (see `_Scanner._load`), as one string joined by
    # _NEEDS_SEP, kept once in a table: the cache is read by every process, and small buckets compile
    # in less time than their needs would take to read. Left out when one phrase needs nothing.
    table: dict[str, int] = {}
    bucket_needs: dict[str, int] = {}
    of: dict[int, frozenset[str] | None] = {}   # a phrase is in many buckets: its needs found once
    for key, items in buckets.items():
        if sum(len(frags[i][2]) for i in items) < _NEEDS_WORTH:
            continue
        found: set[str] = set()
        for i in items:
            if i not in of:
                of[i] = needs(frags[i][2])
            if of[i] is None:
                break   # one phrase needs nothing: so does the bucket
            found |= of[i]
        else:
            bucket_needs[key] = table.setdefault(_NEEDS_SEP.join(sorted(found)), len(table))
    return {"f": frags, "b": buckets, "k": kinds, "n": bucket_needs, "nt": list(table)}


_NEEDS_WORTH = 100   # characters of regex in a bucket: a smaller one compiles in less time than its needs take to read
_NEEDS_SEP = "\x1f"


# Sections of router.yaml that are plain lists of phrases, each its own scanner of that name.
# router.yaml keys that are one plain regex each, and word lists read as sets: declared once here,
# for `_build` (copied into the specs) and `_Rules` (compiled on first use).
_PLAIN_REGEXES = ("names_export", "again", "media_role", "step_next", "object_next", "question_ahead", "joined",
                  "would_be_great", "polite_frame", "passive_before", "first_of_all", "own_premise", "what_if_asked", "complement_zh",
                  "owned", "then_next", "edit_verb_zh", "dismissal_names_export_zh", "export_named",
                  "export_named_after", "instead_of", "goes_first", "not_yet_reply",
                  "step_at_end_zh", "run_on_en", "run_on_back", "keeps_only", "export_participle_after", "taken_back_words", "defer_cue",
                  "export_participle", "export_asked_before", "caps_after", "export_perfect",
                  "export_named_zh", "export_earlier_zh", "export_asked_before_zh",
                  "asks_true", "self_says", "polite_if", "first_use", "quoted_after", "quoted_until", "done_then", "negated_before",
                  "asks_at_end", "asks_within", "others_named", "waits_on_person", "names_thing", "states", "sequence",
                  "contrast", "condition_goes_on",
                  "after_done", "relayed", "named_first", "asks_by_degree", "asks_where", "asks_how_once_done",
                  "asks_to_be_told")
_WORD_SETS = ("not_someone", "wishes", "others_done", "weak_ack", "own_doing", "export_nouns", "export_words_zh",
              "not_before_a_step")
_WORD_TUPLES = ("opening_if", "run_on_objects", "run_on_steps", "run_on_after_a_step")   # read in order (startswith)
_WORD_LISTS = ("lead_words", "upload_use", "edit_words", "context", "correction", "send_only", "upload_verbs",
               "upload_present", "confirm", "request_open", "done_before", "not_yet", "wait_for", "hand_over",
               "topic_goes_on", "others_say", "greetings", "asks_about", "asks_after", "export_done", "just_asking",
               "asks_can", "reported", "asks_what_it_does", "asks_as_well", "asks_now")
# The other router.yaml sections, each read by `_build` in its own way. A key in none of these tuples
# is named when the rules load: it used to be read by nothing, a rule that silently never applied.
_SECTIONS = ("version", "separators", "neutral", "dismiss", "negate", "defer", "later", "exclude", "topic",
             "intents", "acts", "chat_cue", "question_cue", "defer_after", "later_after", "filler", "words",
             "someone_says", "praise", "same_thing", "typo", "traditional", "dialect_words",
             "clitics", "cantonese")
_ACTS = (("k", "cost"), ("K", "cost_asked"), ("s", "slow"), ("S", "slow_asked"), ("c", "condition"), ("a", "ack"),
         ("o", "others"))   # acts scanner kinds ("o": consumed and ignored)


_WORD_CLASS = re.compile(r"<([a-z_]+)>")


def _with_word_classes(data: Any, classes: dict[str, str]) -> Any:
    """`data` with each <name> of router.yaml `words` in its phrases replaced by the group of that
    class's words ("<people>": (?:boss|client|…)), so one list serves every section that needs it."""
    if isinstance(data, str):
        return _WORD_CLASS.sub(lambda m: classes.get(m.group(1), m.group()), data)
    if isinstance(data, list):
        return [_with_word_classes(item, classes) for item in data]
    if isinstance(data, dict):
        return {key: _with_word_classes(value, classes) for key, value in data.items()}
    return data


def _build(data: dict) -> dict[str, Any]:
    """YAML data -> scanner specs and their trigger (plain data: cacheable as JSON)."""
    unread = sorted(set(data) - {*_SECTIONS, *_PLAIN_REGEXES, *_WORD_SETS, *_WORD_TUPLES, *_WORD_LISTS})
    if unread:   # a new key not declared (or a misspelt one) would be read by nothing
        raise RuleError(f"router.yaml: unknown section {', '.join(map(repr, unread))}: declare it in"
                        " skill/text/router.py (_PLAIN_REGEXES, _WORD_SETS, _WORD_TUPLES, _WORD_LISTS) or fix its name")
    words = data.get("words") or {}
    if words:
        data = _with_word_classes(data, {name: "(?:" + "|".join(map(str, alts)) + ")"
                                         for name, alts in words.items() if alts})
    intents = data.get("intents") or {}
    acts = data.get("acts") or {}
    checks = acts.get("checks") or {}
    seps = data.get("separators") or {}
    unknown = sorted(set(seps) - set(_SEPARATOR_KINDS))
    if unknown:   # a misspelt kind would be read as no separators at all
        raise RuleError(f"router.yaml separators: unknown {', '.join(map(repr, unknown))}"
                        f" (known: {', '.join(_SEPARATOR_KINDS)})")
    filler = data.get("filler") or {}
    specs = {
        "events": _scanner([("x", data.get("exclude")), ("u", data.get("neutral")),
                            ("d", _langs(data.get("dismiss"))), ("t", data.get("topic")),
                            ("n", data.get("negate")), ("f", data.get("defer")), ("l", data.get("later"))]
                           + [(name, _langs(entry)) for name, entry in intents.items()]),
        "split": _scanner([("s", seps.get("strong")), ("r", seps.get("reverse")), ("w", seps.get("weak"))]),
        "cue": _scanner([("v", data.get("chat_cue")), ("q", data.get("question_cue"))]),
        "after": _scanner([("f", data.get("defer_after")), ("l", data.get("later_after"))]),
        "acts": _scanner([(kind, acts.get(name)) for kind, name in _ACTS]),
        "question_open": _scanner([("", acts.get("question_open"))], kinds=False),
        "checks": _scanner([(kind, checks.get(name)) for kind, name in (("C", "credits"), ("P", "progress"))]),
        "filler": _scanner([("", {"en": filler.get("en"), "zh": filler.get("zh")})], kinds=False),
        "media": _scanner([("", filler.get("media"))], kinds=False),
        **{name: _scanner([("", data.get(name))], kinds=False) for name in _WORD_LISTS},
    }
    # Where any phrase can start: an ASCII word start, a non-ASCII character,
    # or one of the ASCII punctuation characters a phrase starts with. One
    # small regex for all scanners; a bucket lookup sorts out the rest.
    punct = sorted({k[0] for spec in specs.values() for k in spec["b"]
                    if k[0].isascii() and not ("a" <= k[0] <= "z" or "0" <= k[0] <= "9")})
    trigger = rf"{_WORD_START}[a-z0-9]|[^\x00-\x7f]"
    if punct:
        trigger += "|[" + "".join(re.escape(c) for c in punct) + "]"
    dismiss = data.get("dismiss") or {}
    typo = data.get("typo") or {}
    pairs = [p for p in str(data.get("traditional") or "").split() if len(p) == 2]
    praise = data.get("praise") or {}
    plain = {
        # a whole clause that approves of the work ("the cut is locked", 音乐很好听): one plain regex
        "praise": "|".join(f"(?:{p})" for lang in ("en", "zh") for p in praise.get(lang) or ()),
        # a space that ends a Chinese sentence, a break in dictated text (see `_clauses`): plain regexes
        # every one matches a space first (_at_a_space): tested once, a place that is no space is
        # passed over with one test instead of each one's look-behinds (20 -> 4.7 us a Chinese text)
        "spaces": f"(?={_SPACE_CLASS})(?:" + "|".join(f"(?:{_at_a_space(p)})" for p in seps["spaces"]) + ")"
                  if seps.get("spaces") else "",
        "dictated": "|".join(f"(?:{p})" for p in seps.get("dictated") or ()),
        # who speaks in a clause (see `_others_say`, `_self_says`): plain regexes and word lists
        "someone_says": "|".join(str(p) for p in data.get("someone_says") or ()),
        **{name: str(data.get(name) or "") for name in _PLAIN_REGEXES},
    }
    run_on = [needs(plain[name], ahead=True) for name in ("run_on_en", "run_on_back")]
    return {"trigger": trigger, **specs, **plain,
            # what a plain rule cannot match without (see `_Unless`)
            "needs": {name: sorted(found) for name, pattern in plain.items()
                      if pattern and (found := needs(pattern)) is not None},
            # the run-on patterns are all look-ahead: what it must see, for one look over the message
            "run_on_needs": None if None in run_on else sorted(set().union(*run_on)),
            **{name: [str(w) for w in data.get(name) or ()]
               for name in (*_WORD_SETS, *_WORD_TUPLES)},
            "traditional": "".join(p[0] for p in pairs) + "|" + "".join(p[1] for p in pairs),
            # Cantonese words read as their Mandarin ones, dialect words as the standard English ones
            "cantonese": _same_length("cantonese", data.get("cantonese")),
            "dialect_words": _same_length("dialect_words", data.get("dialect_words"), lower=True),
            "clitics": _same_length("clitics", data.get("clitics"), lower=True),
            "intents": {name: {"step": str((entry or {}).get("step") or name),
                               "question": bool((entry or {}).get("question"))}
                        for name, entry in intents.items()},
            "dismiss_gap": [str(w).lower() for w in dismiss.get("gap") or ()],
            "same_thing": [[str(w).lower() for w in group] for group in data.get("same_thing") or ()],
            "typo": {"words": [str(w).lower() for words in (typo.get("words") or {}).values() for w in words or ()],
                     "known": [str(w).lower() for w in typo.get("known") or ()]}}


def _same_length(section: str, mapping: dict | None, lower: bool = False) -> list[list[str]]:
    """The pairs of a word map, each side the same length: a message is read with each word
    replaced in place, so every position still points at the user's own text. A pair that is not
    is named (it used to be left out without a word, a rule that silently never applied)."""
    pairs = [(str(k), str(v)) for k, v in (mapping or {}).items()]
    for k, v in pairs:
        if len(k) != len(v):
            raise RuleError(f"router.yaml {section}: {k!r} -> {v!r} must keep the length ({len(k)} -> {len(v)} "
                            "characters): pad the shorter side with spaces, e.g. tae: 'to '")
    return [[k.lower(), v.lower()] if lower else [k, v] for k, v in pairs]


def _longest_first(words: Iterable[str]) -> str:
    """The words as one regex alternation, longer ones first (so 唔使 wins over 唔)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _langs(section: dict | None) -> dict:
    """The phrase lists of a section (en, zh, punct), without its other keys."""
    return {k: v for k, v in (section or {}).items() if k in ("en", "zh", "punct")}


# A regex that never matches, for a rule with nothing in it: it opens with a character no text
# holds, so a search is one fast scan for it (a look-ahead first, as in "(?!x)x", is tried at
# every place of the text).
_NEVER = "\\x00(?!)"
_HOT = 64  # a scanner used this often is in a long-running process: see _Scanner._promote
_CONTEXT = ("(?=", "(?!", "(?<", "$", "^", "\\b", "\\B", "\\A", "\\Z")  # what a phrase may look at beyond its text


def _strip_first(frag: str, c: str) -> str | None:
    """The rest of `frag` after its first character, given that it is `c`:
    "export(?:ing)?" -> "xport(?:ing)?", "[;；]" -> "", "(?<![够能])再" -> "(?<!(?:[够能])再)".
    None when the first item is repeated or a group (the caller then does without)."""
    if frag.startswith(("(?<!", "(?<=")):
        i = _group_end(frag)
        rest = _strip_first(frag[i + 1:], c) if i > 0 else None
        if rest is None:
            return None
        return f"{frag[:4]}(?:{frag[4:i]}){re.escape(c)})" + rest  # the look-behind now ends after c
    if frag.startswith("["):
        i = 1 + (frag[1:2] == "^")
        i += frag[i:i + 1] == "]"
        while i < len(frag) and frag[i] != "]":
            i += 2 if frag[i] == "\\" else 1
        end = i + 1
    elif frag.startswith("\\"):
        end = 2 + {"x": 2, "u": 4, "U": 8}.get(frag[1:2], 0)
    elif frag[:1] and frag[0] not in "()|.^$*+?{":
        end = 1
    else:
        return None
    if frag[end:end + 1] and frag[end] in "?*+{":
        return None
    return frag[end:]


_META = frozenset("()|.^$*+?{}[]\\")
_QUANTIFIERS = ("?", "*", "+", "{")


def _lead(frag: str) -> tuple[str, str] | None:
    """(key, rest) when `frag` opens with an item that matches one way only and that no item with
    another key can match at the same place: a plain character ("e"), an escaped punctuation
    character ("\\'", key "'"), or white space before a plain character ("\\s+w", key " w").
    None otherwise (a group, a class, a quantified item, an alternation at the top)."""
    ch = frag[:1]
    if not ch or any(c == "|" for _i, c in _top_level(frag)):
        return None
    if ch == "\\" and frag[1:3] == "s+":
        rest = frag[3:]
        if not rest or rest[0] in _QUANTIFIERS or rest[0] == "|":
            return None
        firsts = _firsts(rest)
        if firsts is None or not firsts.isdisjoint(_WHITE):
            return None   # the rest could take some of the white space: \s+ must not be shared
        return " ", rest
    if ch == "\\":
        ch, end = frag[1:2], 2
        if not ch or ch.isalnum() or ch == "_":
            return None
    elif ch in _META:
        return None
    else:
        end = 1
    if ch.isspace() or frag[end:end + 1] in _QUANTIFIERS:
        return None
    return ch, frag[end:]


@functools.lru_cache(maxsize=8192)   # a scanner's ASCII twin and whole regex read the same phrases
def _firsts(frag: str) -> frozenset[str] | None:
    """The characters a match of `frag` can open with; None when it could open with any (or be empty)."""
    if frag[:1] and frag[0] not in _META and frag[1:2] not in _QUANTIFIERS:
        return frozenset(frag[0])   # a plain character first: no need to read the rest
    try:
        return frozenset(key[0] for key in _keys(frag))   # the bucket keys' first characters
    except (RuleError, IndexError, ValueError):
        return None


_WHITE = frozenset(_SPACES)


def _dispatch(items: list[str]) -> str:
    """One alternation for `items` (the rest of each phrase), sharing the characters the phrases
    open with ("re(?:nder|play)" for "render", "replay"), so that `re` tries only the phrases whose
    opening fits the text instead of each in turn. At one place the first phrase that matches wins,
    so a phrase joins the group of its opening only when no phrase between them can match where it
    does (their first characters differ): every two phrases that can both match keep their order,
    and the first match is the plain alternation's."""
    blocks: list[tuple[str | None, frozenset[str] | None, list[str]]] = []
    for rest in items:
        lead = _lead(rest) if len(items) > 1 else None
        if lead is None:
            blocks.append((None, _firsts(rest), [rest]))
            continue
        key, tail = lead
        chars = _WHITE if key == " " else frozenset(key)
        for key_, chars_, group in reversed(blocks):
            if key_ == key:
                group.append(tail)
                break
            if chars_ is None or chars_ & chars:
                blocks.append((key, chars, [tail]))
                break
        else:
            blocks.append((key, chars, [tail]))
    out: list[str] = []
    for key, _chars, group in blocks:
        opening = "" if key is None else "\\s+" if key == " " else re.escape(key)
        out.append(opening + group[0] if key is None or len(group) == 1 else f"{opening}(?:{_dispatch(group)})")
    return "|".join(out)


class _Scanner:
    """Finds a rule section's phrases: a trigger regex for where a phrase can
    start, and per start key (two characters, else one) a bucket regex,
    compiled on first use. Once busy, one regex for all (`_promote`)."""

    __slots__ = ("spec", "trigger", "src", "rx", "only", "uses", "whole", "known", "looks_beyond", "ascii")

    def __init__(self, spec: dict, trigger: re.Pattern):
        self.spec = spec
        self.trigger = trigger  # where a phrase may start (shared by all scanners)
        self.src: dict[str, list] = spec["b"]
        self.rx: dict[str, tuple[re.Pattern, tuple[str, ...] | None]] = {}
        self.only: dict[tuple[str, frozenset[str]], tuple[re.Pattern, tuple[str, ...] | None]] = {}  # see match()
        self.uses = 0
        self.whole: re.Pattern | None = None  # see _promote
        self.known: dict[str, str] = {}  # matched text -> kind, for matches a phrase's text alone decides
        self.looks_beyond: frozenset[str] = frozenset()  # bucket keys with a phrase that looks beyond its text
        self.ascii: re.Pattern | None = None  # `whole` for ASCII text: see _ascii_twin

    def _promote(self) -> None:
        """Build `whole`: one regex for all phrases, dispatched on their first
        character ("e(?:xport|…)"), so that a busy scanner (a long-running
        process; never the one-message CLI) scans in C instead of taking a
        Python step per candidate. At each position it tries the same phrases
        in the same order as the buckets, so it finds the same matches.

        Kinds: `whole` has no capturing group. A group would say which phrase
        matched, but `re` copies the marks of every group before it at each
        branch inside a repeat, and a phrase late in a big scanner would pay for
        all the groups before it: 180 groups made the events scanner twice as
        slow. So a match's kind is its bucket's (the same phrases in the same
        order at that place: the same first match), and where no phrase of
        that bucket looks beyond its own text (look-arounds, anchors) the
        kind depends on the text alone (the first phrase in rule order that
        can match that text wins wherever it is): remembered by text."""
        whole = self._build_whole(all_text=True)
        if whole is None:
            self.uses = -(1 << 62)  # not for this rule set: stay on the buckets
            return
        if self.spec["k"]:
            frags = self.spec["f"]
            self.looks_beyond = frozenset(key for key, indexes in self.src.items()
                                          if any(x in frags[i][2] for i in indexes for x in _CONTEXT))
        self.whole = whole  # last: another thread may start using it at once

    def _ascii_twin(self) -> re.Pattern:
        """`whole` for an ASCII text, built on first need (compiling costs as much as `whole`). Most
        messages are ASCII: there, the phrases that open with another character can never match,
        and leaving them out spares `re` a test at every position of the text."""
        if self.ascii is None:
            self.ascii = self._build_whole(all_text=False) or self.whole
        return self.ascii

    def _build_whole(self, all_text: bool) -> re.Pattern | None:
        """The regex for `_promote`; with `all_text` False, only the phrases that can match an
        ASCII text (those opening with an ASCII character). None when a phrase is not one this
        can handle."""
        frags = self.spec["f"]
        firsts: dict[int, set[str]] = {}
        for key, indexes in self.src.items():
            for i in indexes:
                firsts.setdefault(i, set()).add(key[0])
        pieces: list[str] = []
        # Few first letters (the separators: and, then, after…): every alternative opens with its
        # literal character, so `re` skips in C the positions where none can start. Many (the
        # intents): a word start tested first rejects the inside of words faster.
        en_firsts = {c for i, cs in firsts.items() if frags[i][0] == "en" for c in cs}
        literal_first = len(en_firsts) <= _FEW_FIRST_LETTERS
        for part in ("en", "zh", "punct"):
            chars = sorted({c for i, cs in firsts.items() if frags[i][0] == part for c in cs
                            if all_text or c.isascii()})
            alts: list[str] = []
            for c in chars:
                items: list[str] = []
                for i in sorted(i for i, cs in firsts.items() if c in cs and frags[i][0] == part):
                    rest = _strip_first(frags[i][2], c)
                    if rest is None:
                        return None
                    items.append(rest)
                branch = _dispatch(items)
                if not literal_first:
                    alts.append(f"{re.escape(c)}(?:{branch})")
                elif part == "en":
                    pieces.append(f"{re.escape(c)}{_WORD_START_AFTER_FIRST}(?:{branch}){_WORD_END}")
                else:
                    pieces.append(f"{re.escape(c)}(?:{branch})")
            if not alts:
                continue
            guard = "".join(re.escape(c) for c in chars)
            if part == "en":
                # The same word start as _WORD_START when every phrase opens with a word character:
                # one opcode instead of a look-behind at each position of the text.
                start = _ASCII_WORD_START if all(c in _WORD_CHARS for c in chars) else _WORD_START
                pieces.append(f"{start}(?=[{guard}])(?:{'|'.join(alts)}){_WORD_END}")
            else:
                pieces.append(f"(?=[{guard}])(?:{'|'.join(alts)})")
        try:
            return re.compile("|".join(pieces) or _NEVER)
        except re.error:  # a phrase this does not handle: stay on the buckets (tests check it does not happen)
            return None

    def _found(self, whole: re.Pattern, s: str, m: re.Match, b: int):
        """Lazily, from the first match m: a clause's reader stops at its first intent."""
        known = self.known
        # the first match yielded on its own: a chain() around it costs route() 3%
        yield m.start(), m.end(), known.get(m.group()) or self._kind(s, m, b)
        for m in whole.finditer(s, m.end(), b):
            yield m.start(), m.end(), known.get(m.group()) or self._kind(s, m, b)

    def _kind(self, s: str, m: re.Match, b: int) -> str:
        """The kind of a match of `whole` (or of its ASCII twin): its bucket's first match at that
        place is the same phrase (see _promote)."""
        text = m.group()
        kind = self.known.get(text)
        if kind is None:
            p = m.start()
            r = self.rx.get(s[p:p + 2])
            if r is None:    # False: no phrase starts there (remembered, not looked up again)
                r = self._load(s[p:p + 2], s[p:p + 1])   # a match is there: no need to check
            found = r[0].match(s, p, b)
            kind = r[1][found.lastindex - 1]
            # By text only where the bucket (the same for every match of this text: a text of two
            # characters or more holds its key) has no phrase whose match depends on what is around it.
            if len(text) >= 2 and (text[:2] if text[:2] in self.src else text[:1]) not in self.looks_beyond:
                if len(self.known) >= 20_000:
                    self.known.clear()
                self.known[text] = kind
        return kind

    def _load(self, k2: str, k1: str, s: str | None = None, p: int = 0, b: int = 0,
              absent: set[str] | None = None):
        """The bucket for a position whose text starts with k2 (else k1), compiled on first use; with
        the text `s`, False without compiling it when none of its phrases can match at p: what they
        need is not in s[p:b] (then not after p either: `absent` remembers it for one scan of s[:b])."""
        key = k2 if k2 in self.src else k1 if k1 in self.src else None
        r = False if key is None else self.rx.get(key)
        if r is None:
            at = self.spec["n"].get(key) if s is not None else None
            if at is not None:
                if absent is not None and key in absent:
                    return False
                if not held(self.spec["nt"][at].split(_NEEDS_SEP), s, p, b):
                    if absent is not None:
                        absent.add(key)
                    return False
            r = self.rx[key] = self._compile(self.src[key])
        if key != k2 and len(self.rx) < 4096:
            self.rx[k2] = r  # this pair of characters: the one-character bucket, or none
        return r

    def _compile(self, indexes: list[int]) -> tuple[re.Pattern, tuple[str, ...] | None]:
        if not indexes:
            return re.compile(_NEVER), ()
        frags = self.spec["f"]
        pieces: list[str] = []
        names: list[str] = []
        for part in ("en", "zh", "punct"):
            runs: list[tuple[str, list[str]]] = []
            for i in indexes:
                p, kind, frag = frags[i]
                if p != part:
                    continue
                if runs and runs[-1][0] == kind:
                    runs[-1][1].append(frag)
                else:
                    runs.append((kind, [frag]))
            if not runs:
                continue
            if self.spec["k"]:  # one group per run of a kind: m.lastindex says which kind matched
                body = "|".join(f"({'|'.join(fs)})" for _, fs in runs)
                names += [kind for kind, _ in runs]
            else:
                body = "|".join(f for _, fs in runs for f in fs)
            pieces.append(f"{_WORD_START}(?:{body}){_WORD_END}" if part == "en" else body)
        return re.compile("|".join(pieces)), tuple(names) if self.spec["k"] else None

    def iter(self, s: str, a: int, b: int) -> Iterable[tuple[int, int, str]]:
        """(start, end, kind) of each phrase in s[a:b], leftmost first, not overlapping."""
        whole = self.whole
        if whole is None:
            self.uses += 1
            if self.uses >= _HOT:
                self._promote()
                whole = self.whole
        if whole is not None:
            if s.isascii():
                whole = self.ascii or self._ascii_twin()
            if not self.spec["k"]:
                return [(m.start(), m.end(), "") for m in whole.finditer(s, a, b)]
            first = whole.search(s, a, b)   # most scans find nothing: no generator for them
            return () if first is None else self._found(whole, s, first, b)
        out = []
        pos = a
        get = self.rx.get
        absent: set[str] = set()   # buckets whose needs are not in s[p:b] (see _load)
        kinds = self.spec["k"]
        for c in self.trigger.finditer(s, a, b):
            p = c.start()
            if p < pos:
                continue
            r = get(s[p:p + 2])
            if r is None:
                r = self._load(s[p:p + 2], s[p:p + 1], s, p, b, absent)
            if not r:
                continue
            m = r[0].match(s, p, b)
            if m is not None:
                pos = m.end()
                out.append((p, pos, r[1][m.lastindex - 1] if kinds else ""))
        return out

    def first(self, s: str, a: int, b: int) -> tuple[int, int, str] | None:
        """The first phrase in s[a:b], or None."""
        whole = self.whole
        if whole is not None:
            if s.isascii():
                whole = self.ascii or self._ascii_twin()
            m = whole.search(s, a, b)
            return None if m is None else (m.start(), m.end(), self._kind(s, m, b) if self.spec["k"] else "")
        self.uses += 1
        if self.uses >= _HOT:
            self._promote()
            if self.whole is not None:
                return self.first(s, a, b)
        get = self.rx.get
        absent: set[str] = set()   # buckets whose needs are not in s[p:b] (see _load)
        kinds = self.spec["k"]
        for c in self.trigger.finditer(s, a, b):
            p = c.start()
            r = get(s[p:p + 2])
            if r is None:
                r = self._load(s[p:p + 2], s[p:p + 1], s, p, b, absent)
            if r:
                m = r[0].match(s, p, b)
                if m is not None:
                    return p, m.end(), r[1][m.lastindex - 1] if kinds else ""
        return None

    def match(self, s: str, p: int, b: int, only: frozenset[str] | None = None) -> tuple[int, str] | None:
        """(end, kind) of the phrase starting exactly at p, or None; with `only`,
        of the first phrase of one of those kinds (the others are not tried)."""
        if p >= b:
            return None
        if only is None:
            r = self.rx.get(s[p:p + 2])
            if r is None:    # False: no phrase starts there (remembered, not looked up again)
                r = self._load(s[p:p + 2], s[p:p + 1], s, p, b)
        else:
            key = s[p:p + 2] if s[p:p + 2] in self.src else s[p:p + 1]
            if key not in self.src:
                return None
            r = self.only.get((key, only))
            if r is None:
                frags = self.spec["f"]
                r = self.only[(key, only)] = self._compile([i for i in self.src[key] if frags[i][1] in only])
        if not r:
            return None
        m = r[0].match(s, p, b)
        if m is None:
            return None
        return m.end(), r[1][m.lastindex - 1] if self.spec["k"] else ""

    def blank(self, s: str) -> str:
        """s with every phrase replaced by a space."""
        if self.whole is not None:
            return (self.ascii or self._ascii_twin() if s.isascii() else self.whole).sub(" ", s)
        found = list(self.iter(s, 0, len(s)))
        if not found:
            return s
        out, last = [], 0
        for a, b, _ in found:
            out.append(s[last:a])
            out.append(" ")
            last = b
        out.append(s[last:])
        return "".join(out)


def _load(src: str | None = None) -> dict[str, Any]:
    """Scanner specs for router.yaml, from the JSON cache when it is current (skill.core.datafiles:
    keyed on the YAML's path, mtime and size and on `_FORMAT`; editing the YAML invalidates it)."""
    from skill.core import datafiles

    path = src or _rules_path()
    try:
        return datafiles.load(path, derive=lambda data: _build(data or {}), version=_FORMAT)
    except FileNotFoundError:
        from skill.core.errors import DataMissing

        raise DataMissing(f"{path}: missing") from None


# Fixed patterns (not vocabulary), compiled on first use.
_FIXED = {
    "url": r"(?:https?://|www\.)[^\s<>\"'“”‘’（）()\[\]{}，。、；！？]+",
    "quotes": (r"\"[^\"\n]{1,500}\"|“[^”\n]{1,500}”|「[^」\n]{1,500}」|『[^』\n]{1,500}』"
               r"|《[^》\n]{1,500}》|‘[^’\n]{1,500}’|(?<![a-z0-9])'(?:[^'\n]|(?<=[a-z])'(?=[a-z])){1,300}'(?![a-z0-9])"),
    "content": r"[^\W_]|§",
}
_QUOTE_CHARS = "\"“「『《‘'"


_PLAIN = ("praise", "spaces", "dictated", "someone_says", *_PLAIN_REGEXES)   # rules that are one regex each


class _Unless:
    """A plain rule not compiled yet, in a process that has routed few messages: a search or match
    over text holding none of what the rule needs (`needs`) finds nothing, without compiling it
    (`praise` alone costs ~6 ms to compile, as much as the rest of a one-message route). The first
    text that may match compiles it, and the rule replaces this in its `_Rules`."""

    __slots__ = ("_rules", "_name", "_pattern", "_needs")

    def __init__(self, rules: "_Rules", name: str, pattern: str, needed: list[str]):
        self._rules, self._name, self._pattern, self._needs = rules, name, pattern, needed

    def _compiled(self) -> re.Pattern:
        compiled = re.compile(self._pattern)
        setattr(self._rules, self._name, compiled)
        return compiled

    def match(self, s: str, a: int = 0, b: int | None = None) -> re.Match | None:
        return self._compiled().match(s, a, len(s) if b is None else b) if held(self._needs, s, a, len(s) if b is None else b) else None

    def search(self, s: str, a: int = 0, b: int | None = None) -> re.Match | None:
        return self._compiled().search(s, a, len(s) if b is None else b) if held(self._needs, s, a, len(s) if b is None else b) else None

    def __getattr__(self, name: str) -> Any:   # finditer, sub, …: compiled first
        return getattr(self._compiled(), name)


class _Guarded:
    """A big plain rule in a busy process, behind one search for what it needs (`needs`: a string of
    which is in every match): most texts hold none of them, and that search (the strings' openings
    shared, `_dispatch`) costs less than trying the rule, whose compiled code would also be read
    from memory for nothing. The same matches."""

    __slots__ = ("_rx", "_needs")

    def __init__(self, rx: re.Pattern, needed: Iterable[str]):
        self._rx = rx
        self._needs = _search_for(needed)

    def match(self, s: str, a: int = 0, b: int | None = None) -> re.Match | None:
        b = len(s) if b is None else b
        return None if self._needs.search(s, a, b) is None else self._rx.match(s, a, b)

    def search(self, s: str, a: int = 0, b: int | None = None) -> re.Match | None:
        b = len(s) if b is None else b
        return None if self._needs.search(s, a, b) is None else self._rx.search(s, a, b)

    def __getattr__(self, name: str) -> Any:   # finditer, sub, pattern, …: the rule itself
        return getattr(self._rx, name)


def _search_for(needed: Iterable[str]) -> re.Pattern:
    """One search for any of the strings a rule needs, their shared openings read once (`_dispatch`)."""
    return re.compile(_dispatch(sorted(re.escape(n) for n in needed)))


_GUARD_WORTH = 150   # characters of a plain rule: a smaller one is tried about as fast as its needs are searched


class _Rules:
    """The compiled rules, each built on first use (the CLI routes one message)."""

    def __init__(self, specs: dict[str, Any]):
        self._specs = specs
        self._routed = 0   # messages routed with these rules, up to _HOT (see `settle`)

    def settle(self) -> None:
        """A long-running process (this many messages routed): each plain rule from now on in its
        literal-first form (`_literal_first`), faster to search but slower to compile than the
        one-message CLI would gain back."""
        self._routed = _HOT
        for name in _PLAIN:
            vars(self).pop(name, None)   # compiled again on its next use, in that form (__getattr__)

    def __getattr__(self, name: str) -> Any:
        if name in ("media_url", "file_name"):
            from skill.core.formats import EXTENSIONS

            exts = "|".join(re.escape(e) for e in sorted(EXTENSIONS))
            self.media_url = re.compile(rf"\.(?:{exts})(?:[?#]|$)")
            # a file's name in the text (a typed path is read as its name): a name, not words
            # (删掉intro.mp4: the name is intro.mp4, the verb before it is still read; 海边.mp4 is a name)
            self.file_name = re.compile(rf"(?:[^\W\x00-\x7f]+|[a-z0-9_\-][\w\-]*)\.(?:{exts})(?![\w.])")
            return getattr(self, name)
        elif name in _FIXED:
            value = re.compile(_FIXED[name])
        elif name == "trigger":
            value = re.compile(self._specs["trigger"])
        elif name == "simplified":     # traditional characters -> simplified, one for one
            old, _, new = self._specs.get("traditional", "|").partition("|")
            value = str.maketrans(old, new) if len(old) == len(new) else {}
        elif name == "cantonese":      # (any first character, mapping): 睇下 reads as 看下, 唔使 as 不用
            pairs = dict(self._specs.get("cantonese") or ())
            firsts = "".join(sorted({k[0] for k in pairs}))
            value = (re.compile(f"[{re.escape(firsts)}]" if firsts else _NEVER), pairs)
        elif name == "dialect_words":   # (whole words, mapping): dinna reads as don't, efter as after
            pairs = dict(self._specs.get("dialect_words") or ())
            # a word and its "'s" ("hoo's the project lookin", "how lang's the render got left"), not its
            # other endings
            value = (re.compile(rf"(?<![\w'])(?:{_longest_first(pairs)})(?![\w]|'(?!s\b))" if pairs else _NEVER), pairs)
        elif name == "clitics":   # (word starts, mapping): Yorkshire t'link (or t’link) reads as "d link"
            pairs = dict(self._specs.get("clitics") or ())
            either = _longest_first(pairs).replace("'", "['’]")   # _lower runs before quotes are straightened
            value = (re.compile(rf"(?<![\w'’])(?:{either})(?=[a-z])" if pairs else _NEVER), pairs)
        elif name == "cantonese_words":   # compiled only for a message that may hold one
            pairs = self.cantonese[1]
            value = re.compile(_longest_first(pairs) or _NEVER)
        elif name == "traditional":    # is there any to translate (a search in C, not a dict per character)
            old = self._specs.get("traditional", "|").partition("|")[0]
            value = re.compile("[" + re.escape(old) + "]") if old else re.compile(_NEVER)
        elif name in _PLAIN:
            pattern = self._specs.get(name) or _NEVER
            needed = self._specs.get("needs", {}).get(name)
            if self._routed < _HOT and needed is not None:
                value = _Unless(self, name, pattern, needed)
            elif self._routed < _HOT:
                value = re.compile(pattern)
            else:
                value = re.compile(_busy_form(pattern))
                if needed is not None and len(pattern) >= _GUARD_WORTH:
                    value = _Guarded(value, needed)
        elif name in _WORD_SETS:
            value = frozenset(self._specs.get(name) or ())
        elif name in _WORD_TUPLES:     # read with str.startswith / `in`, in their order
            value = tuple(self._specs.get(name) or ())
        elif name == "run_on_needs":   # one of these is in every text a run-on pattern can match (or None)
            found = self._specs.get(name)
            value = None if found is None else _search_for(found)
        elif name == "same_names":     # each name -> all the names of its group (router.yaml `same_thing`)
            value = {w: tuple(group) for group in self._specs.get("same_thing") or () for w in group}
        elif name == "dismiss_gap":
            value = frozenset(self._specs["dismiss_gap"])
        elif name == "step_of":        # intent -> the step it plans
            value = {n: i["step"] for n, i in self._specs["intents"].items()}
        elif name == "questions":      # intents a negation does not cancel
            value = frozenset(n for n, i in self._specs["intents"].items() if i["question"])
        elif name == "lead_kinds":     # what a clause may open with to start a new step
            value = frozenset(self._specs["intents"]) | {"d"}
        elif name == "typo":
            value = _Typos(self._specs["typo"])
        elif not name.startswith("_") and name in self._specs:
            value = _Scanner(self._specs[name], self.trigger)
        else:
            raise AttributeError(name)
        setattr(self, name, value)
        return value


def _osa(a: str, b: str, k: int) -> int:
    """Optimal-string-alignment distance of a and b (letters added, dropped,
    changed, adjacent ones swapped), or k + 1 when it is over k."""
    la, lb = len(a), len(b)
    if abs(la - lb) > k:
        return k + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        ca = a[i - 1]
        cur = [i] + [0] * lb
        best = i
        for j in range(1, lb + 1):
            cb = b[j - 1]
            v = prev[j - 1] if ca == cb else prev[j - 1] + 1
            if prev[j] + 1 < v:
                v = prev[j] + 1
            if cur[j - 1] + 1 < v:
                v = cur[j - 1] + 1
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and prev2[j - 2] + 1 < v:
                v = prev2[j - 2] + 1
            cur[j] = v
            if v < best:
                best = v
        if best > k:
            return k + 1
        prev2, prev = prev, cur
    return prev[lb]


class _Typos:
    """Misspelled intent keywords (router.yaml `typo`): `correct(word)` is the
    keyword a word of 5+ letters misspells, or None.

    Cheap for the words that misspell nothing (most of any chat): a keyword is
    only tried when the word's first letter is the keyword's, or its first
    two letters fit an edit at the start; when its length is within reach;
    and when it lacks no more of the keyword's letters than the edits
    allowed. Only then is the distance computed."""

    __slots__ = ("first", "edge", "known", "words", "word", "seen")

    MIN, MAX = 5, 13  # word lengths that are ever corrected

    def __init__(self, spec: dict):
        self.words = frozenset(spec["words"])
        self.known = frozenset(spec["known"])
        self.first: dict[str, list[tuple[str, frozenset]]] = {}
        self.edge: dict[str, list[tuple[str, frozenset]]] = {}  # keys for an edit of the first letter
        self.seen: dict[str, str | None] = {}  # word -> correct(word), in a long-running process
        for kw in dict.fromkeys(spec["words"]):
            if len(kw) < 3 or not kw.isascii() or not kw.isalpha():
                continue
            item = (kw, frozenset(kw))
            self.first.setdefault(kw[0], []).append(item)
            # w[1:3] for a changed / added first letter, w[0:2] for a dropped / swapped one
            for key in ("1" + kw[1:3], "1" + kw[0:2], "0" + kw[1:3], "0" + kw[1] + kw[0]):
                self.edge.setdefault(key, []).append(item)
        # The words long enough to be corrected: one small regex; `correct` sorts them out (and
        # remembers each word's answer), so a clause pays a C scan and a dict lookup a word.
        self.word = re.compile(rf"(?<![a-z0-9'])[a-z]{{{self.MIN},{self.MAX}}}(?![a-z0-9'])")

    def finds(self, s: str, a: int, b: int) -> bool:
        """Does s[a:b] hold a word `correct` changes?"""
        correct = self.correct
        return any(correct(w) is not None for w in self.word.findall(s, a, b))

    def correct(self, w: str) -> str | None:
        """The keyword `w` misspells, or None (remembered, for a long-running process)."""
        seen = self.seen
        if w in seen:
            return seen[w]
        fix = self._correct(w)
        if len(seen) >= 20_000:
            seen.clear()
        seen[w] = fix
        return fix

    def _correct(self, w: str) -> str | None:
        if w in self.words or w in self.known:
            return None
        n = len(w)
        far = 1 if n <= 6 else 2
        best, best_d = None, 3
        for kw, letters in self.first.get(w[0], ()):
            if abs(len(kw) - n) <= far and len(letters.difference(w)) <= far:
                d = _osa(w, kw, far)
                if d <= far and d < best_d:
                    best, best_d = kw, d
        if best_d > 1:
            for key in ("1" + w[1:3], "0" + w[0:2]):
                for kw, _ in self.edge.get(key, ()):
                    if kw[0] != w[0] and abs(len(kw) - n) <= 1 and _osa(w, kw, 1) <= 1:
                        return kw
        return best


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
# The engine

_URL_TRAIL = ".,;:!?)]}>'\"”’。，；：！？"
_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}
_RANK = {"w": 0, "s": 1, "r": 2}
_EDGE = " \t\r\n,，、;；:：.。!！?？-—~…"
DISMISSED = "-"  # a clause's "intent" when it only dismisses something ("forget the music")
# workin' -> working (same length; the quote first: a fast search), unless a quote opens in the text
# ("a slide 'the link is in the bulletin'": that quote closes a title)
_DROPPED_G = re.compile("['’](?<=[a-z]in.)(?![a-z])")
_OPENING_QUOTE = re.compile("['‘’](?<![a-z0-9].)(?=[a-z0-9])")


def _lower(text: str, rules: "_Rules | None" = None) -> str:
    """Lower-case without changing the length (offsets must map back); with `rules`, traditional
    Chinese characters read as simplified (one character for one), dialect words as the standard
    ones of the same length (router.yaml `cantonese`, `dialect_words`)."""
    low = text.lower()
    low = low if len(low) == len(text) else text.translate(_ASCII_LOWER)
    if rules is None:
        return low
    if ("in'" in low or "in’" in low) and not _OPENING_QUOTE.search(low):
        low = _DROPPED_G.sub("g", low)   # "checkin' my balance", "fixin' to post it": the g read back
    found, words = rules.dialect_words
    if found.search(low):
        low = found.sub(lambda m: words[m.group()], low)
    if "'" in low or "’" in low:
        found, words = rules.clitics
        low = found.sub(lambda m: words[m.group().replace("’", "'")], low)
    if not low.isascii():
        if rules.traditional.search(low):
            low = low.translate(rules.simplified)
        firsts, cantonese = rules.cantonese
        if firsts.search(low):
            low = rules.cantonese_words.sub(lambda m: cantonese[m.group()], low)
    return low


def _has_content(rules: _Rules, text: str, media: bool = False) -> bool:
    if not rules.content.search(text):
        return False
    text = rules.filler.blank(text)
    if media:
        text = rules.media.blank(text)
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
    if "." in masked:   # "upload highlights.mov": the name says nothing ("highlights" is no request)
        masked = rules.file_name.sub(lambda m: _MASK * len(m.group()), masked)
    for q in _QUOTE_CHARS:
        if q in masked:
            masked = rules.quotes.sub(lambda m: _MASK * len(m.group()), masked)
            break
    if text != low:   # capitals: "a card that says SALE ENDS", the text to show (router.yaml caps_after)
        m = rules.caps_after.search(text)   # most find none: no iterator for them
        while m is not None:
            masked = masked[:m.start()] + _MASK * (m.end() - m.start()) + masked[m.end():]
            m = rules.caps_after.search(text, m.end())
    if ":" in masked or "：" in masked or not masked.isascii():   # 字幕写：还要多久？, 就写还要多久: the text to show
        found = rules.quoted_after.search(masked)
        # 写着“清晨的港口”，搞定就导出: the text is the quote, already opaque; what follows is no text
        if found is not None and masked[found.end():].strip() and not masked.startswith(_MASK, found.end()):
            start = found.end()
            stop = rules.quoted_until.search(masked, start + 1)
            end = len(masked) if stop is None else stop.end() if stop.group() in "。！？!?" else stop.start()
            after = masked[end:]
            if stop is not None and stop.group()[:1].isspace():   # 写：谢谢观看 好了就导出: the text ends a sentence
                after = "。" + after[1:]
            masked = masked[:start] + _MASK * (end - start) + after
    return masked, urls


# Emoji (a Unicode range, not vocabulary) followed by more text. Kept out of the separator scanner:
# characters beyond the BMP there would make every scan test each one in turn.
_EMOJI_RUN = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]+(?=\\s*[^\\s\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F])")


def _clauses(masked: str, rules: _Rules) -> list[tuple[int, int, str]]:
    """(start, end, boundary_before) for each non-empty clause; the boundary
    is "s" (strong), "w" (weak) or "r" (reverse: "A when you're done B")."""
    out: list[tuple[int, int, str]] = []
    last, kind = 0, "s"
    seps = rules.split.iter(masked, 0, len(masked))
    if not masked.isascii():   # an emoji with more text after it ends a sentence ("so happy 😭 I'll show it…")
        more = [(m.start(), m.end(), "w") for m in _EMOJI_RUN.finditer(masked) if m.start() > 0]
        more += [(m.start(), m.end(), "s") for m in rules.dictated.finditer(masked)]   # 改了吗我这边看着…
        if " " in masked or "\t" in masked or "\u3000" in masked:   # most Chinese messages have no space
            more += [(m.start(), m.end(), "s") for m in rules.spaces.finditer(masked)]   # 加上了吗 我这边看不到
        if more:
            seps = sorted([*seps, *more])
    for start, end, sep in seps:
        seg = masked[last:start]
        core = seg.strip()
        if core:
            a = last + seg.find(core)
            out.append((a, a + len(core), kind))
            kind = "w"
        if _RANK[sep] > _RANK[kind]:
            kind = sep
        last = end
    seg = masked[last:]
    core = seg.strip()
    if core:
        a = last + seg.find(core)
        out.append((a, a + len(core), kind))
    for i in range(len(out) - 2, -1, -1):
        a, b, kind = out[i]
        c, d, _ = out[i + 1]
        if b - a <= _BARE_HOLD and not masked[a].isascii() and masked[b:c].isspace() \
                and _only(masked, a, b, rules, _HOLDS) and _only(masked, c, d, rules, rules.step_of, whole=False):
            out[i:i + 2] = [(a, d, kind)]   # 先别 导出: the hold and the step after it are one clause
    if masked.isascii():
        if rules.contrast.search(masked) is not None:   # (its words, not a copy of them here)
            for i in range(len(out) - 1, -1, -1):
                turn = _turns_from_a_refusal(masked, *out[i][:2], rules)
                if turn is not None:   # "dont add the filter just trim the intro": the refusal, then the ask
                    a, b, kind = out[i]
                    out[i:i + 1] = [(a, turn, kind), (turn, b, "w")]
        # a run-on step is never the text's first word: each pattern opens with the space before it.
        # What they need is read from the patterns (a list of their words here had drifted from them).
        if (rules.run_on_needs is None or rules.run_on_needs.search(masked) is not None) and (
                rules.run_on_en.search(masked) is not None or rules.run_on_back.search(masked) is not None):
            for i in range(len(out) - 1, -1, -1):
                a, b, kind = out[i]
                pauses = _run_on(masked, a, b, rules)
                if pauses:   # "make the title bigger export it send me the link": a clause at each
                    starts = [a] + [e for _s, e in pauses]
                    ends = [s for s, _e in pauses] + [b]
                    out[i:i + 1] = [(x, y, kind if x == a else "w") for x, y in zip(starts, ends)]
    else:
        for i in range(len(out) - 1, -1, -1):
            a, b, kind = out[i]
            e = b
            while e > a and not masked[e - 1].isalnum():
                e -= 1    # 加标题加音乐出片👍: the step before the emoji
            if e == a or masked[e - 1] not in _STEP_ENDS:
                continue
            step = rules.step_at_end_zh.search(masked, max(a, e - _STEP_TAIL), e)
            if step is not None and step.start() > a and _edits_before(masked, a, step.start(), rules):
                out[i:i + 1] = [(a, step.start(), kind), (step.start(), b, "w")]   # 加字幕导出: the edit, then the step
    return out


def _past_spaces(masked: str, p: int, b: int) -> int:
    """The first place from p on (up to b) that is no white space."""
    while p < b and masked[p].isspace():
        p += 1
    return p


def _turns_from_a_refusal(masked: str, a: int, b: int, rules: _Rules) -> int | None:
    """Where a clause that opens by turning something down ("don't add the filter", "don't bother with
    subtitles") turns to what it asks instead, with a verb ("just trim the intro"), or None."""
    first = rules.events.first(masked, a, b)
    if first is None or first[2] not in ("n", "d") or _has_content(rules, masked[a:first[0]]):
        return None
    turn = rules.contrast.search(masked, first[1], b)
    if turn is None:
        return None
    verb = rules.cue.match(masked, _past_spaces(masked, turn.end(), b), b)
    return turn.start() if verb is not None and verb[1] == "v" else None


def _run_on(masked: str, a: int, b: int, rules: _Rules) -> list[tuple[int, int]]:
    """The pauses nobody typed in masked[a:b] ("make the title bigger export it send me the link"):
    before a step said with its object, right after an edit ("bigger") or after another step and its
    object ("export it"); never after a negation or a helper ("nuh export it", "could ye export it")."""
    pauses: list[tuple[int, int]] = []
    start = a
    found = [(m.start(), False, m) for m in rules.run_on_en.finditer(masked, a, b)]
    found += [(m.start(), True, m) for m in rules.run_on_back.finditer(masked, a, b)]   # "export nvm the music"
    for _p, back, m in sorted(found, key=lambda f: f[0]):
        if m.start() <= start:
            continue
        last = masked[start:m.start()].split()[-1]
        if back:   # a take-back, only right after an export or a link (and its object); the space before it
            steps = [e for _s, e, k in rules.events.iter(masked, start, m.start() - 1) if k in ("export", "link")]
            if steps and (steps[-1] == m.start() - 1 or last in rules.run_on_objects):
                pauses.append((m.start() - 1, m.start()))
                start = m.start()
            continue
        # after a step and its object; or after a step word alone that a pause split off an edit ("add
        # captions export send link"), not one a deferral holds ("before u render check my credits")
        after_step = (last in rules.run_on_objects or last in rules.run_on_steps and pauses
                      and pauses[-1][1] == start) and any(
            k in rules.step_of for _s, _e, k in rules.events.iter(masked, start, m.start()))
        # after an edit (a verb, then what it changes, whatever its last word: "make the title bigger export
        # it", "cut the last 5 seconds export"), unless that word makes the step a noun or holds it ("the
        # export", "no export"; "bigger", "after" and edit words still end an edit); "check", "tell" and "show" only
        # after a step and its object ("export it check how many credits I got left")
        after_edit = not masked.startswith(rules.run_on_after_a_step, m.end()) and (
            last not in rules.not_before_a_step or last.endswith("er")
            or rules.edit_words.match(masked, m.start() - len(last), m.start()) is not None
        ) and any(k == "v" for _s, _e, k in rules.cue.iter(masked, start, m.start()))
        if after_edit or after_step:
            pauses.append((m.start(), m.end()))
            start = m.end()
    return pauses


def _edits_before(masked: str, a: int, p: int, rules: _Rules) -> bool:
    """Does masked[a:p] ask for an edit (a verb and what it changes: 加字幕, 调成1.5倍速), not name
    the file (把剪好的, 用4K)?"""
    verb = rules.cue.first(masked, a, p)
    return (verb is not None and verb[2] == "v" and "的" not in masked[verb[1]:p] and "就" not in masked[verb[1]:p]
            and rules.edit_words.first(masked, a, p) is not None)


_STEP_ENDS = frozenset("出片染载下吧了呗啊哈好行")   # the last character of a step at a clause's end (step_at_end_zh)
_STEP_TAIL = 8   # how far from a clause's end its step and what may follow it (一下, 就行) start
_CORRECTION_REACH = 24   # a correction that opens a clause ("oh wait, actually no") ends within this
_BARE_HOLD = 4   # a Chinese negation or "not now" standing alone before a space (先别, 先不要, 暂时不)


def _only(masked: str, a: int, b: int, rules: _Rules, kinds: Iterable[str], whole: bool = True) -> bool:
    """Does masked[a:b] open with a phrase of one of `kinds` (and, when `whole`, hold nothing else)?"""
    found = rules.events.first(masked, a, b)
    return found is not None and found[0] == a and (not whole or found[1] == b) and found[2] in kinds


def _only_step(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Is masked[a:b] a step's phrase and nothing else ("export", "导出吧")?"""
    found = rules.events.first(masked, a, b)
    return found is not None and found[0] == a and not _has_content(rules, masked[found[1]:b])


def _leads(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Does the clause start (after "please", "also", 也 …) with an intent phrase or a cue?"""
    if rules.topic_goes_on.match(masked, a, b) is not None:
        return False    # "…介绍我们的 billing 页面，怎么查余额": how to do it is more of the topic
    if rules.request_open.match(masked, a, b) is not None:
        return True     # "字幕还没对好，帮我把第二句改成红色": a request opens a step of its own
    if not masked[a:a + 1].isascii() and rules.done_then.match(masked, a, b) is not None:
        return True     # "把字幕加上，等加好了就下载": when it is done, the next step
    if not masked[a:a + 1].isascii() and any(kind in _OWN_ACTIONS for _s, _e, kind in rules.events.iter(masked, a, b)) \
            and _act(masked, a, b, rules) == "condition":
        return True     # "先加个标题，前头那个调色要是弄好了就出片": a condition with a step of its own
    starts = [a]
    for words in (rules.lead_words, rules.hand_over):   # "please …", "give me the project URL"
        lead = words.match(masked, a, b)
        if lead is not None:
            starts.append(_past_spaces(masked, lead[0], b))
    for p in starts:
        if rules.events.match(masked, p, b, only=rules.lead_kinds) is not None:
            return True
        if rules.cue.match(masked, p, b) is not None:
            return True
        if rules.acts.match(masked, p, b, only=_CONDITION) is not None:   # "…, and if my balance is enough, …"
            return True
        if rules.events.match(masked, p, b, only=_HOLDS) is not None:     # "add the subtitles, don't render yet"
            return True
    return _act(masked, a, b, rules) in ("cost", "slow")    # "…, and tell me how much a render would cost"


_CONDITION = frozenset({"c"})
_PRICED = frozenset({"export", "upload", "link"})   # steps a cost question right after may ask about
_PUNCT_GAP = " ,，、;；:："   # only a pause between two clauses: ", and how much …" asks on its own
_HOLDS = frozenset({"n", "l", "f"})   # negation, not now, deferral


class Clause(namedtuple("Clause", "intent content topic cancelled deferred act about held",
                        defaults=(None, None))):
    """What one clause asks for.

    intent:    the intent that decides it (a name in router.yaml), DISMISSED, or None
    content:   something is left to send to the agent
    topic:     the clause turned into content at a topic marker ("a video about …")
    cancelled: an intent phrase in it was negated or left for later ("don't export yet")
    deferred:  an intent that happens after the rest of the message ("before exporting, …"), or None
    act:       what the clause does beyond its intent (router.yaml `acts`): "cost", "slow",
               "condition", "ack" or None
    about:     the intent a question names ("how much does exporting cost?": export)
    held:      the intent that was negated or left for later ("I'll upload it later"), or None
    """
    __slots__ = ()


def _classify(masked: str, a: int, b: int, rules: _Rules) -> Clause:
    intent = deferred = held = None
    intent_at = (-1, -1)   # where the intent phrase is
    topic = use = cancelled = False
    neg_end, neg_kind = -1, ""
    held_end = -1  # where what goes with a held step ends ("link 晚点再发")
    dis_end = -1  # end of the dismissal that opens the clause ("forget the music")
    not_now_at = -1  # where a "not now" starts (先别, next time)
    neg_open_at = -1  # where a negation that opens the clause starts ("don't add any music")
    topic_at = b
    cuts: list[tuple[int, int]] = []
    corrected_to = None  # "actually no render it first": the "no" of the correction negates nothing
    for start, end, kind in rules.events.iter(masked, a, b):
        if kind == "x":
            continue
        if kind == "n" and start - a < _CORRECTION_REACH:
            if corrected_to is None:
                found = rules.correction.match(masked, a, b)
                # "actually no export lah": a step right after the "no" is what it negates
                corrected_to = -1 if found is None or rules.step_next.match(masked, found[0]) else found[0]
            if end <= corrected_to:
                continue
        if kind == "u":
            cuts.append((start, end))
            continue
        if kind == "d":
            if dis_end < 0 and _dismisses(masked, a, b, start, end, rules) or (
                    dis_end >= 0 and not _has_content(rules, masked[dis_end:start])):   # 算了 never mind the …
                dis_end = end
            continue
        if kind in ("n", "f", "l"):     # negation, deferral, not now: they act on the next phrase
            if kind == "l" and not_now_at < 0:
                not_now_at = start
            elif kind == "n" and neg_open_at < 0 and not _has_content(rules, masked[a:start]):
                neg_open_at = start
            neg_end, neg_kind = end, kind
            cuts.append((start, end))
            continue
        if kind == "t":
            if dis_end >= 0:
                continue  # what a dismissal names is dropped, not a topic
            if not masked.isascii() and _ends_dismissed(masked, end, b, rules):
                return Clause(DISMISSED, False, False, False, None, None)  # 标题不用了, subtitle唔使加了: dismissed
            topic, topic_at = True, start
            break
        if kind == held:
            cuts.append((start, end))   # 成片我回头自己export: the step held, named again
            continue
        if held is not None and start - held_end <= _SEND_GAP and rules.send_only.match(masked, start, b) is not None:
            cuts.append((start, end))   # "link 晚点再发我": the send is how the held link comes, not an export
            continue
        # a negation before a question does not hold it ("why isn't it done?"); a "not now" after it
        # does (进度不用看了, "the progress can wait")
        how, cut_to = _cancelled_how(masked, start, end, b, neg_end=-1, neg_kind="", dis_end=-1, rules=rules) \
            if kind in rules.questions else _cancelled_how(masked, start, end, b, neg_end, neg_kind, dis_end, rules,
                                                           spent=held is not None or deferred is not None)
        cuts.append((start, cut_to))
        if how == "f":
            deferred = deferred or kind   # it happens, after the rest: scan on for the rest
            neg_end = end
            continue
        if how:
            cancelled, neg_end, held, held_end = True, end, held or kind, cut_to
            if dis_end >= 0:
                dis_end = max(dis_end, cut_to)   # "never mind the export and the link": it goes on to the next
            continue
        if kind == "export" and (_names_the_export(masked, a, start, end, b, rules)
                                 or _asks_about(masked, a, start, b, rules)):
            cuts.pop()
            continue    # "the download has no sound", "where does it end up?", 导出以后还有水印不？: not asked for
        if kind == "export" and not masked[start].isascii() and any(
                k == "export" for _s, _e, k in rules.events.iter(masked, end, b)):
            continue    # 成片先不导出: the later phrase is the step, this one what it acts on (cut with it)
        intent, intent_at = kind, (start, end)
        use = intent == "upload" and rules.upload_use.match(masked, start, end) is not None
        if deferred is None and rules.defer_cue.search(masked, end, b) is not None:
            deferred = _deferred_after(masked, end, b, intent, rules)   # "…the timeline first before you render"
        break
    # What a clause does is read before its topic ("a video about free climbing" asks nothing),
    # unless the clause is itself a question ("did the title change go through?").
    asked = topic and _is_question(masked, a, b, rules)
    act = _act(masked, a, b, rules, None if asked else topic_at)
    if asked and act is None and intent is None and any(
            kind == PROGRESS for _s, _e, kind in rules.events.iter(masked, topic_at, b)):
        act = "slow"   # "is me video of the heifers done yet or …?": the topic is what the progress question is about
    if act == "ack" and intent == "export" and _thanked_for(masked, a, b, intent_at, rules):
        intent = None   # "received the exported file", "io received the export": thanks for it, no new render
    if act in ("cost", "slow") and topic and rules.request_open.match(masked, a, b) is not None:
        # "could you make a video about the cost of living?": a request, its topic is content
        act = _act(masked, a, b, rules, topic_at)
    if (act in ("cost", "slow") or intent is not None) and rules.reported.first(masked, a, b) \
            and not (_is_question(masked, a, b, rules)
                     and (act == "cost" or intent in _ANSWERED or not _asks_if_true(masked, b, rules))) \
            and _others_say(masked, a, b, rules, edits=True):
        # "她说手机下载太慢" and "she says it takes forever, really?": what someone said; "my mate
        # says exporting is free, true or not?" asks the cost
        return Clause(None, True, False, cancelled, None, None, None, held)
    if act in ("cost", "slow"):
        # A question about cost or about running work is that, whatever it names:
        # "how much does exporting cost?" is about credits, never an export.
        about = "export" if act == "slow" and rules.names_export.search(masked, a, b) else intent or deferred
        if act == "cost" and about in (None, "credits"):   # what the price is asked of, for the answer's first words
            about = "export" if rules.names_export.search(masked, a, b) else CHAT if rules.cue.first(masked, a, b) \
                else about
        return Clause(COST if act == "cost" else PROGRESS, False, False, cancelled, None, act, about,
                      held)
    if topic and act is None and _act(masked, topic_at, b, rules) == "condition" and (any(
            kind in _OWN_ACTIONS for _s, _e, kind in rules.events.iter(masked, topic_at, b))
            or rules.then_next.match(masked, b) is not None or masked[a:b].endswith("的话")):   # …如果已经 done 了，就直接出片
        return Clause(None, True, False, cancelled, None, "condition", None, held)   # 字幕好了的话就出片
    if topic and intent is None and 0 <= neg_open_at < topic_at and _negates_a_request(masked, neg_open_at, b, rules) \
            and rules.contrast.search(masked, neg_open_at, topic_at) is None:   # "don't add music yet just change the title" asks
        return Clause(None, False, False, True, None, act, None, held)    # 不要加字幕: nothing asked
    if topic and act is None and intent is None and not cancelled and _praises(masked, a, b, rules) \
            and not _asks_actively(rules, masked, a, topic_at):   # not "make the titles look great"
        return Clause(None, True, False, False, None, "ack", None, held)   # "the titles look great": praised, not an edit
    if topic:
        return Clause(intent, True, True, cancelled, deferred, act, None, held)
    if intent is None and deferred is None and dis_end >= 0:
        return Clause(DISMISSED, False, False, cancelled, None, act, None, held)
    if intent is not None and intent != "upload":
        # a progress question that names the export ("how much longer will the export take?") asks
        # about the export, as one read from its act does
        about = "export" if intent == PROGRESS and rules.names_export.search(masked, a, b) else None
        return Clause(intent, False, False, cancelled, deferred, act, about, held)
    if intent == "upload":
        for s, e, k in rules.events.iter(masked, cuts[-1][1], b):
            if k == "d" and _dismisses(masked, a, b, s, e, rules):
                cuts.append((s, e))   # 上传一下 x.mp4 先不用做别的: what is dismissed asks nothing
            elif not_now_at < 0 and (k == "l" or k == "n" and _negates_a_request(masked, s, b, rules)):
                not_now_at = s        # "upload this, but 先别加到时间线上": only the upload now
                break
    negated = intent is None and not_now_at < 0 and neg_open_at >= 0 and _negates_a_request(
        masked, neg_open_at, b, rules)
    if negated:
        not_now_at = neg_open_at   # "don't add any music", "don't touch the timeline": asks for nothing
    if intent is None and not_now_at < 0 and held is None and deferred is None and _ends_later(masked, a, b, rules):
        not_now_at = a   # "I'll decide where it goes later", 剪辑的事我等下再说: nothing asked now
    if not_now_at >= 0 and (held is None or negated or _negates_a_request(masked, not_now_at, b, rules)) \
            and deferred is None:   # 先不用 add 到 timeline: the step held, and the edit with it
        # a "not now" on no step: what it says is not asked now either (先别加到时间线上)
        cuts.append((not_now_at, b))
        cancelled = True
    if cuts:
        pieces, last = [], a
        for ca, cb in sorted(cuts):     # a "not now" to the end may overlap what was cut before it
            if ca > last:
                pieces.append(masked[last:ca])
            last = max(last, cb)
        pieces.append(masked[last:b])
        rest = " ".join(pieces)
    else:
        rest = masked[a:b]
    if intent == "upload":
        # the verbs are looked for where they stand ("here's the after shot": after "the", a noun)
        content = _has_content(rules, rest, media=True) and (use or _asks(rules, masked, a, b, verbs=True, skip=cuts))
        return Clause(intent, content, False, cancelled, deferred, act, None, held)
    # "go ahead with that": all filler, yet the agent must hear the yes
    content = _has_content(rules, rest) or rules.confirm.first(masked, a, b) is not None
    if act is None and content and _praises(masked, a, b, rules) and rules.polite_frame.search(masked, a, b) is None:
        act = "ack"     # "the cut is locked", 音乐很好听: approval, nothing asked (not 能…的话就太好了)
    return Clause(None, content, False, cancelled, deferred, act, None, held)


def _deferred_after(masked: str, p: int, b: int, intent: str, rules: _Rules) -> str | None:
    """The step a deferral after the clause's own step (at p) leaves for later, if any."""
    waiting = False
    for _s, _e, kind in rules.events.iter(masked, p, b):
        if kind == "f":
            waiting = True
        elif waiting and kind in rules.step_of and kind != intent and kind not in rules.questions:
            return kind
    return None


_ASKED_REACH = 120   # how far before the clause "what can you do?" is looked for


def _asks_what_else_it_does(masked: str, a: int, at: int, b: int, rules: _Rules) -> bool:
    """After "what can you do?" earlier in the message, a "can …" question naming the step asks
    what the tool does, unless it asks for it now (router.yaml `asks_what_it_does`)."""
    asked = rules.asks_what_it_does.first(masked, max(0, a - _ASKED_REACH), a)   # near: linear on any text
    if asked is None:
        return False
    modal = rules.asks_as_well.first(masked, asked[1], at)
    return modal is not None and rules.asks_now.first(masked, modal[0], _SENTENCE_REST.match(masked, b).end()) is None


def _asks_about(masked: str, a: int, at: int, b: int, rules: _Rules) -> bool:
    """Is the clause a question about its step (named at `at`) rather than a request for it
    (router.yaml `asks_about`, `asks_after`: how it works, where the file goes, what comes out),
    with no request frame ("can you export it in 4K?" asks for it)?"""
    if rules.just_asking.first(masked, a, min(len(masked), b + _TRUE_REACH)) is not None:
        return True     # 可唔可以导出竖屏㗎 我想知咋, "can it export vertical? just asking": a question
    if rules.reported.first(masked, a, b) and _asks_if_true(masked, b, rules):
        return True     # "he says you can export to YouTube, a true?": what the tool can do, asked
    if rules.asks_can.first(masked, _joined_from(masked, a), b) is not None and (
            _is_question(masked, a, b, rules) or masked[a].isascii() and rules.question_ahead.match(masked, b) is not None):
        return True     # 这个可以导出竖屏的不嘛, "can it make teasers and export for youtube?": the tool the subject
    if a and _asks_what_else_it_does(masked, a, at, b, rules):
        return True     # "what can you do? can ye make videos and download them for instagram n all"
    opened = rules.request_open.first(masked, a, b)
    if opened is not None:
        about = rules.asks_about.first(masked, a, b) if _A_NOT_A_WITHIN.search(masked, a, b) else None
        # 能不能直接发到抖音上: the 直接 is part of what is asked about, no request
        return about is not None and about[0] <= opened[0] and opened[1] <= about[1] \
            and _A_NOT_A_WITHIN.search(masked, about[0], about[1]) is not None
    if masked.endswith(_AFTER_IT, 0, a) and rules.asks_where.search(masked, a, b) is not None:
        return True     # 出片以后在哪下载啊: where it will be, asked (视频在哪里下载 asks for it)
    if rules.asks_after.first(masked, at, b) is not None:
        return True     # a Chinese question word after the step asks by itself (下载完的文件搁哪儿啊)
    if rules.asks_how_once_done.match(masked, a, _SENTENCE_REST.match(masked, b).end()) is not None:
        return True     # "how do I download the video when it's done?": how it works, asked
    ahead = rules.question_ahead.match(masked, b)
    if masked.startswith(_AFTER_IT, b):
        # 导出以后还有水印不？, 导出以后还能再改么: what comes after it, asked (导出之后发我链接好吗 asks for both)
        rest = ahead.end() if ahead is not None else _SENTENCE_REST.match(masked, b).end()
        if rules.request_open.first(masked, b, rest) is None and (
                (ahead is not None or _is_question(masked, b, rest, rules))
                and (rules.asks_about.first(masked, b, rest) or rules.asks_after.first(masked, b, rest))
                or rules.asks_where.search(masked, b, rest) is not None):   # 下载之后档案会跑去哪里啊: asked by its 哪
            return True
    found = rules.asks_about.first(masked, a, b)
    return found is not None and (ahead is not None or _is_question(masked, a, b, rules)
                                  or _A_NOT_A_WITHIN.search(masked, found[0], found[1]) is not None)


_A_NOT_A_WITHIN = re.compile(r"(\w)[不没]\1")   # 能不能直接发到抖音上: the question inside what it asks about


def _joined_from(masked: str, a: int) -> int:
    """Where the sentence starts when the clause at `a` is joined to it by "and" / "or" (its subject
    and modal said once: "can it make teasers and export for youtube?"), else `a`."""
    if not _joined_by_and(masked, a):
        return a
    return max(masked.rfind(mark, 0, a) for mark in _SENTENCE_MARKS) + 1


def _joined_by_and(masked: str, a: int) -> bool:
    """Is the clause at `a` joined to the one before it by "and" / "or" (no other word between)? A
    lone "&" reads as "n" by then (router.yaml dialect_words)."""
    return masked[max(0, a - 5):a].split()[-1:] in (["and"], ["or"], ["n"])


def _asks_if_true(masked: str, b: int, rules: _Rules) -> bool:
    """Does the sentence go on, after masked[:b], to ask whether it is true (router.yaml `asks_true`)?"""
    ahead = rules.question_ahead.match(masked, b)
    end = ahead.end() if ahead is not None else min(len(masked), b + _TRUE_REACH)
    return rules.asks_true.match(masked, b, end) is not None


_TRUE_REACH = 40   # how far after a clause its "true or not?" may end, with no question mark


def _names_the_export(masked: str, a: int, start: int, end: int, b: int, rules: _Rules) -> bool:
    """Does the export word at start:end name a thing rather than ask for the step? In English, after a
    determiner ("the download is stuck"), with no request verb before it ("send me the download") and
    no object after it ("afta dat render it out": a pronoun, then the verb); reports of it done ("got
    the download") are left to the thanks. In Chinese, with 的 and a noun after it (下载下来的文件) and no
    request before it (把导出的视频发我). router.yaml `export_named*`, `export_asked_before*`."""
    if not masked[start].isascii():
        # 上回点的导出: the export of before (上回你给我导出那个: a request word inside that time is of before too)
        earlier = rules.export_earlier_zh.search(masked, max(a, start - 10), start)
        return (masked[start:end] in rules.export_words_zh
                and (rules.export_named_zh.match(masked, end, b) is not None or earlier is not None
                     or (masked[start:end] == "成片" or masked.startswith(("来", "出来", "下来"), end))
                     and _praises(masked, a, b, rules))   # 成片巴适, 导出来效果安逸: the finished video praised
                and rules.export_asked_before_zh.search(masked, a, start if earlier is None else earlier.start()) is None)
    if rules.export_participle.match(masked, start, b) is not None or masked.startswith(_PAST, start) and (
            rules.export_participle_after.search(masked, max(a, start - 24), start) is not None):
        return rules.export_asked_before.search(masked, a, start) is None
    if masked.startswith(_PAST, start):
        own = rules.export_perfect.search(masked, max(a, start - 24), start)   # "we have rendered it"
        if own is not None:
            return rules.export_asked_before.search(masked, a, own.start()) is None
    word = masked[start:end].split()[0]
    after = start + len(word)
    while after < b and masked[after] == " ":
        after += 1
    if after < b and not masked[after].isascii() and rules.export_named_zh.match(masked, after, b) is not None:
        return (rules.export_asked_before_zh.search(masked, a, start) is None
                and rules.export_asked_before.search(masked, a, start) is None)   # 昨天 render 出来的片子
    if a > 0 and not masked[start + len(word):b].strip() and not masked[a:start].strip().count(" "):
        return False    # "send me the link after | the render": a clause of the word alone is the step waited for
    return (word in rules.export_nouns and (rules.export_named.search(masked, max(a, start - 8), start) is not None
                                            or rules.export_named_after.match(masked, start + len(word), b) is not None)
            and rules.object_next.match(masked, start + len(word)) is None
            and rules.export_asked_before.search(masked, a, start) is None
            and rules.export_done.first(masked, a, b) is None)


_PAST = ("exported", "rendered", "downloaded")
_AFTER_IT = ("以后", "之后")   # a step followed by these is a time ("导出以后…"), the clause split there
_SENTENCE_REST = re.compile(r"[^.!?。！？\n]{0,80}")   # the rest of a sentence with no question mark


def _praises(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Is the whole clause an approval of the work (router.yaml `praise`), not a question?"""
    found = rules.praise.match(masked, a, b)     # then nothing but filler, emoji ("… we needed 👍")
    return (found is not None and not _has_content(rules, masked[found.end():b])
            and not _is_question(masked, a, b, rules))


_LATER_TAIL = 24   # how far from a clause's end its "later" may start


def _ends_later(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Does the clause end by leaving what it says for later ("…, I'll decide later", 我等下再说)?"""
    last = None
    for found in rules.after.iter(masked, max(a, b - _LATER_TAIL), b):
        last = found
    return last is not None and last[2] == "l" and not _has_content(rules, masked[last[1]:b])


def _negates_a_request(masked: str, p: int, b: int, rules: _Rules) -> bool:
    """Is the negation at p followed closely by a request verb ("don't add", 不要加)?
    "no music" is not: it may answer the agent's question, so it is sent."""
    neg = rules.events.match(masked, p, b)
    end = neg[0] if neg is not None else p
    cue = rules.cue.first(masked, end, min(b, end + _NEG_SCOPE_CHARS))
    if cue is None or cue[2] != "v" or len(masked[end:cue[0]].split()) > 1:
        return False
    # "never used one of these before": the past after "never" says what happened, asks nothing
    return not (masked[p:end].strip() == "never" and masked[cue[0]:cue[1]].endswith("ed"))


_SEND_GAP = 4   # how far after a held step a bare "send it" still belongs to it ("link later 再发我")


def _cancelled_how(masked: str, start: int, end: int, b: int, neg_end: int, neg_kind: str, dis_end: int,
                   rules: _Rules, spent: bool = False) -> tuple[str, int]:
    """How the intent phrase at start:end is held back — "n" negated, "l" not now, "f" deferred
    (it happens after the rest of the message), "" it stands — and where what goes with it ends
    (a cue after the phrase goes too: "download it tomorrow")."""
    after = rules.after.first(masked, end, min(b, end + 2 * _NEG_SCOPE_CHARS))
    if after is not None:
        gap = masked[end:after[0]].split()
        # "the link I'll grab myself later": the person's own doing may stand between
        if len(gap) > (5 if rules.own_doing.intersection(gap) or masked[after[0]:after[1]].split()[-1] in rules.own_doing
                        else 2):
            after = None
    if after is not None and rules.others_named.search(masked, end, after[0]) is not None:
        after = None    # 上传 x.mp4 别的先不用弄: the "not now" is about the rest, the upload stands
    if after is not None and after[2] == "f":    # "… until you've added it", 导出之前: it waits, then runs
        return "f", after[1]
    if neg_end >= 0 and _negation_reaches(masked, neg_end, start, rules, spent) and not (
            neg_kind == "f" and spent and _opens_anew(masked, neg_end, start, b, rules)):
        return neg_kind, end
    if after is not None and not (after[2] == "l" and masked[start - 1:start] == "先"):
        return after[2], after[1]     # "download it tomorrow", 导出就算了; 先传上去回头再说弄啥 uploads now
    if dis_end >= 0 and all(w in rules.dismiss_gap for w in masked[dis_end:start].split()):
        return "n", end
    return "", end


def _opens_anew(masked: str, neg_end: int, start: int, b: int, rules: _Rules) -> bool:
    """Do the words between a deferred step (ending at neg_end) and the next one open a request of
    their own ("before you render check my credits", "before you export can you show me the
    timeline")? Then the deferral stays with its step and the next one is asked now."""
    p = _past_spaces(masked, neg_end, start)
    return neg_end < p <= start and _leads(masked, p, b, rules)   # only once a step is deferred (see spent)


def _negation_reaches(masked: str, neg_end: int, start: int, rules: _Rules, spent: bool = False) -> bool:
    """Does the negation (or the negated step) ending at neg_end reach the step at start? Only
    close by, and not past a request verb with words of its own ("no need to add music lol just
    render it": the negation is the verb's) nor past a turn after what was negated ("别 export 了
    just 给我 link"; right after the negation the "just" is part of it: "don't just export it")."""
    gap = masked[neg_end:start]
    if len(gap) > _NEG_SCOPE_CHARS or len(gap.split()) > _NEG_SCOPE_WORDS:
        return False
    if rules.export_nouns.intersection(gap.split()):
        return False    # "hold off on rendering bruv show me the timeline": the negation is spent on the render
    if any(kind == "v" and len(masked[e:start].split()) > 1 for _s, e, kind in rules.cue.iter(masked, neg_end, start)):
        return False
    if len(gap.split()) > 1 and rules.instead_of.search(masked, max(0, neg_end - 14), neg_end) is not None:
        return False    # "instead of the mp4 send the web link": spent on the mp4, what comes after asks
    if spent and rules.export_asked_before.search(gap) is not None and not rules.joined.search(gap):
        return False    # "instead a di mp4 file send di web link": spent on the file, the send asks
    turn = rules.contrast.search(gap)
    # "I don't need it downloaded just send me the link": spent on its step, the "just" turns
    return turn is None or not spent and not gap[:turn.start()].strip()


_TAG_REACH = 24   # how far from a clause's end a question tag may start (是否 and twelve characters, "or what")
_A_NOT_A = re.compile(r"(\w{1,2})[不没]\1\w{0,3}$")   # 收不收积分, 好不好, 加没加好, 有没有改好: a yes-no question


_AFTER_QUESTION = "呀啊啦哦咯啰撒噻"   # the particles after a question (搞定没呀, 加上去没得哦, 收费不咯, 一样的撒): its mark is before them


def _is_question(masked: str, a: int, b: int, rules: _Rules) -> bool:
    tail = masked[a:b].rstrip().rstrip(_AFTER_QUESTION)
    if tail[-1:].isascii() and not tail.isascii():  # title改好了没 bro: an English word after the question
        tail = tail.rstrip("abcdefghijklmnopqrstuvwxyz !~.").rstrip(_AFTER_QUESTION)
    if masked[b:b + 1] in ("?", "？") or ("不" in tail or "没" in tail) and _A_NOT_A.search(tail):
        return True
    # what a question ends with is in its last words (吗, "… or not", "…是否另行计费"): the rest is not scanned
    return rules.question_open.match(masked, a, b) is not None or rules.asks_at_end.search(
        tail, max(0, len(tail) - _TAG_REACH)) is not None or rules.asks_within.search(masked, a, b) is not None \
        or _asks_if_true(masked, b, rules)    # "… is free, true or not?": what was said, asked


def _thanked_for(masked: str, a: int, b: int, said: tuple[int, int], rules: _Rules) -> bool:
    """Is the step's word inside the clause's thanks ("received the exported file")? Then it names
    the file that came, it does not ask for another."""
    return any(kind == "a" and start <= said[0] and said[1] <= end for start, end, kind in rules.acts.iter(masked, a, b))


def _act(masked: str, a: int, b: int, rules: _Rules, until: int | None = None) -> str | None:
    """The clause's act (router.yaml `acts`): a question about cost, then one about progress
    ("it's been stuck so long, will it still charge me?" is about cost), wherever they are;
    else a condition, only when it opens the clause ("if it's fine, …"; a Chinese one anywhere:
    够的话就…); else thanks. A cost word that is not a phrase ("price", 价格) asks only in a
    question: "价格OK" agrees to it. With `until` (where the clause's topic starts), only what
    starts before it counts ("can you check whether the subtitle fix went through")."""
    slow: tuple[str, int] | None = None
    condition: tuple[str, int] | None = None
    ack = None
    asked: bool | None = None   # is the clause a question: looked up once, when a kind needs it
    priced = progress_asked = False
    polite_end = -1   # where a polite "…的话就太好了" ends
    for start, end, kind in rules.acts.iter(masked, a, b):
        if until is not None and start >= until:
            break
        if kind in ("k", "K", "S") and asked is None:
            asked = _is_question(masked, a, b, rules)
        if kind == "k":
            # "if it's free, …": what the next step depends on, not a question
            return "condition" if condition is not None and not asked else "cost"
        if kind == "K" and asked:
            priced = True   # a cost word asked about, unless the question asks whether work went through
        elif kind == "s" or kind == "S" and asked:
            slow = slow or ("slow", start)
            progress_asked = progress_asked or kind == "S" or end == b   # …改好了吗: what the clause asks
        elif kind == "c" and (great := rules.would_be_great.match(masked, end)) is not None:
            polite_end = great.end()   # 能把音乐调小的话就太好了: asked, politely; its 太好了 is no thanks
        elif kind == "c" and condition is None and (
                not masked[start].isascii() or not _has_content(rules, masked[a:start])
                or _condition_check(masked, start, b, rules) is not None):
            # opening the clause, or after what it conditions when it names something the
            # skill can check ("export it if the subtitles are done")
            condition = ("condition", start)
        elif kind == "a" and start >= polite_end:
            ack = "ack"
    if priced and not progress_asked:   # "did the new price actually update?": the work, not the cost
        return "cost"
    if slow and condition:   # "if the music update went through, export it": what it checks
        return "condition" if condition[1] < slow[1] else "slow"
    if not (slow or condition) and _bare_progress_question(masked, a, b, rules):
        return "slow"
    return (slow or condition or (ack, 0))[0]


_BARE_QUESTION = 24   # "finished?", "all done yet?": longer questions name what they ask about


def _bare_progress_question(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Is the clause only a progress word asked as a question ("finished?", "done yet?", 好了吗)?"""
    if b - a > _BARE_QUESTION or not (masked[b:b + 1] in ("?", "？") or masked[b - 1:b] in ("吗", "没", "呢")):
        return False    # most clauses: no scan
    found = rules.checks.first(masked, a, b)
    return (found is not None and found[2] == "P" and masked[found[0]:found[1]] != "so"
            and not _has_content(rules, masked[a:found[0]] + " " + masked[found[1]:b], media=True))   # "video ready?"


def _dismisses(masked: str, a: int, b: int, start: int, end: int, rules: _Rules) -> bool:
    """Is the dismissal phrase at start:end the clause's own? It is when only
    filler comes before it ("oh forget it"), or, for a Chinese one, after it
    (音乐就算了); elsewhere it is content ("so nobody can forget it")."""
    if start == a or not _has_content(rules, masked[a:start]):
        return True
    # 音乐就算了, 标题never mind了: a dismissal that ends a Chinese clause
    return (not masked[start].isascii() or not masked[a:start].isascii()) and not _has_content(rules, masked[end:b])


def _ends_dismissed(masked: str, p: int, b: int, rules: _Rules) -> bool:
    """Does masked[p:b] end with a (Chinese) dismissal: 标题……不用了?"""
    for start, end, kind in rules.events.iter(masked, p, b):   # 标题never mind了: an English one after Chinese
        if kind == "d" and (not masked[start].isascii() or not masked[max(0, p - 2):p].isascii()) \
                and not _has_content(rules, masked[end:b]):
            return True
    return False


def _typo_fix(masked: str, a: int, b: int, rules: _Rules, text: str) -> str | None:
    """masked[a:b] with its misspelled intent keywords corrected, or None
    when it has none (then nothing is re-routed). A word capitalized inside a sentence of the
    original `text` is a name ("a pun on their name, Rendell"), not a misspelling."""
    typos = rules.typo
    out: list[str] | None = None
    last = a
    for m in typos.word.finditer(masked, a, b):
        word, before = text[m.start():m.end()], text[:m.start()].rstrip()[-1:]
        if word[:1].isupper() and word[1:].islower() and before not in _SENTENCE_OPENS and before.isascii():
            continue    # inside an English sentence (after Chinese, a capital is the input method's)
        fix = typos.correct(m.group())
        if fix is not None:
            if out is None:
                out = []
            out.append(masked[last:m.start()])
            out.append(fix)
            last = m.end()
    if out is None:
        return None
    out.append(masked[last:b])
    return "".join(out)


_SENTENCE_OPENS = ("", ".", "!", "?", ":", "\n", "。", "！", "？")   # where any word may be capitalized


def _classify_fixed(masked: str, a: int, b: int, rules: _Rules, found: Clause, text: str) -> Clause:
    """A clause without an intent (`found`), routed again with its misspellings
    corrected (the fallback of router.yaml `typo`); `found` when there are none.
    Callers first check `rules.typo.finds`: most clauses have no word that
    misspells a keyword, and pay only one C scan and a lookup a long word."""
    fixed = _typo_fix(masked, a, b, rules, text)
    if fixed is None:
        return found
    again = _classify(fixed, 0, len(fixed), rules)
    # "dont exprot it yet": the corrected clause holds the step back, which counts as much as a step
    return again if again.intent is not None or again.held is not None else found


def _asks(rules: _Rules, s: str, a: int, b: int, verbs: bool = False, skip: list[tuple[int, int]] = ()) -> bool:
    """Does s[a:b] ask for something: a verb (chat_cue) or, unless `verbs`, a question? A verb
    inside one of the `skip` spans (the clause's own upload phrase) does not count."""
    if not verbs:
        return rules.cue.first(s, a, b) is not None
    # "the corrected graph", "my edited version": after a determiner the verb is an adjective
    return any(kind == "v" and not rules.owned.search(s, a, start) and not any(x <= start < y for x, y in skip)
               for start, _, kind in rules.cue.iter(s, a, b))


def _asks_actively(rules: _Rules, s: str, a: int, b: int) -> bool:
    """`_asks`, but a verb said of what happened to something asks nothing: "the party got moved to
    next week", "the intro was cut" report, they do not request."""
    return any(kind != "v" or not s.endswith("ed", start, end) or rules.passive_before.search(s, max(a, start - 8), start) is None
               for start, end, kind in rules.cue.iter(s, a, b))


def route(text: str, attachments: Sequence[str] = ()) -> Route:
    """Route one user message (plus any attached file paths) to a plan."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if isinstance(attachments, (str, bytes)):
        attachments = (attachments,)
    atts = tuple(a if isinstance(a, str) else os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else str(a)
                 for a in attachments if a) if attachments else ()
    rules = _rules()
    if rules._routed < _HOT:   # the first messages of a process
        rules._routed += 1
        if rules._routed == _HOT:
            rules.settle()
    if len(text) > MAX_SCAN:
        # Nobody types a command that long: it is content for the agent (a
        # script, a pasted document). Route its opening for URLs, forward it
        # whole. Keeps any input, however adversarial, fast.
        masked, urls = _mask(text[:MAX_SCAN], _lower(text[:MAX_SCAN]), rules)
        plan = ("upload", CHAT) if (atts or urls) else (CHAT,)
        return Route(plan, tuple(urls), atts, _detect(masked), text.strip())
    return _route_full(text, atts, rules)


# negation, not now, dismissal (router.yaml events). Not `_HOLDS` (negation, not now, deferral): a
# question that defers a step ("can i download it later?") still wants its answer; one that dismisses
# it holds it and wants none.
_HOLDING_KINDS = frozenset({"n", "l", "d"})


# What a person may ask to see before a step they asked for ("export it, check my credits first").
_LOOKS_FIRST = frozenset({"credits", "state"})


def _unanswered_question(text: str, masked: str, atts: tuple[str, ...], rules: _Rules) -> bool:
    """Is a message that plans nothing still a question wanting an answer ("can i download it
    later?", "should i wait before exporting?")? The agent gives it. Not when it holds a step
    ("could you hold off on the export?", 先别导出好吗？): that sends nothing, by design."""
    if atts or not text.rstrip().endswith(("?", "？")):
        return False
    return not _holds_a_step(masked, rules)


def _dismisses_an_edit_before(masked: str, rules: _Rules) -> bool:
    """Does the message dismiss something after an edit was asked ("add a fade in then export. oh never mind
    the fade", 加个淡出 还是不要了)? Not one it opens with ("don't bother with subtitles just get the music in")."""
    return any(kind == "d" and rules.edit_words.first(masked, 0, s) is not None
               for s, _e, kind in rules.events.iter(masked, 0, len(masked)))


def _holds_a_step(masked: str, rules: _Rules) -> bool:
    """Does the message negate, put off or dismiss a step anywhere ("don't", 先别, "never mind")?"""
    return any(kind in _HOLDING_KINDS for _s, _e, kind in rules.events.iter(masked, 0, len(masked)))


def _route_full(text: str, atts: tuple[str, ...], rules: _Rules) -> Route:
    """route() without the length cap (tests drive it with adversarial text)."""
    masked, urls = _mask(text, _lower(text, rules), rules)
    return _decidable_condition(_second_reading(_route_rules(text, masked, urls, atts, rules), text, masked, rules),
                                text, masked)


def _decidable_condition(routed: Route, text: str, masked: str) -> Route:
    """A condition the skill decides itself (skill.text.conditions) that neither reading planned a check
    for: on the balance, or on the last request being done."""
    if routed.attachments or routed.urls:
        return routed
    if routed.act == "condition" and routed.plan[-1:] == ("credits",):
        return _request_before_the_balance(routed, text, masked)
    asked = _asked_on_the_balance(routed, text, masked)
    if asked is not routed:
        return asked
    on_balance = _on_the_balance(routed, masked)
    if on_balance is not routed or routed.act != "condition":
        return on_balance
    if routed.plan == ("state",) and routed.chat_text is None:
        return _after_a_request(routed, text, masked)
    if routed.plan:
        return routed
    progress = _on_progress(routed, text, masked)
    return progress if progress.plan else _judged_after_a_request(routed, text, masked)


def _judged_after_a_request(routed: Route, text: str, masked: str) -> Route:
    """A request, then a condition only the person can judge ("先改成竖屏9:16 如果看着还行就导出", "把音乐
    音量调到40% 要是听着不吵的话就导出"): the rules read it all as the condition and dropped the request. The
    request is sent; the plan stops at the condition (the person decides: skill.app.plan)."""
    from skill.text import conditions

    start = conditions.opens_after(masked)
    if start is None or not _a_request_before(masked, start):
        return routed
    before = route(text[:start])
    if before.plan != (CHAT,) or before.act is not None or before.asks is not None:
        return routed
    return Route(before.plan, (), (), routed.language, before.chat_text, None, "condition", None)


def _after_a_request(routed: Route, text: str, masked: str) -> Route:
    """A request, then a condition on it with no pause the clauses split at ("先把片头缩短到3秒
    如果改好了发我链接", "trim the intro to 3 seconds if it worked send me the link"): the rules read one
    clause, a condition, and dropped the request. The request, then where it stands."""
    from skill.text import conditions

    start = conditions.on_the_request_before(masked)
    if start is None or not _a_request_before(masked, start):
        return routed
    checked = _checked_at(routed, text, start, "state", PROGRESS)
    return checked if checked.plan == (CHAT, "state") else routed


def _request_before_the_balance(routed: Route, text: str, masked: str) -> Route:
    """A request, then with no pause a condition on the balance and the step it gates ("make the music
    louder if I have more than 50 credits then export", "把片头缩短到3秒 如果余额超过50就导出"): the rules
    read the request into the condition, and dropped it or sent the condition to the agent with it."""
    from skill.text import conditions

    start = conditions.on_the_balance_after(masked)
    if start is None or routed.chat_text is not None and text[start:start + 6] not in routed.chat_text \
            or not _a_request_before(masked, start):
        return routed    # (the request was read apart from the condition: "add the outro, and if …")
    checked = _checked_at(routed, text, start, "credits", None)
    if checked.plan != (CHAT, "credits"):
        return routed
    gated = conditions.read(text, checked.plan, route)   # a step after it, not the request before it
    return checked if gated is not None and CHAT not in gated.then else routed   # ("…, only if my balance is enough for it")


def _a_request_before(masked: str, start: int) -> bool:
    """Is masked[:start] a request of its own: a verb with something after it, leading the clause?
    Not an earlier request named ("subtitles 如果已经加好了就 download")."""
    rules = _rules()
    verb = rules.cue.first(masked, 0, start)
    return verb is not None and bool(masked[verb[1]:start].strip()) and _leads(masked, 0, start, rules)


def _asked_on_the_balance(routed: Route, text: str, masked: str) -> Route:
    """"got more than 30 pts?? then send the link", "any points left? if so make one more version": the
    rules read a question and then a request, and ran the request whatever the answer; it is a condition
    on the balance (what was asked before it still runs first)."""
    from skill.text import conditions

    start = conditions.asked_on_the_balance(masked)
    return routed if start is None else _checked_at(routed, text, start, "credits", None)


def _on_progress(routed: Route, text: str, masked: str) -> Route:
    """A condition the rules read but found nothing to check for, that asks whether the last request
    went through (背景音乐换成功了的话发我链接, 如果上次的修改成功了，再做一个竖屏版本): where the work
    stands, and the plan stops there (the plan decides it), when it gates a step the message asks.
    Only there: elsewhere the rules read such conditions better than a word list does (tried on every
    plan, it changed 299 labelled routes, 288 of them for the worse: "剪辑要是弄完了，就把视频下载下来"
    planned the agent's work, "if it's no trouble, could you send the finished video" a condition)."""
    from skill.text import conditions

    span = conditions.on_progress(masked)   # (not one on the balance: _decidable_condition read that first)
    return routed if span is None else _checked_at(routed, text, span[0], "state", PROGRESS)


def _checked_at(routed: Route, text: str, start: int, check: str, asks: str | None) -> Route:
    """The route of a condition starting at text[start] that `check` answers: what was asked before it
    (read on its own), then the check, and the plan stops there; `routed` when the condition gates
    nothing the message asks (skill.text.conditions reads what it gates)."""
    from skill.text import conditions

    before = route(text[:start]) if text[:start].strip() else None
    if before is not None and (before.act == "condition" or before.attachments or before.urls):
        return routed
    plan = (*(before.plan if before else ()), check)
    if conditions.read(text, plan, route) is None:
        return routed
    return Route(plan, (), (), routed.language, before.chat_text if before else None, asks, "condition", None)


def _on_the_balance(routed: Route, masked: str) -> Route:
    """A condition on the balance the skill decides itself, that neither reading took for one ("render
    it as long as I have at least forty points", 积分还有一百以上就帮我出片; "if I'm under 10 credits show
    me the timeline" read as a condition on the timeline): the plan is its check,
    and stops there (skill.text.conditions decides it when the plan runs). Only in a plan without the
    agent's work, or one that ends at the balance: a request to the agent keeps its words ("make a
    video about checking if you have over 50 credits")."""
    if CHAT in routed.plan and routed.plan[-1] != "credits":
        return routed
    from skill.text import conditions

    if not conditions.on_the_balance(masked):
        return routed
    if CHAT in routed.plan:   # "先把片尾字幕改成…，积分超过四十就导出": the edit, then the check it planned
        return routed._replace(act="condition", asks=None)
    return Route(("credits",), (), (), routed.language, None, None, "condition", None)


def _second_reading(routed: Route, text: str, masked: str, rules: _Rules) -> Route:
    """The rules' route, read again by the learned model (skill.text.speech_acts): first each step
    the rules planned (`_checked_steps`), then the plan as a whole (`_whole_plan`). Never with files
    or links: the rules read those."""
    if routed.attachments or routed.urls:
        return routed
    from skill.text import speech_acts   # only here: a message with files never reads the model

    model = speech_acts.model(speech_acts_path())
    checks_steps = bool(routed.plan) and ("export" in routed.plan or CHAT in routed.plan)
    if not checks_steps and not _may_replan(routed, model):
        return routed        # neither reading applies: the message is not even hashed
    words, found = speech_acts.buckets(masked, model.bits)
    if not model.knows(words):
        return routed        # mostly words it never read ("exprot pls"), or a few words: the rules alone
    if checks_steps:
        routed = _checked_steps(routed, text, masked, rules, model, found)
    return _whole_plan(routed, text, masked, rules, model, found) if _may_replan(routed, model) else routed


def _may_replan(routed: Route, model) -> bool:
    """A step it never learned stays the rules' ("how do i upload a video?"; a step a developer adds
    to router.yaml); so does a plan emptied because the person took it back ("make the title red,
    never mind": the rules read what takes it back)."""
    return model.plan_steps.issuperset(routed.plan) and not (routed.act in ("dismissed", "held") and not routed.plan)


def _drops_before_a_condition(routed: Route, plan: tuple[str, ...]) -> bool:
    """Would `plan` drop the steps the rules read before a condition, keeping its check? Those were
    asked outright ("瞅瞅余额，标题改好了的话就出片": the balance, then the check); the model, reading the
    whole message, leans to the condition alone. Measured on the never-read stress sets: it dropped a
    step asked far more often than one the rules took from a mention."""
    return routed.act == "condition" and 0 < len(plan) < len(routed.plan) and routed.plan[-len(plan):] == plan


def _asks_nothing(routed: Route, masked: str, rules: _Rules) -> Route:
    """The route of a message the model is sure asks for nothing: "held" when it holds a step back."""
    return Route((), (), (), routed.language, None, routed.asks, "held" if _holds_a_step(masked, rules) else "ack",
                 routed.about)


def _whole_plan(routed: Route, text: str, masked: str, rules: _Rules, model, found: list[int]) -> Route:
    """The plan the model is sure of, when the rules made another: it has read the whole message
    at once, where the rules read words and clauses ("Tenkee, I git de file. E download fine fine"
    asks nothing; "先查下我还剩多少积分，再render嘎": the balance, then the export)."""
    sure, plan = model.plan(found)
    if plan is None or sure <= model.plan_sure or plan == routed.plan:
        return routed
    if _drops_before_a_condition(routed, plan):
        return routed   # "瞅瞅余额，标题改好了的话就出片"
    if routed.plan[:1] == ("export",) and sorted(plan) == sorted(routed.plan) and _then_after_export(masked, rules):
        return routed   # "export, then make the music louder": the same steps, in the order said
    if routed.plan == ("export",) and CHAT in plan \
            and not _has_content(rules, rules.again.sub(" ", rules.events.blank(masked))):
        return routed   # "再导出一次": the export again, nothing for the agent
    if "export" in plan and "export" not in routed.plan and routed.plan and _last_export_held(masked, rules):
        return routed   # "fade the music in and export, no wait, don't export": the rules read it taken back
    if CHAT in plan and CHAT not in routed.plan and routed.plan and _dismisses_an_edit_before(masked, rules):
        return routed   # "add a fade in then export. oh never mind the fade": the rules read the edit taken back
    if not plan:
        return _asks_nothing(routed, masked, rules)
    chat_text = (routed.chat_text or text.strip()) if CHAT in plan else None
    asks = routed.asks or (_ASKS_OF.get(plan[0]) if len(plan) == 1 else None)
    act = routed.act if routed.act and set(plan) <= set(routed.plan) else None   # a condition's check kept
    if act is None and plan[-1] in ("state", "credits") and _act(masked, 0, len(masked), rules) == "condition":
        act = "condition"    # it stops at the check the condition asks for: the reply says it stopped there
    return Route(plan, (), (), routed.language, chat_text, asks, act, routed.about)


_DEFERS = frozenset({"f"})


def _put_off(masked: str, a: int, b: int, rest: list, rules: _Rules) -> bool:
    """Is the agent's work in masked[a:b] put off ("等一下再…") until a clause after it that says it
    goes first ("…，先导出")?"""
    if rules.events.match(masked, a, b, only=_DEFERS) is None:
        return False
    return any(masked.startswith("先", c) or rules.first_of_all.match(masked, c) is not None for _c, c, _d in rest)


def _last_export_held(masked: str, rules: _Rules) -> bool:
    """Is the last export the message names negated or put off right before it ("…, no wait, don't
    export", 把音量调到40% 以后再导出)? Not one asked again after ("先别急着export，…，然后再出")."""
    events = list(rules.events.iter(masked, 0, len(masked)))
    last = max((i for i, (_s, _e, kind) in enumerate(events) if kind == "export"), default=0)
    if last == 0:
        return False    # no export, or nothing said before it
    _s, held_end, kind = events[last - 1]
    return kind in _HOLDING_KINDS and len(masked[held_end:events[last][0]].strip()) <= 2 \
        and rules.sequence.search(masked, events[last][1]) is None    # (not "…, 然后再出": asked again)


def _then_after_export(masked: str, rules: _Rules) -> bool:
    """Does a word of sequence ("then", 再, 然后) follow the first export the message asks for, or was
    something put off until after it ("等一下再把标题改成海鸥 先导出")?"""
    events = list(rules.events.iter(masked, 0, len(masked)))
    export = next((e for _s, e, kind in events if kind == "export"), None)
    return export is not None and (rules.sequence.search(masked, export) is not None or any(
        kind in _DEFERS and nxt[2] != "export" for (_s, _e, kind), nxt in zip(events, events[1:])))


def _checked_steps(routed: Route, text: str, masked: str, rules: _Rules, model, found: list[int]) -> Route:
    """A step the model is very sure was not asked is dropped ("got the download on my phone, plays
    fine", 导出的文件我存到电脑里了: no new render), and a message it is very sure asks for nothing
    plans nothing. Only an export or a message for the agent is checked: those are what the rules
    take from mere mentions."""
    nothing = model.probability("nothing", found)
    kept = _kept(routed.plan, model, found)
    if kept and _drops_before_a_condition(routed, kept):
        kept = None   # "字幕颜色换白色，要是…弄好了就下载给我"
    if nothing > model.nothing or kept == () and nothing > model.emptied:
        return _asks_nothing(routed, masked, rules)
    if kept == ():
        # the step the rules found was not asked: what was, if the model is sure of it ("wah it go cost
        # me to download in 4k" asks the price; "whats the difference between downloading and exporting"
        # is for the agent)
        sure, best = max((model.probability(s, found), s) for s in _INSTEAD)
        if sure > model.instead and best not in routed.plan:
            return Route((best,), (), (), routed.language, text.strip() if best == CHAT else None,
                         routed.asks or _ASKS_OF.get(best), None, routed.about or routed.plan[0])
        if CHAT not in routed.plan and _unanswered_question(text, masked, (), rules):
            return Route((CHAT,), (), (), routed.language, text.strip())   # asked about the export: the agent answers
    if not kept:   # all kept (None), or none and the model not sure enough that nothing was asked
        return routed
    return routed._replace(plan=kept, chat_text=routed.chat_text if CHAT in kept else None)


_INSTEAD = (CHAT, "state", "credits")   # what a message may ask when the step the rules found was not asked
_ASKS_OF = {"state": PROGRESS, "credits": COST}


def _kept(plan: tuple[str, ...], model, found: list[int]) -> tuple[str, ...] | None:
    """The plan without the steps the model is very sure were not asked (None: it keeps them all)."""
    alone = len(set(plan)) == 1
    # beside another step, the whole message's words lean towards that step: surer before dropping
    limits = model.veto if alone else {**model.veto, **model.beside}
    kept = [s for s in plan if s not in limits or model.probability(s, found) >= limits[s]]
    if len(kept) == len(plan):
        return None
    return tuple(s for i, s in enumerate(kept) if not i or s != kept[i - 1])   # [chat, export, chat]: one chat


def _route_rules(text: str, masked: str, urls: list[str], atts: tuple[str, ...], rules: _Rules) -> Route:
    """The route the rules read in the masked text."""
    language = _detect(masked)
    has_media = bool(atts or urls)

    spans = _clauses(masked, rules)
    if len(spans) == 1 and not has_media:   # the common case, one clause and no files: answered here
        a, b, _ = spans[0]
        clause = _classify(masked, a, b, rules)
        if clause.intent is None and clause.act is None and rules.typo.finds(masked, a, b):
            clause = _classify_fixed(masked, a, b, rules, clause, text)
        if clause.act is None and not clause.deferred and not clause.cancelled:
            if clause.intent is None and clause.content:
                return Route((CHAT,), urls, atts, language, text.strip())
            if clause.intent is not None and clause.intent not in (DISMISSED, "upload") \
                    and not _not_asked(clause.intent, masked, a, b, rules, False):   # as _plan reads it
                return Route((rules.step_of[clause.intent],), urls, atts, language, None,
                             PROGRESS if clause.intent == PROGRESS else None, None, clause.about)
        return _plan(text, masked, urls, atts, language, has_media, [(clause, a, b)], rules)

    clauses: list[tuple[Clause, int, int]] = []
    prev_topic = False
    moved: int | None = None                 # where the last reversed clause went
    for a, b, boundary in spans:
        if boundary == "w" and prev_topic and not _leads(masked, a, b, rules):
            fixed = _typo_fix(masked, a, b, rules, text) if rules.typo.finds(masked, a, b) else None
            if fixed is None or not _leads(fixed, 0, len(fixed), rules):
                # more of the topic: the clause before goes on ("a video about cats, dogs and birds");
                # the clause before is where it went ("export after you fix the captions, the …")
                last = len(clauses) - 1 if moved is None else moved
                if clauses and clauses[last][0].topic:
                    clauses[last] = (clauses[last][0], clauses[last][1], b)
                else:
                    clauses.append((Clause(None, True, True, False, None, None), a, b))
                continue
            clause = _classify(fixed, 0, len(fixed), rules)
        else:
            clause = _classify(masked, a, b, rules)
            if clause.intent is None and clause.act is None and rules.typo.finds(masked, a, b):
                clause = _classify_fixed(masked, a, b, rules, clause, text)
        prev_topic = clause.topic
        if clause.intent is not None and clauses and (
                rules.waits_on_person.match(masked, *clauses[-1][1:]) or len(clauses) > 1 and (
                    clauses[-1][0].act == "ack" and rules.waits_on_person.match(masked, *clauses[-2][1:]))):
            # 等我确认了｜再导出, "once I've had a proper look | and said ok, | export it": not now
            clause = Clause(None, False, False, True, None, None, None, clause.intent)
        if boundary == "w" and clauses and clauses[-1][0].intent == DISMISSED and _named_after_dismissal(
                masked, a, b, clause, rules):
            clause = Clause(DISMISSED, False, False, True, None, None, None, clause.intent)  # "forget the export and the link"
        if clause.intent is not None and clause.deferred is None and clauses and _waits_for(masked, *clauses[-1][1:], rules):
            clause = clause._replace(intent=None, deferred=clause.intent)   # 等字幕加好了｜再导出: after the rest
        if boundary == "r" and clauses and clauses[-1][0].act in ("cost", "slow"):
            clauses[-1] = (clauses[-1][0], clauses[-1][1], b)   # "how much to export after adding this?": asked
            continue
        if clauses and (boundary == "w" or boundary == "s" and not masked[a].isascii() and masked[clauses[-1][2]:a].isspace()
                        and clauses[-1][0].intent is not None) \
                and _asks_cost_of(clauses[-1], clause, masked, a, b, rules):   # 导出高清 要多少积分: a pause
            clauses[-1] = (clause._replace(about=clauses[-1][0].intent or clause.about), clauses[-1][1], b)
            continue
        if (boundary == "w" or boundary == "s" and not masked[a].isascii()) and len(clauses) >= 2 \
                and clause.intent is None and clauses[-2][0].intent is not None \
                and rules.correction.match(masked, *clauses[-1][1:]) is not None \
                and rules.goes_first.search(masked, a, _sentence_end(masked, b)) is not None:
            clauses.insert(len(clauses) - 2, (clause, a, b))   # "export la. oh wait, fix the typo before that"
            continue
        if (boundary == "w" or boundary == "s" and not masked[a].isascii()) and clauses \
                and (clause.intent is None or clause.intent in _LOOKS_FIRST and clause.act is None) \
                and clauses[-1][0].intent not in (None, DISMISSED) and clauses[-1][0].act != "condition" \
                and not _only_correction(masked, a, b, rules) and rules.goes_first.search(masked, a, b) is not None:
            # "render pls, oh wait add my stall number … first"; with no "wait": "export it, fix the title
            # first"; a look asked first too ("export it, check my credits first", 出片 不过先看一哈积分)
            clauses.insert(len(clauses) - 1, (clause, a, b))
            continue
        if boundary == "r" and clauses:      # "A when you're done B": B first
            moved = len(clauses) - 1
            while moved and (_says_nothing(clauses[moved][0]) or _only_correction(masked, *clauses[moved][1:], rules)):
                moved -= 1                   # "export it and oh aye before that …": before the export
            if rules.first_of_all.search(masked, clauses[-1][2], a):
                # "add the logo, then music, then export. but first check my credits": before that sentence
                while moved and not _SENTENCE_END.search(masked, clauses[moved - 1][2], clauses[moved][1]):
                    moved -= 1
            clauses.insert(moved, (clause, a, b))
        elif moved is not None and boundary == "w" and clause.intent is None and clause.act is None:
            moved += 1                       # "… after you swap the 2nd and 3rd clips": more of B
            clauses.insert(moved, (clause, a, b))
        else:
            moved = None
            clauses.append((clause, a, b))
    return _plan(text, masked, urls, atts, language, has_media, clauses, rules)


_NOT_YET_LEAD = 8   # how far into a clause after a held step its "not done yet" may start (我憨了还没弄好)


def _not_yet_within(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Does the clause say early on that something is not done yet (router.yaml `not_yet`: 还没弄好)?"""
    found = rules.not_yet.first(masked, a, b)
    return found is not None and found[0] <= a + _NOT_YET_LEAD


def _says_nothing(clause: Clause) -> bool:
    """Is the clause only filler ("oh aye", "ok so"): no step, no content, no act, nothing held?"""
    return (clause.intent is None and not clause.content and clause.act is None and clause.deferred is None
            and not clause.cancelled and clause.held is None)


def _only_correction(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Is masked[a:b] a correction's opening and nothing more but filler ("oh wait", "actually no", 哦不对)?"""
    found = rules.correction.match(masked, a, b)
    return found is not None and not _has_content(rules, masked[found[0]:b])


def _sentence_end(masked: str, p: int) -> int:
    """Where the sentence holding position p ends (its mark, or the end of the text)."""
    found = _SENTENCE_END.search(masked, p)
    return len(masked) if found is None else found.start()


_SENTENCE_MARKS = ".!?。！？\n"
_SENTENCE_END = re.compile("[" + re.escape(_SENTENCE_MARKS) + "]")


def _named_after_dismissal(masked: str, a: int, b: int, clause: Clause, rules: _Rules) -> bool:
    """Is the clause's step named right at its start, after only the words a dismissal passes over
    ("the link" in "forget the export and the link"), so the dismissal before it takes it too?"""
    if clause.intent not in rules.step_of or not _joined_by_and(masked, a):
        return False
    first = rules.events.first(masked, a, b)
    if first is None or first[2] != clause.intent:
        return False
    words = masked[a:first[1]].split()     # "the link" passed over; "send the link", "export it" ask
    return bool(words) and words[0] in rules.dismiss_gap


def _asks_cost_of(before: tuple[Clause, int, int], clause: Clause, masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Is `clause` (masked[a:b]) a bare cost question about what the clause `before` it asks for, with
    only a pause between them: 导出4K和导出1080P，收费一样吗 (an export named), 生成一个三分钟的视频，大概要
    多少积分 (an edit or a generation, asked in credits)? Not when a conjunction joins them ("…, and how
    much will it cost?" asks on its own) nor when the question is a topic's words."""
    prev, prev_a, end = before
    if clause.act != "cost" or prev.act is not None or masked[end:a].strip(_PUNCT_GAP) \
            or rules.after_done.match(masked, a, b) is not None:
        return False
    # opened as a question, the step is what it asks about (请问导出一段高清视频，要消耗多少积分)
    asked = rules.question_open.match(masked, prev_a, end) is not None
    if not (prev.intent in _PRICED and (clause.about is None or clause.about == "credits" and (
                asked or rules.request_open.match(masked, prev_a, end) is None))
            or prev.intent is None and prev.content and (
                clause.about == "credits"   # "what happens if I export twice, do I get charged twice?"
                or asked and rules.names_export.search(masked, prev_a, end) is not None)):
        return False
    return not any(kind == "t" for _s, _e, kind in rules.events.iter(masked, a, b))


def _waits_for(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Is masked[a:b] only a wait for work to be done (router.yaml `wait_for`: 等字幕加好了)?"""
    found = rules.wait_for.match(masked, a, b)
    return found is not None and found[0] == b


def _plan(text: str, masked: str, urls: list[str], atts: tuple[str, ...], language: str, has_media: bool,
          clauses: list[tuple[Clause, int, int]], rules: _Rules) -> Route:
    """The clauses' steps in the order the person wants them: deferred ones last, nothing after
    a condition the skill checks instead, questions answered rather than acted on; a question
    that plans no step goes to the agent for its answer."""
    routed = _steps(text, masked, urls, atts, language, has_media, clauses, rules)
    if not routed.plan and _unanswered_question(text, masked, atts, rules):
        return Route((CHAT,), routed.urls, atts, routed.language, text.strip())
    return routed


def _steps(text: str, masked: str, urls: list[str], atts: tuple[str, ...], language: str, has_media: bool,
           clauses: list[tuple[Clause, int, int]], rules: _Rules) -> Route:
    """`_plan` before a question with no step is given to the agent."""
    steps: list[tuple[str, int, int]] = []      # (step, clause start, clause end)
    later: list[tuple[str, int, int]] = []      # deferred: after everything else
    dropped: list[tuple[str, int, int]] = []    # dismissed clauses: neither a step nor sent
    asks = act = about = None
    held = dismissed = upload_held = answered = False    # answered: a question came before
    premise = False                             # in the premise of a question ("if I export now, …?")
    held_step: str | None = None                # the first step named and held ("don't export yet, …")
    if not has_media and (_only_acknowledges(masked, clauses, rules) or _thanks_for_the_export(masked, clauses, rules)):
        return Route((), tuple(urls), atts, language, None, None, "ack")   # "thanks!", 收到: nothing to send
    if not has_media and _MASK in masked and _turns_down_a_quoted_ask(masked, clauses, rules):
        return Route((), tuple(urls), atts, language, None, None, "held")
    # Next to a step of its own, a clause is sent to the agent only when it asks for something (a
    # verb, a question): "my boss wants it tonight, so please export it" is the export alone.
    # A step held back counts ("don't render yet, legal hasn't signed off": the reason is not sent).
    steps_elsewhere = any(c.intent is not None or c.cancelled or c.act in ("cost", "slow") for c, _a, _b in clauses)
    # After a question, with nothing but questions asked ("why is this taking so long? it's a 3 min
    # clip", 卡住了吗？进度条一直不动), what is said is about it: sent only when it opens with its ask.
    asked_only = steps_elsewhere and all(
        c.act in ("cost", "slow") or c.intent in _ANSWERED and c.act != "condition" or c.intent is None
        for c, _a, _b in clauses)
    step_asked = any(c.intent not in (None, DISMISSED) for c, _a, _b in clauses)   # a step asked, not held
    after_correction = False                    # the clause before was a bare "actually no"
    group: list[tuple[str, int, int]] = []
    corrected: list[tuple[str, int, int]] = []   # steps a later "wait, actually …" may replace
    # someone new to the tool asking about the export or an upload (searched only when a clause names one)
    first_use = any(_newcomer_may_ask(c, atts) for c, _a, _b in clauses) and rules.first_use.search(masked) is not None
    for i, (clause, a, b) in enumerate(clauses):
        if first_use and _newcomer_may_ask(clause, atts) \
                and _is_question(masked, a, min(len(masked), _sentence_end(masked, b) + 1), rules):
            # "first time here, can ye make videos an export them?", "what can this thing do, like edits
            # before exporting and stuff?": what the tool can do, asked by someone new to it
            clause = clause._replace(intent=None, deferred=None, content=True)
        # a correction takes back only what came before it: nothing to look for until a step is asked
        found = rules.correction.match(masked, a, b) if steps else None
        correcting = found is not None or after_correction
        after_correction = found is not None and _only_correction(masked, a, b, rules)
        if steps and correcting:
            # "render it and add the outro, hold up, outro first then render": a step said again after
            # it is done once, where it is said last (of the edits, only the one just asked)
            corrected.extend(s for s in steps if s[0] != CHAT or s in group)
        if after_correction:
            group = []
            continue     # "actually no": what comes after it says what changes; it asks nothing itself
        if correcting and steps and clause.intent is None:
            kept = _keeps_only(masked, a if found is None else found[0], b, steps, rules)
            if kept:    # "add subtitles, export... actually no, just the subtitles for now"
                dropped.extend((DISMISSED, sa, sb) for st, sa, sb in steps if (st, sa, sb) not in kept)
                dropped.append((DISMISSED, a, b))
                steps, later, group = kept, [], []
                continue
        if (correcting or clause.intent == DISMISSED) and steps:
            taken = _takes_back(masked, a if found is None else found[0], b, steps, rules)
            if taken:   # "add music and export it... actually no music", 加个音乐再导出…算了音乐不要了
                steps = [s for s in steps if s not in taken]
                dropped.extend((DISMISSED, sa, sb) for _s, sa, sb in taken)
                dismissed = dismissed or not steps    # "add music. never mind the music": nothing left to send
                if clause.intent is None or clause.intent == DISMISSED:
                    dropped.append((DISMISSED, a, b))
                    group = []
                    continue
        if clause.act == "condition" and clause.intent is not None and steps and steps[-1][0] == CHAT \
                and rules.done_then.match(masked, a, b) is not None:
            clause = clause._replace(act=None)   # "配个曲儿，弄完了就下载": the edit just asked, then the step
        if clause.act == "slow" and i and clauses[i - 1][0].cancelled and clauses[i - 1][0].intent is None \
                and _not_yet_within(masked, a, b, rules) \
                and not _is_question(masked, a, b, rules):
            continue     # 先别导出，还没弄好: why the step is held, not a question
        if clause.act == "slow" and clause.about == "export" and (
                i + 1 < len(clauses) and clauses[i + 1][0].intent == "link" or i and clauses[i - 1][0].intent == "link") \
                and not _is_question(masked, a, b, rules) and rules.asks_to_be_told.match(masked, a, b) is None:
            continue     # 下载太慢了，把链接给我 (or after it: 有网页版链接吗？下载太慢了): why the link
        if i and steps and clause.intent is None and steps[-1][1:] == clauses[i - 1][1:] \
                and masked[clauses[i - 1][2]:a].lstrip()[:1] in ("?", "？") \
                and rules.not_yet_reply.match(masked, a, b) is not None and _only_step(masked, *clauses[i - 1][1:], rules):
            held, held_step = True, held_step or rules.step_of.get(steps[-1][0], steps[-1][0])
            steps.pop()    # "export? nah not yet": asked aloud and taken back
            continue
        if clause.act == "condition" and not steps and i + 1 == len(clauses) \
                and (clause.intent is None or clause.intent == "export" and rules.own_premise.match(masked, a) is not None) \
                and (_is_question(masked, a, b, rules) if not masked[a:b].isascii()
                     else rules.what_if_asked.search(masked, a, b) is not None or _is_question(masked, a, b, rules)) \
                and _condition_check(masked, _condition_start(masked, a, b, rules), b, rules) is None:
            # 假如我现在下载的话会不会有水印嘛, "if i was to render this vertical would it look weird on
            # tiktok": a what-if asked, for the agent
            clause = clause._replace(act=None, intent=None, content=True)   # its step is the premise's
        if clause.act == "condition" and (any(c.act in ("cost", "slow") for c, _a, _b in clauses[i + 1:]) or (
                not steps and (rules.question_ahead.match(masked, b) is not None
                               or any(_is_question(masked, *c[1:], rules) for c in clauses[i + 1:]))
                and _condition_check(masked, _condition_start(masked, a, b, rules), b, rules) is None)):
            # "if I download it twice, am I charged again?", 要是现在导出，水印能带上不？: the premise of
            # the question (nothing the skill could check), not a step; what it says between them goes
            # with it ("suppose I export in 4K and the client has only a phone, will it play?")
            premise = True
            continue
        if premise and clause.act not in ("cost", "slow") and not _is_question(masked, a, b, rules):
            continue     # "if I export now and change something after, do I pay again?": more of it
        premise = False
        if clause.act == "condition":
            # "…, and if it's fine, export": run what can be checked, then stop with the answer.
            start = _condition_start(masked, a, b, rules)
            check = _condition_check(masked, start, b, rules) or (
                _condition_check(masked, a, start, rules) if start > a else None   # 余额要是还有五十以上就…
            ) or (_condition_check(masked, b, clauses[i + 1][1], rules) if i + 1 < len(clauses) else None   # 要是字幕加|好了|直接出片: split at its done-word
            ) or _last_check(steps, rules)
            del later[:]
            gap_from = clauses[i - 1][2] if i else a    # the gap: from the clause before to where the condition starts
            if check and steps and _is_last(clauses, clause, masked, rules) and not _acts_itself(masked, a, b, rules, text) \
                    and rules.sequence.search(masked, gap_from, start) is None \
                    and rules.condition_goes_on.search(masked, gap_from, start) is None:
                # "export it, if the subtitles are done": the clause before is what it conditions (not
                # "make the intro shorter, then if my balance is over twenty make another version")
                before = steps[-1][1]
                steps = [s for s in steps if s[1] != before or s[0] in ("credits", "progress")]
            if check and (not steps or rules.step_of.get(steps[-1][0], steps[-1][0]) != check[0]):
                steps.append((check[1], a, b))
            asks = asks or ("progress" if check and check[1] == PROGRESS else None)
            act = "condition"
            break
        intent = clause.intent
        held = held or clause.cancelled
        if clause.cancelled and clause.held in rules.step_of and clause.held not in rules.questions:
            if held_step is None and rules.step_of[clause.held] not in _ANSWERED:
                held_step = rules.step_of[clause.held]   # an answer held back leaves nothing waiting
            # the last word on a step wins: "下载视频，嗯，下载可以晚点" does not download
            steps = [s for s in steps if s[0] != clause.held]
            later = [s for s in later if s[0] != clause.held]
        upload_held = upload_held or (clause.cancelled and clause.held == "upload")
        if intent == DISMISSED:
            dismissed = True
            # right after a step dismissed by name it says that again (积分查一查，导出算了，不弄了)
            before = clauses[i - 1][0] if i else None
            restates = before is not None and before.intent == DISMISSED and before.cancelled and before.held in rules.step_of
            if steps and not restates and _bare_dismissal(masked, a, b, rules):
                # "add some music, never mind": takes back what came before it; 唔使改 ("no need to
                # change anything") only the edits
                edits_only = rules.edit_verb_zh.search(masked, a, b) is not None
                dropped.extend((DISMISSED, sa, sb) for s, sa, sb in steps if s == CHAT or not edits_only)
                steps = [s for s in steps if s[0] != CHAT] if edits_only else []
                later = later if edits_only else []
            dropped.append((DISMISSED, a, b))
            continue
        if clause.act in ("cost", "slow"):
            if asks is None:
                asks, about = ("cost" if clause.act == "cost" else "progress"), clause.about
        elif intent == PROGRESS:
            asks, about = asks or "progress", about or clause.about
        group = []
        if intent is not None and _not_asked(intent, masked, a, b, rules, has_media):
            intent = None
            clause = clause._replace(intent=None, content=True)
        if intent == "upload":
            says_use = clause.content or rules.media_role.search(masked, a, b) is not None   # "… as the music"
            group = [("upload", a, b)] + ([(CHAT, a, b)] if says_use else [])
        elif intent == "export" and (steps and steps[-1][0] == "link" or i and clauses[i - 1][0].held == "link") and not (
                _has_content(rules, rules.send_only.blank(masked[a:b]))):
            group = []                  # "the link, send it to me", "链接 later 再发我": the link is what is sent
        elif intent is not None:
            group = [(intent, a, b)]
        elif clause.content and _sends(clause, masked, a, b, rules, has_media, steps_elsewhere, asked_only and (
                answered or _names_what_is_asked(clause, masked, a, b, clauses[i + 1:i + 2], rules)), step_asked):
            group = [(CHAT, a, b)]
            if not steps and _put_off(masked, a, b, clauses[i + 1:], rules):
                later.append((CHAT, a, b))    # "等一下再把标题改成海鸥，先导出": the export, then the title
                group = []
        if clause.deferred and group and any(s[0] == clause.deferred for s in steps):
            at = next(n for n, s in enumerate(steps) if s[0] == clause.deferred)
            steps[at:at] = group     # "导出一下，出之前先查下积分": before the step asked for already
            group = []
        elif clause.deferred:
            later.append((clause.deferred, a, b))
        steps.extend(group)
        answered = answered or clause.act in ("cost", "slow") or intent in _ANSWERED
    if asks == "cost":   # "quick q before I render — what's the price?": a question never starts the work
        later = []
    if corrected:   # "先export吧, wait actually 先把logo放大一点 then export": the export once, last
        steps = [s for s in steps if s not in corrected or not any(t[0] == s[0] and t[1] > s[1] for t in steps)]
    held = held or bool(later and not steps)
    if later and steps:                           # "等一下再导出，先改标题": the title, then the export
        steps.extend(s for s in later if not any(s[0] == t[0] for t in steps))

    plan: list[str] = []
    changed_at = 0      # where the last step that can change the project is (chat, upload)
    last_end = 0        # where the clause of the last step ends
    for intent, a, b in steps:
        step = rules.step_of.get(intent, "credits" if intent == COST else intent)
        if not step or plan and plan[-1] == step or step == "upload" and "upload" in plan:
            continue    # the files go up once (附件为…，请上传并替换…: the upload named twice)
        if step == CHAT and plan[-1:] in (["export"], ["link"]) and CHAT in plan and rules.sequence.search(
                masked, last_end, a) is None:
            continue    # "调完色再export，yoga 那条要偏暖一点": more of the edit, sent before the export
        last_end = b
        if step in (CHAT, "upload"):
            changed_at = len(plan)
        elif step in plan[changed_at:]:
            continue    # "send the link after you export it, 先导出": nothing changed, the export once
        plan.append(step)
    # Under a condition the files wait, unless an edit made now uses them ("put this logo top
    # right, and if my credits are enough export it").
    if has_media and "upload" not in plan and (act != "condition" or CHAT in plan) and not upload_held:
        plan.insert(0, "upload")
    elif has_media and "upload" in plan and plan[0] != "upload":
        # the files go up before anything uses them ("sound mix 的新版本，帮我 upload 然后 replace 掉…")
        rest = [step for step in plan if step != "upload"]
        plan = ["upload"] + [step for n, step in enumerate(rest) if not n or step != rest[n - 1]]
    chat_text: str | None = None
    if not plan:
        if act == "condition":
            pass
        elif dismissed or held:
            # "nah, forget it", "don't export yet", 先别渲染: nothing now; the step it names, so that one queued
            # behind running work waits too (skill.app.plan)
            act = "dismissed" if dismissed else "held"
            about = held_step or ("export" if rules.names_export.search(masked) else None)
        else:
            plan, chat_text = [CHAT], text.strip()
    elif CHAT in plan:
        spans = sorted(steps + dropped + [s for s in later if s not in steps], key=lambda s: s[1])
        chat_text = _chat_text(text, spans, language, rules)
    if plan and act is None and asks is None and held_step is not None and held_step not in plan:
        act, about = "held", held_step           # "don't export yet, show me the timeline": say it waits
    about = rules.step_of.get(about, about) if about else None
    return Route(tuple(plan), tuple(urls), atts, language, chat_text, asks, act, about)


def _newcomer_may_ask(clause: Clause, atts: tuple[str, ...]) -> bool:
    """Does the clause name a step someone new to the tool asks about rather than for (the export; an
    upload with no file: "how dis ting does work? ah does upload de video…")?"""
    return "export" in (clause.intent, clause.deferred) or clause.intent == "upload" and not atts


def _takes_back(masked: str, a: int, b: int, steps: list[tuple[str, int, int]], rules: _Rules) -> list:
    """The edits the words at a:b (after a correction's opening, or a dismissal) take back by naming
    what they add ("actually no music" after "add music"): each edit clause that names it and asks
    nothing else."""
    rest = masked[a:b]
    events = list(rules.events.iter(rest, 0, len(rest)))
    step = next((s for s, _e, k in events if k in rules.step_of), len(rest))
    turn = rules.contrast.search(rest, 0, step)
    rest = rest[:step if turn is None else turn.start()]   # "scratch the music just export": the music
    said = rest
    for s, e, kind in sorted(events, reverse=True):
        if kind in ("n", "d", "l") and e <= len(rest):
            rest = rest[:s] + " " + rest[e:]
    named = rules.filler.blank(rules.taken_back_words.sub(" ", rest)).split()
    if not named and not said.isascii():
        rest = said     # 不用换音乐了: one phrase that dismisses, the thing named inside it
        named = [said]
    if named and not rest.isascii():   # 音乐还是不要了: Chinese runs on; the things it names, by name
        named = [w for w in rules.same_names if not w.isascii() and w in rest and not any(
                 w != v and w in v and v in rest for v in rules.same_names)] or named
    if not named or len(named) > 3:
        return []
    named_things = {_thing_of(word, rules) for word in named}
    taken = []
    for step in steps:
        if step[0] != CHAT:
            continue
        edit = masked[step[1]:step[2]]
        changes = {_thing_of(edit[s:e], rules) for s, e, _k in rules.edit_words.iter(edit, 0, len(edit))}
        if changes and changes <= named_things:
            taken.append(step)   # "add the couples names as a title" … "dont bother with the title"
            continue
        said = [max((w for w in rules.same_names.get(word, (word,)) if _names(edit, w)), key=len, default=None)
                for word in named]   # the longest name there: 背景音乐 over 音乐
        if all(said):
            left = edit
            for word in said:   # with the word before it ("background music", "some music") or a measure of it ("a bit of music")
                left = re.sub(rf"(?:(?:[^\W\d_]+\s+){{1,2}}of\s+|[^\W\d_]+\s+)?{re.escape(word)}", " ", left, count=1)
            left = rules.cue.blank(left)
            if not left.isascii():
                left = rules.complement_zh.sub(" ", left)    # 加上: the verb's complement
            if not _has_content(rules, left, media=True):   # 加个: a measure word left
                taken.append(step)
    return taken


def _keeps_only(masked: str, a: int, b: int, steps: list[tuple[str, int, int]], rules: _Rules) -> list:
    """The steps kept when the words at a:b (after a correction's opening) keep one thing only ("just
    the subtitles for now", router.yaml `keeps_only`): the edits that name it, when others go; else []."""
    found = rules.keeps_only.search(masked, a, b)
    if found is None or _has_content(rules, masked[a:found.start()]):
        return []
    word = found.group(1) or found.group(2)
    names = rules.same_names.get(word, (word,))
    kept = [s for s in steps if s[0] == CHAT and any(_names(masked[s[1]:s[2]], n) for n in names)]
    return kept if kept and len(kept) < len(steps) else []


def _thing_of(word: str, rules: _Rules) -> str:
    """One name for the things router.yaml `same_thing` says are one (BGM and 音乐)."""
    return rules.same_names.get(word, (word,))[0]


def _names(text: str, word: str) -> bool:
    """Is `word` in `text` as a word (any run of Chinese is its own word)?"""
    at = text.find(word)
    if at < 0:
        return False
    if not word.isascii():
        return True
    end = at + len(word)   # an English word ends where ASCII letters do (加个bgm)
    return ((at == 0 or not (text[at - 1].isascii() and text[at - 1].isalnum()))
            and (end == len(text) or not (text[end].isascii() and text[end].isalnum())))


def _not_asked(intent: str, masked: str, a: int, b: int, rules: _Rules, has_media: bool) -> bool:
    """Does the clause name its step without asking for it? Then it is content."""
    if intent not in (DISMISSED, COST, PROGRESS) and rules.done_before.match(masked, a, b) is not None:
        return True     # "我已经在网页上打开了", "I already downloaded it": done, not asked
    # "这是我们公司年会的视频": it presents, with no file and more than a media word
    return (intent == "upload" and not has_media and rules.upload_present.first(masked, a, b) is not None
            and rules.upload_verbs.first(masked, a, b) is None
            and _has_content(rules, rules.upload_present.blank(masked[a:b]), media=True))


def _sends(clause: Clause, masked: str, a: int, b: int, rules: _Rules, has_media: bool, steps_elsewhere: bool,
           asked_only: bool = False, step_asked: bool = False) -> bool:
    """Is a clause with no intent sent to the agent? Alone, whatever it says is. Next to a step of
    its own (or to files), only when it asks for something: a verb, a question, a yes to the
    agent, what an edit names; never a reason or a purpose ("so I can …", 因为…), nor thanks."""
    if steps_elsewhere and (_others_say(masked, a, b, rules, edits=rules.reported.first(masked, a, b) is not None)
                            or _self_says(masked, a, b, rules)
                            or _gives_context(masked, a, b, rules)
                            or rules.not_yet.first(masked, a, b) is not None):
        return False    # a reason: "so I can …", 因为…, what is not final yet, what others do or want
    if clause.act == "ack" and (_only_thanks(masked[a:b], rules) or _praises(masked, a, b, rules)):
        return False    # "…? Much appreciated.", "the music is perfect. Now export it"
    if steps_elsewhere and _only_greets(masked, a, b, rules):
        return False    # "Good afternoon. Hope you are keeping well. Could you render …": the step is the ask
    if step_asked and (clause.cancelled and clause.held is None or clause.topic and not _asks_actively(rules, masked, a, b)) \
            and _ends_later(masked, a, b, rules):
        return False    # "export it now please, I'll sort the music out another time", 导出先，字幕我之后再算: not now
    if steps_elsewhere and not clause.cancelled and _declines(masked, a, b, rules):
        return False    # "nah no music on this one, straight to the export": nothing to add
    if asked_only:     # "why so slow? there's about 40 of them": about the question
        return _asks_openly(masked, a, b, rules)
    if not has_media and not steps_elsewhere or clause.topic and (
            step_asked or not steps_elsewhere or _is_question(masked, a, b, rules)):
        return True     # next to a step held back, what a clause is about is asked only with a verb or a
    # question: "don't render it yet, I ain't made up my mind about the kitchen shot" asks nothing
    return (_asks_actively(rules, masked, a, b) or rules.confirm.first(masked, a, b) is not None
            or rules.request_open.match(masked, a, b) is not None     # 先把chapters标好: 把 asks
            or not has_media and rules.edit_words.first(masked, a, b) is not None)


def _declines(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Does the clause only turn something down ("no music", "nah no music on this one", "I'm still not
    convinced by the font"): a negation its opening words lead to, no verb, no question?"""
    neg = rules.events.first(masked, a, b)
    return (neg is not None and neg[2] == "n" and masked[a:neg[0]].isascii() and not _has_content(rules, masked[a:neg[0]])
            and rules.cue.first(masked, a, b) is None and not _is_question(masked, a, b, rules))


_ANSWERED = frozenset({"credits", "state", PROGRESS, COST})   # intents answered here, not acted on


def _only_greets(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Is the clause only a greeting or a pleasantry (router.yaml `greetings`: "good afternoon",
    "hope you are keeping well")?"""
    found = rules.greetings.match(masked, a, b)
    return found is not None and not _has_content(rules, masked[found[0]:b])


def _names_what_is_asked(clause: Clause, masked: str, a: int, b: int, following: list[tuple[Clause, int, int]],
                         rules: _Rules) -> bool:
    """Does the clause only name what the question after it asks about ("the music swap, done
    yet?", "片尾那段，加好了没")? It says nothing of it (router.yaml `states`: "the intro is too
    long, how long will the fix take?" complains), is no topic ("a video about my trip, …" asks
    for one), has no Chinese request verb (logo加到右下角: the subject comes first there) and the
    next clause is the question."""
    if not following or clause.topic and rules.names_thing.search(masked, a, b) is None:
        return False    # (刚刚喊你改的那个标题: a topic, yet it points at the earlier request)
    asked = following[0][0]
    # (请问生成一段视频，要多少积分: opened as a question, its verb names what is asked about)
    return (asked.act in ("cost", "slow") or asked.intent in _ANSWERED) and rules.states.search(masked, a, b) is None \
        and (rules.question_open.match(masked, a, b) is not None or rules.names_thing.search(masked, a, b) is not None
             or not any(kind == "v" and not masked[start].isascii() for start, _e, kind in rules.cue.iter(masked, a, b)))


def _asks_openly(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Does the clause ask: a question word, or a verb that opens it (after filler: "ok so add …")?
    A verb further in belongs to a statement ("the last one rendered in like 30 seconds"), except a
    Chinese one with a degree after it (字幕改大点: the subject comes first there)."""
    if rules.request_open.match(masked, a, b) is not None or rules.asks_by_degree.search(masked, a, b) is not None:
        return True
    for start, _e, kind in rules.cue.iter(masked, a, b):
        # "which is admittedly …" asks nothing; a file's name before the verb is no words ("intro.mp4 goes first")
        opens = not _has_content(rules, masked[a:start].replace(_MASK, ""))
        if kind == "q" and (masked[start] in "?？" or opens and (_is_question(masked, a, b, rules) or masked[start] == "p")) \
                or kind == "v" and opens and not rules.owned.search(masked, a, start):
            return True
    return False


def _gives_context(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Does the clause open (after a word or two: "ok", 嗯; in Chinese, after the thing it is about:
    字幕我还要改) with a reason or a purpose?"""
    found = rules.context.first(masked, a, b)
    if found is None or found[0] > a + _CONTEXT_LEAD or rules.relayed.match(masked, found[1], b) is not None:
        return False    # "my boss says to add the logo": asked
    if not _has_content(rules, masked[a:found[0]]):
        return True
    named = rules.named_first.match(masked, a)   # and nothing after it says how (片头的字我还想改成白色: asked)
    return (named is not None and named.end() == found[0] and rules.cue.first(masked, a, found[0]) is None
            and not _has_content(rules, masked[found[1]:b]))


_CONTEXT_LEAD = 16   # how far into a clause its reason may start ("oh and also, because …")


def _others_say(masked: str, a: int, b: int, rules: _Rules, edits: bool = False) -> bool:
    """Does the clause open with someone else doing or wanting something (router.yaml `others_say`:
    "my editor needs this by 3pm", "she's on a plane after that", 实习生那边等着转发), naming no
    edit ("the couple loves slow songs, add one" names what the song is for), unless `edits`?"""
    found = rules.others_say.first(masked, a, min(b, a + _OTHERS_LEAD_CHARS))
    if found is None or len(masked[a:found[0]].split()) > _OTHERS_LEAD_WORDS:
        # someone the list does not know, by name or role, says or wants ("our A&R Mark wants it",
        # "the auctioneer wants it", 张浩说他那段还要改)
        m = rules.someone_says.match(masked, a, b)
        who = 0 if m is None else 1 if m.group(1) else 2
        found = None if m is None or (m.group(who).split() or [""])[0] in rules.not_someone or (
            rules.cue.first(masked, m.start(who), m.end(who)) is not None) else (m.start(), m.end(), "")
        if found is not None and ("still" in m.group().split() or m.group().split()[-1] in rules.others_done):
            # "li siqi is still redoing her part", "Maria finished the voiceover": what they are
            # doing or have done, not an edit asked
            return True
    return (found is not None and len(masked[a:found[0]].split()) <= _OTHERS_LEAD_WORDS
            and rules.cue.first(masked, a, found[0]) is None    # "add both team names": not the subject
            and rules.relayed.match(masked, found[1], b) is None    # "my boss says to add the logo": asked
            and (edits or rules.edit_words.first(masked, a, b) is None     # "…still making up her mind about the music"
                 or rules.context.first(masked, found[1], b) is not None))


def _self_says(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Does the clause say what the person does, did or will do ("I'm burning daylight here", "I
    wanna get one more flight in", "we spent all morning on it"), asking nothing: no request verb
    after "I", no wish (I want / I'd like …, unless to do something of one's own), no edit named, no
    request framed after it ("I'd be obliged if you could trim the end off")?"""
    m = rules.self_says.match(masked, a, b)
    if m is None or m.group(1) in rules.wishes or rules.edit_words.first(masked, a, b) is not None \
            or rules.polite_if.search(masked, m.end(1), b) is not None:
        return False
    return rules.cue.match(masked, m.start(1), b) is None and not _is_question(masked, a, b, rules)


_OTHERS_LEAD_CHARS = 48  # where in a clause its subject is looked for
_OTHERS_LEAD_WORDS = 3   # "ok so my editor …", "the bride's mom …": the person opens the clause


def _is_last(clauses: list[tuple[Clause, int, int]], clause: Clause, masked: str, rules: _Rules) -> bool:
    """Is `clause` the message's last clause with anything in it but filler?"""
    after = False
    for c, a, b in clauses:
        if after and (c.intent is not None or _has_content(rules, masked[a:b])):
            return False
        after = after or c is clause
    return True


def _condition_start(masked: str, a: int, b: int, rules: _Rules) -> int:
    """Where an English condition starts ("so my client wants it tonight — if I've got enough
    credits…"): what it checks is read from there. A Chinese one ends with its marker (积分够的话)."""
    for start, _end, kind in rules.acts.iter(masked, a, b):
        if kind == "c":   # 改完了如果积分还够就导出: an opening marker starts it there too
            return start if masked[start].isascii() or masked.startswith(rules.opening_if, start) else a
    return a


def _acts_itself(masked: str, a: int, b: int, rules: _Rules, text: str) -> bool:
    """Does a condition clause say its own action ("…, and if my balance is over 50 render it",
    如果积分够的话就加个片尾)? Then it does not condition the clause before it."""
    if any(kind in _OWN_ACTIONS for _s, _e, kind in rules.events.iter(masked, a, b)):
        return True
    fixed = _typo_fix(masked, a, b, rules, text) if rules.typo.finds(masked, a, b) else None
    if fixed is not None and any(kind in _OWN_ACTIONS for _s, _e, kind in rules.events.iter(fixed, 0, len(fixed))):
        return True     # "…, and if there's credits left rendr it": the action misspelt
    marker = None   # a Chinese condition ends with its marker (…的话就): what follows is its action
    for found in rules.acts.iter(masked, a, b):
        if found[2] == "c" and not masked[found[0]].isascii():
            marker = found
    if marker is None:
        return False
    then = rules.then_next.match(masked, marker[1], b)
    if then is None and not masked[marker[0]:marker[1]].endswith(("的话", "就")):
        return False    # 前提是 credits 够: a condition that opens, its action is the clause before
    return _has_content(rules, masked[then.end() if then else marker[1]:b])


_OWN_ACTIONS = ("export", "upload", "link")


def _condition_check(masked: str, a: int, b: int, rules: _Rules) -> tuple[str, str] | None:
    """What a condition clause depends on that the skill can check: (step, intent). In English, or
    after an opening marker (如果…), the first check it names; a Chinese one with no opening marker
    checks what stands right before its marker (剪完了积分够的话就导出: the credits; 剪完了 says when)."""
    checks = [(start, kind) for start, _end, kind in rules.checks.iter(masked, a, b)]
    if not checks:
        return None
    if masked[a].isascii() or masked.startswith(rules.opening_if, a):
        _start, kind = checks[0]
    else:
        marker = next((s for s, _e, k in rules.acts.iter(masked, a, b) if k == "c" and not masked[s].isascii()), b)
        _start, kind = ([c for c in checks if c[0] < marker] or checks[:1])[-1]
    return ("credits", "credits") if kind == "C" else ("state", PROGRESS)


def _last_check(steps: list[tuple[str, int, int]], rules: _Rules) -> tuple[str, str] | None:
    """ "check my balance and if it's fine, …": the condition is about the step just before it."""
    if steps:
        step = rules.step_of.get(steps[-1][0], steps[-1][0])
        if step in ("credits", "state"):
            return step, steps[-1][0]
    return None


_BARE_ZH = 4   # a Chinese dismissal longer than this names what it drops (算了, 不要了 vs 不用发链接了)


def _bare_dismissal(masked: str, a: int, b: int, rules: _Rules) -> bool:
    """Is masked[a:b] only a dismissal ("actually, forget it"), naming nothing ("forget the music")?"""
    rest, last = [], a
    for start, end, kind in rules.events.iter(masked, a, b):
        if kind == "d":
            if end - start > _BARE_ZH and not masked[start:end].isascii() or rules.dismissal_names_export_zh.search(masked, start, end):
                return False    # 不用发链接了, 今天不导了: it names what it drops
            rest.append(masked[last:start])
            last = end
    rest.append(masked[last:b])
    return last > a and not _has_content(rules, " ".join(rest))


def _only_acknowledges(masked: str, clauses: list[tuple[Clause, int, int]], rules: _Rules) -> bool:
    """Does the message only thank, approve, or give context around thanks ("thanks!", 收到,
    "Thanks! I'll show it at the potluck")? Then nothing is sent."""
    if not any(c.act == "ack" for c, _a, _b in clauses) or any(
            c.intent is not None or c.cancelled for c, _a, _b in clauses) or any(
            _asks_if_true(masked, b, rules) for _c, _a, b in clauses[:-1]):
        return False    # "ok my boy says you can download it to youtube, is that right?": asked
    thanks = _thanks(masked, rules)
    if rules.greetings.first(masked, 0, len(masked)) is not None and not any(
            any(ch.isalnum() for ch in masked[s:e]) for s, e in thanks):
        return False    # "你好 😊": a greeting with a smile is a greeting
    if _only_thanks(masked, rules, thanks):
        return all(c.act == "ack" or not c.content for c, _a, _b in clauses)
    return all(c.act in ("ack", None) and (
        not c.content or _only_thanks(masked[a:b], rules) or _praises(masked, a, b, rules)
        or _gives_context(masked, a, b, rules) or _others_say(masked, a, b, rules) or _self_says(masked, a, b, rules))
        for c, a, b in clauses) or _thanks_with_asides(masked, clauses, rules, thanks)


def _turns_down_a_quoted_ask(masked: str, clauses: list[tuple[Clause, int, int]], rules: _Rules) -> bool:
    """Does the message only report what someone else asked, in quotes, and say not yet ('my kid keeps
    yellin "dad just export it already" haha, not yet bud')? The quote is theirs; nothing is asked."""
    if any(c.intent is not None or c.act in ("cost", "slow") for c, _a, _b in clauses):
        return False
    quoted = [(a, b) for c, a, b in clauses if _MASK in masked[a:b] and _others_say(masked, a, b, rules)]
    if not quoted:
        return False
    after = masked.index(_MASK, quoted[0][0])
    if not any(_declines(masked, a, b, rules) or rules.not_yet.first(masked, max(a, after), b) is not None
               for _c, a, b in clauses if b > after):
        return False
    unquoted = masked.replace(_MASK, " ")
    return not any(_is_question(masked, a, b, rules) or _asks_actively(rules, unquoted, a, b)
                   for _c, a, b in clauses if (a, b) not in quoted)


def _thanks_for_the_export(masked: str, clauses: list[tuple[Clause, int, int]], rules: _Rules) -> bool:
    """Does the message report the export done (router.yaml `export_done`: "download finish",
    下载下来了) and otherwise only thank or praise ("下载完了，谢了老铁")? A clause cannot tell:
    下载下来了 alone may ask for it; the thanks after it say it is done."""
    reported: dict[int, tuple[int, int]] = {}     # clause index -> where its report of the export is
    for i, (c, a, b) in enumerate(clauses):
        found = rules.export_done.first(masked, a, b) if c.intent == "export" and not c.cancelled \
            and c.act != "condition" and rules.request_open.first(masked, a, b) is None else None
        if found is not None:         # not 帮我把片子下载下来好不 (asked), not 如果已经渲染好了就… (a condition)
            reported[i] = (found[0], found[1])
    # thanks (more than an okay) anywhere but inside the report itself (渲染好了's 好了):
    # "exported fine ta boss" is one clause, and so is 好的 导出来了
    # an okay is enough with a report said done with 了 (下载下来了 好的好的): only the bare report may ask
    done = any(masked[at - 1] == "了" for _start, at in reported.values())
    if not reported or not any((done or masked[s:e] not in rules.weak_ack) and not any(
            start <= s < at for start, at in reported.values()) for s, e in _thanks(masked, rules)):
        return False
    said = [(Clause(None, False, False, False, None, "ack"), a, b) if i in reported else (c, a, b)
            for i, (c, a, b) in enumerate(clauses)]
    return _only_acknowledges(masked, said, rules)


_NEGATION_REACH = 12   # how far before a thanks its negation may start ("isn't really perfect")


def _thanks_with_asides(masked: str, clauses: list[tuple[Clause, int, int]], rules: _Rules,
                        found: list[tuple[int, int]]) -> bool:
    """Does the message thank or approve (more than an okay: router.yaml `weak_ack`) and say only
    what asks nothing: no question, no request verb, no edit named, no go-ahead? The rest is the
    writer's own way of saying it (lekker, 厚礼谢, go raibh maith agat) or small talk ("thanks! so
    hot in Lahore today", 辛苦了，今天巴扎人多得很), however long: these guards decide, not a word
    count. A request names what it wants or asks it, so "ok, warmer colours", "thanks, now the
    intro" and "hey what can u do exactly" stay requests."""
    if _MASK in masked or "?" in masked or "？" in masked or any(
            c.intent is not None or c.cancelled or c.deferred or c.held or c.topic or c.act not in ("ack", None)
            or _is_question(masked, a, b, rules) for c, a, b in clauses):
        return False
    if all(masked[s:e] in rules.weak_ack for s, e in found) or any(
            rules.negated_before.search(masked, max(0, s - _NEGATION_REACH), s) for s, _e in found):
        return False    # 不好看, "not great": a complaint
    other = _without(masked, found)    # what the thanks leave ("that's exactly what I wanted" asks nothing)
    n = len(other)
    return not (rules.edit_words.first(other, 0, n) is not None or rules.confirm.first(other, 0, n) is not None
                or any(kind == "q" or not rules.owned.search(other, 0, start)
                       for start, _e, kind in rules.cue.iter(other, 0, n)))   # "hey what can u do exactly"


def _thanks(masked: str, rules: _Rules) -> list[tuple[int, int]]:
    """Where the text thanks or okays (router.yaml `acts: ack`)."""
    return [(a, b) for a, b, kind in rules.acts.iter(masked, 0, len(masked)) if kind == "a"]


def _only_thanks(masked: str, rules: _Rules, found: list[tuple[int, int]] | None = None) -> bool:
    """Only thanks and okays: an ack phrase, and nothing else but filler (`found`: its `_thanks`)."""
    found = _thanks(masked, rules) if found is None else found
    if not found or rules.confirm.first(masked, 0, len(masked)) is not None:   # "ok, go ahead with that"
        return False
    return not _has_content(rules, _without(masked, found))


def _without(s: str, spans: list[tuple[int, int]]) -> str:
    """s with the spans (in order, not overlapping) left out, a space where each was."""
    rest, last = [], 0
    for a, b in spans:
        rest.append(s[last:a])
        last = b
    rest.append(s[last:])
    return " ".join(rest)


def _chat_text(text: str, steps: list[tuple[str, int, int]], language: str, rules: _Rules) -> str:
    """The original wording of the clauses that are not local steps (nor dismissed)."""
    local = {(a, b) for i, a, b in steps if (i in rules.step_of or i in (DISMISSED, COST)) and not any(
        j == CHAT and (a2, b2) == (a, b) for j, a2, b2 in steps)}
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

"""A second, learned reading of a message: how sure it is that the person asks for an export, for
something the agent should do, for the project's state or progress, for the balance, or for
nothing at all.

The router's rules read what words say. On messages nobody has read, most of their misses are
mentions taken for requests ("the export came out class", "is downloading it free?", 链接我收到了)
and reports sent to the agent as edits. Each question here is a logistic regression over the
message's words, word pairs and Chinese character triples, learned from every labelled message
whose misses have been read, never from the sets that measure the router (the sets say which
they are: `unread:` at their top). The router asks it about a step its rules planned, and drops
the step when the model is very sure it was not asked, or plans what the model is sure was asked
instead (`router._checked_steps`). Then one more reading, of the plan as a whole: a softmax over
the plans people were labelled as asking (`Model.plan`: [chat], [credits, export], [], …); when it
is surer of another plan than the rules', its plan is taken (`router._whole_plan`).

The weights are data, `intents/speech_acts.bin`, written by `tools/train_speech_acts.py` from
`intents/speech_acts.yaml` (which also holds the thresholds). One JSON line heads the file (the
heads, their scales and biases, the plans, the thresholds, what it learned from), then one plane
of int8 weights per head over 2**bits hashed buckets (crc32 of the feature's UTF-8), then one bit
a bucket: the words read in at least two training messages, then the plans' weights over
2**plan_bits buckets, a row a bucket of one 16-bit lane a plan. Reading the file is one call;
scoring a message is a few dozen lookups. Only the standard library (zlib, json, math) is
imported, and only when the router asks.
"""
from __future__ import annotations

import functools
import json
import math
import re
import zlib

FORMAT = 1
# Words (ASCII runs), single non-ASCII characters, and the router's mask for quoted text and URLs.
_TOKEN = re.compile(r"[a-z0-9']+|[^\x00-\x7f\s§]|§")
_MASK_RUN = re.compile("§+")


def features(masked: str) -> tuple[list[str], list[str]]:
    """What the model reads in the router's masked text (lower-cased, quotes and URLs masked):
    each word, and besides the words each pair of neighbours (with the start and end) and each
    run of three non-ASCII characters (Chinese has no spaces: its words are character runs)."""
    toks = _TOKEN.findall(_MASK_RUN.sub("§", masked))
    words = ["w " + w for w in toks]
    more = ["b " + a + " " + b for a, b in zip(["^", *toks], [*toks, "$"])]
    more += ["t " + a + b + c for a, b, c in zip(toks, toks[1:], toks[2:]) if not a.isascii()]
    return words, more


def buckets(masked: str, bits: int) -> tuple[list[int], list[int]]:
    """The buckets of the message's words (what `Model.knows` looks up), and the distinct buckets
    of all its features (training and scoring use exactly these)."""
    mask = (1 << bits) - 1
    crc = zlib.crc32
    words, more = features(masked)
    hashed = [crc(f.encode()) & mask for f in words]
    found = set(hashed)
    found.update([crc(f.encode()) & mask for f in more])
    return hashed, list(found)


class Model:
    """The weights file, mapped once: `knows(words)`, `probability(head, found)`, `plan(found)` (see
    `buckets`). A damaged file is a ValueError that names it."""

    def __init__(self, path: str):
        import mmap
        import struct

        # mapped, not read: a message touches a few dozen of its 5 MB (reading it all and slicing
        # the plans' rows out cost a `video-skill route` process ~5 ms)
        with open(path, "rb") as fh:
            try:
                data = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
            except ValueError:       # an empty file cannot be mapped
                data = memoryview(b"")
        end = bytes(data[:1 << 16]).find(b"\n")
        if end < 0:
            raise ValueError(f"{path}: no header line")
        head = json.loads(bytes(data[:end]))
        if head.get("format") != FORMAT:
            raise ValueError(f"{path}: format {head.get('format')!r}, expected {FORMAT}")
        self.info = head
        self.bits: int = head["bits"]
        self.heads: list[str] = head["heads"]
        size = 1 << self.bits
        self.plans: list[tuple[str, ...] | None] = [p if p is None else tuple(p) for p in head["plans"]]
        self.plan_bits: int = head["plan_bits"]
        self.plan_steps = frozenset(step for p in self.plans if p for step in p)   # the steps it learned
        start = end + 1 + size * len(self.heads)
        weights = data[end + 1:start].cast("b")
        self._known = data[start:start + size // 8]   # one bit a bucket
        self._plan_rows = data[start + size // 8:]                # a bucket's row: one 16-bit lane a plan
        expected = size * len(self.heads) + size // 8 + (2 * len(self.plans) << self.plan_bits)
        if len(data) - end - 1 != expected:
            raise ValueError(f"{path}: {len(data) - end - 1} bytes of weights, expected {expected}")
        self._planes = {h: (weights[i * size:(i + 1) * size], head["scale"][i], head["bias"][i])
                        for i, h in enumerate(self.heads)}
        self.veto: dict[str, float] = head["veto"]          # drop a planned step below this
        self.beside: dict[str, float] = head["beside"]      # ... or this, when another step is planned
        self.nothing: float = head["nothing"]                # nothing asked above this
        self.emptied: float = head["emptied"]                # a veto may leave no step above this
        self.instead: float = head["instead"]                # the step asked instead, above this
        self.known_words: float = head["known_words"]        # it judges only what it has read
        self.min_words: int = head["min_words"]              # and only a message this long or longer
        self.plan_sure: float = head["plan_sure"]            # its plan is taken above this
        self._plan_scale: float = head["plan_scale"]
        self._plan_bias: list[float] = head["plan_bias"]
        self._lanes = struct.Struct(f"<{len(self.plans)}H").unpack   # a row's lanes, little-endian as stored

    def knows(self, words: list[int]) -> bool:
        """Has the model read enough of the message's words to judge it? A word it never saw in
        training (a typo: "exprot", a name) says nothing to it, so its answer there is only its
        prior: a message mostly of such words is left to the rules."""
        if len(words) < self.min_words:
            return False   # "no music", 不好看: too few words to outweigh the rules
        known = self._known
        seen = sum(1 for b in words if known[b >> 3] >> (b & 7) & 1)
        return seen >= self.known_words * len(words)

    def probability(self, head: str, found: list[int]) -> float:
        """How sure the model is that `head` holds, given the message's buckets."""
        plane, scale, bias = self._planes[head]
        if not found:
            return 1.0 / (1.0 + math.exp(-bias))
        z = bias + scale * sum(map(plane.__getitem__, found)) / math.sqrt(len(found))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def plan(self, found: list[int]) -> tuple[float, tuple[str, ...] | None]:
        """The plan the whole-plan reading gives the message, and how sure it is (None: a plan it
        was not taught, never planned)."""
        mask = (1 << self.plan_bits) - 1
        mine = list({b & mask for b in found})
        if not mine:
            return 0.0, None
        width = 2 * len(self.plans)
        rows = self._plan_rows
        lanes = [0] * len(self.plans)
        # each row is one integer of 16-bit lanes (weight + 128): adding rows adds every plan's
        # weights at once; 256 rows at most before a lane could overflow
        for at in range(0, len(mine), 256):
            chunk = mine[at:at + 256]
            total = sum(int.from_bytes(rows[b * width:b * width + width], "little") for b in chunk)
            offset = 128 * len(chunk)
            lanes = [lane + got - offset for lane, got in zip(lanes, self._lanes(total.to_bytes(width, "little")))]
        norm = self._plan_scale / math.sqrt(len(mine))
        z = [bias + norm * lane for bias, lane in zip(self._plan_bias, lanes)]
        top = max(z)
        exp = math.exp
        return 1.0 / sum([exp(v - top) for v in z]), self.plans[z.index(top)]


@functools.lru_cache(maxsize=2)
def model(path: str) -> Model:
    """The model in `path` (router.speech_acts_path()), read once per process. Like router.yaml, it
    ships with the skill: missing, it is an error, never a router quietly reading by its rules alone."""
    try:
        return Model(path)
    except (OSError, ValueError) as exc:
        from skill.core.errors import DataMissing

        raise DataMissing(f"{path}: {exc.strerror}" if isinstance(exc, OSError) else str(exc)) from None   # names it

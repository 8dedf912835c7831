"""Scoring the local agent on an edit set (tests/data/agent-edits-*.yaml).

Each edit request is APPLIED to the same project with `agent.plan()` +
`agent.apply()`, and the resulting draft is checked for the change the case
expects (behaviour, not op names): "cut the first 2 seconds" passes when the
video is 13 s long and starts 2 s into its source, whatever op did it; and
nothing else may change (the music, the title, the ratio...). The project:
a 15 s generated clip (segment 1), BGM "Upbeat" at 30%, the title "Morning
Run" 0-3 s centred, 16:9, an uploaded beach.mp4 (6 s) not yet on the timeline.

A prompt passes when it generates a clip of the asked length (the default
when none is said) whose title holds every subject word, ends on a whole word
and is no placeholder, and whose track name and export file name are no
placeholder either.

Used by tests/test_backend_agent_heldout.py (a floor) and bench/bench_agent.py
(the figures in BENCHMARKS.md).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from skill.backend import agent, prompts, vocabulary
from skill.backend.db import empty_state

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "agent-edits-dev.yaml"
HELDOUT = ROOT / "tests" / "data" / "agent-edits-heldout.yaml"
FORMS = ROOT / "tests" / "data" / "agent-edits-forms.yaml"   # inflected verbs, as the router forwards them

GEN_URL = "http://127.0.0.1:8765/media/gen_project0001.mp4"
BEACH_URL = "http://127.0.0.1:8765/media/up_beach000000001.mp4"
D0, BEACH_MS, TITLE = 15000, 6000, "Morning Run"
_CJK = re.compile(r"[\u3400-\u9fff]")


def project() -> dict:
    """The state every edit case starts from."""
    draft = agent.new_video_draft("a runner on a beach path at sunrise", 15, "16:9", GEN_URL)
    draft, _ = agent.apply(draft, [{"op": "set_bgm", "style": "Upbeat", "volume": 30},
                                   {"op": "set_title", "text": TITLE}])
    state = empty_state()
    state["draft"] = draft
    state["video_infos"] = [
        {"id": "gen_project0001", "url": GEN_URL, "duration": 15, "width": 1920, "height": 1080, "fps": 30,
         "source": "generated", "title": "a runner on a beach path at sunrise"},
        {"id": "up_beach", "url": BEACH_URL, "filename": "beach.mp4", "duration": 6.0, "width": 1280,
         "height": 720, "fps": 30, "source": "upload", "file_type": "video", "at": 1.0}]
    return state


# --------------------------------------------------------------------------- reading a draft
def _video(draft: dict) -> list[tuple[str, int, int]]:
    """(source, in ms, length ms) of the video track in order, contiguous pieces of one source merged."""
    segs = sorted((s for t in draft.get("t", []) if t.get("tt") == 0 for s in t.get("sg", [])),
                  key=lambda s: s.get("s", 0))
    out: list[list] = []
    for s in segs:
        src, start, d = s.get("m", {}).get("src"), int(s.get("m", {}).get("in", 0)), int(s.get("d", 0))
        if out and out[-1][0] == src and out[-1][1] + out[-1][2] == start:
            out[-1][2] += d
        else:
            out.append([src, start, d])
    return [tuple(x) for x in out]


def _first(draft: dict, tt: int) -> dict | None:
    for t in draft.get("t", []):
        if t.get("tt") == tt and t.get("sg"):
            return t["sg"][0]
    return None


def _style(s: str) -> str:
    s = (s or "").lower().strip()
    return {"lofi": "lo-fi", "lo fi": "lo-fi", "low-fi": "lo-fi", "hip-hop": "hip hop", "hiphop": "hip hop"}.get(s, s)


def aspects(draft: dict) -> dict:
    bgm, title, m = _first(draft, 1), _first(draft, 7), draft.get("m", {})
    return {
        "video": _video(draft),
        "duration": int(draft.get("d") or 0),
        "music": None if not bgm else (_style(bgm["m"].get("title")), bgm["m"].get("volume"),
                                        bgm["m"].get("fade_in"), bgm["m"].get("fade_out")),
        "title": None if not title else (title["m"].get("text"), title["m"].get("position") or "center",
                                          int(title.get("s", 0)), int(title.get("d", 0))),
        "ratio": (m.get("ratio"), m.get("width"), m.get("height")),
    }


def _norm_text(s) -> str:
    s = unicodedata.normalize("NFKC", str(s or "")).casefold()
    return re.sub(r"\s+", " ", s).strip(" \"'“”「」.!。！")


# --------------------------------------------------------------------------- what a case expects
def expected(before: dict, exp: dict) -> tuple[dict, set]:
    """The aspects after the change, and which of them the change may touch."""
    op = exp["op"]
    a = dict(before)
    gen = (GEN_URL, 0, D0)
    if op in ("trim_start", "trim_end", "cut_range"):
        lo, hi = {"trim_start": (0, exp.get("seconds", 0)), "trim_end": (15 - exp.get("seconds", 0), 15),
                  "cut_range": (exp.get("from", 0), exp.get("to", 0))}[op]
        lo, hi = int(float(lo) * 1000), int(float(hi) * 1000)
        pieces = [(GEN_URL, 0, lo), (GEN_URL, hi, D0 - hi)]
        a["video"] = [p for p in pieces if p[2] > 0]
        a["duration"] = D0 - (hi - lo)
        return a, {"video", "duration"}
    if op == "place_clip":
        beach = (BEACH_URL, 0, BEACH_MS)
        where = exp.get("where")
        idx = 0 if where == "start" else (1 if where == "end" else min(1, int(exp.get("segment") or 1)))
        v = [gen]
        v.insert(idx, beach)
        a["video"], a["duration"] = v, D0 + BEACH_MS
        return a, {"video", "duration"}
    if op == "set_music":
        return a, {"music"}              # checked below: the style (a volume may come with it)
    if op == "music_volume":
        style, _, fi, fo = before["music"]
        a["music"] = (style, int(exp["percent"]), fi, fo)
        return a, {"music"}
    if op in ("music_fade", "remove_music", "set_title", "title_position", "title_duration", "remove_title"):
        return a, {"music"} if "music" in op else {"title"}
    if op == "aspect_ratio":
        w, h = agent.RATIOS.get(str(exp["ratio"]), (None, None))
        a["ratio"] = (str(exp["ratio"]), w, h)
        return a, {"ratio"}
    if op == "unsupported":
        return a, set()
    raise ValueError(f"unknown op {op!r}")


def _component_ok(exp: dict, after: dict, before: dict) -> str | None:
    """The checks inside the component a change touches; None when right, else why not."""
    op = exp["op"]
    music, title = after["music"], after["title"]
    if op == "set_music":
        if not music:
            return "no music"
        if music[0] != _style(str(exp["style"])):
            return f"music style {music[0]!r}"
        if music[2:] != before["music"][2:]:
            return "the fades changed"
    elif op == "music_volume":
        if not music:
            return "no music"
        want = (before["music"][0], int(exp["percent"]), *before["music"][2:])
        if music != want:
            return f"music {music}"
    elif op == "music_fade":
        if not music:
            return "no music"
        i = 2 if exp["fade"] == "in" else 3
        other = 3 if i == 2 else 2
        if music[:2] != before["music"][:2] or music[other] != before["music"][other]:
            return "more of the music changed"
        if not music[i]:
            return f"no fade {exp['fade']}"
        if exp.get("seconds") is not None and int(music[i]) != int(float(exp["seconds"]) * 1000):
            return f"fade {exp['fade']} {music[i]} ms"
    elif op == "remove_music":
        if music:
            return "music still there"
    elif op == "remove_title":
        if title:
            return "title still there"
    elif op in ("set_title", "title_position", "title_duration"):
        if not title:
            return "no title"
        t0 = before["title"]
        want = list(t0)
        if op == "set_title":
            if _norm_text(title[0]) != _norm_text(exp["text"]):
                return f"title {title[0]!r}"
            want[0] = title[0]
        elif op == "title_position":
            want[1] = str(exp["position"])
        else:
            want[3] = min(int(float(exp["seconds"]) * 1000), after["duration"])
        if tuple(want) != title:
            return f"title {title}"
    return None


@dataclass
class Result:
    ok: bool
    why: str = ""
    kind: str = ""
    reply: str = ""


def score_edit(case: dict) -> Result:
    state = project()
    exp = case["expect"]
    before = aspects(state["draft"])
    p = agent.plan(case["text"], state)
    if exp["op"] == "unsupported":
        if p.kind != "chat" or p.cost:
            return Result(False, f"did {p.ops}", p.kind)
        return Result(True, kind=p.kind, reply=p.reply)
    if p.kind == "chat" and not p.cost and p.reply:
        # a change the project already shows ("改回横屏" on a 16:9 project): said, not charged, is right
        want, _ = expected(before, exp)
        if want == before and _component_ok(exp, before, before) is None:
            return Result(True, kind=p.kind, reply=p.reply)
    if p.kind != "edit":
        return Result(False, f"{p.kind}: {p.reply[:70]}", p.kind, p.reply)
    if p.cost != sum(agent.OP_COST[o["op"]] for o in p.ops) or p.cost <= 0:
        return Result(False, "cost", p.kind)
    draft, notes = agent.apply(state["draft"], p.ops)
    reply = agent.edit_text(notes, p.lang, p.declined, p.issues)
    if case.get("lang") in ("en", "zh") and bool(_CJK.search(reply)) != (case["lang"] == "zh"):
        return Result(False, "reply in the wrong language", p.kind, reply)
    after = aspects(draft)
    want, touched = expected(before, exp)
    for key in ("video", "duration", "music", "title", "ratio"):
        if key in touched and key in ("music", "title"):
            continue
        if after[key] != want[key]:
            return Result(False, f"{key}: {after[key]} (want {want[key]}); ops {p.ops}", p.kind, reply)
    for key in ("music", "title"):
        if key not in touched and after[key] != before[key]:
            return Result(False, f"{key} changed: {after[key]}; ops {p.ops}", p.kind, reply)
    why = _component_ok(exp, after, before)
    if why:
        return Result(False, f"{why}; ops {p.ops}", p.kind, reply)
    return Result(True, kind=p.kind, reply=reply)


_PLACEHOLDER_SLUGS = {"video", "your-video", "my-video", "your-idea", "the-scene-you-described"}


def score_prompt(case: dict) -> Result:
    from skill.api import export

    p = agent.plan(case["text"], empty_state())
    if p.kind != "generate":
        return Result(False, f"{p.kind}: {p.reply[:70]}", p.kind)
    want = prompts.clamp_seconds(case.get("seconds"))
    if p.seconds != want:
        return Result(False, f"{p.seconds} s (want {want})", p.kind)
    title = next((o["text"] for o in p.ops if o["op"] == "set_title"), "")
    draft = agent.generated_draft(p, GEN_URL)
    draft, _ = agent.apply(draft, p.ops)
    track = draft["t"][0]["sg"][0]["m"]["title"]
    stem = export._target(Path("/x"), export._title(draft)).stem.rsplit("-", 2)[0]
    for name, text in (("title", title), ("track name", track), ("file name", stem)):
        if not text or vocabulary.is_placeholder(text) or stem in _PLACEHOLDER_SLUGS:
            return Result(False, f"{name} is a placeholder: {text!r}", p.kind)
    missing = [w for w in case.get("subject") or [] if str(w).casefold() not in title.casefold()]
    if missing:
        return Result(False, f"title {title!r} lacks {missing}", p.kind)
    if not ends_on_whole_word(title, p.subject):
        return Result(False, f"title {title!r} is cut mid-phrase", p.kind)
    return Result(True, kind=p.kind, reply=title)


def ends_on_whole_word(title: str, subject: str) -> bool:
    """English: the last word is a whole word of the subject and not a dangling "at", "of"...;
    Chinese: the title is a whole clause of the subject's (no cut inside it)."""
    if not title:
        return False
    if _CJK.search(title):
        return title in subject.replace(" ", "") or subject.startswith(title) or subject.endswith(title)
    words = re.findall(r"[\w'-]+", subject.casefold())
    last = re.findall(r"[\w'-]+", title.casefold())
    return bool(last) and last[-1] in words and last[-1] not in vocabulary.small_words()


# --------------------------------------------------------------------------- a whole set
@dataclass
class Score:
    total: dict = field(default_factory=lambda: defaultdict(int))
    passed: dict = field(default_factory=lambda: defaultdict(int))
    failures: list = field(default_factory=list)

    def add(self, group: str, case: dict, r: Result) -> None:
        for g in (group, f"{group}:{case.get('lang', '?')}"):
            self.total[g] += 1
            self.passed[g] += r.ok
        if not r.ok:
            self.failures.append((group, case.get("lang"), case["text"], r.why))

    def rate(self, group: str) -> float:
        return self.passed[group] / self.total[group] if self.total[group] else float("nan")

    def line(self, group: str) -> str:
        return f"{self.passed[group]}/{self.total[group]} ({100 * self.rate(group):.1f}%)"


def load(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def score_file(path: Path) -> Score:
    data = load(path)
    sc = Score()
    for case in data.get("cases") or []:
        sc.add("edits", case, score_edit(case))
    for case in data.get("prompts") or []:
        sc.add("prompts", case, score_prompt(case))
    return sc

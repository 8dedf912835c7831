"""The local agent: understands a set of requests, pure logic, no I/O.

`plan(message, state)` decides what a turn does (deterministically: no
randomness); `apply(draft, ops)` changes a draft; the text helpers say it the
way the real agent does, GUI-speak included ("Click the Export button...")
because the skill must learn to translate that.

The words it understands (English and Chinese, one vocabulary) and how it
answers are data: agent_vocabulary.yaml, read by edits.py (edit requests),
prompts.py (generation prompts, titles) and vocabulary.py (numbers).

Prices (credits), documented in the report and PROTOCOL-compatible:
  generation: 10 per started 5 seconds of clip (10 s -> 20, 15 s -> 30);
              the automatic BGM + title pass after it is included
  edits: title, title position, title duration, BGM, volume, music fade,
         remove: 1 each; aspect ratio, trim, cut, placing a clip: 2 each
  plain text answers: free
"""
from __future__ import annotations

import copy
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from skill.backend import drafts as DR, edits, prompts, vocabulary
from skill.backend.refusals import ALTERNATIVES
from skill.core.lang import detect  # the one language detector (the router and the commands use it too)

DEFAULT_SECONDS = prompts.DEFAULT_SECONDS
MIN_SECONDS, MAX_SECONDS = prompts.MIN_SECONDS, prompts.MAX_SECONDS
DEFAULT_BGM = "Upbeat"
DEFAULT_VOLUME = edits.DEFAULT_VOLUME
TITLE_MS = 3000
POSITIONS = ("top", "center", "bottom")

RATIOS = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080), "4:3": (1440, 1080)}

OP_COST = {"set_title": 1, "remove_title": 1, "title_position": 1, "title_duration": 1,
           "set_bgm": 1, "bgm_volume": 1, "bgm_fade": 1, "remove_bgm": 1,
           "aspect": 2, "trim_start": 2, "trim_end": 2, "trim_to": 2, "cut_range": 2, "place_clip": 2}


def generation_cost(seconds: int) -> int:
    return 10 * math.ceil(seconds / 5)


def unsupported_text(what: tuple[str, str], alternative: str, lang: str) -> str:
    """ "I can't add subtitles here." and the closest thing the agent can do (or, with
    no close one, all it can do)."""
    other = help_text(lang) if alternative == "help" else ALTERNATIVES[alternative][lang == "zh"]
    if lang == "zh":
        return f"这里没法{what[1]}。{other}"
    return f"I can't {what[0]} here. {other}"


@dataclass
class Plan:
    kind: str                         # "generate" | "edit" | "chat"
    lang: str
    ops: list[dict] = field(default_factory=list)   # edits (for generate: the post pass)
    subject: str = ""
    seconds: int = DEFAULT_SECONDS
    ratio: str = "16:9"
    reply: str = ""                   # the whole answer of a "chat" plan
    declined: list = field(default_factory=list)    # parts of an edit request it cannot do (said in the text)
    issues: list = field(default_factory=list)      # parts it could not do as asked (said in the text)

    @property
    def cost(self) -> int:
        if self.kind == "generate":
            return generation_cost(self.seconds)
        if self.kind == "edit":
            return sum(OP_COST[o["op"]] for o in self.ops)
        return 0


# --------------------------------------------------------------------------- deciding
def plan(message: str, state: dict[str, Any]) -> Plan:
    text = (message or "").strip()
    lang = detect(text)
    draft = state.get("draft") or {}
    t = edits.prepare(text)
    has_video = _video_segment(draft) is not None
    parsed = None
    if prompts.asks_how_it_works(t.low) or prompts.asks_about_making(t.low):
        return Plan("chat", lang, reply=help_text(lang))   # a question about the tool renders nothing
    if has_video and prompts.asks_about_project(t.low):
        return Plan("chat", lang, reply=describe(draft, lang, prompts.project_topics(t.low)))
    if prompts.is_generation(t.low, empty_project=not has_video):
        subject = prompts.subject_of(text)
        if subject and has_video and not prompts.names_a_clip(t.low):
            parsed = edits.read(text, state)      # "create a fade-in for the music": an edit after all
            if parsed.ops:
                subject = ""
        if subject:
            return _generation(text, t, lang, subject)
    parsed = parsed or edits.read(text, state)
    if not parsed.ops:
        if parsed.issues:
            return Plan("chat", lang, reply=issue_text(parsed.issues[0], lang))
        if parsed.declined:
            return Plan("chat", lang, reply=unsupported_text(*parsed.declined[0], lang))
        if prompts.is_generation(t.low, empty_project=not has_video):    # a new clip of nothing described
            return Plan("chat", lang, reply=_r(lang, "no_subject"))
        return Plan("chat", lang, reply=help_text(lang))
    if not has_video:
        return Plan("chat", lang, reply=no_video_text(lang))
    ops, moot = _feasible(draft, parsed.ops)
    if not ops:   # nothing it can do as asked: said plainly, and free
        texts = [issue_text(i, lang) for i in moot + parsed.issues]
        texts += [_r(lang, "declined", what=w[1] if lang == "zh" else w[0]) for w, _ in parsed.declined]
        return Plan("chat", lang, reply=("" if lang == "zh" else " ").join(texts))
    return Plan("edit", lang, ops=ops, declined=parsed.declined, issues=moot + parsed.issues)


def _feasible(draft: dict, ops: list[dict]) -> tuple[list[dict], list[dict]]:
    """The ops that change something (each costs), and an issue for each that cannot:
    a trim longer than the video, a fade of music there is not, a clip already in place."""
    keep, moot = [], []
    for op in ops:
        after, notes = apply(draft, [op])
        n = notes[0]
        if n.get("skipped") or n.get("same") or n.get("had") is False:
            moot.append({"issue": "note", "note": n})
            continue
        if _signature(after) == _signature(draft):   # already so: "改回横屏" on a 16:9 project
            moot.append({"issue": "note", "note": {**n, "already": True}})
            continue
        keep.append(op)
        draft = after
    return keep, moot


def _generation(text: str, t: "edits.Text", lang: str, subject: str) -> Plan:
    # the clip's own words are not edits ("a cat playing piano" asks for no piano music)
    rest = re.sub(re.escape(subject), " ", unicodedata.normalize("NFKC", text), flags=re.I)
    parsed = edits.read(rest, {})
    music = vocabulary.has("music", t.low)
    ops = [o for o in parsed.ops if o["op"] in ("set_title", "title_position", "title_duration", "bgm_fade")
           or (o["op"] == "set_bgm" and music)]
    if not any(o["op"] == "set_bgm" for o in ops):
        ops.insert(0, {"op": "set_bgm", "style": DEFAULT_BGM, "volume": DEFAULT_VOLUME})
    if not any(o["op"] == "set_title" for o in ops):
        title = default_title(subject, lang)
        if title:
            ops.append({"op": "set_title", "text": title})
    ops.sort(key=lambda o: 0 if o["op"] == "set_bgm" else 1)   # music, then the title and its layout
    seconds = prompts.clamp_seconds(prompts.seconds_of(t.low))
    return Plan("generate", lang, ops=ops, subject=subject, seconds=seconds, ratio=_ratio(t.low) or "16:9")


def _ratio(low: str) -> str | None:
    for ratio, key in edits.RATIO_KEYS:
        if vocabulary.has(key, low):
            return ratio
    return None


def default_title(subject: str, lang: str) -> str:
    """A title from the prompt's words: a whole phrase, never a placeholder ("" when there is none)."""
    return prompts.title_for(subject, lang)


# --------------------------------------------------------------------------- drafts
def _tracks(draft: dict, tt: int) -> list[dict]:
    return DR.tracks(draft, tt)


def _video_segment(draft: dict) -> dict | None:
    segs = DR.video_segments(draft)
    return segs[0] if segs else None


def _first(draft: dict, tt: int) -> dict | None:
    for t in _tracks(draft, tt):
        if t.get("sg"):
            return t["sg"][0]
    return None


def new_video_draft(subject: str, seconds: int, ratio: str, src: str, kind: str = "generated",
                    fps: int = 30, prompt: str | None = None) -> dict:
    w, h = RATIOS.get(ratio, RATIOS["16:9"])
    d = seconds * 1000
    m = {"title": subject, "src": src, "kind": kind}
    if prompt:
        m["prompt"] = prompt
    return {"d": d, "m": {"width": w, "height": h, "ratio": ratio, "fps": fps},
            "t": [{"tt": 0, "id": "trk_v1", "sg": [{"id": "seg_1", "s": 0, "d": d, "m": m}]}]}


def generated_draft(p: Plan, src: str) -> dict:
    """The draft of a fresh generation: its track is named like a title made from the prompt
    (a whole phrase that fits a file name: the export names the file after it), the prompt kept."""
    name = default_title(p.subject, p.lang) or p.subject
    return new_video_draft(name, p.seconds, p.ratio, src, prompt=p.subject)


def apply(draft: dict, ops: list[dict]) -> tuple[dict, list[dict]]:
    """Apply edit ops; returns the new draft and one note per op (for the text)."""
    draft = copy.deepcopy(draft or {})
    draft.setdefault("t", [])
    notes = []
    for op in ops:
        notes.append(_APPLY[op["op"]](draft, op, int(draft.get("d") or 0)))
    return draft, notes


def _set_title(draft: dict, op: dict, D: int) -> dict:
    seg, ms = _first(draft, 7), op.get("ms") or TITLE_MS
    if seg:
        seg.setdefault("m", {})["text"] = op["text"]
        if op.get("ms"):
            seg["d"] = min(ms, D or ms)
        return {"op": "set_title", "text": op["text"], "replaced": True}
    seg = {"id": DR.next_id(draft), "s": 0, "d": min(ms, D or ms), "m": {"text": op["text"]}}
    draft["t"] = [t for t in draft["t"] if t.get("tt") != 7]
    draft["t"].append({"tt": 7, "id": "trk_t1", "sg": [seg]})
    return {"op": "set_title", "text": op["text"], "replaced": False}


def _remove_track(tt: int, name: str):
    def run(draft: dict, op: dict, D: int) -> dict:
        had = bool(_first(draft, tt))
        draft["t"] = [t for t in draft["t"] if t.get("tt") != tt]
        return {"op": name, "had": had}
    return run


def _title_position(draft: dict, op: dict, D: int) -> dict:
    segs = [s for t in _tracks(draft, 7) for s in t.get("sg", [])]
    for s in segs:
        s.setdefault("m", {})["position"] = op["position"]
    return {"op": "title_position", "position": op["position"], "had": bool(segs)}


def _title_duration(draft: dict, op: dict, D: int) -> dict:
    seg = _first(draft, 7)
    if seg:
        seg["d"] = max(500, min(int(op["ms"]), D - int(seg.get("s", 0)) if D else int(op["ms"])))
    return {"op": "title_duration", "ms": seg["d"] if seg else op["ms"], "had": bool(seg)}


def _set_bgm(draft: dict, op: dict, D: int) -> dict:
    old = _first(draft, 1)
    m = {"title": op["style"], "volume": op["volume"]}
    if op.get("src"):        # an uploaded sound file: the renderer plays it (media.py), looped to the length
        m["src"] = op["src"]
    for k in ("fade_in", "fade_out"):   # the fades belong to the track: a new style keeps them
        if old and k in old.get("m", {}):
            m[k] = old["m"][k]
    seg = {"id": DR.next_id(draft), "s": 0, "d": D, "m": m}
    draft["t"] = [t for t in draft["t"] if t.get("tt") != 1]
    # keep the conventional order: video, BGM, title
    idx = next((i for i, t in enumerate(draft["t"]) if t.get("tt") == 7), len(draft["t"]))
    draft["t"].insert(idx, {"tt": 1, "id": "trk_a1", "sg": [seg]})
    return {"op": "set_bgm", "style": op["style"], "volume": op["volume"], "replaced": bool(old)}


def _bgm_volume(draft: dict, op: dict, D: int) -> dict:
    seg = _first(draft, 1)
    if seg:
        seg.setdefault("m", {})["volume"] = op["volume"]
    return {"op": "bgm_volume", "volume": op["volume"], "had": bool(seg)}


def _bgm_fade(draft: dict, op: dict, D: int) -> dict:
    seg = _first(draft, 1)
    ms = int(op["ms"])
    if seg:
        ms = max(100, min(ms, int(seg.get("d", D)) // 2 or ms))
        seg.setdefault("m", {})["fade_" + op["fade"]] = ms
    return {"op": "bgm_fade", "fade": op["fade"], "ms": ms, "had": bool(seg)}


def _aspect(draft: dict, op: dict, D: int) -> dict:
    w, h = RATIOS[op["ratio"]]
    draft.setdefault("m", {}).update({"width": w, "height": h, "ratio": op["ratio"]})
    return {"op": "aspect", "ratio": op["ratio"]}


def _trim(draft: dict, op: dict, D: int) -> dict:
    kind = op["op"]
    a, b = {"trim_start": (0, op.get("ms", 0)), "trim_end": (D - op.get("ms", 0), D),
            "trim_to": (op.get("ms", 0), D), "cut_range": (op.get("from_ms", 0), op.get("to_ms", 0))}[kind]
    a, b = max(0, a), min(D, b)
    cut = op.get("ms", b - a)
    if b <= a or D - (b - a) < 1000:
        return {"op": kind, "skipped": True, "seconds": D / 1000, "ms": cut}
    new_d = DR.remove_range(draft, a, b)
    return {"op": kind, "ms": b - a, "seconds": new_d / 1000, "from_ms": a, "to_ms": b}


def _place_clip(draft: dict, op: dict, D: int) -> dict:
    segs = DR.video_segments(draft)
    note = {"op": "place_clip", "clip": op["clip"], "where": op["where"], "after": op.get("after")}
    mine = [s for s in segs if s.get("m", {}).get("src") == op["src"]]
    if mine and len(segs) == 1:
        return {**note, "same": True, "seconds": D / 1000}
    moved = False
    if len(mine) == 1:    # already on the timeline: move it
        s0 = int(mine[0].get("s", 0))
        length = int(mine[0].get("d", op["ms"]))
        m = dict(mine[0].get("m", {}))
        index = segs.index(mine[0]) + 1
        after = op.get("after")
        DR.remove_range(draft, s0, s0 + length)
        if after is not None and after >= index:
            after -= 1
        moved = True
    else:
        length = int(op["ms"])
        m = {"title": op["clip"].rsplit(".", 1)[0], "src": op["src"], "kind": "upload"}
        after = op.get("after")
    if op["where"] == "start":
        at = 0
    elif op["where"] == "after" and after:
        at = DR.segment_end(draft, after)
        at = int(draft.get("d") or 0) if at is None else at
    else:
        at = int(draft.get("d") or 0)
    new_d = DR.insert_clip(draft, at, m, length)
    return {**note, "moved": moved, "seconds": new_d / 1000}


def _signature(draft: dict) -> tuple:
    """What a person sees and hears of a draft (a title's position unset is the centre)."""
    def seg(s: dict) -> tuple:
        m = s.get("m", {})
        return (s.get("s", 0), s.get("d", 0), m.get("src"), m.get("in", 0), m.get("title"), m.get("text"),
                m.get("volume"), m.get("fade_in"), m.get("fade_out"), m.get("position") or "center")
    tracks = tuple((t.get("tt"), tuple(seg(s) for s in t.get("sg", []))) for t in draft.get("t", []))
    m = draft.get("m", {})
    return draft.get("d"), (m.get("ratio"), m.get("width"), m.get("height")), tracks


_APPLY = {"set_title": _set_title, "remove_title": _remove_track(7, "remove_title"),
          "title_position": _title_position, "title_duration": _title_duration,
          "set_bgm": _set_bgm, "bgm_volume": _bgm_volume, "bgm_fade": _bgm_fade,
          "remove_bgm": _remove_track(1, "remove_bgm"), "aspect": _aspect,
          "trim_start": _trim, "trim_end": _trim, "trim_to": _trim, "cut_range": _trim,
          "place_clip": _place_clip}


# --------------------------------------------------------------------------- texts
def _replies(lang: str) -> dict:
    return vocabulary.data()["replies"]["zh" if lang == "zh" else "en"]


def _r(lang: str, key: str, **kw) -> str:
    text = _replies(lang)[key].format(**kw)
    return _ONE_SECONDS.sub(r"\1 second", text) if lang != "zh" else text   # "the first 1 seconds"


_ONE_SECONDS = re.compile(r"(?<![\d.])(1) seconds\b")


def _secs(x: float) -> str:
    return f"{round(x, 1):g}"


def help_text(lang: str) -> str:
    if lang == "zh":
        return ("我可以根据描述生成短视频（例如“生成一段15秒的森林飞鸟视频”）；剪掉开头或结尾、剪掉中间一段，"
                "或把视频剪到指定长度；把你上传的片段放到开头、结尾或某一段之后；添加、更换或删除背景音乐，"
                "调整音量和淡入淡出；添加、修改或删除标题，把标题放到顶部、中间或底部并设置显示时长；"
                "修改画面比例（16:9、9:16、1:1、4:3）。你想做什么？")
    return ("I can generate a short video from a description (for example \"generate a 15-second "
            "video of a forest with birds flying overhead\"); trim the start or the end, cut a part out or "
            "trim the video to a length; put a clip you upload at the start, at the end or after a segment; "
            "add, change or remove background music, set its volume and fade it in or out; add, change or "
            "remove a title, move it to the top, center or bottom and set how long it shows; and change "
            "the aspect ratio (16:9, 9:16, 1:1 or 4:3). What would you like to make?")


def describe(draft: dict, lang: str, topics: list[str]) -> str:
    """The answer to a question about the project, read from its draft: the topics asked about
    (title, music, ratio, length), or all of them."""
    topics = topics or ["length", "ratio", "title", "music"]
    out = []
    for topic in topics:
        if topic == "length":
            out.append(_r(lang, "about_length", seconds=_secs(int(draft.get("d") or 0) / 1000)))
        elif topic == "ratio":
            m = draft.get("m") or {}
            w, h = int(m.get("width") or 16), int(m.get("height") or 9)
            shape = "landscape" if w > h else "portrait" if h > w else "square"
            out.append(_r(lang, "about_ratio", ratio=m.get("ratio") or f"{w}:{h}",
                          orientation=_replies(lang)["orientations"][shape]))
        elif topic == "title":
            seg = _first(draft, 7)
            out.append(_r(lang, "about_title", text=seg["m"].get("text", ""),
                          where=_where(lang, seg["m"].get("position")), seconds=_secs(int(seg.get("d") or 0) / 1000))
                       if seg else _r(lang, "about_no_title"))
        else:
            seg = _first(draft, 1)
            out.append(_r(lang, "about_music", style=seg["m"].get("title", ""), volume=seg["m"].get("volume", 0))
                       if seg else _r(lang, "about_no_music"))
    return "".join(out) if lang == "zh" else " ".join(out)


def no_video_text(lang: str) -> str:
    if lang == "zh":
        return "项目里还没有视频。先描述一段视频让我生成，或上传一段视频，然后我再帮你编辑。"
    return ("There's no video in your project yet. Describe a clip for me to generate or upload one, "
            "and then I can edit it for you.")


def issue_text(issue: dict, lang: str) -> str:
    if issue["issue"] == "note":      # an edit that changed nothing: what its note says
        return _note_text(issue["note"], lang)
    return _r(lang, "issue_" + issue["issue"], **{k: v for k, v in issue.items() if k != "issue"})


def thought_text(p: Plan) -> str:
    return (f"The user wants a {p.seconds}s clip about {p.subject}; use seedance at {p.ratio}, "
            "then add BGM and a title with edit_multitrack.")


def generation_intro(p: Plan) -> str:
    if p.lang == "zh":
        return f"好的！我来为你生成一段{p.seconds}秒的{p.subject}视频，大约需要几分钟，请稍候。"
    return (f"Great idea! I'll generate a {p.seconds}-second video of {p.subject}. "
            "This usually takes a few minutes, so hang tight.")


def generation_raw_ready(p: Plan) -> str:
    if p.lang == "zh":
        return f"你的{p.seconds}秒原始视频已经生成！可以在时间线中预览。接下来我会添加背景音乐和标题。"
    return (f"Your raw {p.seconds}-second clip of {p.subject} is ready! Preview it in the timeline. "
            "Now I'm adding background music and a title.")


def generation_final(p: Plan, notes: list[dict]) -> str:
    bgm = next((n for n in notes if n["op"] == "set_bgm"), None)
    title = next((n for n in notes if n["op"] == "set_title"), None)
    if p.lang == "zh":
        parts = []
        if bgm:
            parts.append(f"音量为{bgm['volume']}%的{bgm['style']}背景音乐")
        if title:
            parts.append(f"标题“{title['text']}”")
        return f"我添加了{'和'.join(parts)}。你的视频已经完成！点击导出按钮即可下载。"
    parts = []
    if bgm:
        parts.append(f"{bgm['style']} background music at {bgm['volume']}% volume")
    if title:
        parts.append(f"the title \"{title['text']}\"")
    return (f"I added {' and '.join(parts)}. Your video is ready! "
            "Click the Export button to download it.")


def _note_text(n: dict, lang: str) -> str:
    op, r = n["op"], (lambda key, **kw: _r(lang, key, **kw))
    if n.get("already"):
        fields = {k: v for k, v in n.items()
                  if isinstance(v, (str, int, float)) and k not in ("op", "seconds", "where", "position")}
        return r("already_" + op, **fields, where=_where(lang, n.get("position") or n.get("where")),
                 seconds=_secs((n.get("ms") or 0) / 1000))
    if op == "set_title":
        return r("set_title_replaced" if n["replaced"] else "set_title_new", text=n["text"])
    if op in ("remove_title", "remove_bgm"):
        return r(op if n["had"] else op + "_none")
    if op == "title_position":
        return r("title_position", where=_where(lang, n["position"])) if n["had"] else r("no_title")
    if op == "title_duration":
        return r("title_duration", seconds=_secs(n["ms"] / 1000)) if n["had"] else r("no_title")
    if op == "set_bgm":
        return r("set_bgm", style=n["style"], volume=n["volume"])
    if op == "bgm_volume":
        return r("bgm_volume", volume=n["volume"])
    if op == "bgm_fade":
        return r("bgm_fade_" + n["fade"], seconds=_secs(n["ms"] / 1000)) if n["had"] else r("no_bgm")
    if op == "aspect":
        return r("aspect", ratio=n["ratio"])
    if op in ("trim_start", "trim_end", "trim_to", "cut_range"):
        if n.get("skipped"):
            return r("trim_skipped", seconds=_secs(n["seconds"]))
        return r(op, cut=_secs(n["ms"] / 1000), seconds=_secs(n["seconds"]),
                 a=_secs(n["from_ms"] / 1000), b=_secs(n["to_ms"] / 1000))
    if op == "place_clip":
        if n.get("same"):
            return r("place_same", clip=n["clip"])
        key = ("move_" if n.get("moved") else "place_") + n["where"]
        return r(key, clip=n["clip"], n=n.get("after"), seconds=_secs(n["seconds"]))
    return ""


def _where(lang: str, position) -> str:
    return _replies(lang)["positions"].get(position or "center", "")


def edit_text(notes: list[dict], lang: str, declined: list | None = None, issues: list | None = None) -> str:
    zh = lang == "zh"
    out = [_note_text(n, lang) for n in notes]
    out += [_r(lang, "declined", what=what[1] if zh else what[0]) for what, _ in (declined or [])]
    out += [issue_text(i, lang) for i in (issues or [])]
    out.append(_r(lang, "closing"))
    return "".join(out) if zh else " ".join(out)


def edit_delay(ops: list[dict]) -> float:
    """Seconds an edit takes (before time scaling): 10-30 s like the real one."""
    return min(30.0, 10.0 + 6.0 * len(ops))


def generation_delay(seconds: int) -> float:
    """Seconds a generation takes (before time scaling): 100-300 s like the real one."""
    return float(max(100, min(300, 60 + 10 * seconds)))

"""The local agent: understands a small set of requests, pure logic, no I/O.

`plan(message, state)` decides what a turn does (deterministically: no
randomness); `apply(draft, ops)` changes a draft; the text helpers say it the
way the real agent does, GUI-speak included ("Click the Export button...")
because the skill must learn to translate that.

Prices (credits), documented in the report and PROTOCOL-compatible:
  generation: 10 per started 5 seconds of clip (10 s -> 20, 15 s -> 30);
              the automatic BGM + title pass after it is included
  edits: title / BGM / volume / remove: 1 each; aspect ratio, trim: 2 each
  plain text answers: free
"""
from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from typing import Any

from skill.core.lang import detect  # the one language detector (the router and the commands use it too)

DEFAULT_SECONDS = 10
MIN_SECONDS, MAX_SECONDS = 3, 60
DEFAULT_BGM = "Upbeat"
DEFAULT_VOLUME = 30
TITLE_MS = 3000

RATIOS = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}

OP_COST = {"set_title": 1, "remove_title": 1, "set_bgm": 1, "bgm_volume": 1, "remove_bgm": 1,
           "aspect": 2, "trim_start": 2, "trim_end": 2, "trim_to": 2}

_STYLES = [  # (pattern, display name)
    (r"lo-?fi", "Lo-fi"), (r"jazz|爵士", "Jazz"), (r"piano|钢琴", "Piano"), (r"rock|摇滚", "Rock"),
    (r"upbeat|happy|欢快", "Upbeat"), (r"cinematic|电影", "Cinematic"), (r"ambient|氛围", "Ambient"),
    (r"electronic|edm|电子", "Electronic"), (r"classical|古典", "Classical"),
    (r"hip[- ]?hop|嘻哈", "Hip hop"), (r"acoustic|guitar|吉他", "Acoustic"), (r"\bpop\b|流行", "Pop"),
    (r"epic|史诗", "Epic"), (r"chill|relax|轻松|轻音乐", "Chill"),
]


def generation_cost(seconds: int) -> int:
    return 10 * math.ceil(seconds / 5)


# Aspects the user cannot have here, each with the closest thing the agent
# can do: (pattern on the lower-cased message, what was asked in English and
# in Chinese, the alternative). A request for one of them is answered plainly
# ("I can't add subtitles here. I can add a title ...") instead of with the
# list of everything the agent can do.
UNSUPPORTED = (
    (r"subtitle|caption|closed[- ]captions?|\bcc\b|字幕", ("add subtitles", "加字幕"), "title"),
    (r"black[- ]and[- ]white|\bb ?& ?w\b|gr[ae]yscale|monochrome|sepia|colou?r grad|\bfilters?\b|\blut\b|"
     r"黑白|滤镜|调色", ("change the colours or add a filter", "调色或加滤镜"), "describe"),
    (r"voice[- ]?overs?|narrat|\bvoice\b|配音|旁白|解说|朗读", ("add a voiceover", "加配音或旁白"), "music"),
    (r"sound effects?|\bsfx\b|音效", ("add sound effects", "加音效"), "music"),
    (r"slow[- ]?mo|slow motion|slow (?:it |this |the video |the clip )?down|speed (?:it |this |the video )?up|\bspeed\b|faster|slower|倍速|慢动作|快进|加速|减速",
     ("change the speed", "调整播放速度"), "trim"),
    (r"transitions?|fade[- ]?(?:in|out)?\b|转场|淡入|淡出", ("add transitions", "加转场"), "help"),
    (r"stickers?|emojis?|\blogo\b|watermark|贴纸|表情|水印|台标", ("add stickers, logos or watermarks", "加贴纸、台标或水印"),
     "title"),
)
ALTERNATIVES = {  # what the agent offers instead: (English, Chinese); "help": everything it can do
    "title": ("I can add a title — text on screen for a few seconds — for example: add a title that says 'Hello'.",
              "我可以加一个标题——在画面上显示几秒的文字，例如：加一个标题“你好”。"),
    "music": ("I can add background music and set its volume, for example: add piano music at 30%.",
              "我可以添加背景音乐并调整音量，例如：加一段钢琴背景音乐，音量30%。"),
    "describe": ("I can generate a new clip that looks the way you describe, for example: generate a 10-second "
                 "black-and-white video of a city street.",
                 "我可以按你的描述生成一段新视频，例如：生成一段10秒的黑白城市街景视频。"),
    "trim": ("I can trim the video to a length, for example: trim it to 10 seconds.",
             "我可以把视频剪到指定长度，例如：剪到10秒。"),
}


def unsupported(low: str) -> tuple[tuple[str, str], str] | None:
    """(what was asked (en, zh), alternative) for a request the agent cannot do here, or None."""
    for pattern, what, alternative in UNSUPPORTED:
        if re.search(pattern, low):
            return what, alternative
    return None


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

    @property
    def cost(self) -> int:
        if self.kind == "generate":
            return generation_cost(self.seconds)
        if self.kind == "edit":
            return sum(OP_COST[o["op"]] for o in self.ops)
        return 0


# --------------------------------------------------------------------------- parsing
_GEN_EN = re.compile(r"\b(generate|create|make|produce|render|shoot)\b.*\b(video|clip|film|movie|animation|footage)s?\b")
_GEN_ZH = re.compile(r"(生成|制作|做一个|做一段|做个|创作|来一段|来一个).*(视频|短片|片子)")
_SECONDS_EN = re.compile(r"(\d{1,3})\s*(?:-|\s)?\s*(?:seconds?|secs?|s)\b")
_SECONDS_ZH = re.compile(r"(\d{1,3})\s*秒")
_QUOTED = re.compile(r"[\"“「『](.+?)[\"”」』]|(?:^|\s)'(.+?)'(?=\s|$|[.,!?])")


def _quoted(text: str) -> str | None:
    m = _QUOTED.search(text)
    if not m:
        return None
    return (m.group(1) or m.group(2) or "").strip() or None


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" \t.,!?;:。，！？；：\"'“”")
    return s


def _subject_en(text: str) -> str:
    m = re.search(r"\b(?:video|clip|film|movie|animation|footage)s?\s+(?:clip\s+)?"
                  r"(?:of|about|showing|featuring|on)\s+(.+)", text, re.I)
    if not m:
        m = re.search(r"\b(?:about|of|showing)\s+(.+)", text, re.I)
    if not m:
        return ""
    s = m.group(1)
    s = re.split(r"[,.;!?]|\s+(?:and|then)\s+(?:add|put|use|set|make|give)\b|"
                 r"\s+with\s+(?:a\s+|an\s+|the\s+)?(?:title|music|bgm|soundtrack)\b|"
                 r"\s+(?:in|at)\s+(?:9:16|16:9|1:1|vertical|portrait|square|landscape)\b", s, flags=re.I)[0]
    s = re.sub(r"\b(?:please|for me|thanks)\b", "", s, flags=re.I)
    return _clean(s)


def _subject_zh(text: str) -> str:
    for pat in (r"关于(.+?)的?(?:视频|短片)", r"秒的(.+?)(?:视频|短片)", r"(?:一段|一个|个|段)(.+?)的?(?:视频|短片)"):
        m = re.search(pat, text)
        if m:
            s = re.sub(r"^\d+\s*秒的?", "", m.group(1))
            s = _clean(s)
            if s:
                return s
    return ""


def _ratio(low: str) -> str | None:
    if re.search(r"9\s*:\s*16|vertical|portrait|tiktok|reels|shorts|竖屏|竖版|竖向", low):
        return "9:16"
    if re.search(r"1\s*:\s*1|square|方形|正方形", low):
        return "1:1"
    if re.search(r"16\s*:\s*9|landscape|horizontal|widescreen|youtube|横屏|横版|横向", low):
        return "16:9"
    return None


def _title_ops(text: str, low: str) -> list[dict]:
    if not re.search(r"(?<!sub)title|标题", low):  # subtitles are not a title
        return []
    if re.search(r"\b(remove|delete|drop|get rid of|no)\b.*title|(删除|去掉|删掉|移除|不要).*标题", low):
        return [{"op": "remove_title"}]
    t = _quoted(text)
    if not t:
        m = (re.search(r"title\s*(?:that\s+says|saying|reading|that\s+reads|to|as|:|=)\s*(.+)", text, re.I)
             or re.search(r"标题(?:改为|改成|换成|设为|为|是|叫|：|:)\s*(.+)", text))
        if m:
            t = _clean(re.split(r"[,;!?，；！？]|\s+and\s+(?:add|put|set)\b", m.group(1))[0])
    if not t:
        return []
    op = {"op": "set_title", "text": t[:80]}
    m = re.search(r"for the first (\d{1,2})\s*(?:seconds?|secs?|s)\b|前\s*(\d{1,2})\s*秒", low)
    if m:
        op["ms"] = int(m.group(1) or m.group(2)) * 1000
    return [op]


def _bgm_ops(low: str, state_draft: dict) -> list[dict]:
    if not re.search(r"music|bgm|soundtrack|\bsong\b|音乐|配乐|背景乐|"
                     r"\b(jazz|lo-?fi|piano|hip[- ]?hop|classical|rock)\b|爵士|钢琴|摇滚|古典", low):
        return []
    if re.search(r"\b(remove|delete|drop|get rid of|turn off|mute|no)\b.*(music|bgm|soundtrack|song)"
                 r"|(去掉|删除|删掉|移除|关掉|不要).*(音乐|配乐)", low):
        return [{"op": "remove_bgm"}]
    current = _bgm_segment(state_draft)
    cur_vol = int(current["m"].get("volume", DEFAULT_VOLUME)) if current else DEFAULT_VOLUME
    m = (re.search(r"(\d{1,3})\s*(?:%|percent|％)", low) or re.search(r"volume\s+(?:to\s+)?(\d{1,3})\b", low)
         or re.search(r"音量\D{0,3}(\d{1,3})", low))
    vol = max(0, min(100, int(m.group(1)))) if m else None
    if vol is None and re.search(r"lower|quieter|softer|turn\b.*\bdown|reduce|decrease|降低|调低|小一点|小声", low):
        vol = max(5, cur_vol - 15)
    if vol is None and re.search(r"louder|raise|increase|turn\b.*\bup|boost|调高|提高|大一点|大声", low):
        vol = min(100, cur_vol + 15)
    style = next((name for pat, name in _STYLES if re.search(pat, low)), None)
    adding = re.search(r"\b(add|put|use|play|change|replace|switch|swap|set)\b|添加|加上|加入|加|换|配上|使用", low)
    if current and style is None and vol is not None:
        return [{"op": "bgm_volume", "volume": vol}]
    if adding or style:
        return [{"op": "set_bgm", "style": style or (current["m"].get("title") if current else DEFAULT_BGM),
                 "volume": vol if vol is not None else cur_vol}]
    if vol is not None:
        return [{"op": "set_bgm", "style": DEFAULT_BGM, "volume": vol}]
    return []


def _trim_ops(low: str) -> list[dict]:
    unit = r"\s*(?:seconds?|secs?|s\b)"
    m = re.search(r"(?:cut|trim|remove|delete|drop|chop)\s+(?:off\s+)?(?:the\s+)?first\s+(\d{1,3})" + unit, low) \
        or re.search(r"(?:剪掉|去掉|删掉|删除|裁掉)(?:开头|前面?)的?(\d{1,3})\s*秒", low)
    if m:
        return [{"op": "trim_start", "ms": int(m.group(1)) * 1000}]
    m = re.search(r"(?:cut|trim|remove|delete|drop|chop)\s+(?:off\s+)?(?:the\s+)?last\s+(\d{1,3})" + unit, low) \
        or re.search(r"(?:剪掉|去掉|删掉|删除|裁掉)(?:结尾|最后|后面?)的?(\d{1,3})\s*秒", low)
    if m:
        return [{"op": "trim_end", "ms": int(m.group(1)) * 1000}]
    m = re.search(r"(?:trim|cut|shorten|reduce)\s+(?:it\s+|the\s+video\s+|this\s+)?(?:down\s+)?to\s+(\d{1,3})" + unit, low) \
        or re.search(r"(?:剪到|剪成|缩短到|缩短为|裁剪到|裁到)(\d{1,3})\s*秒", low)
    if m:
        return [{"op": "trim_to", "ms": int(m.group(1)) * 1000}]
    return []


def plan(message: str, state: dict[str, Any]) -> Plan:
    text = (message or "").strip()
    low = text.lower()
    lang = detect(text)
    draft = state.get("draft") or {}
    trims = _trim_ops(low)
    cannot = unsupported(low)
    generating = not trims and bool(_GEN_EN.search(low) or _GEN_ZH.search(text))
    if generating and cannot is not None and not (_subject_zh(text) if lang == "zh" else _subject_en(text)):
        generating = False  # "make the video black and white": an edit it cannot do, not a new clip
    if generating:
        m = _SECONDS_ZH.search(text) or _SECONDS_EN.search(low)
        seconds = int(m.group(1)) if m else DEFAULT_SECONDS
        seconds = max(MIN_SECONDS, min(MAX_SECONDS, seconds))
        subject = (_subject_zh(text) if lang == "zh" else _subject_en(text)) or \
                  ("你描述的场景" if lang == "zh" else "your idea")
        ops = _title_ops(text, low) + _bgm_ops(low, {})
        ops = [o for o in ops if o["op"] in ("set_title", "set_bgm")]
        if not any(o["op"] == "set_bgm" for o in ops):
            ops.append({"op": "set_bgm", "style": DEFAULT_BGM, "volume": DEFAULT_VOLUME})
        if not any(o["op"] == "set_title" for o in ops):
            ops.append({"op": "set_title", "text": default_title(subject, lang)})
        return Plan("generate", lang, ops=ops, subject=subject, seconds=seconds,
                    ratio=_ratio(low) or "16:9")
    ops = trims + _title_ops(text, low) + _bgm_ops(low, draft)
    ratio = _ratio(low)
    if ratio and (re.search(r"ratio|aspect|format|make it|change|switch|convert|\bwant\b|\bneed\b|"
                            r"\d\s*:\s*\d|竖屏|竖版|方形|正方形|比例|改成|改为|换成|变成", low)
                  or len(low.split()) <= 5):
        ops.append({"op": "aspect", "ratio": ratio})
    if not ops and cannot is not None:
        return Plan("chat", lang, reply=unsupported_text(*cannot, lang))
    if not ops:
        return Plan("chat", lang, reply=help_text(lang))
    if not _video_segment(draft):
        return Plan("chat", lang, reply=no_video_text(lang))
    return Plan("edit", lang, ops=ops)


def default_title(subject: str, lang: str) -> str:
    if lang == "zh":
        return subject[:12]
    words = [w for w in re.split(r"\s+", subject) if w.lower() not in ("a", "an", "the")][:4]
    return " ".join(w[:1].upper() + w[1:] for w in words) or "My Video"


# --------------------------------------------------------------------------- drafts
def _tracks(draft: dict, tt: int) -> list[dict]:
    return [t for t in draft.get("t", []) if t.get("tt") == tt]


def _video_segment(draft: dict) -> dict | None:
    for t in _tracks(draft, 0):
        if t.get("sg"):
            return t["sg"][0]
    return None


def _bgm_segment(draft: dict) -> dict | None:
    for t in _tracks(draft, 1):
        if t.get("sg"):
            return t["sg"][0]
    return None


def _next_seg(draft: dict) -> str:
    n = 0
    for t in draft.get("t", []):
        for s in t.get("sg", []):
            m = re.match(r"seg_(\d+)$", str(s.get("id", "")))
            if m:
                n = max(n, int(m.group(1)))
    return f"seg_{n + 1}"


def new_video_draft(subject: str, seconds: int, ratio: str, src: str, kind: str = "generated",
                    fps: int = 30) -> dict:
    w, h = RATIOS.get(ratio, RATIOS["16:9"])
    d = seconds * 1000
    return {"d": d, "m": {"width": w, "height": h, "ratio": ratio, "fps": fps},
            "t": [{"tt": 0, "id": "trk_v1", "sg": [
                {"id": "seg_1", "s": 0, "d": d, "m": {"title": subject, "src": src, "kind": kind}}]}]}


def _set_duration(draft: dict, d: int) -> None:
    draft["d"] = d
    for t in draft.get("t", []):
        for s in t.get("sg", []):
            if t.get("tt") == 0 or t.get("tt") == 1:
                s["d"] = max(0, min(s.get("d", d), d - s.get("s", 0))) if t.get("tt") == 0 else d
            else:
                s["d"] = max(0, min(s.get("d", 0), d - s.get("s", 0)))


def apply(draft: dict, ops: list[dict]) -> tuple[dict, list[dict]]:
    """Apply edit ops; returns the new draft and one note per op (for the text)."""
    draft = copy.deepcopy(draft or {})
    draft.setdefault("t", [])
    notes = []
    for op in ops:
        kind = op["op"]
        D = int(draft.get("d") or 0)
        if kind == "set_title":
            tracks = _tracks(draft, 7)
            title_ms = op.get("ms") or TITLE_MS
            if tracks and tracks[0].get("sg"):
                tracks[0]["sg"][0].setdefault("m", {})["text"] = op["text"]
                if op.get("ms"):
                    tracks[0]["sg"][0]["d"] = min(title_ms, D or title_ms)
                notes.append({"op": kind, "text": op["text"], "replaced": True})
            else:
                seg = {"id": _next_seg(draft), "s": 0, "d": min(title_ms, D or title_ms),
                       "m": {"text": op["text"]}}
                draft["t"] = [t for t in draft["t"] if t.get("tt") != 7]
                draft["t"].append({"tt": 7, "id": "trk_t1", "sg": [seg]})
                notes.append({"op": kind, "text": op["text"], "replaced": False})
        elif kind == "remove_title":
            had = bool(_tracks(draft, 7))
            draft["t"] = [t for t in draft["t"] if t.get("tt") != 7]
            notes.append({"op": kind, "had": had})
        elif kind == "set_bgm":
            seg = {"id": _next_seg(draft), "s": 0, "d": D,
                   "m": {"title": op["style"], "volume": op["volume"]}}
            replaced = bool(_tracks(draft, 1))
            draft["t"] = [t for t in draft["t"] if t.get("tt") != 1]
            # keep the conventional order: video, BGM, title
            idx = next((i for i, t in enumerate(draft["t"]) if t.get("tt") == 7), len(draft["t"]))
            draft["t"].insert(idx, {"tt": 1, "id": "trk_a1", "sg": [seg]})
            notes.append({"op": kind, "style": op["style"], "volume": op["volume"], "replaced": replaced})
        elif kind == "bgm_volume":
            seg = _bgm_segment(draft)
            if seg:
                seg.setdefault("m", {})["volume"] = op["volume"]
            notes.append({"op": kind, "volume": op["volume"], "had": bool(seg)})
        elif kind == "remove_bgm":
            had = bool(_tracks(draft, 1))
            draft["t"] = [t for t in draft["t"] if t.get("tt") != 1]
            notes.append({"op": kind, "had": had})
        elif kind == "aspect":
            w, h = RATIOS[op["ratio"]]
            draft.setdefault("m", {}).update({"width": w, "height": h, "ratio": op["ratio"]})
            notes.append({"op": kind, "ratio": op["ratio"]})
        elif kind in ("trim_start", "trim_end", "trim_to"):
            if kind == "trim_to":
                new_d = op["ms"]
            else:
                new_d = D - op["ms"]
            if new_d >= D or new_d < 1000:
                notes.append({"op": kind, "skipped": True, "seconds": D // 1000, "ms": op["ms"]})
                continue
            if kind == "trim_start":
                vs = _video_segment(draft)
                if vs:
                    vs.setdefault("m", {})["in"] = int(vs["m"].get("in", 0)) + op["ms"]
            _set_duration(draft, new_d)
            notes.append({"op": kind, "ms": op["ms"], "seconds": new_d // 1000})
    return draft, notes


# --------------------------------------------------------------------------- texts
def help_text(lang: str) -> str:
    if lang == "zh":
        return ("我可以根据描述生成短视频（例如“生成一段15秒的森林飞鸟视频”），添加或修改标题，"
                "添加背景音乐并调整音量，修改画面比例（16:9、9:16、1:1），以及剪辑视频长度。你想做什么？")
    return ("I can generate a short video from a description (for example \"generate a 15-second "
            "video of a forest with birds flying overhead\"), add or change a title, add background "
            "music and set its volume, change the aspect ratio (16:9, 9:16 or 1:1) and trim the video. "
            "What would you like to make?")


def no_video_text(lang: str) -> str:
    if lang == "zh":
        return "项目里还没有视频。先描述一段视频让我生成，或上传一段视频，然后我再帮你编辑。"
    return ("There's no video in your project yet. Describe a clip for me to generate or upload one, "
            "and then I can edit it for you.")


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


def edit_text(notes: list[dict], lang: str) -> str:
    zh = lang == "zh"
    out = []
    for n in notes:
        op = n["op"]
        if op == "set_title":
            if zh:
                out.append(f"我{'把标题改成了' if n['replaced'] else '添加了标题'}“{n['text']}”。打开文字面板可以修改字体。")
            else:
                out.append(f"I {'changed the title to' if n['replaced'] else 'added the title'} "
                           f"\"{n['text']}\" at the start of your video. Open the Text panel to change the font.")
        elif op == "remove_title":
            out.append(("我删除了标题。" if n["had"] else "视频里没有标题。") if zh else
                       ("I removed the title." if n["had"] else "There's no title to remove."))
        elif op == "set_bgm":
            out.append(f"我添加了{n['style']}背景音乐，音量{n['volume']}%。在时间线中预览效果。" if zh else
                       f"I added {n['style']} background music at {n['volume']}% volume. "
                       "Preview it in the timeline.")
        elif op == "bgm_volume":
            out.append(f"我把背景音乐音量调到了{n['volume']}%。在时间线中预览效果。" if zh else
                       f"I set the background music volume to {n['volume']}%. Preview it in the timeline.")
        elif op == "remove_bgm":
            out.append(("我删除了背景音乐。点击播放按钮预览。" if n["had"] else "视频里没有背景音乐。") if zh else
                       ("I removed the background music. Click the Play button to preview it."
                        if n["had"] else "There's no background music to remove."))
        elif op == "aspect":
            out.append(f"我把画面比例改成了{n['ratio']}。拖拽画面可以调整构图。" if zh else
                       f"I changed the aspect ratio to {n['ratio']}. Drag the video in the canvas "
                       "to adjust the framing.")
        elif op in ("trim_start", "trim_end", "trim_to"):
            if n.get("skipped"):
                out.append(f"视频只有{n['seconds']}秒，没法这样剪。" if zh else
                           f"Your video is only {n['seconds']} seconds long, so I couldn't trim it that way.")
            elif zh:
                what = {"trim_start": f"剪掉了开头{n['ms'] // 1000}秒", "trim_end": f"剪掉了结尾{n['ms'] // 1000}秒",
                        "trim_to": "剪短了视频"}[op]
                out.append(f"我{what}，视频现在长{n['seconds']}秒。在时间线中预览效果。")
            else:
                what = {"trim_start": f"cut the first {n['ms'] // 1000} seconds",
                        "trim_end": f"cut the last {n['ms'] // 1000} seconds",
                        "trim_to": "trimmed your video"}[op]
                out.append(f"I {what}. Your video is now {n['seconds']} seconds long. "
                           "Preview it in the timeline.")
    out.append("满意的话点击导出按钮下载。" if zh else "Click the Export button when you're happy with it.")
    return " ".join(out) if not zh else "".join(out)


def edit_delay(ops: list[dict]) -> float:
    """Seconds an edit takes (before time scaling): 10-30 s like the real one."""
    return min(30.0, 10.0 + 6.0 * len(ops))


def generation_delay(seconds: int) -> float:
    """Seconds a generation takes (before time scaling): 100-300 s like the real one."""
    return float(max(100, min(300, 60 + 10 * seconds)))

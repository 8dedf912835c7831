"""Edit requests -> edit ops, in English, Chinese or both at once.

One vocabulary (agent_vocabulary.yaml) for every phrasing: trim the start or
the end by N seconds, cut a range out, place an uploaded clip (at the start,
the end, or after segment N; by its name, or "it" / "this" / "the clip I just
uploaded" = the session's latest upload), the music (style, volume, fades,
removal), the title (text, position, how long it shows, removal) and the
aspect ratio. Numbers as digits or words ("two seconds", "两秒", "半分钟").

A message is read clause by clause ("cut the first 2 seconds, then fade the
music out"); a clause that says nothing on its own is read with the next one
("put the beach clip, the one I just uploaded, at the end"). "it" means what
the clause before was about. What cannot be done is collected as `declined`,
what is missing to do it as `issues` (the agent answers those plainly).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from skill.backend import drafts, vocabulary as V
from skill.backend.refusals import unsupported
from skill.backend.vocabulary import DUR, PCT, has

DEFAULT_VOLUME = 30
FADE_IN_MS, FADE_OUT_MS = 2000, 3000     # a fade asked for without a length
VOLUME_STEP = 15
IMAGE_MS = 5000                          # a picture placed on the timeline: a still this long
UNKNOWN_CLIP_MS = 5000                   # an upload whose length is unknown (a URL upload)
RATIO_KEYS = (("9:16", "ratio_9_16"), ("1:1", "ratio_1_1"), ("4:3", "ratio_4_3"), ("16:9", "ratio_16_9"))
_MEDIA_FILE = re.compile(r"[\w\-.\u4e00-\u9fff]+\.(?:mp4|mov|avi|webm|mkv|jpe?g|png|gif|webp)\b", re.I)
_QUOTES = re.compile(r"[\"“「『‘](.+?)[\"”」』’]|(?:^|(?<=[\s:：,，]))'(.+?)'(?=\s|$|[.,!?，。！？])")


@dataclass
class Upload:
    name: str        # file name, e.g. "beach.mp4"
    url: str
    ms: int          # its length on the timeline
    kind: str        # "video" | "image"


@dataclass
class Project:
    """What the parser needs to know of the session."""
    draft: dict
    uploads: list[Upload]                    # oldest first
    audio: list[Upload] = field(default_factory=list)   # uploaded sound files, oldest first: music to use

    @property
    def duration(self) -> int:
        return int(self.draft.get("d") or 0)

    def bgm(self) -> dict | None:
        for t in drafts.tracks(self.draft, 1):
            if t.get("sg"):
                return t["sg"][0]
        return None

    def title(self) -> dict | None:
        for t in drafts.tracks(self.draft, 7):
            if t.get("sg"):
                return t["sg"][0]
        return None

    @classmethod
    def of(cls, state: dict) -> "Project":
        ups = []
        entries = [e for e in (state.get("video_infos") or []) if isinstance(e, dict) and e.get("source") == "upload"]
        entries += [e for e in (state.get("uploaded_media") or []) if isinstance(e, dict)
                    and e.get("file_type") == "image"]
        entries.sort(key=lambda e: float(e.get("at") or 0))      # stable: list order without times
        for e in entries:
            name = str(e.get("filename") or PurePosixPath(str(e.get("url") or "")).name or "upload")
            image = e.get("file_type") == "image"
            dur = e.get("duration")
            ms = IMAGE_MS if image else (int(round(float(dur) * 1000)) if dur else UNKNOWN_CLIP_MS)
            ups.append(Upload(name, str(e.get("url") or ""), max(100, ms), "image" if image else "video"))
        sounds = sorted((e for e in state.get("uploaded_media") or [] if isinstance(e, dict) and e.get("file_type") == "audio"),
                        key=lambda e: float(e.get("at") or 0))
        audio = [Upload(str(e.get("filename") or "music"), str(e.get("url") or ""),
                        int(float(e.get("duration") or 0) * 1000), "audio") for e in sounds]
        return cls(state.get("draft") or {}, ups, audio)


@dataclass
class Parsed:
    ops: list[dict] = field(default_factory=list)
    declined: list[tuple] = field(default_factory=list)   # (what (en, zh), alternative) of UNSUPPORTED
    issues: list[dict] = field(default_factory=list)      # {"issue": ..., ...}: what is missing to do a request


# --------------------------------------------------------------------------- text preparation
@dataclass
class Text:
    low: str            # normalised, lower-cased; quotes replaced by ⟦i⟧
    cased: str          # the same, the user's capitals kept (same length as low)
    quotes: list[str]


def prepare(message: str) -> Text:
    nf = unicodedata.normalize("NFKC", message or "")
    quotes: list[str] = []

    def keep(m: re.Match) -> str:
        quotes.append((m.group(1) or m.group(2) or "").strip())
        return f" ⟦{len(quotes) - 1}⟧ "
    protected = _QUOTES.sub(keep, nf)
    cased = V.normalize(protected, lower=False)
    low = cased.lower()
    if len(low) != len(cased):
        cased = low
    return Text(low, cased, quotes)


_VERB_AFTER_AND = (r"add|put|make|change|set|remove|cut|trim|move|use|switch|lower|raise|turn|fade|place|insert|"
                   r"delete|drop|show|keep|center|centre|get|swap|replace|rename|call|crop|shorten|mute|bring|"
                   r"increase|decrease|reduce|boost|take|open|end|start|give|let|play|title|name|also|then")
_SPLIT = re.compile(
    r"[;!?\n。！？；]+|[,，、]|\.(?=\s|$)|\s+-\s+|"
    r"\s+(?:and\s+then|then|also|plus|after\s+that|afterwards|and\s+also)\s+|"
    rf"\s+and\s+(?=(?:{_VERB_AFTER_AND})\b)|"
    r"(?:然后|接着|之后再|再把|再将|再给|并且|同时|另外|还有|顺便|以及|并把|再)")


def clauses(t: Text) -> list[tuple[str, str]]:
    """(low, cased) per clause."""
    out, pos = [], 0
    for m in _SPLIT.finditer(t.low):
        if m.start() > pos:
            out.append((t.low[pos:m.start()], t.cased[pos:m.start()]))
        pos = m.end()
    if pos < len(t.low):
        out.append((t.low[pos:], t.cased[pos:]))
    return [(a.strip(), b.strip()) for a, b in out if a.strip(" -")]


# --------------------------------------------------------------------------- the reader
class Reader:
    def __init__(self, project: Project, text: Text):
        self.p, self.t = project, text
        self.obj: str | None = None     # what the last clause was about: "title" | "music" | "clip"
        self.out = Parsed()

    # -- helpers -------------------------------------------------------------------------
    def quoted(self, c: str) -> str | None:
        m = re.search(r"⟦(\d+)⟧", c)
        return self.t.quotes[int(m.group(1))] if m else None

    def restore(self, s: str) -> str:
        return re.sub(r"\s*⟦(\d+)⟧\s*", lambda m: self.t.quotes[int(m.group(1))], s)

    def named_upload(self, c: str) -> Upload | None | bool:
        """The upload a clause names (by file name or its stem), False when it names a file
        that is not uploaded, None when it names none."""
        c = self.restore(c).lower()      # a quoted name is the name ("put 'beach day.mp4' at the start")
        for u in reversed(self.p.uploads):
            if " " in u.name and u.name.lower() in c:
                return u                      # a name with a space, said whole
        files = _MEDIA_FILE.findall(c)
        for f in files:
            base = PurePosixPath(f.replace("\\", "/")).name.lower()
            for u in reversed(self.p.uploads):
                if u.name.lower() == base:
                    return u
        for u in reversed(self.p.uploads):
            stem = PurePosixPath(u.name).stem.lower()
            if len(stem) >= 2 and re.search(rf"(?<![a-z0-9]){re.escape(stem)}(?![a-z0-9])", c):
                return u
        if files:
            return False
        return None

    # -- the clause kinds ----------------------------------------------------------------
    def place(self, c: str) -> list[dict] | None:
        if not (has("place", c) or re.search(r"\b(?:as|for)\s+(?:the|an?|my)\s+(?:ending|intro|outro|opening|opener)"
                                               r"|作为|当作|当成|做成?(?:片头|片尾|开头|结尾)", c)):
            return None
        named = self.named_upload(c)
        if named is None and (has("title", c) or has("music", c) or V.style_of(c)):
            return None
        if named is None:
            if not has("clip_ref", c) or self.obj in ("title", "music") and re.search(r"\bit\b|它", c) \
                    and not re.search(r"clip|footage|video|upload|视频|素材|片段|上传", c):
                return None
        where, after = self._where(c)
        if where is None:
            if named or re.search(r"\b(?:clip|footage|upload(?:ed)?)\b|上传|素材|片段", c):
                if named is False:
                    self.out.issues.append({"issue": "not_uploaded", "name": _MEDIA_FILE.search(c).group(0)})
                    return []
                if named or self.p.uploads:
                    u = named or self.p.uploads[-1]
                    self.out.issues.append({"issue": "place_where", "name": u.name})
                    return []
            return None
        if named is False:
            self.out.issues.append({"issue": "not_uploaded", "name": _MEDIA_FILE.search(c).group(0)})
            return []
        u = named or (self.p.uploads[-1] if self.p.uploads else None)
        if u is None:
            self.out.issues.append({"issue": "no_upload"})
            return []
        op = {"op": "place_clip", "clip": u.name, "src": u.url, "ms": u.ms, "kind": u.kind, "where": where}
        if where == "after":
            op["after"] = after
        return [op]

    def _where(self, c: str) -> tuple[str | None, int | None]:
        seg, segzh = V.rx("segment_noun").pattern, V.rx("segment_noun_zh").pattern
        ordw = r"first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|\d+(?:st|nd|rd|th)?"
        for sign, words in ((0, r"after|following|behind"), (-1, r"before|ahead\s+of|in\s+front\s+of")):
            m = (re.search(rf"\b(?:{words})\s+(?:the\s+)?(?P<o>{ordw})\s+{seg}", c)
                 or re.search(rf"\b(?:{words})\s+{seg}\s*(?:#|no\.?|number)?\s*(?P<o>\d+|one|two|three|four|five)\b", c))
            if m:
                o = m.group("o")
                if o == "last":
                    return ("end", None) if sign == 0 else self._after(len(drafts.video_segments(self.p.draft)) - 1)
                n = V.ordinal(re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", o))
                if n is not None:
                    return self._after(n + sign)
        m = re.search(rf"第\s*(?P<o>[0-9一二两三四五六七八九十]+)\s*{segzh}\s*(?:视频|片段)?\s*(?:的)?\s*(?P<w>之后|以后|后面|后边|后头|后|之前|以前|前面|前边|前)", c)
        if m:
            n = V.ordinal(m.group("o"))
            if n is not None:
                return self._after(n - (1 if "前" in m.group("w") else 0))
        m = re.search(rf"\bbetween\s+(?:the\s+)?(?P<a>{ordw})\s+(?:{seg}\s+)?and\s+(?:the\s+)?(?:{ordw})\b|"
                      rf"第\s*(?P<b>[0-9一二两三四五六七八九十]+)\s*{segzh}?\s*(?:和|与|跟)\s*第\s*[0-9一二两三四五六七八九十]+\s*{segzh}\s*(?:之间|中间)", c)
        if m:
            n = V.ordinal(re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", m.group("a") or m.group("b")))
            if n is not None:
                return self._after(n)
        start, end = V.rx("clip_start").search(c), V.rx("clip_end").search(c)
        if start and end:
            return ("start", None) if start.start() > end.start() else ("end", None)
        if start:
            return "start", None
        if end:
            return "end", None
        return None, None

    def _after(self, n: int) -> tuple[str, int | None]:
        count = len(drafts.video_segments(self.p.draft))
        if n <= 0:
            return "start", None
        if n >= count:
            return "end", None
        return "after", n

    def title(self, c: str, cased: str) -> list[dict] | None:
        titled = has("title", c) or self._names_the_title(c)
        named = re.search(r"\b(?:call|name|title|rename)\s+(?:it|the\s+video|this|the\s+clip|the\s+film|the\s+project)\s+"
                          r"(?:to\s+|as\s+)?(?P<t>.+)|(?:叫做|命名为|取名为?|起名为?|名字叫|名字改成|名字改为)\s*(?P<z>.+)", c)
        it = self.obj == "title" and re.search(r"\bit\b|它", c)
        if not (titled or named or it):
            return None
        text = self._title_text(c, cased)
        if text is None and named and not titled:
            g = "t" if named.group("t") else "z"
            text = _clean_title(self.restore(cased[named.start(g):named.end(g)]))
        pos = self._title_position(c)
        if text and pos and _is_position_words(text):
            text = None
        if text and re.fullmatch(r"(?:the\s+)?(?:\d+(?:\.\d+)?s|last\s+\d+s|for\s+\d+s)", text.lower()):
            text = None
        ops: list[dict] = []
        if text:
            ops.append({"op": "set_title", "text": text[:80]})
        elif has("remove_object", c) and not pos:
            return [{"op": "remove_title"}]
        if pos:
            ops.append({"op": "title_position", "position": pos})
        ms = self._title_ms(c)
        if ms:
            if ops and ops[0]["op"] == "set_title":
                ops[0]["ms"] = ms
            else:
                ops.append({"op": "title_duration", "ms": ms})
        if not ops and titled and re.search(r"\b(?:change|rename|replace|edit|new|different|update)\b|改|换|修改", c) \
                and not V.style_of(c) and not has("music", c):
            self.out.issues.append({"issue": "title_text"})
            return []
        return ops or None

    def _names_the_title(self, c: str) -> bool:
        """"remove the Morning Run text", "把Morning Run那行字删掉": the title by its own words."""
        seg = self.p.title()
        text = str((seg or {}).get("m", {}).get("text") or "").strip().lower()
        if len(text) < 2 or text not in c:
            return False
        rest = c.replace(text, " ")
        return not re.search(r"\b(?:to|into|as)\s*$", c[:c.find(text)]) or bool(has("remove_object", rest))

    def _title_text(self, c: str, cased: str) -> str | None:
        q = self.quoted(c)
        if q:
            return q
        cur = str((self.p.title() or {}).get("m", {}).get("text") or "").strip().lower()
        pats = [rf"{re.escape(cur)}\s*(?:(?:to|into)\s+|->\s*|→\s*|改成|改为|换成|换为|变成|改)(?P<t>\S.*)"] if len(cur) >= 2 else []
        pats += [
            r"\b(?:title|heading|headline)\s+from\s+.+?\s+(?:to|into)\s+(?P<t>\S.*)",
            r"(?:标题|题目|片名)\s*从.+?(?:改为|改成|换成|换为|变成)\s*(?P<t>.+)",
            r"\b(?:title|heading|headline|text)\s*(?:text\s*)?(?:that\s+says|saying|reading|that\s+reads|which\s+says|"
            r"to\s+say|to\s+read|to|as|called|named|of|is|should\s+be|should\s+say|into|with)(?:\s*[:=]\s*|\s+)(?P<t>\S.*)",
            r"\b(?:title|heading|headline)\s*:\s*(?P<t>\S.*)",
            r"\bmake\s+the\s+(?:title|text)\s+(?:say|read)\s+(?P<t>.+)",
            r"\b(?:add|put|use|give\s+it)\s+(?:a|the|an)\s+(?:new\s+)?title\s+(?P<t>(?!(?:at|on|to|for|in|that|which|saying|"
            r"reading|called|named|up|down|higher|lower|back|over|a\s+bit|there|here)\b)[a-z0-9].*)",
            r"\btitle\s+(?:it|the\s+video)\s+(?P<t>.+)",
            r"(?:标题|题目|片名|文字|文案)\s*(?:改为|改成|换成|换为|设为|设成|设置为|设置成|变成|写成|写上|写|为|是|叫做|叫|用|改|:)\s*(?P<t>.+)",
            r"把(?:标题|题目|片名|文字|文案)(?:改|换|设|变|写|设置)(?:为|成)\s*(?P<t>.+)",
            r"(?:加|添加|加上|加个|加一个|来个|放个|写个|配个|配上)(?:一个|个)?(?:标题|题目)\s*(?:[:]|叫做|叫|写着|写|是|为)?\s*(?P<t>.+)",
        ]
        for p in pats:
            m = re.search(p, c)
            if m:
                raw = self.restore(cased[m.start("t"):m.end("t")])
                if re.match(r"[\u4e00-\u9fff]", raw):    # 把标题改成夜色港湾 音乐音量调到20: a pause ends it
                    raw = re.split(r"\s+(?=[\u4e00-\u9fff])", raw, 1)[0]
                t = _clean_title(raw)
                if t and not V.is_placeholder(t):
                    return t
        return None

    def _title_position(self, c: str) -> str | None:
        hits = [(m.start(), name) for name in ("top", "bottom", "center")
                for m in [V.rx(f"title_{name}").search(c)] if m]
        return min(hits)[1] if hits else None

    def _title_ms(self, c: str) -> int | None:
        if has("whole_video", c):
            return self.p.duration or None
        d = V.durations(c)
        if d and has("title_hold", c):
            return int(d[0] * 1000)
        return None

    def music_from_upload(self, c: str) -> list[dict] | None:
        """An uploaded sound file as the music ("use song.mp3 as the background music", "把背景音乐换成我刚传的
        song", "replace the music with my song"): named, or the latest when it says "my song" / 刚传的."""
        if not self.p.audio or not (has("music", c) or has("as_music", c)) or not has("use_audio", c):
            return None     # (not "can i upload my own song? how big can it be": no use asked)
        named = [u for u in self.p.audio if _names_file(c, u.name)]
        chosen = named[-1] if named else self.p.audio[-1] if has("uploaded_audio", c) else None
        if chosen is None:
            return None
        bgm = self.p.bgm()
        cur = int((bgm or {}).get("m", {}).get("volume", DEFAULT_VOLUME)) if bgm else DEFAULT_VOLUME
        vol = self._volume(c, cur)
        return [{"op": "set_bgm", "style": PurePosixPath(chosen.name).stem, "volume": vol if vol is not None else cur,
                 "src": chosen.url}]

    def music(self, c: str) -> list[dict] | None:
        ref = has("music", c) or (has("volume", c) and self.p.bgm() is not None
                                   and (re.search(PCT, c) or has("louder", c) or has("quieter", c) or has("half", c)
                                        or re.search(r"\d", c)))
        style = V.style_of(c)
        it = self.obj == "music" and (has("music_it", c) or re.search(PCT, c) or has("fade_any", c))
        fades = [(m.start(), "in") for m in V.rx("fade_in").finditer(c)] + \
                [(m.start(), "out") for m in V.rx("fade_out").finditer(c)]
        if not (ref or it):
            if fades or has("fade_any", c):
                return None            # a fade of the picture: a transition (declined by the caller)
            if not style or has("title", c) or has("names_text", c) or not has("change", c):
                return None
        bgm = self.p.bgm()
        cur = int((bgm or {}).get("m", {}).get("volume", DEFAULT_VOLUME)) if bgm else DEFAULT_VOLUME
        ops: list[dict] = []
        if fades:
            fades.sort()
            for i, (pos, kind) in enumerate(fades):
                nxt = fades[i + 1][0] if i + 1 < len(fades) else len(c)
                m = re.search(DUR, c[pos:nxt]) or (re.search(DUR, c[:pos]) if len(fades) == 1 else None)
                ms = int(float(m.group(1)) * 1000) if m else (FADE_IN_MS if kind == "in" else FADE_OUT_MS)
                ops.append({"op": "bgm_fade", "fade": kind, "ms": ms})
            return ops
        vol = self._volume(c, cur)
        removing = (has("remove_object", c) or re.search(r"\b(?:mute|silence|silent)\b|静音", c)) \
            and vol is None and not re.search(r"\b(?:change|switch|swap|replace)\b|换|改", c)
        if removing and not re.search(r"\bno\s+more\s+\w+\s+than\b", c):
            return [{"op": "remove_bgm"}]
        if style is None:
            style = _named_style(c)
        if style:
            return [{"op": "set_bgm", "style": style, "volume": vol if vol is not None else cur}]
        if vol is not None:
            if bgm:
                return [{"op": "bgm_volume", "volume": vol}]
            return [{"op": "set_bgm", "style": "Upbeat", "volume": vol}]
        if re.search(r"\b(?:change|switch|swap|replace|different|another|other|new)\b|换|改|别的|其他|另一|不同", c) and bgm:
            return [{"op": "set_bgm", "style": _other_style(str(bgm.get("m", {}).get("title") or "")), "volume": cur}]
        if re.search(r"\b(?:add|put|use|play|give|want|need)\b|加|添|配|放|来点|来一段|要", c) and not bgm:
            return [{"op": "set_bgm", "style": "Upbeat", "volume": DEFAULT_VOLUME}]
        return None

    def _volume(self, c: str, cur: int) -> int | None:
        m = re.search(PCT, c) or re.search(r"(?:volume|level|音量|声音)\D{0,10}?(?<![\d.])(\d{1,3})(?![\d.]*s\b)(?!\d)", c)
        if m:
            return max(0, min(100, int(float(m.group(1)))))
        if re.search(r"\bhalf\s+(?:the\s+)?volume\b|一半(?:的)?音量|音量(?:调到|调成|设为|设成|改成|降到|到)一半", c):
            return 50
        if has("half", c) and (has("volume", c) or has("quieter", c) or re.search(r"\b(?:cut|reduce)\b|halve", c)):
            return max(1, cur // 2)
        if re.search(r"\bdouble\b|加倍|翻倍", c):
            return min(100, cur * 2)
        if has("quieter", c):
            return max(5, cur - VOLUME_STEP)
        if has("louder", c):
            return min(100, cur + VOLUME_STEP)
        return None

    def trim(self, c: str) -> list[dict] | None:
        D = self.p.duration
        durs = V.durations(c)
        remove = has("remove", c)
        num = r"(\d+(?:\.\d+)?)"
        # a range: "from 5 to 8 seconds", "5-8s", "seconds 5 to 8", "第5秒到第8秒", "5到8秒"
        m = (re.search(rf"(?:from|between)?\s*(?:the\s+)?(?:第)?\s*{num}\s*(?:s(?![a-z]))?\s*(?:-|to|till|until|through|thru|and|到|至)\s*(?:the\s+)?(?:第)?\s*{num}s(?![a-z])", c)
             or re.search(rf"\bseconds?\s+{num}\s*(?:-|to|through|and|until)\s*{num}\b", c)
             or (re.search(rf"\bfrom\s+{num}\s*(?:to|-|until|till)\s+{num}\b(?!\s*%)", c) if remove else None)
             or (re.search(rf"{num}\s*(?:到|至)\s*{num}(?!\s*%)", c) if remove else None)
             or (re.search(rf"(?<![\d:.]){num}\s*(?:-|to|through|until|till)\s*{num}\b(?![%:.x]|\s*%)", c) if remove else None))
        if m and (remove or re.search(r"\bout\b", c)):
            a, b = float(m.group(1)), float(m.group(2))
            a, b = min(a, b), max(a, b)
            if b > a:
                return [{"op": "cut_range", "from_ms": int(a * 1000), "to_ms": int(b * 1000)}]
        m = re.search(rf"(?:from|starting\s+(?:at|from))\s+(?:the\s+)?{num}s\s+(?:to|till|until|through)\s+(?:the\s+)?(?:very\s+)?end|"
                      rf"(?:从)?第?\s*{num}s\s*(?:到|至)\s*(?:结尾|最后|结束|末尾)|"
                      rf"\b(?:everything|all|anything|the\s+rest|stuff|whatever(?:'s|\s+is)?)\s+(?:after|past|beyond)\s+(?:the\s+)?{num}s|"
                      rf"{num}s\s*(?:以后|之后|后面|往后)的?", c)
        if m and remove:
            a = float(next(g for g in m.groups() if g))
            return [{"op": "trim_to", "ms": int(a * 1000)}]
        m = re.search(rf"\b(?:everything|all|anything|the\s+stuff|whatever(?:'s|\s+is)?)\s+before\s+(?:the\s+)?{num}s|{num}s\s*(?:以前|之前|前面)的", c)
        if m and remove:
            a = float(next(g for g in m.groups() if g))
            return [{"op": "trim_start", "ms": int(a * 1000)}]
        # "begin at second 3", "the 2-second mark": a start without a unit after the number
        m = re.search(rf"\b(?:start|begin|open)s?\s+(?:the\s+video\s+|it\s+)?(?:at|from)\s+(?:the\s+)?second\s+{num}\b", c)
        if m:
            return [{"op": "trim_start", "ms": int(float(m.group(1)) * 1000)}]
        if not durs:
            return None
        n = int(durs[0] * 1000)
        # keep only a part
        if re.search(r"\b(?:keep|leave)\s+(?:only\s+|just\s+)?the\s+(?:first|opening)\b|只(?:保留|留|要)(?:下)?(?:前|开头)", c):
            return [{"op": "trim_to", "ms": n}]
        if re.search(r"\b(?:keep|leave)\s+(?:only\s+|just\s+)?the\s+(?:last|final)\b|只(?:保留|留|要)(?:下)?(?:最后|后|结尾)", c):
            return [{"op": "trim_start", "ms": max(0, D - n)}] if D > n else [{"op": "trim_to", "ms": n}]
        # "2 seconds shorter": by, not to
        if re.search(rf"{num}s\s+shorter|\bshorter\s+by\s+{num}s|(?:短|少)\s*(?:了)?\s*{num}s", c) \
                and not has("start", c):
            return [{"op": "trim_end", "ms": n}]
        if re.search(rf"\b(?:start|begin)s?\b.{{0,30}}?\b{num}s\s+in(?:to\s+(?:it|the\s+video))?\b", c):
            return [{"op": "trim_start", "ms": n}]
        # start later / end earlier / stop at
        if re.search(rf"\b(?:start|begin|open)s?\s+(?:the\s+video\s+|it\s+)?(?:{num}s\s+later|(?:at|from)\s+(?:the\s+)?{num}s)|"
                     rf"从第?\s*{num}s\s*(?:处|的地方|那里)?\s*(?:开始|起)", c):
            return [{"op": "trim_start", "ms": n}]
        if re.search(rf"\b(?:end|finish|stop)s?\s+(?:the\s+video\s+|it\s+)?{num}s\s+(?:earlier|sooner)", c):
            return [{"op": "trim_end", "ms": n}]
        if re.search(rf"\b(?:end|finish|stop)s?\s+(?:the\s+video\s+|it\s+)?(?:at|after)\s+(?:the\s+)?{num}s|"
                     rf"\bcut\s+(?:it|the\s+video|this)?\s*off\s+(?:at|after)\s+(?:the\s+)?{num}s|在第?\s*{num}s\s*(?:结束|停|截止)", c):
            return [{"op": "trim_to", "ms": n}]
        # shorten to / by
        if re.search(rf"(?:{V.rx('shorten').pattern})[^.]*?\b(?:to|down\s+to|into)\s+(?:be\s+)?(?:just\s+|only\s+|about\s+)?{num}s|"
                     rf"\bmake\s+(?:it|the\s+video|this)\s+(?:just\s+|only\s+)?{num}s(?:\s+long)?(?!\s+(?:shorter|longer))\b|"
                     rf"(?:缩短|剪|裁剪?|改|变|压缩|控制|弄|删减)(?:到|为|成|在)\s*(?:只有)?\s*{num}s|只要\s*{num}s", c):
            return [{"op": "trim_to", "ms": n}]
        if re.search(rf"\b(?:shorten|trim|cut|reduce)\b.*\bby\s+{num}s|(?:缩短|剪短|减少|短)\s*(?:了)?\s*{num}s", c) \
                and not has("start", c) and not has("end", c):
            return [{"op": "trim_end", "ms": n}]
        if not remove:
            return None
        both = re.search(r"\bboth\s+ends\b|\beach\s+end\b|两头|首尾|头尾|前后各", c)
        start = has("start", c) or re.search(r"(?:前|头)\s*(?:的|那)?\s*\d+(?:\.\d+)?s", c)
        end = has("end", c) or re.search(r"(?:后|尾)\s*(?:的|那)?\s*\d+(?:\.\d+)?s", c)
        if both or (start and end and re.search(r"\band\b|和|跟", c)):
            return [{"op": "trim_start", "ms": n}, {"op": "trim_end", "ms": n}]
        if start and end:   # the nearer anchor to the number wins
            ps = min(x.start() for x in [V.rx("start").search(c)] + [re.search(r"(?:前|头)\s*\d", c)] if x)
            pe = min(x.start() for x in [V.rx("end").search(c)] + [re.search(r"(?:后|尾)\s*\d", c)] if x)
            pn = re.search(DUR, c).start()
            start, end = (abs(ps - pn) <= abs(pe - pn)), (abs(pe - pn) < abs(ps - pn))
        if start:
            return [{"op": "trim_start", "ms": n}]
        if end:
            return [{"op": "trim_end", "ms": n}]
        return None

    def aspect(self, c: str) -> list[dict] | None:
        for ratio, key in RATIO_KEYS:
            if has(key, c):
                if has("ratio_verb", c) or len(c.split()) <= 5 or len(c) <= 8:
                    return [{"op": "aspect", "ratio": ratio}]
                return None
        return None

    # -- a clause, a message ---------------------------------------------------------------
    def clause(self, c: str, cased: str) -> list[dict] | None:
        """The ops of one clause: [] when it was understood but cannot be done as asked
        (an issue was noted), None when it says nothing the agent understands."""
        cannot = unsupported(c)
        if cannot and cannot[1] == "title_layout":   # "make the title red": not a new title text
            return None
        ops = self.music_from_upload(c)
        if ops:
            self.obj = "music"
            return ops
        ops = self.place(c)
        if ops is not None:
            if ops:
                self.obj = "clip"
            return ops
        got = None
        for kind in ("title", "music"):
            found = self.title(c, cased) if kind == "title" else self.music(c)
            if found is not None:
                got = (got or []) + found
                if found:
                    self.obj = kind
        if got is not None:
            return got
        return self.trim(c) or self.aspect(c)


_GENERIC = {"different", "something", "another", "new", "other", "better", "some", "the", "a", "an", "my", "it", "this",
            "that", "these", "those",
            "more", "less", "nicer", "good", "nice", "background", "same", "any", "music", "one", "track", "song"}


def _names_file(c: str, name: str) -> bool:
    """Does the lower-cased clause name the uploaded file, whole ("song.mp3") or by its stem ("song")?"""
    low = name.lower()
    stem = PurePosixPath(low).stem
    if low in c:
        return True
    # by its stem only when that is a name, not a word any request about music says ("song.mp3": "song")
    return bool(stem) and not V.rx("music").fullmatch(stem) \
        and re.search(rf"(?<![a-z0-9]){re.escape(stem)}(?![a-z0-9])", c) is not None


def _named_style(c: str) -> str | None:
    """A style the vocabulary does not know, said in English: "change the music to ukulele"."""
    m = (re.search(r"\b(?:music|bgm|soundtrack|song|track)\s+(?:to|into|with|for)\s+(?:some\s+|a\s+|an\s+)?"
                   r"(?P<w>[a-z][a-z-]{2,20})(?:\s+(?:music|one|song|track|style|beats?|tunes?|vibes?))?\s*$", c)
         or re.search(r"\b(?:use|play|try|want|prefer|add|switch\s+to|go\s+with|need)\s+(?:some\s+|a\s+|an\s+)?"
                      r"(?P<w>[a-z][a-z-]{2,20})\s+(?:music|bgm|soundtrack|song|tunes?|beats?)\b", c))
    if not m or m.group("w") in _GENERIC or re.search(r"[\u4e00-\u9fff]", m.group("w")):
        return None
    return m.group("w")[:1].upper() + m.group("w")[1:]


def _other_style(current: str) -> str:
    order = ["Upbeat", "Chill", "Piano", "Lo-fi", "Acoustic", "Cinematic"]
    cur = current.strip().lower()
    for i, s in enumerate(order):
        if s.lower() == cur:
            return order[(i + 1) % len(order)]
    return order[0]


def _clean_title(s: str) -> str:
    s = re.split(r"[,;!?，；！？。]|\s+(?:and\s+(?:then\s+)?(?:add|put|set|make|move|change|use)|then)\b|"
                 r"\s+(?:please|pls|plz|thanks|thank\s+you|instead)\s*$|"
                 r"\s+(?:at|on|to|in)\s+the\s+(?:top|bottom|middle|center|centre)\b|\s+for\s+(?:the\s+)?(?:first\s+)?\d+s\b|"
                 r"(?:吧|啊|呀|好了|就行|就好|即可|可以吗|行吗)$", s, maxsplit=1)[0]
    s = s.strip().strip("\"'“”「」『』 .:：")
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"(?<=\d)s\b", lambda m: " seconds", s) if re.search(r"\d+s\b", s) and not re.search(r"[\u4e00-\u9fff]", s) else s
    return s.strip()


def _is_position_words(text: str) -> bool:
    t = text.lower().strip()
    t = re.sub(r"^(?:the\s+|画面的?|屏幕的?)", "", t)
    return bool(re.fullmatch(r"(?:up\s+top|down\s+low|up|down|higher(?:\s+up)?|lower(?:\s+down)?|"
                             r"(?:very\s+)?(?:top|bottom|middle|center|centre|upper\s+part|lower\s+part))"
                             r"(?:\s+of\s+the\s+(?:screen|frame|video|picture))?|顶部|底部|中间|居中|上方|下方|上面|下面|正中|中央|"
                             r"最上面|最下面|左上角|右上角|左下角|右下角", t))


def read(message: str, state: dict) -> Parsed:
    """The edit ops a message asks for (and what was declined, what is missing)."""
    t = prepare(message)
    r = Reader(Project.of(state), t)
    out = r.out

    def decline(low: str) -> bool:
        cannot = unsupported(low)
        if cannot and cannot not in out.declined:
            out.declined.append(cannot)
        return cannot is not None

    buf_low = buf_cased = ""
    for low, cased in clauses(t):
        if buf_low:
            ops = r.clause(buf_low + " " + low, buf_cased + " " + cased)
            if ops is not None:
                out.ops += ops
                buf_low = buf_cased = ""
                continue
            if decline(buf_low):
                buf_low = buf_cased = ""
        ops = r.clause(low, cased)
        if ops is not None:
            out.ops += ops
            buf_low = buf_cased = ""
            continue
        if decline(low):
            continue
        buf_low, buf_cased = (f"{buf_low} {low}", f"{buf_cased} {cased}") if buf_low else (low, cased)
    if buf_low:
        decline(buf_low)
    if not out.ops and not out.declined and not out.issues:
        ops = r.clause(t.low, t.cased)    # nothing clause by clause: the whole message at once
        if ops:
            out.ops += ops
        else:
            decline(t.low)
    out.ops = _last_of_each(out.ops)
    return out


_SETTINGS = ("set_title", "title_position", "title_duration", "set_bgm", "bgm_volume", "aspect", "remove_title",
             "remove_bgm")


def _last_of_each(ops: list[dict]) -> list[dict]:
    """"quieter, like 20%" is one change: of two settings of the same thing, the later one
    (each costs, and a setting overwritten in the same turn is no change)."""
    out: list[dict] = []
    for op in ops:
        key = (op["op"], op.get("fade"))
        if op["op"] in _SETTINGS or op["op"] == "bgm_fade":
            out = [o for o in out if (o["op"], o.get("fade")) != key]
        if op["op"] == "bgm_volume":
            for o in out:
                if o["op"] == "set_bgm":
                    o["volume"] = op["volume"]
            if any(o["op"] == "set_bgm" for o in out):
                continue
        out.append(op)
    return out

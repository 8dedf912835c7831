"""Generation prompts: is a message asking for a new clip, how long, of what,
and the title made from it.

English and Chinese, also mixed and wrapped in politeness ("你好，麻烦帮我做一个
12秒的视频，内容是下雪的小镇夜景", "hey could you make me a short clip, maybe 8
seconds, showing a fox in the snow"). A subject is the user's own words, never
a placeholder ("你描述的场景", "your video"): with nothing described, there is no
subject (the agent asks instead). A title ends on a whole word (English) or
keeps a whole noun phrase (Chinese).
"""
from __future__ import annotations

import re

from skill.backend import vocabulary as V

DEFAULT_SECONDS = 10
MIN_SECONDS, MAX_SECONDS = 3, 60
TITLE_WORDS, TITLE_CHARS = 10, 48         # an English title: at most
TITLE_CHARS_ZH = 16                       # a Chinese title: at most

_CJK = re.compile(r"[\u3400-\u9fff]")
_EN_NOUN = (r"(?:videos?|clips?|films?|movies?|animations?|footage|shorts?|reels?|vid|loops?|gifs?|timelapses?|"
            r"time-lapses?|montages?|b-roll)")
# what a described shot starts with ("a timelapse of…", "drone shot flying over…", "close-up of…")
_SHOT_EN = (rf"(?:{_EN_NOUN}|(?:[\w-]+\s+)?shots?|scenes?|sequences?|close-?ups?|aerials?|aerial\s+(?:view|shot)s?|"
            r"drone\s+(?:shot|footage|view|flight)s?|panoramas?|flyovers?|pov|views?\s+of|landscapes?)")
_STRONG_EN = r"\b(?:generate|create|render|animate|produce|film|shoot)\b"
_NOT_A_CLIP_EN = re.compile(r"^\s*(?:(?:a|an|the|some|new|my|another|different)\s+)?(?:\d+(?:\.\d+)?s\s+)?"
                            r"(?:it|this|that|subtitles?|captions?|titles?|heading|music|bgm|soundtrack|song|"
                            r"transitions?|filters?|voice-?overs?|sound\s+effects?|logo|watermark|stickers?|thumbnail|"
                            r"export|render|fade|fades|fade-in|fade-out|cut|trim|version|copy|edit|download|link|"
                            r"preview|poster|gif\s+of\s+it|loop\s+of\s+it)\b")
_STRONG_ZH = r"(?:生成|制作|创作|拍摄)"
_WEAK_ZH = r"(?:做|来|要|整|弄|拍|出|剪)\s*(?:一)?\s*(?:个|段|条|部|支|则)"
_NOT_A_CLIP_ZH = re.compile(r"^[^，,。]{0,4}(?:字幕|标题|音乐|配乐|背景乐|转场|滤镜|配音|音效|贴纸|水印|封面|淡入|淡出|"
                            r"效果|链接|预览|版本|导出)")
_SHOT_ZH = r"(?:画面|镜头|航拍|特写|延时|风景|景色|视频|短片|片子|影片|动画)"


def _polite_stripped(low: str) -> str:
    return re.sub(r"^(?:\s*(?:hey|hi|hello|ok|okay|so|please|pls|yo|um|uh)\b[\s,!.]*)+", "", low.strip())


def is_generation(low: str, empty_project: bool = False) -> bool:
    """A request for a new clip ("make me a short clip…", "generate a red fox…", "生成一段…",
    "a timelapse of clouds…"), not an edit of the one there is ("make the video black and
    white", "把视频做成竖屏", "create a title", "生成字幕"). A bare description ("a cat asleep
    in the sun") asks for a clip only when the project has none yet."""
    m = V.rx("gen_verb_en").search(low)
    if m:
        rest = low[m.end():]
        n = re.search(rf"\b{_EN_NOUN}\b", rest)
        if n:
            between = rest[:n.start()]
            if not re.match(r"\s*(?:it|this|that|the|my|our|your|its)\b", between) \
                    and len(between.split()) <= 8 \
                    and (V.rx("gen_det_en").search(between) or not between.strip()
                         or re.search(r"\d+s\b", between)):
                return True
    m = re.search(_STRONG_EN, low)
    if m:
        rest = re.sub(r"^\s*(?:me|us|for\s+me|like|maybe|about|around|just)\b\s*", "", low[m.end():])
        if rest.strip() and not _NOT_A_CLIP_EN.match(rest) and not re.match(r"\s*(?:the|my|our)\s+video\b", rest):
            return True
    lead = _polite_stripped(low)
    if re.match(rf"(?:(?:a|an|one|some)\s+)?(?:\d+(?:\.\d+)?s\s+(?:long\s+)?(?:of\b|{_SHOT_EN})|{_SHOT_EN}\b)(?!\.\w)", lead) \
            and not _NOT_A_CLIP_EN.match(lead):    # (not a file's name: "clip.mp4 放到视频开头")
        return True
    if re.search(r"把(?:这个|这段|整个)?(?:视频|片子|短片)", low):
        return False
    m = re.search(_STRONG_ZH, low)
    if m and not _NOT_A_CLIP_ZH.match(low[m.end():]):
        return True
    m = re.search(_WEAK_ZH, low)
    if m and not _NOT_A_CLIP_ZH.match(low[m.end():]) and not V.has("music", low) and not V.has("title", low) \
            and V.style_of(low) is None:
        return True
    if V.rx("gen_zh").search(low) and V.rx("gen_noun_zh").search(low):
        return True
    if empty_project and "?" not in low and "？" not in low:
        if re.match(r"(?:a|an)\s+\w+(?:\s+\S+){2,}", lead) and not _NOT_A_CLIP_EN.match(lead):   # "a cat asleep…"
            return True
        if _CJK.search(low) and re.search(_SHOT_ZH, low) and len(low) >= 4:   # "瀑布的航拍"
            return True
    return False


def asks_how_it_works(low: str) -> bool:
    """Is the message someone asking how the tool works or what it does ("how does this work, can you
    render stuff from here?", 这个怎么用), with no clip length to make one? The help answers it, free."""
    return bool(V.rx("asks_how_it_works").search(low)) and seconds_of(low) is None


def asks_about_making(low: str) -> bool:
    """Is the message a question about making videos, not a request for one ("can you generate videos
    of cats?", "why did you generate a cat?", 可以生成多长的视频)? The help answers it: a generation
    replaces the project and spends credits."""
    return V.rx("asks_about_making").search(low) is not None


def asks_about_project(low: str) -> bool:
    """Is the message a question about what the project is now ("how long is the video?", 标题是什么),
    not a request asked as one ("can you make it shorter?")? It is answered from the project."""
    return V.rx("asks_about_project").search(low) is not None


def project_topics(low: str) -> list[str]:
    """What a question about the project asks about (title, music, ratio, length), in the order it asks
    ("现在视频多长 有没有音乐": the length, then the music); [] for all of it."""
    found = ((V.rx("about_" + t).search(low), t) for t in ("title", "music", "ratio", "length"))
    return [t for m, t in sorted((m.start(), t) for m, t in found if m)]


def names_a_clip(low: str) -> bool:
    """The message says "video", "clip", "视频"… (not only a verb that makes one)."""
    return bool(re.search(rf"\b{_EN_NOUN}\b", low) or V.rx("gen_noun_zh").search(low))


def seconds_of(low: str) -> int | None:
    """The clip's length asked for (the first duration in the message), or None."""
    d = V.durations(low)
    if not d:
        return None
    return int(round(d[0]))


def clamp_seconds(s: int | None) -> int:
    return max(MIN_SECONDS, min(MAX_SECONDS, s if s is not None else DEFAULT_SECONDS))


# --------------------------------------------------------------------------- subject
_CUT_EN = re.compile(
    r"[.;!?\n]|,\s*(?=(?:maybe|about|around|roughly|approximately|approx|like|say|\d|and\b|then\b|with\b|in\b|"
    r"please|thanks|thank|for\b|lasting|that'?s|it'?s|make\b|add\b|set\b|use\b|should\b|vertical|square|"
    r"portrait|landscape|horizontal|no\b|ok\b|okay\b|so\b|i\b|we\b))|"
    r"\s+(?:and\s+)?then\s+|\s+and\s+(?:add|put|use|set|make|give|export|include|play|also)\b|"
    r"\s+with\s+(?:a\s+|an\s+|the\s+|some\s+)?(?:title|heading|music|bgm|soundtrack|song|caption|\w+\s+music)\b|"
    r"\s+(?:titled|called|named)\b|"
    r"\s+(?:in|at|as)\s+(?:a\s+)?(?:9:16|16:9|1:1|4:3|vertical|portrait|square|landscape|horizontal|widescreen)\b|"
    r"\s+(?:for|lasting|that\s+lasts|about|around|roughly)\s+(?:\d+(?:\.\d+)?s|a\s+minute)\b|"
    r"\s+(?:please|pls|plz|thanks|thank\s+you|for\s+me)\b|"
    r"\s+(?:that\s+is|that's|which\s+is)\s+\d")
_FILLER_EN = re.compile(
    r"\b(?:\d+(?:\.\d+)?s(?:-long|\s+long)?|maybe|about|around|roughly|short|quick|little|brief|tiny|new|nice|"
    r"simple|vertical|square|portrait|landscape|horizontal|widescreen|hd|4k|1080p|one|single)\b|\b9:16\b|\b16:9\b|"
    r"\b1:1\b|\b4:3\b")
_LEAD_EN = re.compile(r"^(?:(?:a|an|the|some|of|about|showing|featuring|depicting)\s+)+", re.I)


def _en_clean(s: str) -> str:
    s = re.sub(r"^\s*(?:(?:me|us|for\s+me|like|maybe|about|around|roughly|just|some|a\s+quick|a\s+short)\s+)+", "", s,
               flags=re.I)
    s = re.sub(r"^\s*\d+(?:\.\d+)?s\s+(?:long\s+)?(?:of\s+)?", "", s)
    s = _CUT_EN.split(s, maxsplit=1)[0]
    s = V.rx("polite_en").sub(" ", s) if not _CJK.search(s) else s
    s = re.sub(r"\s+", " ", s).strip(" \t,.:;-—'\"“”")
    return s


def _subject_en(norm: str, low: str) -> str:
    """The described subject of an English request, in the user's own casing."""
    def at(m: re.Match, group: str = "s") -> str:
        return _en_clean(norm[m.start(group):]) if len(norm) == len(low) else _en_clean(m.group(group))

    def ok(s: str) -> bool:
        return bool(s) and not V.is_placeholder(s) and not re.fullmatch(r"[\d\s.s%:]+", s) \
            and not _NOT_A_CLIP_EN.match(s)

    pats = [
        rf"\b(?:content|subject|topic|theme)\s*(?:is|:|should\s+be|=|will\s+be)\s*(?P<s>\S.*)",
        rf"\b(?:it\s+should\s+show|should\s+show|that\s+shows|which\s+shows|that\s+show|showing|depicting|featuring|"
        rf"it\s+shows|it'?s\s+of|of\s+it\s+being)\s+(?P<s>\S.*)",
        rf"\b{_EN_NOUN}\s*(?:clip\s+)?(?:\d+(?:\.\d+)?s\s+)?(?:(?:for|to)\s+(?:me|us|my\s+\w+)\s+)?"
        rf"(?:of|about|on|where)\s+(?P<s>\S.*)",
        rf"\b{_EN_NOUN}\s*[:\-—]\s*(?P<s>\S.*)",
        rf"\b(?:titled|called|named)\s+(?P<s>\S.*)",
        rf"\b\d+(?:\.\d+)?s\s+(?:long\s+)?of\s+(?P<s>\S.*)",                 # "6 seconds of fireworks"
        rf"\b{_EN_NOUN}\b.*?\b(?:about|of|showing)\s+(?P<s>\S.*)",
    ]
    for p in pats:
        m = re.search(p, low)
        if m:
            s = at(m)
            s = _LEAD_EN.sub("", s) if re.match(r"(?:of|about|showing)\b", s, re.I) else s
            if ok(s):
                return s
    # "a forest video", "generate a 10s snowy forest clip": the words before the noun
    m = re.search(rf"{V.rx('gen_verb_en').pattern}(?P<s>.*?)\b{_EN_NOUN}\b", low)
    if m:
        words = _FILLER_EN.sub(" ", m.group("s"))
        words = re.sub(r"^\s*(?:(?:me|us|a|an|the|some|another|for\s+me)\s+)+", "", words + " ")
        words = re.sub(r"\s+", " ", words).strip(" ,.-")
        if ok(words):
            return words
    # "generate a red fox walking through autumn leaves": whatever follows a verb that makes clips
    m = re.search(rf"{_STRONG_EN}\s+(?P<s>\S.*)", low)
    if m:
        s = at(m)
        if ok(s):
            return s
    # a described shot on its own ("a timelapse of clouds…", "drone shot flying over…")
    lead = _polite_stripped(low)
    if lead and not _CJK.search(lead[:1]) and not V.rx("gen_verb_en").match(lead) and not re.match(_STRONG_EN, lead) \
            and re.match(rf"(?:(?:a|an|the|one|some)\s+)?{_SHOT_EN}\b|(?:a|an)\s+\w+", lead):
        start = len(low) - len(lead)
        s = _en_clean(norm[start:] if len(norm) == len(low) else lead)
        if ok(s):
            return s
    return ""


_CUT_ZH = re.compile(r"[，,。！!？?；;\n]|(?:时长|大概|大约|左右|长度|然后|并且|再加|加上|配上|标题|背景音乐|音乐)")
_LEAD_ZH = re.compile(r"^(?:一个|一段|一条|一部|一支|一则|一些|个|段|条|部|支|则|那种|这种|关于|有关|的)+")
_DUR_ZH = re.compile(r"(?:大概|大约|约)?\s*\d+(?:\.\d+)?s\s*(?:钟)?\s*(?:左右|上下)?\s*(?:的|长的)?")
_TAIL_ZH = re.compile(r"(?:的)?(?:短视频|小视频|视频|短片|片子|影片|动画|画面|片段)$")


def _zh_clean(s: str) -> str:
    s = _DUR_ZH.sub("", s)
    s = s.strip(" \t,，.。:：;；、")
    s = _CUT_ZH.split(s, maxsplit=1)[0]
    s = V.rx("polite_zh").sub("", s.strip())
    s = _LEAD_ZH.sub("", s.strip())
    s = _TAIL_ZH.sub("", s.strip())
    s = re.sub(r"的$", "", s.strip())
    return s.strip(" \t,.:;-—'\"“”「」")


def _subject_zh(low: str) -> str:
    def ok(s: str) -> bool:
        return bool(s) and not V.is_placeholder(s) and not re.fullmatch(r"[\d\s.s%]+", s) \
            and not _NOT_A_CLIP_ZH.match(s)

    pats = [
        r"(?:内容是|内容为|内容:|内容就是|主题是|主题为|主题:|画面是|画面为|拍的是|讲的是|场景是)\s*(?P<s>[^，,。！!？?]+)",
        r"(?:关于|有关)(?P<s>.+?)(?:的)?(?:短视频|小视频|视频|短片|片子|影片|动画)",
        r"(?:展示|表现|描述|描绘|呈现|记录)(?:一下)?(?P<s>[^，,。！!？?]+)",
        r"(?:视频|短片|片子)\s*[:：]\s*(?P<s>[^，,。！!？?]+)",
        r"\d+(?:\.\d+)?s\s*(?:钟)?(?:左右)?的?(?P<s>[^，,。！!？?]+?)(?:的)?(?:短视频|小视频|视频|短片|片子|影片|动画)",
        r"(?:个|段|条|部|支|则)(?P<s>[^，,。！!？?]+?)(?:的)?(?:短视频|小视频|视频|短片|片子|影片|动画)",
        rf"{_STRONG_ZH}(?:一下)?(?P<s>[^，,。！!？?]+)",                        # "生成一段海浪拍打礁石的画面"
        rf"{_WEAK_ZH}(?P<s>[^。！!？?]+)",                                     # "来个8秒的，猫咪在窗台上晒太阳"
        r"(?:拍|拍摄)(?:一下)?(?P<s>[^，,。！!？?]+)",
    ]
    for p in pats:
        m = re.search(p, low)
        if m:
            s = _zh_clean(m.group("s"))
            if ok(s):
                return s
    # the subject in a clause of its own: "做个视频，一只柴犬在雪地里奔跑，7秒"
    for clause in re.split(r"[，,。！!？?；;、]", low):
        c = re.sub(rf"^.*?(?:{_STRONG_ZH}|{_WEAK_ZH}|想要|我要|给我)\s*", "", clause) \
            if re.search(rf"{_STRONG_ZH}|{_WEAK_ZH}", clause) else clause
        s = _zh_clean(c)
        if ok(s) and _CJK.search(s) and not V.rx("gen_noun_zh").fullmatch(s):
            return s
    return ""


def subject_of(text: str, low: str | None = None) -> str:
    """The subject a generation request describes ("" when none is described)."""
    import unicodedata

    norm = re.sub(r"[ \t]+", " ", unicodedata.normalize("NFKC", text or "")).strip()
    low = low if low is not None else V.normalize(text)
    # the subject keeps the user's casing: match on a normalised copy of the same length
    cased = _same_length_cased(norm, low)
    zh = _subject_zh(low) if _CJK.search(low) else ""
    en = _subject_en(cased, low)
    if zh and (not en or _CJK.search(low[:len(low) // 2 + 1]) or len(_CJK.findall(en)) >= len(zh) // 2):
        s = zh
    else:
        s = en or zh
    s = re.sub(r"\s+", " ", s).strip()
    return "" if V.is_placeholder(s) else s


def _same_length_cased(norm: str, low: str) -> str:
    """`low` with the user's capitals put back where the two line up (names stay "Tokyo")."""
    if len(norm) == len(low):
        return norm
    words = {w.lower(): w for w in re.findall(r"[A-Za-z][\w'-]*", norm) if w.lower() != w}
    return re.sub(r"[a-z][\w'-]*", lambda m: words.get(m.group(), m.group()), low)


# --------------------------------------------------------------------------- titles
def title_for(subject: str, lang: str) -> str:
    """A title made from the subject: its words (no placeholder), a whole phrase, short."""
    s = (subject or "").strip()
    if not s or V.is_placeholder(s):
        return ""
    if _CJK.search(s) and (lang == "zh" or len(_CJK.findall(s)) * 2 >= len(s.replace(" ", ""))):
        return _title_zh(s)
    return _title_en(s)


def _title_en(s: str) -> str:
    small = V.small_words()
    words = [w for w in re.split(r"\s+", s.strip(" ,.;:!?")) if w]
    while words and words[0].lower() in ("a", "an", "the", "some", "my", "our", "of"):
        words.pop(0)
    if len(words) > TITLE_WORDS or len(" ".join(words)) > TITLE_CHARS:
        # cut where a phrase ends: before a preposition/conjunction, within the limits
        best = 0
        for i in range(2, len(words)):
            if len(" ".join(words[:i])) > TITLE_CHARS or i > TITLE_WORDS:
                break
            if words[i].lower() in small or words[i - 1].endswith(","):
                best = i
        if best == 0:
            best = min(TITLE_WORDS, len(words))
            while best > 1 and len(" ".join(words[:best])) > TITLE_CHARS:
                best -= 1
        words = words[:best]
    while len(words) > 1 and words[-1].lower().strip(",") in small:
        words.pop()
    out = []
    for i, w in enumerate(words):
        w = w.strip(",;:")
        if i and w.lower() in small:
            out.append(w.lower())
        elif w[:1].islower():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


_ZH_CLAUSE = re.compile(r"[，,、；;。]|(?:然后|并且|同时|以及)")


def _title_zh(s: str) -> str:
    s = _LEAD_ZH.sub("", s.strip())
    s = _ZH_CLAUSE.split(s)[0].strip()
    if len(s) <= TITLE_CHARS_ZH:
        return s
    # the head of a Chinese noun phrase is at its end: keep whole "的"-phrases from the end
    parts = s.split("的")
    out = parts[-1]
    for p in reversed(parts[:-1]):
        cand = p + "的" + out
        if len(cand) > TITLE_CHARS_ZH:
            break
        out = cand
    if len(out) > TITLE_CHARS_ZH:   # one long run without 的: the start of it, at a word-ish boundary
        out = out[:TITLE_CHARS_ZH]
    return out

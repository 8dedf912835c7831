"""GUI translation: backend text written for a web-editor user, made fit for chat.

`translate(text, lang=None) -> Translation(text, actions)`.

The backend agent believes the user sits in front of its web editor and says
things like "Click the Export button to download your video" or
"打开文字面板可以修改字体". This module (rules in ``intents/gui.yaml``):

1. cleans the text with :func:`skill.core.sanitize.clean` (backend text is data);
2. masks quoted spans, so a title 'Click Here' or “点击这里” is never touched;
3. splits it into sentences and clauses (commas, semicolons);
4. finds GUI-instruction clauses and removes them, keeping every other
   clause: a GUI verb used as an instruction (at the start of its clause,
   after a lead-in such as "you can"/请 or a list marker, chained with "and",
   or after "by"): click / drag / right-click / 点击 / 拖拽, or press / open /
   select / 打开 / 前往 followed closely by a UI noun, a control name or a
   quoted label (点击“导出”); a UI location ("from the Export menu", "using
   the slider in the Audio tab", 在右侧的字幕面板中); "in the timeline" /
   在时间线中 with a viewing verb (only that phrase goes); and follow-up steps
   right after an instruction ("…, choose 1080p, and click Render",
   "2. Choose MP4."). "A tutorial about clicking the download button" and a
   title 'Click Here' are content and stay;
5. replaces what the instruction pointed at by what the user can do here, in
   the text's language:

   - export ("click Export", 点击导出按钮) → "Say 'export' when you're
     ready and I'll render the MP4." / "说「导出」我就为你渲染 MP4。",
     action ``export``;
   - credits ("check your billing page", 到账户页面充值) → action ``credits``
     (the caller shows the balance), no text;
   - state ("preview it in the timeline", 在时间线中预览) → action ``state``
     (the caller shows the timeline summary), no text;
   - an edit done by hand ("open the Text panel to change the font", "drag
     the clip to reorder it", 拖拽片段即可调整顺序) → "Just tell me if you'd
     like to change the font." / "想对片段调整顺序的话，直接告诉我就行。".

Punctuation is repaired afterwards: no empty sentences, no dangling commas.

Policy (:func:`inline_actions`): the read-only actions a text points at
(``state``, ``credits``) may run inline and show their result right after
the text. ``export`` never runs because the backend said so: it runs only
when the user's own message asked for it (``"export" in route.plan``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from skill.core import sanitize
from skill.core.lang import detect

ACTIONS = ("export", "state", "credits")
READ_ONLY = ("state", "credits")


@dataclass(frozen=True)
class Translation:
    text: str
    actions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "actions": list(self.actions)}


def inline_actions(translation: Translation, plan: Sequence[str] = ()) -> tuple[str, ...]:
    """The actions the caller may run right after showing `translation`.

    Read-only actions (state, credits) the text pointed at run inline unless
    the plan already runs them. Export runs only when the user's own plan
    asked for it, never on the backend's word alone.
    """
    plan = tuple(plan or ())
    out = [a for a in READ_ONLY if a in translation.actions and a not in plan]
    if "export" in translation.actions and "export" in plan:
        out.append("export")
    return tuple(out)


# --------------------------------------------------------------------------
# Rules


def export_hints() -> tuple[str, ...]:
    """The lines a translation puts where the backend pointed at its Export button ("Say
    'export' when you're ready…"), in every language: a reply whose plan exports anyway drops them."""
    said = (_rules().say.get("export") or {})
    return tuple(str(v) for v in said.values() if v)


def _en(frags: Iterable[str] | None) -> str:
    alts = "|".join(f.replace(" ", r"\s+") for f in frags or ())
    return rf"(?<![a-z0-9])(?:{alts})(?![a-z0-9])" if alts else ""


def _both(section: dict | None) -> str:
    section = section or {}
    parts = [p for p in (_en(section.get("en")),
                         "|".join(f.replace(" ", r"\s*") for f in section.get("zh") or ())) if p]
    return "|".join(f"(?:{p})" for p in parts) or r"(?!x)x"


class _Rules:
    def __init__(self, data: dict):
        f = re.IGNORECASE
        c = lambda key: re.compile(_both(data.get(key)), f)  # noqa: E731
        self.lead_in = re.compile(rf"(?:(?:{_both(data.get('lead_in'))})[\s,，]*)+", f)
        self.always = c("always")
        self.needs_target = c("needs_target")
        self.target = re.compile(f"{_both(data.get('ui_nouns'))}|{_both(data.get('ui_names'))}", f)
        self.ui_noun = c("ui_nouns")
        self.place = c("place")
        self.ui_place = c("ui_place")
        self.ui_name = c("ui_names")
        self.followup = re.compile(
            rf"[^\w§]*(?:\d{{1,2}}[.)、][^\w§]*)?(?:(?:{_both(data.get('lead_in'))})[\s,，]*)*"
            rf"(?:{_both(data.get('followup'))})", f)
        self.statement = re.compile(rf"\s*(?:{_both(data.get('statement_start'))})", f)
        self.trigger = re.compile("|".join(f"(?:{x})" for x in (
            _both(data.get("always")), _both(data.get("needs_target")), _both(data.get("place")),
            _both(data.get("ui_place")))), f)
        self.view = c("view_verbs")
        acts = data.get("actions") or {}
        self.actions = [(name, re.compile(_both(acts.get(name)), f)) for name in ("export", "credits", "state")]
        self.purpose = c("purpose")
        self.idle = re.compile(rf"(?:{_both(data.get('idle_purpose'))})", f)
        self.noise = c("object_noise")
        self.say = data.get("say") or {}
        self.example_verbs = {str(k).lower(): str(v) for k, v in (data.get("example_verbs") or {}).items()}
        # a prefix that is only lead-ins, after an optional list marker ("1.", "-", "•")
        self.lead_only = re.compile(
            rf"[^\w§]*(?:\d{{1,2}}[.)、][^\w§]*)?(?:(?:{_both(data.get('lead_in'))})[\s,，]*)*", f)
        self.chain = re.compile(r"(?:(?<![a-z])(?:and|or|then)|并|然后|再|或者|或|和)[\s,，]*$", f)
        cond = data.get("condition") or {}
        self.condition = re.compile(
            "|".join(p for p in (rf"^\s*{_en(cond.get('en'))}",
                                 "^\\s*(?:" + "|".join(cond.get("zh_start") or ["(?!x)x"]) + ")",
                                 "(?:" + "|".join(cond.get("zh_end") or ["(?!x)x"]) + ")[\\s,，]*$") if p), f)
        self.place_noise = re.compile(_both(data.get("place_noise")), f)
        self.by = re.compile(rf"(?:{_both(data.get('by'))})\s*$", f)
        residue = data.get("residue") or {}
        self.residue_verb = re.compile(_both(residue.get("verbs")), f)
        self.residue_thing = re.compile(_both(residue.get("things")) + "|§", f)
        self.residue_content = re.compile(_both(residue.get("content")), f)
        self.residue_position = re.compile(_both(residue.get("position_words")), f)
        # One search instead of two for the common text with nothing GUI-like (every final text)
        self.gate = re.compile(f"(?:{self.trigger.pattern})|(?:{self.residue_verb.pattern})", f)


_RULES: _Rules | None = None


def _rules() -> _Rules:
    global _RULES
    if _RULES is None:
        from skill.core import datafiles, resources

        _RULES = _Rules(datafiles.load(resources.intents_dir() / "gui.yaml") or {})
    return _RULES


# --------------------------------------------------------------------------
# Engine

_QUOTES = re.compile(
    r"\"[^\"\n]{1,500}\"|“[^”\n]{1,500}”|「[^」\n]{1,500}」|『[^』\n]{1,500}』"
    r"|《[^》\n]{1,500}》|‘[^’\n]{1,500}’|(?<![a-z0-9])'[^'\n]{1,300}'(?![a-z0-9])", re.IGNORECASE)
# Sentence ends; the period of a list marker ("1. Click Export") is not one.
_SENTENCE = re.compile(r"(?<!^\d)(?<!^\d\d)[.!?]+(?=[\s\"'”’)]|$)|[。！？]+|\n", re.MULTILINE)
_CLAUSE = re.compile(r"[,，;；]")
_PURPOSE_LEAD = re.compile(
    r"(?:to|in order to|if you(?:'d like| would like| want)(?: to)?|如需|如果想|如果要|要想|想要|若要)(?![a-z])",
    re.IGNORECASE)
_DETERMINER = re.compile(r"(?:the|a|an|your|my|this|that|its|their|another|position|place|spot|where)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:it|them)\b", re.IGNORECASE)
_WORDS_BEFORE_TARGET = 6
_LOOK_PURPOSE = re.compile(r"\bto (?:hear|see|watch|preview|listen to|check|compare)\b|(?:试听|看看|看效果|对比)")
_LABEL = re.compile(r"\s*(?:the\s+)?§+", re.IGNORECASE)


def _mask(text: str) -> str:
    if not any(q in text for q in "\"“「『《‘'"):
        return text
    return _QUOTES.sub(lambda m: "§" * len(m.group()), text)


def _gui_spans(rules: _Rules, m_text: str) -> tuple[list[tuple[int, int]], str]:
    """Spans of GUI instructions in one masked clause, and their kind: "verb"
    (click, open the panel), "place" (in the timeline, 在时间线中: only the
    phrase goes) or "ui" (from the Export menu: the clause is an instruction).

    A GUI verb counts only as an instruction: at the start of the clause
    (after lead-ins such as "you can", 请, 可以) or chained to another one
    ("right-click X and choose Delete"). "a tutorial about clicking the
    download button" is content."""
    cands: list[tuple[int, int]] = []
    for m in rules.always.finditer(m_text):
        cands.append(m.span())
    for m in rules.needs_target.finditer(m_text):
        window = m_text[m.end():m.end() + 60]
        label = _LABEL.match(window)  # a quoted control name: 点击“导出”, choose "Delete"
        if label:
            cands.append((m.start(), m.end() + label.end()))
            continue
        t = rules.target.search(window)
        if t and len(window[:t.start()].split()) <= _WORDS_BEFORE_TARGET and "§" not in window[:t.end()]:
            cands.append((m.start(), m.end() + t.end()))
    cands.sort()
    spans: list[tuple[int, int]] = []
    for a, b in cands:
        if spans and a < spans[-1][1]:
            continue
        prefix = m_text[spans[-1][1] if spans else 0:a]
        if not spans and "在" in prefix:  # 请在时间轴上拖动片段: the place is part of the lead-in
            prefix = rules.ui_place.sub("", rules.place.sub("", prefix))
        if (not spans and (rules.lead_only.fullmatch(prefix) or rules.by.search(prefix))) or (spans and (
                rules.chain.search(prefix) or rules.lead_only.fullmatch(prefix))):
            spans.append((a, b))
    if spans:
        return spans, "verb"
    p = rules.place.search(m_text)
    if p and rules.view.search(m_text):
        outside = m_text[:p.start()] + " " + m_text[p.end():]
        if rules.ui_noun.search(outside):
            return [(0, len(m_text))], "verb"  # "you'll find the Export button in the top right"
        return [p.span()], "place"
    ui = [m.span() for m in rules.ui_place.finditer(m_text)]
    if ui and not rules.statement.match(m_text):
        return ui, "ui"
    return [], ""


def _place_only(rules: _Rules, clause: str, span: tuple[int, int]) -> str:
    """The clause without its place phrase, or "" when nothing is left of it."""
    rest = clause[:span[0]] + clause[span[1]:]
    probe = rules.lead_in.sub(" ", rest)
    probe = rules.view.sub(" ", probe)
    probe = rules.place_noise.sub(" ", probe)
    if not re.search(r"[^\W_]", probe):
        return ""
    return re.sub(r"\s{2,}", " ", rest).strip()


def _action(rules: _Rules, text: str) -> str | None:
    for name, rx in rules.actions:
        if rx.search(text):
            return name
    return None


def _fill(template: str, **values: str) -> str:
    for k, v in values.items():
        template = template.replace("{" + k + "}", v)
    return template


def _rewrite(rules: _Rules, clause: str, m_clause: str, spans: list[tuple[int, int]],
             lang: str, purpose_hint: str | None) -> tuple[str | None, str]:
    """(action, replacement text) for one GUI clause."""
    gui_text = " ".join(clause[a:b] for a, b in spans)  # quoted labels count here
    last_end = spans[-1][1]
    purpose = ""
    pm = rules.purpose.search(m_clause, last_end)
    if pm:
        purpose = clause[pm.end():].strip(" \t,，.。!！")
    elif purpose_hint:
        purpose = purpose_hint
    elif spans[0][0] > 0:  # "you can hear it by pressing Play": the purpose comes first
        by = rules.by.search(m_clause, 0, spans[0][0])
        if by:
            purpose = rules.lead_in.sub(" ", clause[:by.start()]).strip(" \t,，")
    action = _action(rules, gui_text)
    if action is None:  # "click the Export button": the target names the action
        action = _action(rules, m_clause[spans[0][0]:pm.start() if pm else len(m_clause)])
        if action == "state" and purpose and not rules.idle.match(purpose):
            action = None  # "drag the slider on the timeline to adjust X": an edit, not a look
    if action is None and purpose:
        action = _action(rules, purpose) if rules.idle.match(purpose) else None
    say = rules.say
    if action == "export":
        return action, (say.get("export") or {}).get(lang, "")
    if action is not None:
        return action, ""
    # An edit done by hand: offer it back in words.
    obj_end = pm.start() if pm else len(clause)
    first = spans[0][1]
    nxt = [a for a, _ in spans[1:] if a >= first]
    obj_end = min([obj_end] + nxt)
    obj = clause[first:obj_end]
    obj = re.sub(r"(?:\s+and|\s*并|\s*然后)?\s*$", "", obj, flags=re.IGNORECASE)
    obj = rules.noise.sub("", obj).strip(" \t,，")
    obj = re.sub(r"\s{2,}", " ", obj)
    if not obj:  # "set the volume slider to 20%": the target is the object
        vm = rules.needs_target.match(m_clause, spans[0][0])
        if vm:
            raw = clause[vm.end():spans[0][1]]
            cand = rules.noise.sub("", raw).strip(" \t,，")
            tm = rules.target.search(raw)
            if cand and not (tm and rules.ui_name.fullmatch(tm.group())):
                obj = re.sub(r"\s{2,}", " ", cand)
    if _DETERMINER.fullmatch(obj):
        obj = ""    # "move the slider …": the control was the whole object, only its article is left
    ui_obj = bool(rules.ui_noun.search(rules.noise.sub("", m_clause[first:obj_end]))) or not obj
    if not purpose:
        return None, ""
    if ui_obj and (_DETERMINER.match(purpose) or re.match(r"[\d%.]", purpose)):
        # "move the slider to the top to raise the volume": where the control goes is no purpose,
        # what it is for is
        later = rules.purpose.search(_mask(purpose), 1)
        offered = _clean_purpose(rules, purpose[later.end():]) if later else ""
        if offered:
            return None, _fill((say.get("edit") or {}).get(lang, ""), purpose=offered)
    if rules.idle.match(purpose) or _LOOK_PURPOSE.search(purpose):
        return "state", ""         # "scroll down to see all the tracks", "drag it to 0:15 to hear it": a look
    verb_word = m_clause[spans[0][0]:spans[0][1]].split()[0].lower() if m_clause[spans[0][0]:spans[0][1]].split() else ""
    if (_DETERMINER.match(purpose) or re.match(r"[\d%.]", purpose)) and verb_word not in rules.example_verbs:
        # "check the menu if you'd like a different transition": not a move to describe
        key, values = "edit_noun", {"purpose": purpose}
    elif _DETERMINER.match(purpose) or re.match(r"[\d%.]", purpose):
        verb = rules.example_verbs.get(verb_word, rules.example_verbs.get("default", "move"))
        key, values = "example", {"object": obj or ("it" if lang == "en" else "它"), "purpose": purpose, "verb": verb}
    elif ui_obj:
        key, values = "edit", {"purpose": purpose}
    else:
        if lang == "en":
            purpose = _PRONOUN.sub(lambda _m: obj, purpose)
        key, values = ("edit" if lang == "en" else "edit_object"), {"purpose": purpose, "object": obj}
    return None, _fill((say.get(key) or {}).get(lang, ""), **values)


def _rewrite_ui(rules: _Rules, clause: str, m_clause: str, spans: list[tuple[int, int]],
                lang: str, purpose_hint: str | None) -> tuple[str | None, str]:
    """(action, replacement) for a clause that says where in the UI to go:
    "you can download it from the Export menu", "你可以在字幕面板中调整字体"."""
    action = _action(rules, m_clause)
    say = rules.say
    if action == "export":
        return action, (say.get("export") or {}).get(lang, "")
    if action is not None:
        return action, ""
    purpose = purpose_hint
    if not purpose:
        pieces, last = [], 0
        for a, b in spans:
            pieces.append(clause[last:a])
            last = b
        pieces.append(clause[last:])
        rest = re.sub(r"\s{2,}", " ", " ".join(pieces)).strip(" \t,，;；")
        lead = rules.lead_in.match(rest)
        purpose = (rest[lead.end():] if lead else rest).strip(" \t,，;；")
        purpose = rules.by.sub("", purpose).strip(" \t,，;；")
    if not purpose or not re.search(r"[^\W_]", purpose):
        return None, ""
    if rules.idle.match(purpose):
        return "state", ""
    return None, _fill((say.get("edit") or {}).get(lang, ""), purpose=purpose)


def _tidy(s: str) -> str:
    s = re.sub(r"[ \t]{2,}", " ", s)
    s = re.sub(r"[ \t]+([,.;:!?，。；：！？])", r"\1", s)
    s = re.sub(r"[,，;；:：]+\s*([.!?。！？])", r"\1", s)
    s = re.sub(r"^[\s,，;；:：.。]+", "", s)
    return s.strip()


def translate(text: str, lang: str | None = None) -> Translation:
    """Strip GUI instructions from backend text; report what they pointed at."""
    rules = _rules()
    clean = sanitize.clean(text if isinstance(text, str) else ("" if text is None else str(text)))
    masked = _mask(clean)
    if lang not in ("en", "zh"):
        lang = detect(masked)
    if not rules.gate.search(masked):
        return Translation(text=clean.strip(), actions=())   # fast path: nothing GUI-like at all
    actions: list[str] = []
    # The net first: a parenthesis that is an instruction ("(top right, under your avatar)"); in
    # Chinese every instruction (its word order defeats the rewrites below: 想对片段到结尾…的话).
    clean = _sweep(rules, clean, lang, actions, parentheses_only=lang != "zh")
    masked = _mask(clean)
    out: list[str] = []
    said: set[str] = set()
    pos = 0
    ends = [(m.start(), m.end()) for m in _SENTENCE.finditer(masked)]
    if not ends or ends[-1][1] < len(masked):
        ends.append((len(masked), len(masked)))
    changed = False
    last_gui = [False]  # did the previous sentence end with a GUI instruction?
    for s_end, p_end in ends:
        if last_gui[0] and s_end > pos and rules.followup.match(masked[pos:s_end].lstrip()):
            # "1. Click Export. 2. Choose MP4.": the follow-up step goes too
            pos, changed = p_end, True
            if clean[pos:pos + 1] == "\n":
                pos += 1
            continue
        if not masked[pos:s_end].strip():
            out.append(clean[pos:p_end])
            pos = p_end
            continue
        last_gui[0] = False
        if not rules.trigger.search(masked, pos, s_end):  # a sentence with nothing GUI-like
            out.append(clean[pos:p_end])
            pos = p_end
            continue
        sentence, m_sentence, punct = clean[pos:s_end], masked[pos:s_end], clean[s_end:p_end]
        lead_ws = sentence[:len(sentence) - len(sentence.lstrip())]
        pos = p_end
        pieces = _sentence(rules, sentence, m_sentence, lang, actions, said, last_gui)
        if pieces is None:  # untouched
            out.append(sentence + punct)
            continue
        changed = True
        kept, extra = pieces
        body = _tidy(kept)
        if body:
            if punct.strip():
                end = punct
            elif punct == "\n":
                end = "。\n" if lang == "zh" else ".\n"
            else:
                end = "。" if lang == "zh" else "."
            if body[-1] in ".!?。！？":
                end = "\n" if punct == "\n" else ""
            out.append(lead_ws + body + end)
        for line in extra:
            sep = "" if lang == "zh" else " "
            out.append((sep if out and not out[-1].endswith("\n") else "") + line)
        if not body and not extra and punct == "\n":
            out.append("\n")
    result = "".join(out)
    if changed:
        result = re.sub(r"\n{3,}", "\n\n", result)
        result = re.sub(r"[ \t]+\n", "\n", result)
        result = re.sub(r"(?<=[^\s])  +", " ", result)
    result = _said_once(rules, _sweep(rules, result.strip(), lang, actions))
    result = re.sub(r"(?<=[。！？])[ \t]+(?=[^\x00-\x7f])", "", result)   # no space between Chinese sentences
    return Translation(text=result, actions=tuple(a for a in ACTIONS if a in actions))


# --------------------------------------------------------------------------- the net (gui.yaml `residue`)
_PAREN = re.compile(r"\s*[(（][^()（）\n]{1,200}[)）]")
_UNIT = re.compile(r"(?:[(（][^()（）\n]{0,200}[)）]|[^,，;；。！？!?\n—–.(（]|\.(?=\S)|[(（])+(?:[,，;；—–]|\.(?=\s|$))?"
                   r"|[。！？!?.]+|\n")


def _is_instruction(rules: _Rules, m_unit: str) -> bool:
    verb = rules.residue_verb.search(m_unit)
    if verb is None or rules.statement.match(m_unit):
        return False
    content = rules.residue_content.search(m_unit, 0, verb.start())
    return content is None and rules.residue_thing.search(m_unit) is not None


def _net_purpose(rules: _Rules, unit: str) -> str:
    """What an instruction was for, when it says so: after "to"/即可 ("…icon to lower the music"),
    else after its last UI part ("…面板中调整字体" -> 调整字体). "" when it names nothing to do."""
    m_unit = _mask(unit)
    verb = rules.residue_verb.search(m_unit)
    start = verb.end() if verb else 0
    marker = rules.purpose.search(m_unit, start)
    if marker:
        rest = unit[marker.end():]
    else:
        things = list(rules.residue_thing.finditer(m_unit, start))
        if not things:
            return ""
        rest = re.sub(r"^[中里上内]", "", unit[things[-1].end():].strip())
    return _clean_purpose(rules, rest)


_CONNECTIVE = re.compile(r"^\s*(?:或者|或是|或|然后|并且|并|and then|and|or|then)(?![a-z])\s*", re.IGNORECASE)
_PURPOSE_TAIL = re.compile(r"(?:的话|就行了?|就好了?|就可以了?|即可|吧|一下)+$")
_PURPOSE_HEAD = re.compile(r"^(?:如果想|如果要|如需|要想|想要|若要|如果|想|要)")


def _clean_purpose(rules: _Rules, rest: str) -> str:
    """A purpose as it can be offered back ("调整字体"), or "" when it is none: empty, only a look
    at something, or itself a GUI instruction ("把音效往后拖一点")."""
    rest = rest.strip(" \t,，.。!！~～;；:：)）")
    rest = _PURPOSE_TAIL.sub("", _PURPOSE_HEAD.sub("", rest)).strip(" \t,，.。!！")
    if not re.search(r"[^\W_]", rest) or rules.idle.match(rest) or rules.residue_verb.search(_mask(rest)) \
            or rules.always.search(rest):
        return ""
    return rest


def _only_ui_place(rules: _Rules, aside: str) -> bool:
    """A parenthesis that only says where on the screen: "(top right, under your avatar)"."""
    m_aside = _mask(aside)
    if not rules.residue_thing.search(m_aside):
        return False
    rest = rules.residue_position.sub(" ", rules.residue_thing.sub(" ", m_aside))
    return not re.search(r"[^\W\d_]", rest)


def _sweep(rules: _Rules, text: str, lang: str, actions: list[str], parentheses_only: bool = False) -> str:
    """What the rules left that still tells the user to work a GUI goes, whole: a parenthesis,
    or a clause with the condition or lead-in before it that only led to it."""
    if not rules.residue_verb.search(_mask(text)):
        return text
    said: list[str] = []

    def drop(unit: str, aside: bool = False, purpose: str = "") -> None:
        action = _action(rules, unit)      # a quoted label names what it is for: 点「下载」
        if purpose == "\0look":
            purpose, action = "", action or "state"
        purpose = purpose or ("" if aside else _net_purpose(rules, unit))
        if purpose and _action(rules, purpose) == "export":
            action = "export"              # "…to save it to your phone"
        elif action == "state" and purpose and not rules.idle.match(purpose):
            action = None                  # "drag the slider on the timeline to adjust X": an edit, not a look
        if action is None and (rules.idle.search(unit) and not purpose):
            action = "state"
        if action and action not in actions:
            actions.append(action)
        if action == "export":
            line = (rules.say.get("export") or {}).get(lang, "")
        elif action is None and purpose:   # "在字幕面板中调整字体" -> "想调整字体的话，直接告诉我就行。"
            line = _fill((rules.say.get("edit") or {}).get(lang, ""), purpose=purpose)
        else:
            line = (rules.say.get("edit_plain") or {}).get(lang, "") if action is None and not aside else ""
        if line and line not in said and line not in text:
            said.append(line)

    def paren(m: re.Match) -> str:
        if _is_instruction(rules, _mask(m.group())) or _only_ui_place(rules, m.group()):
            drop(m.group(), aside=True)
            return ""
        return m.group()

    text = _PAREN.sub(paren, text)
    if parentheses_only:
        return text
    out: list[str] = []
    pending: list[str] = []       # a lead-in ("if you're happy,", 满意的话，) waiting for its clause
    dropped = False
    for unit in _UNIT.findall(text):
        m_unit = _mask(unit)
        if dropped and unit.strip():
            unit = _CONNECTIVE.sub("", unit)   # "…，或者告诉我还想修改什么": the "or" led from what went
            dropped = False
        if _is_instruction(rules, m_unit):
            dropped = True
            # "想看效果的话，点播放" / "如需删除标题，请右键…": the lead-in says what it was for
            lead = _clean_purpose(rules, pending[-1]) if pending else ""
            if pending and not lead and rules.idle.search(_PURPOSE_HEAD.sub("", pending[-1].strip())):
                lead = "\0look"           # a look at something: the state, not an edit
            drop(unit, purpose=lead)
            pending = []
            if out and out[-1].rstrip().endswith((",", "，", ";", "；")):
                out[-1] = out[-1].rstrip().rstrip(",，;；")
            continue
        lead_in = rules.condition.search(m_unit.strip().rstrip(",，;；")) or _PURPOSE_LEAD.match(m_unit.strip())
        if lead_in and unit.rstrip().endswith((",", "，")):
            pending.append(unit)          # "如需删除标题，", "满意的话，": it goes with the instruction after it
            continue
        out += pending + [unit]
        pending = []
    out += pending
    result = _tidy("".join(out))
    result = re.sub(r"^[。！？!?.\s]+", "", result)
    result = re.sub(r"([。！？!?])\s*[。！？!?]+", r"\1", result)
    if said:
        result = (result + ("" if lang == "zh" else " ") + " ".join(said)).strip()
    return result


def _said_once(rules: _Rules, text: str) -> str:
    """Each line of ours at most once (the rules and the net may both have said it)."""
    for line in {v for said_as in rules.say.values() for v in said_as.values() if "{" not in v}:
        while text.count(line) > 1:
            i = text.rfind(line)
            text = (text[:i] + text[i + len(line):]).strip()
    return text


def _sentence(rules: _Rules, sentence: str, m_sentence: str, lang: str,
              actions: list[str], said: set[str], last_gui: list[bool]) -> tuple[str, list[str]] | None:
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(m_sentence)] + [len(m_sentence) + 1]
    clauses = [(bounds[i], min(bounds[i + 1], len(m_sentence))) for i in range(len(bounds) - 1)]
    gui: dict[int, tuple[list[tuple[int, int]], str]] = {}
    for i, (a, b) in enumerate(clauses):
        spans, kind = _gui_spans(rules, m_sentence[a:b])
        if spans:
            gui[i] = (spans, kind)
    if not gui:
        return None
    for i in range(1, len(clauses)):  # "click Export, choose 1080p, and click Render"
        if i not in gui and i - 1 in gui and gui[i - 1][1] == "verb":
            a, b = clauses[i]
            if rules.followup.match(m_sentence[a:b].lstrip()):
                gui[i] = ([(0, b - a)], "verb")
    kept: list[str] = []
    extra: list[str] = []
    lead_clause: dict[int, str] = {}  # clause index -> "purpose" | "condition"
    for i in sorted(gui):
        j = i - 1
        if j >= 0 and j not in gui and gui[i][1] != "place":
            a, b = clauses[j]
            text = m_sentence[a:b].strip()
            if _PURPOSE_LEAD.match(text):
                lead_clause[j] = "purpose"
            elif rules.condition.search(text.rstrip(" ,，;；")):
                lead_clause[j] = "condition"
    for i, (a, b) in enumerate(clauses):
        if i in lead_clause:
            continue
        if i not in gui:
            kept.append(sentence[a:b])
            continue
        spans, kind = gui[i]
        place = kind == "place"
        body = sentence[a:b]
        m_body = m_sentence[a:b]
        action = _action(rules, m_body)
        if place:
            action = _action(rules, m_body[spans[0][0]:spans[0][1]]) or action
            rest = _place_only(rules, body, spans[0])
            if rest:
                kept.append(rest + (body[len(body.rstrip(" ,，;；")):] if rest else ""))
            line = ""
        else:
            hint = None
            if lead_clause.get(i - 1) == "purpose":
                pa, pb = clauses[i - 1]
                hint_text = sentence[pa:pb].strip(" ,，;；")
                lead = _PURPOSE_LEAD.match(hint_text)
                hint = hint_text[lead.end():].strip() if lead else hint_text
            if kind == "ui":
                action, line = _rewrite_ui(rules, body, m_body, spans, lang, hint)
            else:
                action, line = _rewrite(rules, body, m_body, spans, lang, hint)
        if action and action not in actions:
            actions.append(action)
        if line and line not in said:
            said.add(line)
            extra.append(line)
        if not place and kept:  # the clause separator before a removed clause goes with it
            kept[-1] = kept[-1].rstrip(" ,，;；")
    last = len(clauses) - 1
    while last > 0 and not m_sentence[clauses[last][0]:clauses[last][1]].strip():
        last -= 1
    last_gui[0] = last in gui and gui[last][1] == "verb"
    # a clause that was only a lead-in to a removed instruction ("Next, open ...")
    kept = [k for k in kept if not rules.lead_only.fullmatch(k.strip(" ,，;；:："))]
    kept_text = "".join(kept).rstrip(" ,，;；")
    return kept_text, extra

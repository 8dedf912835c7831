"""Conditions the skill decides itself: "if I still have over 50 credits, export it".

The router plans only the check a condition needs (`Route.act == "condition"`: the balance, or where
the work stands) and stops there, since "if it looks fine" is the person's to decide. When the check
answers the condition, the plan decides it instead and goes on (or not), saying how it decided:

- the balance against a number: "over 50", "at least twenty credits", 余额超过五十, 不到20个积分;
- any credits left: "if I've got credits left", 还有积分的话 (over zero);
- "enough credits" for what costs nothing (an export, the link): always enough;
- "if it's free": yes for what costs nothing, no for the agent's work (generating and editing spend
  credits), which is then not sent;
- the last request done ("if the title change went through", 如果做好了): yes when it finished and
  changed the project; not while it runs, nor when it changed nothing or failed.

What the condition gates is what the router reads in the rest of the message ("…, export it" →
export); "otherwise …" what runs when it does not hold. The words are data: intents/conversation.yaml
`conditions`.
"""
from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

TYPE_CHECKING = False                  # not `from typing`: the router imports this module on the route path
if TYPE_CHECKING:
    from typing import Any, Callable, Sequence

FREE_STEPS = frozenset({"export", "link", "state", "credits"})   # what costs no credits (PROTOCOL.md)
_COMPARE = {"over": float.__gt__, "at_least": float.__ge__, "under": float.__lt__, "at_most": float.__le__}


class Condition(namedtuple("Condition", "test amount then otherwise chat_text", defaults=((), None))):
    """test: over | at_least | under | at_most | any_left | enough | free; amount: the number compared
    against (None: no number); then: the steps it gates; otherwise: the steps when it does not hold;
    chat_text: the agent's message, when a gated step is the agent's."""
    __slots__ = ()

    def to_dict(self) -> dict:
        return {**self._asdict(), "then": list(self.then), "otherwise": list(self.otherwise)}

    @classmethod
    def from_dict(cls, data: dict) -> "Condition":
        return cls(**{**data, "then": tuple(data.get("then") or ()), "otherwise": tuple(data.get("otherwise") or ())})


Decision = namedtuple("Decision", "holds steps")   # does it hold; the steps that run now


def decide(condition: Condition, seen: "float | str") -> Decision | None:
    """Does `condition` hold with what its check saw: the credits available, or for `done` how the last
    request stands (done | unchanged | running | failed)? None: the check cannot say ("enough" credits
    for the agent's work, whose cost is known only when it starts)."""
    free = all(step in FREE_STEPS for step in condition.then)
    if condition.test == "done":
        holds = seen == "done"
    elif condition.test in _COMPARE:
        holds = _COMPARE[condition.test](float(seen), float(condition.amount or 0))
    elif condition.test == "any_left":
        holds = float(seen) > 0
    elif condition.test == "enough":
        if not free:
            return None
        holds = True
    else:   # free
        holds = free
    return Decision(holds, condition.then if holds else condition.otherwise)


def of_route(text: str, routed: Any, route: Callable[..., Any]) -> Condition | None:
    """The condition a route stops at, when the plan can decide it: only a route that ends at the check
    of a condition (`act == "condition"`; the balance, or where the work stands)."""
    if routed.act != "condition" or routed.plan[-1:] not in (("credits",), ("state",)):
        return None
    return read(text, routed.plan, route, routed.attachments)


def read(text: str, plan: Sequence[str], route: Callable[..., Any], attachments: Sequence[str] = ()
         ) -> Condition | None:
    """The condition of `text`, routed to `plan` (its last step the check: the balance, or where the work
    stands) with `attachments`, when the skill can decide it; None when it is the person's to decide, or
    what it gates cannot be read. `route` (skill.text.router.route) reads what the condition gates:
    passed in, since the router asks this module first (`on_the_balance`)."""
    rules = _rules()
    low = text.lower()
    if plan and plan[-1] == "state":
        span = _progress_span(low, rules)
        found = span and ("done", None, *span)
    else:
        found = _span(low, rules)
    if not found:
        return None
    test, amount, start, end = found[:4]
    gated = _gated(text, start, end, tuple(plan[:-1]), plan[-1], route, attachments, rules)
    return Condition(test, amount, *gated) if gated else None


def _gated(text: str, start: int, end: int, before: tuple[str, ...], check: str, route: Callable[..., Any],
           attachments: Sequence[str], rules: dict) -> tuple | None:
    """What the condition at text[start:end] gates: (then, otherwise, chat_text), or None. The timeline
    it gates after where the work stands is shown already ("…, otherwise show me the timeline")."""
    after, otherwise = _joined(text[end:], rules), ""
    split = rules["otherwise"].search(after.lower())
    if split:
        after, otherwise = after[:split.start()], after[split.end():]
    # "if C, X": what follows it, when it asks a step of the skill's own; "X if C": what stood before
    # it, after the steps planned before that ("need the mp4 asap, only if I'm above 200 points tho":
    # the export, not "tho" for the agent); the agent's work after it when nothing stood before
    then = _steps(route, after, (), attachments)
    if then is None or not set(then[0]) - {"chat"}:
        said_before = _steps(route, text[:start], before, attachments)
        then = said_before if said_before is not None and said_before[0] else then
    said_otherwise = re.search(r"\w", otherwise) is not None
    other = _steps(route, otherwise, ()) if said_otherwise else ((), None)
    if then is None and said_otherwise and not re.search(r"\w", after):
        then = ((), None)    # "除非积分少于10，否则导出": nothing when it holds
    if then is None or other is None:
        return None    # what it gates is unclear
    # the files went up before the condition ("use song.mp3 as the music and if that worked export it"):
    # what it gates does not upload them again
    done = {check, "upload"} if "upload" in before else {check}
    then_steps, other_steps = (tuple(s for s in steps if s not in done) for steps in (then[0], other[0]))
    if not (then_steps or other_steps):
        return None    # it gates nothing the message asks
    if rules["inverts"].search(text.lower(), start, end) and not said_otherwise:
        then_steps, other_steps = other_steps, then_steps    # "export it unless I have under 20 credits"
    return then_steps, other_steps, then[1] or other[1]


def on_progress(low: str) -> tuple[int, int] | None:
    """Where a condition on the last request being done stands in the lower-cased message, said as one
    (an opening word, or 的话/就 after it); None when there is none. The router asks it where it read
    none ("provided the cut went through, make another version")."""
    if not _marks().search(low):
        return None
    rules = _rules()
    span = _progress_span(low, rules)
    return span if span and _marks().search(low, *span) else None


def _progress_span(low: str, rules: dict) -> tuple[int, int] | None:
    """Where a condition on the last request being done stands ("if the title change went through",
    标题改好了的话): from its opening word, or its clause, through the word that says done. None when
    it asks about the export itself ("if the render finished") or says no such word ("if it looks good")."""
    progress = rules["progress"]
    so = progress["if_so"].search(low)
    asked = progress["done"].search(low, 0, so.start()) if so else None
    if so and asked and not progress["about_export"].search(low, 0, so.start()):
        return so.start(), rules["closes"].match(low, so.end()).end()   # "did that work? if so export it"
    opened = rules["opens"].search(low)
    done = progress["done"].search(low, opened.end() if opened else 0)
    if done is None:
        return None
    start = opened.start() if opened else _clause_start(low, done.start())
    end = progress["tail"].match(low, done.end()).end()
    if progress["about_export"].search(low, start, end):
        return None
    return start, rules["closes"].match(low, end).end()


def on_the_request_before(low: str) -> int | None:
    """Where a condition on the request just before it starts, said with no more than a space between
    them ("先把片头缩短到3秒 如果改好了发我链接", "trim the intro to 3 seconds if it worked send me the link"):
    an opening word after a space, then only "it"/"that" before the done word. None when there is none."""
    if not _marks().search(low):
        return None
    rules = _rules()
    progress = rules["progress"]
    for opened in rules["opens"].finditer(low):
        start = opened.start()
        if start == 0 or not low[start - 1].isspace():
            continue
        done = progress["done"].search(low, opened.end())
        if done is None or progress["refers_back"].fullmatch(low, opened.end(), done.start()) is None:
            continue
        if progress["names_earlier"].search(low[:start].rstrip()) is None:
            return start
    return None


def opens_after(low: str) -> int | None:
    """Where a condition opens after something said before it, parted by a space or a comma ("先改成竖屏9:16
    如果看着还行就导出", "make it louder, if it sounds good export"); None when none does."""
    for opened in _rules()["opens"].finditer(low):
        start = opened.start()
        if start and (low[start - 1].isspace() or low[start - 1] in ",，"):
            return start
    return None


def on_the_balance_after(low: str) -> int | None:
    """Where a condition on the balance starts when a space is all that parts it from what was said
    before, and a step it gates follows ("make the music louder if I have over 50 credits then export",
    "把片头缩短到3秒 如果余额超过50就导出"). None when there is none."""
    if not _marks().search(low):
        return None
    rules = _rules()
    found = _span(low, rules)
    if found is None or found[4]:
        return None
    start, end = found[2], found[3]
    if start == 0 or not low[start - 1].isspace() or not re.search(r"\w", _joined(low[end:], rules)):
        return None
    return start


def on_the_balance(low: str) -> bool:
    """Does the lower-cased message hold a condition on the balance the skill can decide, opened ("if",
    如果) or closed (的话, 就) as one? The router asks it of a plan without the agent's work, where it
    read none ("render it as long as I have at least forty points")."""
    if not _marks().search(low):
        return False     # most messages: one search, the other patterns never compiled
    rules = _rules()
    found = _span(low, rules)
    return found is not None and _marks().search(low, found[2], found[3]) is not None


def asked_on_the_balance(low: str) -> int | None:
    """Where a condition on the balance asked as a question starts, when what its answer gates follows
    ("got more than 30 pts?? then send the link", 积分还有50吗？有的话就导出): the rules read the question
    and the request apart, and ran the request whatever the answer. None when there is none."""
    if "?" not in low and "？" not in low or not _asked().search(low):
        return None      # most questions: no "if so" after them, and the other patterns never compiled
    found = _span(low, _rules())
    return found[2] if found is not None and found[4] else None


def _span(low: str, rules: dict) -> tuple[str, float | None, int, int, bool] | None:
    """The condition the balance decides: its test, its number, where it stands (with what closes it:
    的话, 就, or "? if so"), and whether it was asked as a question."""
    found = _test(low, rules)
    if found is None:
        return None
    test, amount, start, end = found
    start = _opening(low, start, rules)
    end = rules["tail"].match(low, end).end()
    if test not in ("enough", "free") and (
            rules["about_cost"].search(low, start, end) or not rules["about_balance"].search(low, start, end)):
        return None    # "if it costs under 10 credits": what something costs, not what the person has
    asked = rules["asked_then"].match(low, end)
    return test, amount, start, asked.end() if asked else rules["closes"].match(low, end).end(), asked is not None


def _test(low: str, rules: dict) -> tuple[str, float | None, int, int] | None:
    for test, patterns in rules["compare"].items():
        for rx in patterns:
            for m in rx.finditer(low):
                amount = _number(m.group("n"), rules)
                if amount is not None and _counts_credits(low, m.end("n"), rules):
                    return test, amount, m.start(), m.end()
    for test in ("any_left", "enough", "free"):
        for rx in rules[test]:
            m = rx.search(low)
            if m:
                return test, None, m.start(), m.end()
    return None


def _counts_credits(low: str, at: int, rules: dict) -> bool:
    """Is the number ending at `at` a number of credits ("over 50 credits", "over 50?"), not of something
    else ("under 10 seconds", "more than 3 clips", 超过10秒的片段)?"""
    return rules["credit_unit"].match(low, at) is not None or rules["other_noun"].match(low, at) is None


def _opening(low: str, start: int, rules: dict) -> int:
    """Where the condition begins: its opening word ("if", 如果) when one stands before it in the same
    clause, or the balance it names before that word (我积分要是至少有40); otherwise where the clause
    begins (积分超过50就导出)."""
    clause = _clause_start(low, start)
    opened = [m.start() for m in rules["opens"].finditer(low, clause, start)]
    if not opened:
        return clause
    named = [m.start() for m in rules["names_balance"].finditer(low, clause, opened[-1])]
    return named[0] if named else opened[-1]


def _clause_start(low: str, at: int) -> int:
    """Where the clause holding `at` begins: after a comma, a sentence's end ("trim the intro. got over
    20 credits? then export"), or the message's start."""
    sentence = low.rfind(". ", 0, at)
    return max(max(low.rfind(c, 0, at) for c in ",，。;；!！?？") + 1, sentence + 2 if sentence >= 0 else 0)


def _joined(rest: str, rules: dict) -> str:
    return rest[rules["joins"].match(rest.lower()).end():]


def _steps(route: Callable[..., Any], text: str, before: tuple[str, ...], attachments: Sequence[str] = ()
           ) -> tuple[tuple[str, ...], str | None] | None:
    """The steps the router reads in `text` after those planned before the condition, and the agent's
    message among them; None when it reads another condition, or not those steps first."""
    if not re.search(r"\w", text):
        return None      # nothing there ("…, only if I have over 200 points.")
    routed = route(text, attachments)
    if routed.act == "condition" and "credits" in routed.plan or tuple(routed.plan[:len(before)]) != before:
        return None
    then = tuple(routed.plan[len(before):])
    return then, routed.chat_text if "chat" in then else None


def _number(said: str, rules: dict) -> float | None:
    said = said.strip()
    if re.fullmatch(r"\d+", said):
        return int(said)
    if re.fullmatch(r"\d+\.\d+", said):
        return float(said)
    words = rules["numbers"]
    if said[0].isascii():
        total = 0
        for word in re.split(r"[\s-]+(?:and\s+)?", re.sub(r"^a (?=hundred|thousand)", "one ", said)):
            value = words["en"].get(word)
            if value is None:
                return None
            total = total * value if value in (100, 1000) and total else total + value
        return total
    return _chinese_number(said, words["zh"])


def _chinese_number(said: str, digits: dict) -> int | None:
    """五十 50, 一百五 150, 两百 200, 三十五 35, 十 10."""
    total, current, last_unit = 0, 0, 1
    for ch in said:
        value = digits.get(ch)
        if value is None:
            return None
        if value >= 10:
            total += (current or 1) * value
            current, last_unit = 0, value
        else:
            current = value
    if current and last_unit >= 100 and total:    # 一百五: 150
        current *= last_unit // 10
    return total + current


def _data() -> dict:
    from skill.core import datafiles   # not skill.core.resources: it imports pathlib, ~4 ms on the route path

    return datafiles.intents_data("conversation.yaml").get("conditions") or {}


@lru_cache(maxsize=1)
def _marks() -> re.Pattern:
    return re.compile(_data()["marks"], re.A)


@lru_cache(maxsize=1)
def _asked() -> re.Pattern:
    return re.compile(_data()["asked_then"], re.A)


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = _data()
    en = sorted(data["numbers"]["en"], key=len, reverse=True)
    word = "|".join(re.escape(w) for w in en)
    zh = "".join(data["numbers"]["zh"])
    number = rf"(?P<n>\d+(?:\.\d+)?|(?:{word})(?:[\s-]+(?:and\s+)?(?:{word}))*|[{zh}]+)"
    # ASCII word boundaries: "如果credits超过80" has one between 果 and c
    compiled: dict = {key: re.compile(data[key], re.A) for key in (
        "opens", "closes", "tail", "joins", "otherwise", "inverts", "about_balance", "about_cost", "names_balance",
        "asked_then", "credit_unit", "other_noun")}
    compiled["compare"] = {test: [re.compile(p.replace("{n}", number), re.A) for p in patterns]
                           for test, patterns in data["compare"].items()}
    for key in ("any_left", "enough", "free"):
        compiled[key] = [re.compile(p, re.A) for p in data[key]]
    compiled["progress"] = {key: re.compile(p, re.A) for key, p in data["progress"].items()}
    compiled["numbers"] = data["numbers"]
    return compiled

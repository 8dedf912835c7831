"""What text a regex cannot match without: `needs(pattern)` is a set of strings, one of which is in
every match, or None when no such set is found. A one-message process asks it before compiling a
big rule: compiling `praise` costs ~6 ms, and most messages hold none of the words it needs, so the
answer is known without it (the same prefilter idea as RE2's and Hyperscan's, kept small).

Only what a match consumes counts: look-arounds and anchors are skipped over (never a need), an
optional part needs nothing, alternatives need one of their needs each. Sound by construction;
tests/test_router.py checks it against every labelled message."""
from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as C, _parser as P  # the parser `re` itself uses (stable since 3.11)

_MIN_LEN = 2   # a need of one character is too common to spare a compile


def needs(pattern: str, ahead: bool = False) -> frozenset[str] | None:
    """With `ahead`, what a positive look-ahead must see counts too: it is in the text from where the
    match starts (a look-ahead sees no further than the end of the text searched), not in the match."""
    tree = _parsed(pattern)
    if tree is None:
        return None
    found = _sequence(list(tree), ahead)
    # one CJK character is telling enough (most messages are English); one Latin letter is not
    return frozenset(found) if found and all(len(n) >= _MIN_LEN or not n.isascii() for n in found) else None


def _parsed(pattern: str):
    """`re`'s parse of `pattern`, or None when it does not parse or its letters may be any case or
    its spaces ignored (what it holds is then not what it matches)."""
    try:
        tree = P.parse(pattern)
    except re.error:
        return None
    return None if tree.state.flags & (re.IGNORECASE | re.VERBOSE) else tree


def held(needed: Iterable[str], s: str, a: int, b: int) -> bool:
    """Does s[a:b] hold one of `needed`? (No copy of the text: a rule may be asked at many places.)"""
    return any(s.find(n, a, b) >= 0 for n in needed)


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more telling of two needs: the longer shortest string, then the fewer strings."""
    if a is None:
        return b
    if b is None:
        return a
    return a if _score(a) >= _score(b) else b


def _score(need: set[str]) -> tuple[int, int, int]:
    return _rarity(need), min(map(len, need)), -len(need)


def _rarity(need: set[str]) -> int:
    """How rare the commonest string of a need is, by length: one CJK character or emoji is as
    rare as three letters (no English text holds it)."""
    return min(len(n) if n.isascii() else max(len(n), 3) for n in need)


def _sequence(items: list, ahead: bool = False) -> set[str] | None:
    best: set[str] | None = None
    run: list[str] = []   # consecutive literal characters: all of them are in the match, in a row
    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, {"".join(run)})
            run = []
        if op is C.SUBPATTERN:
            if not av[1] & re.IGNORECASE:   # (?i:…): its letters may be any case
                best = _better(best, _sequence(list(av[3]), ahead))
        elif op is C.ATOMIC_GROUP:
            best = _better(best, _sequence(list(av), ahead))
        elif op is C.ASSERT and av[0] == 1 and ahead:
            best = _better(best, _sequence(list(av[1]), ahead))
        elif op is C.BRANCH:
            alts = [_sequence(list(alt), ahead) for alt in av[1]]
            if all(alt is not None for alt in alts):
                best = _better(best, set().union(*alts))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            best = _better(best, _sequence(list(av[2]), ahead))
        elif op is C.IN and av and all(o is C.LITERAL for o, _ in av):
            best = _better(best, {chr(v) for _, v in av})
        # anything else (a class, any character, an anchor, a look-around, a back reference)
        # needs nothing this can name
    if run:
        best = _better(best, {"".join(run)})
    return best


# What a match opens with: `opening(pattern)` is the body of a character class that the text at the
# start of every match is in, or None. A rule whose alternatives open with look-behinds or optional
# words ("(?<=吗)(?=[我你])", "(?:with )?the text…") gets no help from `re`'s own scan for a first
# character; a look-ahead of this class put before it lets `re` reject most places in C
# (router `_Rules`: the separators of dictated text 2.5 → 1.1 µs a Chinese message).
_CLASS_SPECIAL = frozenset("\\]^-[")
_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s"}


def opening(pattern: str) -> str | None:
    tree = _parsed(pattern)
    if tree is None:
        return None
    found, empty = _first(list(tree))
    return None if found is None or empty or not found else "".join(sorted(found))


def _first(items: list) -> tuple[set[str] | None, bool]:
    """(the class parts one of which opens the text here, whether the items can match nothing), or
    (None, False) when any character may open it."""
    out: set[str] = set()
    for op, av in items:
        found, empty = _first_of(op, av)
        if found is None:
            return None, False
        out |= found
        if not empty:
            return out, False
    return out, True


def _first_of(op, av) -> tuple[set[str] | None, bool]:
    if op is C.LITERAL:
        return {_in_class(chr(av))}, False
    if op is C.IN:
        parts: set[str] = set()
        for o, v in av:
            if o is C.LITERAL:
                parts.add(_in_class(chr(v)))
            elif o is C.RANGE:
                parts.add(f"{_in_class(chr(v[0]))}-{_in_class(chr(v[1]))}")
            elif o is C.CATEGORY and v in _CATEGORIES:
                parts.add(_CATEGORIES[v])
            else:   # a negated class, \w, \S …: nearly anything
                return None, False
        return parts, False
    if op is C.SUBPATTERN:
        return (None, False) if av[1] & re.IGNORECASE else _first(list(av[3]))
    if op is C.ATOMIC_GROUP:
        return _first(list(av))
    if op is C.BRANCH:
        parts, empty = set(), False
        for alt in av[1]:
            found, alt_empty = _first(list(alt))
            if found is None:
                return None, False
            parts |= found
            empty = empty or alt_empty
        return parts, empty
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        found, empty = _first(list(av[2]))
        return (None, False) if found is None else (found, empty or av[0] == 0)
    if op is C.ASSERT and av[0] == 1:   # a look-ahead: the text here opens as it does
        found, empty = _first(list(av[1]))
        return (set(), True) if found is None or empty else (found, False)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):   # anchors and look-behinds take no character
        return set(), True
    return None, False   # any character, a back reference


def _in_class(ch: str) -> str:
    return "\\" + ch if ch in _CLASS_SPECIAL else ch

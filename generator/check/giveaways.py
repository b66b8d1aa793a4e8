"""Giveaway terms: which words of a text say what a neutral document is for.

The rule, the same for every language (content/safety/<lang>.yaml, a pack's own terms):

- A term is a word, or a phrase of words. Each word of it is a stem, in one of two ways:
  - a stem alone, `насиль`, matches every word that starts with it: насильник, насильственные;
  - a stem and its endings in braces, `побо{и,ев,ям,ями,ях}`, matches the stem with one of those
    endings and no other word: побои, побоев, but not побочные. An empty ending is the stem
    alone: `жертв{,а,ы}` matches жертв, жертва, жертвы, and not жертвовать.
- The words of a phrase follow each other, whatever spaces or line breaks stand between them,
  and each takes its own endings: `торговл{я,и,е,ю,ей} людьми` matches «торговли людьми».
- An exception is written the same way. Where it matches, the words inside it are let through:
  with the exception `бытов техник`, «бытовая техника» passes and «бытовое насилие» does not.
- Case does not count, nor ё against е. A word starts where no letter or digit stands before
  it, so `abus` does not match "disabuse", and a hyphen parts words: `ұрып` matches «ұрып-соғу».

Why stems and not a morphological analyser: Kazakh has none here, the same rule for every
language is one an NGO's translator can read and extend, and what a lemmatiser cannot tell
apart either (бытовая техника against бытовое насилие, жүрек соққысы against соққы) takes an
exception in any case. A stem with its endings keeps apart the words an analyser would
(жертва, a victim; жертвовать, to donate).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

_WORD = re.compile(r"(?P<stem>[^\s{}]+)(?:\{(?P<endings>[^{}]*)\})?")
_FOLD = str.maketrans("ёЁ", "еЕ")


def term_problem(term: str) -> str:
    """What is wrong with a term's writing, or "" when it keeps the rule."""
    for word in term.split():
        if not _WORD.fullmatch(word):
            return (f"{term!r} is not a stem or a phrase of stems: write a stem's endings in braces at the end "
                    "of a word, separated by commas (побо{и,ев})")
    return "" if term.strip() else "an empty term"


def giveaway_words(text: str, terms: Iterable[str], exceptions: Iterable[str] = ()) -> list[str]:
    """The words (or phrases) of text that match a term, as the text has them, in order; those
    inside a match of an exception are let through."""
    flat = " ".join(text.split())  # a line break between the words of a phrase is a space
    terms_pattern, exceptions_pattern = _patterns(_kept(terms), _kept(exceptions))
    if terms_pattern is None:
        return []
    folded = flat.translate(_FOLD)  # as long as flat: its spans are flat's
    innocent = [match.span() for match in exceptions_pattern.finditer(folded)] if exceptions_pattern else []
    return [flat[start:end] for start, end in (match.span() for match in terms_pattern.finditer(folded))
            if not any(left <= start and end <= right for left, right in innocent)]


def _kept(terms: Iterable[str]) -> tuple[str, ...]:
    """The terms without blanks or doubles, in a stable order (for the cache)."""
    return tuple(sorted({term.strip() for term in terms if term.strip()}))


@lru_cache(maxsize=64)
def _patterns(terms: tuple[str, ...], exceptions: tuple[str, ...]) -> tuple[re.Pattern[str] | None, ...]:
    """The compiled alternation of the terms, and of the exceptions; None for none. Built once
    per list: the check reads every outside of every neutral document with the same lists."""
    return _alternation(terms), _alternation(exceptions)


def _alternation(terms: Sequence[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # Longest first: where two terms start at one place, the phrase wins over its first word.
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(_term_pattern, ordered)) + ")", re.IGNORECASE)


def _term_pattern(term: str) -> str:
    return r"\s".join(_word_pattern(word) for word in term.translate(_FOLD).split())


def _word_pattern(word: str) -> str:
    """A stem alone: the stem and any letters after it. A stem with endings: one of them, and then
    the word ends. A word out of the rule (loading refuses it) is taken whole as a stem: it
    catches more, never less."""
    match = _WORD.fullmatch(word)
    if match is None or match["endings"] is None:
        return re.escape(word) + r"\w*"
    stem, endings = re.escape(match["stem"]), match["endings"]
    choices = sorted({ending.strip() for ending in endings.split(",")}, key=len, reverse=True)
    return stem + "(?:" + "|".join(map(re.escape, choices)) + r")(?!\w)"

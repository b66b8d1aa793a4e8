"""A language's safety list, declared (generator.declared): content/safety/<lang>.yaml, the words
that give away what a neutral document is for, and the innocent ones let through."""

from __future__ import annotations

from dataclasses import dataclass

from generator.check.giveaways import term_problem
from generator.declared import Declared, option
from generator.model import Status


def _term(term: str) -> str | None:
    return term_problem(term) or None


@dataclass(frozen=True)
class SafetyList(Declared):
    """content/safety/<lang>.yaml; a language without the file has no terms (validate warns)."""

    language: str | None = option(None, help="the list's language, as its file's name says it")
    status: Status | None = option(None, help="draft until a native speaker reviewed the list")
    giveaway_terms: tuple[str, ...] = option((), required=True, each=_term, help=(
        "stems and phrases a neutral outside must not print (generator.check.giveaways: how one matches)"))
    exceptions: tuple[str, ...] = option((), each=_term, help=(
        "innocent words and phrases that look like a term: the terms inside one are let through"))

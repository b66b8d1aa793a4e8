"""Easy-read texts: a section's `easy:` text, cut into blocks of one idea, each with its picture.

A block starts with the name of its pictogram, `{picture:police}`, and each line after it is
one short sentence. The name is written like a placeholder so that a translation keeps it
(`respack translate import` refuses one that drops or changes it), and the numbers are
`{contact:id}` as in the answers, so no number is typed twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.render.markup import CONTACT_REFERENCE
from generator.render.pictograms import unknown_pictogram

PICTURE = re.compile(r"\{picture:([^{}]*)\}")


@dataclass(frozen=True)
class EasyBlock:
    picture: str  # a name of generator.render.pictograms.PICTOGRAMS
    sentences: tuple[str, ...]  # one a line, with the small markup of markup.py


def easy_blocks(text: str) -> list[EasyBlock]:
    """The blocks of an easy text. Lenient: words before the first picture join the first
    block (load_guidance has refused such a text; a translation marker stands there)."""
    lead, *rest = PICTURE.split(text)
    blocks = []
    for index in range(0, len(rest), 2):
        body = (lead if index == 0 else "") + rest[index + 1]
        blocks.append(EasyBlock(rest[index].strip(), tuple(s.strip() for s in body.splitlines() if s.strip())))
    return blocks


def easy_problems(text: str) -> list[str]:
    """What is wrong with an easy text, in words for whoever wrote it (empty: nothing)."""
    if not text.strip():
        return []
    lead = PICTURE.split(text)[0]
    problems = [f"an easy-read text starts with the picture of its first block, e.g. {{picture:call}}; "
                f"it starts with {lead.strip()[:30]!r}"] if lead.strip() else []
    for block in easy_blocks(text):
        problems += [problem for problem in [unknown_pictogram(block.picture)] if problem]
        if not block.sentences:
            problems.append(f"the block of {{picture:{block.picture}}} has no sentence")
    return problems


def printed_sentences(block: EasyBlock, numbers: Mapping[str, str]) -> list[str]:
    """The sentences of a block the edition prints: a sentence naming a contact the pack hides
    is left out, so that number is printed nowhere."""
    return [sentence for sentence in block.sentences
            if all(reference in numbers for reference in CONTACT_REFERENCE.findall(sentence))]

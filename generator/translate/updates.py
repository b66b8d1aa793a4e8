"""What an import or a review changes: a translator's catalogue or a reviewer's sign-off, turned
into new texts and records for translate/files.py to write."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.errors import Problem, RespackError
from generator.packs.numbers import contact_keys, figure_problems, text_problems
from generator.packs.units import PLACEHOLDER, REVIEWED, STALE, UNTRANSLATED, Record, Translation, Unit, fingerprint


@dataclass(frozen=True)
class Entry:
    """One text of a unit as a translator's catalogue brings it back (catalogue.py)."""

    context: str
    english: str
    translation: str
    translated: bool  # usable: not empty, not fuzzy (PO); translated, reviewed or final (XLIFF)
    approved: bool  # PO: not fuzzy; XLIFF: state="final"
    line: int | None = None  # of the entry in its file, where the format says it (PO)


@dataclass(frozen=True)
class Update:
    """A unit's new texts and record, for translation_files to write."""

    unit: Unit
    texts: tuple[str, ...]
    record: Record


def imported(translation: Translation, entries: tuple[Entry, ...], reviewer: str, today: date,
             file: Path) -> tuple[list[Update], list[str]]:
    """The updates a catalogue brings. Refuses the whole catalogue, naming each unit, if a text was made against an
    older English, names an unknown unit, drops a placeholder or breaks the rule for numbers;
    returns the updates and the ids of units the catalogue changed but that stay as they were
    (some of their texts empty).

    A text the translator marked done is taken; so is a text still marked fuzzy (PO) or not yet
    translated (XLIFF) that differs from the one in the files: it comes in as a draft, not
    approved, instead of being dropped in silence."""
    known = translation.by_context()
    keys = contact_keys((*translation.pack.country.contacts, *translation.pack.hidden))
    problems: list[Problem] = []
    found: dict[str, dict[str, tuple[str, bool, bool, bool]]] = {}  # field: text, usable, approved, changed
    for entry in entries:
        context, english, text = entry.context, entry.english, entry.translation
        if context not in known:
            problems.append(Problem(file, f"unknown unit {context!r}: not a text this pack prints; "
                                    "export the catalogue again"))
            continue
        unit, field = known[context]
        current = unit.english[unit.fields.index(field)]
        if english.strip() != current.strip():
            problems.append(Problem(file, f"unit {context!r} was translated from an older English; "
                                    "export again and translate the new English"))
            continue
        text = text.strip() + ("\n" if current.endswith("\n") and text.strip() else "")
        if text.strip() and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(current)):
            problems.append(Problem(file, f"unit {context!r} must keep {', '.join(PLACEHOLDER.findall(current))} "
                                    f"exactly as in the English"))
            continue
        if text.strip():  # the rule for numbers, as `check` applies it (generator.packs.numbers)
            refused = [*text_problems(text, keys, translation.pack.country.code, translation.language),
                       *figure_problems(current, text)]
            if refused:
                problems += [Problem(file, f"unit {context!r}: {reason}", line=entry.line) for reason in refused]
                continue
        changed = text.strip() != unit.translation[unit.fields.index(field)].strip()
        found.setdefault(unit.id, {})[field] = (text, bool(text.strip()) and (entry.translated or changed),
                                                 entry.approved and entry.translated, changed)
    if problems:
        raise RespackError(problems)
    updates, left = [], []
    for unit in translation.units:
        texts = found.get(unit.id, {})
        if set(texts) != set(unit.fields) or not all(t[1] for t in texts.values()):
            if any(t[3] for t in texts.values()):
                left.append(unit.id)
            continue
        new = tuple(texts[f][0] for f in unit.fields)
        approved = bool(reviewer) and all(t[2] for t in texts.values())
        update = _updated(unit, new, reviewer if approved else "", today)
        if update:
            updates.append(update)
    return updates, left


def reviewed(translation: Translation, reviewer: str, today: date, only: tuple[str, ...] = ()) -> tuple[
        list[Update], list[str]]:
    """A native speaker's sign-off (on a review sheet) of the draft units, or of some of them.
    Units not translated, or translated from another English, cannot be approved: returned."""
    chosen = unit_ids(translation, only)
    updates, refused = [], []
    for unit in translation.units:
        if only and unit.id not in chosen:
            continue
        if unit.state in (UNTRANSLATED, STALE):
            refused.append(f"{unit.id} ({unit.state})")
        elif unit.state != REVIEWED:
            updates.append(Update(unit, unit.translation, Record(unit.fingerprint, reviewer, today,
                                                                 unit.translation_fingerprint)))
    return updates, refused


def unit_ids(translation: Translation, names: tuple[str, ...]) -> set[str]:
    """The units the command line names: by unit (contacts.police) or by the name a catalogue
    gives one of its texts (contacts.police.name, its msgctxt), which approves the whole unit.
    An unknown name is refused with the nearest known one."""
    contexts = {context: unit.id for context, (unit, _) in translation.by_context().items()}
    ids = {unit.id for unit in translation.units}
    unknown = [name for name in names if name not in ids and name not in contexts]
    if unknown:
        known = sorted(ids | set(contexts))
        said = [name + "".join(f" (did you mean {near[0]!r}?)" for near in
                               [difflib.get_close_matches(name, known, n=1, cutoff=0.6)] if near)
                for name in unknown]
        raise RespackError(Problem("command line", f"no such unit: {', '.join(said)}; the units are named as in "
                                   f"the exported catalogue (contacts.police or contacts.police.name, title, "
                                   f"sections.<id>, easy.<id>, strings.<key>)"))
    return {contexts.get(name, name) for name in names}


def _updated(unit: Unit, texts: tuple[str, ...], reviewer: str, today: date) -> Update | None:
    """None if nothing changes; a changed text loses its approval unless approved now."""
    same = texts == unit.translation and unit.record.source_hash == unit.fingerprint
    if same and (not reviewer or unit.state == REVIEWED):
        return None
    if reviewer:
        record = Record(unit.fingerprint, reviewer, today, fingerprint(texts))
    else:  # an approval holds only for the very text approved
        kept = same and unit.approval_holds
        record = Record(unit.fingerprint, unit.record.reviewed_by if kept else None,
                        unit.record.reviewed_on if kept else None, unit.record.approved_hash if kept else None)
    return Update(unit, texts, record)

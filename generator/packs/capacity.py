"""What a format holds: the content an edition brings, against the capacity its layout declares.

A format lays out any content up to its capacity (layout.yaml's `capacity:`), in steps from
roomy to dense. More than that is refused before anything is rendered, with what to do.
"""

from __future__ import annotations

from generator.model import Capacity, Edition, Step, service_role

WHAT = {"emergency": "emergency numbers", "services": "services", "lines": "numbers for one service",
        "codes": "QR codes of services"}


def content_counts(edition: Edition) -> dict[str, int]:
    """How many emergency numbers, services, lines of the largest service and service QR codes
    the edition prints."""
    roles = [(service_role(contacts), sum(len(c.channels) for c in contacts))
             for contacts in edition.pack.country.services.values()]
    lines = [count for role, count in roles if role == "service"]
    return {"emergency": sum(role == "emergency" for role, _ in roles), "services": len(lines),
            "lines": max(lines, default=0), "codes": sum(lines)}


def capacity_problems(edition: Edition) -> list[str]:
    """One sentence per limit of the format that the edition's content exceeds. The format is not
    named in it (the problem names its edition): editions of several formats, sites and languages
    past the same limit read as one cause."""
    limits = edition.layout.capacity.limits(len(edition.languages))
    counts = content_counts(edition)
    subject = "a two-language edition of this format" if len(edition.languages) > 1 else "this format"
    return [f"{subject} holds at most {limit} {WHAT[key]}; this edition has {counts[key]}: "
            f"hide {'one' if counts[key] - limit == 1 else counts[key] - limit} (`contacts.hide` in the pack file) "
            f"or print it in another format"
            for key, limit in limits.items() if limit and counts[key] > limit]


def steps_to_try(edition: Edition) -> tuple[Step, ...]:
    """The steps of the edition's format that can hold its content, from roomy to dense: a step
    whose `holds:` the content exceeds (a roomy step for light content) is not laid out at all.
    The densest step is always tried, so that what does not fit is said of it."""
    steps = edition.layout.steps
    return tuple(step for step in steps[:-1] if _holds(step.holds, edition)) + steps[-1:]


def _holds(limit: Capacity | None, edition: Edition) -> bool:
    if limit is None:
        return True
    counts = content_counts(edition)
    return all(not most or counts[key] <= most for key, most in limit.limits(len(edition.languages)).items())


def capacity_advice(edition: Edition) -> str:
    """What to do when even a format's densest step does not fit the content."""
    return (f"{_format_name(edition)} holds {describe_capacity(edition.layout.capacity.limits(len(edition.languages)))}"
            "; shorten the longest names and notes, hide a contact (`contacts.hide`) or print it in another format")


def describe_capacity(limits: dict[str, int]) -> str:
    """"4 emergency numbers, 4 services, 3 numbers for one service, 6 QR codes of services"."""
    held = [f"{limit} {WHAT[key]}" for key, limit in limits.items() if limit]
    return ", ".join(held) if held else "no declared limit"


def _format_name(edition: Edition) -> str:
    languages = "a two-language" if len(edition.languages) > 1 else "a"
    return f"{languages} {edition.layout.title.lower()}"

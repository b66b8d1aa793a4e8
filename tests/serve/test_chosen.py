"""What the preview page shows, told to the server (`POST /api/chosen`) so that it renders those
documents first: which documents a choice shows, and what the server refuses to be told."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from generator.serve.server import Chosen


def edition(site: str | None, language: str, format_name: str) -> SimpleNamespace:
    return SimpleNamespace(site=SimpleNamespace(id=site) if site else None, language=language, format=format_name)


@pytest.mark.parametrize(("chosen", "shown"), [
    (Chosen(), True),
    (Chosen(site="clinic-0001"), True),
    (Chosen(site="clinic-0001", language="kk", format="wallet-card"), True),
    (Chosen(site="clinic-0002"), False),
    (Chosen(language="ru"), False),
    (Chosen(format="poster"), False),
    (Chosen(site="clinic-000"), False),  # a site id is not a prefix
])
def test_a_choice_shows_its_site_language_and_format(chosen: Chosen, shown: bool) -> None:
    assert chosen.shows(edition("clinic-0001", "kk", "wallet-card")) is shown  # type: ignore[arg-type]


def test_a_site_chosen_shows_no_document_without_a_site() -> None:
    assert not Chosen(site="clinic-0001").shows(edition(None, "kk", "wallet-card"))  # type: ignore[arg-type]
    assert Chosen(language="kk").shows(edition(None, "kk", "wallet-card"))  # type: ignore[arg-type]


def test_the_server_takes_a_choice_as_json(sites_preview) -> None:
    site = sites_preview.rows[1]["id"]
    answer = sites_preview.client.post("/api/chosen", json={"site": site, "language": "en", "format": ""})
    assert answer.status_code == 204
    assert sites_preview.client.post("/api/chosen", json={}).status_code == 204  # everything, as before


@pytest.mark.parametrize(("body", "headers", "status"), [
    # A form of another site's page can post this without the browser asking first: refused.
    ("site=clinic-0001", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
    ('{"site": "clinic-0001"}', {"Content-Type": "text/plain"}, 415),
    ("{not json", {"Content-Type": "application/json"}, 400),
    ('["clinic-0001"]', {"Content-Type": "application/json"}, 400),
    ('{"site": 1}', {"Content-Type": "application/json"}, 400),
    ('{"language": null}', {"Content-Type": "application/json"}, 400),
    ('{"site": "' + "x" * 201 + '"}', {"Content-Type": "application/json"}, 400),
])
def test_a_choice_that_is_not_a_short_json_object_is_refused(sites_preview, body: str, headers: dict[str, str],
                                                              status: int) -> None:
    assert sites_preview.client.post("/api/chosen", content=body, headers=headers).status_code == status


def test_a_choice_is_posted_only(sites_preview) -> None:
    assert sites_preview.client.get("/api/chosen").status_code == 405

"""A rollout's cards laid out together: ten of a site spreadsheet's cards in one WeasyPrint
document a step, split into each card's pages after (generator.render.document.lay_out_batch).
Each card is the very file it is when laid out alone, at the step it takes alone, and it is
checked as strictly: a fault in one card among many fails that card, and names its site.

The clinics' numbers are fictional: Ofcom's drama range (tests/shapes.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import yaml

from generator.pipeline import Finishing, build, build_cards, build_document, plan, task_batches
from generator.render.document import lay_out_batch
from shapes import Shape, kazakh_site_rows, site_rows, write_kazakhstan_sites_pack, write_sites_pack
from support import ROOT, e164, page_texts, site_payload


def test_cards_laid_out_together_are_the_files_they_are_alone(tmp_path: Path) -> None:
    """The Kazakhstan pack's card in Kazakh (four codes, a draft's notice) fits at its roomy
    step, laid out once; the densest step laid out together too; and each card's PDF is byte
    for byte the one it is alone."""
    editions = plan((str(write_kazakhstan_sites_pack(tmp_path / "pack", kazakh_site_rows(4))),), (), ())
    laid = lay_out_batch(editions, editions[0].layout.steps[-1])
    assert len({id(card.document.url_fetcher) for card in laid}) == 1, "the cards were laid out one by one"
    assert [len(card.document.pages) for card in laid] == [2, 2, 2, 2]
    together = build_cards([(edition, Finishing()) for edition in editions])
    for edition, card in zip(editions, together):
        alone = build_document(edition)
        assert card.ok and alone.ok, (card.report and card.report.problems, alone.report and alone.report.problems)
        assert (card.step, card.steps_tried) == (alone.step, alone.steps_tried) == ("regular", 1)
        assert card.outputs == alone.outputs, f"{edition.site.id}: its card differs from the one made alone"
        assert card.prints == alone.prints


def test_a_cards_links_print_as_they_show(tmp_path: Path) -> None:
    """A card has no page-margin box, so its PDF is written once, as WeasyPrint writes it, its
    links flagged to print among WeasyPrint's objects (render/screen.py): each of a Kazakh
    card's links prints as it shows, and a tap on each dials or writes what is printed."""
    rows = kazakh_site_rows(2)
    editions = plan((str(write_kazakhstan_sites_pack(tmp_path / "pack", rows)),), (), ())
    built = build_cards([(edition, Finishing()) for edition in editions])
    for edition, row, card in zip(editions, rows, built):
        assert card.ok, card.report and card.report.problems
        with pikepdf.open(io.BytesIO(card.outputs[0][1])) as pdf:
            links = [annotation for page in pdf.pages for annotation in page.get("/Annots", [])
                     if annotation.get("/Subtype") == "/Link"]
            targets = {str(link.A.URI) for link in links}
            assert len(links) >= 4 and f"tel:{e164(row['number'])}" in targets, targets
            unflagged = [str(link.A.URI) for link in links if not int(link.get("/F", 0)) & 4]
            assert not unflagged, f"{edition.site.id}: links a viewer shows but does not print: {unflagged}"


def test_cards_of_one_batch_take_each_its_own_step(tmp_path: Path) -> None:
    """A clinic whose note takes more room than the card's roomiest step has: its card goes on
    to a denser step, alone, while the others of its batch are written at the first."""
    rows = site_rows(4)
    rows[2]["note:en"] = ("Open on weekdays in the morning and on Saturday afternoons; ask at the front desk "
                          "for the social worker on duty, who speaks English and Russian, and will see you in a "
                          "quiet room.")
    pack = write_sites_pack(tmp_path / "pack", rows, shape=Shape(2, (), ("en",)))
    editions = plan((str(pack),), (), ())
    together = build_cards([(edition, Finishing()) for edition in editions])
    alone = [build_document(edition) for edition in editions]
    assert [(card.step, card.steps_tried) for card in together] == [(card.step, card.steps_tried) for card in alone]
    assert together[2].steps_tried > 1 and together[0].steps_tried == 1, [card.step for card in together]
    assert [card.outputs for card in together] == [card.outputs for card in alone]


def test_a_fault_in_one_card_among_many_fails_that_card_and_names_its_site(tmp_path: Path) -> None:
    """Twelve sites, the pack's own stylesheet hiding one site's QR code and adding a digit to
    another's number: those two cards fail, each for its own fault and at its own site, and the
    ten cards laid out with them pass and are written."""
    rows = site_rows(12)
    hidden, wrong = rows[3], rows[8]
    pack = write_sites_pack(tmp_path / "pack", rows, shape=Shape(2, (), ("en",)))
    style = tmp_path / "pack" / "layouts" / "wallet-card" / "style.css"
    style.parent.mkdir(parents=True)
    style.write_text((ROOT / "layouts" / "wallet-card" / "style.css").read_text(encoding="utf-8")
                     + f'\nimg[data-payload="{site_payload(hidden)}"] {{ visibility: hidden; }}\n'
                     + f'a[href="{site_payload(wrong)}"]::after {{ content: "7"; }}\n', encoding="utf-8")
    pack.write_text(pack.read_text(encoding="utf-8") + "\nlayouts_dir: layouts\n", encoding="utf-8")
    editions = plan((str(pack),), (), ())
    laid = lay_out_batch(editions[:10], editions[0].layout.steps[0])
    assert len({id(card.document.url_fetcher) for card in laid}) == 1, "the cards were laid out one by one"
    out = tmp_path / "out"
    result = build((str(pack),), out_dir=out)  # one process: the cards in batches of ten
    failed = {document.edition.site.id: "\n".join(map(str, document.report.problems)) for document in result.failed}
    assert sorted(failed) == [hidden["id"], wrong["id"]], failed
    assert f"the QR code for {site_payload(hidden)} is missing or did not scan" in failed[hidden["id"]]
    assert f"{e164(wrong['number']).lstrip('+')}7" in "".join(ch for ch in failed[wrong["id"]] if ch.isdigit()), \
        failed[wrong["id"]]
    assert "is printed, but it is no contact's" in failed[wrong["id"]], failed[wrong["id"]]
    assert not any(f"site {row['id']}" in "\n".join(failed.values()) for row in rows if row not in (hidden, wrong))
    for row in rows:
        card = out / "sites-test" / row["id"] / "en" / "wallet-card.pdf"
        if row in (hidden, wrong):
            assert not card.exists(), f"{row['id']}: a card that failed its check was written"
        else:
            assert row["name"] in page_texts(card)[1]


def test_a_rollouts_cards_go_ten_to_a_task_and_other_documents_alone(tmp_path: Path) -> None:
    sites = plan((str(write_sites_pack(tmp_path / "sites", site_rows(25), shape=Shape(2, (), ("en",)))),), (), ())
    bundled = plan(("kazakhstan",), ("en",), ("wallet-card", "leaflet"))
    tasks = [(edition, Finishing()) for edition in [*bundled, *sites]]
    assert task_batches(tasks, jobs=2) == [[0], [1], list(range(2, 12)), list(range(12, 22)), list(range(22, 27))]
    # Too few cards for ten to each worker: fewer to a task, so that every worker has some.
    assert task_batches(tasks[:2] + tasks[2:9], jobs=2) == [[0], [1], [2, 3, 4], [5, 6, 7], [8]]


def test_a_kazakhstan_card_is_laid_out_at_the_first_step_with_room(tmp_path: Path) -> None:
    """A step that does not fit costs a whole layout of the card: the Kazakhstan pack's card of
    four codes (a draft's notice in Kazakh and Russian) fits at the regular step in Kazakh and
    English, at compact in Russian (its captions are longer) and, in Kazakh, with a site's name on
    two lines (English, with no draft's notice, still at regular); every card passes its whole
    check, and the step before the one taken truly did not fit."""
    from generator.check.fit import fit_problems
    from generator.render.document import lay_out

    labels = {"kk": "Әлеуметтік қызметкер", "ru": "Социальный работник", "en": "Social worker"}
    rows = [{**row, **{f"label:{language}": label for language, label in labels.items()}}
            for row in kazakh_site_rows(2)]
    rows[1]["name"] = "Қалалық клиникалық аурухана № 12 әлеуметтік қызмет бөлімі Петропавл қаласы"
    columns = ("id", "name", "number", "channel", "country", "region", *(f"label:{lang}" for lang in labels),
               "source", "as_of")
    pack = write_kazakhstan_sites_pack(tmp_path / "pack", rows, columns)
    pack.write_text(yaml.safe_dump({**yaml.safe_load(pack.read_text(encoding="utf-8")), "languages": list(labels)},
                                   allow_unicode=True), encoding="utf-8")
    editions = plan((str(pack),), ("kk", "ru", "en"), ())
    taken = {}
    for edition in editions:
        built = build_document(edition)
        assert built.ok, (edition.relative_path, built.report and built.report.problems)
        taken[edition.site.id, edition.language] = built.step
        steps = edition.layout.steps
        index = [step.name for step in steps].index(built.step)
        if index:
            before = lay_out(edition, steps[index - 1])
            assert fit_problems(before.document, edition.layout, copies=before.copies), \
                f"{edition.relative_path}: {steps[index - 1].name} fits, yet {built.step} was taken"
    first, named = rows[0]["id"], rows[1]["id"]
    assert taken == {(first, "kk"): "regular", (first, "en"): "regular", (first, "ru"): "compact",
                     (named, "kk"): "compact", (named, "en"): "regular", (named, "ru"): "compact"}, taken

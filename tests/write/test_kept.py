"""What the main process holds of a build's documents: a small record of each, whatever the count.

A rollout of thousands of site cards is built by worker processes; the main process stages
each card's files as they arrive and lands them all at the end. What it keeps of each card
meanwhile (its check's summary, its files, what it prints) must stay small, and the manifest
it writes at the end is written entry by entry, in the form json.dumps gives it.
"""

from __future__ import annotations

import gc
import io
import json
import tracemalloc
from pathlib import Path

from generator.check.prints import PagePrints
from generator.pipeline import build_editions, plan
from generator.write.files import WrittenFile
from generator.write.manifest import DocumentEntry, write_manifest
from shapes import Shape, site_rows, write_sites_pack

KEPT_PER_CARD = 2_500  # bytes: 4,000 before a document was let go once staged (BuiltDocument.let_go)


def written(pack_dir: Path, files: list[WrittenFile], documents: list[DocumentEntry], makes: list[str] | None,
            country: str = "") -> str:
    output = io.BytesIO()
    write_manifest(output, pack_dir, "pack \"quoted\"\n", "2026.12.08", files, documents, (), country, makes)
    return output.getvalue().decode("utf-8")


def test_the_manifest_is_written_as_json_dumps_writes_it(tmp_path: Path) -> None:
    """Byte for byte, empty lists and all, with an earlier manifest's entries kept: a build with
    nothing new to say must find the same text there and leave it as it is."""
    pdf = WrittenFile(Path("clinic-0001/kk/wallet-card.pdf"), 17_000, "a" * 64, 2)
    png = WrittenFile(Path("clinic-0001/kk/wallet-card-1.png"), 900, "b" * 64)
    document = DocumentEntry(pdf.path.as_posix(), "k" * 64, (pdf.path.as_posix(), png.path.as_posix()),
                             (PagePrints(1, ("112", "+7 701 555 12 34"), ("tel:+77015551234",)),
                              PagePrints(2, (), ())), "roomy", "o" * 64)
    cases = [([], [], None, ""), ([pdf, png], [document], ["clinic-0001/kk/wallet-card.pdf", "Қазақ/ü.pdf"], "KZ"),
             ([], [], [], "")]
    for files, documents, makes, country in cases:
        text = written(tmp_path, files, documents, makes, country)
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", text
        for file in files:  # on disk: the next case keeps their entries from this manifest
            (tmp_path / file.path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / file.path).write_bytes(b"")
        (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    kept = json.loads(written(tmp_path, [], [], None))
    assert [entry["path"] for entry in kept["files"]] == sorted([pdf.path.as_posix(), png.path.as_posix()])
    assert kept["documents"][0]["prints"][0]["codes"] == ["tel:+77015551234"]


def kept_by_build(folder: Path, count: int) -> int:
    """Bytes the main process holds once `count` light cards are built, with what the build
    returned still held (the documents' editions were planned before: not counted)."""
    rows = [{**row, "name": f"Test clinic {n:04d}", "label:en": "Clinic social worker"}
            for n, row in enumerate(site_rows(count, first_number=0))]
    pack = write_sites_pack(folder / "pack", rows, shape=Shape(2, (), ("en",)))
    editions = plan((str(pack),), (), ())
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    documents = build_editions(editions, folder / "out", jobs=2)
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    assert len(documents) == count and all(document.ok for document in documents)
    return kept


def test_a_rollouts_cards_are_each_kept_as_a_small_record(tmp_path: Path) -> None:
    """What the build holds grows by a small record a card (its file's name, size and hash, its
    key, what it prints), not by each card's report, staged files and manifest entries."""
    tracemalloc.start()
    try:
        kept_by_build(tmp_path / "warm", 3)  # what the first build imports and caches
        few, many = kept_by_build(tmp_path / "few", 20), kept_by_build(tmp_path / "many", 100)
    finally:
        tracemalloc.stop()
    per_card = (many - few) / 80
    assert per_card <= KEPT_PER_CARD, f"{per_card:.0f} bytes kept a card ({few} for 20 cards, {many} for 100)"

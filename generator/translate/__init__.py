"""Translate: what `respack translate` does for translators and reviewers. A language's units
(generator.packs.units) out as a PO or XLIFF catalogue and back (catalogue.py), which pack and
language an import may write (trust.py), what an import or a sign-off changes (updates.py),
written into the YAML keeping its comments (files.py), and a review sheet on paper (sheet.py).

A wing beside the build: it uses the stages (packs, render, write), never the reverse.
"""

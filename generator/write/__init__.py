"""Write: checked documents onto disk under temporary names (files.py), landed all at once
with the manifest that records them, one build at a time (landing.py: a journal, a lock per
pack's folder), the manifest itself (manifest.py) and the keys that let the next build skip what
did not change (cache.py); previews, card sheets (impose.py) and the print shop's sheets of
every site (rollout.py).

May use: model, errors, installation, reads (the files a pack was made from), check (what a page
prints, for the manifest) and render (the font files, part of a document's key).
"""

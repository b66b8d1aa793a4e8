"""Write: checked documents onto disk, atomically (files.py), with the manifest that records
them (manifest.py) and the keys that let the next build skip what did not change (cache.py);
previews, card sheets (impose.py) and the print shop's sheets of every site (rollout.py).

May use: model, errors, installation, check (what a page prints, for the manifest) and render
(the font files, part of a document's key).
"""

"""Load, validate and plan: a pack file and the content it names, read into the model
(generator.model) with every problem at its file and line; what can only be known from several
files at once (translations, capacity, glyphs, templates); and the editions a build makes.

May use: model, errors, installation, reads (each file read is noted into the pack); render, to
know what a document will need before one is made (the print font's letters, whether templates
compile, which units a format prints);
check, for the giveaway words of a neutral pack. Nothing here writes a file.
"""

"""Check: look at what render made as a reader would, before anything is written. fit.py reads
the laid-out pages (overlaps, text cut off or too small, QR code sizes); pdfcheck.py the PDF
(page sizes, every QR code decoded, the text); drawn.py how its numbers are drawn (each glyph
as the print fonts draw it, and seen); neutral.py what a neutral document shows
outside, and giveaways.py which of its words give it away; prints.py what each page prints,
for the manifest. What each finds is data (findings.py): its kind, page and box, the contact or
code it concerns, and the sentence a person reads.

May use: model, errors, render (the QR codes' geometry, WeasyPrint's boxes). Never write.
"""

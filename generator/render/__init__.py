"""Render: an edition through its Jinja2 template to HTML (context.py gives the template plain
data only), then WeasyPrint lays it out (document.lay_out) and writes the PDF
(document.write_document). The fonts, QR codes, pictograms and the small markup of content
are drawn here.

May use: model, errors, installation. It checks nothing of what it made and writes no file:
the pipeline has the laid-out pages checked (generator.check) and the PDF written (generator.write).
"""

"""A spreadsheet as rows of cells: a CSV file (its encoding and separator found), an .xlsx or .ods
workbook (checked before calamine reads it, its merged cells noted), its header's words read as
columns in any bundled language, and each cell read for what its column holds.

Knows nothing of packs: the sites reader (generator.packs.sites) makes sites of the rows.
May use: digits (the one reading of digits in a cell). Nothing here writes a file.
"""

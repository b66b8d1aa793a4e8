"""Reading a declared file: the line-keeping YAML loader (yamlfile.py) and the one reader
(reader.py) that reads a file's mapping into the frozen dataclass declaring it
(generator.declared), every value with its file, line and field.

Knows nothing of packs: what a pack's files hold is declared in generator.packs and the model.
May use: declared, errors, reads (each file read is noted into the pack being read).
"""

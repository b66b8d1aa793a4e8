"""Serve: `respack serve`, the pack's documents on a local web page rebuilt at each save
(server.py, its page in page/), the page images it draws in a process of their own
(images.py), the names it answers to (hosts.py), how it names files without the machine's
paths (shown.py), and the wait for saved files that it shares with `build --watch` (watch.py).

A wing beside the build: it runs the pipeline and reads what it wrote, never the reverse.
"""

"""Serve: `respack serve`, the pack's documents on a local web page rebuilt at each save
(server.py, its page in page/), and the wait for saved files that it shares with
`build --watch` (watch.py).

A wing beside the build: it runs the pipeline and reads what it wrote, never the reverse.
"""

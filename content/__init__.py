"""Bundled content: installed with respack as generator.content (see pyproject.toml)."""

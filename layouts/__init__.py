"""Bundled layouts: installed with respack as generator.layouts (see pyproject.toml)."""

"""respack: print-ready help packs (leaflets, wallet cards, posters) from checked facts."""

__version__ = "0.1.0"

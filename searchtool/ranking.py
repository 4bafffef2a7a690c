"""Ranking: the weighting model and the query preparation that search uses by default.

First version: plain BM25F. The ranking issue replaces the internals, keeping these two calls.
"""

from __future__ import annotations


def weighting():
    """The Whoosh weighting model for ranked search."""
    from whoosh.scoring import BM25F

    return BM25F()


def prepare(searcher, query, text: str, any_mode: bool):
    """The query to run for user text ``text`` already parsed to ``query`` (may add expansion)."""
    return query

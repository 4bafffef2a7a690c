"""Facets: every facet ``--facet`` accepts has a counter, and the counts add up."""

from __future__ import annotations

from searchtool.searching.engine import Engine
from searchtool.searching.facets import COUNTERS
from searchtool.searching.request import FACETS, SearchRequest
from tests.support import records


def test_every_facet_the_request_accepts_has_a_counter():
    assert set(COUNTERS) == set(FACETS)


def test_type_and_year_counts_add_up_to_the_total(tmp_path):
    with Engine(records.build(tmp_path / "ix")) as engine:
        result = engine.search(SearchRequest(query="missile OR council OR treaty", facets=FACETS, snippets=False))
    assert result.total > 1
    assert sum(n for _, n in result.facets["type"]) == result.total
    assert sum(n for _, n in result.facets["year"]) == result.total
    assert sum(n for _, n in result.facets["speaker"]) >= result.total  # a statement may have several

"""The AND->OR fallback: what the result reports must describe the statements it lists (facet
counts, pages beyond the first thousand). (Found in the review of e190585.)"""

from __future__ import annotations

import datetime as dt

import pytest

from searchtool.indexing.update import build_index
from searchtool.record import Record
from searchtool.searching.engine import Engine, SearchRequest

#: Statements with "alpha" only; a few have all three words, so "alpha beta gamma" finds fewer
#: than a page with every word and the fallback lists the any-word hits after them.
MANY = 1100
ALL_WORDS = 3


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("review_search") / "index"
    records = [
        Record(id=f"r{i}", path=f"r{i}.txt", title=f"Note {i}",
               body=("alpha beta gamma report" if i < ALL_WORDS else "alpha report " + "filler " * (i % 7)),
               date=dt.date(2000 + i % 20, 1 + i % 12, 1), type="comment" if i % 2 else "briefing")
        for i in range(MANY)
    ]
    build_index(records, index_dir)
    with Engine(index_dir) as eng:
        yield eng


def test_the_fixture_takes_the_fallback_with_all_words_hits_first(engine):
    result = engine.search(SearchRequest("alpha beta gamma", snippets=False))
    assert result.fallback_used and result.total == MANY
    assert {h.id for h in result.hits[:ALL_WORDS]} == {f"r{i}" for i in range(ALL_WORDS)}


def test_facets_after_the_fallback_count_the_statements_listed(engine):
    result = engine.search(SearchRequest("alpha beta gamma", facets=("type", "year"), snippets=False))
    assert result.fallback_used
    assert sum(n for _, n in result.facets["type"]) == result.total
    assert sum(n for _, n in result.facets["year"]) == result.total


def test_pages_after_the_first_thousand_hits_of_a_fallback_are_not_empty(engine):
    request = SearchRequest("alpha beta gamma", page=101, limit=10, snippets=False)
    result = engine.search(request)
    assert result.fallback_used and result.total == MANY
    assert [h.rank for h in result.hits] == list(range(1001, 1011))
    # the same statements as the one long list of the any-word hits after the all-words ones
    whole = engine.search(SearchRequest("alpha beta gamma", limit=1000, snippets=False)).hits
    assert not {h.id for h in result.hits} & {h.id for h in whole}

"""The reported total is exact, whatever the page size.

Whoosh's collectors replace the matcher with a cheaper one once the top-N heap is full, which skips
documents that cannot enter the top N; a total counted by such a collector depends on --limit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from searchtool.indexing.update import build_index
from searchtool.record import Record
from searchtool.searching.engine import Engine, SearchRequest


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("total") / "index"
    records = []
    for i in range(300):
        # Scores vary widely: some bodies repeat the word, most mention it once among filler.
        body = " ".join(["sanctions"] * (1 + i % 7)) + " " + " ".join(f"filler{j}" for j in range(i % 50))
        if i % 3 == 0:
            body += " embargo"
        records.append(
            Record(
                id=f"d{i:03d}",
                path=f"d{i:03d}.txt",
                title=f"Statement {i}" + (" on sanctions" if i % 11 == 0 else ""),
                body=body,
                date=dt.date(2020 + i % 3, 1 + i % 12, 1 + i % 28),
            )
        )
    build_index(records, index_dir)
    with Engine(index_dir) as eng:
        yield eng


@pytest.mark.parametrize("query", ["sanctions", "sanctions embargo", "embargo OR statement"])
@pytest.mark.parametrize("limit", [1, 3, 10, 50])
def test_total_does_not_depend_on_limit(engine, query, limit):
    expected = engine.search(SearchRequest(query=query, limit=1000, snippets=False, fallback=False)).total
    assert expected > limit
    result = engine.search(SearchRequest(query=query, limit=limit, snippets=False, fallback=False))
    assert result.total == expected


def test_total_with_date_filter_matches_facet_counts(engine):
    request = SearchRequest(query="sanctions", since="2021-01-01", until="2021-12-31", limit=1, facets=("year",))
    result = engine.search(request)
    assert dict(result.facets["year"]) == {"2021": result.total}
    assert result.total == 100


def test_fallback_lists_the_all_words_hits_first(tmp_path):
    """A thin all-words result stays on top of the any-word fallback, and the user is told."""
    filler = " ".join(f"filler{j}" for j in range(200))
    records = [
        # Every word, but diluted in a long body: any-word scoring alone would rank these low.
        Record(id=f"all{i}", path=f"all{i}.txt", title=f"Report {i}", body=f"grain corridor blockade {filler}")
        for i in range(2)
    ] + [
        Record(id=f"two{i}", path=f"two{i}.txt", title="Grain corridor", body="grain corridor " * 5)
        for i in range(30)
    ]
    build_index(records, tmp_path / "index")
    with Engine(tmp_path / "index") as eng:
        # The bodies are identical on purpose: duplicate folding stays off to count every one.
        result = eng.search(SearchRequest(query="grain corridor blockade", snippets=False, collapse=False))
        assert result.fallback_used
        assert {h.id for h in result.hits[:2]} == {"all0", "all1"}
        assert result.total == 32
        assert any("2 statements have all the words" in note for note in result.notes)
        page2 = eng.search(SearchRequest(query="grain corridor blockade", snippets=False, page=2, limit=5, collapse=False))
        assert all(h.id.startswith("two") for h in page2.hits) and len(page2.hits) == 5

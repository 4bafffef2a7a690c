"""The check both scorer test files make: the bulk scorer gives Whoosh's own matches and scores."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from searchtool.searching import ranking, scorer
from searchtool.searching.engine import Engine
from searchtool.searching.weighting import FieldBM25F


@contextmanager
def whoosh_comparable_engine(index_dir: Path):
    """An engine ranking with the shipped model minus what Whoosh's matchers cannot do (a word's
    title and body combined into one BM25F term: tests/searching/test_weighting.py checks that
    by hand), for tests that take Whoosh's own search as the reference."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ranking, "weighting", lambda: FieldBM25F(combine_fields=False))
        with Engine(index_dir) as engine:
            yield engine


def assert_same(engine, query, k: int = 1000, order: bool = True) -> int:
    """The engine's scorer and Whoosh's exact top ``k`` agree on the total, the documents and
    every score (to 1e-9); with ``order``, also on the order, except among scores equal up to
    float rounding. The total, for callers that check it too."""
    total, best = engine.scorer.top(query, None, k)
    w_total, w_best = scorer.whoosh_top(engine.searcher, query, k)
    assert total == w_total
    assert set(engine.scorer.docs(query)) == set(engine.searcher.docs_for_query(query))
    assert len(best) == len(w_best)
    ours = dict(best)
    assert set(ours) == {d for d, _ in w_best}
    for docnum, score in w_best:
        assert ours[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12)
    if order:
        for (d1, s1), (d2, s2) in zip(best, w_best):
            assert d1 == d2 or s1 == pytest.approx(s2, rel=1e-9)
    return total

"""What the scorer tests share: the check that the bulk scorer gives Whoosh's own matches and
scores, an index of several segments with deletions, and random query atoms."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import strategies as st

from searchtool.indexing.update import update_index
from searchtool.searching import ranking, scorer
from searchtool.searching.engine import Engine
from searchtool.searching.weighting import FieldBM25F
from tests.support.collection import WORDS, churn, write_collection

#: Words of the generated statements, names, a topic word, a marker and a word no statement has.
VOCAB = [w for w in WORDS if w not in ("the", "that")] + ["lavrov", "zakharova", "sanctions", "marker3", "nosuchword"]
query_words = st.sampled_from(VOCAB)
#: One part of a query: a word, in a field, boosted, a phrase (exact, sloppy, in the title), a prefix.
query_atoms = st.one_of(
    query_words,
    query_words.map(lambda w: f"title:{w}"),
    query_words.map(lambda w: f"speaker:{w}"),
    st.tuples(query_words, st.sampled_from(["2", "0.5", "3"])).map(lambda t: f"{t[0]}^{t[1]}"),
    st.tuples(query_words, query_words).map(lambda t: f'"{t[0]} {t[1]}"'),
    st.tuples(query_words, query_words, st.integers(2, 6)).map(lambda t: f'"{t[0]} {t[1]}"~{t[2]}'),
    st.tuples(query_words, query_words, query_words).map(lambda t: f'title:"{t[0]} {t[1]} {t[2]}"'),
    query_words.map(lambda w: w[:3] + "*"),
)


def churned_index(root: Path, n: int, words: int, step: int, seed: int) -> Path:
    """``n`` generated statements indexed in two segments, then every ``step``-th changed
    (deletions in the old segments, a new one): the index folder."""
    corpus = write_collection(root / "c", n=n, words=words)
    index_dir = root / "index"
    update_index([corpus], index_dir, jobs=2)  # two segments
    churn(corpus, n, step, seed=seed, topic="sanctions", date="May 5, 2019")  # deletions, a new segment
    update_index([corpus], index_dir, jobs=1)
    return index_dir


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

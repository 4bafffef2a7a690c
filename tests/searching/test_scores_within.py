"""Scoring given documents (``Scorer.scores_of``, what the any-word ranking's expansion and a
date-sorted page ask) reads postings only from the blocks that hold those documents, and gives
exactly the scores of the whole postings: statistics (the idf of a word over title and body)
included, on indexes of several segments with and without deletions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from searchtool.index import bulkread
from searchtool.indexing.update import update_index
from searchtool.searching.engine import Engine
from tests.support.collection import WORDS, churn, write_collection, write_statement

VOCAB = [w for w in WORDS if w not in ("the", "that")] + ["comment", "grain", "exports", "marker7", "sanctions", "nosuchword"]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """Two indexes of 400 short statements (common words have several posting blocks per
    segment): one of two segments, one with deletions and a second segment."""
    root = tmp_path_factory.mktemp("within")
    corpus = write_collection(root / "c", n=400, words=30, jsonl=False)
    # "grain" is in the titles of a sixth of the statements (their topic) and in the bodies of
    # these others: the idf of the word over both fields counts them all
    for i in range(20):
        write_statement(corpus / "a", f"grain{i}.txt", f"Remarks {i} on trade", f"Grain talks and security {i}.", "May 1, 2020")
    plain = root / "plain"
    update_index([corpus / "a"], plain, jobs=1)
    update_index([corpus / "a", corpus / "b"], plain, jobs=1)  # a second segment
    churned = root / "churned"
    update_index([corpus], churned, jobs=1)
    churn(corpus, 400, 7, seed=5, topic="sanctions", date="May 5, 2019")
    update_index([corpus], churned, jobs=1)
    with Engine(plain) as a, Engine(churned) as b:
        assert len(a.searcher.leaf_searchers()) >= 2 and not a.searcher.reader().has_deletions()
        assert len(b.searcher.leaf_searchers()) >= 2 and b.searcher.reader().has_deletions()
        yield a, b


words = st.sampled_from(VOCAB)
leaves = st.one_of(
    words.map(lambda w: ("fields", w)),  # a word in title and body: one BM25F term
    words.map(lambda w: ("body", w)),
    words.map(lambda w: ("title", w)),
)


def _query(engine, parts, boosts):
    analyzer = engine.schema["body"].analyzer
    out = []
    for (kind, word), boost in zip(parts, boosts):
        term = next(iter([t.text for t in analyzer(word)]), word)
        fields = ["title", "body"] if kind == "fields" else [kind]
        out.append(wq.Or([wq.Term(f, term) for f in fields], boost=boost))
    return wq.Or(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(leaves, min_size=1, max_size=5),
    boosts=st.lists(st.floats(0.05, 2.0), min_size=5, max_size=5),
    which=st.integers(0, 1),
    picks=st.lists(st.integers(0, 10**6), min_size=0, max_size=40),
)
def test_scores_of_given_documents_equal_those_of_the_whole_postings(indexes, parts, boosts, which, picks):
    engine = indexes[which]
    scorer = engine.scorer
    n = engine.searcher.doc_count_all()
    docs = sorted({p % (n + 5) for p in picks})  # some beyond the index: never scored
    query = _query(engine, parts, boosts)
    scorer._cache.clear()
    scorer._cached = 0
    within = scorer.scores_of(query, docs)
    whole = scorer.scores_of(scorer.evaluate(query), docs)
    assert within == whole  # the same arithmetic on the same numbers: equal, not just close


def test_block_skipping_read_keeps_exactly_the_wanted_postings(indexes):
    engine = indexes[0]
    for reader, _offset in [(s.reader(), o) for s, o in engine.searcher.leaf_searchers()]:
        n = reader.doc_count_all()
        for term in ("secur", "nuclear", "marker7"):
            if ("body", term) not in reader:
                continue
            ids, weights = bulkread.postings(reader.postings("body", term))
            full = dict(zip(ids, weights))
            for wanted in ([], [0], list(range(0, n, 37)), [n - 1], list(range(n))):
                got_ids, got_weights = bulkread.postings_within(reader.postings("body", term), wanted)
                assert dict(zip(got_ids, got_weights)) == {d: w for d, w in full.items() if d in set(wanted)}
                assert got_ids == sorted(got_ids)


@pytest.mark.parametrize("word", ["grain", "comment", "security"])
def test_a_word_in_title_and_body_keeps_its_idf_over_both_fields(indexes, word):
    # the word's documents in the field where it is rarer count for its idf even when none of
    # them is among the documents scored
    for engine in indexes:
        scorer = engine.scorer
        query = _query(engine, [("fields", word)], [1.0])
        docs = list(range(0, engine.searcher.doc_count_all(), 7))
        scorer._cache.clear()
        scorer._cached = 0
        within = scorer.scores_of(query, docs)
        assert within and within == scorer.scores_of(scorer.evaluate(query), docs)

"""The best k of a query that adds its parts' scores (an any-word query, the ranking's feedback
on top) are found without scoring the documents that cannot reach them, and are exactly the
best k of scoring every match: same documents, same scores, same order, ties included."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from searchtool.searching import ranking
from searchtool.searching import scorer as scoring
from searchtool.searching.engine import Engine
from searchtool.searching.queries import ScoredDocs
from tests.searching.scorer_support import churned_index, query_atoms, whoosh_comparable_engine

@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """300 statements in several segments, with deletions (common words match most of them),
    under the shipped model (a word's title and body one BM25F term) and Whoosh's per-field one."""
    index_dir = churned_index(tmp_path_factory.mktemp("bounded"), n=300, words=45, step=11, seed=4)
    with Engine(index_dir) as shipped, whoosh_comparable_engine(index_dir) as per_field:
        assert shipped.searcher.reader().has_deletions() and len(shipped.searcher.leaf_searchers()) >= 2
        yield shipped, per_field


def every_match_ranked(scorer, node, docs, k):
    """The reference: every match scored, then the best k."""
    return scoring.best_of(scorer.scores(node, docs), k)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(query_atoms, min_size=1, max_size=5),
    any_mode=st.booleans(),
    which=st.integers(0, 1),
    k=st.integers(1, 60),
    allow_mod=st.integers(0, 4),
    feedback=st.booleans(),
)
def test_the_best_k_are_those_of_scoring_every_match(engines, parts, any_mode, which, k, allow_mod, feedback):
    engine = engines[which]
    text = " ".join(parts)
    parsed = engine.parse(text, any_mode)
    if parsed.query is None:
        return
    query = parsed.query
    if feedback and any_mode:  # the ranking's own query: the feedback's scores over the best documents
        query = ranking.prepare(engine.searcher, query, text, True, scorer=engine.scorer)
    scorer = engine.scorer
    node = scorer.evaluate(query).node
    allow = None if not allow_mod else {d for d in range(engine.searcher.doc_count_all()) if d % (allow_mod + 1)}
    total, best = scorer.top(query, allow, k)
    docs = scorer._allowed(node, allow)
    assert total == len(docs)
    assert best == every_match_ranked(scorer, node, docs, k)  # equal, not close: the same additions


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(st.dictionaries(st.integers(0, 120), st.sampled_from([0.5, 1.0, 1.5, 2.0, 2.75, 3.0]), min_size=1), min_size=2, max_size=4),
    boosts=st.lists(st.sampled_from([1.0, 0.5, 2.0]), min_size=4, max_size=4),
    k=st.integers(1, 40),
)
def test_parts_whose_bounds_are_reached_exactly_still_give_the_best_k(engines, parts, boosts, k):
    # fixed scores: a part's bound is its best score, met by a document, and many scores tie
    scorer = engines[0].scorer
    query = wq.Or([ScoredDocs(p) for p in parts])
    for part, boost in zip(query.subqueries, boosts):
        part.boost = boost
    node = scorer.evaluate(query).node
    docs = scorer._allowed(node, None)
    assert scorer.top(query, None, k)[1] == every_match_ranked(scorer, node, docs, k)


def test_ties_at_the_kth_score_go_to_the_lower_document_number(engines):
    # fixed scores with many ties, the feedback's part on top of a word: the order is Whoosh's
    engine = engines[0]
    scorer = engine.scorer
    word = engine.parse("security", True).query
    docs = sorted(scorer.docs(word))
    fixed = ScoredDocs({d: 1.0 + (d % 3) for d in docs[::2]})
    query = wq.AndMaybe(word, fixed)
    node = scorer.evaluate(query).node
    for k in (1, 5, 17, len(docs) - 1):
        assert scorer.top(query, None, k)[1] == every_match_ranked(scorer, node, set(docs), k)


def test_documents_that_cannot_reach_the_best_k_are_not_scored(engines, monkeypatch):
    # a rare word beside a common one: the documents with only the common word score below the
    # best few, which all have both
    engine = engines[0]
    scorer = engine.scorer
    query = engine.parse("marker3 security", True).query
    matched = len(scorer.docs(query))
    scored = []
    add_scores = scoring._Leaf.add_scores

    def counting(self, docs, out, factor):
        scored.extend(docs)
        add_scores(self, docs, out, factor)

    monkeypatch.setattr(scoring._Leaf, "add_scores", counting)
    total, best = scorer.top(query, None, 1)
    assert total == matched and len(best) == 1
    assert 0 < len(set(scored)) < matched / 2


def test_a_query_evaluated_once_is_not_built_again_inside_the_ranking_query(engines):
    # the feedback evaluates the user's query; the final query (query AND MAYBE feedback) holds
    # that same object and reuses its evaluation, scores and all
    engine = engines[0]
    engine.clear_cache()
    scorer = engine.scorer
    query = engine.parse("security council treaty", True).query
    first = scorer.evaluate(query)
    assert scorer.evaluate(query) is first
    final = wq.AndMaybe(query, ScoredDocs({d: 1.0 for d in sorted(scorer.docs(query))[:5]}))
    assert scorer.evaluate(final).node.required is first.node
    equal_but_new = engine.parse("security council treaty", True).query
    assert equal_but_new == query and scorer.evaluate(equal_but_new) is not first  # by identity only

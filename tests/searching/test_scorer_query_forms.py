"""The bulk-read scorer (searchtool.searching.scorer) on query forms and index shapes that
tests/searching/test_scorer.py does not reach, each compared with Whoosh's own matcher walk.
(Found in the review of the scorer, 05c71ad.)

Known, deliberate differences (not asserted here): Whoosh's AND NOT can keep documents it should
exclude; Whoosh ignores a boost on AND NOT / AND MAYBE; Whoosh adds its NOT matcher's constant
1.0 to the score of an AND that holds a NOT. The scorer does the set arithmetic and applies the
boost, which is what the query says.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from searchtool.indexing.update import build_index, update_index  # noqa: E402
from searchtool.record import Record  # noqa: E402
from searchtool.searching.engine import Engine, SearchRequest  # noqa: E402
from searchtool.searching.scorer import WhooshScorer
from tests.searching.scorer_support import assert_same, whoosh_comparable_engine
from tests.support.collection import WORDS, churn, write_collection


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """Three segments with deletions; a JSON Lines file with multi-word extra fields; one word
    ("ghostword") that only a deleted statement holds."""
    root = tmp_path_factory.mktemp("review_scorer")
    corpus = write_collection(root / "c", n=40, words=90)
    rows = [
        {"title": f"Communique {k}", "text": f"Regional text {k} about peace and the council.",
         "date": f"2021-0{k + 1}-0{k + 1}", "region": ["North Atlantic Council", "Black Sea region", "Council of Europe"][k]}
        for k in range(3)
    ]
    (corpus / "regions.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    ghost = corpus / "b" / "ghost.txt"
    ghost.write_text("Ghost statement\nGhostword treaty peace council.\nMay 5, 2019\n", encoding="utf-8")
    index_dir = root / "index"
    update_index([corpus], index_dir, jobs=2)
    churn(corpus, 40, 7, seed=5, topic="talks", date="June 2, 2020", words=50)
    ghost.unlink()
    update_index([corpus], index_dir, jobs=1)
    with whoosh_comparable_engine(index_dir) as eng:
        assert len(eng.searcher.leaf_searchers()) >= 2 and eng.searcher.reader().has_deletions()
        yield eng


@pytest.mark.parametrize(
    "text",
    [
        "(treaty OR peace)^2 council",  # boost on a nested OR
        "(treaty council)^3 OR peace",  # boost on a nested AND
        "title:comment^3 peace^0.5",
        '"peace of the process"',  # stop words inside a phrase
        '"peace peace"',  # a repeated word
        '"council council treaty"~3',
        'region:"north atlantic council"',  # a phrase in an extra (x_) field, name analyzer
        'region:"atlantic north"',
        "region:council peace",
        "speaker:lavrov OR post:minister",
        'speaker:"sergey lavrov" talks',
        "pea* \"peace process\"",  # wildcard and phrase
        'treati~ "border trade"~4',  # fuzzy and phrase
        "peace OR year:2015..2017",  # numeric ranges as scored leaves
        "treaty OR date:>2019",
        "type:comment^2 OR peace",
        "*",
    ],
)
@pytest.mark.parametrize("any_mode", [False, True])
def test_query_forms_score_as_whoosh_does(engine, text, any_mode):
    query = engine.parse(text, any_mode).query
    assert query is not None
    assert_same(engine, k=100_000, order=False, query=query)


def test_the_fixture_reaches_what_the_cases_are_about(engine):
    assert assert_same(engine, k=100_000, order=False, query=engine.parse('region:"north atlantic council"', False).query) == 1
    assert assert_same(engine, k=100_000, order=False, query=engine.parse('"peace peace"', False).query) > 0
    assert assert_same(engine, k=100_000, order=False, query=engine.parse("(treaty council)^3 OR peace", False).query) > 0


def test_a_word_only_a_deleted_statement_held_matches_nothing(engine):
    reader = engine.searcher.reader()
    assert reader.doc_frequency("body", "ghostword") == 1  # still in the index, deleted
    for text in ("ghostword", "ghostword treaty", '"ghostword treaty"', "ghostword OR zzzunknown"):
        query = engine.parse(text, False).query
        assert engine.scorer.docs(query) == set()
        assert assert_same(engine, k=100_000, order=False, query=query) == 0
    assert engine.search(SearchRequest("ghostword", snippets=False)).total == 0


def test_a_term_that_is_no_value_of_its_field_matches_nothing_as_in_whoosh(engine):
    from whoosh import query as wq

    for query in (wq.Term("year", "abc"), wq.And([wq.Term("body", "peac"), wq.Term("date", "x")]),
                  wq.Or([wq.Term("year", "abc"), wq.Term("body", "peac")])):
        assert engine.matching_docs(query) == set(engine.searcher.docs_for_query(query))
        assert_same(engine, k=100_000, order=False, query=query)


def _engine_pages(engine, requests):
    out = []
    for request in requests:
        r = engine.search(request)
        out.append((r.total, [(h.id, h.score) for h in r.hits], r.facets, r.fallback_used))
    return out


def test_engine_answers_equal_the_whoosh_path_for_sorts_pages_facets_and_filters(engine, monkeypatch):
    requests = [
        SearchRequest(query=q, snippets=False, **opts)
        for q in ("peace", "treaty council", "peace process talks", '"peace process"', "pea*")
        for opts in (
            {}, {"any": True}, {"sort": "date"}, {"sort": "-date", "limit": 1000}, {"page": 40},
            {"page": 2, "limit": 3, "any": True}, {"speaker": "zakharova"}, {"type": "comment", "any": True},
            {"since": "2019"}, {"facets": ("type", "year", "speaker")},
        )
    ]
    fast = _engine_pages(engine, requests)
    monkeypatch.setattr(engine, "_scorer", WhooshScorer(engine.searcher))  # the other implementation
    slow = _engine_pages(engine, requests)
    for request, (total, hits, facets, fb), (w_total, w_hits, w_facets, w_fb) in zip(requests, fast, slow):
        assert (total, facets, fb) == (w_total, w_facets, w_fb), request
        assert len(hits) == len(w_hits), request
        if request.sort == "relevance":
            assert [i for i, _ in hits] == [i for i, _ in w_hits] or [s for _, s in hits] == pytest.approx(
                [s for _, s in w_hits], rel=1e-9), request
        else:  # same dates may come in either order: compare the scores of each statement
            assert dict(hits) == pytest.approx(dict(w_hits), rel=1e-9), request
    assert any(total > 5 for total, *_ in fast)


def test_filters_with_not_are_set_arithmetic(engine):
    for text, positive, negative in (("peace -lavrov", "peace", "lavrov"), ("treaty NOT council", "treaty", "council")):
        for opts in ({"speaker": "zakharova"}, {"type": "comment"}, {"since": "2019"}):
            request = SearchRequest(query=text, snippets=False, limit=1000, **opts)
            allowed = engine.filter_docs(request, None)
            pos = set(engine.searcher.docs_for_query(engine.parse(positive, False).query))
            neg = set(engine.searcher.docs_for_query(engine.parse(negative, False).query))
            expected = (pos - neg) & allowed
            result = engine.search(request)
            assert result.total == len(expected), (text, opts)
            assert {h.docnum for h in result.hits} == expected


def test_type_facet_counts_add_up_to_the_total(engine):
    for text in ("peace", "treaty -council", "pea*", '"peace process"'):
        result = engine.search(SearchRequest(query=text, facets=("type", "year"), snippets=False, fallback=False))
        assert result.total > 0
        assert sum(n for _, n in result.facets["type"]) == result.total
        assert sum(n for _, n in result.facets["year"]) == result.total


def _single_segment_records():
    rng = random.Random(11)
    return [
        Record(id=f"r{i}", path=f"r{i}.txt", title=f"Note {i} {rng.choice(WORDS)}",
               body=" ".join(rng.choice(WORDS) for _ in range(40 + i % 30)), date=dt.date(2010 + i % 12, 1 + i % 12, 1))
        for i in range(150)
    ]


def test_a_single_segment_index_scores_as_whoosh(tmp_path):
    index_dir = tmp_path / "one"
    build_index(_single_segment_records(), index_dir)
    with Engine(index_dir) as eng:
        assert len(eng.searcher.leaf_searchers()) == 1 and not eng.searcher.reader().has_deletions()
        for text in ("peace treaty", "(peace OR treaty)^2 council", '"peace process"~2', "note^2 border", "trad*"):
            for any_mode in (False, True):
                assert_same(eng, k=100_000, order=False, query=eng.parse(text, any_mode).query)


@pytest.mark.parametrize("kind", ["empty", "all deleted"])
def test_an_index_without_live_statements_answers_nothing_without_error(tmp_path, kind):
    index_dir = tmp_path / "ix"
    records = [] if kind == "empty" else _single_segment_records()[:3]
    build_index(records, index_dir)
    if records:
        from searchtool.index.store import open_index

        writer = open_index(index_dir).writer()
        for rec in records:
            writer.delete_by_term("id", rec.id)
        writer.commit()
    with Engine(index_dir) as eng:
        assert eng.scorer is not None
        for text, opts in (("peace", {}), ("peace treaty", {"any": True}), ('"peace process"', {}), ("pea*", {}),
                           ("*", {}), ("peace -treaty", {"sort": "date"}), ("", {"since": "2015"}),
                           ("peace", {"facets": ("type", "year", "speaker")})):
            result = eng.search(SearchRequest(query=text, **opts))
            assert result.total == 0 and result.hits == []
        from whoosh import query as wq

        assert eng.scorer.docs(wq.Every()) == set()


def test_the_feedback_first_stage_without_the_scorer_finds_the_best_documents(engine, monkeypatch):
    from searchtool.searching import ranking

    # A depth below the number of matches, as on any real collection (300 of thousands).
    monkeypatch.setattr(ranking, "RERANK_DEPTH", 3)
    monkeypatch.setattr(ranking, "FEEDBACK_DOCS", 3)
    text = "minister lavrov"
    query = ranking.drop_function_words(engine.parse(text, True).query, text, engine.searcher.schema)
    assert engine.scorer.top(query, None, 3)[0] > 3
    fast = ranking.expansion_query(engine.searcher, query, scorer=engine.scorer)
    slow = ranking.expansion_query(engine.searcher, query)
    assert fast is not None and slow is not None
    assert slow.scores.keys() == fast.scores.keys()
    assert [slow.scores[d] for d in fast.scores] == pytest.approx(list(fast.scores.values()), rel=1e-9)

"""Ranking: the weighting, function-word pruning and the feedback expansion on a small index."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from searchtool.index.schema import build_schema
from searchtool.indexing.update import build_index
from searchtool.record import Record
from searchtool.searching import queries, ranking
from searchtool.searching.build import parse_query
from searchtool.searching.engine import Engine, SearchRequest
from tests.searching.scorer_support import whoosh_comparable_engine

SCHEMA = build_schema()


def parsed(text: str, any_mode: bool = True):
    return parse_query(text, SCHEMA, any_mode=any_mode).query


def test_weighting_is_bm25f_with_textbook_parameters():
    from whoosh.scoring import BM25F

    w = ranking.weighting()
    assert isinstance(w, BM25F) and (w.K1, w.B) == (1.5, 0.75)


def test_function_words_are_dropped_from_any_word_queries():
    q = ranking.drop_function_words(parsed("what are the effects of sanctions"), "what are the effects of sanctions", SCHEMA)
    assert {t for _, t in ranking.positive_terms(q)} == {"effect", "sanction"}


def test_a_content_word_sharing_a_stem_with_a_function_word_is_kept():
    # "do" is a function word, but here its stem also comes from the noun "doings"
    text = "which doings do matter"
    q = ranking.drop_function_words(parsed(text), text, SCHEMA)
    assert {t for _, t in ranking.positive_terms(q)} == {"do", "matter"}


@pytest.mark.parametrize("text", ["what was there", "sanctions", '"what about" sanctions', "title:what sanctions"])
def test_queries_of_only_function_words_or_with_structure_are_left_alone(text):
    q = parsed(text)
    assert ranking.drop_function_words(q, text, SCHEMA) == q


def test_positive_terms_skip_excluded_words_and_keep_repeats():
    q = parsed("law law -treaty \"arms control\"")
    assert sorted(ranking.positive_terms(q)) == sorted(
        [("title", "law"), ("body", "law")] * 2 + [("title", "arm"), ("title", "control"), ("body", "arm"), ("body", "control")]
    )
    assert ranking.user_terms(q) == {"law": 2, "arm": 1, "control": 1}


ICE = SCHEMA["body"].analyzer("ice").__next__().text  # the stem, whatever the stemmer makes of it


def _records():
    texts = [
        ("Glacier retreat", "The glacier lost ice this summer. Ice loss on the glacier sped up as ice sheets thinned."),
        ("Glacier survey", "Surveyors measured the glacier and the ice thickness; ice cores were taken."),
        ("Glacier tourism", "Visitors walked on the glacier; ice caves drew crowds and ice climbers."),
        ("Report", "The glacier was mapped in May, with notes on ice and snow."),
        ("Report", "The glacier was mapped in May, with notes on bus and train."),
        ("Ice hockey", "The ice rink hosted the final match of the season."),
        ("Harbour news", "Fishing boats returned to the harbour with a good catch."),
    ]
    return [Record(id=f"r{i}", path=f"r{i}.txt", title=t, body=b) for i, (t, b) in enumerate(texts)]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("ranking") / "index"
    build_index(_records(), index_dir)
    with whoosh_comparable_engine(index_dir) as e:
        yield e


def test_expansion_learns_co_occurring_words_from_the_top_documents(engine):
    q = parsed("glacier")
    hits = engine.searcher.search(q, limit=ranking.FEEDBACK_DOCS)
    terms = dict(ranking.feedback_model(engine.searcher, [h.docnum for h in hits], ranking.user_terms(q), set()))
    assert ICE in terms and "glacier" in terms
    assert terms[ICE] > terms.get("bu", 0)
    assert sum(terms.values()) == pytest.approx(1.0)
    assert len(terms) <= ranking.EXPANSION_TERMS


def test_feedback_documents_weigh_by_how_likely_they_make_the_query(engine):
    from collections import Counter

    words = ranking.user_terms(parsed("glacier"))
    docs = [Counter({"glacier": 3, ICE: 3}), Counter({"glacier": 1, "bu": 5}), Counter({"bu": 6}), Counter()]
    weights = ranking.query_likelihoods(engine.searcher, docs, words)
    # P(q|d) with Dirichlet smoothing: more of the query's words, more weight; a document
    # without them keeps a small weight from the collection model, never zero.
    assert weights[0] == 1.0
    assert 1.0 > weights[1] > weights[2] > 0
    assert weights[3] > weights[2]  # same smoothed estimate, shorter document
    assert ranking.query_likelihoods(engine.searcher, [], words) == []


def test_prepare_keeps_all_words_queries_and_expands_any_word_ones(engine):
    q = parsed("glacier", any_mode=False)
    assert ranking.prepare(engine.searcher, q, "glacier", False) is q
    prepared = ranking.prepare(engine.searcher, parsed("glacier"), "glacier", True)
    assert isinstance(prepared, wq.AndMaybe)
    assert isinstance(prepared.b, queries.ScoredDocs)


def test_expansion_reorders_but_never_adds_documents(engine):
    searcher = engine.searcher
    q = parsed("glacier mapped")
    plain = {hit["id"]: hit.score for hit in searcher.search(q, limit=None)}
    expanded = {hit["id"]: hit.score for hit in searcher.search(ranking.prepare(searcher, q, "glacier mapped", True), limit=None)}
    assert set(expanded) == set(plain)
    assert "r5" not in expanded  # "Ice hockey" mentions ice but none of the query's words
    # The two reports match the query identically; the one that talks about ice, like the
    # documents the query finds first, now ranks above the one about buses.
    assert plain["r3"] == pytest.approx(plain["r4"])
    assert expanded["r3"] > expanded["r4"]


@pytest.mark.parametrize("text", ["glacier", "glacier mapped ice summer notes"])
def test_expansion_and_query_are_mixed_by_normalised_scores(engine, text):
    # Whatever the query's length, the best expansion score equals (1 - w) / w times the best
    # score of the user's query: each side is scaled to its best before the half-and-half mix.
    searcher = engine.searcher
    q = parsed(text)
    best = searcher.search(q, limit=1)[0].score
    bonus = ranking.expansion_query(searcher, q)
    w = ranking.ORIGINAL_WEIGHT
    assert max(bonus.scores.values()) == pytest.approx((1 - w) / w * best)
    assert min(bonus.scores.values()) > 0


def test_search_any_mode_uses_the_ranking_end_to_end(engine):
    result = engine.search(SearchRequest(query="what about the glacier", any=True, snippets=False, limit=10))
    assert {hit.id for hit in result.hits} == {"r0", "r1", "r2", "r3", "r4"}
    assert result.total == 5
    assert [h.id for h in result.hits].index("r3") < [h.id for h in result.hits].index("r4")


def test_prepare_without_text_terms_changes_nothing(engine):
    q = parse_query("type:comment", SCHEMA, any_mode=True).query
    assert ranking.prepare(engine.searcher, q, "type:comment", True) == q
    assert ranking.prepare(engine.searcher, None, "", True) is None


def test_only_the_top_documents_are_reordered(engine, monkeypatch):
    searcher = engine.searcher
    q = parsed("glacier")
    plain = searcher.search(q, limit=None)
    monkeypatch.setattr(ranking, "RERANK_DEPTH", 2)
    expanded = {hit.docnum: hit.score for hit in searcher.search(ranking.prepare(searcher, q, "glacier", True), limit=None)}
    top = [hit.docnum for hit in plain][:2]
    for hit in plain:
        if hit.docnum in top:
            assert expanded[hit.docnum] > hit.score
        else:
            assert expanded[hit.docnum] == pytest.approx(hit.score)


def test_scored_docs_match_their_documents_across_segments(tmp_path):
    from whoosh.index import open_dir

    from searchtool.index.store import current_generation
    from searchtool.indexing.documents import record_to_document

    index_dir = tmp_path / "index"
    build_index(_records()[:3], index_dir)
    ix = open_dir(str(current_generation(index_dir)))
    writer = ix.writer()
    for rec in _records()[3:]:
        writer.add_document(**record_to_document(rec))
    writer.commit(merge=False)
    with Engine(index_dir) as e:
        assert not e.searcher.is_atomic()  # two segments: docnums carry offsets
        wanted = {1: 0.5, 4: 2.0, 6: 1.0}
        found = {hit.docnum: hit.score for hit in e.searcher.search(queries.ScoredDocs(wanted), limit=None)}
        assert found == wanted


def test_collection_frequency_counts_title_words_with_the_title_boost(engine):
    from searchtool.index.schema import TITLE_BOOST

    # "glacier": in 3 titles, 6 times in the bodies; "harbour": 1 title, 1 body
    assert ranking.collection_frequency(engine.searcher, "glacier") == pytest.approx(3 * TITLE_BOOST + 6)
    assert ranking.collection_frequency(engine.searcher, "harbour") == pytest.approx(TITLE_BOOST + 1)
    assert ranking.collection_frequency(engine.searcher, "nowhere") == 0


def test_expansion_of_fixed_scores_takes_the_users_words_as_given(engine):
    # A query of fixed scores has no terms to read the user's words from (the true-BM25F
    # prototype in benchmarks/relevance_variants.py builds one): they are passed in.
    searcher = engine.searcher
    q = parsed("glacier mapped")
    fixed = queries.ScoredDocs({hit.docnum: hit.score for hit in searcher.search(q, limit=None)})
    assert ranking.expansion_query(searcher, fixed) is None
    assert ranking.expansion_query(searcher, fixed, ranking.user_terms(q)) == ranking.expansion_query(searcher, q)


def _variants_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "relevance_variants.py"
    spec = importlib.util.spec_from_file_location("relevance_variants", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_true_bm25f_prototype_combines_fields_before_saturation(engine):
    import math

    from searchtool.index.schema import TITLE_BOOST

    variants = _variants_module()
    searcher = engine.searcher
    reader = searcher.reader()
    stats = variants.BM25FStats(searcher)
    doc = next(d for d in range(searcher.doc_count_all()) if searcher.stored_fields(d)["id"] == "r0")
    n = searcher.doc_count_all()
    k1, b = variants.K1, variants.B

    def norm(field):
        avg = reader.field_length(field) / n
        return 1 - b + b * reader.doc_field_length(doc, field) / avg

    # "Glacier retreat": "glacier" once in the title, twice in the body; 5 documents have it
    tf = TITLE_BOOST * 1 / norm("title") + 2 / norm("body")
    combined, idf = stats.word("glacier")
    assert combined[doc] == pytest.approx(tf)
    assert idf == pytest.approx(math.log(n / (5 + 1)) + 1)
    expected = idf * tf * (k1 + 1) / (tf + k1)
    assert stats.scores([("glacier", 1)], {doc})[doc] == pytest.approx(expected)
    assert stats.scores([("glacier", 2)], {doc})[doc] == pytest.approx(2 * expected)  # typed twice
    # one saturation: less than the two fields saturated separately and summed (Whoosh's BM25F)
    per_field = searcher.search(parsed("glacier"), limit=None, filter={doc})[0].score
    assert expected < per_field


@pytest.mark.parametrize("text", ["glacier", "glacier mapped ice summer notes", "ice OR harbour", "glacier -bus"])
def test_the_scorer_gives_the_expansion_whoosh_gives(engine, text):
    searcher = engine.searcher
    q = drop = ranking.drop_function_words(parsed(text), text, searcher.schema)
    assert q is not None and drop is q
    slow = ranking.expansion_query(searcher, q)
    fast = ranking.expansion_query(searcher, q, scorer=engine.scorer)
    assert (slow is None) == (fast is None)
    if slow is not None:
        assert fast.scores.keys() == slow.scores.keys()
        for d, s in slow.scores.items():
            assert fast.scores[d] == pytest.approx(s, rel=1e-12)
    prepared = ranking.prepare(searcher, parsed(text), text, True, scorer=engine.scorer)
    whoosh_order = [h.docnum for h in searcher.search(ranking.prepare(searcher, parsed(text), text, True), limit=None)]
    assert [d for d, _ in engine.scorer.top(prepared, None, 100)[1]] == whoosh_order


def test_expansion_terms_search_titles_too(engine):
    # "hockey" is only in a title: the expansion scores it there (one BM25F term over both fields).
    searcher = engine.searcher
    hockey = SCHEMA["title"].analyzer("hockey").__next__().text
    assert ("body", hockey) not in searcher.reader() and ("title", hockey) in searcher.reader()
    scores = ranking.expansion_scores(searcher, [(hockey, 1.0)], range(searcher.doc_count()), engine.scorer)
    assert [searcher.stored_fields(d)["id"] for d in scores] == ["r5"] and scores.most_common(1)[0][1] > 0


def test_a_reprinted_feedback_document_is_analysed_once_and_counts_each_time_it_ranks(tmp_path):
    from collections import Counter

    texts = [("Glacier retreat", "The glacier lost ice this summer; ice loss sped up.")] * 3 + [("Ice hockey", "The ice rink hosted the final.")]
    index_dir = tmp_path / "index"
    build_index([Record(id=f"r{i}", path=f"r{i}.txt", title=t, body=b) for i, (t, b) in enumerate(texts)], index_dir)
    with Engine(index_dir) as engine:
        searcher = engine.searcher
        seen: dict = {}
        first = ranking.document_terms(searcher, 0, seen)
        assert ranking.document_terms(searcher, 1, seen) is first and len(seen) == 1  # the same text: not analysed again
        assert first == ranking.document_terms(searcher, 1) and ranking.document_terms(searcher, 3, seen) != first
        words = Counter({"glacier": 1})
        model = ranking.feedback_model(searcher, [0, 1, 2, 3], words, set())
        # what the model is made of, each document analysed on its own
        counts = [ranking.document_terms(searcher, d) for d in range(4)]
        weights = ranking.query_likelihoods(searcher, counts, words)
        expected = Counter()
        for doc, weight in zip(counts, weights):
            for term, n in doc.items():
                if len(term) > 1:
                    expected[term] += weight * n / sum(doc.values())
        best = sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))[: ranking.EXPANSION_TERMS]
        assert model == [(t, p / sum(p for _, p in best)) for t, p in best]

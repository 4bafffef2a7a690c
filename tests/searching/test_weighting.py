"""The weighting model: a field's average length counts only the documents that have the field."""

from __future__ import annotations

import pytest
from whoosh.scoring import BM25F

from searchtool.indexing.update import build_index
from searchtool.record import Record
from searchtool.searching import ranking, weighting
from searchtool.searching.engine import Engine
from searchtool.searching.scorer import Scorer, WhooshScorer, supports
from tests.searching.scorer_support import whoosh_comparable_engine

BODIES = [
    "Satellite orbits decay under atmospheric drag at low altitude.",
    "The orbit of the probe was corrected twice before the flyby of the moon.",
]
BODY_TITLES = ["Orbit decay", "Probe report"]
TITLES_ONLY = ["Orbit determination", "Numerical integration", "Sorting networks", "Compiler design notes"]


def _index(tmp_path, name: str, title_only: list[str]):
    records = [Record(id=f"b{i}", path=f"b{i}.txt", title=t, body=b) for i, (t, b) in enumerate(zip(BODY_TITLES, BODIES))]
    records += [Record(id=f"t{i}", path=f"t{i}.txt", title=t, body="") for i, t in enumerate(title_only)]
    index_dir = tmp_path / name
    build_index(records, index_dir)
    return index_dir


@pytest.fixture
def mixed(tmp_path):
    with Engine(_index(tmp_path, "mixed", TITLES_ONLY)) as engine:
        yield engine


def test_an_empty_field_does_not_lower_its_average(mixed, tmp_path):
    searcher = mixed.searcher
    total = searcher.reader().field_length("body")
    assert weighting.present_count(searcher, "body") == len(BODIES)
    assert weighting.average_length(searcher, "body") == pytest.approx(total / len(BODIES))
    # Whoosh's own average divides by every document, the title-only ones included.
    assert searcher.avg_field_length("body") == pytest.approx(total / (len(BODIES) + len(TITLES_ONLY)))
    with Engine(_index(tmp_path, "bodies", [])) as bodies_only:
        assert weighting.average_length(bodies_only.searcher, "body") == pytest.approx(weighting.average_length(searcher, "body"))


def test_a_field_no_document_has_averages_one(mixed):
    assert weighting.present_count(mixed.searcher, "speaker") == 0
    assert weighting.average_length(mixed.searcher, "speaker") == 1.0


def test_a_body_match_is_normalised_as_among_documents_with_a_body(mixed, tmp_path):
    """The body part of a score depends on the body's length against other bodies, not on how
    many records have no body at all: with the same idf, the title-only records change nothing."""
    def body_score(engine, text):
        from whoosh import query as wq

        scores = engine.scorer.scores_of(wq.Term("body", text), range(engine.doc_count()))
        return {engine.searcher.stored_fields(d)["id"]: s / engine.searcher.idf("body", text) for d, s in scores.items()}

    with Engine(_index(tmp_path, "bodies", [])) as bodies_only:
        assert body_score(mixed, "orbit") == pytest.approx(body_score(bodies_only, "orbit"))


def test_without_combining_fields_the_bulk_scorer_gives_whoosh_scores(tmp_path):
    from whoosh import query as wq

    with whoosh_comparable_engine(_index(tmp_path, "mixed", TITLES_ONLY)) as engine:
        assert isinstance(engine.searcher.weighting, weighting.FieldBM25F) and supports(engine.searcher)
        query = wq.Or([wq.Term(f, "orbit") for f in ("title", "body")] + [wq.Term("body", "drag")])
        docs = range(engine.doc_count())
        fast = Scorer(engine.searcher).scores_of(query, docs)
        slow = WhooshScorer(engine.searcher).scores_of(query, docs)
        assert set(fast) == set(slow) and all(fast[d] == pytest.approx(slow[d]) for d in fast)


def test_a_word_in_title_and_body_is_one_bm25f_term(mixed):
    """Frequencies combined over the fields (each weighted by its boost, normalised by its own
    length against its own average), then saturated once, with one idf for the word."""
    import math

    from whoosh import query as wq

    searcher, reader = mixed.searcher, mixed.searcher.reader()
    word = "orbit"
    docs = {}
    for f in ("title", "body"):
        if (f, word) in reader:
            m = reader.postings(f, word)
            while m.is_active():
                docs.setdefault(m.id(), {})[f] = m.weight()
                m.next()
    both = [d for d, fields in docs.items() if len(fields) == 2]
    assert both and len(docs) > len(both)  # the fixture has the word in both fields, and in one only
    idf = math.log(searcher.doc_count_all() / (len(docs) + 1)) + 1
    k1, b = weighting.K1, weighting.B
    expected = {}
    for d, fields in docs.items():
        tf = 0.0
        for f, w in fields.items():
            length = reader.doc_field_length(d, f)  # decoded from the one-byte code, as scoring reads it
            tf += w / ((1 - b) + b * length / weighting.average_length(searcher, f))
        expected[d] = idf * tf * (k1 + 1) / (tf + k1)
    query = wq.Or([wq.Term("title", word), wq.Term("body", word)])
    got = mixed.scorer.scores_of(query, range(mixed.doc_count()))
    assert got.keys() == expected.keys()
    assert all(got[d] == pytest.approx(expected[d], rel=1e-12) for d in got)
    # Saturated once: less than the two fields' BM25 scores added (Whoosh's per-field sum).
    per_field = WhooshScorer(searcher).scores_of(query, both)
    assert all(got[d] < per_field[d] for d in both)


def test_search_ranks_with_the_field_average_model():
    model = ranking.weighting()
    assert type(model) is weighting.FieldBM25F and isinstance(model, BM25F) and model.combine_fields
    assert (model.K1, model.B) == (weighting.K1, weighting.B) == (1.5, 0.75)

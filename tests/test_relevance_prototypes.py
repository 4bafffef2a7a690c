"""The ranking prototypes of ``benchmarks/relevance_variants.py`` compute what they claim: each
scoring piece measured in round 6 of docs/design/ranking.md, checked against a hand computation
on a small index (a verdict is only as good as the prototype behind it)."""

from __future__ import annotations

import math
import sys

import pytest
from whoosh import query as wq

from searchtool.index.analysis import query_terms
from searchtool.indexing.update import build_index
from searchtool.record import Record
from searchtool.searching import weighting
from searchtool.searching.engine import Engine
from searchtool.searching.scorer import Scorer
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
try:
    import relevance_variants as rv
finally:
    sys.path.remove(str(REPO / "benchmarks"))

RECORDS = [
    ("a", "Orbit decay", "Satellite orbits decay under atmospheric drag at low altitude."),
    ("b", "Probe report", "The orbit of the probe was corrected twice; decay of the orbit was slow."),
    ("c", "Orbit determination", ""),
    ("d", "Sorting networks", "Networks that sort in parallel."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("prototypes") / "index"
    build_index([Record(id=i, path=f"{i}.txt", title=t, body=b) for i, t, b in RECORDS], index_dir)
    with Engine(index_dir) as opened:
        yield opened


def _stem(engine, word: str) -> str:
    return query_terms(engine.searcher.schema["body"].analyzer, word)[0]


def _docnum(engine, record_id: str) -> int:
    return next(d for d in range(engine.doc_count()) if engine.searcher.stored_fields(d)["id"] == record_id)


def test_proximity_accumulators_pair_neighbouring_occurrences_of_different_words():
    # a@0 b@1: distance 1; b@1 a@3: distance 2; a@3 a@4: the same word, nothing.
    acc = rv.proximity_accumulators([(3, "a"), (0, "a"), (1, "b"), (4, "a")], {"a": 2.0, "b": 3.0})
    assert acc == pytest.approx({"a": 3.0 / 1 + 3.0 / 4, "b": 2.0 / 1 + 2.0 / 4})
    assert rv.proximity_accumulators([(0, "a"), (5, "a")], {"a": 2.0}) == {}


def test_proximity_bonus_by_hand(engine):
    searcher, reader = engine.searcher, engine.searcher.reader()
    orbit, decay = _stem(engine, "orbit"), _stem(engine, "decay")
    n = searcher.doc_count_all()
    idf = {orbit: math.log(n / (3 + 1)) + 1, decay: math.log(n / (2 + 1)) + 1}  # orbit in a, b, c; decay in a, b
    k1, b = weighting.K1, weighting.B

    def norm(d, f):
        return (1 - b) + b * reader.doc_field_length(d, f) / weighting.average_length(searcher, f)

    a, rb, c = _docnum(engine, "a"), _docnum(engine, "b"), _docnum(engine, "c")
    # a: title "orbit decay" (neighbours, distance 1); body "... orbits decay ..." (distance 1).
    acc_a = {orbit: 2 * idf[decay] / norm(a, "title") + idf[decay] / norm(a, "body"),
             decay: 2 * idf[orbit] / norm(a, "title") + idf[orbit] / norm(a, "body")}
    # b: body "the orbit of the probe was corrected twice decay of the orbit was slow":
    # orbit@1, decay@8, orbit@11 (positions count the stop-listed words too) -> distances 7 and 3.
    positions = {}
    for term in (orbit, decay):
        m = reader.postings("body", term)
        while m.is_active():
            if m.id() == rb:
                positions[term] = list(searcher.schema["body"].format.decode_positions(m.value()))
            m.next()
    (o1, o2), (d1,) = sorted(positions[orbit]), positions[decay]
    near = 1 / (d1 - o1) ** 2 + 1 / (o2 - d1) ** 2
    acc_b = {orbit: idf[decay] * near / norm(rb, "body"), decay: idf[orbit] * near / norm(rb, "body")}

    def saturate(acc):
        return sum(min(1.0, idf[t]) * x * (k1 + 1) / (x + k1) for t, x in acc.items())

    got = rv.proximity_scores(searcher, [orbit, decay, orbit], range(engine.doc_count()))
    assert set(got) == {a, rb}  # c has one of the words, d none
    assert got[a] == pytest.approx(saturate(acc_a)) and got[rb] == pytest.approx(saturate(acc_b))
    assert got[a] > got[rb]  # side by side beats far apart
    assert rv.proximity_scores(searcher, [orbit], range(engine.doc_count())) == {}


def test_rsj_idf_by_hand():
    assert rv.rsj_idf(10, 1) == pytest.approx(math.log(9.5 / 1.5))
    assert rv.rsj_idf(10, 5) == 0.0 and rv.rsj_idf(10, 9) == 0.0  # half the documents or more: no evidence


def _word_query(term: str):
    return wq.Or([wq.Term("title", term), wq.Term("body", term)])


def test_rsj_prototype_scales_the_combined_term_by_the_idf_ratio(engine, monkeypatch):
    probe, orbit = _stem(engine, "probe"), _stem(engine, "orbit")
    docs = range(engine.doc_count())
    shipped = Scorer(engine.searcher).scores_of(_word_query(probe), docs)
    monkeypatch.setattr(Scorer, "_fields_term", rv.rsj_fields_term(Scorer._fields_term))
    got = Scorer(engine.searcher).scores_of(_word_query(probe), docs)
    n, df = engine.searcher.doc_count_all(), 1
    ratio = math.log((n - df + 0.5) / (df + 0.5)) / (math.log(n / (df + 1)) + 1)
    assert len(got) == 1 and got.keys() == shipped.keys()
    assert all(got[d] == pytest.approx(shipped[d] * ratio) for d in got)
    # "orbit" is in 3 of the 4 records: no evidence at all.
    assert set(Scorer(engine.searcher).scores_of(_word_query(orbit), docs).values()) == {0.0}


def test_document_length_prototype_by_hand(engine, monkeypatch):
    """One pseudo-document: weighted frequencies summed, normalised once by the weighted length."""
    searcher, reader = engine.searcher, engine.searcher.reader()
    orbit = _stem(engine, "orbit")
    boost = {f: searcher.schema[f].format.field_boost for f in ("title", "body")}
    n = searcher.doc_count_all()
    average = sum(boost[f] * reader.field_length(f) for f in boost) / n
    k1, b = weighting.K1, weighting.B
    idf = math.log(n / (3 + 1)) + 1
    weighted: dict[int, float] = {}  # posting weights carry the field's boost: 2 x a title count
    for f in boost:
        m = reader.postings(f, orbit)
        while m.is_active():
            assert m.weight() == boost[f] * m.value_as("frequency")
            weighted[m.id()] = weighted.get(m.id(), 0.0) + m.weight()
            m.next()
    expected = {}
    for d, tf in weighted.items():
        length = sum(boost[f] * (reader.doc_field_length(d, f) or 0) for f in boost)  # "c" has no body
        tf /= (1 - b) + b * length / average
        expected[d] = idf * tf * (k1 + 1) / (tf + k1)
    monkeypatch.setattr(Scorer, "_fields_term", rv.document_length_term)
    got = Scorer(searcher).scores_of(_word_query(orbit), range(engine.doc_count()))
    assert got.keys() == expected.keys() and len(got) == 3
    assert all(got[d] == pytest.approx(expected[d], rel=1e-12) for d in got)

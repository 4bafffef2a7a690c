"""The bulk scorer's phrase path (positions read with the postings, the rarest word checked first)
gives exactly what Whoosh's own ``Phrase`` gives: the same documents, the same total and the same
scores, on random small indexes of one or two segments, with and without deletions, in Whoosh's
positions format and in searchtool's compact one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.scoring import BM25F

import pytest

from searchtool.index.postings import CompactPositions
from searchtool.searching.queries import FastPhrase
from searchtool.searching.scorer import Scorer, whoosh_top

VOCAB = ["war", "cold", "peace", "talks", "the"]


def _index(docs: list[list[str]], compact: bool, split: int, delete: int | None):
    body = TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), phrase=True)
    if compact:
        body.format = CompactPositions(field_boost=1.0)
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=body))
    for part in (docs[:split], docs[split:]):  # two segments when both halves hold documents
        writer = ix.writer()
        for i, words in enumerate(part, 0 if part is docs[:split] else split):
            writer.add_document(id=str(i), body=" ".join(words))
        writer.commit(merge=False)
    if delete is not None and docs:
        writer = ix.writer()
        writer.delete_by_term("id", str(delete % len(docs)))
        writer.commit(merge=False)
    return ix


@settings(max_examples=120, deadline=None)
@given(
    docs=st.lists(st.lists(st.sampled_from(VOCAB), max_size=25), min_size=1, max_size=12),
    phrase=st.lists(st.sampled_from(VOCAB), min_size=2, max_size=3),
    slop=st.sampled_from([1, 1, 2, 3]),
    compact=st.booleans(),
    split=st.integers(0, 12),
    delete=st.one_of(st.none(), st.integers(0, 11)),
    boost=st.sampled_from([1.0, 2.5]),
    reprints=st.integers(0, 12),
    reprinted=st.sampled_from(["none", "all", "some"]),
)
def test_bulk_phrase_equals_whoosh_phrase(docs, phrase, slop, compact, split, delete, boost, reprints, reprinted):
    """``reprints``: copies of the first documents appended (a reprint-heavy collection);
    ``reprinted``: which documents the scorer is told are reprints (its once-per-positions
    shortcut must never change an answer, whatever it is told)."""
    docs = docs + [list(d) for d in docs[:reprints]]
    ix = _index(docs, compact, split, delete)
    with ix.searcher(weighting=BM25F()) as searcher:
        scorer = Scorer(searcher)
        scorer.reprinted = {"none": (), "all": set(range(len(docs))), "some": set(range(0, len(docs), 2))}[reprinted]
        total, best = scorer.top(FastPhrase("body", phrase, slop=slop, boost=boost), None, 100)
        w_total, w_best = whoosh_top(searcher, wq.Phrase("body", phrase, slop=slop, boost=boost), 100)
        assert total == w_total
        assert dict(best).keys() == dict(w_best).keys()
        for docnum, score in w_best:
            assert dict(best)[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12)

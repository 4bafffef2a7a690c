"""The weighting model search ranks with: BM25F whose field lengths are averaged where the field exists.

Whoosh's BM25F scores each field with its own BM25 and sums them, normalising a document's
field length by the field's average over *every* document (``avg_field_length`` is the field's
total length divided by the document count). A collection where many documents lack a field
(titles only, or statements without a title) then gets an average that is not any document's
length: on CACM, where 1,617 of 3,204 records are a title only, the body average is half the
length of a real abstract, so every body match is normalised as if its abstract were twice as
long as usual. Here a field's average is taken over the documents that have it, which is what
BM25's length normalisation means (a document is compared with documents of its kind) and
leaves a collection where every document has every field exactly as before.

Both scoring paths use these statistics: Whoosh's matchers through :class:`FieldBM25F`'s scorer,
and the bulk scorer (:mod:`searchtool.searching.scorer`) through :func:`average_length`.
"""

from __future__ import annotations

from whoosh.scoring import BM25F, BM25FScorer

from searchtool.index import bulkread

#: BM25's textbook parameters (see docs/design/ranking.md for the measured alternatives).
K1 = 1.2
B = 0.75


def present_count(searcher, fieldname: str) -> int:
    """Documents whose ``fieldname`` is not empty (length code not 0), deleted ones included
    as Whoosh's field totals and document count include them. Read from the field's length
    column (one byte per document, counted in C) and remembered per searcher: a searcher sees
    one state of the index, so the count never goes stale."""
    cache = searcher.__dict__.setdefault("_searchtool_present", {})
    if fieldname not in cache:
        count = 0
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            n = reader.doc_count_all()
            if n:
                count += n - bulkread.field_lengths(reader, fieldname, n).count(0)
        cache[fieldname] = count
    return cache[fieldname]


def average_length(searcher, fieldname: str) -> float:
    """The average length of ``fieldname`` over the documents that have it (1 when none does)."""
    parent = searcher.get_parent()
    total = parent.reader().field_length(fieldname)
    present = present_count(parent, fieldname)
    return (total / present if present else 0.0) or 1.0


class _Scorer(BM25FScorer):
    """Whoosh's BM25F field scorer with :func:`average_length`."""

    def __init__(self, searcher, fieldname, text, B, K1, qf=1):
        BM25FScorer.__init__(self, searcher, fieldname, text, B, K1, qf=qf)
        self.avgfl = average_length(searcher, fieldname)
        self.setup(searcher, fieldname, text)  # block quality with the new average


class FieldBM25F(BM25F):
    """Whoosh's per-field BM25F with each field's average length over the documents that have it.

    ``combine_fields``: the bulk scorer scores a word searched in title and body as one BM25F
    term (frequencies combined before saturation); Whoosh's matchers cannot, so with it
    :class:`~searchtool.searching.scorer.WhooshScorer` is no reference for such queries.
    """

    def __init__(self, B: float = B, K1: float = K1, combine_fields: bool = False, **kwargs):
        BM25F.__init__(self, B=B, K1=K1, **kwargs)
        self.combine_fields = combine_fields

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return BM25F.scorer(self, searcher, fieldname, text, qf)
        return _Scorer(searcher, fieldname, text, self._field_B.get(fieldname, self.B), self.K1, qf=qf)

"""Candidate rankings against the default, each alone, on several judged collections.

    benchmarks/relevance_variants.py [COLLECTION_DIR ...] [VARIANT ...] [--qrels FILE]

Arguments that are folders are collections (default: Cranfield, CISI and CACM from
``../shared/relevance``); the others name variants (default: all). Each collection is indexed
once (searchtool's reader and indexer; the variants that change analysis or the index's title
boost index it again), then every judged query runs through the default
search path (all words first, then the ranked any-word fallback) with one part of the ranking
swapped per variant. For each variant and collection: nDCG@10 and MAP, the difference from
``default`` (the shipped ranking) and its 90 % paired-bootstrap interval, and the verdict of the
keep rule of docs/design/ranking.md (round 5): kept when nDCG@10 rises on every collection, or
on the mean without a loss beyond noise on any, and MAP loses beyond noise nowhere; a variant
that moves a free constant (marked "fitted") must gain nDCG@10 on every collection.
The variants are prototypes for measurement (slow: Whoosh's own search path where they change
the weighting):

``bm25f``            true BM25F (Robertson, Zaragoza and Taylor 2004) for the user's words:
                     field frequencies combined before saturation (see :func:`bm25f_scores`)
``bm25f-plain``      true BM25F without query preparation (compare with ``plain``)
``bm25f-title1``     the same with title weight 1 instead of the index's title boost
``bm25f-expansion``  the expansion's terms scored by true BM25F over title and body
``bm25f-both``       true BM25F for the user's words and the expansion
``bm25plus``         BM25+ (Lv and Zhai 2011), delta 1, on Whoosh's per-field BM25F
``lucene-idf``       Robertson-Sparck Jones idf with Lucene's +1, log(1 + (N - df + 0.5) / (df + 0.5))
``shared-idf``       one idf per word for all text fields, from the documents that have it in any
``field-avg``        a field's average length over the documents that have the field (an empty
                     title or body neither lowers the average nor is normalised)
``title-weight-1``   a title occurrence counts once, as a body occurrence (per-field BM25F)
``k1-0.9-b-0.4``     BM25 k1 0.9, b 0.4 (Anserini's and Pyserini's default) instead of 1.2 / 0.75
``k1-X`` ``b-X``     BM25 k1 or b set to X (1.5, 2.0; 0.5, 0.9), the other left as shipped
``snowball``         Snowball English stems (PyStemmer), index and queries
``porter``           Porter's stems (Whoosh's), index and queries
``title-boost-1``    the index's title boost 1 instead of 2 (a title occurrence counts as a body one)
``stop-function-words`` the index drops every function word (searching.words.FUNCTION_WORDS)
``no-names``         words without a field do not search the speaker and post fields
``no-function-words`` function words count in any-word queries
``terms-10``         10 expansion terms (Anserini's, Pyserini's and Indri's RM3 default) instead of 20
``min-docs-2``       expansion terms must occur in 2 feedback documents (Terrier's QE default)
``unboosted-cf``     the feedback weights' collection model counts a title occurrence once
``plain``            no query preparation (plain BM25F), for reference
``field-combined``   the shipped model with a word's title and body scored as one BM25F term
``per-field``        the shipped model without that (Whoosh's per-field sum, field averages kept)
``whoosh-bm25f``     Whoosh's own BM25F, as shipped before round 5
``expansion-title-body``, ``expansion-body``  the fields the RM3 expansion searches

Round 6 (docs/design/ranking.md):

``terms-30`` ``fb-docs-5`` ``fb-docs-20`` ``orig-0.4`` ``orig-0.6``  the RM3 settings, one family
                     (with ``terms-10``): expansion terms, feedback documents, original-query weight
``proximity``        BM25TP (Büttcher, Clarke and Lushman 2006) for the user's words, on the
                     documents feedback reorders (see :func:`proximity_scores`)
``feedback-score``   feedback documents weighted by exp(BM25F score - best) instead of P(q|d)
``feedback-dirichlet-doc``  each feedback document's term distribution n / (|d| + mu), the
                     document part of its Dirichlet-smoothed estimate (mu as P(q|d)'s)
``document-length``  BM25F over one weighted pseudo-document: one length normalisation per record
                     (title-only records normalised as short documents, as a one-field index does)
``idf-rsj``          Robertson-Sparck Jones idf floored at 0 instead of Whoosh's log(N / (df + 1)) + 1
``bm25f-k1-X`` ``bm25f-b-X``  k1 (1.2, 1.5, 2.0) or b (0.5, 0.9) of the shipped model (``k1-X``
                     and ``b-X`` above are Whoosh's per-field BM25F, measured before round 5)
``mu-500`` ``mu-2000`` ``mu-avglen``  the Dirichlet mu of the feedback documents' P(q|d): 500, 2000,
                     or the collection's average record length, instead of 1000
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from relevance import COLLECTIONS, collection_name, load  # noqa: E402

from searchtool import evaluate as ev  # noqa: E402
from searchtool.searching import queries, ranking, words  # noqa: E402
from searchtool.searching import scorer as scorer_module  # noqa: E402
from searchtool.searching.weighting import B, K1, FieldBM25F  # noqa: E402 (the prototypes' BM25 parameters: the shipped ones)
from whoosh.analysis import StemFilter, StopFilter  # noqa: E402
from whoosh.scoring import BM25F  # noqa: E402



# ---------------------------------------------------------------------------------------------
# True BM25F


class BM25FStats:
    """Per-word combined frequencies of one open index, for true BM25F.

    For word t and document d: tf~ = sum over fields f of w_f * tf_f / (1 - b + b * len_f / avglen_f),
    with tf_f the raw count (the index's boost removed from the posting weight), w_f the field's
    weight (the index's title boost unless ``title_weight`` says otherwise, 1 for the body) and
    one idf per word, Whoosh's log(N / (df + 1)) + 1 with df the documents that have t in the
    title OR the body. The score is then idf * tf~ * (k1 + 1) / (tf~ + k1), summed over the
    user's words (a repeated word counts again), as in the 2004 paper.
    """

    def __init__(self, searcher, title_weight: float | None = None):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.n = searcher.doc_count_all()
        self.boost = {f: searcher.schema[f].format.field_boost for f in words.TEXT_FIELDS}
        self.weight = {f: (self.boost[f] if title_weight is None or f != "title" else title_weight) for f in words.TEXT_FIELDS}
        self.avg = {f: (self.reader.field_length(f) / self.n) or 1.0 for f in words.TEXT_FIELDS}
        self.memo: dict[str, tuple[Counter, float]] = {}

    def word(self, word: str) -> tuple[Counter, float]:
        """``({docnum: tf~}, idf)`` of ``word``."""
        if word not in self.memo:
            combined: Counter = Counter()
            for f in words.TEXT_FIELDS:
                if (f, word) not in self.reader:
                    continue
                m = self.reader.postings(f, word)
                while m.is_active():
                    d = m.id()
                    tf = m.weight() / self.boost[f]
                    norm = 1 - B + B * self.reader.doc_field_length(d, f, 0) / self.avg[f]
                    combined[d] += self.weight[f] * tf / norm
                    m.next()
            self.memo[word] = (combined, math.log(self.n / (len(combined) + 1)) + 1)
        return self.memo[word]

    def scores(self, terms, docs) -> Counter:
        """Each of ``docs``' BM25F score for ``terms``: ``(term, weight)`` pairs."""
        out: Counter = Counter()
        for term, weight in terms:
            combined, idf = self.word(term)
            for d, t in combined.items():
                if d in docs:
                    out[d] += weight * idf * t * (K1 + 1) / (t + K1)
        return out


_STATS: dict[tuple[int, float | None], BM25FStats] = {}


def _stats(searcher, title_weight: float | None = None) -> BM25FStats:
    key = (id(searcher), title_weight)
    if key not in _STATS or _STATS[key].searcher is not searcher:
        _STATS[key] = BM25FStats(searcher, title_weight)
    return _STATS[key]


def bm25f_prepare(title_weight: float | None = None, feedback: bool = True) -> Callable:
    """``ranking.prepare`` with the user's words scored by true BM25F on the same matches
    (without ``feedback``: no query preparation either, as ``plain``)."""

    def prepare(searcher, query, text, any_mode, scorer=None):
        from whoosh import query as wq

        if query is None:
            return query
        if not feedback:
            any_mode = False
        elif any_mode:
            query = ranking.drop_function_words(query, text, searcher.schema)
        words = ranking.user_terms(query)
        if not words:
            return query
        docs = set(searcher.docs_for_query(query))
        base = queries.ScoredDocs(_stats(searcher, title_weight).scores(words.items(), docs))
        if not any_mode:
            return base
        expansion = ranking.expansion_query(searcher, base, words)
        return base if expansion is None else wq.AndMaybe(base, expansion)

    return prepare


def bm25f_expansion_scores(searcher, model, candidates, scorer=None) -> Counter:
    """``ranking.expansion_scores`` with the expansion's terms scored by true BM25F."""
    return _stats(searcher).scores(model, set(candidates))


# ---------------------------------------------------------------------------------------------
# Weighting-model variants (Whoosh's per-field BM25F with other statistics or parameters)


class _FieldStats:
    """Per-searcher statistics the weighting variants need: documents with a non-empty field,
    and per-word document frequencies over all text fields."""

    def __init__(self, searcher):
        self.searcher = searcher
        reader = searcher.reader()
        n = searcher.doc_count_all()
        self.present = {f: sum(1 for d in range(n) if reader.doc_field_length(d, f, 0)) for f in words.TEXT_FIELDS}
        self.df: dict[str, int] = {}

    def shared_df(self, word: str) -> int:
        if word not in self.df:
            reader = self.searcher.reader()
            docs: set[int] = set()
            for f in words.TEXT_FIELDS:
                if (f, word) in reader:
                    docs.update(reader.postings(f, word).all_ids())
            self.df[word] = len(docs)
        return self.df[word]


_FIELD_STATS: dict[int, _FieldStats] = {}


def _field_stats(searcher) -> _FieldStats:
    key = id(searcher)
    if key not in _FIELD_STATS or _FIELD_STATS[key].searcher is not searcher:
        _FIELD_STATS[key] = _FieldStats(searcher)
    return _FIELD_STATS[key]


def weighting(delta: float = 0.0, idf: str = "whoosh", field_avg: bool = False, title_weight: float | None = None,
              k1: float = K1, b: float = B) -> Callable:
    """A ``ranking.weighting`` replacement: Whoosh's per-field BM25F with BM25+'s ``delta``,
    another ``idf`` ("lucene": log(1 + (N - df + .5) / (df + .5)); "shared": Whoosh's formula
    with df over all text fields), ``field_avg`` (average lengths over the documents that have
    the field), a title weight instead of the index's boost, other k1 / b."""
    from whoosh.scoring import BM25F, BM25FScorer, bm25

    class Scorer(BM25FScorer):
        factor = 1.0

        def __init__(self, searcher, fieldname, text, b, k1, qf=1):
            BM25FScorer.__init__(self, searcher, fieldname, text, b, k1, qf=qf)
            parent = searcher.get_parent()
            n, df = parent.doc_count_all(), parent.doc_frequency(fieldname, text)
            text_field = fieldname in words.TEXT_FIELDS
            if idf == "lucene":
                self.idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            elif idf == "shared" and text_field:
                self.idf = math.log(n / (_field_stats(parent).shared_df(text) + 1)) + 1
            if field_avg and text_field:
                present = _field_stats(parent).present[fieldname]
                self.avgfl = (parent.reader().field_length(fieldname) / present if present else 0) or 1
            if title_weight is not None and fieldname == "title":
                self.factor = title_weight / parent.schema[fieldname].format.field_boost

        def _score(self, weight, length):
            return bm25(self.idf, weight * self.factor, length, self.avgfl, self.B, self.K1) + self.idf * delta

    class Model(BM25F):
        def scorer(self, searcher, fieldname, text, qf=1):
            if not searcher.schema[fieldname].scorable:
                return BM25F.scorer(self, searcher, fieldname, text, qf)
            return Scorer(searcher, fieldname, text, self.B, self.K1, qf=qf)

    return lambda: Model(B=b, K1=k1)


# ---------------------------------------------------------------------------------------------
# Feedback variants

#: The shipped feedback functions, for variants that wrap them (captured before any swap).
_SHIPPED = {"feedback_model": ranking.feedback_model, "query_likelihoods": ranking.query_likelihoods}


def min_docs_model(min_docs: int) -> Callable:
    """``ranking.feedback_model`` keeping only terms found in ``min_docs`` feedback documents."""
    shipped = ranking.feedback_model

    def model(searcher, docnums, words, exclude):
        spread = Counter(t for d in docnums for t in ranking.document_terms(searcher, d))
        rare = {t for t, c in spread.items() if c < min(min_docs, len(docnums))}
        return shipped(searcher, docnums, words, set(exclude) | rare)

    return model


def document_part_likelihoods(searcher, docs, words) -> list[float]:
    """``ranking.query_likelihoods`` times each feedback document's |d| / (|d| + mu): with the
    shipped model's n / |d| per term, each document's distribution becomes n / (|d| + mu), the
    document part of its Dirichlet-smoothed estimate (the same mu), so short records weigh less.
    (The full smoothed estimate, n + mu P(t|C) over |d| + mu, was measured with the prototype of
    commit d06d661, ``feedback-dirichlet``.)"""
    mu = ranking.DIRICHLET_MU
    lengths = [sum(doc.values()) for doc in docs]
    return [w * n / (n + mu) for w, n in zip(_SHIPPED["query_likelihoods"](searcher, docs, words), lengths)]


def mu_average_length(shipped: Callable) -> Callable:
    """``ranking.query_likelihoods`` with the Dirichlet mu set to the collection's average record
    length (title and body) instead of 1000."""

    def likelihoods(searcher, docs, words):
        reader = searcher.reader()
        average = sum(reader.field_length(f) for f in ranking.TEXT_FIELDS) / max(searcher.doc_count_all(), 1)
        saved, ranking.DIRICHLET_MU = ranking.DIRICHLET_MU, average or 1.0
        try:
            return shipped(searcher, docs, words)
        finally:
            ranking.DIRICHLET_MU = saved

    return likelihoods


def score_weighted_model(searcher, docnums, words, exclude):
    """``ranking.feedback_model`` with each feedback document weighted by exp(its BM25F score for
    the user's words minus the best one's) instead of P(q|d): the score read as a log-likelihood."""
    from whoosh import query as wq

    from searchtool.searching.scorer import scorer_for

    query = wq.Or([wq.Or([wq.Term(f, t) for f in ranking.TEXT_FIELDS]) for t in words for _ in range(words[t])])
    scores = scorer_for(searcher).scores_of(query, docnums)
    best = max(scores.values(), default=0.0)
    weights = [math.exp(scores[d] - best) if d in scores else 0.0 for d in docnums]
    saved, ranking.query_likelihoods = ranking.query_likelihoods, lambda searcher, docs, words: weights
    try:
        return _SHIPPED["feedback_model"](searcher, docnums, words, exclude)
    finally:
        ranking.query_likelihoods = saved


def unboosted_frequency(searcher, word: str) -> float:
    """``ranking.collection_frequency`` with every occurrence counted once."""
    reader = searcher.reader()
    return sum(
        reader.frequency(f, word) / searcher.schema[f].format.field_boost
        for f in words.TEXT_FIELDS
        if (f, word) in reader
    )


def rsj_idf(n: int, df: int) -> float:
    """Robertson-Sparck Jones idf as BM25 first had it, floored at 0: a word in half the
    documents or more is no evidence (Whoosh's log(N / (df + 1)) + 1 gives every word at least 1)."""
    return max(0.0, math.log((n - df + 0.5) / (df + 0.5)))


def rsj_fields_term(shipped: Callable) -> Callable:
    """``Scorer._fields_term`` (a word's title and body as one BM25F term) with :func:`rsj_idf`
    instead of Whoosh's idf: the shipped term's scores times the ratio of the two idfs."""

    def fields_term(self, q):
        leaf = shipped(self, q)
        if not leaf.docs:
            return leaf
        n, df = self.searcher.doc_count_all(), len(leaf.docs)
        ratio = rsj_idf(n, df) / (math.log(n / (df + 1)) + 1)
        return scorer_module._Leaf(leaf.docs, lambda sub, out, factor: leaf.add_scores(sub, out, factor * ratio))

    return fields_term


def document_length_term(self, q):
    """``Scorer._fields_term`` as the 2004 paper's simplest BM25F: the fields' weighted
    frequencies summed over one pseudo-document (each field repeated its index-time boost
    times), normalised once by that document's weighted length against its average over all
    documents, then saturated; Whoosh's idf from the documents that have the word in any field."""
    from whoosh.util.numeric import byte_to_length

    k1, _field_b, b = self._model[:3]
    searcher = self.searcher
    n = searcher.doc_count_all()
    reader = searcher.reader()
    parts, tables, average = [], [], 0.0
    for term in q.terms:
        weight = searcher.schema[term.fieldname].format.field_boost
        tables.append((weight, self._field_lengths(term.fieldname)))
        average += weight * reader.field_length(term.fieldname) / (n or 1)
        postings = self._postings(term.fieldname, term.text)
        if postings:
            parts.append((postings, term.boost))  # posting weights carry the field's boost
    if not parts:
        return scorer_module._EMPTY
    docs = dict.fromkeys(d for postings, _ in parts for d in postings)
    idf = math.log(n / (len(docs) + 1)) + 1
    decoded = [byte_to_length(code) for code in range(256)]
    average = average or 1.0

    def add(sub, out, factor):
        for d in sub:
            tf = sum(postings[d] * boost for postings, boost in parts if d in postings)
            length = sum(weight * decoded[lengths[d]] for weight, lengths in tables)
            tf /= (1 - b) + b * length / average
            out[d] = out.get(d, 0.0) + factor * idf * tf * (k1 + 1) / (tf + k1)

    return scorer_module._Leaf(docs, add)


# ---------------------------------------------------------------------------------------------
# Term proximity (BM25TP, Büttcher, Clarke and Lushman 2006), on the documents feedback reorders


def proximity_accumulators(occurrences: list[tuple[int, str]], idf: dict[str, float]) -> dict[str, float]:
    """One field's BM25TP accumulators: ``occurrences`` are ``(position, word)`` of the query's
    words; each two neighbours (in position order) of different words ``dist`` apart add
    ``idf[other] / dist²`` to each one's accumulator."""
    acc: dict[str, float] = {}
    ordered = sorted(occurrences)
    for (p1, t1), (p2, t2) in zip(ordered, ordered[1:]):
        if t1 != t2 and p2 != p1:
            inverse = 1.0 / ((p2 - p1) * (p2 - p1))
            acc[t1] = acc.get(t1, 0.0) + idf[t2] * inverse
            acc[t2] = acc.get(t2, 0.0) + idf[t1] * inverse
    return acc


def proximity_scores(searcher, terms, docs) -> dict[int, float]:
    """Each of ``docs``' BM25TP bonus for the query's distinct ``terms``, in BM25F's form: a
    word's accumulators from title and body, each times the field's boost and divided by the
    field's length normalisation, summed, then saturated once:
    sum over words of min(1, idf) * acc * (k1 + 1) / (acc + k1). Positions from the index."""
    from searchtool.searching.weighting import average_length

    terms = sorted(set(terms))
    docs = set(docs)
    if len(terms) < 2 or not docs:
        return {}
    reader = searcher.reader()
    n = searcher.doc_count_all()
    present: dict[str, set[int]] = {t: set() for t in terms}
    found: dict[str, dict[str, dict[int, bytes]]] = {}
    for f in words.TEXT_FIELDS:
        for t in terms:
            if (f, t) in reader:
                m = reader.postings(f, t)
                while m.is_active():
                    present[t].add(m.id())
                    if m.id() in docs:
                        found.setdefault(f, {}).setdefault(t, {})[m.id()] = m.value()
                    m.next()
    idf = {t: math.log(n / (len(present[t]) + 1)) + 1 for t in terms}
    combined: dict[int, dict[str, float]] = {}
    for f, by_term in found.items():
        field = searcher.schema[f]
        avgfl = average_length(searcher, f)
        for d in docs:
            here = [(p, t) for t, encoded in by_term.items() if d in encoded for p in field.format.decode_positions(encoded[d])]
            acc = proximity_accumulators(here, idf)
            if not acc:
                continue
            norm = (1 - B) + B * (reader.doc_field_length(d, f, 0) or 0) / avgfl
            into = combined.setdefault(d, {})
            for t, a in acc.items():
                into[t] = into.get(t, 0.0) + field.format.field_boost * a / norm
    scores = {d: sum(min(1.0, idf[t]) * a * (K1 + 1) / (a + K1) for t, a in acc.items()) for d, acc in combined.items()}
    return {d: s for d, s in scores.items() if s > 0}


def proximity_expansion(shipped: Callable) -> Callable:
    """``ranking.expansion_query`` with the BM25TP bonus of the user's words added to the user's
    side of the mix on the reordered documents (the bonus is in BM25's units, as the paper adds
    it; the expansion is scaled to the user's side's new best)."""

    def expansion_query(searcher, query, words=None, scorer=None):
        from searchtool.searching.scorer import scorer_for

        expansion = shipped(searcher, query, words, scorer)
        words = ranking.user_terms(query) if words is None else words
        ranked = (scorer or scorer_for(searcher)).top(query, None, ranking.RERANK_DEPTH)[1]
        bonus = proximity_scores(searcher, words, [d for d, _ in ranked])
        if not bonus:
            return expansion
        rescale = (max(s + bonus.get(d, 0.0) for d, s in ranked) or 1.0) / (ranked[0][1] or 1.0)
        scores = {d: s * rescale for d, s in (expansion.scores.items() if expansion is not None else ())}
        for d, extra in bonus.items():
            scores[d] = scores.get(d, 0.0) + extra
        return queries.ScoredDocs(scores)

    return expansion_query


def _plain(searcher, query, text, any_mode, scorer=None):
    return query


# ---------------------------------------------------------------------------------------------
# Analysis variants (the index is built again with another analyzer; queries follow it)


def _analyzer(kind, item) -> Callable[[], dict]:
    """Index-time swap: searchtool's text analyzer with its ``kind`` step replaced by ``item()``."""
    from searchtool.index import analysis, schema

    def swap():
        chain = analysis.stem_analyzer()
        kinds = {type(old) for old in chain.items}
        target = kind if kind in kinds else next(k for k in kinds if issubclass(k, kind) or issubclass(kind, k))
        return {schema: {"stem_analyzer": lambda: _replace_item(chain, target, item())}}

    return swap


def _snowball():
    from whoosh.analysis import PyStemmerFilter

    return PyStemmerFilter("english")


def _porter():
    from whoosh.analysis import StemFilter

    return StemFilter(cachesize=-1)


def _function_word_stops():
    from whoosh.analysis import StopFilter

    from searchtool.index import analysis

    return StopFilter(analysis.STOP_LIST | words.FUNCTION_WORDS)


def _title_boost(boost: float) -> Callable[[], dict]:
    def swap():
        from searchtool.index import schema

        return {schema: {"TITLE_BOOST": boost}}

    return swap


def _replace_item(chain, kind, item):
    from whoosh.analysis import CompositeAnalyzer

    return CompositeAnalyzer(*[item if type(old) is kind else old for old in chain.items])


# ---------------------------------------------------------------------------------------------
# The variants


def _no_names():
    from searchtool.searching import build

    return {build: {"NAME_FIELDS": ()}}


class Variant:
    """Replacements for one run: ``ranking`` attributes, other modules' attributes
    (``{module: {name: value}}``), the same for building the index (``index``: the index is
    built again for it), and whether it moves a free constant (``fitted``: it must then gain on
    every collection)."""

    def __init__(self, ranking_swaps: Callable[[], dict] = dict, other: Callable[[], dict] = dict,
                 index: Callable[[], dict] | None = None, fitted: bool = False):
        self.ranking_swaps, self.other, self.index, self.fitted = ranking_swaps, other, index, fitted


V = Variant
#: Variant name -> what it changes.
VARIANTS: dict[str, Variant] = {
    "default": V(),
    "bm25f": V(lambda: {"prepare": bm25f_prepare()}),
    "bm25f-plain": V(lambda: {"prepare": bm25f_prepare(feedback=False)}),
    "bm25f-title1": V(lambda: {"prepare": bm25f_prepare(title_weight=1.0)}),
    "bm25f-expansion": V(lambda: {"expansion_scores": bm25f_expansion_scores}),
    "bm25f-both": V(lambda: {"prepare": bm25f_prepare(), "expansion_scores": bm25f_expansion_scores}),
    "bm25plus": V(lambda: {"weighting": weighting(delta=1.0)}),
    "lucene-idf": V(lambda: {"weighting": weighting(idf="lucene")}),
    "shared-idf": V(lambda: {"weighting": weighting(idf="shared")}),
    "field-avg": V(lambda: {"weighting": weighting(field_avg=True)}),
    "title-weight-1": V(lambda: {"weighting": weighting(title_weight=1.0)}, fitted=True),
    "k1-0.9-b-0.4": V(lambda: {"weighting": weighting(k1=0.9, b=0.4)}, fitted=True),
    "k1-1.5": V(lambda: {"weighting": weighting(k1=1.5)}, fitted=True),
    "k1-2.0": V(lambda: {"weighting": weighting(k1=2.0)}, fitted=True),
    "b-0.5": V(lambda: {"weighting": weighting(b=0.5)}, fitted=True),
    "b-0.9": V(lambda: {"weighting": weighting(b=0.9)}, fitted=True),
    "snowball": V(index=_analyzer(StemFilter, _snowball)),
    "porter": V(index=_analyzer(StemFilter, _porter)),
    "stop-function-words": V(index=_analyzer(StopFilter, _function_word_stops)),
    "title-boost-1": V(index=_title_boost(1.0), fitted=True),
    "no-names": V(other=_no_names),
    "no-function-words": V(lambda: {"drop_function_words": lambda query, text, schema, **_: query}),
    "terms-10": V(lambda: {"EXPANSION_TERMS": 10}, fitted=True),
    # Round 6: the RM3 settings as one family (each value fitted: it must gain everywhere).
    "terms-30": V(lambda: {"EXPANSION_TERMS": 30}, fitted=True),
    "fb-docs-5": V(lambda: {"FEEDBACK_DOCS": 5}, fitted=True),
    "fb-docs-20": V(lambda: {"FEEDBACK_DOCS": 20}, fitted=True),
    "orig-0.4": V(lambda: {"ORIGINAL_WEIGHT": 0.4}, fitted=True),
    "orig-0.6": V(lambda: {"ORIGINAL_WEIGHT": 0.6}, fitted=True),
    "proximity": V(lambda: {"expansion_query": proximity_expansion(ranking.expansion_query)}),
    "bm25f-k1-1.2": V(lambda: {"weighting": lambda: FieldBM25F(K1=1.2, combine_fields=True)}, fitted=True),
    "bm25f-k1-1.5": V(lambda: {"weighting": lambda: FieldBM25F(K1=1.5, combine_fields=True)}, fitted=True),
    "bm25f-k1-2.0": V(lambda: {"weighting": lambda: FieldBM25F(K1=2.0, combine_fields=True)}, fitted=True),
    "bm25f-b-0.5": V(lambda: {"weighting": lambda: FieldBM25F(B=0.5, combine_fields=True)}, fitted=True),
    "bm25f-b-0.9": V(lambda: {"weighting": lambda: FieldBM25F(B=0.9, combine_fields=True)}, fitted=True),
    "mu-500": V(lambda: {"DIRICHLET_MU": 500.0}, fitted=True),
    "mu-2000": V(lambda: {"DIRICHLET_MU": 2000.0}, fitted=True),
    "mu-avglen": V(lambda: {"query_likelihoods": mu_average_length(ranking.query_likelihoods)}, fitted=True),
    "feedback-score": V(lambda: {"feedback_model": score_weighted_model}),
    "feedback-dirichlet-doc": V(lambda: {"query_likelihoods": document_part_likelihoods}),
    "document-length": V(other=lambda: {scorer_module.Scorer: {"_fields_term": document_length_term}}),
    "idf-rsj": V(other=lambda: {scorer_module.Scorer: {"_fields_term": rsj_fields_term(scorer_module.Scorer._fields_term)}}),
    "min-docs-2": V(lambda: {"feedback_model": min_docs_model(2)}),
    "unboosted-cf": V(lambda: {"collection_frequency": unboosted_frequency}),
    "plain": V(lambda: {"prepare": _plain}),
    # The shipped scorer's forms (bulk scorer, fast): FieldBM25F with options.
    "field-combined": V(lambda: {"weighting": lambda: FieldBM25F(combine_fields=True)}),
    "expansion-title-body": V(lambda: {"EXPANSION_FIELDS": ("title", "body")}),
    "expansion-body": V(lambda: {"EXPANSION_FIELDS": ("body",)}),
    "per-field": V(lambda: {"weighting": lambda: FieldBM25F(combine_fields=False)}),
    "whoosh-bm25f": V(lambda: {"weighting": lambda: BM25F(B=B, K1=K1)}),
}


# ---------------------------------------------------------------------------------------------
# Running and judging


def run_variant(name: str, index_dir: Path, queries, ids) -> tuple[ev.Run, float]:
    variant = VARIANTS[name]
    swaps = {ranking: variant.ranking_swaps(), **variant.other()}
    saved = {(module, attr): getattr(module, attr) for module, attrs in swaps.items() for attr in attrs}
    for module, attrs in swaps.items():
        for attr, value in attrs.items():
            setattr(module, attr, value)
    _STATS.clear()
    _FIELD_STATS.clear()
    try:
        started = time.perf_counter()
        run = ev.run_queries(index_dir, queries, ids)
        return run, time.perf_counter() - started
    finally:
        for (module, attr), value in saved.items():
            setattr(module, attr, value)


def build(corpus: Path, index_dir: Path, index: Callable[[], dict] | None) -> dict[str, str]:
    """The collection indexed by searchtool, with ``index()``'s swaps (``{module: {name: value}}``)."""
    swaps = index() if index is not None else {}
    saved = {(module, attr): getattr(module, attr) for module, attrs in swaps.items() for attr in attrs}
    for module, attrs in swaps.items():
        for attr, value in attrs.items():
            setattr(module, attr, value)
    try:
        return ev.index_corpus(corpus, index_dir)
    finally:
        for (module, attr), value in saved.items():
            setattr(module, attr, value)


def bootstrap(diffs: list[float], resamples: int = 2000, seed: int = 1) -> tuple[float, float]:
    """The 90 % paired-bootstrap interval of the mean of ``diffs`` (per-query differences)."""
    import random

    if not diffs:
        return 0.0, 0.0
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(rng.choice(diffs) for _ in range(n)) / n for _ in range(resamples))
    return means[int(0.05 * resamples)], means[int(0.95 * resamples) - 1]


def verdict(fitted: bool, gains: dict[str, dict[str, tuple[float, float, float]]]) -> str:
    """The keep rule (docs/design/ranking.md, round 5) on ``{collection: {metric: (difference,
    low, high)}}``."""
    ndcg = {c: g["ndcg@10"] for c, g in gains.items()}
    all_gain = all(d > 0 for d, _, _ in ndcg.values())
    mean = sum(d for d, _, _ in ndcg.values()) / len(ndcg)
    beyond = [c for c, (_, _, high) in ndcg.items() if high < 0]
    map_beyond = [c for c, g in gains.items() if g["map"][2] < 0]
    if map_beyond:
        return "not kept: MAP loses beyond noise on " + ", ".join(map_beyond)
    if all_gain:
        return "keep: nDCG@10 gains on every collection"
    if fitted:
        return "not kept: a fitted constant must gain on every collection"
    if mean <= 0:
        return f"not kept: mean nDCG@10 {mean:+.4f}"
    if beyond:
        return "not kept: nDCG@10 loses beyond noise on " + ", ".join(beyond)
    return f"keep: mean nDCG@10 {mean:+.4f}, no loss beyond noise"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items", nargs="*", metavar="COLLECTION_DIR|VARIANT",
                        help=f"collection folders (default: Cranfield, CISI, CACM) and variants, any of: {', '.join(VARIANTS)} (default: all)")
    parser.add_argument("--qrels", type=Path, help="judgments file (default COLLECTION/qrels/test.tsv; one collection only)")
    args = parser.parse_args(argv)
    roots = [Path(i) for i in args.items if Path(i).is_dir()]
    names = [i for i in args.items if not Path(i).is_dir()]
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        sys.stderr.write(f"relevance_variants.py: error: unknown variant or no such folder {unknown[0]!r} (variants: {', '.join(VARIANTS)})\n")
        return 2
    if not roots:
        roots = [path for path in COLLECTIONS.values() if path.is_dir()]
        if not roots:
            sys.stderr.write("relevance_variants.py: error: no collection given and none in ../shared/relevance\n")
            return 2
    if args.qrels is not None and len(roots) != 1:
        sys.stderr.write("relevance_variants.py: error: --qrels needs exactly one collection\n")
        return 2
    names = [n for n in (names or list(VARIANTS)) if n != "default"]
    collections = {}
    for root in roots:
        loaded = load("relevance_variants.py", root, args.qrels)
        if loaded is None:
            return 2
        collections[collection_name(root)] = (root, *loaded)
    print("nDCG@10 and MAP; in brackets the difference from default and its 90 % paired-bootstrap interval")
    results: dict[str, dict[str, dict[str, dict[str, float]]]] = {}  # variant -> collection -> per query
    gains: dict[str, dict[str, dict[str, tuple[float, float, float]]]] = {}  # variant -> collection -> metric
    with tempfile.TemporaryDirectory(prefix="searchtool-variants-") as tmp:
        for cname, (root, collection, queries) in collections.items():
            print(f"{cname}: {len(queries)} judged queries", flush=True)
            indexes: dict[Callable | None, tuple[Path, dict]] = {}
            for name in ["default", *names]:
                index = VARIANTS[name].index
                if index not in indexes:
                    index_dir = Path(tmp) / f"{cname}-{len(indexes)}"
                    indexes[index] = (index_dir, build(collection.corpus, index_dir, index))
                index_dir, ids = indexes[index]
                run, seconds = run_variant(name, index_dir, queries, ids)
                per = results.setdefault(name, {})[cname] = ev.per_query(run, collection.qrels)
                base = results["default"][cname]
                cells = []
                for metric in ("ndcg@10", "map"):
                    diffs = [per[q][metric] - base[q][metric] for q in base]
                    low, high = bootstrap(diffs)
                    mean = sum(diffs) / len(diffs)
                    gains.setdefault(name, {}).setdefault(cname, {})[metric] = (mean, low, high)
                    cells.append(f"{ev.LABELS[metric]} {ev.aggregate(per)[metric]:.4f} ({mean:+.4f}, {low:+.4f}..{high:+.4f})")
                print(f"  {name:20s} " + "   ".join(cells) + f"   {seconds:.0f} s", flush=True)
    if len(collections) > 1 or names:
        print("verdicts (keep rule of docs/design/ranking.md, round 5):")
        for name in names:
            print(f"  {name:20s} -> " + verdict(VARIANTS[name].fitted, gains[name]) + (" (fitted)" if VARIANTS[name].fitted else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

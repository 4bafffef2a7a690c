"""Candidate rankings against the default, each alone, on all queries and on two held-out halves.

    benchmarks/relevance_variants.py COLLECTION_DIR [VARIANT ...] [--qrels FILE]

Indexes the collection once (searchtool's reader and indexer), then answers every judged query
through the default search path (all words first, then the ranked any-word fallback) with one
part of the ranking swapped per variant, and prints nDCG@10 / MAP (P@10 / R@100) over all
queries, odd query ids and even query ids (queries without a numeric id are split by their
position in the queries file). A change is only worth keeping if it helps on both halves.
Without VARIANT names every variant runs; ``default`` is the shipped ranking. The variants are
prototypes for measurement (slow, Whoosh's own search path where they change the weighting):

``bm25f``            true BM25F (Robertson, Zaragoza and Taylor 2004) for the user's words:
                     field frequencies combined before saturation (see :func:`bm25f_scores`)
``bm25f-plain``      true BM25F without query preparation (compare with ``plain``)
``bm25f-title1``     the same with title weight 1 instead of the index's title boost
``bm25f-expansion``  the expansion's terms scored by true BM25F over title and body
``bm25f-both``       true BM25F for the user's words and the expansion
``bm25plus``         BM25+ (Lv and Zhai 2011), delta 1, on Whoosh's per-field BM25F
``lucene-idf``       Robertson-Sparck Jones idf with Lucene's +1, log(1 + (N - df + 0.5) / (df + 0.5))
``k1-0.9-b-0.4``     BM25 k1 0.9, b 0.4 (Anserini's and Pyserini's default) instead of 1.2 / 0.75
``terms-10``         10 expansion terms (Anserini's and Pyserini's RM3 default) instead of 20
``min-docs-2``       expansion terms must occur in 2 feedback documents (Terrier's QE default)
``unboosted-cf``     the feedback weights' collection model counts a title occurrence once
``plain``            no query preparation (plain BM25F), for reference
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

from relevance import load  # noqa: E402

from searchtool import evaluate as ev  # noqa: E402
from searchtool.searching import queries, ranking, words  # noqa: E402

#: BM25 parameters of the prototypes: the shipped ones.
K1 = 1.2
B = 0.75


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
# Weighting-model variants (Whoosh's per-field BM25F with another idf or a lower bound)


def weighting(delta: float = 0.0, lucene_idf: bool = False) -> Callable:
    """A ``ranking.weighting`` replacement: BM25+ with ``delta``, and/or Lucene's idf."""
    from whoosh.scoring import BM25F, BM25FScorer, bm25

    class Scorer(BM25FScorer):
        def __init__(self, searcher, fieldname, text, b, k1, qf=1):
            BM25FScorer.__init__(self, searcher, fieldname, text, b, k1, qf=qf)
            if lucene_idf:
                parent = searcher.get_parent()
                n, df = parent.doc_count_all(), parent.doc_frequency(fieldname, text)
                self.idf = math.log(1 + (n - df + 0.5) / (df + 0.5))

        def _score(self, weight, length):
            return bm25(self.idf, weight, length, self.avgfl, self.B, self.K1) + self.idf * delta

    class Model(BM25F):
        def scorer(self, searcher, fieldname, text, qf=1):
            if not searcher.schema[fieldname].scorable:
                return BM25F.scorer(self, searcher, fieldname, text, qf)
            return Scorer(searcher, fieldname, text, self.B, self.K1, qf=qf)

    return lambda: Model(B=B, K1=K1)


# ---------------------------------------------------------------------------------------------
# Feedback variants


def min_docs_model(min_docs: int) -> Callable:
    """``ranking.feedback_model`` keeping only terms found in ``min_docs`` feedback documents."""
    shipped = ranking.feedback_model

    def model(searcher, docnums, words, exclude):
        spread = Counter(t for d in docnums for t in ranking.document_terms(searcher, d))
        rare = {t for t, c in spread.items() if c < min(min_docs, len(docnums))}
        return shipped(searcher, docnums, words, set(exclude) | rare)

    return model


def unboosted_frequency(searcher, word: str) -> float:
    """``ranking.collection_frequency`` with every occurrence counted once."""
    reader = searcher.reader()
    return sum(
        reader.frequency(f, word) / searcher.schema[f].format.field_boost
        for f in words.TEXT_FIELDS
        if (f, word) in reader
    )


def _anserini_bm25():
    from whoosh.scoring import BM25F

    return BM25F(B=0.4, K1=0.9)


def _plain(searcher, query, text, any_mode, scorer=None):
    return query


#: Variant name -> {ranking attribute: replacement}.
VARIANTS: dict[str, Callable[[], dict]] = {
    "default": lambda: {},
    "bm25f": lambda: {"prepare": bm25f_prepare()},
    "bm25f-plain": lambda: {"prepare": bm25f_prepare(feedback=False)},
    "bm25f-title1": lambda: {"prepare": bm25f_prepare(title_weight=1.0)},
    "bm25f-expansion": lambda: {"expansion_scores": bm25f_expansion_scores},
    "bm25f-both": lambda: {"prepare": bm25f_prepare(), "expansion_scores": bm25f_expansion_scores},
    "bm25plus": lambda: {"weighting": weighting(delta=1.0)},
    "lucene-idf": lambda: {"weighting": weighting(lucene_idf=True)},
    "k1-0.9-b-0.4": lambda: {"weighting": _anserini_bm25},
    "terms-10": lambda: {"EXPANSION_TERMS": 10},
    "min-docs-2": lambda: {"feedback_model": min_docs_model(2)},
    "unboosted-cf": lambda: {"collection_frequency": unboosted_frequency},
    "plain": lambda: {"prepare": _plain},
}


def halves(collection: ev.Collection) -> dict[str, ev.Qrels]:
    """All judged queries, odd ids and even ids (file position when an id is not a number)."""
    odd, even = {}, {}
    for position, qid in enumerate(collection.judged):
        number = int(qid) if qid.isdigit() else position + 1
        (odd if number % 2 else even)[qid] = collection.qrels[qid]
    return {"all": collection.qrels, "odd": odd, "even": even}


def run_variant(name: str, index_dir: Path, queries, ids) -> tuple[ev.Run, float]:
    swaps = VARIANTS[name]()
    saved = {attr: getattr(ranking, attr) for attr in swaps}
    for attr, value in swaps.items():
        setattr(ranking, attr, value)
    _STATS.clear()
    try:
        started = time.perf_counter()
        run = ev.run_queries(index_dir, queries, ids)
        return run, time.perf_counter() - started
    finally:
        for attr, value in saved.items():
            setattr(ranking, attr, value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collection", type=Path, help="folder with corpus.jsonl, queries.jsonl, qrels/")
    parser.add_argument("variants", nargs="*", help=f"any of: {', '.join(VARIANTS)} (default: all)")
    parser.add_argument("--qrels", type=Path, help="judgments file (default COLLECTION/qrels/test.tsv)")
    args = parser.parse_args(argv)
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        sys.stderr.write(f"relevance_variants.py: error: unknown variant {unknown[0]!r} (known: {', '.join(VARIANTS)})\n")
        return 2
    loaded = load("relevance_variants.py", args.collection, args.qrels)
    if loaded is None:
        return 2
    collection, queries = loaded
    parts = halves(collection)
    print(f"{args.collection}: {len(queries)} judged queries ({len(parts['odd'])} odd ids, {len(parts['even'])} even)")
    print("nDCG@10 / MAP (P@10 / R@100)")
    with tempfile.TemporaryDirectory(prefix="searchtool-variants-") as tmp:
        index_dir = Path(tmp) / "index"
        ids = ev.index_corpus(collection.corpus, index_dir)
        for name in args.variants or list(VARIANTS):
            run, seconds = run_variant(name, index_dir, queries, ids)
            cells = []
            for part, qrels in parts.items():
                m = ev.evaluate({q: run.get(q, []) for q in qrels}, qrels)
                cells.append(f"{part} {m['ndcg@10']:.4f} / {m['map']:.4f} ({m['p@10']:.4f} / {m['r@100']:.4f})")
            print(f"{name:16s} " + "   ".join(cells) + f"   {seconds:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

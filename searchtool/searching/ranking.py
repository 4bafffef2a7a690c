"""Ranking: the weighting model and the query preparation that search uses by default.

Measured on judged collections with ``benchmarks/relevance.py`` (figures and the reasoning behind
every constant in ``docs/ranking.md``). What ships:

* BM25F (k1 = 1.5, b = 0.75), in its proper form
  (:mod:`searchtool.searching.weighting`): a word searched in title and body is one term whose
  field frequencies are combined before saturation, with one idf, and each field's length is
  compared with its average over the records that have the field. Measured on Cranfield, CISI
  and CACM (docs/design/ranking.md, rounds 5 and 6): k1 1.5 gained on all three once the
  fields were combined; other k1 and b helped no collection consistently.
* In ranked any-word mode, question and function words of a natural-language query
  ("what", "which", "been", "how", ...) stop counting as evidence when the query has content
  words: they are matched by almost every long document and only dilute the ranking.
* Pseudo-relevance feedback (RM3): the top :data:`FEEDBACK_DOCS` documents of the query are read,
  their word distribution, each document weighted by P(q|d) (the likelihood of the user's words
  under its smoothed language model, as in Lavrenko and Croft's relevance model), gives
  :data:`EXPANSION_TERMS` more terms, mixed half and half with the user's query: each side's
  scores are divided by its best score over the reordered documents before they are added, so
  the half-and-half holds whatever the query's length and its words' rarity. The expansion
  searches title and body as the user's words do, each term one BM25F term over both fields
  (with Whoosh's per-field sum, matching titles too counted a term twice, so it searched the
  body only; measured in round 5 of docs/design/ranking.md).
  The expansion only reorders the query's best :data:`RERANK_DEPTH` documents.
* All-words searches are left to BM25F: feedback costs several times a plain search, and
  all-words queries are short and precise (see docs/ranking.md for the measurements).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from searchtool.index.analysis import fast_terms, query_terms
from searchtool.index.multilang import Tagged, language_of_term
from searchtool.index.store import body_of

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Iterable

from whoosh import query as wq

from searchtool.searching.queries import ScoredDocs, positive_terms
from searchtool.searching.scorer import scorer_for
from searchtool.searching.weighting import B, K1, FieldBM25F
from searchtool.searching.words import FUNCTION_WORDS, TEXT_FIELDS

#: Feedback documents read for the expansion (the standard RM3 setting).
FEEDBACK_DOCS = 10
#: Expansion terms added to the query.
EXPANSION_TERMS = 20
#: The query's best documents that the expansion reorders.
RERANK_DEPTH = 300
#: Share of the final query that is the user's own words (RM3's original-query weight).
ORIGINAL_WEIGHT = 0.5
#: Dirichlet smoothing of the language models that weigh the feedback documents by P(q|d).
DIRICHLET_MU = 1000.0
#: The fields the expansion terms search: both text fields, each term scored as one BM25F term
#: over them (+0.005 to +0.011 nDCG@10 on each of Cranfield, CISI and CACM over the body alone).
EXPANSION_FIELDS = ("title", "body")



def weighting():
    """The Whoosh weighting model for ranked search: per-field BM25F, k1 = 1.5, b = 0.75, each
    field's length compared with its average over the documents that have the field
    (:mod:`searchtool.searching.weighting`)."""
    return FieldBM25F(B=B, K1=K1, combine_fields=True)


def prepare(searcher, query, text: str, any_mode: bool, scorer=None):
    """The query to run for user text ``text`` already parsed to ``query``.

    All-words mode: unchanged. Any-word mode: function words are dropped when content words
    remain, then the pseudo-relevance-feedback expansion is added as an optional part that only
    reorders the query's best documents: the user's query keeps deciding which documents match,
    so counts stay true. Letting expansion terms add documents of their own measured the same
    on Cranfield and made every search score most of the index. ``scorer``: the engine's
    scorer (:func:`searchtool.searching.scorer.scorer_for`), which ranks the query and scores
    the expansion; without one, the searcher's is chosen here.
    """
    if query is None or not any_mode:
        return query
    query = drop_function_words(query, text, searcher.schema)
    expansion = expansion_query(searcher, query, scorer=scorer)
    if expansion is None:
        return query
    return wq.AndMaybe(query, expansion)


# ---------------------------------------------------------------------------------------------
# Query analysis


def user_terms(query) -> Counter:
    """The user's words as terms with their counts: a word searched in several fields counts once,
    a word typed twice counts twice (long natural-language queries repeat what matters)."""
    counts: Counter = Counter()

    def walk(node) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
        elif isinstance(node, (wq.Or, wq.And, wq.AndMaybe)) and not all(c.is_leaf() for c in node.children()):
            for child in node.children():
                walk(child)
        else:
            counts.update({t for _, t in positive_terms(node)})

    walk(query)
    return counts


def _unit_text(node) -> str | None:
    """The term of a plain word as the parser builds it (one term ORed over the text fields);
    in an index of several languages, its English term (the others carry a language code)."""
    if not isinstance(node, wq.Or) or not node.subqueries:
        return None
    subs = node.subqueries
    if not all(isinstance(s, wq.Term) for s in subs):
        return None
    subs = [s for s in subs if language_of_term(s.text) == "en"] or subs
    texts = {s.text for s in subs}
    if len(texts) != 1 or {s.fieldname for s in subs} != set(TEXT_FIELDS):
        return None
    return next(iter(texts))


def function_stems(text: str, schema) -> set[str]:
    """Terms of ``text`` that come only from function words (a content word's stem never counts)."""
    analyzer = schema["body"].analyzer
    function, content = set(), set()
    for word in _words(text):
        terms = query_terms(analyzer, word)
        (function if word.lower() in FUNCTION_WORDS else content).update(terms)
    return function - content


def drop_function_words(query, text: str, schema):
    """``query`` without the plain any-word alternatives that are function words.

    Only plain words are dropped: a phrase ("what about") or a field (``title:what``) is what
    the user asked for. Unchanged when nothing would remain (a query of function words only is
    taken literally) or when the query is not a list of alternatives.
    """
    if not isinstance(query, wq.Or) or len(query.subqueries) < 2:
        return query
    stops = function_stems(text, schema)
    if not stops:
        return query
    kept = [child for child in query.subqueries if _unit_text(child) not in stops]
    if not kept or len(kept) == len(query.subqueries):
        return query
    return kept[0] if len(kept) == 1 else wq.Or(kept, boost=query.boost)


def _words(text: str) -> Iterable[str]:
    return re.findall(r"\w+(?:['’]\w+)*", text)


# ---------------------------------------------------------------------------------------------
# Pseudo-relevance feedback


def document_terms(searcher, docnum: int, seen: dict | None = None) -> Counter:
    """Term counts of one document's title and body, analysed as the index analysed them.
    ``seen``: counts already made for a text, by text and language (the feedback documents of
    a collection with reprints are often copies of one statement: at 10x the UN speeches' ten
    best are two or three texts), given back for the same text without analysing it again."""
    stored = searcher.stored_fields(docnum)
    text = (stored.get("title") or "") + "\n" + body_of(searcher, docnum, stored)
    if seen is not None:
        key = (text, stored.get("lang"))
        if key not in seen:
            seen[key] = _text_terms(searcher, text, stored.get("lang"))
        return seen[key]
    return _text_terms(searcher, text, stored.get("lang"))


def _text_terms(searcher, text: str, lang) -> Counter:
    analyzer = searcher.schema["body"].analyzer
    fast = fast_terms(analyzer, Tagged(text, lang))
    if fast is not None:
        terms = fast[0]
        counts = Counter(terms)  # counted in C; the rare shared positions (a tuple) are split below
        shared = [t for t in counts if type(t) is tuple]
        for t in shared:
            n = counts.pop(t)
            for alt in t:
                counts[alt] += n
        return counts
    return Counter(t.text for t in analyzer(text))


def feedback_model(searcher, docnums: list[int], words: Counter, exclude: set[str]) -> list[tuple[str, float]]:
    """The RM3 relevance model of the feedback documents ``docnums`` for the user's ``words``:
    ``(term, probability)``, best first.

    Each document contributes its term distribution weighted by P(q|d), the likelihood of the
    user's words under the document's Dirichlet-smoothed language model (Lavrenko and Croft's
    relevance model). That weight falls off steeply below the documents that match the query
    best, so feedback listens mostly to them; weighting by the documents' shares of their BM25
    scores (nearly flat over the top 10) measured lower on both halves of Cranfield's queries.
    Function words (``exclude``) and one-letter terms are skipped.
    """
    seen: dict = {}
    counts = [document_terms(searcher, d, seen) for d in docnums]
    weights = query_likelihoods(searcher, counts, words)
    model: Counter = Counter()
    for doc, weight in zip(counts, weights):
        length = sum(doc.values())
        if not length or weight <= 0:
            continue
        for term, n in doc.items():
            if len(term) > 1 and term not in exclude:
                model[term] += weight * n / length
    best = sorted(model.items(), key=lambda kv: (-kv[1], kv[0]))[:EXPANSION_TERMS]
    norm = sum(p for _, p in best)
    return [(t, p / norm) for t, p in best] if norm > 0 else []


def query_likelihoods(searcher, docs: list[Counter], words: Counter) -> list[float]:
    """P(q|d) of each document (its term counts ``docs``), scaled so that the best is 1.

    Dirichlet smoothing with mu = :data:`DIRICHLET_MU` (the usual setting; 500-2000 measured
    within 0.001 nDCG@10 of each other): a document missing one of the words still gets a
    weight from the word's frequency in the collection. Empty when there is nothing to weigh.
    """
    if not docs:
        return []
    reader = searcher.reader()
    total = sum(reader.field_length(f) for f in TEXT_FIELDS) or 1
    background = {word: max(collection_frequency(searcher, word), 0.5) / total for word in words}
    logs = []
    for doc in docs:
        length = sum(doc.values())
        logs.append(
            sum(
                n * math.log((doc.get(word, 0) + DIRICHLET_MU * background[word]) / (length + DIRICHLET_MU))
                for word, n in words.items()
            )
        )
    best = max(logs)
    return [math.exp(x - best) for x in logs]


def collection_frequency(searcher, word: str) -> float:
    """Occurrences of ``word`` in the text fields, as the index weighs them.

    A title occurrence counts with the title's index-time boost (the postings store boosted
    weights), while the lengths that :func:`query_likelihoods` divides by count every word once.
    Counting each occurrence once instead measured mixed on Cranfield's halves (docs/ranking.md,
    round 4), so the index's own weights are kept.
    """
    reader = searcher.reader()
    return sum(reader.frequency(f, word) for f in TEXT_FIELDS if (f, word) in reader)


_STOP_STEMS: dict[int, set[str]] = {}


def _function_word_terms(schema) -> set[str]:
    analyzer = schema["body"].analyzer
    key = id(analyzer)
    if key not in _STOP_STEMS:
        _STOP_STEMS[key] = {t for w in FUNCTION_WORDS for t in query_terms(analyzer, w)}
    return _STOP_STEMS[key]


def expansion_query(searcher, query, words: Counter | None = None, scorer=None) -> Any:
    """The RM3 expansion of ``query`` as a :class:`ScoredDocs` over its best documents, or ``None``.

    The expansion terms are weighted by their feedback probability. The user's query counts
    ``ORIGINAL_WEIGHT`` (w) of the final score, the expansion the rest, each side normalised by
    its best score over the reordered documents (CombSUM with max normalisation): the document
    ends with ``orig + (1 - w) / w * best_orig * expansion / best_expansion``, which orders as
    ``w * orig / best_orig + (1 - w) * expansion / best_expansion``. Mixing by term weights
    instead (each of the user's n words ``w / n``) let the balance drift with the query: BM25
    scores grow with the number and rarity of its words, the expansion's do not in step, and
    normalising measured better on both halves of Cranfield's queries (docs/ranking.md).
    Only the query's best :data:`RERANK_DEPTH` documents are scored on
    the expansion, here, term by term: that bounds its cost on any collection size (scoring 20
    more terms on every matching document cost ten times a plain search), and documents further
    down are not ones a reader sees reordered. ``words`` are the user's words when ``query``
    does not show them (a query of fixed scores, as ``benchmarks/relevance_variants.py`` builds).
    """
    if words is None:
        words = user_terms(query)
    if not words:
        return None
    scorer = scorer or scorer_for(searcher)
    ranked = scorer.top(query, None, RERANK_DEPTH)[1]
    top = [docnum for docnum, _ in ranked]
    model = feedback_model(searcher, top[:FEEDBACK_DOCS], words, _function_word_terms(searcher.schema))
    if not model:
        return None
    expansion = expansion_scores(searcher, model, set(top), scorer)
    if not expansion or not top:
        return None
    best_original = ranked[0][1] or 1.0
    scale = (1 - ORIGINAL_WEIGHT) / ORIGINAL_WEIGHT * best_original / max(expansion.values())
    return ScoredDocs({d: scale * s for d, s in expansion.items()})


def expansion_scores(searcher, model: list[tuple[str, float]], candidates, scorer) -> Counter:
    """Each candidate document's score on the expansion terms of ``model`` (boost ``p`` each),
    from the scorer :func:`expansion_query` chose."""
    reader = searcher.reader()
    terms = []
    for term, p in model:
        fields = [wq.Term(f, term) for f in EXPANSION_FIELDS if (f, term) in reader]
        if fields:
            terms.append(wq.Or(fields, boost=p) if len(fields) > 1 else wq.Term(fields[0].fieldname, term, boost=p))
    return Counter(scorer.scores_of(wq.Or(terms), candidates)) if terms else Counter()

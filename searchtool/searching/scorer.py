"""Match and score a query from postings read a block at a time, not a document at a time.

Whoosh evaluates a query by walking a tree of matchers: for every candidate document each node
asks its children ``is_active``/``id``/``skip_to``/``score`` and each term scorer looks up the
document's field length in a column, all in Python. A plain word is searched in four fields
(title, body, speaker, post), so two or three words make a tree of a dozen matchers, and a
search spends ~10 us per matching document in that walk: 60-120 ms for a 2-3-word query on the
UN General Debate corpus, most of the whole search.

Here each term's postings are read whole, block by block, into a ``{docnum: weight}`` dict
(unpickling and summing deltas are done in C), matching is set algebra over those dicts' keys
(C again), and only the documents that match are scored, from a length table read once per
field. Scores are Whoosh's own: the same BM25F formula with the same statistics (idf, average
field length, the byte-coded lengths), boosts applied as Whoosh applies them; only the order in
which a document's field scores are added can differ, in the last bits of a float
(``tests/searching/test_scorer.py`` compares both on random queries).

Terms, phrases (from the positions read with the postings), AND, OR, AND NOT, NOT inside AND,
AND MAYBE, every document (filters alone) and fixed document scores (the ranking's feedback
part) are evaluated here; any other node (wildcards, fuzzy terms, ranges) is evaluated by
Whoosh's own matcher, once over the index, and joins the set algebra as one more scored leaf,
so every query takes the same path and totals are always exact. Where Whoosh's matchers are
wrong the set algebra is right: Whoosh's AND NOT can keep excluded documents, and it ignores a
boost on AND NOT (``tests/searching/test_scorer_query_forms.py``).
"""

from __future__ import annotations

from bisect import bisect_left
from heapq import nlargest
from itertools import compress, repeat
from operator import sub

import math

from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Iterable

from searchtool.index import bulkread
from searchtool.searching.queries import FastPhrase, ScoredDocs, phrase_ends
from searchtool.searching.weighting import FieldBM25F, average_length
from searchtool.searching.words import TEXT_FIELDS

#: Postings kept in memory between queries of one open index (the ranking and the fallback re-run
#: the user's words; a session of searches repeats them): ~100 bytes each, a phrase word's encoded
#: positions counting as one more; oldest terms go first.
CACHE_POSTINGS = 1_000_000


class _Leaf:
    """A term (or anything with fixed per-document scores): its documents, how to score one,
    and an upper bound of a document's score at factor 1 (``None``: unknown), given as a
    function when it takes a pass over the postings, and then made only when a bounded top k
    asks for it (an all-words search never does)."""

    __slots__ = ("docs", "_score", "_bound")

    def __init__(self, docs: dict, score, bound=None):
        self.docs = docs  # docnum -> posting weight (or final score)
        self._score = score  # (docs, out, factor) -> None, adds factor * score into out
        self._bound = bound  # a float, None, or a function giving one of them

    @property
    def bound(self) -> float | None:
        if callable(self._bound):
            self._bound = self._bound()
        return self._bound

    def add_scores(self, docs: Iterable[int], out: dict, factor: float) -> None:
        self._score(docs, out, factor)


class _FieldsTerm:
    """One word searched in several text fields, scored as one BM25F term (see
    :meth:`Scorer._fields_term`); made by the scorer from the parser's ``Or`` of field terms."""

    __slots__ = ("terms",)

    def __init__(self, terms: list):
        self.terms = terms


class _Union:
    __slots__ = ("children", "boost", "docs")

    def __init__(self, children: list, boost: float):
        self.children = children
        self.boost = boost
        self.docs = set().union(*(_keys(c) for c in children))

    @property
    def bound(self) -> float | None:
        return _sum_bound(self.children, self.boost)

    def add_scores(self, docs: set, out: dict, factor: float) -> None:
        factor *= self.boost
        for child in self.children:
            sub = _keys(child) & docs
            if sub:
                child.add_scores(sub, out, factor)


class _Intersection:
    __slots__ = ("children", "boost", "docs")

    def __init__(self, children: list, excluded: set, boost: float):
        self.children = children
        self.boost = boost
        ordered = sorted(children, key=lambda c: len(c.docs))
        docs = set(_keys(ordered[0]))
        for child in ordered[1:]:
            if not docs:
                break
            docs.intersection_update(_keys(child))
        if excluded:
            docs -= excluded
        self.docs = docs

    @property
    def bound(self) -> float | None:
        return _sum_bound(self.children, self.boost)

    def add_scores(self, docs, out: dict, factor: float) -> None:
        factor *= self.boost
        for child in self.children:
            child.add_scores(docs, out, factor)


class _Maybe:
    """AND MAYBE: the first child's documents; the second adds its score where it matches."""

    __slots__ = ("required", "optional", "boost", "docs")

    def __init__(self, required, optional, boost: float):
        self.required, self.optional, self.boost = required, optional, boost
        self.docs = required.docs

    @property
    def bound(self) -> float | None:
        return _sum_bound([self.required, self.optional], self.boost)

    def add_scores(self, docs, out: dict, factor: float) -> None:
        factor *= self.boost
        self.required.add_scores(docs, out, factor)
        sub = _keys(self.optional) & docs
        if sub:
            self.optional.add_scores(sub, out, factor)


_EMPTY = _Leaf({}, lambda docs, out, factor: None, 0.0)


def _sum_bound(children: list, boost: float) -> float | None:
    """The bound of a node that adds its children's scores times ``boost``."""
    if boost < 0:
        return None
    total = 0.0
    for child in children:
        b = child.bound
        if b is None:
            return None
        total += b
    return total * boost


#: Scoring a query's best documents skips those that cannot reach them when the query adds the
#: scores of at most this many parts (each word's text fields and the name fields it also
#: searches, and the expansion's part): the documents fall into groups by the parts they match,
#: built by set operations (a part of few documents splits few groups).
BOUNDED_PARTS = 16
#: Queries whose evaluation a scorer keeps (see ``Scorer._evaluated``).
EVALUATED_KEPT = 4
#: A bound is taken as this much larger, so that rounding in a document's score can never lift
#: it over a bound it is below (a score's relative rounding error is ~1e-15).
BOUND_MARGIN = 1.0 + 1e-9


def best_of(scores: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The ``k`` best of ``scores`` as ``(docnum, score)``: higher score first, a tie to the
    lower document number (Whoosh's order). The k-th best score is found among the bare
    floats first and only the documents at or above it are ordered (80,000 scores, k 300:
    6 against 16 ms for one ``nsmallest`` with a key)."""
    if k <= 0 or not scores:
        return []
    if len(scores) > k:
        threshold = nlargest(k, scores.values())[-1]
        candidates = [kv for kv in scores.items() if kv[1] >= threshold]
    else:
        candidates = list(scores.items())
    candidates.sort(key=lambda kv: (-kv[1], kv[0]))
    return candidates[:k]


def _size(found) -> int:
    """What a cache entry counts against :data:`CACHE_POSTINGS`: its postings, twice when it
    holds their positions too."""
    return 2 * len(found[0]) if isinstance(found, tuple) else len(found)


def _parts(node, factor: float) -> list[tuple[Any, float]] | None:
    """The parts whose scores ``node`` adds, each with the factor it is scored at, in the order
    ``node.add_scores`` adds them (a union's children; an AND MAYBE's required side's parts,
    then its optional side), or ``None`` for a node that is not such a sum."""
    if isinstance(node, _Union):
        f = factor * node.boost
        return [part for child in node.children for part in (_parts(child, f) or [(child, f)])]
    if isinstance(node, _Maybe):
        f = factor * node.boost
        return (_parts(node.required, f) or [(node.required, f)]) + (_parts(node.optional, f) or [(node.optional, f)])
    return None


def _keys(node):
    """A node's documents as a set-like view (a dict's keys, or the set itself)."""
    docs = node.docs
    return docs.keys() if isinstance(docs, dict) else docs


def whoosh_top(searcher, query, k: int, allow: set[int] | None = None) -> tuple[int, list[tuple[int, float]]]:
    """What :meth:`Scorer.top` gives, by Whoosh's own matchers: for weightings the scorer does
    not reproduce, and as the reference its tests compare with.

    Every match is scored: Whoosh's default search skips blocks that cannot reach the top and,
    once its heap is full, swaps in a "more efficient" matcher (``replace``), which drops
    documents, undercounts the total and can miss better ones.
    """
    from whoosh.collectors import (  # start-up: only Whoosh's own path
        FilterCollector,
        TopCollector,
    )

    if allow is not None and not allow:
        return 0, []  # Whoosh's FilterCollector takes an empty allow set for no filter at all
    top = TopCollector(limit=k, usequality=False, replace=0)
    searcher.search_with_collector(query, top if allow is None else FilterCollector(top, allow=allow))
    results = top.results()
    return top.total, [(results.docnum(i), results.score(i)) for i in range(results.scored_length())]


class Scorer:
    """Evaluates queries on one open searcher; build one per open index and reuse it."""

    #: Reads postings in bulk (see :class:`WhooshScorer`).
    bulk = True

    def __init__(self, searcher):
        self.searcher = searcher
        self._segments = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self._lengths: dict[str, Any] = {}
        self._cache: dict[tuple[str, Any, bool], Any] = {}
        self._cached = 0  # postings held by the cache
        # While scoring given documents (scores_of): those documents, sorted; postings are then
        # read only from the blocks that hold them (see _postings).
        self._within: list[int] | None = None
        # The last queries evaluated, by identity (the query object is kept, so its id stays its
        # own): the ranking's final query holds the user's query that its feedback evaluated,
        # which is not built again (7 ms of an any-word search at 10x).
        self._evaluated: dict[int, Matches] = {}
        #: Documents that are reprints of others (identical bodies): a phrase is checked once
        #: for each set of equal positions among them. The engine, which knows them, sets
        #: ``reprints_from``: they are read when an exact phrase first needs them, not by every
        #: search (on the UN speeches copied ten times the groups take ~100 ms to load).
        self._reprinted: Any = ()
        self.reprints_from: Any = None
        self._model = self._bm25_parameters(searcher.weighting)
        if self._model is None:
            raise ValueError(f"no fast scoring for {type(searcher.weighting).__name__}: use Whoosh's search")

    @property
    def reprinted(self) -> Any:
        """The documents that are reprints (a set-like of docnums; empty when none are known)."""
        if self.reprints_from is not None:
            self._reprinted, self.reprints_from = self.reprints_from(), None
        return self._reprinted

    @reprinted.setter
    def reprinted(self, docnums: Any) -> None:
        self._reprinted, self.reprints_from = docnums, None

    # -- public --------------------------------------------------------------------------------
    def evaluate(self, query) -> Matches:
        """``query`` evaluated once: what a search's page, total, facets and fallback all read
        (tantivy's collectors over one pass). A :class:`Matches` is returned as it is."""
        if isinstance(query, Matches):
            return query
        found = self._evaluated.get(id(query))
        if found is not None and found.query is query:
            return found
        found = Matches(query, self._node(query))
        if len(self._evaluated) >= EVALUATED_KEPT:
            del self._evaluated[next(iter(self._evaluated))]
        self._evaluated[id(query)] = found
        return found

    def top(self, query, allow: set[int] | None, k: int) -> tuple[int, list[tuple[int, float]]]:
        """Total matches and the best ``k`` as ``(docnum, score)``: higher score first, a tie
        to the lower document number (Whoosh's order). ``query`` may be a :class:`Matches`."""
        node = self.evaluate(query).node
        docs = self._allowed(node, allow)
        best = self._bounded_top(node, docs, k) if 0 < k < len(docs) else None
        if best is None:
            best = best_of(self.scores(node, docs), k)
        return len(docs), best

    def _bounded_top(self, node, docs: set[int], k: int) -> list[tuple[int, float]] | None:
        """The best ``k`` of ``docs`` (all matched by ``node``) without scoring the documents
        that cannot reach them, for a node that adds the scores of a few parts (an any-word
        query's words; those and the feedback's part); ``None`` for other nodes.

        The documents are grouped by the parts they match, each group bounded by the sum of
        its parts' bounds (a BM25 term stays below idf * (k1 + 1), its saturation limit); the
        groups are scored best bound first, each document from its parts in the node's order
        (the same additions as scoring it alone, so the same score), until the next group's
        bound is below the k-th best score found. Any document left out scores below that:
        the top k is exact, ties included. On the UN speeches copied ten times, the feedback's
        300 best of "nuclear disarmament" score the 42,150 documents with both words of its
        69,800 matches.
        """
        parts = _parts(node, 1.0)
        if parts is None or not 1 < len(parts) <= BOUNDED_PARTS:
            return None
        bounds = []
        for child, factor in parts:
            bound = child.bound
            if bound is None or factor < 0:
                return None
            bounds.append(bound * factor)
        groups = [((), docs)]
        for i, (child, _factor) in enumerate(parts):
            keys = _keys(child)
            split = []
            for members, group in groups:
                inside = keys & group  # iterates the smaller of the two
                if inside:
                    split.append((members + (i,), inside))
                if len(inside) < len(group):
                    split.append((members, group.difference(inside) if inside else group))
            groups = split
        ranked = sorted(((sum(bounds[i] for i in members) * BOUND_MARGIN, members, group) for members, group in groups),
                        key=lambda g: -g[0])
        out: dict[int, float] = {}
        threshold = None
        for bound, members, group in ranked:
            if threshold is not None and bound < threshold:
                break
            for i in members:
                child, factor = parts[i]
                child.add_scores(group, out, factor)
            if len(out) >= k:
                threshold = nlargest(k, out.values())[-1]
        return best_of(out, k)

    def docs(self, query, allow: set[int] | None = None, cache: bool = True) -> set[int]:
        """The documents ``query`` (or a :class:`Matches`) matches, within ``allow`` when given.
        ``cache=False`` for one-off reads of many terms (a facet's names), which would only evict
        useful ones."""
        if not cache:
            saved, self._cache, self._cached = (self._cache, self._cached), {}, 0
            try:
                return self._allowed(self.evaluate(query).node, allow)
            finally:
                self._cache, self._cached = saved
        return self._allowed(self.evaluate(query).node, allow)

    def scores(self, node, docs) -> dict[int, float]:
        """Each of ``docs`` (all matched by ``node``) with its score."""
        out: dict[int, float] = {}
        if docs:
            node.add_scores(docs if isinstance(docs, set) else set(docs), out, 1.0)
        return out

    def scores_of(self, query, docnums: Iterable[int]) -> dict[int, float]:
        """The score of each of ``docnums`` that ``query`` (or a :class:`Matches`) matches.

        A query not evaluated yet is evaluated on ``docnums`` alone: its terms' postings are read
        only from the blocks that hold one of them (the any-word ranking scores 20 expansion
        terms on 300 documents: on a large index most blocks of even a common word hold none).
        The scores are the same, statistics included (see :meth:`_fields_term`).
        """
        wanted = set(docnums)
        if isinstance(query, Matches):
            node = query.node
        else:
            self._within = sorted(wanted)
            try:
                node = self._node(query)
            finally:
                self._within = None
        return self.scores(node, _keys(node) & wanted)

    # -- evaluation ----------------------------------------------------------------------------
    @staticmethod
    def _allowed(node, allow: set[int] | None) -> set[int]:
        keys = _keys(node)
        return set(keys) if allow is None else keys & allow

    def _node(self, q):
        """``q`` evaluated: ``.docs`` (its matching documents) and ``.add_scores``."""
        done = self._evaluated.get(id(q))
        if done is not None and done.query is q:
            return done.node
        kind = type(q)
        if kind is wq.Term:
            return self._term(q.fieldname, q.text, q.boost)
        if kind is wq.Or and not q.scale and not q.minmatch:
            children = [self._node(c) for c in self._fields_combined(q.subqueries)]
            children = [c for c in children if c.docs]
            if not children:
                return _EMPTY
            if len(children) == 1 and q.boost == 1.0:
                return children[0]
            return _Union(children, q.boost)
        if kind is wq.And:
            positive, excluded = [], set()
            for c in q.subqueries:
                if type(c) is wq.Not:
                    excluded |= _keys(self._node(c.query))
                else:
                    positive.append(self._node(c))
            if not positive:
                return self._opaque(q)
            if any(not c.docs for c in positive):
                return _EMPTY
            return _Intersection(positive, excluded, q.boost)
        if kind is wq.AndNot:
            return _Intersection([self._node(q.a)], set(_keys(self._node(q.b))), q.boost)
        if kind is wq.AndMaybe:
            required = self._node(q.a)
            if not required.docs:
                return _EMPTY
            return _Maybe(required, self._node(q.b), q.boost)
        if q is wq.NullQuery:
            return _EMPTY
        if kind is wq.Every and q.fieldname in (None, "", "*"):
            return self._every(q.boost)
        if kind is ScoredDocs:
            return self._fixed(q.scores, q.boost)
        if kind is FastPhrase:
            return self._phrase(q)
        if kind is _FieldsTerm:
            return self._fields_term(q)
        return self._opaque(q)

    def _fixed(self, docs: dict, boost: float):
        """Documents with given scores (read, never changed: no copy needed)."""

        def add(sub, out, factor):
            f = factor * boost
            get = out.get
            for d in sub:
                out[d] = get(d, 0.0) + docs[d] * f

        return _Leaf(docs, add, (lambda: max(docs.values()) * boost if docs else 0.0) if boost >= 0 else None)

    def _every(self, boost: float):
        """Every live document, each scoring ``boost`` (Whoosh's ``Every``: filters alone)."""
        live: set[int] = set()
        for reader, offset in self._segments:
            n = reader.doc_count_all()
            docs = range(offset, offset + n)
            if reader.has_deletions():
                perdoc = getattr(reader, "_perdoc", None)
                deleted = perdoc.deleted_docs() if perdoc is not None else [d for d in range(n) if reader.is_deleted(d)]
                live.update(set(docs).difference(d + offset for d in deleted))
            else:
                live.update(docs)

        def add(sub, out, factor):
            f = boost * factor
            get = out.get
            for d in sub:
                out[d] = get(d, 0.0) + f

        return _Leaf(live, add, boost if boost >= 0 else None)  # type: ignore[arg-type]

    def _opaque(self, q):
        """Any other query, evaluated by Whoosh's matcher over every segment, once."""
        found: dict[int, float] = {}
        context = self.searcher.context()
        for sub, offset in self.searcher.leaf_searchers():
            m = q.matcher(sub, context)
            while m.is_active():
                found[offset + m.id()] = m.score()
                m.next()
        return self._fixed(found, 1.0)

    # -- terms ---------------------------------------------------------------------------------
    def _fields_combined(self, subqueries: list) -> list:
        """``subqueries`` with the terms of one word in several text fields (title and body, as
        the parser searches a plain word) replaced by one :class:`_FieldsTerm`, when the model
        combines fields (:class:`~searchtool.searching.weighting.FieldBM25F`)."""
        if not self._model[4]:
            return subqueries
        fields: dict[str, list] = {}
        for c in subqueries:
            if type(c) is wq.Term and c.fieldname in TEXT_FIELDS and isinstance(c.text, str):
                fields.setdefault(c.text, []).append(c)
        combined = {text: terms for text, terms in fields.items() if len({t.fieldname for t in terms}) == len(terms) > 1}
        if not combined:
            return subqueries
        out = []
        for c in subqueries:
            terms = combined.get(c.text) if type(c) is wq.Term and c.fieldname in TEXT_FIELDS else None
            if terms is None or c not in terms:
                out.append(c)
            elif c is terms[0]:
                out.append(_FieldsTerm(terms))
        return out

    def _fields_term(self, q: _FieldsTerm):
        """One word in several fields scored by BM25F proper (Robertson, Zaragoza and Taylor
        2004): each field's frequency, times the field's weight (its index-time boost, which the
        posting weights carry, times the term's boost), divided by the field's length
        normalisation, summed over the fields, then saturated once; one idf for the word, from
        the documents that have it in any of the fields (Whoosh's formula)."""
        k1, field_b, default_b, _field_average, _combine = self._model
        parts = []
        read, union = self._fields_within(q.terms) if self._within is not None else ({}, None)
        for term in q.terms:
            postings = read[term.fieldname] if read else self._postings(term.fieldname, term.text)
            if postings:
                b = field_b.get(term.fieldname, default_b)
                avgfl = average_length(self.searcher, term.fieldname)
                norm = [((1 - b) + b * byte_to_length(code) / avgfl) / term.boost for code in range(256)]
                parts.append((postings, norm, self._field_lengths(term.fieldname)))
        if not parts:
            return _EMPTY
        if len(parts) == 1:
            docs = parts[0][0]
        else:
            docs = dict.fromkeys(parts[0][0])
            for postings, _, _ in parts[1:]:
                docs.update(dict.fromkeys(postings))
        idf = math.log(self.searcher.doc_count_all() / ((len(docs) if union is None else union) + 1)) + 1
        k1p = k1 + 1

        def add(sub, out, factor):
            get = out.get
            for d in sub:
                tf = 0.0
                for postings, norm, lengths in parts:
                    w = postings.get(d)
                    if w is not None:
                        tf += w / norm[lengths[d]]
                out[d] = get(d, 0.0) + factor * idf * tf * k1p / (tf + k1)

        def bound():  # tf >= 0 saturates below k1 + 1: the bound holds for positive weights and normalisations
            positive = k1 >= 0 and idf > 0 and all(min(norm) > 0 and min(postings.values()) >= 0 for postings, norm, _ in parts)
            return idf * k1p if positive else None

        return _Leaf(docs, add, bound)

    def _fields_within(self, terms: list) -> tuple[dict, int | None]:
        """For :meth:`_fields_term` while scoring given documents: each field's postings within
        the documents, and the exact number of documents that have the word in any of the
        fields, which the idf needs: the most common field's document frequency plus the rarer
        fields' documents it lacks (the rarer fields are read whole for that, unless the most
        common field has the word in every document: a template word of every title, such as
        "assembly" in the UN speeches' "Address of ... to the General Assembly"). Whether the
        common field holds a rarer field's document is asked of its block headers first (a
        block whose count fills its id range holds them all). ``({}, None)`` (read everything)
        when a segment has deletions: document frequencies count deleted documents, the
        postings read here do not."""
        if any(reader.has_deletions() for reader, _offset in self._segments):
            return {}, None
        reader = self.searcher.reader()
        frequency = {t.fieldname: reader.doc_frequency(t.fieldname, t.text) for t in terms}
        common = max(terms, key=lambda t: frequency[t.fieldname])
        wanted = self._within
        read = {}
        if frequency[common.fieldname] >= self.searcher.doc_count_all():
            for t in terms:
                read[t.fieldname] = self._postings(t.fieldname, t.text, wanted)
            return read, frequency[common.fieldname]
        rarer: set[int] = set()
        for t in terms:
            if t is not common:
                read[t.fieldname] = self._postings(t.fieldname, t.text)
                rarer.update(read[t.fieldname])
        whole = self._cache.get((common.fieldname, common.text, False))
        if whole is not None:
            found, absent = whole, len(rarer.difference(whole))
        else:
            found, absent = self._read_within(common.fieldname, common.text, wanted, sorted(rarer.difference(wanted)))
            absent += sum(1 for d in rarer.intersection(wanted) if d not in found)
        read[common.fieldname] = found
        return read, frequency[common.fieldname] + absent

    def _term(self, fieldname: str, text, boost: float):
        schema = self.searcher.schema
        if fieldname in schema:
            try:
                schema[fieldname].to_bytes(text)
            except ValueError:  # no value of the field (a word for a number): Whoosh's Term matches nothing
                return _EMPTY
        postings = self._postings(fieldname, text, self._within)
        if not postings:
            return _EMPTY
        return self._term_leaf(fieldname, text, boost, postings)

    def _postings(self, fieldname: str, text, within: list[int] | None = None, positions: bool = False):
        """A term's ``{docnum: weight}`` (and, with ``positions``, its ``{docnum: encoded
        positions}`` too), from the cache or read now; with ``within`` (sorted docnums), at
        least the postings of those documents (read only from the blocks that hold them, and
        not cached: the whole postings, when cached, serve as well)."""
        key = (fieldname, text, positions)
        found = self._cache.get(key)
        if found is None and within is not None and not positions:
            return self._read_within(fieldname, text, within)[0]
        if found is None:
            if positions:
                values: dict = {}
                found = (self._read_postings(fieldname, text, values), values)
                self._remember((fieldname, text, False), found[0])
            else:
                found = self._read_postings(fieldname, text)
            self._remember(key, found)
        return found

    def _remember(self, key, found) -> None:
        size = _size(found)
        cache = self._cache
        while cache and self._cached + size > CACHE_POSTINGS:
            self._cached -= _size(cache.pop(next(iter(cache))))
        if key not in cache and size <= CACHE_POSTINGS:
            cache[key] = found
            self._cached += size

    def _phrase(self, q):
        """Words in order, at most ``slop`` positions apart, in one field; scored as Whoosh
        scores a phrase: the sum of its words' scores (the AND of its words), times its boost.
        The position test is :func:`~searchtool.searching.queries.phrase_ends`, as ``FastPhrase``'s;
        an exact phrase first checks the words with the fewest documents."""
        fieldname, slop = q.fieldname, q.slop
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None or not field.format or not field.format.supports("positions"):
            return self._opaque(q)  # Whoosh reports what is wrong with it
        words = list(q.words)
        if not words:
            return _EMPTY
        found = [self._postings(fieldname, w, positions=True) for w in words]
        if any(not weights for weights, _ in found):
            return _EMPTY
        leaves = [self._term_leaf(fieldname, w, 1.0, weights) for w, (weights, _) in zip(words, found)]
        node = _Intersection(leaves, set(), q.boost)
        decode = field.format.decode_positions
        kept = set()
        if slop == 1:
            # Exact phrase: word k sits at start + k. The words with the fewest documents are
            # checked first, so that a document without the phrase is usually dropped after
            # decoding two position lists rather than all of them. searchtool's positions are
            # shifted while decoded; another format's are decoded, then shifted (map of sub).
            order = sorted(range(len(words)), key=lambda k: len(found[k][0]))
            shifted = getattr(field.format, "shifted_positions", None) or _decoded_then_shifted(decode)
            kept = _exact_phrase_docs(node.docs, [found[k][1] for k in range(len(words))], order, shifted, self.reprinted)
        else:
            for d in node.docs:
                if phrase_ends((decode(encoded[d]) for _, encoded in found), slop):
                    kept.add(d)
        node.docs = kept
        return node if kept else _EMPTY

    def _read_postings(self, fieldname: str, text, values: dict | None = None) -> dict[int, float]:
        """``{docnum: weight}`` of a term; its encoded positions go into ``values`` when given."""
        out: dict[int, float] = {}
        for reader, offset in self._segments:
            m, deleted = self._matcher(reader, fieldname, text)
            if m is None:
                continue
            encoded: list | None = [] if values is not None else None
            ids, weights = bulkread.postings(m, encoded)
            if offset:
                ids = [i + offset for i in ids]
            out.update(zip(ids, weights))
            if values is not None:
                values.update(zip(ids, encoded))
            for d in deleted:
                out.pop(d + offset, None)
                if values is not None:
                    values.pop(d + offset, None)
        return out

    def _read_within(self, fieldname: str, text, within: list[int], check: list[int] | None = None) -> tuple[dict[int, float], int]:
        """``{docnum: weight}`` of a term in the documents ``within`` (sorted docnums), read only
        from the blocks that hold them, and how many of the documents ``check`` (sorted, none in
        ``within``; asked of an index without deletions) lack the term."""
        out: dict[int, float] = {}
        absent = 0
        for reader, offset in self._segments:
            end = offset + reader.doc_count_all()
            local = [d - offset for d in within[bisect_left(within, offset) : bisect_left(within, end)]]
            local_check = [d - offset for d in check[bisect_left(check, offset) : bisect_left(check, end)]] if check else []
            if not local and not local_check:
                continue
            m, deleted = self._matcher(reader, fieldname, text)
            if m is None:  # the segment lacks the term: so do its checked documents
                absent += len(local_check)
                continue
            ids, weights, missing = bulkread.postings_within(m, local, local_check)
            absent += missing
            out.update(zip([i + offset for i in ids] if offset else ids, weights))
            for d in deleted:
                out.pop(d + offset, None)
        return out, absent

    @staticmethod
    def _matcher(reader, fieldname: str, text) -> tuple[Any, Any]:
        """The term's leaf matcher in one segment and the segment's deleted documents among its
        postings (Whoosh wraps the matcher to skip them), or ``(None, ())`` without the term."""
        if (fieldname, text) not in reader:
            return None, ()
        m = reader.postings(fieldname, text)
        if type(m).__name__ == "FilterMatcher" and getattr(m, "_exclude", False):
            return m.child, m._ids
        return m, ()

    def _term_leaf(self, fieldname: str, text, boost: float, postings: dict):
        """A term's leaf: BM25F scores, or, in a field without lengths (not scorable), the
        posting weights themselves, as Whoosh's ``WeightScorer`` gives."""
        if not self.searcher.schema[fieldname].scorable:
            return self._fixed(postings, boost)
        return _Leaf(postings, *self._bm25(fieldname, text, boost, postings))

    def _bm25(self, fieldname: str, text, boost: float, postings: dict):
        searcher = self.searcher
        k1, field_b, default_b, field_average, _combine = self._model
        b = field_b.get(fieldname, default_b)
        idf = searcher.idf(fieldname, text)
        avgfl = average_length(searcher, fieldname) if field_average else (searcher.avg_field_length(fieldname) or 1)
        lengths = self._field_lengths(fieldname)
        # Whoosh's bm25(): idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))), with
        # the length part precomputed for each of the 256 length codes.
        norm = [k1 * ((1 - b) + b * byte_to_length(code) / avgfl) for code in range(256)]
        k1p = k1 + 1

        def add(sub, out, factor):
            f = boost * factor
            get = out.get
            if f == 1.0:  # the usual case: no multiplication per document
                for d in sub:
                    tf = postings[d]
                    out[d] = get(d, 0.0) + idf * ((tf * k1p) / (tf + norm[lengths[d]]))
            else:
                for d in sub:
                    tf = postings[d]
                    out[d] = get(d, 0.0) + idf * ((tf * k1p) / (tf + norm[lengths[d]])) * f

        def bound():  # (tf * k1p) / (tf + norm) stays below k1 + 1 for tf > 0, norm >= 0
            positive = k1 >= 0 and idf > 0 and boost >= 0 and min(norm) >= 0 and min(postings.values()) > 0
            return idf * k1p * boost if positive else None

        return add, bound

    @staticmethod
    def _bm25_parameters(weighting):
        """``(K1, {field: B}, B, field averages, fields combined)`` of Whoosh's BM25F or
        searchtool's :class:`~searchtool.searching.weighting.FieldBM25F` (averages over the
        documents that have the field; a word's fields combined), ``None`` for any other model."""
        if type(weighting) not in (BM25F, FieldBM25F) or getattr(weighting, "use_final", False):
            return None
        ours = type(weighting) is FieldBM25F
        return weighting.K1, dict(getattr(weighting, "_field_B", {})), weighting.B, ours, ours and weighting.combine_fields

    def _field_lengths(self, fieldname: str):
        """Every document's length code in ``fieldname`` (index-wide numbers), read once."""
        table = self._lengths.get(fieldname)
        if table is None:
            parts = []
            for reader, _offset in self._segments:
                n = reader.doc_count_all()
                parts.append(bulkread.field_lengths(reader, fieldname, n))
            table = parts[0] if len(parts) == 1 else b"".join(bytes(p) for p in parts)
            self._lengths[fieldname] = table
        return table


def supports(searcher) -> bool:
    """Whether :class:`Scorer` reproduces ``searcher``'s weighting model."""
    return Scorer._bm25_parameters(searcher.weighting) is not None


class Matches:
    """A query evaluated once on an open index, as the scorer that evaluated it keeps it (the
    bulk scorer: its node tree, scores computed on demand; Whoosh's: its documents). Whoever
    needs the query's matches again (the page, the total, facets, a date sort's scores, the
    fallback) hands this to the scorer's methods instead of the query."""

    __slots__ = ("query", "node")

    def __init__(self, query, node) -> None:
        self.query, self.node = query, node


class WhooshScorer:
    """The scorer interface on Whoosh's own matchers: for weighting models :class:`Scorer` does
    not reproduce (benchmark variants), and the reference the bulk scorer is tested against.
    Same methods, same results; slower (about 10 µs a match for a plain word, see
    docs/design/search-speed.md)."""

    #: Reads postings in bulk (the speaker facet's shortcut pays only then).
    bulk = False

    def __init__(self, searcher):
        self.searcher = searcher

    def evaluate(self, query) -> Matches:
        """``query`` with its documents found once (Whoosh scores on demand)."""
        if isinstance(query, Matches):
            return query
        return Matches(query, set(self.searcher.docs_for_query(query)))

    def top(self, query, allow: set[int] | None, k: int) -> tuple[int, list[tuple[int, float]]]:
        return whoosh_top(self.searcher, _query_of(query), k, allow)

    def docs(self, query, allow: set[int] | None = None, cache: bool = True) -> set[int]:
        matched = self.evaluate(query).node
        return set(matched) if allow is None else matched & allow

    def scores_of(self, query, docnums: Iterable[int]) -> dict[int, float]:
        wanted = set(docnums)
        if not wanted:
            return {}
        results = self.searcher.search(_query_of(query), limit=len(wanted), filter=wanted)
        return {hit.docnum: hit.score for hit in results}


def _query_of(query):
    return query.query if isinstance(query, Matches) else query


def scorer_for(searcher) -> "Scorer | WhooshScorer":
    """The scorer for an open searcher, chosen once: the bulk :class:`Scorer` where it reproduces
    the weighting model (BM25F, what searchtool ships), else Whoosh's own."""
    return Scorer(searcher) if supports(searcher) else WhooshScorer(searcher)


def _decoded_then_shifted(decode):
    """``shifted(value, k)`` for a positions format without its own: decode, then subtract k."""
    return lambda value, k: map(sub, decode(value), repeat(k))


def _exact_phrase_docs(docs, encoded: list[dict], order: list[int], shifted, reprinted=()) -> set[int]:
    """The documents of ``docs`` where the words, whose encoded positions by document are
    ``encoded`` (in phrase order), stand next to each other in that order. ``order``: the words
    to check first (the fewest documents); ``shifted(value, k)``: a word's positions minus k.

    Documents in ``reprinted`` whose words sit at exactly the same positions (the same encoded
    values) are checked once, and the rest of that loop runs in C (``zip``, ``set``,
    ``compress``): on the UN speeches copied ten times, the seven phrases of the benchmark
    checked 290,000 reprints one by one in 250 ms. Other documents are checked directly, in a
    loop run by ``filter``: remembering every check cost a fifth more on a collection without
    reprints."""
    first, last = order[0], (order[-1] if len(order) > 1 else None)
    middle = order[1:-1]

    def phrase_in(values: tuple) -> bool:
        """Whether the words stand in order, ``values`` their encoded positions by word."""
        starts = set(shifted(values[first], first))
        for k in middle:
            starts.intersection_update(shifted(values[k], k))
            if not starts:
                return False
        # the last word only has to meet one start: isdisjoint stops at the first
        return bool(starts) and (last is None or not starts.isdisjoint(shifted(values[last], last)))

    def values_of(docs_list: list[int]):
        """Each document's encoded positions by word, made lazily in C."""
        return zip(*[map(values.__getitem__, docs_list) for values in encoded])

    if not isinstance(docs, (set, frozenset)):
        docs = set(docs)
    once = docs & reprinted if reprinted else set()
    alone = list(docs - once) if once else list(docs)
    kept = set(compress(alone, map(phrase_in, values_of(alone))))
    if once:
        once_list = list(once)
        keys = list(values_of(once_list))
        holding = set(filter(phrase_in, set(keys)))
        kept.update(compress(once_list, map(holding.__contains__, keys)))
    return kept

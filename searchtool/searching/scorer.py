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
from heapq import nsmallest
from itertools import repeat
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
    """A term (or anything with fixed per-document scores): its documents and how to score one."""

    __slots__ = ("docs", "_score")

    def __init__(self, docs: dict, score):
        self.docs = docs  # docnum -> posting weight (or final score)
        self._score = score  # (docs, out, factor) -> None, adds factor * score into out

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

    def add_scores(self, docs, out: dict, factor: float) -> None:
        factor *= self.boost
        self.required.add_scores(docs, out, factor)
        sub = _keys(self.optional) & docs
        if sub:
            self.optional.add_scores(sub, out, factor)


_EMPTY = _Leaf({}, lambda docs, out, factor: None)


def _size(found) -> int:
    """What a cache entry counts against :data:`CACHE_POSTINGS`: its postings, twice when it
    holds their positions too."""
    return 2 * len(found[0]) if isinstance(found, tuple) else len(found)


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
        #: Documents that are reprints of others (identical bodies): a phrase is checked once
        #: for each set of equal positions among them (set by the engine, which knows them).
        self.reprinted: Any = ()
        self._model = self._bm25_parameters(searcher.weighting)
        if self._model is None:
            raise ValueError(f"no fast scoring for {type(searcher.weighting).__name__}: use Whoosh's search")

    # -- public --------------------------------------------------------------------------------
    def evaluate(self, query) -> Matches:
        """``query`` evaluated once: what a search's page, total, facets and fallback all read
        (tantivy's collectors over one pass). A :class:`Matches` is returned as it is."""
        if isinstance(query, Matches):
            return query
        return Matches(query, self._node(query))

    def top(self, query, allow: set[int] | None, k: int) -> tuple[int, list[tuple[int, float]]]:
        """Total matches and the best ``k`` as ``(docnum, score)``: higher score first, a tie
        to the lower document number (Whoosh's order). ``query`` may be a :class:`Matches`."""
        node = self.evaluate(query).node
        docs = self._allowed(node, allow)
        scores = self.scores(node, docs)
        best = nsmallest(k, scores.items(), key=lambda kv: (-kv[1], kv[0])) if k > 0 else []
        return len(docs), best

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

        return _Leaf(docs, add)

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

        return _Leaf(live, add)  # type: ignore[arg-type]

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

        return _Leaf(docs, add)

    def _fields_within(self, terms: list) -> tuple[dict, int | None]:
        """For :meth:`_fields_term` while scoring given documents: each field's postings, read
        whole for the fields where the word is rarer and only within the documents (and the
        rarer fields' documents) for the field where it is most common, and the exact number of
        documents that have the word in any of the fields, which the idf needs: the most common
        field's document frequency plus the rarer fields' documents it lacks. ``({}, None)``
        (read everything) when a segment has deletions: document frequencies count deleted
        documents, the postings read here do not."""
        if any(reader.has_deletions() for reader, _offset in self._segments):
            return {}, None
        reader = self.searcher.reader()
        frequency = {t.fieldname: reader.doc_frequency(t.fieldname, t.text) for t in terms}
        common = max(terms, key=lambda t: frequency[t.fieldname])
        read, rarer = {}, set()
        for t in terms:
            if t is not common:
                read[t.fieldname] = self._postings(t.fieldname, t.text)
                rarer.update(read[t.fieldname])
        within = sorted(rarer.union(self._within)) if rarer else self._within
        read[common.fieldname] = self._postings(common.fieldname, common.text, within)
        return read, frequency[common.fieldname] + sum(1 for d in rarer if d not in read[common.fieldname])

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
            return self._read_postings(fieldname, text, within=within)
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
            # decoding two position lists rather than all of them.
            # A start s survives word k when s + k is one of its positions: the start set is
            # intersected with the positions shifted by k, both made in C (map of sub).
            order = sorted(range(len(words)), key=lambda k: len(found[k][0]))
            shifted = getattr(field.format, "shifted_positions", None)
            if shifted is not None:  # searchtool's positions: shifted while decoded, in C
                kept = _exact_phrase_docs(node.docs, [found[k][1] for k in range(len(words))], order, shifted,
                                          self.reprinted)
            else:
                first, rest = order[0], [(repeat(k), found[k][1]) for k in order[1:]]
                encoded_first, shift_first = found[first][1], repeat(first)
                for d in node.docs:
                    starts = set(map(sub, decode(encoded_first[d]), shift_first))
                    for shift, encoded in rest:
                        starts.intersection_update(map(sub, decode(encoded[d]), shift))
                        if not starts:
                            break
                    if starts:
                        kept.add(d)
        else:
            for d in node.docs:
                if phrase_ends((decode(encoded[d]) for _, encoded in found), slop):
                    kept.add(d)
        node.docs = kept
        return node if kept else _EMPTY

    def _read_postings(
        self, fieldname: str, text, values: dict | None = None, within: list[int] | None = None
    ) -> dict[int, float]:
        """``{docnum: weight}`` of a term; its encoded positions go into ``values`` when given;
        with ``within`` (sorted docnums), only the postings of those documents."""
        out: dict[int, float] = {}
        for reader, offset in self._segments:
            local = None
            if within is not None:
                end = offset + reader.doc_count_all()
                local = [d - offset for d in within[bisect_left(within, offset) : bisect_left(within, end)]]
                if not local:
                    continue
            if (fieldname, text) not in reader:
                continue
            m = reader.postings(fieldname, text)
            deleted = None
            if type(m).__name__ == "FilterMatcher" and getattr(m, "_exclude", False):
                deleted, m = m._ids, m.child
            encoded: list | None = [] if values is not None else None
            if local is not None:
                ids, weights = bulkread.postings_within(m, local)
            else:
                ids, weights = bulkread.postings(m, encoded)
            if offset:
                ids = [i + offset for i in ids]
            out.update(zip(ids, weights))
            if values is not None:
                values.update(zip(ids, encoded))
            if deleted:
                for d in deleted:
                    out.pop(d + offset, None)
                    if values is not None:
                        values.pop(d + offset, None)
        return out

    def _term_leaf(self, fieldname: str, text, boost: float, postings: dict):
        """A term's leaf: BM25F scores, or, in a field without lengths (not scorable), the
        posting weights themselves, as Whoosh's ``WeightScorer`` gives."""
        if not self.searcher.schema[fieldname].scorable:
            return self._fixed(postings, boost)
        return _Leaf(postings, self._bm25(fieldname, text, boost, postings))

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

        return add

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


def _exact_phrase_docs(docs, encoded: list[dict], order: list[int], shifted, reprinted=()) -> set[int]:
    """The documents of ``docs`` where the words, whose encoded positions by document are
    ``encoded`` (in phrase order), stand next to each other in that order. ``order``: the words
    to check first (the fewest documents); ``shifted(value, k)``: a word's positions minus k.

    Documents in ``reprinted`` whose words sit at exactly the same positions (the same encoded
    values) are checked once: on the UN speeches copied ten times, a phrase checks a tenth of
    its candidates (405 -> 195 ms for "security council reform"). Other documents are checked
    directly: remembering every check cost a fifth more on a collection without reprints."""
    first, middle, last = order[0], order[1:-1], (order[-1] if len(order) > 1 else None)

    def check(key) -> bool:
        starts = set(shifted(key[first], first))
        for k in middle:
            starts.intersection_update(shifted(key[k], k))
            if not starts:
                return False
        # the last word only has to meet one start: isdisjoint stops at the first
        return bool(starts) and (last is None or not starts.isdisjoint(shifted(key[last], last)))

    seen: dict[tuple, bool] = {}
    kept = set()
    if len(encoded) == 2:
        a, b = encoded
        pairs = ((d, (a[d], b[d])) for d in docs)
    else:
        pairs = ((d, tuple([values[d] for values in encoded])) for d in docs)
    for d, key in pairs:
        if d in reprinted:
            found = seen.get(key)
            if found is None:
                found = seen[key] = check(key)
        else:
            found = check(key)
        if found:
            kept.add(d)
    return kept

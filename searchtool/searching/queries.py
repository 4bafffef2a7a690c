"""searchtool's own Whoosh query classes, and the walks over a query tree that several stages share.

A leaf of :mod:`searchtool.searching`: the query builder makes :class:`FastPhrase` nodes, the
ranking makes :class:`ScoredDocs`, and the scorer evaluates both; keeping them here (as tantivy
keeps a query's parts in one folder) is what lets those three modules import this one and not
each other. :func:`positive_leaves` is the one reading of "what the query asks for", which the
ranking's feedback and the highlighter share.
"""

from __future__ import annotations

from whoosh import matching
from whoosh.query import AndNot, MultiTerm, Not, Phrase, Term
from whoosh.query.qcore import Query, QueryError
from whoosh.query.spans import Span, SpanNear2

from searchtool.searching.words import TEXT_FIELDS

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Iterator


def positive_leaves(query: Query, fields: tuple[str, ...] = TEXT_FIELDS) -> Iterator[Query]:
    """The leaves of ``query`` that ask for words of the text fields (or of ``fields``), in the query's order:
    ``Term`` (with a text term), ``Phrase`` (``FastPhrase``) and ``MultiTerm`` (prefix,
    wildcard, fuzzy: not expanded here).

    What is under a ``Not``, or on the excluded side of an ``AndNot``, is left out: it describes
    what the user does not want, so it must neither steer the feedback nor be highlighted.
    """
    if isinstance(query, Not):
        return
    if isinstance(query, AndNot):
        yield from positive_leaves(query.a, fields)
        return
    if isinstance(query, Term):
        if query.fieldname in fields and isinstance(query.text, str):
            yield query
        return
    if isinstance(query, (Phrase, MultiTerm)):
        if getattr(query, "fieldname", None) in fields:
            yield query
        return
    for child in query.children():
        yield from positive_leaves(child, fields)


def positive_terms(query: Query) -> list[tuple[str, str]]:
    """``(field, term)`` of every word the query asks for in the text fields, repeats kept: the
    terms and the phrases' words of :func:`positive_leaves` (prefix, wildcard and fuzzy parts
    stand for no word of their own)."""
    out: list[tuple[str, str]] = []
    for leaf in positive_leaves(query):
        if isinstance(leaf, Term):
            out.append((leaf.fieldname, leaf.text))
        elif isinstance(leaf, Phrase):
            out.extend((leaf.fieldname, w) for w in leaf.words if isinstance(w, str))
    return out


def phrase_ends(position_lists, slop: int) -> set[int]:
    """Positions of a phrase's last word: each word follows the one before it within ``slop``
    positions (1: the very next position, an exact phrase). ``position_lists`` holds one list of
    positions per word, in the phrase's order; it is read lazily, so a chain that breaks early
    decodes no more lists. Both the Whoosh matcher below and the bulk scorer ask this."""
    current: set[int] | None = None
    for positions in position_lists:
        if current is None:
            current = set(positions)
        elif slop == 1:
            current = {p for p in positions if p - 1 in current}
        else:
            current = {p for p in positions if any(p - d in current for d in range(1, slop + 1))}
        if not current:
            return set()
    return current or set()


# --------------------------------------------------------------------------------------------
# Phrases: Whoosh's own phrase matcher builds a Span object for every position of every word in
# every candidate document, which costs 100-400 ms for a common phrase over 10,000 long speeches.
# The same test on plain position lists with sets is several times faster; documents, order and
# scores are the same (the score of the intersection of the words' matchers, as in Whoosh).


class FastPhraseMatcher(SpanNear2.SpanNear2Matcher):
    """Whoosh's phrase matcher with the position test of :func:`phrase_ends`."""

    def _get_spans(self):
        ends = phrase_ends((m.value_as("positions") for m in self.ms), self.slop)
        return [Span(p) for p in sorted(ends)]


class FastPhrase(Phrase):
    """A Whoosh ``Phrase`` whose matcher checks positions with :func:`phrase_ends`."""

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            raise QueryError(f"Phrase search: {fieldname!r} field has no positions")
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, word) not in reader:
                return matching.NullMatcher()
            terms.append(Term(fieldname, word))
        m = FastPhraseMatcher([t.matcher(searcher, context) for t in terms], slop=self.slop)
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


class ScoredDocs(Query):
    """A query that matches fixed documents (index-wide numbers) with fixed scores.

    Whoosh asks each segment for its own matcher, with segment-local numbers: the segment's
    offset in the index is subtracted here.
    """

    def __init__(self, scores: dict[int, float]):
        self.scores = {d: s for d, s in scores.items() if s > 0}
        self.boost = 1.0

    def __eq__(self, other):
        return type(other) is type(self) and other.scores == self.scores

    def __hash__(self):
        return hash(tuple(sorted(self.scores)))

    def __repr__(self):
        return f"ScoredDocs({len(self.scores)} documents)"

    def estimate_size(self, ixreader):
        return len(self.scores)

    def matcher(self, searcher, context=None):
        offset = 0
        for sub, off in searcher.get_parent().leaf_searchers():
            if sub is searcher:
                offset = off
                break
        end = offset + searcher.doc_count_all()
        ids = sorted(d for d in self.scores if offset <= d < end)
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher([d - offset for d in ids], weights=[self.scores[d] for d in ids])

"""The index side of turns: each word a person said, as a term of the ``said`` field.

``said:price "north korea"`` must find the briefings in which Price's turns hold the phrase and
be as fast as ``speaker:price "north korea"``. Two designs were weighed: a child document per
turn (Whoosh's nested documents), which puts ~12,000 more documents beside 2,031 statements and
makes every other search, count, facet and filter exclude them; and one more text field on the
statement, which this is. Each word of a turn is indexed as ``stem + SEP + speaker key``
("korea\x1fprice"), at the word's position in the turn, turns separated by a gap of
:data:`TURN_GAP` positions so that no phrase spans two turns. ``said:price "north korea"`` is then
one phrase over two terms, read like any other (the bulk scorer's postings, a phrase test on
positions), and the speakers who said a word are the terms that start with ``word + SEP``: a
prefix scan of the lexicon, which ``--facet said`` counts.

The key is :func:`searchtool.names.speaker_key` of the turn's resolved speaker or label: spelling
free ("MR. PRICE", "MR PRICE" and "Ned Price" are ``price``) and independent of the people
registry, which maps a person to keys when a query is built. Changing the registry therefore
rebuilds nothing.

A turn's words are analysed as the statement's title and body are (the same
:class:`~searchtool.index.multilang.LanguageAnalyzer`, the turn text tagged with the record's
language), so a ``said:`` query's words become the same terms as its body words: ``said:лавров
переговоры`` is ``ru:переговор`` spoken by ``lavrov``, and finds "переговорах" in his turn.
"""

from __future__ import annotations

from collections import defaultdict
from operator import sub

from whoosh import formats
from whoosh.fields import TEXT

from searchtool.index.analysis import fast_terms
from searchtool.index.postings import CompactPositions, encode_deltas

#: Separates a word's stem from the speaker key in a ``said`` term.
SEP = "\x1f"
#: The fields that hold turns (absent from an index built before them).
TURN_FIELDS = ("said", "turn_keys", "said_names", "hasturns", "turns")
#: Positions left empty between two turns: larger than any phrase slop a user types.
TURN_GAP = 100


def said_term(stem: str, key: str) -> str:
    """The ``said`` term for word ``stem`` spoken by ``key``."""
    return stem + SEP + key


def split_said_term(term: str) -> tuple[str, str]:
    """``("korea", "price")`` for ``"korea\\x1fprice"``."""
    stem, _, key = term.partition(SEP)
    return stem, key


class SaidText(TEXT):
    """A text field indexed from ``[(speaker key, turn text), ...]`` (see the module docstring),
    positions in the compact format of the other text fields."""

    def __init__(self, *args, **kwargs):
        TEXT.__init__(self, *args, **kwargs)
        if type(self.format) is formats.Positions:
            self.format = CompactPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if isinstance(value, str):
            value = [("", value)]
        poses: dict[str, list[int]] = defaultdict(list)
        base = 0
        for key, text in value:
            found = fast_terms(self.analyzer, text)
            if found is None:  # not a chain fast_terms reproduces: Whoosh's own tokens
                kept = [t.text for t in self.analyzer(text)]
                first = 0
            else:
                kept, first = found
            for pos, term in enumerate(kept, base + first):
                for alt in term if type(term) is tuple else (term,):  # a surname and its stem share a position
                    poses[said_term(alt, key)].append(pos)
            base += first + len(kept) + TURN_GAP
        boost = self.format.field_boost
        out = []
        for term, pl in poses.items():
            n = len(pl)
            out.append((term.encode("utf-8"), n, n * boost, encode_deltas(list(map(sub, pl, [0, *pl])))))
        return out

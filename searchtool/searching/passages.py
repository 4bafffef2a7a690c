"""Passages: the turns of the best-matching statements, ranked on their own (``--passages``).

A statement-level search finds the candidates (the :data:`CANDIDATES` best statements of the
query, within the filters); each candidate is cut into its turns (a statement without turns is
one turn by its credited speakers), and each turn that holds the query's words is scored by BM25
over the turn's own words: a term's frequency in the turn, its rarity in the index (the body
field's document frequency) and the turn's length against the candidates' average turn. A
phrase counts only where the whole phrase stands in the turn. ``said:``/``asked:`` keep only the
turns of those speakers, or the questions (:class:`searchtool.searching.turnquery.TurnFilter`).

Turns are scored from their text, not from postings: a passage index would double the postings
of every transcript for what a page of results needs from a few hundred statements.
"""

from __future__ import annotations

import math

from searchtool.index.analysis import fast_terms
from searchtool.index.multilang import Tagged
from searchtool.paragraphs import paragraphs
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

#: Statements whose turns are ranked (the best of the statement-level ranking).
CANDIDATES = 200
_K1, _B = 1.2, 0.75


class TurnSpan(Value):
    """One turn of a stored statement: its values (see :class:`searchtool.record.Turn`) and its
    words (the label taken off its first paragraph)."""

    __slots__ = ("n", "first", "last", "label", "role", "person", "key", "text")

    def __init__(self, n: int, first: int, last: int, label: str, role: str, person: str, key: str, text: str) -> None:
        Value.__init__(self, n, first, last, label, role, person, key, text)

    @property
    def speaker(self) -> str:
        return self.person or self.label

    def to_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "label": self.label, "role": self.role, "n": self.n,
                "paragraphs": [self.first, self.last]}


def stored_turns(stored: dict, body: str) -> list[TurnSpan]:
    """The turns of a stored statement; without turns, one turn by its credited speakers."""
    paras = paragraphs(body)
    rows = stored.get("turns") or []
    if not rows:
        speakers = list(stored.get("speakers") or [])
        return [TurnSpan(1, 1, max(1, len(paras)), "", "official" if speakers else "other", "; ".join(speakers), "", body)]
    out = []
    for n, first, last, label, role, person, key in rows:
        lines = paras[first - 1 : last]
        if lines and label:
            head = lines[0]
            cut = head.find(":", len(label))
            lines[0] = head[cut + 1 :].lstrip() if cut >= 0 else head
        out.append(TurnSpan(n, first, last, label, role, person, key, "\n".join(lines)))
    return out


def turn_places(stored: dict) -> list[TurnSpan]:
    """The stored turns of a statement without their words (``text`` empty): where each turn is
    and whose it is, for a caller that only places offsets in turns (kwic), without cutting the
    body into every turn's text."""
    return [TurnSpan(n, first, last, label, role, person, key, "") for n, first, last, label, role, person, key in stored.get("turns") or []]


def turn_at(turns: list[TurnSpan], paragraph: int) -> TurnSpan | None:
    """The turn that holds ``paragraph``."""
    for turn in turns:
        if turn.first <= paragraph <= turn.last:
            return turn
    return None


def _phrase_count(positions: dict[str, list[int]], words: tuple[str, ...], slop: int) -> int:
    current = set(positions.get(words[0], ()))
    for word in words[1:]:
        nxt = positions.get(word, ())
        current = {p for p in nxt if any(p - d in current for d in range(1, slop + 1))}
        if not current:
            return 0
    return len(current)


def rank_turns(engine, candidates: list[int], highlighter, turn_filter, analyzer) -> list[tuple[float, int, TurnSpan]]:
    """``(score, docnum, turn)`` of every turn of ``candidates`` that holds the query's words
    (and that ``turn_filter`` admits), best first."""
    reader = engine.searcher.reader()
    n_docs = max(1, engine.doc_count())
    terms, phrases = highlighter.terms, highlighter.phrases
    idf: dict[str, float] = {}

    def idf_of(term: str) -> float:
        if term not in idf:
            df = reader.doc_frequency("body", term)
            idf[term] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        return idf[term]

    found = []
    for docnum in candidates:
        stored = engine.searcher.stored_fields(docnum)
        for turn in stored_turns(stored, engine.body(docnum, stored)):
            if not turn.key and turn.label == "" and stored.get("turns"):
                continue  # the preamble before the first label
            if turn_filter is not None and stored.get("turns") and not turn_filter.admits(turn.key, turn.role):
                continue
            text = Tagged(turn.text, stored.get("lang"))  # the statement's language, as indexed
            analysed = fast_terms(analyzer, text)
            kept = analysed[0] if analysed else [t.text for t in analyzer(text)]
            positions: dict[str, list[int]] = {}
            for pos, term in enumerate(kept):
                for alt in term if type(term) is tuple else (term,):  # a surname and its stem share a position
                    positions.setdefault(alt, []).append(pos)
            found.append((docnum, turn, positions, len(kept)))
    if not found:
        return []
    avg = sum(n for *_, n in found) / len(found) or 1.0
    ranked = []
    for docnum, turn, positions, length in found:
        # A turn shorter than half the average is scored as that long: one-line turns ("Iran?
        # Yes, Iran.") would otherwise outrank the answers that say something.
        norm = _K1 * (1 - _B + _B * max(length, avg / 2) / avg)
        score = 0.0
        for term in terms:
            tf = len(positions.get(term, ()))
            if tf:
                score += idf_of(term) * tf * (_K1 + 1) / (tf + norm)
        for words, slop in phrases:
            tf = _phrase_count(positions, words, slop)
            if tf:
                score += sum(idf_of(w) for w in words) * tf * (_K1 + 1) / (tf + norm)
        if score > 0 or (not terms and not phrases):
            ranked.append((score, docnum, turn))
    ranked.sort(key=lambda item: (-item[0], item[1], item[2].n))
    return ranked

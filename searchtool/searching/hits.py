"""Hits: a page of ranked documents as the values the user sees, and a heading for any record."""

from __future__ import annotations

from searchtool.dates import from_int
from searchtool.paragraphs import paragraph_of, paragraph_starts
from searchtool.searching.highlight import Fragment
from searchtool.searching.passages import stored_turns, turn_at
from searchtool.searching.request import Hit, SearchRequest
from searchtool.searching.saidfacet import key_names

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

#: Metadata that identifies an untitled record, in order of preference (the first one present).
LABEL_FIELDS = ("headline", "subject", "name", "country", "organisation", "organization", "agency", "source")
#: Words of the body that stand in for a title when nothing else identifies a record.
LABEL_WORDS = 12


def record_label(stored: dict[str, Any], body: str) -> str:
    """A heading for a record: its title, else its first identifying metadata field with the
    year ("Canada, 1950" for a UN speech), else the opening words of its text."""
    title = (stored.get("title") or "").strip()
    if title:
        return title
    fields = {str(k).strip().lower(): v for k, v in (stored.get("fields") or {}).items()}
    year = stored.get("year") or fields.get("year")
    for key in LABEL_FIELDS:
        value = str(fields.get(key) or "").strip()
        if value:
            return f"{value}, {year}" if year and str(year) not in value else value
    words = body[: LABEL_WORDS * 20].split()
    if words:
        more = len(words) > LABEL_WORDS or len(body) > LABEL_WORDS * 20
        return " ".join(words[:LABEL_WORDS]) + (" …" if more else "")
    return "(untitled)"



def build_hits(engine, ranked, request: SearchRequest, highlighter) -> list[Hit]:
    """The page's hits from ``(docnum, score)`` pairs: stored values, snippet, heading."""
    hits = []
    first_rank = (request.page - 1) * request.limit + 1
    for i, (docnum, score) in enumerate(ranked):
        stored = engine.searcher.stored_fields(docnum)
        fragments: list[Any] = []
        if highlighter is not None:
            body = engine.body(docnum, stored)
            fragments = whose_turn(highlighter.fragments(body), stored, body)
        hits.append(_hit(engine, first_rank + i, docnum, stored, score, fragments, highlighter))
    return hits


def _hit(engine, rank: int, docnum: int, stored: dict[str, Any], score, fragments: list, highlighter, turn=None) -> Hit:
    """One hit of the page: the statement's stored values, its fragments, and for a passage its turn."""
    title = stored.get("title") or ""
    return Hit(
        rank=rank,
        id=stored.get("id", ""),
        score=None if score is None else float(score),
        title=title,
        date=from_int(stored.get("date")),
        speakers=list(stored.get("speakers") or []),
        type=stored.get("type") or "",
        path=stored.get("path") or "",
        url=stored.get("url"),
        snippet=highlighter.plain(fragments) if highlighter is not None else "",
        fragments=fragments,
        docnum=docnum,
        label=title or record_label(stored, engine.body(docnum, stored)),
        recno=stored.get("recno"),
        date_precision=stored.get("date_precision"),
        turn=turn,
        people=attributions(engine.people, stored),
        lang=stored.get("lang"),
    )


def attributions(people, stored: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Who the statement's speakers are, by the people registry (``None`` without one)."""
    if people is None:
        return None
    day = from_int(stored.get("date"))
    found = (people.attribute(name, day) for name in stored.get("speakers") or [])
    return [a.to_json() for a in found if a is not None]


def whose_turn(fragments: list[Fragment], stored: dict[str, Any], body: str) -> list[Fragment]:
    """Fragments of a transcript, each opening with the label of the turn it was taken from
    ("[MR PRICE] ..."), unless it starts at that label already."""
    if not stored.get("turns") or not fragments:
        return fragments
    starts = paragraph_starts(body)
    turns = stored_turns(stored, body)
    out = []
    for frag in fragments:
        para = paragraph_of(starts, frag.start)
        turn = turn_at(turns, para)
        at_label = turn is not None and para == turn.first and frag.start == starts[para - 1]
        if turn is None or not turn.label or at_label:
            out.append(frag)
        else:
            out.append(Fragment([(f"[{turn.label}] ", False)] + list(frag.parts), frag.start, frag.end, frag.leading, frag.trailing))
    return out


def passage_hits(engine, ranked, request: SearchRequest, highlighter) -> list[Hit]:
    """The page's passages from ``(score, docnum, turn)``: the statement's values, the turn, a
    snippet from the turn's own words."""
    hits = []
    first_rank = (request.page - 1) * request.limit + 1
    speaker_names = key_names(engine.searcher.reader()) if ranked else {}
    for i, (score, docnum, turn) in enumerate(ranked):
        stored = engine.searcher.stored_fields(docnum)
        fragments: list[Any] = []
        paragraph = turn.first
        if highlighter is not None:
            fragments = highlighter.fragments(turn.text)
            spans = highlighter.spans(turn.text)
            if spans:
                paragraph = turn.first + turn.text.count("\n", 0, spans[0][0])
        info = turn.to_json()
        info["paragraph"] = paragraph
        if not turn.person and turn.key and turn.role != "question":
            # a label the statement's own speakers did not resolve ("MR PRICE" in a release the
            # feed credits to the office): the name written for that key across the index, or
            # the registry's person
            info["speaker"] = speaker_names.get(turn.key, info["speaker"])
            if engine.people is not None:
                info["speaker"] = engine.people.display(turn.key, info["speaker"])
        hits.append(_hit(engine, first_rank + i, docnum, stored, score, fragments, highlighter, info))
    return hits

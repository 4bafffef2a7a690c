"""Hits: a page of ranked documents as the values the user sees, and a heading for any record."""

from __future__ import annotations

from searchtool.dates import from_int
from searchtool.searching.request import Hit, SearchRequest

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
        snippet = ""
        if highlighter is not None:
            fragments = highlighter.fragments(engine.body(docnum, stored))
            snippet = highlighter.plain(fragments)
        date_value = stored.get("date")
        title = stored.get("title") or ""
        hits.append(
            Hit(
                rank=first_rank + i,
                id=stored.get("id", ""),
                score=None if score is None else float(score),
                title=title,
                date=from_int(date_value),
                speakers=list(stored.get("speakers") or []),
                type=stored.get("type") or "",
                path=stored.get("path") or "",
                url=stored.get("url"),
                snippet=snippet,
                fragments=fragments,
                docnum=docnum,
                label=title or record_label(stored, engine.body(docnum, stored)),
                recno=stored.get("recno"),
                date_precision=stored.get("date_precision"),
            )
        )
    return hits

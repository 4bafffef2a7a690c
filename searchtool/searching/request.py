"""A search as the user asked for it, and what comes back: the values the engine and the CLI share.

Plain value classes (no Whoosh): the CLI builds a :class:`SearchRequest` from its options, the
engine answers with a :class:`SearchResult` of :class:`Hit` values, and output prints them.
"""

from __future__ import annotations

import datetime as _dt

from searchtool.doctypes import DOC_TYPES, doc_type
from searchtool.errors import UsageError
from searchtool.languages import SUPPORTED, normalise_lang
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

#: Sort orders the user may ask for.
SORTS = ("relevance", "date", "-date")
#: Fields that ``--facet`` can count by.
FACETS = ("speaker", "type", "year", "said", "lang")

#: Most hits one page may hold.
MAX_LIMIT = 1000



def split_facets(values) -> tuple[str, ...]:
    """``--facet`` values, repeatable and comma-separated (``--facet speaker,year``)."""
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


class SearchRequest(Value):
    """One search as the user asked for it (strings as typed; validated by the engine).

    ``sort``: relevance, date or -date; ``facets``: speaker, type, year, lang; ``lang``: only
    statements in this language; ``snippets=False`` for
    evaluation runs; ``fallback``: when all words find nothing or too few, ranked any-word
    matching, and the result says so; ``new``: only statements the last ``index`` run added;
    ``collapse``: one hit per duplicate cluster (the others listed under it); ``passages``: hits
    are turns, not statements (:mod:`searchtool.searching.passages`).
    """

    __slots__ = ("query", "speaker", "type", "since", "until", "sort", "limit", "page", "any", "facets", "snippets", "fallback",
                 "new", "collapse", "passages", "lang")

    def __init__(
        self,
        query: str,
        speaker: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        sort: str = "relevance",
        limit: int = 10,
        page: int = 1,
        any: bool = False,
        facets: tuple[str, ...] = (),
        snippets: bool = True,
        fallback: bool = True,
        new: bool = False,
        collapse: bool = True,
        passages: bool = False,
        lang: str | None = None,
    ) -> None:
        Value.__init__(self, query, speaker, type, since, until, sort, limit, page, any, facets, snippets, fallback, new, collapse,
                       passages, lang)


class Hit(Value):
    """One hit. ``label``: what to call the statement on screen (its title, or for an untitled
    record its identifying metadata or opening words, see :func:`record_label`); ``recno``: the
    record number within a multi-record source file (JSON Lines, CSV), else ``None``; ``turn``:
    for a passage (``--passages``), the turn: speaker, label, role, n, paragraphs, and the
    paragraph where its match is; ``people``: with a people registry, who the speakers are
    (:meth:`searchtool.people.Attribution.to_json`: by name, or by a role and the date); ``lang``: the
    statement's language code (``ru``), ``None`` when unknown or in an index older than languages."""

    __slots__ = ("rank", "id", "score", "title", "date", "speakers", "type", "path", "url", "snippet", "fragments",
                 "docnum", "label", "recno", "date_precision", "turn", "people", "duplicates", "lang")

    def __init__(
        self,
        rank: int,
        id: str,
        score: float | None,
        title: str,
        date: _dt.date | None,
        speakers: list[str],
        type: str,
        path: str,
        url: str | None,
        snippet: str,
        fragments: list[Any],
        docnum: int,
        label: str = "",
        recno: int | None = None,
        date_precision: str | None = None,
        turn: dict | None = None,
        people: list | None = None,
        duplicates: list[Any] | None = None,
        lang: str | None = None,
    ) -> None:
        duplicates = [] if duplicates is None else duplicates  # Duplicate values folded under this hit
        Value.__init__(self, rank, id, score, title, date, speakers, type, path, url, snippet, fragments, docnum, label, recno,
                       date_precision, turn, people, duplicates, lang)


class Duplicate(Value):
    """A statement folded under a hit (``search`` collapses duplicate clusters): ``kind`` is
    ``identical`` (same normalised body) or ``near`` (estimated Jaccard ``similarity``)."""

    __slots__ = ("id", "title", "date", "kind", "similarity")

    def __init__(self, id: str, title: str, date: _dt.date | None, kind: str, similarity: float) -> None:
        Value.__init__(self, id, title, date, kind, similarity)


class SearchResult(Value):
    """A page of hits with the total and what the search did. ``highlighter``: the match plan,
    so that ``show`` and the renderer can mark the title too."""

    __slots__ = ("query", "total", "page", "limit", "hits", "facets", "fallback_used", "suggestions", "elapsed_ms",
                 "notes", "highlighter")

    def __init__(
        self,
        query: str,
        total: int,
        page: int,
        limit: int,
        hits: list[Hit],
        facets: dict[str, list[tuple[str, int]]],
        fallback_used: bool,
        suggestions: list[str],
        elapsed_ms: float,
        notes: list[str] | None = None,
        highlighter: Any = None,
    ) -> None:
        notes = [] if notes is None else notes
        Value.__init__(self, query, total, page, limit, hits, facets, fallback_used, suggestions, elapsed_ms, notes, highlighter)


def check_type(value: str) -> None:
    """``--type`` must name a document type (a typo would silently find nothing)."""
    if doc_type(value) is None:
        raise UsageError(f"unknown --type {value!r}", hint="use one of: " + ", ".join(DOC_TYPES))


def check_lang(value: str) -> str:
    """``--lang`` must name a language (a code, ``ru-RU``, ``Russian``): the code."""
    code = normalise_lang(value)
    if code is None:
        raise UsageError(f"unknown --lang {value!r}", hint="use a language code: " + ", ".join(SUPPORTED))
    return code


def validate(request: SearchRequest) -> None:
    if request.sort not in SORTS:
        raise UsageError(f"unknown sort {request.sort!r}", hint="use relevance, date or -date")
    if not 1 <= request.limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be 1 to {MAX_LIMIT}, not {request.limit}")
    if request.page < 1:
        raise UsageError(f"--page must be 1 or more, not {request.page}")
    for name in request.facets:
        if name not in FACETS:
            raise UsageError(f"unknown facet {name!r}", hint="use " + ", ".join(FACETS[:-1]) + " or " + FACETS[-1])

"""The statements a query and its filters select, as ``search`` would count them, unranked.

``timeline``, ``kwic`` and ``collocates`` analyse every match rather than a page of the best:
they parse the query with the engine's parser and apply the engine's filters
(:meth:`Engine.filter_docs`, from the same :class:`SearchRequest` the CLI builds for ``search``),
so every field and filter the query language and the request grow works here with no more code.
What they leave out is ranking and the any-word fallback: an analysis counts what the query
says, and a fallback would count statements without the words.
"""

from __future__ import annotations

from whoosh import query as wq

from searchtool.errors import UsageError
from searchtool.index.analysis import term_text
from searchtool.searching import ranking
from searchtool.searching.request import SearchRequest, validate
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from searchtool.searching.build import ParsedQuery
    from searchtool.searching.engine import Engine


class Selection(Value):
    """A query's matches: ``parsed`` (the query as read), ``allowed`` (what the filters admit,
    ``None`` for everything), ``matched`` (docnums: the query's matches among them), ``query``
    (the Whoosh query that matched, ``None`` for filters alone)."""

    __slots__ = ("text", "parsed", "allowed", "matched", "query")

    def __init__(self, text: str, parsed: ParsedQuery, allowed: set[int] | None, matched: set[int], query) -> None:
        Value.__init__(self, text, parsed, allowed, matched, query)


def with_query(request: SearchRequest, text: str) -> SearchRequest:
    """``request`` with another query: one request's filters applied to several queries."""
    values = {name: getattr(request, name) for name in SearchRequest.__slots__}
    values["query"] = text
    return SearchRequest(**values)


def select(engine: Engine, request: SearchRequest) -> Selection:
    """The statements ``request`` matches (its query within its filters); errors as ``search``
    raises them (an empty query, a bad filter, a syntax error)."""
    validate(request)
    parsed = engine.parse(request.query, request.any)
    allowed = engine.filter_docs(request, parsed.date_span, parsed.year_span)
    query = parsed.query
    if query is None:
        if allowed is None:
            if not request.query.strip():
                raise UsageError("empty query", hint='type some words, e.g. "nato council"')
            # Only stop words (which the index leaves out), or only operators: search would list
            # nothing and say so; an analysis of nothing is a mistake worth a clear error.
            why = "only words the index leaves out (stop words)" if parsed.notes else "no words to search for"
            raise UsageError(f"the query {request.query!r} has {why}", hint='type some words, e.g. "nato council"')
        return Selection(request.query, parsed, allowed, set(allowed) & engine.live_docs(), None)
    if request.any:
        query = ranking.drop_function_words(query, request.query, engine.schema)
    return Selection(request.query, parsed, allowed, engine.matching_docs(query, allowed), query)


def split_groups(engine: Engine, matched: set[int], base: set[int], split: str | None, top: int):
    """``((split, value), member docnums)`` for the ``top`` values of ``split`` (speaker or
    type) with most ``matched`` statements, members within ``base``; one ``(None, base)``
    without a split. A statement of several speakers is in each one's group."""
    if split is None:
        yield None, base
        return
    counts: list[tuple[int, str, set[int]]] = []
    for value, members in _values(engine, split, base):
        hits = len(matched & members)
        if hits:
            counts.append((hits, value, members))
    counts.sort(key=lambda x: (-x[0], x[1]))
    for _hits, value, members in counts[:top]:
        yield (split, value), members


def _values(engine: Engine, split: str, base: set[int]):
    """Every value of ``split`` with the documents (within ``base``) that have it: speakers
    from the postings of ``speaker_names`` (names as written), types from the type column."""
    reader = engine.searcher.reader()
    if split == "speaker":
        for raw in reader.lexicon("speaker_names"):
            name = term_text(raw)
            yield name, engine.scorer.docs(wq.Term("speaker_names", name), base, cache=False)
        return
    groups: dict[str, set[int]] = {}
    if reader.has_column("type"):
        column = reader.column_reader("type")
        for d in base:
            groups.setdefault(term_text(column[d]) or "other", set()).add(d)
    else:
        for d in base:
            groups.setdefault(engine.searcher.stored_fields(d).get("type") or "other", set()).add(d)
    yield from groups.items()

"""Run searches against an index: the library API behind ``searchtool search`` and evaluation.

:class:`Engine` opens the index once and answers many queries (the evaluation harness and the
benchmarks reuse it); :func:`search` is the one-shot form the CLI uses. Filters (speaker, type,
dates) narrow the matching documents without touching scores: dates are compared against the
index's sortable ``date`` column, read once per engine as one integer array, which costs a few
milliseconds where a ``NumericRange`` over thousands of distinct days costs tens.
"""

from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

from searchtool.index.columns import DateColumn
from searchtool.searching.scorer import scorer_for
from searchtool.index.damage import reports_damage
from searchtool.dates import from_int
from searchtool.searching.datequery import DateSpan, since_span, until_span
from searchtool.doctypes import DOC_TYPES, doc_type
from searchtool.errors import UsageError
from searchtool.values import Value

#: Sort orders the user may ask for.
SORTS = ("relevance", "date", "-date")
#: Fields that ``--facet`` can count by.
FACETS = ("speaker", "type", "year")

#: The AND->OR fallback rule (see :func:`needs_fallback`): queries with at least this many
#: words or phrases fall back when all-words matching finds fewer than FALLBACK_MIN_HITS.
FALLBACK_MIN_UNITS = 3
FALLBACK_MIN_HITS = 10
#: Most hits one page may hold.
MAX_LIMIT = 1000


def split_facets(values) -> tuple[str, ...]:
    """``--facet`` values, repeatable and comma-separated (``--facet speaker,year``)."""
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def fallback_note(and_total: int) -> str:
    """What the user is told when the any-word fallback ran."""
    if and_total == 0:
        return "no statement has all the words; showing statements with any of them, best first"
    have = "statement has" if and_total == 1 else "statements have"
    return f"only {and_total} {have} all the words (listed first); then statements with any of them"


def needs_fallback(and_total: int, unit_count: int) -> bool:
    """Whether an all-words result is too thin, so that ranked any-word matching should run.

    Applies only to plain queries (words and phrases without operators, signs, groups or
    fields, see :attr:`ParsedQuery.plain`): a query with operators already says what it wants.

    Rule: no hit at all for two or more words; or less than a page (``FALLBACK_MIN_HITS``) for
    a longer natural-language query (``FALLBACK_MIN_UNITS`` words or more), where demanding every
    word is the likely reason. The statements that do have every word stay on top, the any-word
    hits follow (measured on Cranfield: docs/ranking.md, "Natural-language fallback"). A single
    word gains nothing from OR, and two words with a few hits are usually a precise question that
    the user wants answered exactly.
    """
    if unit_count < 2:
        return False
    if and_total == 0:
        return True
    return unit_count >= FALLBACK_MIN_UNITS and and_total < FALLBACK_MIN_HITS


class SearchRequest(Value):
    """One search as the user asked for it (strings as typed; validated by the engine).

    ``sort``: relevance, date or -date; ``facets``: speaker, type, year; ``snippets=False`` for
    evaluation runs; ``fallback``: when all words find nothing or too few, ranked any-word
    matching, and the result says so.
    """

    __slots__ = ("query", "speaker", "type", "since", "until", "sort", "limit", "page", "any", "facets", "snippets", "fallback")

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
    ) -> None:
        Value.__init__(self, query, speaker, type, since, until, sort, limit, page, any, facets, snippets, fallback)


class Hit(Value):
    """One hit. ``label``: what to call the statement on screen (its title, or for an untitled
    record its identifying metadata or opening words, see :func:`record_label`); ``recno``: the
    record number within a multi-record source file (JSON Lines, CSV), else ``None``."""

    __slots__ = ("rank", "id", "score", "title", "date", "speakers", "type", "path", "url", "snippet", "fragments",
                 "docnum", "label", "recno")

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
    ) -> None:
        Value.__init__(self, rank, id, score, title, date, speakers, type, path, url, snippet, fragments, docnum, label, recno)


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


class Engine:
    """An open index ready for many queries; use as a context manager or call :meth:`close`."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._open()

    @reports_damage
    def _open(self) -> None:
        from searchtool.index.whoosh_boot import import_whoosh_quickly

        import_whoosh_quickly()
        from searchtool.searching import ranking
        from searchtool.index.store import open_index

        self._ix = open_index(self.index_dir)
        self.searcher = self._ix.searcher(weighting=ranking.weighting())
        self.schema = self._ix.schema
        self._ranking = ranking
        self._dates: DateColumn | None = None
        self._years: DateColumn | None = None
        self._extra: list[str] | None = None
        self._scorer: Any = None

    @property
    def scorer(self):
        """Matches and scores (:mod:`searchtool.searching.scorer`): the bulk-postings scorer, or
        Whoosh's own for a weighting it does not reproduce; chosen once per open index."""
        if self._scorer is None:
            self._scorer = scorer_for(self.searcher)
        return self._scorer

    def clear_cache(self) -> None:
        """Forget the postings read by earlier searches (benchmarks time each search afresh)."""
        self._scorer = None

    def matching_docs(self, query, allow: set[int] | None = None) -> set[int]:
        """Every document ``query`` matches (within ``allow`` when given)."""
        return self.scorer.docs(query, allow)

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self) -> None:
        self.searcher.close()

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- lazily loaded parts --------------------------------------------------------------------
    @property
    def dates(self) -> DateColumn:
        if self._dates is None:
            self._dates = DateColumn(self.searcher)
        return self._dates

    @property
    def years(self) -> DateColumn:
        """The ``year`` column: from the date, or a numeric ``year`` field of an undated record."""
        if self._years is None:
            self._years = DateColumn(self.searcher, "year")
        return self._years

    @property
    def extra_fields(self) -> list[str]:
        if self._extra is None:
            self._extra = sorted(n for n in self.searcher.reader().indexed_field_names() if n.startswith("x_"))
        return self._extra

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    # -- the search -----------------------------------------------------------------------------
    def parse(self, text: str, any_mode: bool):
        from searchtool.searching.query import parse_query

        return parse_query(text, self.schema, extra_fields=self.extra_fields, any_mode=any_mode, reader=self.searcher.reader())

    def filter_docs(
        self, request: SearchRequest, date_span: DateSpan | None, year_span: DateSpan | None = None
    ) -> set[int] | None:
        """The documents the filters admit, or ``None`` when nothing is filtered."""
        from whoosh import query as wq

        from searchtool.searching.query import parse_query

        span = date_span
        if request.since and request.until:
            since, until = since_span(request.since), until_span(request.until)
            if since.start is not None and until.end is not None and since.start > until.end:
                raise UsageError(
                    f"--since {request.since} is after --until {request.until}", hint="give the earlier date to --since"
                )
        for text, make in ((request.since, since_span), (request.until, until_span)):
            if text:
                extra = make(text)
                span = extra if span is None else span.intersect(extra)
        docs: set[int] | None = None
        if span is not None:
            docs = self.dates.docs_in(span)
        if year_span is not None:
            in_years = self.years.docs_in(year_span)
            docs = in_years if docs is None else docs & in_years
        field_queries = []
        for name, value in (("speaker", request.speaker), ("type", request.type)):
            if value is None:
                continue
            clean = " ".join(value.replace('"', " ").split())
            if not clean:
                raise UsageError(f"--{name} needs a value", hint=f"e.g. --{name} " + ("lavrov" if name == "speaker" else "comment"))
            if name == "type":
                _check_type(clean)
            parsed = parse_query(f'{name}:"{clean}"', self.schema)
            if parsed.query is None:
                return set()
            field_queries.append(parsed.query)
        if field_queries:
            docs = self.matching_docs(wq.And(field_queries) if len(field_queries) > 1 else field_queries[0], docs)
        return docs

    @reports_damage
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        _validate(request)
        parsed = self.parse(request.query, request.any)
        docs = self.filter_docs(request, parsed.date_span, parsed.year_span)
        filtered = docs is not None
        notes = list(parsed.notes)
        if parsed.query is None and not filtered:
            if not request.query.strip():
                raise UsageError("empty query", hint='type some words, e.g. searchtool search "nato council"')
            if not notes:  # only operators and punctuation: nothing was meant to be searched
                raise UsageError(
                    f"the query {request.query!r} has no words to search for",
                    hint='type some words, e.g. searchtool search "nato council"',
                )
            return self._result(request, started, [], 0, {}, False, [], notes, None)

        from whoosh import query as wq

        text_query = parsed.query
        query = text_query if text_query is not None else wq.Every()
        sort = request.sort
        if text_query is None and sort == "relevance":
            sort = "-date"  # filters alone: nothing to rank by, newest first is what people expect
        if text_query is not None:
            query = self._ranking.prepare(self.searcher, query, request.query, request.any, scorer=self.scorer)
        total, ranked = self._run(query, docs, request, sort)
        fallback_used = False
        listed = [query]  # the queries whose matches the result lists (and its facets count)
        if (
            request.fallback
            and not request.any
            and text_query is not None
            and parsed.plain
            and needs_fallback(total, parsed.unit_count)
        ):
            any_parsed = self.parse(request.query, True)
            if any_parsed.query is not None:
                any_query = self._ranking.prepare(self.searcher, any_parsed.query, request.query, True, scorer=self.scorer)
                and_total = total
                if and_total and sort == "relevance":
                    # The few statements with every word stay on top; any-word hits follow.
                    all_words = ranked  # page 1 with room for them all: the usual case, no second run
                    if request.page != 1 or len(ranked) < and_total:
                        all_words = self._run(query, docs, SearchRequest(query="", limit=and_total), sort)[1]
                    any_total, ranked = self._run_after(any_query, docs, request, sort, all_words)
                else:
                    any_total, ranked_any = self._run(any_query, docs, request, sort)
                    if any_total > and_total:
                        ranked = ranked_any
                if any_total > and_total:
                    total, fallback_used = any_total, True
                    parsed = any_parsed
                    notes.append(fallback_note(and_total))
                    listed = [query, any_query] if and_total and sort == "relevance" else [any_query]
        suggestions: list[str] = []
        if (total == 0 or fallback_used) and parsed.words:
            suggestions = did_you_mean(self.searcher, request.query, parsed.words, self._body)
        facets = self._facets(listed, docs, request.facets) if request.facets else {}
        highlighter = None
        if request.snippets:
            from searchtool.searching.highlight import Highlighter

            highlighter = Highlighter(parsed.query, self.schema, self.searcher.reader())
        hits = self._hits(ranked, request, highlighter)
        return self._result(request, started, hits, total, facets, fallback_used, suggestions, notes, highlighter)

    def _result(self, request, started, hits, total, facets, fallback_used, suggestions, notes, highlighter):
        return SearchResult(
            query=request.query,
            total=total,
            page=request.page,
            limit=request.limit,
            hits=hits,
            facets=facets,
            fallback_used=fallback_used,
            suggestions=suggestions,
            elapsed_ms=(time.perf_counter() - started) * 1000.0,
            notes=notes,
            highlighter=highlighter,
        )

    def _run(self, query, docs: set[int] | None, request: SearchRequest, sort: str) -> tuple[int, list[tuple[int, float | None]]]:
        """Total matches and the requested page as ``(docnum, score)`` pairs."""
        first = (request.page - 1) * request.limit
        last = first + request.limit
        if docs is not None and not docs:
            return 0, []
        if sort == "relevance":
            total, best = self.scorer.top(query, docs, last)
            return total, best[first:last]
        matched = sorted(self.matching_docs(query, docs), key=self.dates.sort_key(newest_first=(sort == "-date")))
        page_docs = matched[first:last]
        scores = self._scores(query, page_docs)
        return len(matched), [(d, scores.get(d)) for d in page_docs]

    def _run_after(self, query, docs, request: SearchRequest, sort: str, first_hits):
        """Rank ``first_hits`` first, then the other matches of ``query``: total and page."""
        first = (request.page - 1) * request.limit
        last = first + request.limit
        wanted = SearchRequest(query="", limit=max(1, last + len(first_hits)))  # internal: no --limit cap
        total, rest = self._run(query, docs, wanted, sort)
        seen = {d for d, _ in first_hits}
        merged = list(first_hits) + [(d, score) for d, score in rest if d not in seen]
        outside = len(seen) - len(self._scores(query, list(seen)))  # all-words hits the any-word query lacks
        return total + outside, merged[first:last]

    def _scores(self, query, docnums: list[int]) -> dict[int, float]:
        return self.scorer.scores_of(query, docnums) if docnums else {}

    def _body(self, docnum: int, stored: dict | None = None) -> str:
        from searchtool.index.store import body_of

        return body_of(self.searcher, docnum, stored)

    def _hits(self, ranked, request: SearchRequest, highlighter) -> list[Hit]:
        hits = []
        first_rank = (request.page - 1) * request.limit + 1
        for i, (docnum, score) in enumerate(ranked):
            stored = self.searcher.stored_fields(docnum)
            fragments: list[Any] = []
            snippet = ""
            if highlighter is not None:
                fragments = highlighter.fragments(self._body(docnum, stored))
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
                    label=title or record_label(stored, self._body(docnum, stored)),
                    recno=stored.get("recno"),
                )
            )
        return hits

    def _facets(self, queries: list, docs: set[int] | None, names: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
        """Counts by each of ``names`` over the statements the result lists: the matches of
        ``queries`` (after a fallback, the all-words and the any-word query), within ``docs``."""
        from collections import Counter

        listed = set().union(*(self.matching_docs(q, docs) for q in queries))
        matched = sorted(listed)
        reader = self.searcher.reader()
        out: dict[str, list[tuple[str, int]]] = {}
        for name in names:
            counts: Counter = Counter()
            if name == "year":
                years = self.years
                for d in matched:
                    year = years.value(d)
                    counts[str(year) if year is not None else "unknown"] += 1
            elif name == "type" and reader.has_column("type"):
                column = reader.column_reader("type")  # sortable: no stored record to unpickle
                for d in matched:
                    value = column[d]
                    counts[(value.decode("utf-8") if isinstance(value, bytes) else value) or "other"] += 1
            elif name == "speaker" and (by_postings := self._speaker_counts(listed)) is not None:
                counts = by_postings
            else:
                # Names as written, read from each stored record (unpickled whole, body
                # included): fine for a few matches, slow for thousands.
                for d in matched:
                    stored = self.searcher.stored_fields(d)
                    if name == "type":
                        counts[stored.get("type") or "other"] += 1
                    else:
                        for who in stored.get("speakers") or ["(none)"]:
                            counts[who] += 1
            out[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return out

    def _speaker_counts(self, matched: set[int]):
        """Matching statements per speaker from the postings of ``speaker_names`` (one term per
        name as written), or ``None`` when reading the matches' stored records is cheaper.

        A stored record costs ~0.1-0.2 ms to read (its body is in it), a name's postings ~0.05 ms:
        the postings win once there are more matches than half the names. On UN speeches,
        "nuclear" (6,000 matches, 3,400 names): 720 ms through the records, ~180 ms this way.
        """
        from collections import Counter

        from whoosh import query as wq

        if not self.scorer.bulk or "speaker_names" not in self.schema:
            return None
        reader = self.searcher.reader()
        names = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon("speaker_names")]
        if len(matched) <= len(names) // 2:
            return None
        counts: Counter = Counter()
        named: set[int] = set()
        for name in names:
            docs = self.scorer.docs(wq.Term("speaker_names", name), matched, cache=False)
            if docs:
                counts[name] = len(docs)
                named |= docs
        if len(named) < len(matched):
            counts["(none)"] = len(matched) - len(named)
        return counts

    # -- single documents (``show``) --------------------------------------------------------
    @reports_damage
    def find_doc(self, ident: str) -> int:
        """The docnum of the statement whose id is ``ident`` or starts with it (if unambiguous)."""
        ident = ident.strip()
        if not ident:
            raise UsageError("empty statement id", hint="copy an id from the search results")
        docnum = self.searcher.document_number(id=ident)
        if docnum is not None:
            return docnum
        reader = self.searcher.reader()
        candidates = []
        for term in reader.expand_prefix("id", ident):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            candidates.append(text)
            if len(candidates) > 5:
                break
        if not candidates:
            raise UsageError(f"no statement with id {ident!r}", hint="copy an id from the search results", exit_code=1)
        if len(candidates) > 1:
            shown = ", ".join(candidates[:5])
            raise UsageError(f"id prefix {ident!r} is ambiguous: {shown}{' ...' if len(candidates) > 5 else ''}", hint="type more of the id")
        return self.searcher.document_number(id=candidates[0])

    @reports_damage
    def document(self, docnum: int) -> tuple[dict[str, Any], str]:
        stored = self.searcher.stored_fields(docnum)
        return stored, self._body(docnum, stored)


#: Statements read to find how a suggested word is written.
SURFACE_DOCS = 5

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


def did_you_mean(searcher, text: str, words: list[tuple[str, str]], body_of) -> list[str]:
    """Corrected versions of ``text``: each word the index has never seen replaced by the
    closest indexed word (as it is written in a statement, not as a stem), when there is one.

    Closest means fewest edits first, then the most statements: a frequent word two edits
    away ("middle" for "missle") is a worse guess than a rarer one a single edit away.
    """
    import re

    from whoosh.support.levenshtein import damerau_levenshtein

    from searchtool.searching.query import NAME_FIELDS, close_terms

    reader = searcher.reader()
    corrected = text
    changed = False
    for fieldname, word in words:
        fields = [fieldname] if fieldname else ["body", "title"]
        try:
            analyzer = searcher.schema[fields[0]].analyzer
        except KeyError:
            continue
        tokens = [t.text for t in analyzer(word, mode="query")]
        if len(tokens) != 1 or len(tokens[0]) < 3:
            continue
        token = tokens[0]
        if any(reader.doc_frequency(f, token) for f in fields):
            continue
        if not fieldname and _in_name_fields(searcher, word, NAME_FIELDS):
            continue  # a name known from bylines: the search did look for it there
        best = None
        for f in fields:
            # Edits from the word as typed to the words each close stem stands for ("secrity" is
            # one from "security", stem "secur"), then the most statements.
            analyse = lambda text, f=f: [t.text for t in searcher.schema[f].analyzer(text, mode="query")]  # noqa: E731
            close = close_terms(reader, f, word, token, 1, analyse, enough=1)
            if not any(edits <= 1 for edits in close.values()):  # else nothing can be closer
                for candidate in searcher.corrector(f).suggest(token, limit=10, maxdist=2, prefix=1):
                    close.setdefault(candidate, damerau_levenshtein(token, candidate))
            for candidate, edits in close.items():
                key = (edits, -reader.doc_frequency(f, candidate), candidate)
                if best is None or key < best[0]:
                    best = (key, f, candidate)
            if best is not None:
                break
        if best is None:
            continue
        surface = _surface_form(searcher, best[1], best[2], analyzer, body_of, word)
        pattern = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])")
        corrected, count = pattern.subn(surface, corrected, count=1)
        changed = changed or count > 0
    return [corrected] if changed and corrected != text else []


def _in_name_fields(searcher, word: str, fields) -> bool:
    reader = searcher.reader()
    for f in fields:
        tokens = [t.text for t in searcher.schema[f].analyzer(word, mode="query")]
        if tokens and all(reader.doc_frequency(f, t) for t in tokens):
            return True
    return False


def _surface_form(searcher, fieldname: str, term: str, analyzer, body_of, typed: str = "") -> str:
    """A word as written in the statements that the analyzer turns into ``term``: of the forms
    the first few statements with it use ("missile", "missiles"), the one closest to what the
    user typed."""
    import re

    from whoosh.support.levenshtein import damerau_levenshtein

    if fieldname not in ("title", "body"):
        return term
    try:
        postings = searcher.reader().postings(fieldname, term)
        docnums = []
        while postings.is_active() and len(docnums) < SURFACE_DOCS:
            docnums.append(postings.id())
            postings.next()
    except Exception:  # the term vanished or the field has no postings: fall back to the term
        return term
    head = term[:3]
    seen: set[str] = set()
    forms: list[str] = []
    for docnum in docnums:
        stored = searcher.stored_fields(docnum)
        text = stored.get("title") or "" if fieldname == "title" else body_of(docnum, stored)
        for word in re.findall(r"\w+(?:[.'’]\w+)*", text):
            low = word.lower()
            if low in seen or not low.startswith(head):
                continue
            seen.add(low)
            if [t.text for t in analyzer(low, mode="query")] == [term]:
                forms.append(low)
    if not forms:
        return term
    return min(forms, key=lambda form: (damerau_levenshtein(typed.lower(), form), forms.index(form)))


def _check_type(value: str) -> None:
    """``--type`` must name a document type (a typo would silently find nothing)."""
    if doc_type(value) is None:
        raise UsageError(f"unknown --type {value!r}", hint="use one of: " + ", ".join(DOC_TYPES))


def _validate(request: SearchRequest) -> None:
    if request.sort not in SORTS:
        raise UsageError(f"unknown sort {request.sort!r}", hint="use relevance, date or -date")
    if not 1 <= request.limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be 1 to {MAX_LIMIT}, not {request.limit}")
    if request.page < 1:
        raise UsageError(f"--page must be 1 or more, not {request.page}")
    for name in request.facets:
        if name not in FACETS:
            raise UsageError(f"unknown facet {name!r}", hint="use speaker, type or year")


def search(index_dir: Path, request: SearchRequest) -> SearchResult:
    """Open the index, run one search, close it."""
    with Engine(index_dir) as engine:
        return engine.search(request)


class Statement(Value):
    """One whole statement as ``show`` presents it: its stored values and body, its date, a
    heading, its record number in a multi-record file, and a highlighter for the query's
    matches (``None`` without a query). Built while the index is open; needs it no more."""

    __slots__ = ("stored", "body", "date", "label", "recno", "highlighter")

    def __init__(self, stored: dict, body: str, date: _dt.date | None, label: str, recno: int | None, highlighter: Any) -> None:
        Value.__init__(self, stored, body, date, label, recno, highlighter)


def show(index_dir: Path, ident: str, query: str | None = None) -> Statement:
    """The statement whose id is ``ident`` (or an unambiguous prefix of it), with ``query``'s
    matches ready to mark; a bad query is an error here too."""
    from searchtool.searching.highlight import Highlighter

    with Engine(index_dir) as engine:
        docnum = engine.find_doc(ident)
        stored, body = engine.document(docnum)
        parsed = engine.parse(query, any_mode=True) if query else None
        highlighter = None if parsed is None else Highlighter(parsed.query, engine.schema, engine.searcher.reader())
        return Statement(stored, body, from_int(stored.get("date")), record_label(stored, body), stored.get("recno"), highlighter)

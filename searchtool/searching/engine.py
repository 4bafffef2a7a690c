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

from whoosh import query as wq

from searchtool.anchors import locate, parse_ref
from searchtool.dates import from_int
from searchtool.errors import UsageError
from searchtool.index.columns import DateColumn
from searchtool.index.analysis import term_text
from searchtool.index.damage import reports_damage
from searchtool.index.ledger import Ledger
from searchtool.index.ledger import load as load_ledger
from searchtool.index.cluster_docnums import docnums_of_ids, member_docnums, table_fits
from searchtool.index.folding_table import decode as decode_folding
from searchtool.index.folding_table import identical_members
from searchtool.index.ledger import load_cluster_table, load_folding
from searchtool.index.manifest import load_header
from searchtool.index.store import body_of, current_generation, open_index, release_reader
from searchtool.people import find_people
from searchtool.searching import ranking
from searchtool.searching.build import parse_query
from searchtool.searching.datequery import DateSpan, since_span, until_span
from searchtool.searching.facets import count_facets
from searchtool.searching.folding import IdenticalGroups
from searchtool.searching.fallback import fallback_note, needs_fallback
from searchtool.searching.highlight import Highlighter
from searchtool.searching.hits import build_hits, passage_hits, record_label
from searchtool.searching.passages import CANDIDATES, rank_turns, stored_turns
from searchtool.searching.request import (
    Duplicate,
    Hit,
    SearchRequest,
    SearchResult,
    check_lang,
    check_type,
    split_facets,
    validate,
)
from searchtool.searching.scorer import scorer_for
from searchtool.searching.suggest import did_you_mean
from searchtool.values import Value

# The documented names stay importable from here (docs/python-api.md; the CLI and output).
__all__ = ["Engine", "Hit", "SearchRequest", "SearchResult", "Statement", "record_label", "search", "show", "split_facets"]


def live_docnums(reader) -> set[int]:
    """Every document of ``reader`` not deleted: whole ranges for segments without deletions
    (Whoosh's ``all_doc_ids`` asks each document: 0.36 s on 109,520 statements, most of a
    search that folds duplicates there)."""
    out: set[int] = set()
    for sub, offset in reader.leaf_readers():
        count = sub.doc_count_all()
        if sub.has_deletions():
            out.update(offset + d for d in range(count) if not sub.is_deleted(d))
        else:
            out.update(range(offset, offset + count))
    return out


class Engine:
    """An open index ready for many queries; use as a context manager or call :meth:`close`."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._open()

    @reports_damage
    def _open(self) -> None:
        self._ix = open_index(self.index_dir)
        self.searcher = self._ix.searcher(weighting=ranking.weighting())
        self.schema = self._ix.schema
        self._dates: DateColumn | None = None
        self._years: DateColumn | None = None
        self._extra: list[str] | None = None
        self._scorer: Any = None
        self._ledger: Ledger | None = None
        self._identical: IdenticalGroups | None = None
        self._live: frozenset[int] | None = None
        self._people: Any = False  # not loaded yet (None: there is no registry)

    @property
    def scorer(self):
        """Matches and scores (:mod:`searchtool.searching.scorer`): the bulk-postings scorer, or
        Whoosh's own for a weighting it does not reproduce; chosen once per open index."""
        if self._scorer is None:
            self._scorer = scorer_for(self.searcher)
            # the phrase check's shortcut for reprints, loaded only if an exact phrase needs it
            self._scorer.reprints_from = lambda: self.identical_groups.members
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
        release_reader(self._ix)  # the next writer may now remove a generation replaced since

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
    def people(self):
        """The people registry of the indexed collection (:mod:`searchtool.people`), or ``None``.
        Read when a search first needs it: a changed registry applies to the next search."""
        if self._people is False:
            try:
                roots = load_header(current_generation(self.index_dir)).get("sources", [])
            except (OSError, ValueError):
                roots = []
            self._people = find_people(roots)
        return self._people

    def forget_registry(self) -> None:
        """Read the people registry again at the next search that needs it (an engine kept
        open between searches: the registry is a file outside the index, edited any time)."""
        self._people = False

    @property
    def extra_fields(self) -> list[str]:
        if self._extra is None:
            self._extra = sorted(n for n in self.searcher.reader().indexed_field_names() if n.startswith("x_"))
        return self._extra

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    # -- the search -----------------------------------------------------------------------------
    def parse(self, text: str, any_mode: bool):
        return parse_query(
            text, self.schema, extra_fields=self.extra_fields, any_mode=any_mode, reader=self.searcher.reader(), people=self.people
        )

    def filter_docs(
        self, request: SearchRequest, date_span: DateSpan | None, year_span: DateSpan | None = None
    ) -> set[int] | None:
        """The documents the filters admit, or ``None`` when nothing is filtered."""
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
        for name, value in (("speaker", request.speaker), ("type", request.type), ("lang", request.lang)):
            if value is None:
                continue
            clean = " ".join(value.replace('"', " ").split())
            if not clean:
                raise UsageError(f"--{name} needs a value", hint=f"e.g. --{name} " + ("lavrov" if name == "speaker" else "comment"))
            if name == "type":
                check_type(clean)
            elif name == "lang":
                clean = check_lang(clean)
            parsed = parse_query(f'{name}:"{clean}"', self.schema, reader=self.searcher.reader(), people=self.people)
            if parsed.query is None:
                return set()
            field_queries.append(parsed.query)
        if field_queries:
            docs = self.matching_docs(wq.And(field_queries) if len(field_queries) > 1 else field_queries[0], docs)
        return docs

    @property
    def generation(self) -> Path:
        """The generation folder this engine reads (its ledger and duplicates lie there)."""
        return Path(self._ix.storage.folder)

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = load_ledger(self.generation)
        return self._ledger

    def fold_duplicates(self, query, docs: set[int] | None) -> tuple[set[int], Any]:
        """Of each group of identical statements (same normalised body) with several matches, the
        earliest stays and the others fold under it: the docnums to hide, and the folded docnums
        by the kept docnum (:meth:`folded_under` names those of the hits shown: reading every
        hidden statement's stored fields cost 3.6 s a one-word search on the UN speeches copied
        ten times). Near duplicates stay apart (``dups`` lists them): in short templated
        statements (travel notes, 50 words) one changed name or date is a Jaccard of 0.8 and the
        whole news."""
        if not self.identical_groups:
            return set(), {}
        return self.identical_groups.fold(self.matching_docs(query, docs))

    @property
    def identical_groups(self) -> IdenticalGroups:
        """Of each stored duplicate cluster, the docnums of its original and its identical copies
        (:mod:`searchtool.searching.folding`), read once per open index."""
        if self._identical is None:
            reader = self.searcher.reader()
            # The writer's compact groups when they are this reader's (index/folding_table.py:
            # ~40 ms where clusters.json cost ~105 ms on 109,520 statements in clusters of ten).
            groups = decode_folding(load_folding(self.generation), reader.generation(), reader.doc_count_all(),
                                    self.live_docs() if reader.has_deletions() else None)
            if groups is None:
                stored, table = load_cluster_table(self.generation)
                # The writer's document numbers when they are this reader's: resolving every
                # member's id here cost 16 s a search on 109,520 statements in clusters of ten.
                docnums = table["members"] if table_fits(table, reader, stored) else member_docnums(reader, stored)
                groups = map(identical_members, stored, docnums)
            self._identical = IdenticalGroups(groups)
        return self._identical

    def live_docs(self) -> frozenset[int]:
        """Every document not deleted (:func:`live_docnums`; the date column still holds deleted
        ones until a merge), made once per open index (8 ms on 109,520 statements)."""
        if self._live is None:
            self._live = frozenset(live_docnums(self.searcher.reader()))
        return self._live

    def folded_under(self, docnums: list[int]) -> list[Duplicate]:
        """The statements ``docnums`` (folded under a hit) as :class:`Duplicate` values."""
        out = []
        for docnum in docnums:
            stored = self.searcher.stored_fields(docnum)
            out.append(Duplicate(stored.get("id", ""), stored.get("title") or "", from_int(stored.get("date")), "identical", 1.0))
        return out

    def docs_of_ids(self, ids) -> set[int]:
        """The docnums of statements ``ids`` (ids the index no longer holds are left out)."""
        return {d for d in docnums_of_ids(self.searcher.reader(), list(ids)) if d is not None}

    @reports_damage
    def search(self, request: SearchRequest, allow: set[int] | None = None) -> SearchResult:
        """Run ``request``; ``allow``: only these documents may match (saved searches)."""
        started = time.perf_counter()
        validate(request)
        parsed = self.parse(request.query, request.any)
        docs = self.filter_docs(request, parsed.date_span, parsed.year_span)
        if request.new:
            added = self.docs_of_ids(self.ledger.first_indexed_after(self.ledger.run - 1))
            allow = added if allow is None else allow & added
        if allow is not None:
            docs = set(allow) if docs is None else docs & allow
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

        text_query = parsed.query
        query = text_query if text_query is not None else wq.Every()
        sort = request.sort
        if text_query is None and sort == "relevance":
            sort = "-date"  # filters alone: nothing to rank by, newest first is what people expect
        if text_query is not None:
            query = ranking.prepare(self.searcher, query, request.query, request.any, scorer=self.scorer)
        # Evaluated once: the page, the total, the facets, a date sort's scores and the fallback's
        # all-words-first merge read these matches.
        query = self.scorer.evaluate(query)
        if request.passages:
            return self._passages(request, started, parsed, query, docs, sort, notes)
        folded: Any = {}
        if request.collapse:
            hidden, folded = self.fold_duplicates(query, docs)
            if hidden:
                docs = (docs if docs is not None else self.live_docs()) - hidden
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
                any_query = ranking.prepare(self.searcher, any_parsed.query, request.query, True, scorer=self.scorer)
                any_query = self.scorer.evaluate(any_query)
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
            suggestions = did_you_mean(self.searcher, request.query, parsed.words, self.body)
        facets = count_facets(self, listed, docs, request.facets) if request.facets else {}
        highlighter = None
        if request.snippets:
            highlighter = Highlighter(parsed.query, self.schema, self.searcher.reader())
        hits = build_hits(self, ranked, request, highlighter)
        for hit in hits:
            hit.duplicates = self.folded_under(folded.get(hit.docnum, []))
        return self._result(request, started, hits, total, facets, fallback_used, suggestions, notes, highlighter)

    def _passages(self, request: SearchRequest, started: float, parsed, query, docs, sort: str, notes: list[str]) -> SearchResult:
        """``--passages``: the turns of the best statements, ranked (:mod:`searchtool.searching.passages`)."""
        statements, best = self.scorer.top(query, docs, CANDIDATES)
        highlighter = Highlighter(parsed.query, self.schema, self.searcher.reader())
        ranked = rank_turns(self, [d for d, _ in best], highlighter, parsed.turns, self.schema["body"].analyzer)
        if sort != "relevance":
            ranked.sort(key=lambda item: (self.dates.sort_key(newest_first=(sort == "-date"))(item[1]), item[2].n))
        if statements > CANDIDATES:
            notes.append(f"passages are taken from the best {CANDIDATES} of {statements} statements")
        first = (request.page - 1) * request.limit
        page = ranked[first : first + request.limit]
        hits = passage_hits(self, page, request, highlighter if request.snippets else None)
        facets = count_facets(self, [query], docs, request.facets) if request.facets else {}
        return self._result(request, started, hits, len(ranked), facets, False, [], notes, highlighter)

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

    def body(self, docnum: int, stored: dict | None = None) -> str:
        """The full text of document ``docnum`` (``stored``: its stored values, if read already)."""

        return body_of(self.searcher, docnum, stored)

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
            text = term_text(term)
            if self.searcher.document_number(id=text) is None:
                continue  # a removed statement's id stays in the lexicon until a merge
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
        return stored, self.body(docnum, stored)


#: Set by a resident search process (:mod:`searchtool.searching.resident`): lends the engine it
#: keeps open to the searches it runs; ``None`` in a process that runs one search.
LENDER = None


def open_engine(index_dir: Path) -> Any:
    """An engine on ``index_dir`` for one search, as a context manager: the resident
    process's open one when there is one for this folder, else a new one (closed at the end)."""
    if LENDER is not None:
        lease = LENDER(index_dir)
        if lease is not None:
            return lease
    return Engine(index_dir)


def search(index_dir: Path, request: SearchRequest) -> SearchResult:
    """Open the index (or borrow the resident process's), run one search, close it."""
    with open_engine(index_dir) as engine:
        return engine.search(request)


class Statement(Value):
    """One whole statement as ``show`` presents it: its stored values and body, its date, a
    heading, its record number in a multi-record file, and a highlighter for the query's
    matches (``None`` without a query). ``turns``: its turns
    (:class:`searchtool.searching.passages.TurnSpan`, none for a statement without labels);
    ``anchor``: where to open it, ``(kind, n, first paragraph, last paragraph)`` for ``ID#t42``
    or ``ID#p118``, else ``None``. Built while the index is open; needs it no more."""

    __slots__ = ("stored", "body", "date", "label", "recno", "highlighter", "turns", "anchor")

    def __init__(
        self, stored: dict, body: str, date: _dt.date | None, label: str, recno: int | None, highlighter: Any,
        turns: list | None = None, anchor: tuple | None = None,
    ) -> None:
        Value.__init__(self, stored, body, date, label, recno, highlighter, turns or [], anchor)


def show(index_dir: Path, ident: str, query: str | None = None) -> Statement:
    """The statement whose id is ``ident`` (or an unambiguous prefix of it), with ``query``'s
    matches ready to mark; a bad query is an error here too. ``ID#t42`` opens it at turn 42,
    ``ID#p118`` at paragraph 118 (:mod:`searchtool.anchors`: the same references and errors as
    ``reuse`` and ``cite``)."""

    ref = parse_ref(ident)
    with open_engine(index_dir) as engine:
        docnum = engine.find_doc(ref.id)
        stored, body = engine.document(docnum)
        parsed = engine.parse(query, any_mode=True) if query else None
        highlighter = None if parsed is None else Highlighter(parsed.query, engine.schema, engine.searcher.reader())
        turns = stored_turns(stored, body) if stored.get("turns") else []
        anchor = None if ref.kind is None else locate(stored.get("id", ref.id), body, turns, ref)
        return Statement(stored, body, from_int(stored.get("date")), record_label(stored, body), stored.get("recno"), highlighter,
                         turns, anchor)

"""A query over time: its matches per period, against how much was published in each.

``n`` is how many statements match in a period and ``N`` how many the filters admit there (with
``--per words``: the query's occurrences, and the words published); the share is n/N. Every
period between the first and the last publication (or ``--since``/``--until``) is listed: a
period where nothing was published has N = 0 and no share (real feeds have holes: the State
Department set has none of its releases from 2021-09 to 2022-01, which is no data, not zero).

Counts come from the engine's matches and the index's date column, never from stored records:
monthly counts of a word over the 2,031 State Department releases take a few milliseconds. Only
``--per words`` reads the matching statements (to count occurrences with the highlighter, the
same matcher as ``kwic``); the words published come from the index's per-statement length table,
which Whoosh keeps rounded (to within 3%, measured: 1,000 words are stored as 1,032), so word
shares are good to about that much.
"""

from __future__ import annotations

import time
from pathlib import Path

from whoosh.util.numeric import byte_to_length

from searchtool.dates import format_date, from_int
from searchtool.errors import UsageError
from searchtool.index.bulkread import field_lengths
from searchtool.searching.engine import Engine, open_engine
from searchtool.searching.highlight import Highlighter
from searchtool.searching.periods import BYS, auto_by, period_label, period_number, period_numbers
from searchtool.searching.progress import QUIET_BELOW, Steps, steps_or_none
from searchtool.searching.request import SearchRequest, SearchResult
from searchtool.searching.selection import Selection, select, split_groups, with_query
from searchtool.values import Value

#: What ``--per`` may divide by.
PERS = ("statements", "words", "none")
#: What ``--split`` may split a query's matches by.
SPLITS = ("speaker", "type")
#: Periods that published fewer statements than this are flagged: a "peak" of 2 out of 22 is
#: noise (the State Department's August 2022 has 22 releases).
LOW_N = 20
#: Most periods one timeline lists (--since 1800 --by week would be 11,000 rows of nothing).
MAX_PERIODS = 5000
#: Series per query that ``--split`` keeps by default (the values with most matches).
SPLIT_TOP = 5


class Period(Value):
    """One period of a series: its label (``2022-03``), matches ``n``, publications ``N``, the
    share n/N (``None`` without a denominator: N = 0, or ``--per none``)."""

    __slots__ = ("label", "n", "N", "share")

    def __init__(self, label: str, n: int, N: int, share: float | None) -> None:
        Value.__init__(self, label, n, N, share)


class Occurrence(Value):
    """The first or last dated match of a series: its date (``2022-03-01``, or ``1950`` for a
    statement dated by its year alone) and statement id."""

    __slots__ = ("date", "id")

    def __init__(self, date: str, id: str) -> None:
        Value.__init__(self, date, id)


class Series(Value):
    """One query's periods (``split``: ``("speaker", "Ned Price")`` for one value of
    ``--split``, else ``None``); ``total`` matches, ``undated`` among them left out of the
    periods; ``first``/``last`` occurrences."""

    __slots__ = ("query", "split", "periods", "total", "undated", "first", "last")

    def __init__(self, query: str, split: tuple[str, str] | None, periods: list[Period], total: int, undated: int,
                 first: Occurrence | None, last: Occurrence | None) -> None:
        Value.__init__(self, query, split, periods, total, undated, first, last)


class Timeline(Value):
    """Series over the same periods: ``by`` (year, quarter, month, week), ``per``
    (statements, words, none), ``low_n`` (the flag threshold), ``elapsed_ms``."""

    __slots__ = ("by", "per", "series", "low_n", "elapsed_ms")

    def __init__(self, by: str, per: str, series: list[Series], low_n: int, elapsed_ms: float) -> None:
        Value.__init__(self, by, per, series, low_n, elapsed_ms)

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.series[0].periods] if self.series else []


def share_of(n: int, N: int) -> float | None:
    """n/N to three significant digits (word shares are small), ``None`` when N is 0."""
    return float(f"{n / N:.3g}") if N else None


def timeline(index_dir: Path, queries: list[str], request: SearchRequest, by: str = "month", per: str = "statements",
             split: str | None = None, top: int = SPLIT_TOP, progress: Steps | None = None) -> Timeline:
    """Open the index and count each of ``queries`` (with ``request``'s filters) per period."""
    with Engine(index_dir) as engine:
        return engine_timeline(engine, queries, request, by, per, split, top, progress)


def engine_timeline(engine: Engine, queries: list[str], request: SearchRequest, by: str = "month",
                    per: str = "statements", split: str | None = None, top: int = SPLIT_TOP,
                    progress: Steps | None = None, selections: list[Selection] | None = None) -> Timeline:
    """:func:`timeline` on an open engine (``by="auto"``: the finest length that fits a
    sparkline). ``selections``: the queries' matches when the caller has them already."""
    started = time.perf_counter()
    if by not in BYS and by != "auto":
        raise UsageError(f"unknown --by {by!r}", hint="use " + ", ".join(BYS))
    if per not in PERS:
        raise UsageError(f"unknown --per {per!r}", hint="use " + ", ".join(PERS))
    if split is not None and split not in SPLITS:
        raise UsageError(f"unknown --split {split!r}", hint="use " + " or ".join(SPLITS))
    if top < 1:
        raise UsageError(f"--top must be 1 or more, not {top}")
    if selections is None:
        queries = [q for q in queries if q.strip()]
        if not queries:
            raise UsageError("no query", hint='give one or more queries, e.g. searchtool timeline ukraine "north korea"')
        selections = [select(engine, with_query(request, q)) for q in queries]
    days = engine.dates.known()  # day code by docnum
    live = engine.live_docs()
    bases = [(live if s.allowed is None else s.allowed & live) for s in selections]
    exact = set(days)
    yearly = _year_only(engine, days)
    if by == "auto" and not any(d in days for base in bases for d in base):
        by = "year"  # only years known (UN speeches): a yearly timeline is all there is
    if by == "year":
        days = {**yearly, **days}
    dated = [days[d] for base in bases for d in base if d in days]
    span = _span(dated, request)
    if span is None:  # nothing dated: no period to list, the matches all undated
        series = [Series(s.text, None, [], len(s.matched), len(s.matched), None, None) for s in selections]
        return Timeline("year" if by == "auto" else by, per, series, LOW_N, (time.perf_counter() - started) * 1000.0)
    if by == "auto":
        by = auto_by(*span)
    coarse = _coarser_than(engine, days, by, set().union(*bases))
    if coarse:
        days = {d: day for d, day in days.items() if d not in coarse}
    numbers = period_numbers(*span, by)
    if len(numbers) > MAX_PERIODS:
        raise UsageError(f"{len(numbers):,} {by}s from {period_label(numbers[0], by)} to {period_label(numbers[-1], by)} "
                         f"are too many to list (at most {MAX_PERIODS:,})", hint="use a longer --by, or a later --since")
    weights = _Weights(engine, per, progress, selections)
    try:
        series = _series(engine, selections, bases, split, top, weights, days, exact, span, numbers, by, per)
    finally:
        weights.stop()
    return Timeline(by, per, series, LOW_N, (time.perf_counter() - started) * 1000.0)


def _series(engine, selections, bases, split, top, weights, days, exact, span, numbers, by, per) -> list[Series]:
    first_number = numbers.start
    of_day: dict[int, int] = {}

    def slot(day: int) -> int:
        index = of_day.get(day)
        if index is None:
            index = of_day[day] = period_number(day, by) - first_number
        return index

    series: list[Series] = []
    for k, (selection, base) in enumerate(zip(selections, bases)):
        for label, members in split_groups(engine, selection.matched, base, split, top):
            matched = selection.matched & members
            n = [0] * len(numbers)
            N = [0] * len(numbers)
            for d in base & members:
                day = days.get(d)
                if day is not None and span[0] <= day <= span[1]:
                    N[slot(day)] += weights.published(d)
            for d, count in weights.matches(k, selection, matched):
                day = days.get(d)
                if day is not None and span[0] <= day <= span[1]:
                    n[slot(day)] += count
            in_span = [d for d in matched if d in days]
            periods = [
                Period(period_label(number, by), n[i], N[i], share_of(n[i], N[i]) if per != "none" else None)
                for i, number in enumerate(numbers)
            ]
            series.append(Series(selection.text, label, periods, len(matched), len(matched) - len(in_span),
                                 _occurrence(engine, in_span, days, min, exact), _occurrence(engine, in_span, days, max, exact)))
    return series




#: Period length -> the date precisions too coarse to place a statement in one such period.
_COARSE = {"quarter": ("year",), "month": ("year",), "week": ("year", "month")}


def _coarser_than(engine: Engine, days: dict[int, int], by: str, docs: set[int]) -> set[int]:
    """Statements of ``docs`` whose date is partial ("1991", "December 2012") and too coarse
    for ``by``: undated in this timeline, rather than counted in their first day's period.

    A partial date is stored as its first day, so only statements dated on a 1 January (a
    year) or on the 1st of a month (a month, for weeks) can be one: only their stored records
    are read, a handful in most collections."""
    coarse = _COARSE.get(by)
    if not coarse:
        return set()
    found = set()
    for d in docs:
        day = days.get(d)
        if day is None or day % 100 != 1 or (by != "week" and day // 100 % 100 != 1):
            continue
        if engine.searcher.stored_fields(d).get("date_precision") in coarse:
            found.add(d)
    return found


def _year_only(engine: Engine, days: dict[int, int]) -> dict[int, int]:
    """Documents with a year but no date (UN speeches carry only their session's year), as the
    day code of their year's 1 January: they count in yearly timelines (as ``year:1950``
    finds them) and are undated for shorter periods."""
    return {d: year * 10000 + 101 for d, year in engine.years.known().items() if d not in days}


def _span(dated: list[int], request: SearchRequest) -> tuple[int, int] | None:
    """First and last day to list: the publications' own (a query's ``date:`` clause has
    narrowed them already), or ``--since``/``--until`` where given."""
    from searchtool.searching.datequery import since_span, until_span  # start-up: only for a timeline

    lo = min(dated) if dated else None
    hi = max(dated) if dated else None
    if request.since:
        lo = since_span(request.since).start
    if request.until:
        hi = until_span(request.until).end
    if lo is None or hi is None or lo > hi:
        return None
    return lo, hi


def _occurrence(engine: Engine, docs: list[int], days: dict[int, int], pick, exact: set[int]) -> Occurrence | None:
    """The first or last of ``docs`` by day; its date as precisely as known (a partial date
    "1991" or "2012-12" as such; a year alone when only the year column has one: not in
    ``exact``)."""
    if not docs:
        return None
    d = pick(docs, key=lambda x: (days[x], x))
    stored = engine.searcher.stored_fields(d)
    day = from_int(days[d])
    when = format_date(day, stored.get("date_precision")) if d in exact and day else str(days[d] // 10000)
    return Occurrence(when, stored.get("id", ""))


class _Weights:
    """What a statement adds to n and to N: 1 and 1 (per statements, none), or its occurrences
    of the query and its words (per words). Occurrences are counted once per query and
    statement (a split's series reuse them); the bar counts every statement to read."""

    def __init__(self, engine: Engine, per: str, progress: Steps | None, selections: list[Selection]):
        self.engine = engine
        self.words = per == "words"
        self._lengths: list[int] | None = None
        self._counted: dict[int, dict[int, int]] = {}  # selection index -> docnum -> occurrences
        self.progress = Steps()
        if self.words:
            total = sum(len(s.matched) for s in selections)
            if total >= QUIET_BELOW:
                self.progress = steps_or_none(progress)
            self.progress.start(total)

    def published(self, docnum: int) -> int:
        if not self.words:
            return 1
        if self._lengths is None:
            self._lengths = _word_counts(self.engine)
        return self._lengths[docnum]

    def matches(self, index: int, selection: Selection, matched: set[int]):
        if not self.words:
            return ((d, 1) for d in matched)
        counted = self._counted.get(index)
        if counted is None:
            counted = self._counted[index] = self._occurrences(selection)
        return ((d, counted[d]) for d in matched)

    def _occurrences(self, selection: Selection) -> dict[int, int]:
        engine = self.engine
        highlighter = Highlighter(selection.query, engine.schema, engine.searcher.reader())
        out = {}
        for d in sorted(selection.matched):
            stored, body = engine.document(d)
            out[d] = len(highlighter.spans(stored.get("title") or "")) + len(highlighter.spans(body))
            self.progress.advance(1)
        return out

    def stop(self) -> None:
        self.progress.stop()


def _word_counts(engine: Engine) -> list[int]:
    """Indexed words (title and body, stop words left out) per docnum, from Whoosh's length
    table (one rounded byte per document and field)."""
    table = [byte_to_length(b) if b else 0 for b in range(256)]
    counts: list[int] = []
    for sub, _offset in engine.searcher.leaf_searchers():
        reader = sub.reader()
        n = reader.doc_count_all()
        codes = [field_lengths(reader, name, n) for name in ("title", "body")]
        counts.extend(table[a] + table[b] for a, b in zip(*codes))
    return counts


def search_with_timeline(index_dir: Path, request: SearchRequest) -> tuple[SearchResult, Timeline]:
    """``search --timeline``: the search, and its query's matches over time (the finest period
    length that fits a sparkline, as a share of what was published) from the same open index.
    The timeline counts the statements with all the words, as ``timeline`` does, also when the
    search fell back to any of them; with filters and no words it counts them (per none)."""
    with open_engine(index_dir) as engine:
        result = engine.search(request)
        selection = select(engine, request)
        per = "statements" if selection.query is not None else "none"  # filters alone: every share would be 100%
        return result, engine_timeline(engine, [request.query], request, by="auto", per=per, selections=[selection])

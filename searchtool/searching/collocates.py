"""Collocates: the words that keep company with a query, scored against what chance would give.

Observed counts come from windows around the query's occurrences in the matching statements
(the occurrences are the highlighter's spans, as in ``kwic``; a window is ``window`` words on
each side, stop words not counted, the way the index counts positions; function words are not
counted as company). Expected counts come
from the index's collection statistics, with no scan of the rest of the collection: a word's
total occurrences (``reader.frequency``) and the collection's length in words
(``reader.field_length``). Words are counted by their index term (their stem), shown by their
commonest form as written in the windows.

Measures (Evert, "The Statistics of Word Cooccurrences", 2005; Rychlý 2008 for logDice), with
f_xy the times a word is in a window, f_x the query's occurrences, f_y the word's frequency in
the collection, N the collection's words, S = 2 x window the words a window holds:

- ``logdice`` = 14 + log2(2 f_xy / (f_x + f_y)): at most 14, does not depend on N, favours
  neither rare nor common words much (the default, as in Sketch Engine);
- ``mi`` = log2(f_xy / E) with E = f_x f_y S / N: high for rare exclusive words;
- ``llr``: Dunning's log-likelihood ratio G2 over the 2x2 table (windows vs the rest), signed
  negative where a word is rarer near the query than elsewhere.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
import time
from collections import Counter
from pathlib import Path

from searchtool.errors import UsageError
from searchtool.index.analysis import WORD_PATTERN
from searchtool.searching.engine import Engine
from searchtool.searching.highlight import Highlighter
from searchtool.searching.progress import QUIET_BELOW, Steps, steps_or_none
from searchtool.searching.request import SearchRequest
from searchtool.searching.selection import select, split_groups
from searchtool.searching.words import FUNCTION_WORDS
from searchtool.values import Value

MEASURES = ("logdice", "mi", "llr")
BYS = ("speaker",)
#: Groups ``--by speaker`` compares (the speakers with most matching statements).
BY_TOP = 5
MAX_WINDOW = 50
_WORD = re.compile(WORD_PATTERN)


class Collocate(Value):
    """A word near the query: its ``term`` (stem), commonest ``forms`` as written (most
    frequent first), ``together`` (f_xy), ``frequency`` in the collection (f_y), ``score``."""

    __slots__ = ("term", "forms", "together", "frequency", "score")

    def __init__(self, term: str, forms: list[str], together: int, frequency: int, score: float) -> None:
        Value.__init__(self, term, forms, together, frequency, score)


class Group(Value):
    """The collocates of one group of statements (``split``: ``("speaker", name)``, or ``None``
    for all): ``occurrences`` of the query (f_x), ``statements`` read."""

    __slots__ = ("split", "occurrences", "statements", "collocates")

    def __init__(self, split: tuple[str, str] | None, occurrences: int, statements: int, collocates: list[Collocate]) -> None:
        Value.__init__(self, split, occurrences, statements, collocates)


class Collocation(Value):
    __slots__ = ("query", "measure", "window", "min_count", "groups", "elapsed_ms")

    def __init__(self, query: str, measure: str, window: int, min_count: int, groups: list[Group], elapsed_ms: float) -> None:
        Value.__init__(self, query, measure, window, min_count, groups, elapsed_ms)


def collocates(index_dir: Path, request: SearchRequest, window: int = 5, measure: str = "logdice", min_count: int = 3,
               top: int = 20, by: str | None = None, progress: Steps | None = None) -> Collocation:
    """Open the index and score the words around ``request``'s occurrences."""
    with Engine(index_dir) as engine:
        return engine_collocates(engine, request, window, measure, min_count, top, by, progress)


def engine_collocates(engine: Engine, request: SearchRequest, window: int = 5, measure: str = "logdice",
                      min_count: int = 3, top: int = 20, by: str | None = None,
                      progress: Steps | None = None) -> Collocation:
    """:func:`collocates` on an open engine."""
    started = time.perf_counter()
    if measure not in MEASURES:
        raise UsageError(f"unknown --measure {measure!r}", hint="use " + ", ".join(MEASURES))
    if by is not None and by not in BYS:
        raise UsageError(f"unknown --by {by!r}", hint="use speaker")
    if not 1 <= window <= MAX_WINDOW:
        raise UsageError(f"--window must be 1 to {MAX_WINDOW}, not {window}")
    if min_count < 1 or top < 1:
        raise UsageError("--min and --top must be 1 or more")
    selection = select(engine, request)
    highlighter = Highlighter(selection.parsed.query, engine.schema, engine.searcher.reader())
    base = engine.live_docs() if selection.allowed is None else selection.allowed
    reader = engine.searcher.reader()
    total_words = reader.field_length("body")
    groups = list(split_groups(engine, selection.matched, base, by, BY_TOP))
    docs = set().union(*(selection.matched & members for _label, members in groups)) if groups else set()
    steps = steps_or_none(progress) if len(docs) >= QUIET_BELOW else Steps()
    steps.start(len(docs))
    windows: dict[int, tuple[int, Counter, Counter]] = {}
    try:
        for d in sorted(docs):
            windows[d] = statement_windows(highlighter, engine.body(d), window)
            steps.advance(1)
    finally:
        steps.stop()
    out = []
    for label, members in groups:
        nodes = 0
        together: Counter = Counter()
        forms: dict[str, Counter] = {}
        statements = 0
        for d in selection.matched & members:
            n, counts, written = windows[d]
            nodes += n
            statements += 1
            together.update(counts)
            for (term, form), k in written.items():
                forms.setdefault(term, Counter())[form] += k
        scored = []
        for term, f_xy in together.items():
            if f_xy < min_count:
                continue
            f_y = max(int(reader.frequency("body", term)), f_xy)
            score = SCORES[measure](f_xy, nodes, f_y, total_words, 2 * window)
            shown = [form for form, _k in sorted(forms[term].items(), key=lambda kv: (-kv[1], kv[0]))]
            scored.append(Collocate(term, shown, f_xy, f_y, round(score, 3)))
        scored.sort(key=lambda c: (-c.score, -c.together, c.term))
        out.append(Group(label, nodes, statements, scored[:top]))
    return Collocation(request.query, measure, window, min_count, out, (time.perf_counter() - started) * 1000.0)


def statement_windows(highlighter: Highlighter, body: str, window: int) -> tuple[int, Counter, Counter]:
    """One statement's query occurrences, and the words in their windows: by term, and by
    (term, form as written, lower-cased). Left out: numbers, one-letter words, function words
    (the index's stop list is short, to keep phrases searchable: "any", "against" and "under"
    would head every list), and the occurrences themselves (another match inside a window)."""
    spans = highlighter.spans(body)
    if not spans:
        return 0, Counter(), Counter()
    words: list[tuple[int, int, str, str]] = []  # start, end, term, form
    terms_of = highlighter.terms_of
    for m in _WORD.finditer(body):
        terms = terms_of(m.group())
        if len(terms) == 1:
            words.append((m.start(), m.end(), terms[0], m.group().lower()))
    starts = [w[0] for w in words]
    counts: Counter = Counter()
    written: Counter = Counter()
    bounds = [(bisect_left(starts, s), bisect_left(starts, e)) for s, e in spans]  # first word, first after
    inside = {i for first, after in bounds for i in range(first, after)}  # occurrences are no company
    for first, after in bounds:
        for i in [*range(max(0, first - window), first), *range(after, min(len(words), after + window))]:
            _start, _end, term, form = words[i]
            if i not in inside and len(term) > 1 and not term.isdigit() and form not in FUNCTION_WORDS:
                counts[term] += 1
                written[(term, form)] += 1
    return len(spans), counts, written


def log_dice(f_xy: int, f_x: int, f_y: int, n: int, span: int) -> float:
    return 14 + math.log2(2 * f_xy / (f_x + f_y))


def mutual_information(f_xy: int, f_x: int, f_y: int, n: int, span: int) -> float:
    expected = f_x * f_y * span / n if n else 0.0
    return math.log2(f_xy / expected) if expected > 0 else 0.0


def log_likelihood(f_xy: int, f_x: int, f_y: int, n: int, span: int) -> float:
    """Dunning's G2 over windows (f_x x span words) against the rest of the collection."""
    o11 = f_xy
    o12 = max(f_x * span - f_xy, 0)
    o21 = max(f_y - f_xy, 0)
    o22 = max(n - o11 - o12 - o21, 0)
    total = o11 + o12 + o21 + o22
    if not total:
        return 0.0
    rows, cols = (o11 + o12, o21 + o22), (o11 + o21, o12 + o22)
    g2 = 0.0
    for o, r, c in ((o11, 0, 0), (o12, 0, 1), (o21, 1, 0), (o22, 1, 1)):
        expected = rows[r] * cols[c] / total
        if o > 0 and expected > 0:
            g2 += o * math.log(o / expected)
    g2 *= 2
    expected11 = rows[0] * cols[0] / total
    return g2 if o11 >= expected11 else -g2


SCORES = {"logdice": log_dice, "mi": mutual_information, "llr": log_likelihood}

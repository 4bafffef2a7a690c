"""Keyword in context: every occurrence of a query in the matching statements, one line each.

Occurrences are the highlighter's spans (:class:`~searchtool.searching.highlight.Highlighter`,
the same matcher that marks search results): a stemmed word is found as written
("negotiations" for ``negotiate``) and a phrase is one occurrence, from its first word to its
last. Only bodies are read (a title is a heading, not a context). The speaker of a line is the
speaker of the turn it sits in (:func:`searchtool.searching.passages.turn_places`: a reporter's question is
``QUESTION``; the text before a transcript's first label is nobody's, an empty speaker); a statement
without turns is its first credited speaker's. Under ``said:``/``asked:`` only occurrences inside
the turns they name are lines (the turn's words, not its label), as ``--passages`` keeps only those
turns: ``said:price sanctions`` never lists a question that says "sanctions". Statements are read oldest
first, so with ``--sort date`` and a ``--limit`` the reading stops as soon as the limit is
reached; the other orders need every line before sorting.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from searchtool.dates import from_int
from searchtool.errors import UsageError
from searchtool.paragraphs import paragraph_of, paragraph_starts
from searchtool.searching.engine import Engine
from searchtool.searching.highlight import Highlighter
from searchtool.searching.passages import turn_at, turn_places
from searchtool.searching.progress import QUIET_BELOW, Steps, steps_or_none
from searchtool.searching.request import SearchRequest
from searchtool.searching.selection import select
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as _dt
    from typing import Any

#: Orders of the lines.
SORTS = ("date", "left", "right", "speaker")
#: Context characters on each side, by default, and the most that makes sense.
WIDTH = 40
MAX_WIDTH = 1000

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


class Line(Value):
    """One occurrence: the statement's date, the speaker of the turn it is in, the statement's id; the context left and right of
    the match (whitespace collapsed, at most the width); the match as written; its paragraph
    (from 1, :mod:`searchtool.paragraphs`) and character offsets in the body; the number of the
    turn it is in (``ID#tN``, as ``show`` and ``cite`` take it), ``None`` outside turns."""

    __slots__ = ("date", "speaker", "left", "match", "right", "id", "paragraph", "start", "end", "turn")

    def __init__(self, date: _dt.date | None, speaker: str, left: str, match: str, right: str, id: str,
                 paragraph: int, start: int, end: int, turn: int | None = None) -> None:
        Value.__init__(self, date, speaker, left, match, right, id, paragraph, start, end, turn)


class Concordance(Value):
    """The lines of a query: ``statements`` read, ``complete`` (``False`` when reading stopped
    at the limit: more lines exist), ``width`` of each context."""

    __slots__ = ("query", "lines", "statements", "complete", "width", "elapsed_ms")

    def __init__(self, query: str, lines: list[Line], statements: int, complete: bool, width: int, elapsed_ms: float) -> None:
        Value.__init__(self, query, lines, statements, complete, width, elapsed_ms)


def kwic(index_dir: Path, request: SearchRequest, sort: str = "date", width: int = WIDTH, limit: int = 100,
         progress: Steps | None = None) -> Concordance:
    """Open the index and list ``request``'s occurrences (``limit`` 0: all of them)."""
    with Engine(index_dir) as engine:
        return engine_kwic(engine, request, sort, width, limit, progress)


def engine_kwic(engine: Engine, request: SearchRequest, sort: str = "date", width: int = WIDTH, limit: int = 100,
                progress: Steps | None = None) -> Concordance:
    """:func:`kwic` on an open engine."""
    started = time.perf_counter()
    if sort not in SORTS:
        raise UsageError(f"unknown --sort {sort!r}", hint="use " + ", ".join(SORTS))
    if not 1 <= width <= MAX_WIDTH:
        raise UsageError(f"--width must be 1 to {MAX_WIDTH}, not {width}")
    if limit < 0:
        raise UsageError(f"--limit must be 0 (all) or more, not {limit}")
    selection = select(engine, request)
    highlighter = Highlighter(selection.parsed.query, engine.schema, engine.searcher.reader())
    docs = sorted(selection.matched, key=engine.dates.sort_key(newest_first=False))
    stop_early = sort == "date" and limit > 0
    steps = steps_or_none(progress) if len(docs) >= QUIET_BELOW else Steps()
    steps.start(len(docs))
    lines: list[Line] = []
    read = 0
    try:
        for d in docs:
            if stop_early and len(lines) >= limit:
                break
            stored, body = engine.document(d)
            read += 1
            lines.extend(statement_lines(highlighter, stored, body, width, selection.parsed.turns))
            steps.advance(1)
    finally:
        steps.stop()
    complete = read == len(docs) and (not limit or len(lines) <= limit)
    if sort != "date":
        lines.sort(key=SORT_KEYS[sort])
    if limit:
        lines = lines[:limit]
    return Concordance(request.query, lines, read, complete, width, (time.perf_counter() - started) * 1000.0)


def statement_lines(highlighter: Highlighter, stored: dict, body: str, width: int, turn_filter: Any = None) -> list[Line]:
    """The lines of one statement: one per highlighted span of its body, each with the speaker
    of its turn; with ``turn_filter`` (:class:`searchtool.searching.turnquery.TurnFilter`, from
    ``said:``/``asked:``) only the spans in the words of the turns it admits."""
    spans = highlighter.spans(body)
    if not spans:
        return []
    starts = paragraph_starts(body)
    speakers = stored.get("speakers") or []
    turns = turn_places(stored)
    date = from_int(stored.get("date"))
    ident = stored.get("id", "")
    out = []
    for s, e in spans:
        number = paragraph_of(starts, s)
        speaker = speakers[0] if speakers else ""
        turn_number = None
        if turns:
            turn = turn_at(turns, number)
            speaker = turn.speaker if turn is not None else ""
            turn_number = turn.n if turn is not None else None
            if turn_filter is not None and (
                turn is None or not turn.key or not turn_filter.admits(turn.key, turn.role) or s < _words_start(body, starts, turn)
            ):
                continue
        left = _SPACE.sub(" ", body[max(0, s - 3 * width):s]).lstrip()
        right = _SPACE.sub(" ", body[e:e + 3 * width]).rstrip()
        out.append(Line(date, speaker, left[-width:] if len(left) > width else left,
                        _SPACE.sub(" ", body[s:e]), right[:width], ident, number, s, e, turn_number))
    return out


def _words_start(body: str, starts: list[int], turn) -> int:
    """Where a turn's words start in ``body``: after its label and colon ("MR PRICE:" is no one's
    words; :func:`searchtool.searching.passages.stored_turns` cuts it the same way)."""
    start = starts[turn.first - 1] if 0 < turn.first <= len(starts) else 0
    if not turn.label:
        return start
    cut = body.find(":", start + len(turn.label), starts[turn.first] if turn.first < len(starts) else len(body))
    return cut + 1 if cut >= 0 else start


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


SORT_KEYS = {
    "date": lambda line: (line.date is None, line.date or 0, line.id, line.start),
    # AntConc's orders: by the word just before the match, then the one before it...
    "left": lambda line: (list(reversed(_words(line.left))), line.match.lower()),
    # ... or by the words after it
    "right": lambda line: (_words(line.right), line.match.lower()),
    "speaker": lambda line: (line.speaker.lower(), line.date is None, line.date or 0, line.start),
}

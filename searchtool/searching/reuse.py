"""``searchtool reuse ID#pN`` / ``--text``: the statements that share a run of words with a
passage, the first use first, each flagged when the shared words are boilerplate.

No side index: the passage's overlapping runs of :data:`RUN` words are phrase-searched in the
full-text index (a run of ten words is rarely shared by chance), and every statement found is
then checked word by word on its normalised text (stemming makes a phrase match loose), which
also gives the longest run it shares. A run found in more than :data:`BOILERPLATE_SHARE` of all
statements (and in at least :data:`BOILERPLATE_MIN`) is boilerplate: an attribution line, a
schedule line; a use that shares nothing else is flagged (the State Department set's attribution
line is in 11% of its records, ../shared/design C5 chose 2%).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from searchtool.anchors import anchored_text, parse_ref
from searchtool.dates import from_int
from searchtool.errors import UsageError
from searchtool.index.sketch import words
from searchtool.searching.engine import Engine
from searchtool.searching.passages import stored_turns
from searchtool.values import Value

#: Words in a run that counts as reuse.
RUN = 10
#: Windows start every STEP words: any shared run of RUN + STEP - 1 words contains a window.
STEP = 5
BOILERPLATE_SHARE = 0.02
BOILERPLATE_MIN = 5
#: Most phrase searches one passage may take (about 1,000 words): a whole 78,000-character
#: briefing would be 2,600 of them; cite a paragraph of it instead.
MAX_WINDOWS = 200


class Use(Value):
    """A statement that uses (part of) the passage: the longest shared run, its length in
    words, and whether all it shares is boilerplate; ``source`` for the statement cited."""

    __slots__ = ("id", "title", "date", "speakers", "shared", "words", "boilerplate", "source")

    def __init__(self, id: str, title: str, date: _dt.date | None, speakers: list[str], shared: str, words: int,
                 boilerplate: bool, source: bool) -> None:
        Value.__init__(self, id, title, date, speakers, shared, words, boilerplate, source)


class Reuse(Value):
    """The passage and its uses, earliest first (undated ones last)."""

    __slots__ = ("passage", "ref", "uses", "min_words")

    def __init__(self, passage: str, ref: str | None, uses: list[Use], min_words: int) -> None:
        Value.__init__(self, passage, ref, uses, min_words)


def _windows(tokens: list[str], run: int) -> list[tuple[str, ...]]:
    if len(tokens) < run:
        return []
    starts = list(range(0, len(tokens) - run + 1, STEP))
    if starts[-1] != len(tokens) - run:
        starts.append(len(tokens) - run)
    return [tuple(tokens[i:i + run]) for i in starts]


def _longest_run(mine: list[str], theirs: list[str], run: int) -> tuple[int, int]:
    """(start in ``mine``, length) of the longest run of at least ``run`` words both share."""
    grams: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(mine) - run + 1):
        grams.setdefault(tuple(mine[i:i + run]), []).append(i)
    best = (0, 0)
    for j in range(len(theirs) - run + 1):
        for i in grams.get(tuple(theirs[j:j + run]), ()):
            n = run
            while i + n < len(mine) and j + n < len(theirs) and mine[i + n] == theirs[j + n]:
                n += 1
            if n > best[1]:
                best = (i, n)
    return best


def find_reuse(index_dir: Path, ref: str | None = None, text: str | None = None, min_words: int = RUN) -> Reuse:
    """The uses of paragraph ``ref`` (``ID#pN``; a bare ID means its whole text) or of ``text``."""
    if (ref is None) == (text is None):
        raise UsageError("give a statement reference (ID#pN) or --text, not both", hint='e.g. searchtool reuse 31f8#p2')
    if not 5 <= min_words <= 100:
        raise UsageError(f"--min-words must be 5 to 100, not {min_words}")
    with Engine(index_dir) as engine:
        source_id = None
        if ref is not None:
            parsed_ref = parse_ref(ref)
            docnum = engine.find_doc(parsed_ref.id)
            stored, body = engine.document(docnum)
            source_id = stored.get("id")
            turns = stored_turns(stored, body) if stored.get("turns") else []
            text = anchored_text(source_id or parsed_ref.id, body, turns, parsed_ref)
        mine = words(text or "")
        windows = _windows(mine, min_words)
        if not windows:
            raise UsageError(f"the passage has fewer than {min_words} words", hint="give a longer passage or lower --min-words")
        if len(windows) > MAX_WINDOWS:
            raise UsageError(f"the passage has {len(mine)} words, more than reuse compares at once",
                             hint="cite one paragraph (ID#pN) or a shorter --text")
        total = max(1, engine.doc_count())
        found: dict[int, set[int]] = {}  # docnum -> indexes of the windows it matched
        boiler: set[int] = set()
        for k, window in enumerate(windows):
            parsed = engine.parse('"' + " ".join(window) + '"', False)
            if parsed.query is None:
                continue
            docs = engine.matching_docs(parsed.query)
            if len(docs) > max(BOILERPLATE_MIN - 1, BOILERPLATE_SHARE * total):
                boiler.add(k)
            for d in docs:
                found.setdefault(d, set()).add(k)
        uses = []
        for docnum, hit_windows in found.items():
            stored = engine.searcher.stored_fields(docnum)
            start, length = _longest_run(mine, words(engine.body(docnum, stored)), min_words)
            if not length:
                continue  # a loose (stemmed) phrase match, not the same words
            uses.append(Use(
                stored.get("id", ""), stored.get("title") or "", from_int(stored.get("date")), list(stored.get("speakers") or []),
                " ".join(mine[start:start + length]), length, hit_windows <= boiler, stored.get("id") == source_id,
            ))
    uses.sort(key=lambda u: (u.date is None, u.date or _dt.date.min, not u.source, u.id))
    return Reuse(text or "", ref, uses, min_words)

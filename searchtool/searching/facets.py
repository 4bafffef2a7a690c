"""Facets: how many of the statements a search lists fall under each speaker, type, year, and
who said the matches (``said``: :mod:`searchtool.searching.saidfacet`).

Counted from what is cheapest for each: the year column, the type column, the postings of
``speaker_names`` (when there are many matches), else the matches' stored records.
"""

from __future__ import annotations

from collections import Counter

from whoosh import query as wq

from searchtool.index.analysis import term_text
from searchtool.searching.queries import positive_terms
from searchtool.searching.saidfacet import said_counts


def count_facets(engine, queries: list, docs: set[int] | None, names: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    """Counts by each of ``names`` over the statements the result lists: the matches of
    ``queries`` (after a fallback, the all-words and the any-word query), within ``docs``;
    most frequent first, ties by value."""
    listed = set().union(*(engine.matching_docs(q, docs) for q in queries))
    matched = sorted(listed)
    out: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        counts = COUNTERS[name](engine, listed, matched, queries)
        out[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return out


def _years(engine, listed: set[int], matched: list[int], queries: list) -> Counter:
    years = engine.years
    counts: Counter = Counter()
    for d in matched:
        year = years.value(d)
        counts[str(year) if year is not None else "unknown"] += 1
    return counts


def _types(engine, listed: set[int], matched: list[int], queries: list) -> Counter:
    reader = engine.searcher.reader()
    counts: Counter = Counter()
    if reader.has_column("type"):
        column = reader.column_reader("type")  # sortable: no stored record to unpickle
        for d in matched:
            counts[term_text(column[d]) or "other"] += 1
        return counts
    for d in matched:
        counts[engine.searcher.stored_fields(d).get("type") or "other"] += 1
    return counts


def _speakers(engine, listed: set[int], matched: list[int], queries: list) -> Counter:
    counts = _speakers_as_written(engine, listed, matched)
    people = engine.people
    return by_person(counts, people) if people is not None else counts


def by_person(counts: Counter, people) -> Counter:
    """Names as written counted once per registered person, under the person's name, with the
    number of spellings merged: "Andrei Gromyko (5 spellings)". Unregistered names stay as
    written. (A statement naming one person in two spellings counts twice: rare, and the
    postings would have to be merged to tell.)"""
    merged: Counter = Counter()
    spellings: dict[str, set[str]] = {}
    for name, count in counts.items():
        person = people.person(name)
        if person is None:
            merged[name] += count
            continue
        merged[person.name] += count
        spellings.setdefault(person.name, set()).add(name)
    out: Counter = Counter()
    for name, count in merged.items():
        n = len(spellings.get(name, ()))
        out[f"{name} ({n} spellings)" if n > 1 else name] += count
    return out


def _speakers_as_written(engine, listed: set[int], matched: list[int]) -> Counter:
    by_postings = _speaker_postings(engine, listed)
    if by_postings is not None:
        return by_postings
    # Names as written, read from each stored record (unpickled whole, body included): fine for
    # a few matches, slow for thousands.
    counts: Counter = Counter()
    for d in matched:
        for who in engine.searcher.stored_fields(d).get("speakers") or ["(none)"]:
            counts[who] += 1
    return counts


#: Facet name -> how to count it (the names ``--facet`` accepts: searching.request.FACETS).
COUNTERS = {"year": _years, "type": _types, "speaker": _speakers}


def _speaker_postings(engine, matched: set[int]):
    """Matching statements per speaker from the postings of ``speaker_names`` (one term per
    name as written), or ``None`` when reading the matches' stored records is cheaper.

    A stored record costs ~0.1-0.2 ms to read (its body is in it), a name's postings ~0.05 ms:
    the postings win once there are more matches than half the names. On UN speeches,
    "nuclear" (6,000 matches, 3,400 names) is several times faster this way (figures in
    docs/design/search-speed.md).
    """
    if not engine.scorer.bulk or "speaker_names" not in engine.schema:
        return None
    reader = engine.searcher.reader()
    names = [term_text(t) for t in reader.lexicon("speaker_names")]
    if len(matched) <= len(names) // 2:
        return None
    counts: Counter = Counter()
    named: set[int] = set()
    for name in names:
        docs = engine.scorer.docs(wq.Term("speaker_names", name), matched, cache=False)
        if docs:
            counts[name] = len(docs)
            named |= docs
    if len(named) < len(matched):
        counts["(none)"] = len(matched) - len(named)
    return counts


def _said(engine, listed: set[int], matched: list[int], queries: list) -> Counter:
    """Who said the matches: per speaker (a turn's person or label), the listed statements in
    which that speaker's turns hold every body word of the query; with no words, those in which
    the speaker has a turn. A statement without turns counts for its credited speakers."""
    words = dict.fromkeys(t for q in queries for f, t in positive_terms(getattr(q, "query", q)) if f == "body")
    return said_counts(engine, listed, tuple(words))


COUNTERS["said"] = _said

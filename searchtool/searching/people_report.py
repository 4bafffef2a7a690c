"""``searchtool people``: the registry's persons in the index, clusters to register, problems.

* :func:`list_people` - each registered person with the statements they issued or spoke a turn
  in (any written form, or a role they held on the date), first and last dates, spellings seen.
* :func:`suggest_people` - names as written (speakers and turn labels) that no registered person
  claims, clustered by surname key (:func:`searchtool.names.surname_key`), split where two
  forms carry different first names ("George Bush" and "Laura Bush" are two clusters; a bare
  "BUSH" joins a cluster only when there is one). Each cluster of two or more spellings is
  proposed as a registry entry to review and paste.
* :func:`check_people` - aliases that match no name in the index, persons whose forms share a
  key with another person's, and role holders whose dates overlap.

All of it reads the index's name fields and postings; nothing is rebuilt.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from whoosh import query as wq

from searchtool.dates import from_int
from searchtool.errors import UsageError
from searchtool.index.analysis import term_text
from searchtool.index.turnfield import split_said_term
from searchtool.names import name_key, name_words, surname_key
from searchtool.searching.engine import Engine
from searchtool.values import Value


class PersonRow(Value):
    """One registered person in the index."""

    __slots__ = ("id", "name", "statements", "first", "last", "spellings")

    def __init__(self, id: str, name: str, statements: int, first: str | None, last: str | None, spellings: list[str]) -> None:
        Value.__init__(self, id, name, statements, first, last, spellings)

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "statements": self.statements, "first": self.first, "last": self.last,
                "spellings": list(self.spellings)}


class Cluster(Value):
    """Unregistered spellings that look like one person, and the registry entry proposed."""

    __slots__ = ("key", "spellings", "count")

    def __init__(self, key: str, spellings: list[tuple[str, int]], count: int) -> None:
        Value.__init__(self, key, spellings, count)

    def entry(self) -> dict:
        """The registry entry to paste: the fullest mixed-case spelling as the name."""
        names = [s for s, _ in self.spellings]

        def lower_share(s: str) -> float:
            letters = [c for c in s if c.isalpha()]
            return sum(c.islower() for c in letters) / len(letters) if letters else 0.0

        best = max(names, key=lambda s: (len(name_words(s)), lower_share(s) > 0.3, -names.index(s)))
        name = _HONORIFIC_HEAD.sub("", best).strip() or best
        ident = re.sub(r"[^a-z0-9]+", "-", name_key(name)).strip("-") or self.key
        return {"id": ident, "name": name, "aliases": [s for s in names if s != name]}


#: Honorifics and abbreviations before a name ("Mr. ", "Mir. ", "H.E. "), left out of a proposed name.
_HONORIFIC_HEAD = re.compile(r"^(?:(?:[^\W\d_]{2,4}|[^\W\d_]\.[^\W\d_])\.\s*)+")


def _written_names(engine: Engine) -> Counter:
    """Every name as written in the index (speakers and turn labels), with its statements."""
    reader = engine.searcher.reader()
    counts: Counter = Counter()
    for field in ("speaker_names", "said_names"):
        if field not in engine.schema:
            continue
        for term in reader.lexicon(field):
            text = term_text(term)
            name = split_said_term(text)[1] if field == "said_names" else text
            counts[name] += reader.doc_frequency(field, term)
    return counts


def _need_people(engine: Engine):
    people = engine.people
    if people is None:
        raise UsageError(
            "no people registry for this index",
            hint="write searchtool-people.json in the collection (or set $SEARCHTOOL_PEOPLE); "
            "searchtool people suggest proposes entries",
            exit_code=1,
        )
    return people


def list_people(index_dir: Path) -> list[PersonRow]:
    """The registered persons, most statements first."""
    with Engine(index_dir) as engine:
        people = _need_people(engine)
        written = _written_names(engine)
        rows = []
        for person in people.persons:
            parsed = engine.parse(f'speaker:"{person.name}"', any_mode=False)
            docs = engine.matching_docs(parsed.query) if parsed.query is not None else set()
            if "turn_keys" in engine.schema:
                keys = people.keys_for(person.name)
                docs |= engine.matching_docs(wq.Or([wq.Term("turn_keys", k) for k in keys])) if keys else set()
            first, last = _span_of(engine, docs)
            spellings = sorted(n for n in written if people.person(n) is person)
            rows.append(PersonRow(person.id, person.name, len(docs), first, last, spellings))
        rows.sort(key=lambda r: (-r.statements, r.name))
        return rows


def _span_of(engine: Engine, docs: set[int]) -> tuple[str | None, str | None]:
    """First and last date of ``docs`` (ISO), else their first and last year (undated records
    dated by a year, as UN speeches are), else ``None``."""
    for column, show in ((engine.dates, lambda v: from_int(v).isoformat()), (engine.years, str)):
        values = [v for v in (column.value(d) for d in docs) if v is not None]
        if values:
            return show(min(values)), show(max(values))
    return None, None


def suggest_people(index_dir: Path, limit: int = 20) -> list[Cluster]:
    """Clusters of unregistered spellings (see the module docstring), most statements first."""
    with Engine(index_dir) as engine:
        people = engine.people
        written = _written_names(engine)
    by_surname: dict[str, list[tuple[str, int]]] = {}
    for name, count in written.items():
        if people is not None and people.person(name) is not None:
            continue
        words = name_words(name)
        if not words or name.startswith("@") or len(words) > 4:
            continue
        by_surname.setdefault(words[-1], []).append((name, count))
    clusters = []
    for key, names in by_surname.items():
        for group in _split_by_first_name(names):
            if len({n for n, _ in group}) >= 2:
                group.sort(key=lambda item: (-item[1], item[0]))
                clusters.append(Cluster(key, group, sum(c for _, c in group)))
    clusters.sort(key=lambda c: (-c.count, c.key))
    return clusters[:limit]


def _split_by_first_name(names: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    groups: dict[str, list[tuple[str, int]]] = {}
    bare = []
    for name, count in names:
        words = name_words(name)
        if len(words) >= 2:
            groups.setdefault(words[0][0], []).append((name, count))
        else:
            bare.append((name, count))
    if len(groups) == 1:
        next(iter(groups.values())).extend(bare)
    elif not groups:
        groups[""] = bare
    return list(groups.values())


def check_people(index_dir: Path) -> list[str]:
    """What looks wrong in the registry, one line each (empty: nothing)."""
    with Engine(index_dir) as engine:
        people = _need_people(engine)
        written = _written_names(engine)
    keys = {name_key(n) for n in written} | {surname_key(n) for n in written}
    problems = []
    for person in people.persons:
        for form in person.forms:
            if name_key(form) not in keys and surname_key(form) not in keys:
                problems.append(f"{person.id}: {form!r} matches no name in the index")
        for other in people.persons:
            if other.id > person.id and {surname_key(f) for f in person.forms} & {surname_key(f) for f in other.forms}:
                problems.append(f"{person.id} and {other.id} share a surname: a bare surname is told apart only by their posts' dates")
    for role in people.roles:
        for i, (pid, span) in enumerate(role.holders):
            for qid, other in role.holders[i + 1 :]:
                if span.overlaps(other):
                    problems.append(f"role {role.role!r}: the posts of {pid} and {qid} overlap")
    return problems

"""The people registry: one person, many written forms, and the posts they held when.

A collection may hold ``searchtool-people.json`` in its root (or name one with
``$SEARCHTOOL_PEOPLE``), checked like the rules file (a bad one is one line naming the file and
the entry)::

    {"persons": [{"id": "gromyko", "name": "Andrei Gromyko",
                  "aliases": ["A. A. Gromyko", "Громыко"],
                  "posts": [{"post": "Minister of Foreign Affairs", "org": "USSR",
                             "from": "1957-02-15", "to": "1985-07-02"}]}],
     "roles": [{"role": "Spokesperson, U.S. Department of State",
                "patterns": ["^office of the spokesperson$", "^(department )?spokesperson$"],
                "holders": [{"person": "price", "from": "2021-01-20", "to": "2022-12-31"}]}]}

A written name (a speaker value, a byline, a turn label) is matched to a person by its key
(:func:`searchtool.names.name_key`: case, honorifics, titles, initials, script and Russian case
endings folded), else by its surname key when one registered person alone has that surname. A
speaker string that matches a role's pattern ("Office of the Spokesperson") is attributed, by the
statement's date, to the role's holder, and the attribution says so (``role+date``).

Everything here is applied when a query is built and results are counted, never when the index is
written: the index keeps every name as written (nothing is lost) with its spelling-free key, so a
changed registry takes effect on the next search, without any rebuild.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path

from searchtool.errors import SearchtoolError
from searchtool.names import name_key, speaker_key, surname_key

#: Environment variable naming a people registry file.
PEOPLE_ENV = "SEARCHTOOL_PEOPLE"
#: A registry with this name in a collection root applies to that collection.
PEOPLE_FILENAME = "searchtool-people.json"

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _day(value: str | None, end: bool) -> _dt.date | None:
    """A registry date ("2021", "2021-01", "2021-01-20") as its first (or, for ``end``, last) day."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else (12 if end else 1), parts[2] if len(parts) > 2 else 0
    if not day:
        if not end:
            day = 1
        else:
            nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
            day = (nxt - _dt.timedelta(days=1)).day
    return _dt.date(year, month, day)


class Span:
    """A post or a role held from ``start`` to ``end`` (``None``: open)."""

    __slots__ = ("start", "end", "post", "org")

    def __init__(self, start: _dt.date | None, end: _dt.date | None, post: str = "", org: str = "") -> None:
        self.start, self.end, self.post, self.org = start, end, post, org

    def holds(self, day: _dt.date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: "Span") -> bool:
        lo = max(self.start or _dt.date.min, other.start or _dt.date.min)
        hi = min(self.end or _dt.date.max, other.end or _dt.date.max)
        return lo <= hi


class Person:
    """A registered person: ``id``, display ``name``, written forms, posts."""

    __slots__ = ("id", "name", "aliases", "posts")

    def __init__(self, id: str, name: str, aliases: list[str], posts: list[Span]) -> None:
        self.id, self.name, self.aliases, self.posts = id, name, aliases, posts

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


class Role:
    """A post named without its holder ("the Spokesperson"): patterns and holders by date."""

    __slots__ = ("role", "patterns", "holders")

    def __init__(self, role: str, patterns: list[re.Pattern[str]], holders: list[tuple[str, Span]]) -> None:
        self.role, self.patterns, self.holders = role, patterns, holders

    def matches(self, written: str) -> bool:
        text = " ".join(written.lower().split())
        return any(p.search(text) for p in self.patterns)


class Attribution:
    """Who a written name is: the person, and how it was decided (``name`` or ``role+date``)."""

    __slots__ = ("written", "person", "by", "role")

    def __init__(self, written: str, person: Person, by: str, role: str = "") -> None:
        self.written, self.person, self.by, self.role = written, person, by, role

    def to_json(self) -> dict:
        out = {"written": self.written, "person": self.person.name, "id": self.person.id, "attribution": self.by}
        if self.role:
            out["role"] = self.role
        return out


class People:
    """A loaded registry (see the module docstring); ``source`` names its file(s)."""

    def __init__(self, persons: list[Person], roles: list[Role], source: str = "") -> None:
        self.persons = persons
        self.roles = roles
        self.source = source
        self.by_id = {p.id: p for p in persons}
        self._full: dict[str, set[str]] = {}
        self._surname: dict[str, set[str]] = {}
        for person in persons:
            for form in person.forms:
                if name_key(form):
                    self._full.setdefault(name_key(form), set()).add(person.id)
                if surname_key(form):
                    self._surname.setdefault(surname_key(form), set()).add(person.id)

    def __len__(self) -> int:
        return len(self.persons)

    def person(self, written: str, day: _dt.date | None = None) -> Person | None:
        """The registered person ``written`` names, if one can be told (a shared surname is
        decided by who held a post on ``day``)."""
        ids = self._full.get(name_key(written)) or self._surname.get(surname_key(written)) or set()
        if len(ids) > 1 and day is not None:
            ids = {i for i in ids if any(s.holds(day) for s in self.by_id[i].posts)} or ids
        return self.by_id[next(iter(ids))] if len(ids) == 1 else None

    def attribute(self, written: str, day: _dt.date | None) -> Attribution | None:
        """Who ``written`` is on ``day``: by name, else by a role and the date."""
        person = self.person(written, day)
        if person is not None:
            return Attribution(written, person, "name")
        for role in self.roles:
            if role.matches(written):
                for pid, span in role.holders:
                    if span.holds(day):
                        return Attribution(written, self.by_id[pid], "role+date", role.role)
        return None

    def keys_for(self, name: str) -> list[str]:
        """The speaker keys (:func:`searchtool.names.speaker_key`) of every form of the person
        ``name`` names; the name's own key when it names no registered person."""
        person = self.person(name)
        forms = person.forms if person is not None else [name]
        keys: list[str] = []
        for form in forms:
            key = speaker_key(form)
            if key and key not in keys:
                keys.append(key)
        return keys

    def display(self, key: str, default: str) -> str:
        """The canonical name for a speaker key, or ``default``."""
        ids = self._surname.get(key) or self._full.get(key) or set()
        return self.by_id[next(iter(ids))].name if len(ids) == 1 else default

    def roles_of(self, person: Person) -> list[tuple[Role, Span]]:
        return [(role, span) for role in self.roles for pid, span in role.holders if pid == person.id]


# -- the file ---------------------------------------------------------------------------------


def _fail(path: Path | str, what: str) -> SearchtoolError:
    return SearchtoolError(f"people registry {path}: {what}", hint="see docs/people.md for the format")


def _span(path, where: str, item: dict) -> Span:
    for key in ("from", "to"):
        value = item.get(key)
        if value is not None and not (isinstance(value, str) and _DATE.match(value)):
            raise _fail(path, f"{where}: {key!r} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    try:
        start, end = _day(item.get("from"), False), _day(item.get("to"), True)
    except ValueError as err:
        raise _fail(path, f"{where}: {err}") from None
    if start and end and start > end:
        raise _fail(path, f"{where}: 'from' {item['from']} is after 'to' {item['to']}")
    return Span(start, end, str(item.get("post", "")), str(item.get("org", "")))


def parse_registry(data: object, path: Path | str) -> People:
    """A :class:`People` from a registry's JSON value; :class:`SearchtoolError` naming the entry
    when it is not one."""
    if not isinstance(data, dict):
        raise _fail(path, "must hold a JSON object with 'persons' (and 'roles')")
    unknown = set(data) - {"persons", "roles", "comment"}
    if unknown:
        raise _fail(path, f"unknown keys {', '.join(sorted(unknown))}")
    persons: list[Person] = []
    seen: set[str] = set()
    raw_persons = data.get("persons", [])
    if not isinstance(raw_persons, list):
        raise _fail(path, "'persons' must be a list")
    for i, item in enumerate(raw_persons):
        where = f"persons[{i}]"
        if not isinstance(item, dict):
            raise _fail(path, f"{where} must be an object with 'id' and 'name'")
        pid, name = item.get("id"), item.get("name")
        if not isinstance(pid, str) or not pid.strip() or not isinstance(name, str) or not name_key(name):
            raise _fail(path, f"{where} needs an 'id' and a 'name' (strings)")
        if pid in seen:
            raise _fail(path, f"{where}: id {pid!r} is used twice")
        seen.add(pid)
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _fail(path, f"{where} ({pid}): 'aliases' must be a list of strings")
        posts = item.get("posts", [])
        if not isinstance(posts, list) or not all(isinstance(p, dict) for p in posts):
            raise _fail(path, f"{where} ({pid}): 'posts' must be a list of objects")
        spans = [_span(path, f"{where} ({pid}) posts[{j}]", p) for j, p in enumerate(posts)]
        persons.append(Person(pid, name, [a for a in aliases if a.strip()], spans))
    roles: list[Role] = []
    raw_roles = data.get("roles", [])
    if not isinstance(raw_roles, list):
        raise _fail(path, "'roles' must be a list")
    for i, item in enumerate(raw_roles):
        where = f"roles[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("role"), str):
            raise _fail(path, f"{where} must be an object with 'role', 'patterns' and 'holders'")
        patterns = []
        for pattern in item.get("patterns", []):
            try:
                patterns.append(re.compile(pattern, re.IGNORECASE))
            except (re.error, TypeError) as err:
                raise _fail(path, f"{where}: bad pattern {pattern!r}: {err}") from None
        holders = []
        for j, holder in enumerate(item.get("holders", [])):
            if not isinstance(holder, dict) or holder.get("person") not in seen:
                raise _fail(path, f"{where} holders[{j}]: 'person' must be the id of a registered person")
            holders.append((holder["person"], _span(path, f"{where} holders[{j}]", holder)))
        roles.append(Role(item["role"], patterns, holders))
    return People(persons, roles, str(path))


def load_registry(path: Path) -> People:
    """The registry in ``path`` (checked)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise _fail(path, f"cannot be read: {err}") from None
    return parse_registry(data, path)


def registry_path(roots: list[str] | tuple[str, ...] = ()) -> Path | None:
    """The registry in force: ``$SEARCHTOOL_PEOPLE``, else the first collection root's
    ``searchtool-people.json``; ``None`` when there is none."""
    env = os.environ.get(PEOPLE_ENV)
    if env:
        return Path(env)
    for root in roots:
        path = Path(root) / PEOPLE_FILENAME
        if path.is_file():
            return path
    return None


def find_people(roots: list[str] | tuple[str, ...] = ()) -> People | None:
    """The loaded registry for a collection with these roots, or ``None``."""
    path = registry_path(roots)
    return load_registry(path) if path is not None else None

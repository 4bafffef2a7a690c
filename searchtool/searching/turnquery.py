"""``said:NAME WORDS`` and ``asked:WORDS``: words matched inside the turns of one speaker.

``said:price "north korea"`` finds the statements in which a turn spoken by Price holds the
phrase; ``said:price korea sanctions`` those in which Price's turns of the statement hold both
words (each word in any of his turns, a phrase inside one turn). The WORDS are the rest of the
query: every other clause of it. A reporter's question never counts: it is a turn of its own
(key ``question``). ``asked:WORDS`` is the other side: the words inside a question turn
(``asked:"north korea"``, ``asked:(korea iran)``), and the rest of the query applies to the
statement. A statement without turns is one turn by its credited speakers: there
``said:price korea`` means ``speaker:price`` and ``korea``.

The words become terms of the ``said`` field (:mod:`searchtool.index.turnfield`): each body term
and phrase of the built query is rewritten as the same term or phrase spoken by each of the
speaker's keys. Title and name-field parts are dropped (a title is nobody's words); wildcards,
fuzzy words, ranges and exclusions keep applying to the whole statement. ``said:``/``asked:``
must be top-level clauses (not inside OR, NOT or a group): "statements where Price did not say
X" is written ``-said:...`` nowhere yet.
"""

from __future__ import annotations

from whoosh import query as wq

from searchtool.index.turnfield import said_term
from searchtool.names import speaker_key
from searchtool.searching.queries import FastPhrase
from searchtool.searching.syntax import Bool, Boosted, Not, QuerySyntaxError, Unit
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Callable

#: Query field names that take turns apart.
TURN_QUERY_FIELDS = ("said", "asked")
#: The speaker key of reporters' questions (searchtool.reading.turns).
QUESTION_KEY = "question"


class TurnFilter(Value):
    """Which turns a query's words must be in: ``keys`` (the ``said:`` speakers; empty: anyone's)
    and ``asked`` (in a question). ``--passages`` lists only such turns."""

    __slots__ = ("keys", "asked")

    def __init__(self, keys: tuple[str, ...], asked: bool) -> None:
        Value.__init__(self, keys, asked)

    def admits(self, key: str, role: str) -> bool:
        if self.keys and key not in self.keys and not (self.asked and role == "question"):
            return False
        return not self.asked or bool(self.keys) or role == "question"


class TurnClause(Value):
    """One ``said:NAME`` (``node`` the name's unit) or ``asked:WORDS`` (``node`` the words)."""

    __slots__ = ("kind", "node")

    def __init__(self, kind: str, node: Any) -> None:
        Value.__init__(self, kind, node)


def _fields_in(node: Any) -> set:
    if isinstance(node, Unit):
        return {node.field}
    if isinstance(node, Bool):
        return set().union(*(_fields_in(i) for i in node.items)) if node.items else set()
    if isinstance(node, (Not, Boosted)):
        return _fields_in(node.item)
    return set()


def _unfield(node: Any) -> Any:
    """``asked:(a b)``'s words as plain words."""
    if isinstance(node, Unit):
        return Unit(None, node.text, node.col, node.phrase, node.slop, node.boost, node.fuzzy)
    if isinstance(node, Bool):
        return Bool(node.op, [_unfield(i) for i in node.items], list(node.marks), node.chain)
    if isinstance(node, (Not, Boosted)):
        return type(node)(_unfield(node.item), *([node.boost] if isinstance(node, Boosted) else []))
    return node


def split_turn_clauses(tree: Any) -> tuple[Any, list[TurnClause]]:
    """The tree without its top-level ``said:``/``asked:`` clauses, and those clauses."""
    items, marks, op = ([tree], [""], "default") if not isinstance(tree, Bool) else (tree.items, tree.marks, tree.op)
    if op == "or":
        items, marks = [tree], [""]
    clauses: list[TurnClause] = []
    rest, rest_marks = [], []
    for item, mark in zip(items, marks):
        fields = _fields_in(item)
        if mark != "-" and fields and fields <= set(TURN_QUERY_FIELDS) and len(fields) == 1 and (
            isinstance(item, Unit) or "asked" in fields
        ):
            kind = next(iter(fields))
            clauses.append(TurnClause(kind, item if kind == "said" else _unfield(item)))
        else:
            if fields & set(TURN_QUERY_FIELDS):
                raise QuerySyntaxError(
                    "said: and asked: must be top-level clauses of the query (not inside OR, NOT or a group)",
                    hint='write e.g. said:price "north korea" or asked:"north korea"',
                )
            rest.append(item)
            rest_marks.append(mark)
    if not clauses:
        return tree, []
    if not rest:
        return None, clauses
    if len(rest) == 1 and rest_marks[0] != "-":
        return rest[0], clauses
    return Bool(op if op != "or" else "default", rest, rest_marks), clauses


def in_turns(query: Any, keys: list[str], fieldname: str = "body") -> Any:
    """``query``'s body words as words spoken by ``keys`` (``None`` when it has none)."""
    if query is None:
        return None
    kind = type(query)
    if kind is wq.Term:
        if query.fieldname != fieldname:
            return None
        return _any([wq.Term("said", said_term(query.text, k), boost=query.boost) for k in keys])
    if kind is FastPhrase:
        if query.fieldname != fieldname:
            return None
        return _any([FastPhrase("said", [said_term(w, k) for w in query.words], slop=query.slop, boost=query.boost) for k in keys])
    if kind is wq.Or:
        parts = [p for p in (in_turns(c, keys, fieldname) for c in query.subqueries) if p is not None]
        return _any(parts) if parts else None
    if kind is wq.And:
        parts = [in_turns(c, keys, fieldname) for c in query.subqueries]
        if all(p is None for p in parts):
            return None
        return wq.And([p if p is not None else c for p, c in zip(parts, query.subqueries)])
    if kind is wq.AndNot:
        inner = in_turns(query.a, keys, fieldname)
        return None if inner is None else wq.AndNot(inner, query.b)
    if kind is wq.AndMaybe:
        return in_turns(query.a, keys, fieldname)
    return None


def _any(parts: list) -> Any:
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _all(parts: list) -> Any:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def turn_query(
    words: Any,
    clauses: list[TurnClause],
    build: Callable[[Any], Any],
    keys_for: Callable[[str], list[str]],
    speaker_query: Callable[[Unit], Any],
    has_turns: bool,
) -> tuple[Any, TurnFilter]:
    """The query for ``words`` (the rest of the query, built) under ``clauses``, and the turns
    it is about.

    ``build`` builds a syntax subtree; ``keys_for(name)`` the speaker keys of a name (the people
    registry's forms of the person, or the name's own key); ``speaker_query(unit)`` the
    ``speaker:`` query of a name, for statements without turns.
    """
    if not has_turns:
        raise QuerySyntaxError(
            "this index was built before turns were indexed: said: and asked: need them",
            hint="rebuild it with: searchtool index --rebuild",
        )
    said = [c for c in clauses if c.kind == "said"]
    asked = [c for c in clauses if c.kind == "asked"]
    parts = [words]
    keys: list[str] = []
    for clause in asked:
        built = build(clause.node)
        if built is None:
            continue
        spoken = in_turns(built, [QUESTION_KEY])
        parts.append(built if spoken is None else wq.And([built, spoken]))
    if said:
        for clause in said:
            found = keys_for(clause.node.text)
            if not found:
                raise QuerySyntaxError(
                    f"said:{clause.node.text} names no speaker", hint="write a name or surname, e.g. said:price"
                )
            keys.extend(k for k in found if k not in keys)
        spoken = in_turns(words, keys)
        by_keys = _any([wq.Term("turn_keys", k) for k in keys])
        in_transcripts = _all([words, spoken if spoken is not None else by_keys])
        credited = _any([q for q in (speaker_query(c.node) for c in said) if q is not None]) if said else None
        unlabelled = None
        if credited is not None:
            unlabelled = _all([words, credited, wq.Not(wq.Term("hasturns", "1"))])
        found = _any([q for q in (in_transcripts, unlabelled) if q is not None])
        parts[0] = found
    return _all(parts), TurnFilter(tuple(keys), bool(asked))


def default_keys(name: str) -> list[str]:
    """The speaker key of a name as typed, without a people registry."""
    key = speaker_key(name)
    return [key] if key else []

"""The query language: what users type, read into a small syntax tree.

A small hand-written recursive-descent parser rather than Whoosh's ``QueryParser``, for three
reasons: punctuation that people type naturally ("U.S.-Russia", "multi-agent", "CSTO's", "5+5",
a stray quote or parenthesis) must search sensibly instead of being read as syntax; the few
things that really cannot be read must fail with one line that points at the column and says
how to fix it; and date clauses must become fast column filters rather than range queries.

Grammar (AND by default, ``--any`` makes the implicit operator OR)::

    query   := or ( EOF )
    or      := and ( "OR" and )*
    and     := unary ( ["AND"] unary | "NOT" unary )*
    unary   := ("NOT" | "-") unary | "+" unary | primary
    primary := "(" or ")" | NAME ":" value | "phrase"[~N][^B] | word[~[N]][^B]

This module knows neither the index nor Whoosh (as tantivy keeps its grammar in a crate of its
own): which names before ``:`` are fields is asked of a ``resolve_field`` callable, and words
stay as typed. :mod:`searchtool.searching.build` resolves the names against the index's fields
and turns the tree into Whoosh queries with the schema's analyzers. ``date:``/``year:`` values
use :mod:`searchtool.searching.datequery`; :func:`split_top_dates` takes the date clauses that
every hit must satisfy out of the tree, to become column filters.
"""

from __future__ import annotations

import re
import unicodedata

from searchtool.chars import ZERO_WIDTH, replace_surrogates
from searchtool.errors import UsageError
from searchtool.searching.datequery import DateSpan, parse_date_expr
from searchtool.searching.words import NAME_FIELDS, TEXT_FIELDS
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from datetime import date
    from typing import Any, Callable

#: Longest query read, in characters.
MAX_QUERY_CHARS = 10000
#: Deepest nesting of groups and prefix operators (the parser recurses once per level).
MAX_NESTING = 100

#: What users may type before ``:`` for the core fields (extra metadata fields use their own name).
FIELD_ALIASES = {
    "title": "title",
    "headline": "title",
    "body": "body",
    "text": "body",
    "content": "body",
    "speaker": "speaker",
    "speakers": "speaker",
    "author": "speaker",
    "by": "speaker",
    "post": "post",
    "role": "post",
    "type": "type",
    "kind": "type",
    "doctype": "type",
    "date": "date",
    "year": "year",
    "url": "url",
    "path": "path",
    "file": "path",
    "id": "id",
    "said": "said",  # said:NAME WORDS, asked:WORDS: searching.turnquery
    "asked": "asked",
}

#: Fields whose values are dates.
DATE_FIELDS = ("date", "year")

_FIELD = re.compile(r"([A-Za-z_][\w.-]*):")
_BOOST = re.compile(r"\^(\d+(?:\.\d+)?)$")
_FUZZY = re.compile(r"~(\d)?$")
_SLOP = re.compile(r"~(\d+)")
#: A word as the parser reads it: anything up to a space, a bracket or a double quote.
_WORD = r'[^\s()"]+'
_OPERATORS = {"AND", "OR", "NOT", "&&", "||"}
_RELATIVE_HEADS = {"last", "this", "past", "previous"}
#: Typographic double quotes (pasted from word processors and web pages) act as ``"``.
_QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u301d\u301e"})
#: Invisible characters that text copied from web pages carries inside words.
_INVISIBLE = dict.fromkeys(map(ord, ZERO_WIDTH))
#: 'a phrase' in typographic single quotes (an apostrophe inside a word, "Russia’s", stays).
#: Compiled on first use (~0.3 ms), by the few queries that hold a ‘.
_SINGLE_QUOTED = "(?<!\\w)\u2018([^\u2018\u2019\"]+)\u2019(?!\\w)"


def normalise_query(text: str) -> str:
    """The query as the parser reads it: NFKC (ligatures, full-width letters), no zero-width
    characters, typographic quotes as ``"``."""
    text = replace_surrogates(text)  # bytes of an argument that were not UTF-8: shown as U+FFFD
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_QUOTES)
    if "\u2018" in text:
        text = re.sub(_SINGLE_QUOTED, r'"\1"', text)
    return text


class QuerySyntaxError(UsageError):
    """A query that cannot be read; the message points at the column and suggests a fix."""


# --------------------------------------------------------------------------------------------
# Syntax tree: the parser builds these; searchtool.searching.build turns them into Whoosh queries.


class Unit(Value):
    """One word or phrase, as typed, in one field context (``None``: the default fields)."""

    __slots__ = ("field", "text", "col", "phrase", "slop", "boost", "fuzzy")

    def __init__(
        self,
        field: str | None,
        text: str,
        col: int,
        phrase: bool = False,
        slop: int = 1,
        boost: float = 1.0,
        fuzzy: int | None = None,
    ) -> None:
        Value.__init__(self, field, text, col, phrase, slop, boost, fuzzy)


class DateClause(Value):
    """``date:``/``year:`` and its span: days (YYYYMMDD) for date:, years for year:."""

    __slots__ = ("span", "col", "field")

    def __init__(self, span: DateSpan, col: int, field: str = "date") -> None:
        Value.__init__(self, span, col, field)


class Range(Value):
    """``name:[lo TO hi]`` on a metadata field (``None``: an open end)."""

    __slots__ = ("field", "lo", "hi", "lo_excl", "hi_excl", "col")

    def __init__(self, field: str, lo: str | None, hi: str | None, lo_excl: bool, hi_excl: bool, col: int) -> None:
        Value.__init__(self, field, lo, hi, lo_excl, hi_excl, col)


class Bool(Value):
    """Items joined by an operator. ``op``: "and" | "or" | "default" (the implicit one); ``marks``,
    per item: "" (normal), "+" (required), "-" (excluded); ``chain``: an explicit
    "a AND b AND ..." (later ANDs extend it)."""

    __slots__ = ("op", "items", "marks", "chain")

    def __init__(self, op: str, items: list[Any], marks: list[str], chain: bool = False) -> None:
        Value.__init__(self, op, items, marks, chain)


class Not(Value):
    """A negated item inside a field (``title:-word``)."""

    __slots__ = ("item",)

    def __init__(self, item: Any) -> None:
        Value.__init__(self, item)


class Boosted(Value):
    """A boosted group, ``(a b)^2``."""

    __slots__ = ("item", "boost")

    def __init__(self, item: Any, boost: float) -> None:
        Value.__init__(self, item, boost)


# --------------------------------------------------------------------------------------------


def parse(text: str, resolve_field: Callable[[str, int], str | None], today: date | None = None) -> Any:
    """The syntax tree of user ``text`` (``None`` when it holds nothing to search for), read
    after :func:`normalise_query`; raises :class:`QuerySyntaxError`.

    ``resolve_field(typed, column)`` maps what was typed before ``:`` to a field, or ``None``
    to read it as a word ("Re: NATO", "10:30"); ``today`` anchors relative dates.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError("the query is longer than 10,000 characters", hint="shorten it")
    return Parser(normalise_query(text), resolve_field, today=today).parse()


def clean_balance(text: str) -> str:
    """Drop an unpaired double quote (the last one) so the rest reads as words."""
    if text.count('"') % 2:
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1 :]
    return text


class Parser:
    """The recursive-descent reader of the grammar above, over one query's text."""

    def __init__(self, text: str, resolve_field: Callable[[str, int], str | None], today: date | None = None) -> None:
        self.text = clean_balance(text)
        self.original = text
        self.pos = 0
        self.depth = 0
        self.nesting = 0
        self.resolve_field = resolve_field
        self.today = today

    # -- lexing helpers ------------------------------------------------------------------------
    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        self.skip_ws()
        return self.pos >= len(self.text)

    def peek_word(self) -> str:
        self.skip_ws()
        m = re.compile(_WORD).match(self.text, self.pos)
        return m.group(0) if m else ""

    def peek_operator(self) -> str | None:
        word = self.peek_word()
        if word in _OPERATORS:
            end = self.pos + len(word)
            # an operator is a whole token: followed by space, a bracket or the end
            if end >= len(self.text) or self.text[end].isspace() or self.text[end] in "()\"":
                return {"&&": "AND", "||": "OR"}.get(word, word)
        return None

    def error(self, message: str, col: int, fix: str) -> QuerySyntaxError:
        return QuerySyntaxError(f"{message} at column {col + 1} of the query", hint=fix)

    def enter(self, col: int) -> None:
        """One level deeper (a group or a prefix operator); bounded, the parser recurses."""
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self.error(
                f"groups or operators are nested more than {MAX_NESTING} deep", col, "remove some parentheses or operators"
            )

    # -- grammar -------------------------------------------------------------------------------
    def parse(self) -> Any:
        parts = [self.parse_or(None)]
        while not self.at_end():  # stray ')' at top level: skip it and keep reading
            if self.text[self.pos] == ")":
                self.pos += 1
                parts.append(self.parse_or(None))
            else:  # pragma: no cover - parse_or consumes everything else
                break
        parts = [p for p in parts if p is not None]
        if len(parts) <= 1:
            return parts[0] if parts else None
        return Bool("default", parts, [""] * len(parts))

    def parse_or(self, fieldname: str | None) -> Any:
        items = [self.parse_and(fieldname)]
        while self.peek_operator() == "OR":
            self.pos += len(self.peek_word())
            items.append(self.parse_and(fieldname))
        items = [i for i in items if i is not None]
        if not items:
            return None
        return items[0] if len(items) == 1 else Bool("or", items, [""] * len(items))

    def parse_and(self, fieldname: str | None) -> Any:
        items: list[Any] = []
        marks: list[str] = []
        explicit_and = False
        while not self.at_end():
            ch = self.text[self.pos]
            if ch == ")":
                if self.depth:
                    break
                self.pos += 1  # unbalanced ')': ignore it
                continue
            op = self.peek_operator()
            if op == "OR":
                break
            if op == "AND":
                self.pos += len(self.peek_word())
                explicit_and = True
                continue
            mark = ""
            if op == "NOT":
                self.pos += len(self.peek_word())
                mark = "-"
            node, unary_mark = self.parse_unary(fieldname)
            if node is None:
                continue
            mark = _combine_marks(mark, unary_mark)
            if explicit_and and items and marks[-1] != "-" and mark != "-":
                # "a AND b": both required, even where the implicit operator is OR
                prev = items.pop()
                marks.pop()
                if isinstance(prev, Bool) and prev.chain:
                    prev.items.append(node)  # "a AND b AND c": one list, not a nested chain
                    prev.marks.append("")
                    node = prev
                else:
                    node = Bool("and", [prev, node], ["", ""], chain=True)
            explicit_and = False
            items.append(node)
            marks.append(mark)
        if not items:
            return None
        if len(items) == 1 and marks[0] == "":
            return items[0]
        return Bool("default", items, marks)

    def parse_unary(self, fieldname: str | None) -> tuple[Any, str]:
        self.skip_ws()
        if self.pos >= len(self.text) or self.text[self.pos] == ")":
            return None, ""  # a dangling operator: nothing to apply it to
        ch = self.text[self.pos]
        nxt = self.text[self.pos + 1] if self.pos + 1 < len(self.text) else ""
        if ch in "-+!" and nxt and not nxt.isspace() and nxt not in "-+!)":
            if ch == "-" and fieldname in DATE_FIELDS:
                return self.parse_primary(fieldname), ""  # date:-30d is a relative date
            self.enter(self.pos)
            self.pos += 1
            node, inner = self.parse_unary(fieldname)
            self.nesting -= 1
            return node, _combine_marks("-" if ch in "-!" else "+", inner)
        if ch in "-+!" and (not nxt or nxt.isspace() or nxt in "-+!)"):
            self.pos += 1  # a lone sign is punctuation
            return None, ""
        if self.peek_operator() == "NOT":
            self.enter(self.pos)
            self.pos += len(self.peek_word())
            node, inner = self.parse_unary(fieldname)
            self.nesting -= 1
            return node, _combine_marks("-", inner)
        return self.parse_primary(fieldname), ""

    def parse_primary(self, fieldname: str | None) -> Any:
        """A group, a field clause, a phrase or a word: the four arms of ``primary``."""
        self.skip_ws()
        start = self.pos
        ch = self.text[self.pos]
        if ch == "(":
            return self.parse_group(fieldname, start)
        if fieldname is None:
            m = _FIELD.match(self.text, self.pos)
            if m:
                name = self.resolve_field(m.group(1), start)
                if name is not None:  # else "Re: NATO": the name is a word
                    self.pos = m.end()
                    return self.parse_field(name, m.group(1), start)
        if ch == '"':
            return self.parse_phrase(fieldname, start)
        return self.parse_word(fieldname, start)

    def parse_group(self, fieldname: str | None, start: int) -> Any:
        """``( or )``, optionally boosted; an unclosed ``(`` runs to the end of the query."""
        self.enter(start)
        self.pos += 1
        self.depth += 1
        node = self.parse_or(fieldname)
        self.depth -= 1
        self.nesting -= 1
        self.skip_ws()
        if self.pos < len(self.text) and self.text[self.pos] == ")":
            self.pos += 1
        return self.maybe_boost(node)

    def parse_field(self, name: str, typed: str, start: int) -> Any:
        """The value after ``typed:`` (field ``name``): a date, a range, or a unary in the field."""
        self.skip_ws()  # "title: nato" means title:nato
        if name in DATE_FIELDS:
            return self.parse_date_value(name, start)
        if self.pos >= len(self.text) or self.text[self.pos] == ")":
            raise self.error(f"{typed}: has no value", start, f"write e.g. {typed}:WORD or {typed}:\"two words\"")
        if self.text[self.pos] in "[{":
            return self.parse_field_range(name, typed, start)
        return self.parse_unary_in_field(name)

    def parse_phrase(self, fieldname: str | None, start: int) -> Unit | None:
        """``"words"[~N][^B]`` (quotes are balanced by then: :func:`clean_balance`)."""
        end = self.text.find('"', self.pos + 1)
        phrase = self.text[self.pos + 1 : end]
        self.pos = end + 1
        slop = 1
        m = _SLOP.match(self.text, self.pos)
        if m:
            slop = max(1, int(m.group(1)))
            self.pos = m.end()
        boost = self.read_boost()
        if not phrase.strip():
            return None
        return Unit(fieldname, phrase, start, phrase=True, slop=slop, boost=boost)

    def parse_word(self, fieldname: str | None, start: int) -> Unit | None:
        """``word[~[N]][^B]``."""
        m = re.compile(_WORD).match(self.text, self.pos)
        word = m.group(0)
        self.pos = m.end()
        boost = 1.0
        b = _BOOST.search(word)
        if b:
            boost = float(b.group(1))
            word = word[: b.start()]
        fuzzy = None
        f = _FUZZY.search(word)
        if f and len(word) > 1:
            fuzzy = int(f.group(1)) if f.group(1) else 1
            word = word[: f.start()]
        if not word:
            return None
        return Unit(fieldname, word, start, boost=boost, fuzzy=fuzzy)

    def parse_field_range(self, name: str, typed: str, start: int) -> Range:
        """``name:[A TO B]`` on a metadata field (``{`` and ``}`` leave that end out)."""
        text = self.text
        opening = text[self.pos]
        ends = [i for i in (text.find("]", self.pos), text.find("}", self.pos)) if i >= 0]
        example = f"{typed}:[1 TO 5]"
        if not ends:
            raise self.error(f"the range after {typed}: is not closed", start, f"close it with ], e.g. {example}")
        close = min(ends)
        inner = text[self.pos + 1 : close]
        self.pos = close + 1
        if name in TEXT_FIELDS or name in NAME_FIELDS:
            raise self.error(
                f"{typed}: cannot take a range", start, "ranges work on date:, year: and metadata fields such as session:[1 TO 5]"
            )
        m = re.fullmatch(r"\s*(\S+)\s+TO\s+(\S+)\s*", inner)
        if not m:
            raise self.error(f"cannot read the range after {typed}:", start, f"write it as {example}, with * for an open end")
        lo, hi = (None if v == "*" else v for v in m.groups())
        return Range(name, lo, hi, opening == "{", text[close] == "}", start)

    def parse_unary_in_field(self, name: str) -> Any:
        node, mark = self.parse_unary(name)
        if mark == "-":
            return Not(node) if node is not None else None
        return node

    def read_boost(self) -> float:
        m = re.compile(r"\^(\d+(?:\.\d+)?)").match(self.text, self.pos)
        if m:
            self.pos = m.end()
            return float(m.group(1))
        return 1.0

    def maybe_boost(self, node: Any) -> Any:
        boost = self.read_boost()
        return node if node is None or boost == 1.0 else Boosted(node, boost)

    def parse_date_value(self, name: str, start: int) -> DateClause:
        text = self.text
        pos = self.pos
        if pos < len(text) and text[pos] == "(":
            raise self.error(
                f"{name}: takes one date or range, not a group", start, f"write e.g. ({name}:2012 OR {name}:2014) or {name}:[2012 TO 2014]"
            )
        if pos >= len(text) or text[pos] == ")":
            raise self.error(f"{name}: has no value", start, "write e.g. date:2012-12 or date:>=2013")
        if text[pos] in "[{":
            close = min((i for i in (text.find("]", pos), text.find("}", pos)) if i >= 0), default=-1)
            if close < 0:
                raise self.error(
                    f"the date range after {name}: is not closed", start, "close it with ], e.g. date:[2012-01-01 TO 2012-06-30]"
                )
            value = text[pos : close + 1]
            self.pos = close + 1
        elif text[pos] == '"':
            close = text.find('"', pos + 1)
            value = text[pos + 1 : close]
            self.pos = close + 1
        else:
            m = re.compile(r"[^\s()]+").match(text, pos)
            value = m.group(0)
            self.pos = m.end()
            if value.lower() in _RELATIVE_HEADS:  # date:last year, date:last 30 days
                m2 = re.compile(r"\s+(\d+\s+)?(days?|weeks?|months?|years?)\b", re.I).match(text, self.pos)
                if m2:
                    value = value + m2.group(0)
                    self.pos = m2.end()
        if name == "year" and re.fullmatch(r"\d{1,3}", value.strip()):
            raise self.error(f"year:{value} is not a 4-digit year", start, "write e.g. year:2012")
        try:
            span = parse_date_expr(value, self.today)
        except UsageError as err:
            raise QuerySyntaxError(f"{err.message} at column {start + 1} of the query", hint=err.hint) from None
        if name == "year":
            # The index's year column: filled from the date, or from a numeric `year` field of
            # an undated record (UN speeches), so year: must not look at the date column.
            span = DateSpan(None if span.start is None else span.start // 10000, None if span.end is None else span.end // 10000)
        return DateClause(span, start, name)


def _combine_marks(outer: str, inner: str) -> str:
    if "-" in (outer, inner):
        return "-" if (outer == "-") != (inner == "-") else "+"
    return "+" if "+" in (outer, inner) else ""


# --------------------------------------------------------------------------------------------
# What the tree says as a whole


def split_top_dates(node: Any) -> tuple[Any, dict[str, DateSpan]]:
    """Take date/year clauses that every hit must satisfy out of the tree, one span per column."""
    if isinstance(node, DateClause):
        return None, {node.field: node.span}
    spans: dict[str, DateSpan] = {}

    def add(more: dict[str, DateSpan]) -> None:
        for name, span in more.items():
            spans[name] = span if name not in spans else spans[name].intersect(span)

    if isinstance(node, Bool) and node.op in ("and", "default"):
        items, marks = [], []
        for item, mark in zip(node.items, node.marks):
            required = mark == "+" or (mark == "" and node.op == "and")
            # in AND mode every unmarked conjunct is required; in OR mode a date is still meant as a filter
            if isinstance(item, DateClause) and mark != "-":
                add({item.field: item.span})
                continue
            if isinstance(item, Bool) and item.op == "and" and (required or mark == ""):
                inner, inner_spans = split_top_dates(item)
                if inner_spans:
                    add(inner_spans)
                    item = inner
                    if item is None:
                        continue
            items.append(item)
            marks.append(mark)
        if not items:
            return None, spans
        return Bool(node.op, items, marks), spans
    return node, spans


def count_units(node: Any) -> int:
    """Positive word/phrase units at the top level (what the AND->OR fallback counts)."""
    if isinstance(node, Unit):
        return 1
    if isinstance(node, Boosted):
        return count_units(node.item)
    if isinstance(node, Bool):
        return sum(count_units(i) for i, m in zip(node.items, node.marks) if m != "-")
    return 0


def is_plain(node: Any) -> bool:
    """Only words and phrases, no operators, signs, groups, fields, boosts or fuzzy marks."""
    if isinstance(node, Unit):
        return node.field is None and node.boost == 1.0 and node.fuzzy is None
    if isinstance(node, Bool) and node.op == "default":
        return all(m == "" and isinstance(i, Unit) and is_plain(i) for i, m in zip(node.items, node.marks))
    return False

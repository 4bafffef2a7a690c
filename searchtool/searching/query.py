"""The query language: what users type, turned into a Whoosh query.

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

Words are analysed with the field's own analyzer (from the index schema), so a word that splits
into several tokens ("U.S.-Russia") becomes a phrase of them, and one that yields none (a stop
word) is dropped. ``date:``/``year:`` values use :mod:`searchtool.searching.datequery`; a date clause that
is a top-level conjunct becomes a filter (:attr:`ParsedQuery.date_span`) instead of a query.
"""

from __future__ import annotations

import re
import unicodedata

from searchtool.chars import ZERO_WIDTH
from searchtool.searching.datequery import DateSpan, parse_date_expr
from searchtool.doctypes import doc_type, type_key
from searchtool.errors import UsageError
from searchtool.searching.queries import FastPhrase
from searchtool.searching.words import FUNCTION_WORDS, TEXT_FIELDS
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Callable, Iterable

#: Fields searched by words without a field name.
#: Fields that words without a field name also search, with a small weight: the reader lifts
#: bylines ("Antony J. Blinken, Secretary of State") out of the body into these, and a name
#: search must still find the statements that person issued; the weight keeps the ranking
#: driven by what the title and body say.
NAME_FIELDS = ("speaker", "post")
NAME_FIELD_WEIGHT = 0.2
#: Deepest nesting of groups and prefix operators (the parser recurses once per level).
MAX_NESTING = 100
#: Most index terms one fuzzy word may stand for.
MAX_FUZZY_TERMS = 64

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
}

#: Fields whose values are dates.
DATE_FIELDS = ("date", "year")

#: Fields indexed as one exact token (no analysis): the value is matched as typed (normalised).
EXACT_FIELDS = ("type", "url", "path", "id")

_WILDCARD = re.compile(r"[*?]")
_FIELD = re.compile(r"([A-Za-z_][\w.-]*):")
_BOOST = re.compile(r"\^(\d+(?:\.\d+)?)$")
_FUZZY = re.compile(r"~(\d)?$")
_SLOP = re.compile(r"~(\d+)")
_OPERATORS = {"AND", "OR", "NOT", "&&", "||"}
#: Common endings: tried on a prefix to find the stems its completions reduce to (_Builder.pattern),
#: and on a stem to find the words it stands for (close_terms).
_COMPLETIONS = ("", "e", "s", "es", "ed", "ing", "ion", "ions", "al", "y", "ies", "ity", "ment", "ive", "ent", "ents", "ence",
                "ation", "ations", "er", "ers", "ly")
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
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_QUOTES)
    if "\u2018" in text:
        text = re.sub(_SINGLE_QUOTED, r'"\1"', text)
    return text


class QuerySyntaxError(UsageError):
    """A query that cannot be read; the message points at the column and suggests a fix."""


class ParsedQuery(Value):
    """A parsed user query.

    ``query`` is ``None`` when the text has no searchable words (only filters, or only stop
    words): with a filter that means "everything the filter admits", otherwise nothing.
    ``year_span`` is like ``date_span``, in years, for the index's ``year`` column (``year:``
    clauses). ``unit_count``: positive word/phrase units at the top level, which the AND->OR
    fallback counts. ``plain``: only words and phrases, no operators, signs, groups or fields:
    natural language, for which the fallback is meant (a query with operators says what it
    wants). ``words``: words as typed with the field they search, for "did you mean" (positive
    plain words only). ``notes``: what the user should know about how the text was read
    ("ignored stop words: the").
    """

    __slots__ = ("text", "query", "date_span", "year_span", "any_mode", "unit_count", "plain", "words", "notes")

    def __init__(
        self,
        text: str,
        query: Any,
        date_span: DateSpan | None = None,
        year_span: DateSpan | None = None,
        any_mode: bool = False,
        unit_count: int = 0,
        plain: bool = False,
        words: list[tuple[str, str]] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        words = [] if words is None else words
        notes = [] if notes is None else notes
        Value.__init__(self, text, query, date_span, year_span, any_mode, unit_count, plain, words, notes)


# --------------------------------------------------------------------------------------------
# Syntax tree: the parser builds these; build() turns them into Whoosh queries.


class _Unit(Value):  # one word or phrase in one field context
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


class _Date(Value):
    __slots__ = ("span", "col", "field")

    def __init__(self, span: DateSpan, col: int, field: str = "date") -> None:
        Value.__init__(self, span, col, field)  # span: days (YYYYMMDD) for date:, years for year:


class _Range(Value):  # name:[lo TO hi] on a metadata field
    __slots__ = ("field", "lo", "hi", "lo_excl", "hi_excl", "col")

    def __init__(self, field: str, lo: str | None, hi: str | None, lo_excl: bool, hi_excl: bool, col: int) -> None:
        Value.__init__(self, field, lo, hi, lo_excl, hi_excl, col)


class _Bool(Value):
    __slots__ = ("op", "items", "marks", "chain")

    def __init__(self, op: str, items: list[Any], marks: list[str], chain: bool = False) -> None:
        # op: "and" | "or" | "default"; marks, per item: "" (normal), "+" (required), "-"
        # (excluded); chain: an explicit "a AND b AND ..." (later ANDs extend it)
        Value.__init__(self, op, items, marks, chain)


class _Not(Value):
    __slots__ = ("item",)

    def __init__(self, item: Any) -> None:
        Value.__init__(self, item)


class _Boosted(Value):
    __slots__ = ("item", "boost")

    def __init__(self, item: Any, boost: float) -> None:
        Value.__init__(self, item, boost)


# --------------------------------------------------------------------------------------------


def clean_balance(text: str) -> str:
    """Drop an unpaired double quote (the last one) so the rest reads as words."""
    if text.count('"') % 2:
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1 :]
    return text


class _Parser:
    def __init__(self, text: str, resolve_field: Callable[[str, int], str | None], today=None):
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
        m = re.compile(r'[^\s()"]+').match(self.text, self.pos)
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
        return _Bool("default", parts, [""] * len(parts))

    def parse_or(self, fieldname: str | None) -> Any:
        items = [self.parse_and(fieldname)]
        while self.peek_operator() == "OR":
            self.pos += len(self.peek_word())
            items.append(self.parse_and(fieldname))
        items = [i for i in items if i is not None]
        if not items:
            return None
        return items[0] if len(items) == 1 else _Bool("or", items, [""] * len(items))

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
                if isinstance(prev, _Bool) and prev.chain:
                    prev.items.append(node)  # "a AND b AND c": one list, not a nested chain
                    prev.marks.append("")
                    node = prev
                else:
                    node = _Bool("and", [prev, node], ["", ""], chain=True)
            explicit_and = False
            items.append(node)
            marks.append(mark)
        if not items:
            return None
        if len(items) == 1 and marks[0] == "":
            return items[0]
        return _Bool("default", items, marks)

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
        self.skip_ws()
        start = self.pos
        ch = self.text[self.pos]
        if ch == "(":
            self.enter(start)
            self.pos += 1
            self.depth += 1
            node = self.parse_or(fieldname)
            self.depth -= 1
            self.nesting -= 1
            self.skip_ws()
            if self.pos < len(self.text) and self.text[self.pos] == ")":
                self.pos += 1
            # else: unclosed '(' -- the group simply runs to the end of the query
            return self.maybe_boost(node)
        if fieldname is None:
            m = _FIELD.match(self.text, self.pos)
            if m:
                name = self.resolve_field(m.group(1), start)
                if name is not None:
                    self.pos = m.end()
                    self.skip_ws()  # "title: nato" means title:nato
                    if name in DATE_FIELDS:
                        return self.parse_date_value(name, start)
                    if self.pos >= len(self.text) or self.text[self.pos] == ")":
                        raise self.error(
                            f"{m.group(1)}: has no value", start, f"write e.g. {m.group(1)}:WORD or {m.group(1)}:\"two words\""
                        )
                    if self.text[self.pos] in "[{":
                        return self.parse_field_range(name, m.group(1), start)
                    return self.parse_unary_in_field(name)
        if ch == '"':
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
            return _Unit(fieldname, phrase, start, phrase=True, slop=slop, boost=boost)
        m = re.compile(r'[^\s()"]+').match(self.text, self.pos)
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
        return _Unit(fieldname, word, start, boost=boost, fuzzy=fuzzy)

    def parse_field_range(self, name: str, typed: str, start: int) -> _Range:
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
        return _Range(name, lo, hi, opening == "{", text[close] == "}", start)

    def parse_unary_in_field(self, name: str) -> Any:
        node, mark = self.parse_unary(name)
        if mark == "-":
            return _Not(node) if node is not None else None
        return node

    def read_boost(self) -> float:
        m = re.compile(r"\^(\d+(?:\.\d+)?)").match(self.text, self.pos)
        if m:
            self.pos = m.end()
            return float(m.group(1))
        return 1.0

    def maybe_boost(self, node: Any) -> Any:
        boost = self.read_boost()
        return node if node is None or boost == 1.0 else _Boosted(node, boost)

    def parse_date_value(self, name: str, start: int) -> _Date:
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
        return _Date(span, start, name)


def _combine_marks(outer: str, inner: str) -> str:
    if "-" in (outer, inner):
        return "-" if (outer == "-") != (inner == "-") else "+"
    return "+" if "+" in (outer, inner) else ""


# --------------------------------------------------------------------------------------------
# Building Whoosh queries


class _Builder:
    def __init__(self, schema, any_mode: bool, reader=None):
        from whoosh import query as q


        self.q = q
        self.schema = schema
        self.any_mode = any_mode
        self.reader = reader  # for fuzzy words and ranges: they look at the index's terms
        self.words: list[tuple[str, str]] = []
        self._stopped: list[str] = []
        self._function_words = FUNCTION_WORDS

    def analyse(self, fieldname: str, text: str) -> list[str]:
        fieldobj = self.schema[fieldname]
        return [t.text for t in fieldobj.analyzer(text, mode="query")]

    def unit(self, u: _Unit, positive: bool) -> Any:
        fields = TEXT_FIELDS if u.field is None else (u.field,)
        parts = [p for p in (self.unit_in_field(u, f, positive and i == 0) for i, f in enumerate(fields)) if p is not None]
        if not parts:
            return None
        if any(isinstance(p, self.q.Every) for p in parts):
            return self.q.Every()
        node = parts[0] if len(parts) == 1 else self.q.Or(parts)
        if u.field is None and u.text.lower() not in self._function_words:
            # Names and offices (bylines) with a small weight, as one optional branch beside
            # the title/body one. Function words are never names (and ranking recognises a
            # word unit without this branch as a candidate for dropping).
            names = [p for p in (self.unit_in_field(u, f, False) for f in NAME_FIELDS) if p is not None]
            if names and all(p.is_leaf() for p in parts + names):
                # one flat union (cheaper to match than nested ones), the names' terms weighted down
                for p in names:
                    p.boost = p.boost * NAME_FIELD_WEIGHT
                node = self.q.Or(parts + names)
            elif names:
                # grouped, so that ranking counts a phrase's words once (its title/body branch)
                node = self.q.Or([node, self.q.Or(names, boost=NAME_FIELD_WEIGHT)])
        if u.boost != 1.0:
            node.boost = u.boost
        return node

    def exact_value(self, fieldname: str, text: str) -> str:
        value = " ".join(text.strip().split())
        if fieldname == "type":
            value = doc_type(value) or type_key(value)
        return value

    def unit_in_field(self, u: _Unit, fieldname: str, record: bool) -> Any:
        q = self.q
        if fieldname in EXACT_FIELDS:
            value = self.exact_value(fieldname, u.text)
            if not value:
                return None
            if not u.phrase and _WILDCARD.search(value):
                return self.pattern(fieldname, value)
            return q.Term(fieldname, value)
        text = u.text
        if not u.phrase and _WILDCARD.search(text):
            folded = _fold(text)
            if not re.sub(r"[*?]", "", folded):
                return q.Every()  # a bare '*': everything
            return self.pattern(fieldname, folded)
        tokens = self.analyse(fieldname, text)
        if not tokens:
            if record:
                self._stopped.append(text)
            return None
        if record and not u.phrase and len(tokens) == 1:
            self.words.append((fieldname if u.field else "", text))
        if u.fuzzy is not None and len(tokens) == 1:
            if fieldname in TEXT_FIELDS and self.reader is not None:
                return self.fuzzy_stemmed(fieldname, text, tokens[0], min(u.fuzzy, 2))
            return q.FuzzyTerm(fieldname, tokens[0], maxdist=min(u.fuzzy, 2), prefixlength=1)
        if len(tokens) == 1:
            return q.Term(fieldname, tokens[0])
        if fieldname in NAME_FIELDS and u.phrase:
            # speaker:"antony blinken" must find "Antony J. Blinken" and "Blinken, Antony":
            # every word within the field, in any order, not a strict phrase.
            return q.And([q.Term(fieldname, t) for t in dict.fromkeys(tokens)])
        return FastPhrase(fieldname, tokens, slop=u.slop if u.phrase else 1)

    def fuzzy_stemmed(self, fieldname: str, word: str, stem: str, maxdist: int) -> Any:
        """``word~`` on a stemmed field: index terms whose words are ``maxdist`` edits from ``word``
        (see :func:`close_terms`), the closest :data:`MAX_FUZZY_TERMS` to the stem."""
        from whoosh.support.levenshtein import damerau_levenshtein as distance

        q = self.q
        found = close_terms(self.reader, fieldname, word, stem, maxdist, lambda text: self.analyse(fieldname, text))
        if not found:
            return q.Term(fieldname, stem)  # nothing close: matches nothing, says what was tried
        terms = sorted(found, key=lambda t: (distance(stem, t), t))[:MAX_FUZZY_TERMS]
        return q.Or([q.Term(fieldname, t) for t in terms]) if len(terms) > 1 else q.Term(fieldname, terms[0])

    def pattern(self, fieldname: str, text: str) -> Any:
        q = self.q
        if text.endswith("*") and not _WILDCARD.search(text[:-1]):
            prefix = text[:-1]
            if fieldname not in EXACT_FIELDS:
                # Terms are stems, and a stem may be shorter than the typed prefix: "negotiat*"
                # must reach "negoti" (negotiation, negotiate). Stems of the prefix's likely
                # completions that the prefix starts with are added as exact terms.
                stems = set()
                for suffix in _COMPLETIONS:
                    tokens = self.analyse(fieldname, prefix + suffix)
                    if len(tokens) == 1 and tokens[0] != prefix and prefix.startswith(tokens[0]):
                        stems.add(tokens[0])
                if stems:
                    return q.Or([q.Prefix(fieldname, prefix)] + [q.Term(fieldname, t) for t in sorted(stems)])
            return q.Prefix(fieldname, prefix)
        if fieldname not in EXACT_FIELDS and "*" not in text:
            # "n?gotiations" must meet the stem "negoti": stem the pattern with a letter in
            # place of each "?", then put the "?" back where the stem still has that position.
            tokens = self.analyse(fieldname, text.replace("?", "x"))
            if len(tokens) == 1:
                stem = "".join("?" if i < len(text) and text[i] == "?" else c for i, c in enumerate(tokens[0]))
                if stem != text and "?" in stem:
                    return q.Or([q.Wildcard(fieldname, text), q.Wildcard(fieldname, stem)])
        return q.Wildcard(fieldname, text)

    def date(self, d: _Date) -> Any:
        # Only reached for dates nested below OR/NOT; top-level dates become column filters.
        span = d.span
        return self.q.NumericRange(d.field, span.start, span.end)

    def range(self, r: _Range) -> Any:
        """A metadata range: numeric when both ends are whole numbers (``session:[1 TO 12]``
        must not put 10 before 2), else in alphabetical order of the field's values."""
        q = self.q
        ends = []
        for value in (r.lo, r.hi):
            if value is None:
                ends.append(None)
                continue
            tokens = [self.exact_value(r.field, value)] if r.field in EXACT_FIELDS else self.analyse(r.field, value)
            if len(tokens) != 1 or not tokens[0]:
                raise QuerySyntaxError(
                    f"the range end {value!r} is not one value at column {r.col + 1} of the query",
                    hint="write single values, e.g. session:[1 TO 5]",
                )
            ends.append(tokens[0])
        lo, hi = ends
        if all(v is None or re.fullmatch(r"\d+", v) for v in (lo, hi)) and self.reader is not None and (lo or hi):
            low = None if lo is None else int(lo) + (1 if r.lo_excl else 0)
            high = None if hi is None else int(hi) - (1 if r.hi_excl else 0)
            terms = []
            for btext in self.reader.lexicon(r.field):
                text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                if text.isdigit() and (low is None or int(text) >= low) and (high is None or int(text) <= high):
                    terms.append(q.Term(r.field, text))
            return q.Or(terms) if terms else q.NullQuery
        return q.TermRange(r.field, lo, hi, startexcl=r.lo_excl, endexcl=r.hi_excl)

    def build(self, node: Any, positive: bool = True) -> Any:
        q = self.q
        if node is None:
            return None
        if isinstance(node, _Unit):
            return self.unit(node, positive)
        if isinstance(node, _Date):
            return self.date(node)
        if isinstance(node, _Range):
            return self.range(node)
        if isinstance(node, _Boosted):
            inner = self.build(node.item, positive)
            if inner is not None:
                inner.boost = inner.boost * node.boost if hasattr(inner, "boost") else node.boost
            return inner
        if isinstance(node, _Not):
            inner = self.build(node.item, False)
            return None if inner is None else q.Not(inner)
        assert isinstance(node, _Bool)
        built = [(self.build(item, positive and mark != "-"), mark) for item, mark in zip(node.items, node.marks)]
        built = [(b, m) for b, m in built if b is not None]
        if not built:
            return None
        if node.op == "or":
            return q.Or([b for b, _ in built]) if len(built) > 1 else built[0][0]
        if node.op == "and":
            return q.And([b for b, _ in built]) if len(built) > 1 else built[0][0]
        required = [b for b, m in built if m == "+"]
        optional = [b for b, m in built if m == ""]
        excluded = [b for b, m in built if m == "-"]
        if self.any_mode:
            pos = None
            if required and optional:
                pos = q.AndMaybe(_and(q, required), _or(q, optional))
            elif required:
                pos = _and(q, required)
            elif optional:
                pos = _or(q, optional)
        else:
            pos = _and(q, required + optional) if (required or optional) else None
        if excluded:
            neg = _or(q, excluded)
            return q.AndNot(pos, neg) if pos is not None else q.Not(neg)
        return pos


def _and(q, items: list) -> Any:
    return items[0] if len(items) == 1 else q.And(items)


def _or(q, items: list) -> Any:
    return items[0] if len(items) == 1 else q.Or(items)


def close_terms(
    reader, fieldname: str, word: str, stem: str, maxdist: int, analyse: Callable[[str], list[str]], enough: int | None = None
) -> dict[str, int]:
    """Index terms of a stemmed field whose words are ``maxdist`` edits from ``word`` (typed by
    the user, ``stem`` its stem), each with that number of edits.

    The index holds stems ("secur"), which are further from a typo ("securty") than the word
    the user meant ("security"). A term counts when it is within ``maxdist`` of the typed
    word's stem or of the typed word, or when one of its usual completions (the stem plus a
    common ending that stems back to it) is. Candidates come from bounded scans of the field's
    terms: same first letter, as Whoosh's fuzzy query does; for the endings, same first two
    letters; and, when the typed word ends in a common ending ("secrity"), the terms close to
    what precedes it ("secr" -> "secur"). Used by ``word~`` (all of them) and by "did you mean"
    (``enough=1``: the widest scan is skipped once a term one edit away is found).
    """
    from whoosh.support.levenshtein import damerau_levenshtein as distance

    typed = _fold(word)
    found: dict[str, int] = {}

    def word_distance(term: str) -> int:
        best = min(distance(typed, term), distance(stem, term))
        for suffix in _COMPLETIONS[1:]:
            full = term + suffix
            if abs(len(full) - len(typed)) <= best:
                edits = distance(typed, full)
                if edits < best and analyse(full) == [term]:
                    best = edits
        return best

    def consider(terms) -> None:
        for term in terms:
            if term not in found:
                d = word_distance(term)
                if d <= maxdist:
                    found[term] = d

    for term in reader.terms_within(fieldname, stem, maxdist, prefix=1):
        found[term] = word_distance(term)
    for suffix in _COMPLETIONS[1:]:
        base = typed[: -len(suffix)]
        if typed.endswith(suffix) and len(base) >= 3:
            consider(reader.terms_within(fieldname, base, maxdist, prefix=1))
    if enough is not None and any(d <= enough for d in found.values()):
        return found  # the wide scan below costs the most; nothing it finds can be closer
    consider(reader.terms_within(fieldname, typed, maxdist + 2, prefix=2))
    return found


def _fold(text: str) -> str:
    from whoosh.support.charset import accent_map

    return text.lower().translate(accent_map)


def _split_top_dates(node: Any) -> tuple[Any, dict[str, DateSpan]]:
    """Take date/year clauses that every hit must satisfy out of the tree, one span per column."""
    if isinstance(node, _Date):
        return None, {node.field: node.span}
    spans: dict[str, DateSpan] = {}

    def add(more: dict[str, DateSpan]) -> None:
        for name, span in more.items():
            spans[name] = span if name not in spans else spans[name].intersect(span)

    if isinstance(node, _Bool) and node.op in ("and", "default"):
        items, marks = [], []
        for item, mark in zip(node.items, node.marks):
            required = mark == "+" or (mark == "" and node.op == "and")
            # in AND mode every unmarked conjunct is required; in OR mode a date is still meant as a filter
            if isinstance(item, _Date) and mark != "-":
                add({item.field: item.span})
                continue
            if isinstance(item, _Bool) and item.op == "and" and (required or mark == ""):
                inner, inner_spans = _split_top_dates(item)
                if inner_spans:
                    add(inner_spans)
                    item = inner
                    if item is None:
                        continue
            items.append(item)
            marks.append(mark)
        if not items:
            return None, spans
        return _Bool(node.op, items, marks), spans
    return node, spans


def _count_units(node: Any) -> int:
    if isinstance(node, _Unit):
        return 1
    if isinstance(node, _Boosted):
        return _count_units(node.item)
    if isinstance(node, _Bool):
        return sum(_count_units(i) for i, m in zip(node.items, node.marks) if m != "-")
    return 0


def _is_plain(node: Any) -> bool:
    if isinstance(node, _Unit):
        return node.field is None and node.boost == 1.0 and node.fuzzy is None
    if isinstance(node, _Bool) and node.op == "default":
        return all(m == "" and isinstance(i, _Unit) and _is_plain(i) for i, m in zip(node.items, node.marks))
    return False


def field_resolver(extra_fields: Iterable[str]) -> Callable[[str, int], str | None]:
    """Map what the user typed before ``:`` to an index field, or ``None`` to read it as a word.

    Names that are neither fields nor aliases are ordinary text ("Re: NATO", "10:30"), unless
    they are one typo away from a field name: then the user most likely meant the field, and an
    error saying so beats silently searching for the misspelt name.
    """
    extra_fields = set(extra_fields)
    extras = {name[2:]: name for name in extra_fields if name.startswith("x_")}

    def resolve(name: str, col: int) -> str | None:
        key = name.lower()
        if key in FIELD_ALIASES:
            return FIELD_ALIASES[key]
        if key in extras:
            return extras[key]
        if key in extra_fields:  # the index's own name, x_country
            return key
        clean = "x_" + "".join(ch if ch.isalnum() else "_" for ch in key).strip("_")
        if clean in extra_fields:
            return clean
        if len(key) >= 4:
            import difflib

            close = difflib.get_close_matches(key, list(FIELD_ALIASES) + list(extras), n=1, cutoff=0.8)
            if close:
                raise QuerySyntaxError(
                    f"unknown field {name!r} at column {col + 1} of the query",
                    hint=f"did you mean {close[0]}:? Fields: {', '.join(_field_list(extras))}",
                )
        return None

    return resolve


def _field_list(extras: dict[str, str]) -> list[str]:
    core = ["title", "body", "speaker", "post", "type", "date", "year", "url", "path", "id"]
    return core + sorted(extras)


def parse_query(
    text: str,
    schema=None,
    *,
    extra_fields: Iterable[str] = (),
    any_mode: bool = False,
    today=None,
    reader=None,
) -> ParsedQuery:
    """Parse user text into a :class:`ParsedQuery` (raises :class:`QuerySyntaxError`).

    ``reader`` (an index reader) lets fuzzy words and metadata ranges look at the index's terms;
    without it they fall back to Whoosh's plain fuzzy and alphabetical range queries.
    """
    if schema is None:
        from searchtool.index.schema import build_schema

        schema = build_schema()
    if len(text) > 10000:
        raise QuerySyntaxError("the query is longer than 10,000 characters", hint="shorten it")
    parser = _Parser(normalise_query(text), field_resolver(extra_fields), today=today)
    tree = parser.parse()
    tree, spans = _split_top_dates(tree)
    if any(span.empty for span in spans.values()):
        raise QuerySyntaxError("the date clauses of the query exclude each other", hint="widen or drop one of them")
    builder = _Builder(schema, any_mode, reader)
    built = builder.build(tree)
    notes = []
    if builder._stopped:
        notes.append("ignored words too common or too short to be indexed: " + ", ".join(builder._stopped))
    return ParsedQuery(
        text=text,
        query=built,
        date_span=spans.get("date"),
        year_span=spans.get("year"),
        any_mode=any_mode,
        unit_count=_count_units(tree),
        plain=_is_plain(tree),
        words=builder.words,
        notes=notes,
    )

"""Building Whoosh queries from the query syntax tree, against the index's schema.

:mod:`searchtool.searching.syntax` reads what the user typed; this module knows the index: which
names before ``:`` are its fields (:func:`field_resolver`), and how each field holds its values.
Words are analysed with the field's own analyzer (from the index schema), so a word that splits
into several tokens ("U.S.-Russia") becomes a phrase of them, and one that yields none (a stop
word) is dropped. A date clause that is a top-level conjunct becomes a filter
(:attr:`ParsedQuery.date_span`) instead of a query. Fuzzy words and metadata ranges read the
index's terms when a reader is given.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.support.levenshtein import (
    damerau_levenshtein as distance,  # loaded by whoosh.reading anyway
)

from searchtool.doctypes import doc_type, type_key
from searchtool.index.analysis import query_terms, term_text
from searchtool.languages import SCRIPT_OF, normalise_lang, script_of
from searchtool.translit import translit_key
from searchtool.index.multilang import SEP, fold_for_language, surname_base
from searchtool.index.schema import (
    CORE_QUERY_FIELDS,
    EXTRA_PREFIX,
    build_schema,
    extra_field_name,
)
from searchtool.names import HONORIFICS, name_key, surname_key
from searchtool.searching.limits import MAX_EXPANSION, MAX_INFIX_EXPANSION, bound
from searchtool.searching.queries import FastPhrase
from searchtool.searching.syntax import (
    FIELD_ALIASES,
    Bool,
    Boosted,
    DateClause,
    Not,
    QuerySyntaxError,
    Range,
    Unit,
    count_units,
    is_plain,
    parse,
    split_top_dates,
)
from searchtool.searching.turnquery import default_keys, split_turn_clauses, turn_query
from searchtool.searching.words import FUNCTION_WORDS, NAME_FIELDS, TEXT_FIELDS
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from datetime import date
    from typing import Any, Callable, Iterable

    from whoosh.fields import Schema
    from whoosh.reading import IndexReader

    from searchtool.searching.datequery import DateSpan

#: Weight of the name fields (:data:`searchtool.searching.words.NAME_FIELDS`) for words without
#: a field name.
NAME_FIELD_WEIGHT = 0.2
#: Most index terms one fuzzy word may stand for.
MAX_FUZZY_TERMS = 64

#: Fields indexed as one exact token (no analysis): the value is matched as typed (normalised).
EXACT_FIELDS = ("type", "lang", "url", "path", "id")
#: Most edits the widest fuzzy scan allows: a Levenshtein automaton of 4 edits took ~0.7 s to
#: build for one word on a shared machine (design/reliability.md §5: 200 fuzzy words, 45 s);
#: 3 edits from the typed word still reach the stem of a word 2 edits away ("securty" -> "secur").
WIDE_SCAN_EDITS = 3
#: Index terms looked at for one wildcard in one field (a bound on that scan too).
SCAN_EXPANSION = 20000

_WILDCARD = re.compile(r"[*?]")
#: Common endings: tried on a prefix to find the stems its completions reduce to (_Builder.pattern),
#: and on a stem to find the words it stands for (close_terms).
_COMPLETIONS = ("", "e", "s", "es", "ed", "ing", "ion", "ions", "al", "y", "ies", "ity", "ment", "ive", "ent", "ents", "ence",
                "ation", "ations", "er", "ers", "ly")


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
    ("ignored stop words: the"). ``turns``: the speaker keys and roles of ``said:``/``asked:``
    (:class:`searchtool.searching.turnquery.TurnFilter`), ``None`` without them.
    """

    __slots__ = ("text", "query", "date_span", "year_span", "any_mode", "unit_count", "plain", "words", "notes", "turns")

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
        turns: Any = None,
    ) -> None:
        words = [] if words is None else words
        notes = [] if notes is None else notes
        Value.__init__(self, text, query, date_span, year_span, any_mode, unit_count, plain, words, notes, turns)


def parse_query(
    text: str,
    schema: Schema | None = None,
    *,
    extra_fields: Iterable[str] = (),
    any_mode: bool = False,
    today: date | None = None,
    reader: IndexReader | None = None,
    people: Any = None,
) -> ParsedQuery:
    """Parse user text into a :class:`ParsedQuery` (raises :class:`QuerySyntaxError`).

    ``extra_fields``: the index's extra metadata fields (``x_country``), which ``name:`` may
    search. ``reader`` (an index reader) lets fuzzy words and metadata ranges look at the
    index's terms; without it they fall back to Whoosh's plain fuzzy and alphabetical range
    queries. ``people``: the people registry (:class:`searchtool.people.People`), through which
    ``said:``/``speaker:`` match a person by any of their forms.
    """
    if schema is None:
        schema = build_schema()
    tree = parse(text, field_resolver(extra_fields), today=today)
    tree, cuts = bound(tree)
    tree, spans = split_top_dates(tree)
    if any(span.empty for span in spans.values()):
        raise QuerySyntaxError("the date clauses of the query exclude each other", hint="widen or drop one of them")
    tree, clauses = split_turn_clauses(tree)
    builder = _Builder(schema, any_mode, reader, people)
    built = builder.build(tree)
    turns = None
    if clauses:
        built, turns = turn_query(
            built,
            clauses,
            builder.build,
            people.keys_for if people is not None else default_keys,
            lambda u: builder.unit(Unit("speaker", u.text, u.col, phrase=True), False),
            has_turns="said" in schema,
        )
    notes = cuts + builder.cuts
    if builder.stopped:
        notes.append("ignored words too common or too short to be indexed: " + ", ".join(builder.stopped))
    return ParsedQuery(
        text=text,
        query=built,
        date_span=spans.get("date"),
        year_span=spans.get("year"),
        any_mode=any_mode,
        unit_count=count_units(tree),
        plain=is_plain(tree) and not clauses,
        words=builder.words,
        notes=notes,
        turns=turns,
    )


def field_resolver(extra_fields: Iterable[str]) -> Callable[[str, int], str | None]:
    """Map what the user typed before ``:`` to an index field, or ``None`` to read it as a word.

    Core fields by :data:`searchtool.searching.syntax.FIELD_ALIASES`; an extra field by its
    name, its index name (``x_country``) or the name the indexer makes of it
    (:func:`searchtool.index.schema.extra_field_name`). Names that are none of these are
    ordinary text ("Re: NATO", "10:30"), unless they are one typo away from a field name: then
    the user most likely meant the field, and an error saying so beats silently searching for
    the misspelt name.
    """
    extra_fields = set(extra_fields)
    extras = {name[len(EXTRA_PREFIX) :]: name for name in extra_fields if name.startswith(EXTRA_PREFIX)}

    def resolve(name: str, col: int) -> str | None:
        key = name.lower()
        if key in FIELD_ALIASES:
            return FIELD_ALIASES[key]
        if key in extras:
            return extras[key]
        if key in extra_fields:  # the index's own name, x_country
            return key
        # A name without a letter or digit ("_") names no field: the indexer's stand-in name
        # for such a field is not something the user typed.
        if any(ch.isalnum() for ch in key) and extra_field_name(key) in extra_fields:
            return extra_field_name(key)
        if len(key) >= 4:
            import difflib  # start-up: difflib ~1.5 ms, only for a name that is no field

            close = difflib.get_close_matches(key, list(FIELD_ALIASES) + list(extras), n=1, cutoff=0.8)
            if close:
                raise QuerySyntaxError(
                    f"unknown field {name!r} at column {col + 1} of the query",
                    hint=f"did you mean {close[0]}:? Fields: {', '.join(list(CORE_QUERY_FIELDS) + sorted(extras))}",
                )
        return None

    return resolve


class _Builder:
    """Turns one syntax tree into a Whoosh query; collects the plain words and the stop words."""

    def __init__(self, schema: Schema, any_mode: bool, reader: IndexReader | None = None, people: Any = None) -> None:
        self.schema = schema
        self.people = people  # the registry: speaker: matches every form of a person
        self.any_mode = any_mode
        self.reader = reader  # for fuzzy words and ranges: they look at the index's terms
        self.words: list[tuple[str, str]] = []
        self.stopped: list[str] = []
        self.cuts: list[str] = []  # what was cut to bound the query's cost, one line each
        self._languages: list[str] | None = None
        # A fuzzy word's close terms, by field, word, stem and distance: a word repeated inside
        # groups (`of AND sanctions~2` x 300) was expanded again for each copy, 8 s in all.
        self._close: dict[tuple[str, str, str, int], dict[str, int]] = {}

    @property
    def languages(self) -> list[str]:
        """The languages of the index's statements (its ``lang`` terms): a word is analysed by
        those written in its script (and its script's default language)."""
        if self._languages is None:
            found: list[str] = []
            if self.reader is not None and "lang" in self.schema:
                found = [term_text(t) for t in self.reader.lexicon("lang")]
            self._languages = found
        return self._languages

    def analyse(self, fieldname: str, text: str) -> list[str]:
        return query_terms(self.schema[fieldname].analyzer, text)

    def build(self, node: Any, positive: bool = True) -> Any:
        if node is None:
            return None
        if isinstance(node, Unit):
            return self.unit(node, positive)
        if isinstance(node, DateClause):
            return self.date(node)
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Boosted):
            inner = self.build(node.item, positive)
            if inner is not None:
                inner.boost = inner.boost * node.boost if hasattr(inner, "boost") else node.boost
            return inner
        if isinstance(node, Not):
            inner = self.build(node.item, False)
            return None if inner is None else wq.Not(inner)
        assert isinstance(node, Bool)
        built = [(self.build(item, positive and mark != "-"), mark) for item, mark in zip(node.items, node.marks)]
        built = [(b, m) for b, m in built if b is not None]
        if not built:
            return None
        if node.op == "or":
            return wq.Or([b for b, _ in built]) if len(built) > 1 else built[0][0]
        if node.op == "and":
            return wq.And([b for b, _ in built]) if len(built) > 1 else built[0][0]
        required = [b for b, m in built if m == "+"]
        optional = [b for b, m in built if m == ""]
        excluded = [b for b, m in built if m == "-"]
        if self.any_mode:
            pos = None
            if required and optional:
                pos = wq.AndMaybe(_and(required), _or(optional))
            elif required:
                pos = _and(required)
            elif optional:
                pos = _or(optional)
        else:
            pos = _and(required + optional) if (required or optional) else None
        if excluded:
            neg = _or(excluded)
            return wq.AndNot(pos, neg) if pos is not None else wq.Not(neg)
        return pos

    def unit(self, u: Unit, positive: bool) -> Any:
        fields = TEXT_FIELDS if u.field is None else (u.field,)
        parts = [p for p in (self.unit_in_field(u, f, positive and i == 0) for i, f in enumerate(fields)) if p is not None]
        if not parts:
            return None
        if u.field is None:
            # A word looked up in several languages: one flat union of its terms over the text
            # fields, as for one language (cheaper to match, and ranking still sees a word unit).
            parts = [leaf for p in parts for leaf in (p.subqueries if _terms_only(p) else [p])]
        across = self.across_scripts(u) if u.field is None else ([], [])
        parts.extend(across[0])
        if any(isinstance(p, wq.Every) for p in parts):
            return wq.Every()
        node = parts[0] if len(parts) == 1 else wq.Or(parts)
        if u.field is None and u.text.lower() not in FUNCTION_WORDS:
            # Names and offices (bylines) with a small weight, as one optional branch beside
            # the title/body one. Function words are never names (and ranking recognises a
            # word unit without this branch as a candidate for dropping).
            names = [p for p in (self.unit_in_field(u, f, False) for f in NAME_FIELDS) if p is not None]
            names.extend(across[1])
            if names and all(p.is_leaf() for p in parts + names):
                # one flat union (cheaper to match than nested ones), the names' terms weighted down
                for p in names:
                    p.boost = p.boost * NAME_FIELD_WEIGHT
                node = wq.Or(parts + names)
            elif names:
                # grouped, so that ranking counts a phrase's words once (its title/body branch)
                node = wq.Or([node, wq.Or(names, boost=NAME_FIELD_WEIGHT)])
        if u.boost != 1.0:
            node.boost = u.boost
        return node

    def across_scripts(self, u: Unit) -> tuple[list, list]:
        """A name typed in one script, for statements written in another: ``Lavrov`` searches the
        ``names`` field (capitalised Cyrillic words under the transliteration key) when the
        index holds Cyrillic statements; ``Лавров`` searches the English term of its key in the
        text fields when it holds Latin-script ones. (text-field queries, name-field queries)"""
        if u.phrase or _WILDCARD.search(u.text) or u.fuzzy is not None or len(u.text.split()) != 1:
            return [], []
        word = u.text
        script = script_of(word)
        scripts = {SCRIPT_OF.get(lang) for lang in self.languages}
        if script == "latin" and "cyrillic" in scripts and "names" in self.schema:
            key = translit_key(word)
            return ([], [wq.Term("names", key)]) if key else ([], [])
        if script == "cyrillic" and "latin" in scripts:
            analyzer = self.schema["body"].analyzer
            if hasattr(analyzer, "normaliser") and (word[:1].isupper() or surname_base(word.lower())):
                term = analyzer.normaliser("en", query=True)(translit_key(word))
                if isinstance(term, str):
                    return [wq.Term(f, term) for f in TEXT_FIELDS], []
        return [], []

    def exact_value(self, fieldname: str, text: str) -> str:
        value = " ".join(text.strip().split())
        if fieldname == "type":
            value = doc_type(value) or type_key(value)
        elif fieldname == "lang":
            value = normalise_lang(value) or value.lower()
        return value

    def unit_in_field(self, u: Unit, fieldname: str, record: bool) -> Any:
        if fieldname == "speaker" and self.people is not None and u.field == "speaker":
            person = self.people.person(u.text)
            if person is not None:
                return self.person_query(person)
        if fieldname in EXACT_FIELDS:
            value = self.exact_value(fieldname, u.text)
            if not value:
                return None
            if not u.phrase and _WILDCARD.search(value):
                return self.pattern(fieldname, value)
            return wq.Term(fieldname, value)
        text = u.text
        if not u.phrase and _WILDCARD.search(text):
            folded = _fold(text)
            if not re.sub(r"[*?]", "", folded):
                return wq.Every()  # a bare '*': everything
            analyzer = self.schema[fieldname].analyzer
            if hasattr(analyzer, "query_forms"):
                return self.pattern_in_languages(fieldname, analyzer, text)
            return self.pattern(fieldname, folded)
        forms_of = getattr(self.schema[fieldname].analyzer, "query_forms", None)
        if forms_of is not None:
            return self.unit_in_languages(u, fieldname, forms_of(text, self.languages), record)
        tokens = self.analyse(fieldname, text)
        if not tokens:
            if record:
                self.stopped.append(text)
            return None
        if record and not u.phrase and len(tokens) == 1:
            self.words.append((fieldname if u.field else "", text))
        if u.fuzzy is not None and len(tokens) == 1:
            if fieldname in TEXT_FIELDS and self.reader is not None:
                return self.fuzzy_stemmed(fieldname, text, tokens[0], min(u.fuzzy, 2))
            return wq.FuzzyTerm(fieldname, tokens[0], maxdist=min(u.fuzzy, 2), prefixlength=1)
        if len(tokens) == 1:
            return wq.Term(fieldname, tokens[0])
        if fieldname in NAME_FIELDS and u.phrase:
            # speaker:"antony blinken" must find "Antony J. Blinken" and "Blinken, Antony":
            # every word within the field, in any order, not a strict phrase.
            return wq.And([wq.Term(fieldname, t) for t in dict.fromkeys(tokens)])
        return FastPhrase(fieldname, tokens, slop=u.slop if u.phrase else 1)

    def unit_in_languages(self, u: Unit, fieldname: str, variants: list, record: bool) -> Any:
        """A word or phrase of a text field, as analysed by each language it may be in
        (:meth:`searchtool.index.multilang.LanguageAnalyzer.query_forms`): one branch per
        language, alternatives at one position (a surname's base beside its stem) as one OR."""
        if not variants:
            if record:
                self.stopped.append(u.text)
            return None
        if record and not u.phrase and len(variants[0]) == 1:
            self.words.append((fieldname if u.field else "", u.text))
        parts = []
        for forms in variants:
            if len(forms) == 1:
                alts = forms[0]
                if u.fuzzy is not None:
                    parts.extend(self.fuzzy_term(fieldname, u.text, alt, min(u.fuzzy, 2)) for alt in alts[:1])
                else:
                    parts.extend(wq.Term(fieldname, alt) for alt in alts)
            else:
                parts.append(FastPhrase(fieldname, [alts[0] for alts in forms], slop=u.slop if u.phrase else 1))
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def fuzzy_term(self, fieldname: str, word: str, term: str, maxdist: int) -> Any:
        """``word~`` for one of its terms: English terms by :meth:`fuzzy_stemmed`; a term of
        another language within ``maxdist`` edits, its language code and first letter fixed."""
        head, sep, rest = term.partition(SEP)
        if sep and len(head) == 2:
            return wq.FuzzyTerm(fieldname, term, maxdist=maxdist, prefixlength=len(head) + 2)
        if fieldname in TEXT_FIELDS and self.reader is not None:
            return self.fuzzy_stemmed(fieldname, word, term, maxdist)
        return wq.FuzzyTerm(fieldname, term, maxdist=maxdist, prefixlength=1)

    def person_query(self, person) -> Any:
        """``speaker:`` for a registered person: any of their written forms (a surname alone
        too, as :meth:`searchtool.people.People.person` takes one), and the statements
        issued under a role they held on the statement's date ("Office of the Spokesperson")."""
        parts = []
        for form in person.forms:
            # as written (initials and honorifics aside), and folded ("Громыко" -> gromyko)
            # as written (initials and honorifics aside), folded ("Громыко" -> gromyko), and the
            # surname alone ("Mr. GROMYKO"), as the registry matches a bare surname
            for text in (form, name_key(form), surname_key(form)):
                tokens = [t for t in dict.fromkeys(self.analyse("speaker", text)) if len(t) > 1 and t not in HONORIFICS]
                query = _and([wq.Term("speaker", t) for t in tokens]) if tokens else None
                if query is not None and query not in parts:
                    parts.append(query)
        if self.reader is not None and "speaker_names" in self.schema:
            for role, span in self.people.roles_of(person):
                names = [term_text(t) for t in self.reader.lexicon("speaker_names")]
                held = [wq.Term("speaker_names", n) for n in names if role.matches(n)]
                if held:
                    lo = int(span.start.strftime("%Y%m%d")) if span.start else None
                    hi = int(span.end.strftime("%Y%m%d")) if span.end else None
                    parts.append(wq.And([_or(held), wq.NumericRange("date", lo, hi)]))
        return _or(parts) if parts else wq.NullQuery

    def fuzzy_stemmed(self, fieldname: str, word: str, stem: str, maxdist: int) -> Any:
        """``word~`` on a stemmed field: index terms whose words are ``maxdist`` edits from ``word``
        (see :func:`close_terms`), the closest :data:`MAX_FUZZY_TERMS` to the stem."""
        key = (fieldname, word, stem, maxdist)
        if key not in self._close:
            self._close[key] = close_terms(self.reader, fieldname, word, stem, maxdist, lambda text: self.analyse(fieldname, text))
        found = self._close[key]
        if not found:
            return wq.Term(fieldname, stem)  # nothing close: matches nothing, says what was tried
        terms = sorted(found, key=lambda t: (distance(stem, t), t))[:MAX_FUZZY_TERMS]
        return wq.Or([wq.Term(fieldname, t) for t in terms]) if len(terms) > 1 else wq.Term(fieldname, terms[0])

    def pattern(self, fieldname: str, text: str) -> Any:
        return self.capped(self.uncapped_pattern(fieldname, text), text)

    def uncapped_pattern(self, fieldname: str, text: str) -> Any:
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
                    return wq.Or([wq.Prefix(fieldname, prefix)] + [wq.Term(fieldname, t) for t in sorted(stems)])
            return wq.Prefix(fieldname, prefix)
        if fieldname not in EXACT_FIELDS and "*" not in text:
            # "n?gotiations" must meet the stem "negoti": stem the pattern with a letter in
            # place of each "?", then put the "?" back where the stem still has that position.
            tokens = self.analyse(fieldname, text.replace("?", "x"))
            if len(tokens) == 1:
                stem = "".join("?" if i < len(text) and text[i] == "?" else c for i, c in enumerate(tokens[0]))
                if stem != text and "?" in stem:
                    return wq.Or([wq.Wildcard(fieldname, text), wq.Wildcard(fieldname, stem)])
        return wq.Wildcard(fieldname, text)

    def capped(self, query: Any, typed: str) -> Any:
        """A wildcard query as it is, when it stands for at most :data:`MAX_EXPANSION` index
        terms; else the most frequent of them (of the first :data:`SCAN_EXPANSION`), as terms.
        Needs the reader; without one the query is left to Whoosh."""
        if self.reader is None:
            return query
        leaves = query.subqueries if isinstance(query, wq.Or) else [query]
        fieldname = None
        found: dict[str, int] = {}
        scanned = 0
        limit = MAX_EXPANSION
        for leaf in leaves:
            if isinstance(leaf, wq.Term):  # a stem added beside a prefix: always kept
                found[term_text(leaf.text)] = 1 << 62
                continue
            fieldname = leaf.fieldname
            if fieldname not in self.reader.indexed_field_names():
                continue
            if isinstance(leaf, wq.Prefix):
                prefix, match = leaf.text, None
            else:
                prefix, match = leaf._find_prefix(leaf.text), re.compile(leaf._get_pattern()).match
            if len(prefix) < 2:  # `*e*`, `a*`: a large share of the vocabulary, unselective
                limit = MAX_INFIX_EXPANSION
            # (term, terminfo) pairs: the frequencies come with the scan, no lookup per term
            items = self.reader.iter_prefix(fieldname, prefix) if prefix else self.reader.iter_field(fieldname)
            for btext, info in items:
                scanned += 1
                if scanned > SCAN_EXPANSION:
                    break
                text = term_text(btext)
                if match is None or match(text):
                    found[text] = max(found.get(text, 0), info.doc_frequency())
        if len(found) <= limit or fieldname is None:
            return query
        kept = sorted(found, key=lambda t: (-found[t], t))[:limit]
        more = "over " if scanned > SCAN_EXPANSION else ""
        self.cuts.append(f"{typed} stands for {more}{len(found):,} words: searched the {limit:,} most frequent")
        return wq.Or([wq.Term(fieldname, t) for t in sorted(kept)])
    def pattern_in_languages(self, fieldname: str, analyzer, text: str) -> Any:
        """A prefix or wildcard word of a text field in each language of its script: English
        as :meth:`pattern` has it, another language with its code before the folded pattern
        (and, for a prefix, the stem of the typed prefix: ``переговоры*`` reaches ``переговор``)."""
        parts = []
        for lang in analyzer.pattern_languages(text, self.languages):
            if lang == "en":
                parts.append(self.pattern(fieldname, _fold(text)))
                continue
            folded = fold_for_language(lang, text)
            code = lang + SEP
            if folded.endswith("*") and not _WILDCARD.search(folded[:-1]):
                leaves = [wq.Prefix(fieldname, code + folded[:-1])]
                for forms in analyzer.query_forms(text[:-1], [lang]):
                    if len(forms) == 1 and forms[0][0].startswith(code):
                        leaves.append(wq.Term(fieldname, forms[0][0]))
            else:
                leaves = [wq.Wildcard(fieldname, code + folded)]
            parts.append(self.capped(leaves[0] if len(leaves) == 1 else wq.Or(leaves), text))  # bounded as English
        parts = list(dict.fromkeys(parts))
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def date(self, d: DateClause) -> Any:
        # Only reached for dates nested below OR/NOT; top-level dates become column filters.
        span = d.span
        return wq.NumericRange(d.field, span.start, span.end)

    def range(self, r: Range) -> Any:
        """A metadata range: numeric when both ends are whole numbers (``session:[1 TO 12]``
        must not put 10 before 2), else in alphabetical order of the field's values."""
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
            for term in self.reader.lexicon(r.field):
                text = term_text(term)
                if text.isdigit() and (low is None or int(text) >= low) and (high is None or int(text) <= high):
                    terms.append(wq.Term(r.field, text))
            return wq.Or(terms) if terms else wq.NullQuery
        return wq.TermRange(r.field, lo, hi, startexcl=r.lo_excl, endexcl=r.hi_excl)


def _terms_only(node: Any) -> bool:
    return isinstance(node, wq.Or) and node.boost == 1.0 and all(isinstance(s, wq.Term) for s in node.subqueries)


def _and(items: list) -> Any:
    return items[0] if len(items) == 1 else wq.And(items)


def _or(items: list) -> Any:
    return items[0] if len(items) == 1 else wq.Or(items)


def close_terms(
    reader: IndexReader,
    fieldname: str,
    word: str,
    stem: str,
    maxdist: int,
    analyse: Callable[[str], list[str]],
    enough: int | None = None,
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
    consider(reader.terms_within(fieldname, typed, min(maxdist + 2, WIDE_SCAN_EDITS), prefix=2))
    return found


def _fold(text: str) -> str:
    """Lower case, accents folded as the index's analyzers fold them (Whoosh's accent table)."""
    # start-up: whoosh.support.charset ~1 ms, only for wildcard and fuzzy words
    from whoosh.support.charset import accent_map

    return text.lower().translate(accent_map)

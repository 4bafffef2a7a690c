"""Snippets: find the query's matches in a statement's text and cut the best passages.

Highlighting must not re-analyse whole bodies (a long speech is ~3,000 words, ten of them per
screen): one regular expression built from the first letters of the query's stems finds the few
candidate words in C, and only those candidates go through the field's own analyzer (memoised),
so a candidate counts as a match exactly when the index would have matched it. Stemmed matches
are highlighted as written ("negotiations" for ``negotiate``); phrase words are highlighted only
where the whole phrase occurs (the words in between, stop words included, are part of the mark).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from whoosh.query import Phrase, Term

from searchtool.chars import APOSTROPHES, ZERO_WIDTH
from searchtool.index.analysis import WORD_PATTERN, term_text
from searchtool.index.multilang import ARABIC_WORD, SEP, language_of_term, strip_language
from searchtool.languages import char_script
from searchtool.translit import CYRILLIC_NAME, translit_key
from searchtool.searching.queries import (
    positive_leaves,  # in the text fields, whose matches are marked
)
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Iterable

    from whoosh.fields import Schema
    from whoosh.query.qcore import Query
    from whoosh.reading import IndexReader

#: Characters per snippet fragment (about two lines of a terminal).
FRAGMENT_CHARS = 220
#: Fragments per hit.
MAX_FRAGMENTS = 3
#: How far a fragment may grow beyond its size to begin and end on whole words.
WORD_SLACK = 40
#: Most index terms one wildcard/fuzzy query part may contribute to highlighting.
MAX_EXPANSION = 200

#: A whole word as the index's analyzer reads it (one pattern for both: inner dots and apostrophe
#: look-alikes join parts, zero-width characters belong to the word they sit in), for counting
#: the words inside a phrase's gaps (compiled on first use, ~0.3 ms: only phrases need it).
_WORD = WORD_PATTERN
_WORD_RE = re.compile(_WORD)
#: The rest of a word after its first letter (WORD_PATTERN starts with one ``\w``): a candidate
#: is found by the first letters of a stem and runs on to the end of its word.
_WORD_TAIL = WORD_PATTERN.removeprefix(r"\w")
_TAIL = re.compile(_WORD_TAIL)


# A match starts a word: not after a letter or digit, nor after a joiner (dot, apostrophe,
# zero-width character) that follows one. A joiner after a space is punctuation: an opening
# ‘quote’ or a stray zero-width character before a word, which the analyzer leaves out.
_JOINERS = "." + APOSTROPHES + ZERO_WIDTH
_NOT_AFTER = rf"(?<!\w)(?<!\w[{_JOINERS}])"


def _starts_word(text: str, pos: int) -> bool:
    """Whether a word starts at ``pos`` of ``text`` (as :data:`_NOT_AFTER` decides); also every
    Han character (each is a word to the index) and a name after glued initials (``С.В.Лаврова``)."""
    if pos == 0:
        return True
    prev = text[pos - 1]
    if prev.isalnum() or prev == "_":
        return prev.isalpha() and _is_han(text[pos])
    if prev in _JOINERS and pos >= 2:
        before = text[pos - 2]
        if prev == "." and before.isalpha() and (pos < 3 or not text[pos - 3].isalnum()):
            return True  # after an initial: "S.V.Lavrov"
        return not (before.isalnum() or before == "_")
    return True


def _is_han(ch: str) -> bool:
    return ch.isalpha() and char_script(ch) == "han"


#: Same-length folds of the lower-cased text, as the analysis folds these letters: ё -> е, and
#: Arabic alef forms, alef maqsura and ta marbuta (diacritics are left to the analyzer).
_LOW_FOLD = str.maketrans({"ё": "е", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
#: The letters :data:`_LOW_FOLD` changes: a text without them is not translated (a dict-table
#: ``translate`` costs ~0.6 ms on a 33 KB speech; ten ``in`` scans cost a few microseconds).
_FOLDED = tuple(chr(c) for c in _LOW_FOLD)
#: Where an Arabic word starts: Snowball Arabic strips prefixes (ال, و, ب), so a stem's first
#: letters need not begin the word; every Arabic word is a candidate when the query has one.
_ARABIC_WORD = re.compile(r"(?<![\w\u064b-\u0652])" + ARABIC_WORD)

_SPACE = re.compile(r"\s+")


class Fragment(Value):
    """One passage: ``parts`` alternate plain text and matches, whitespace collapsed."""

    __slots__ = ("parts", "start", "end", "leading", "trailing")

    def __init__(
        self, parts: list[tuple[str, bool]], start: int, end: int, leading: bool = False, trailing: bool = False
    ) -> None:
        # leading, trailing: the text was cut before, after the fragment
        Value.__init__(self, parts, start, end, leading, trailing)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)

    def plain(self) -> str:
        """The passage as plain text, with ``…`` where the statement goes on before or after."""
        return ("… " if self.leading else "") + self.text + (" …" if self.trailing else "")


def _wanted(query: Query, reader: IndexReader | None) -> tuple[set[str], list[tuple[tuple[str, ...], int]]]:
    """The terms to mark, and the phrases (words, slop) to mark where they occur whole: the
    query's :func:`~searchtool.searching.queries.positive_leaves`, a one-word phrase as a term,
    prefix, wildcard and fuzzy parts as the index terms they stand for (with ``reader``; at most
    :data:`MAX_EXPANSION` each)."""
    terms: set[str] = set()
    phrases: list[tuple[tuple[str, ...], int]] = []
    for leaf in positive_leaves(query):
        if isinstance(leaf, Term):
            terms.add(leaf.text)
        elif isinstance(leaf, Phrase):
            words = tuple(w for w in leaf.words if isinstance(w, str))
            if len(words) == 1:
                terms.add(words[0])
            elif words:
                phrases.append((words, max(1, leaf.slop)))
        elif reader is not None:
            for n, (_fieldname, term) in enumerate(leaf.expanded_terms(reader)):
                if n >= MAX_EXPANSION:
                    break
                terms.add(term_text(term))
    return terms, phrases


class Highlighter:
    """The query's match plan, reusable over many texts (all hits of a page, titles and bodies).

    ``terms``: the stems to mark wherever they occur; ``phrases``: (stems, slop) to mark where the
    whole phrase occurs. ``reader`` expands prefix, wildcard and fuzzy parts to index terms.
    """

    def __init__(
        self, query: Query | None, schema: Schema | None, reader: IndexReader | None = None, analyzer: Any = None
    ) -> None:
        self.terms, self.phrases = _wanted(query, reader) if query is not None else (set(), [])
        # Names asked for across scripts ("Lavrov" -> the names field's key "lavrov"): the
        # capitalised Cyrillic words with that key are marked (Лаврова, Лавровым).
        self._name_keys = (
            {leaf.text for leaf in positive_leaves(query, ("names",)) if isinstance(leaf, Term)} if query is not None else set()
        )
        self.analyzer = analyzer if analyzer is not None else schema["body"].analyzer
        stems = set(self.terms)
        for words, _slop in self.phrases:
            stems.update(words)
        # The languages the query's terms are in: a word of a statement is a match when its
        # analysis in one of them is a query term (a French hit's "élections" -> fr:élect).
        self._languages = tuple(sorted({language_of_term(s) for s in stems} | {"en"}))
        self._forms = getattr(self.analyzer, "word_forms", None)
        self._memo = _memo_for(self.analyzer, self._languages)
        self._arabic = "ar" in self._languages
        # A stem without its last two letters begins every word that reduces to it (stemmers
        # change only endings: "happi" <- happy, "hope" <- hoping); three letters at least.
        bare = {strip_language(s) for s in stems}
        self._prefixes = sorted({s[: max(3, len(s) - 2)] for s in bare if s})
        self._candidates = (
            re.compile(_NOT_AFTER + "(?:" + "|".join(map(re.escape, self._prefixes)) + ")" + _WORD_TAIL, re.IGNORECASE)
            if self._prefixes
            else None
        )
        # The analyzer closes up dotted abbreviations ("U.S." -> us): short stems are also
        # looked for with a dot after each letter.
        dotted = sorted({s for s in stems if 2 <= len(s) <= 6 and s.isalpha()})
        self._dotted_probes = [s[0] + "." + s[1] for s in dotted]  # cheap test before the regex
        self._dotted = (
            re.compile(_NOT_AFTER + "(?:" + "|".join(r"\.".join(map(re.escape, s)) for s in dotted) + r")\b")
            if dotted
            else None
        )

    @property
    def empty(self) -> bool:
        return self._candidates is None and not self._name_keys

    def _name_spans(self, text: str) -> list[tuple[int, int]]:
        keys = self._name_keys
        return [m.span() for m in CYRILLIC_NAME.finditer(text) if translit_key(m.group()) in keys]

    def _tokens(self, word: str) -> tuple[frozenset[str], ...]:
        """What the index made of ``word``: per token, the terms it may be (one per language)."""
        hit = self._memo.get(word)
        if hit is None:
            if self._forms is not None:
                tokens = [(t.text, t.startchar, t.endchar) for t in self.analyzer(word, chars=True, mode="index")]
                spans = list(dict.fromkeys((s, e) for _t, s, e in tokens))
                hit = tuple(f for f in (self._forms(word[s:e], self._languages) for s, e in spans) if f)
            else:
                hit = tuple(frozenset((t.text,)) for t in self.analyzer(word, mode="index"))
            self._memo[word] = hit
        return hit

    def terms_of(self, word: str) -> tuple[str, ...]:
        """The index terms of one word as the field's analyzer makes them (memoised; none for a
        stop word): how collocates count the words around the matches this class finds. A word
        that may be in several of the query's languages counts under one of its terms, the same
        every time (its English one if it has one)."""
        return tuple(min(forms, key=lambda t: (SEP in t, t)) for forms in self._tokens(word))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the matches in ``text``, sorted and not overlapping."""
        if not text:
            return []
        if self._candidates is None:
            return _merge(self._name_spans(text)) if self._name_keys else []
        found: list[tuple[int, int, frozenset[str]]] = []
        for start, end in self._candidate_words(text):
            toks = self._tokens(text[start:end])
            if len(toks) == 1:
                found.append((start, end, toks[0]))
        spans: list[tuple[int, int]] = []
        terms = self.terms
        for start, end, forms in found:
            if not forms.isdisjoint(terms):
                spans.append((start, end))
        for words, slop in self.phrases:
            spans.extend(self._phrase_spans(text, found, words, slop))
        if self._name_keys:
            spans.extend(self._name_spans(text))
        return _merge(spans)

    def _candidate_words(self, text: str) -> list[tuple[int, int]]:
        """Spans of the words that start like one of the query's stems, in text order.

        ``str.find`` on the lower-cased text is several times faster than a case-insensitive
        regular expression over a long statement; the regex remains for the rare text whose
        lower-casing changes its length (so that offsets would no longer line up).
        """
        low = text.lower()
        if len(low) != len(text):
            return [m.span() for m in self._candidates.finditer(text)]
        if not low.isascii() and any(ch in low for ch in _FOLDED):
            low = low.translate(_LOW_FOLD)
        tail = _TAIL.match
        starts = set()
        arabic: dict[int, int] = {}
        if self._arabic:
            arabic = {m.start(): m.end() for m in _ARABIC_WORD.finditer(low)}
            starts.update(arabic)
        if self._dotted is not None and any(probe in low for probe in self._dotted_probes):
            starts.update(m.start() for m in self._dotted.finditer(low))
        for prefix in self._prefixes:
            pos = low.find(prefix)
            while pos >= 0:
                if _starts_word(low, pos):
                    starts.add(pos)
                pos = low.find(prefix, pos + 1)
        return [(p, arabic[p] if p in arabic else p + 1 if _is_han(low[p]) else tail(low, p).end()) for p in sorted(starts)]

    def _phrase_spans(self, text, found, words, slop) -> Iterable[tuple[int, int]]:
        """Where the phrase's words follow each other with at most ``slop - 1`` words between."""
        n = len(found)
        for i in range(n):
            if words[0] not in found[i][2]:
                continue
            j = i
            for word in words[1:]:
                k = j + 1
                reach = found[j][1] + 40 * slop  # no need to look further than slop words away
                while k < n and word not in found[k][2] and found[k][0] <= reach:
                    k += 1
                if k >= n or word not in found[k][2] or self._gap_over(text, found[j][1], found[k][0], slop - 1):
                    break
                j = k
            else:
                yield found[i][0], found[j][1]

    def _gap_over(self, text: str, start: int, end: int, limit: int) -> bool:
        """Whether more than ``limit`` indexed (non-stop) words lie between two positions.

        Stops at the word that passes the limit: an exact phrase's gap (limit 0) is settled by
        its first indexed word, where counting them all analysed every word of the gap (half of
        a phrase search's time on the UN speeches went into highlighting it)."""
        if end <= start:
            return False
        count = 0
        for match in _WORD_RE.finditer(text, start, end):
            if self._tokens(match.group()):
                count += 1
                if count > limit:
                    return True
        return False

    def fragments(self, text: str, max_fragments: int = MAX_FRAGMENTS, size: int = FRAGMENT_CHARS) -> list[Fragment]:
        """Up to ``max_fragments`` passages with the most distinct matches, in text order.

        Without any match in the body (the hit matched on its title or a filter), the opening
        of the text, which for statements usually says what they are about.
        """
        if not text:
            return []
        spans = self.spans(text)
        if not spans:
            return [_cut(text, 0, min(len(text), size), [])]
        keys = [text[s:e].lower() for s, e in spans]
        starts = [s for s, _e in spans]
        ends = [e for _s, e in spans]
        windows = []
        for start in starts:
            lo = max(0, start - size // 3)
            hi = min(len(text), lo + size)
            inside = [keys[j] for j in range(bisect_left(starts, lo), bisect_right(starts, hi)) if ends[j] <= hi]
            # most distinct words, then most matches, then earliest
            windows.append((-len(set(inside)), -len(inside), lo, hi))
        windows.sort()
        chosen: list[tuple[int, int]] = []
        for _distinct, _count, lo, hi in windows:
            if not any(lo < c_hi and hi > c_lo for c_lo, c_hi in chosen):
                chosen.append((lo, hi))
                if len(chosen) == max_fragments:
                    break
        chosen.sort()
        return [_cut(text, lo, hi, spans) for lo, hi in chosen]

    def plain(self, fragments: list[Fragment]) -> str:
        """Fragments as one plain line: ``... text ... text ...``."""
        return " ".join(frag.plain() for frag in fragments).replace("… …", "…")

    def parts(self, text: str) -> list[tuple[str, bool]]:
        """``text`` as plain/match parts; none for empty text. What output marks up: it gets a
        highlighter with the results and never needs to know how matches were found."""
        return self.whole(text) if text else []

    def whole(self, text: str) -> list[tuple[str, bool]]:
        """All of ``text`` as plain/match parts (line breaks kept), for ``show`` and titles."""
        parts: list[tuple[str, bool]] = []
        pos = 0
        for s, e in self.spans(text):
            if s > pos:
                parts.append((text[pos:s], False))
            parts.append((text[s:e], True))
            pos = e
        if pos < len(text):
            parts.append((text[pos:], False))
        return parts


_MEMOS: dict[tuple, tuple[Any, dict[str, tuple[frozenset[str], ...]]]] = {}
#: Words remembered per analyzer (analysing one costs ~50 us; an engine highlights many pages).
MEMO_LIMIT = 50_000


def _memo_for(analyzer, languages: tuple[str, ...] = ()) -> dict[str, tuple[frozenset[str], ...]]:
    """The analysed-word memo shared by every highlighter over the same analyzer object and
    query languages."""
    key = (id(analyzer), languages)
    entry = _MEMOS.get(key)
    if entry is None or entry[0] is not analyzer:
        entry = (analyzer, {})
        _MEMOS[key] = entry
    if len(entry[1]) > MEMO_LIMIT:
        entry[1].clear()
    return entry[1]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _cut(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> Fragment:
    """The passage ``text[lo:hi]`` widened/narrowed to whole words, with its matches marked.

    Widening stops :data:`WORD_SLACK` characters out: text without spaces (a line of CSS pasted
    into a page, a long URL) is cut mid-word rather than shown whole (one such snippet ran to
    23,431 characters).
    """
    limit = (hi - lo) + 2 * WORD_SLACK
    # Start at a sentence start if one is close before the window, else at a word boundary.
    if lo > 0:
        sentence = max(text.rfind(". ", max(0, lo - 60), lo), text.rfind("\n", max(0, lo - 60), lo))
        if sentence >= 0:
            lo = sentence + 1
        else:
            floor = max(0, lo - WORD_SLACK)
            while lo > floor and not text[lo - 1].isspace():
                lo -= 1
    while lo < len(text) and text[lo].isspace():
        lo += 1
    if hi < len(text):
        space = text.rfind(" ", lo, hi)
        # never cut through a match
        for s, e in spans:
            if s < hi < e:
                hi = e
        if space > lo and not any(s < space < e for s, e in spans) and hi < len(text) and not text[hi].isspace():
            hi = space if not any(s < hi <= e for s, e in spans) else hi
    hi = min(hi, lo + limit)
    parts: list[tuple[str, bool]] = []
    pos = lo
    for s, e in spans:
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        if s > pos:
            parts.append((_SPACE.sub(" ", text[pos:s]), False))
        parts.append((_SPACE.sub(" ", text[s:e]), True))
        pos = e
    if pos < hi:
        parts.append((_SPACE.sub(" ", text[pos:hi]), False))
    if parts and not parts[-1][1]:
        parts[-1] = (parts[-1][0].rstrip(), False)
    return Fragment(parts=parts, start=lo, end=hi, leading=lo > 0, trailing=hi < len(text))

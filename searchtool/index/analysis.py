"""Text analysis shared by indexing and querying.

Both sides must analyse text identically, so the analyzers live here and nowhere else. Whoosh
pickles the analyzers into the index's schema, which is why they are built only from Whoosh's own
components or classes defined in this module (importable wherever the index is opened).

Indexing speed: Whoosh analyses text one ``Token`` object at a time through a chain of Python
generators, which is where most of a build's time goes (profiled: about half of plain Whoosh's
time is the analyzer and ``Positions.word_values``). :func:`fast_terms` computes exactly the
same terms and positions for the same analyzer chain with a few C-level passes over the text and a cache from
raw word to final term, so each distinct word is lowercased, folded, stop-checked and stemmed once
per process instead of once per occurrence. The query side keeps using the ordinary chain; tests
check that both give identical terms and positions.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import (
    STOP_WORDS,
    CharsetFilter,
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    PyStemmerFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)

from searchtool.chars import APOSTROPHES, ZERO_WIDTH

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Callable

# ZERO_WIDTH characters are part of the word they sit in, then dropped.

_W = rf"\w[\w{ZERO_WIDTH}]*"
#: Words: letters/digits, allowing inner apostrophes and dots ("U.S.", "Russia’s", "don't").
WORD_PATTERN = rf"{_W}(?:[.{APOSTROPHES}]{_W})*"
#: Name words: letters/digits only ("S. V. Lavrov" -> s, v, lavrov).
NAME_PATTERN = _W

#: Whoosh's English stop list minus words that carry meaning in statements: "us" (the country,
#: once "U.S." is folded to "us") and "may" (the month). The rest are function words in this
#: domain too ("will" and "can" are nearly always modal verbs, "it" rarely the acronym); "not"
#: stays a stop word as well, so a lowercase "not" in a typed question is not required.
STOP_LIST = frozenset(STOP_WORDS - {"us", "may"})

_DROP_ZERO_WIDTH = {ord(c): None for c in ZERO_WIDTH}
_APOSTROPHE_MAP = {ord(c): "'" for c in APOSTROPHES[1:]}
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # single letters joined by dots: U.S, e.g


def fold_word(word: str) -> str:
    """One word as it is indexed, before case folding and stemming.

    Compatibility forms folded (NFKC: "ﬁnancial" -> "financial", full-width letters),
    invisible characters dropped, apostrophes unified and a possessive "'s" stripped
    ("Russia’s" and "Russia's" -> "Russia"), dotted abbreviations closed up ("U.S." -> "US",
    so typing US finds U.S.).
    """
    if not word.isascii():
        word = unicodedata.normalize("NFKC", word.translate(_DROP_ZERO_WIDTH)).translate(_APOSTROPHE_MAP)
    if word.endswith(("'s", "'S")):
        word = word[:-2]
    elif "." in word and _DOTTED.fullmatch(word):
        word = word.replace(".", "")
    return word


class WordFoldFilter(Filter):
    """Applies :func:`fold_word` to every token (see there); drops a token that folds to nothing."""

    def __call__(self, tokens):
        for t in tokens:
            text = fold_word(t.text)
            if text:
                t.text = text
                yield t

#: Distinct raw words remembered per process before the cache is cleared (a few tens of MB).
TERM_CACHE_LIMIT = 400_000


def _accent_map() -> dict:
    """Whoosh's accent-folding table. Imported here, not at the top (~1.2 ms of start-up): a
    search reads the analyzers, their tables included, from the index's pickled schema, so only
    building a schema needs it."""
    from whoosh.support.charset import (
        accent_map,  # start-up: ~1.2 ms, only building a schema
    )

    return accent_map


def stem_analyzer():
    """English full text: words, lowercase, accents folded, stop words dropped, Porter stems.

    Snowball English (PyStemmer) was measured against Porter on three judged collections
    (docs/design/ranking.md, round 5): alone it gained on CACM and was level elsewhere, but in
    the shipped ranking it no longer paid (CACM +0.008 nDCG@10, CISI -0.011, Cranfield +0.002,
    all within noise), so Porter stays. Indexes built meanwhile with Snowball keep it (Whoosh
    stores the analyzer in the index) and stay fast (:func:`fast_terms` reproduces both).
    """
    return (
        RegexTokenizer(WORD_PATTERN)
        | WordFoldFilter()
        | LowercaseFilter()
        | CharsetFilter(_accent_map())
        | StopFilter(STOP_LIST)
        | StemFilter(cachesize=-1)
    )


def name_analyzer():
    """Names and keyword-like metadata: every word searchable, case and accents folded, no stems.

    ``speaker:lavrov`` must find "S. V. Lavrov" and "Sergey Lavrov"; initials stay as tokens.
    """
    return RegexTokenizer(NAME_PATTERN) | WordFoldFilter() | LowercaseFilter() | CharsetFilter(_accent_map())


class _Plan:
    """The fast equivalent of one supported analyzer chain: a tokenizer regex and a word->term map."""

    def __init__(self, pattern, normalise: Callable[[str], str | None]):
        self.findall = pattern.findall
        self.normalise = normalise
        self.cache: dict[str, str | None] = {}

    def terms(self, text: str) -> tuple[list[str], int]:
        """The kept terms in order, and the position of the first one (Whoosh's renumbering)."""
        words = self.findall(text)
        cache = self.cache
        if len(cache) > TERM_CACHE_LIMIT:
            cache.clear()
        normalise = self.normalise
        for word in set(words).difference(cache):
            cache[word] = normalise(word)
        mapped = list(map(cache.__getitem__, words))
        kept = [t for t in mapped if t is not None]
        if not kept:
            return kept, 0
        first = mapped.index(kept[0]) if mapped[0] is None else 0
        return kept, first


def _plan_for(analyzer) -> _Plan | None:
    """A fast plan for ``analyzer`` if it is a chain this module knows exactly, else ``None``."""
    if not isinstance(analyzer, CompositeAnalyzer):
        return None
    items = list(analyzer.items)
    if not items or type(items[0]) is not RegexTokenizer or items[0].gaps:
        return None
    pattern = items[0].expression
    if pattern.groups:  # findall would return groups, not whole matches
        return None
    steps: list[Callable[[str], str | None]] = []
    for item in items[1:]:
        kind = type(item)
        if kind is LowercaseFilter:
            steps.append(str.lower)
        elif kind is WordFoldFilter:
            steps.append(lambda w: fold_word(w) or None)
        elif kind is CharsetFilter:
            charmap = item.charmap
            steps.append(lambda w, m=charmap: w.translate(m))
        elif kind is StopFilter:
            if not item.renumber:
                return None
            stops, lo, hi = item.stops, item.min, item.max
            steps.append(
                lambda w, s=stops, lo=lo, hi=hi: None
                if len(w) < lo or (hi is not None and len(w) > hi) or w in s
                else w
            )
        elif kind is StemFilter or kind is PyStemmerFilter:
            # PyStemmerFilter keeps its stemmer in _stem (its stemfn is StemFilter's Porter default)
            stemfn, ignore = (item._stem if kind is PyStemmerFilter else item.stemfn), item.ignore
            steps.append(lambda w, f=stemfn, ig=ignore: w if w in ig else f(w))
        else:
            return None

    def normalise(word: str) -> str | None:
        for step in steps:
            word = step(word)
            if word is None:
                return None
        return word

    return _Plan(pattern, normalise)


_PLANS: dict[int, tuple[object, _Plan | None]] = {}


def fast_terms(analyzer, text: str) -> tuple[list[str], int] | None:
    """The terms ``analyzer`` keeps from ``text``, in order, and the position of the first one.

    Identical to the tokens Whoosh's chain yields (text and position); ``None`` when the analyzer
    is not a chain this module can reproduce (the caller then uses Whoosh's own path).
    """
    entry = _PLANS.get(id(analyzer))
    if entry is None or entry[0] is not analyzer:
        entry = (analyzer, _plan_for(analyzer))
        _PLANS[id(analyzer)] = entry
    plan = entry[1]
    if plan is None:
        return None
    return plan.terms(text)


def query_terms(analyzer, text: str) -> list[str]:
    """The terms ``analyzer`` makes of ``text`` typed in a query (Whoosh's query mode: no
    positions, stop words dropped as when indexing). One function, so that building, ranking,
    suggestions and highlighting cannot analyse a query word in different ways."""
    return [token.text for token in analyzer(text, mode="query")]


def term_text(term: bytes | str) -> str:
    """A term of the index as text: Whoosh hands out a field's terms as UTF-8 bytes from a
    reader's lexicon and as text from a parsed query."""
    return term.decode("utf-8") if isinstance(term, bytes) else term

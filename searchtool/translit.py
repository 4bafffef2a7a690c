"""A transliteration key for names: one spelling for Lavrov, Lavrova, Лавров, Лаврова, Sergei, Sergey.

Base layer (stdlib only). No transliteration scheme alone makes *Sergei* = *Sergey* = *Sergej*
or *Zelensky* = *Zelenskiy* (``../shared/design/capabilities.md`` B.4), so a name word is
reduced to a key in three steps: Cyrillic to Latin with one table (Russian and Ukrainian
letters); the usual variant spellings folded (y/j -> i, kh -> h, ts/tz -> c, a doubled i once,
accents dropped); then the case ending of a Slavic surname undone (-ova/-ovoj/-ovym/-ove ->
-ov, -ina -> -in, -skogo/-skaya -> -ski), since speakers, titles and texts name the same official in
every case. The key is for matching only (name fields, ``speaker:``): nothing shows it.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia", "і": "i", "ї": "i", "є": "e",
    "ґ": "g",
}
_TABLE = str.maketrans(_CYRILLIC)

# Variant spellings, in order: digraphs before the single letters they contain.
_FOLDS = (
    (re.compile(r"kh"), "h"),
    (re.compile(r"t[sz]"), "c"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"^ie"), "e"),  # Yevgeny / Евгений, Yelena / Елена
    (re.compile(r"(?<=[aeiou])ie"), "e"),  # Sergeyev / Сергеев
    (re.compile(r"i+"), "i"),  # Zelenskii / Zelensky, Mariia / Maria
    (re.compile(r"'"), ""),
)

#: Case endings of Slavic surnames (transliterated and folded), longest first; what remains
#: must keep this many letters before the suffix.
_SURNAME = re.compile(r"^(?P<base>\w{2,}?(?:ov|ev|in))(?:imi|oiu|oi|om|im|ih|a|u|i|e)$")
_ADJECTIVAL = re.compile(r"^(?P<base>\w{2,}?(?:sk|ck))(?:ogo|omu|oiu|aia|ai|oi|om|im|ih|imi|ii|i|a|e|iu|uiu)$")


def translit_key(word: str) -> str:
    """The key of one name word (lower case, no spaces); empty for a word without letters."""
    text = word.lower().translate(_TABLE)
    if not text.isascii():
        # (lower case again: compatibility forms such as a mathematical bold A decompose to capitals)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).lower()
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    match = _SURNAME.match(text)
    if match:
        return match.group("base")
    match = _ADJECTIVAL.match(text)
    if match:
        return match.group("base") + "i"
    return text


#: A capitalised Cyrillic word: a name, or a sentence's first word.
CYRILLIC_NAME = re.compile(r"(?<!\w)[А-ЯЁІЇЄҐЎ][^\W\d_]+")


def cyrillic_names(text: str) -> list[str]:
    """The distinct capitalised Cyrillic words of ``text``, in order: what the index's ``names``
    field holds (under :func:`translit_key`), so that a Latin-script name meets them, and what
    the highlighter marks for such a name. One C-level scan; an English statement has none."""
    return list(dict.fromkeys(CYRILLIC_NAME.findall(text)))

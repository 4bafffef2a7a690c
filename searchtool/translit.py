"""A transliteration key for names: one spelling for Lavrov, Lavrova, Лавров, Лаврова, Sergei, Sergey.

Base layer (stdlib only). No transliteration scheme alone makes *Sergei* = *Sergey* = *Sergej*
or *Zelensky* = *Zelenskiy* (``../shared/design/capabilities.md`` B.4), so a name word is
reduced to a key in three steps: Cyrillic to Latin and Russian case endings undone as
:mod:`searchtool.names` does it (one table for the whole project); the usual variant spellings folded (y/j -> i, kh -> h, ts/tz -> c, a doubled i once,
accents dropped); then the case ending of a Slavic surname undone (-ova/-ovoj/-ovym/-ove ->
-ov, -ina -> -in, -skogo/-skaya -> -ski), since speakers, titles and texts name the same official in
every case. The key is for matching only (name fields, ``speaker:``): nothing shows it.
"""

from __future__ import annotations

import re
import unicodedata

from searchtool.names import word_key

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
    """The key of one name word (lower case, no spaces); empty for a word without letters.

    Transliteration and Russian case endings as :mod:`searchtool.names` has them (the people
    registry's and turn labels' key), then the spelling variants folded further, so that a name
    typed in any common romanisation (Zaharova, Sergej, Zelenskyy) meets it too."""
    text = word_key(word).lower()
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
    if text.endswith(("sk", "ck")) and len(text) > 4:
        return text + "i"  # Зеленского -> zelensk (case ending undone) = Zelensky
    return text


#: A capitalised Cyrillic word: a name, or a sentence's first word.
CYRILLIC_NAME = re.compile(r"(?<!\w)[А-ЯЁІЇЄҐЎ][^\W\d_]+")
#: The capital letters such a word starts with: a plain scan for them is 4x faster than the
#: full pattern (whose look-behind is tried at every character), and most text has none.
_CYRILLIC_CAPITAL = re.compile("[А-ЯЁІЇЄҐЎ]")


def cyrillic_names(text: str) -> list[str]:
    """The distinct capitalised Cyrillic words of ``text``, in order: what the index's ``names``
    field holds (under :func:`translit_key`), so that a Latin-script name meets them, and what
    the highlighter marks for such a name. One C-level scan; an English statement has none
    (and costs a quicker scan: 0.44 -> 0.10 ms for a UN speech; every record is scanned)."""
    if text.isascii() or not _CYRILLIC_CAPITAL.search(text):
        return []
    return list(dict.fromkeys(CYRILLIC_NAME.findall(text)))

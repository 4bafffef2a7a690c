"""Speakers and posts from Russian titles, turned from the title's genitive to the nominative.

"Комментарий официального представителя МИД России М.В.Захаровой о ..." names its speaker in
the genitive (the comment *of* the spokeswoman): the speaker is ``М. В. Захарова``, the post
``официальный представитель МИД России``. The wording lives in
:mod:`searchtool.reading.intl_rules`; this module applies it:

- a title that starts with a speech act (:data:`RU_SPEAKER_RULES`) names a speaker after it; a
  readout ("О телефонном разговоре Министра ... С.В.Лаврова с ...") names its subject, and has
  no speaker;
- the person is the first name in the phrase (:data:`RU_NAME`: initials and a surname, or a
  first name and a surname); what precedes it is the post, unless it starts with a connector
  ("на форуме с участием ..."); "... и <post> <name>" adds a second speaker;
- the surname, first name and the post's leading adjectives and first noun go back to the
  nominative by ending tables (the rest of a post is its own genitive complement: "Министр
  иностранных дел").
"""

from __future__ import annotations

import re

from searchtool.reading.intl_rules import (
    RU_CONNECTORS,
    RU_FIRST_NAME_NOMINATIVE,
    RU_NAME,
    RU_NO_SPEAKER,
    RU_POST_IRREGULAR,
    RU_POST_NOUN_NOMINATIVE,
    RU_SPEAKER_RULES,
    RU_SURNAME_NOMINATIVE,
)

_SPEAKER_RULES = [re.compile(p, re.IGNORECASE) for p in RU_SPEAKER_RULES]
_NO_SPEAKER = [re.compile(p, re.IGNORECASE) for p in RU_NO_SPEAKER]
_NAME = re.compile(RU_NAME)
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")


def is_russian_title(title: str) -> bool:
    """Whether a title is written in Cyrillic (its first letter)."""
    first = next((ch for ch in title if ch.isalpha()), "")
    return bool(first) and bool(_CYRILLIC.match(first))


def russian_speakers(title: str) -> list[tuple[str, str]]:
    """``(name, post)`` of each speaker a Russian title names, in the nominative; none for a
    readout or a title that names nobody after its speech act."""
    if any(p.match(title) for p in _NO_SPEAKER):
        return []
    for rule in _SPEAKER_RULES:
        m = rule.match(title)
        if m:
            return _people(m.group("who"))
    return []


def _people(who: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    while who:
        m = _NAME.search(who)
        if not m:
            break
        post = who[: m.start()].strip(" ,")
        if post and post.split()[0].lower() in RU_CONNECTORS:
            break
        found.append((_name(m), nominative_post(post)))
        rest = who[m.end() :].lstrip(" ,")
        if not rest.startswith("и "):
            break
        who = rest[2:]
    return found


def _name(m: re.Match[str]) -> str:
    if m.group("initials"):
        initials = " ".join(i + "." for i in re.findall(r"[А-ЯЁ]", m.group("initials")))
        return f"{initials} {nominative_surname(m.group('surname'))}"
    return f"{nominative_first_name(m.group('first'))} {nominative_surname(m.group('surname2'))}"


def _by_table(word: str, table: list[tuple[str, str]]) -> str | None:
    for ending, replacement in table:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)] + replacement
    return None


def nominative_surname(word: str) -> str:
    """A surname in the genitive back in the nominative ("Лаврова" -> "Лавров", "Захаровой" ->
    "Захарова", "Лукашевича" -> "Лукашевич"); a surname that does not decline stays."""
    return "-".join(_surname_part(p) for p in word.split("-"))


def _surname_part(word: str) -> str:
    found = _by_table(word, RU_SURNAME_NOMINATIVE)
    if found:
        return found
    if word.endswith("а") and len(word) > 3 and word[-2] in _CONSONANTS:
        return word[:-1]  # a man's consonant-final surname: "Полищука" (a woman's would not decline)
    return word


def nominative_first_name(word: str) -> str:
    """A first name in the genitive back in the nominative ("Сергея" -> "Сергей", "Марии" ->
    "Мария", "Антона" -> "Антон")."""
    found = _by_table(word, RU_FIRST_NAME_NOMINATIVE)
    if found:
        return found
    if word.endswith("а") and len(word) > 3 and word[-2] in _CONSONANTS:
        return word[:-1]
    return word


def nominative_post(post: str) -> str:
    """A post in the genitive back in the nominative: the leading adjectives and the first noun
    ("официального представителя МИД России" -> "официальный представитель МИД России")."""
    words = post.split()
    out = list(words)
    for i, word in enumerate(words):
        low = word.lower()
        if low == "и":
            continue
        if low.endswith("ого") and len(low) > 4:
            stem = word[:-3]
            out[i] = stem + ("ий" if stem[-1:].lower() in "кгхжшчщ" else "ый")
            continue
        if low.endswith("его") and len(low) > 4:
            out[i] = word[:-3] + "ий"
            continue
        if low in RU_POST_IRREGULAR:
            nominative = RU_POST_IRREGULAR[low]
            out[i] = nominative.capitalize() if word[:1].isupper() else nominative
        else:
            noun = _by_table(word, RU_POST_NOUN_NOMINATIVE)
            if noun is None and low.endswith("а") and len(low) > 3 and low[-2] in _CONSONANTS:
                noun = word[:-1]
            if noun is not None:
                out[i] = noun
        break
    return " ".join(out)

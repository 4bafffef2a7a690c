"""Speakers named by transcript labels: "С.В.Лавров: ...", "М. В. Захарова: ...".

A briefing or an interview is a transcript; its labelled turns say who spoke even when the
title does not ("Пресс-конференция по итогам переговоров"). Only labels of initials and a
surname count (:data:`searchtool.reading.intl_rules.LABEL_NAME`), and question labels
("Вопрос:", "Question:") never do: the journalist is not a speaker of the statement.
"""

from __future__ import annotations

import re

from searchtool.reading.intl_rules import LABEL_NAME, QUESTION_LABELS

_LABEL = re.compile(LABEL_NAME, re.MULTILINE)
#: Most distinct labelled speakers taken from one text (a long transcript's later labels add
#: nothing the first ones did not).
MAX_LABELLED = 6


def label_speakers(body: str) -> list[str]:
    """The names of labelled turns in ``body``, initials spaced ("С. В. Лавров"), in order."""
    found: list[str] = []
    for m in _LABEL.finditer(body):
        name = m.group("name")
        if name.lower() in QUESTION_LABELS:
            continue
        initials, surname = re.match(r"((?:\w\.\s?)+)(.+)", name).groups()
        spaced = " ".join(i + "." for i in re.findall(r"\w", initials)) + " " + surname
        if spaced not in found:
            found.append(spaced)
            if len(found) >= MAX_LABELLED:
                break
    return found

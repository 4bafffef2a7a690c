"""The turns of a transcript: who speaks which paragraphs of a briefing, interview or press conference.

A turn starts at a paragraph that opens with a speaker label and a colon: an ALL-CAPS label of at
most six words ("MR PRICE:", "SECRETARY BLINKEN:", "QUESTION:", "MODERATOR:"), or a mixed-case
one that is a role ("Question:", "Q:", "Moderator:", "Вопрос:") or a name ("Sergey Lavrov:",
"S. V. Lavrov:", "С.В.Лавров:", "Secretary General Sannino:"). Measured on the 2,031 State
Department releases (../shared/design/capabilities.md, C4): 351 records hold two or more ALL-CAPS
labels, no label stands mid-paragraph, and mixed-case "labels" are mostly headings and sentences
("Health:", "And my second question is:"), which is why a mixed-case label must be a role word,
begin with a title or honorific, name a credited speaker, or recur in the record.

What a label's words mean comes from the rules (:mod:`searchtool.reading.rules`: question,
moderator, answer and other-voice label patterns, field words), so a collection extends them in
its ``searchtool-rules.json``. Field-like layouts are refused: a label with a field word
("VESSEL NAME:", "DOB:", "Note:") is no label, and a record whose labels never recur and whose
labelled paragraphs are all short is a list of fields, not a conversation.

Each turn gets a role (question, official, moderator, other), the credited speaker its label
resolves to (by surname, with title typos tolerated: "SECRETAR BLINKEN"; by a post word: a bare
"SECRETARY:" in a statement credited to the Secretary; "A:" to the first credited speaker), and
a key that ``said:`` matches (:func:`searchtool.names.speaker_key`, or the role, ``question``
or ``moderator``, for a label that names no one). A record without labels has no turns: it is one turn by its credited
speakers.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from searchtool.names import HONORIFICS, name_words, speaker_key, surname_key, title_word
from searchtool.paragraphs import paragraphs
from searchtool.reading.rules import RuleSet
from searchtool.record import Turn

#: A label: text up to a colon at the start of a paragraph, an optional "(note)" before the colon.
_LABEL = re.compile(r"^(?P<label>[^\W\d_][^:\n]{0,80}?)\s*(?:\((?P<note>[^()\n]{0,80})\))?\s*[:：](?:\s|$)")
#: Most words in a label.
MAX_LABEL_WORDS = 6
#: A labelled paragraph shorter than this (after the label) reads like a form's value.
SHORT_VALUE = 80
_NAME_PART = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]*$|^[^\W\d_][\w'’\-]*$")
_PARTICLES = {"de", "da", "del", "der", "van", "von", "al", "el", "bin", "ibn", "la", "le", "di", "du", "dos", "y"}


def _role_of(words: str, rules: RuleSet) -> str | None:
    for role, patterns in (
        ("question", rules.question_labels),
        ("moderator", rules.moderator_labels),
        ("answer", rules.answer_labels),
        ("other", rules.other_labels),
    ):
        if any(p.search(words) for p in patterns):
            return role
    return None


class _Label:
    __slots__ = ("text", "role", "caps", "person_like", "titled", "length")

    def __init__(self, text: str, role: str | None, caps: bool, person_like: bool, titled: bool, length: int):
        self.text, self.role, self.caps, self.person_like, self.titled, self.length = text, role, caps, person_like, titled, length


def read_label(paragraph: str, rules: RuleSet) -> _Label | None:
    """The speaker label that opens ``paragraph``, or ``None``."""
    m = _LABEL.match(paragraph)
    if not m:
        return None
    label = " ".join(m.group("label").split()).strip(" -–—")
    if not label:
        return None
    words = label.replace(".", ". ").split()
    if len(words) > MAX_LABEL_WORDS or "," in label or ";" in label:
        return None
    low = [w.strip(".").lower() for w in words]
    if any(w in rules.field_label_words for w in low):
        return None
    letters = [ch for ch in label if ch.isalpha()]
    caps = bool(letters) and all(ch.isupper() for ch in letters) and len(letters) > 1 or label in ("Q", "A")
    role = _role_of(" ".join(low).replace(" .", "."), rules)
    titled = bool(low) and (low[0] in HONORIFICS or title_word(low[0], rules.post_words) is not None)
    if not caps and role is None:
        # Mixed case: a name ("Sergey Lavrov", "S. V. Lavrov", "Secretary General Sannino"), never
        # a sentence or a heading with lowercase words or topic words.
        parts = [w for w in label.split() if w.lower() not in _PARTICLES]
        if not parts or not all(_NAME_PART.match(w) and (w[0].isupper()) for w in parts):
            return None
        if any(w in rules.org_words and w not in rules.post_words for w in low):
            return None
    person_like = role is None and bool(name_words(label, rules.post_words))
    return _Label(label, role, caps, person_like, titled, m.end())


def _resolve(label: _Label, speakers: Sequence[str], posts: Sequence[str], rules: RuleSet) -> str:
    """The credited speaker ``label`` names, else ``""``."""
    if not speakers:
        return ""
    if label.role == "answer":
        return speakers[0]
    key = surname_key(label.text, rules.post_words)
    if not key:
        return ""
    for name in speakers:
        if surname_key(name, rules.post_words) == key:
            return name
    # A bare post ("SECRETARY:", "MINISTER:"): the one credited speaker holding such a post.
    if len(name_words(label.text, rules.post_words)) == 1 and title_word(key, rules.post_words):
        holders = [name for name, post in zip(speakers, posts) if key in post.lower().split()]
        if len(holders) == 1:
            return holders[0]
    return ""


def _accept(label: _Label, counts: Counter, speakers_keys: set[str], rules: RuleSet) -> bool:
    """Whether a label that passed :func:`read_label` counts in this record (see the module docstring)."""
    if label.role is not None:
        return True
    n_words = len(label.text.split())
    recurs = counts[label.text] >= 2
    names_credited = surname_key(label.text, rules.post_words) in speakers_keys
    if label.caps:
        # One ALL-CAPS word is a speaker only as a surname seen before or recurring ("LAVROV:"),
        # or a post ("SPOKESPERSON:"); "NOTE:"-like words are refused by the field words.
        return n_words > 1 or recurs or names_credited or title_word(label.text.lower(), rules.post_words) is not None
    return label.titled or names_credited or (recurs and n_words >= 2)


def find_turns(body: str, speakers: Sequence[str] = (), posts: Sequence[str] = (), rules: RuleSet | None = None) -> list[Turn]:
    """The turns of ``body`` (paragraph = line), ``[]`` when it is not a transcript."""
    if rules is None:
        from searchtool.reading.rules import default_rules  # start-up: only callers without rules

        rules = default_rules()
    paras = paragraphs(body)
    found: list[tuple[int, _Label]] = []
    for i, para in enumerate(paras, 1):
        if ":" in para[:100] or "：" in para[:100]:
            label = read_label(para, rules)
            if label is not None:
                found.append((i, label))
    if len(found) < 2:
        return []
    counts = Counter(lab.text for _, lab in found)
    speaker_keys = {surname_key(s, rules.post_words) for s in speakers} - {""}
    found = [(i, lab) for i, lab in found if _accept(lab, counts, speaker_keys, rules)]
    if len(found) < 2 or len({lab.text for _, lab in found}) < 2:
        return []
    if not any(lab.role in ("question", "answer") or lab.person_like for _, lab in found):
        return []
    # A list of fields: no label recurs, none is a question, and every labelled paragraph is short.
    if (
        max(counts[lab.text] for _, lab in found) < 2
        and not any(lab.role in ("question", "moderator") for _, lab in found)
        and all(len(paras[i - 1]) - lab.length < SHORT_VALUE for i, lab in found)
    ):
        return []
    posts = list(posts) + [""] * (len(speakers) - len(posts))
    turns: list[Turn] = []
    if found[0][0] > 1:
        turns.append(Turn(0, 1, found[0][0] - 1, "", "other", "", ""))
    for n, (i, lab) in enumerate(found, 1):
        last = found[n][0] - 1 if n < len(found) else len(paras)
        person = _resolve(lab, speakers, posts, rules)
        role = lab.role or ""
        if role == "answer":
            role = "official" if person else "other"
        elif not role:
            role = "official" if (person or lab.titled or lab.caps) else "other"
        if lab.role in ("question", "moderator", "other"):
            key = lab.role  # said:moderator, asked: (said:question)
        else:
            key = speaker_key(person or lab.text) or role  # the query side's titles
        turns.append(Turn(n, i, last, lab.text, role, person, key))
    return turns


#: Most distinct labelled speakers taken from one text (a long transcript's later labels add
#: nothing the first ones did not).
MAX_LABELLED = 6


def label_speakers(body: str, rules: RuleSet | None = None) -> list[str]:
    """Speakers of the statement named by its labels (``rules.speaker_labels``: "С.В.Лавров:"),
    initials spaced ("С. В. Лавров"), in order; role labels ("Вопрос:", "Question:") never count.

    Read with :func:`read_label`, the labels :func:`find_turns` reads, so that the record's
    speakers and its turns come from one reading of the transcript.
    """
    if rules is None:
        from searchtool.reading.rules import default_rules  # start-up: only callers without rules

        rules = default_rules()
    found: list[str] = []
    for para in paragraphs(body):
        if ":" not in para[:100] and "：" not in para[:100]:
            continue
        label = read_label(para, rules)
        if label is None or label.role is not None or not any(p.search(label.text) for p in rules.speaker_labels):
            continue
        spaced = label.text
        glued = re.match(r"((?:\w\.\s?)+)(\w.*)", spaced)  # a user's pattern may take names without initials
        if glued:
            spaced = " ".join(i + "." for i in re.findall(r"\w", glued.group(1))) + " " + glued.group(2)
        if spaced not in found:
            found.append(spaced)
            if len(found) >= MAX_LABELLED:
                break
    return found

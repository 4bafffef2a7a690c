"""Turns of a transcript: labels at paragraph starts, roles, resolved speakers, refusals."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from searchtool.reading.rules import build_rules
from searchtool.reading.turns import find_turns

BRIEFING = "\n".join(
    [
        "Via Teleconference",
        "MR PRICE: Good afternoon. Two items at the top.",
        "First, on North Korea: we remain committed to diplomacy.",
        "QUESTION: Thank you, Ned. On North Korea, is a test imminent?",
        "MR. PRICE: We have been clear about our concerns.",
        "QUESTION: And Iran?",
        "SECRETAR BLINKEN: Let me add a word on Iran.",
        "MODERATOR: Last question.",
        "QUESTION (via interpreter): Thank you.",
        "MR PRICE: Thank you all.",
    ]
)


def turns_of(body, speakers=("Ned Price",), posts=("Department Spokesperson",), extra=None):
    return find_turns(body, list(speakers), list(posts), build_rules(extra))


def test_a_briefing_splits_into_labelled_turns_with_paragraph_ranges():
    turns = turns_of(BRIEFING)
    assert [(t.n, t.first, t.last, t.label) for t in turns] == [
        (0, 1, 1, ""),
        (1, 2, 3, "MR PRICE"),
        (2, 4, 4, "QUESTION"),
        (3, 5, 5, "MR. PRICE"),
        (4, 6, 6, "QUESTION"),
        (5, 7, 7, "SECRETAR BLINKEN"),
        (6, 8, 8, "MODERATOR"),
        (7, 9, 9, "QUESTION"),
        (8, 10, 10, "MR PRICE"),
    ]


def test_roles_persons_and_keys_resolve_typos_and_credited_speakers():
    turns = {t.n: t for t in turns_of(BRIEFING, speakers=("Ned Price", "Antony J. Blinken"), posts=("Spokesperson", "Secretary of State"))}
    assert (turns[1].role, turns[1].person, turns[1].key) == ("official", "Ned Price", "price")
    assert (turns[3].role, turns[3].person, turns[3].key) == ("official", "Ned Price", "price")
    assert (turns[5].role, turns[5].person, turns[5].key) == ("official", "Antony J. Blinken", "blinken")
    assert (turns[2].role, turns[2].key) == ("question", "question")
    assert (turns[6].role, turns[6].key) == ("moderator", "moderator")


def test_a_statement_without_labels_has_no_turns():
    assert turns_of("We condemn the attack.\nWe call for calm: violence helps no one.") == []


def test_a_sanctions_list_of_fields_is_not_a_transcript():
    body = "\n".join(
        [
            "The following vessels are designated today.",
            "VESSEL NAME: OCEAN STAR",
            "VESSEL FLAG: Panama",
            "IMO: 1234567",
            "VESSEL TYPE: Crude Oil Tanker",
            "OWNER: Example Shipping Ltd",
            "REGISTERED OWNER ADDRESS: Somewhere",
        ]
    )
    assert turns_of(body, speakers=("Office of the Spokesperson",), posts=("",)) == []


def test_mixed_case_headings_and_sentences_are_not_labels():
    body = "\n".join(
        [
            "Health: we gave vaccines.",
            "Climate: we cut emissions.",
            "And my second question is: what next?",
            "Priority 1: growth.",
        ]
    )
    assert turns_of(body) == []


def test_mixed_case_name_and_question_labels_of_an_interview():
    body = "\n".join(
        [
            "Question: Mr Minister, what about the talks?",
            "Sergey Lavrov: We are ready.",
            "Question: And sanctions?",
            "Sergey Lavrov: They do not work.",
        ]
    )
    turns = turns_of(body, speakers=("Sergey Lavrov",), posts=("Minister of Foreign Affairs",))
    assert [(t.label, t.role, t.person) for t in turns] == [
        ("Question", "question", ""),
        ("Sergey Lavrov", "official", "Sergey Lavrov"),
        ("Question", "question", ""),
        ("Sergey Lavrov", "official", "Sergey Lavrov"),
    ]


def test_russian_labels_with_glued_initials_resolve_to_the_credited_speaker():
    body = "Вопрос: Как вы оцените переговоры?\nМ.В.Захарова: Мы готовы к диалогу.\nВопрос: Спасибо.\nМ.В.Захарова: Пожалуйста."
    turns = turns_of(body, speakers=("Мария Захарова",), posts=("",))
    assert [t.role for t in turns] == ["question", "official", "question", "official"]
    assert turns[1].person == "Мария Захарова" and turns[1].key == "zakharov"


def test_q_and_a_labels_give_the_answer_to_the_first_credited_speaker():
    turns = turns_of("Q: Is it true?\nA: No.\nQ: Why?\nA: Because.", speakers=("Jane Doe",), posts=("Ambassador",))
    assert [(t.role, t.person) for t in turns] == [("question", ""), ("official", "Jane Doe")] * 2


def test_collection_rules_add_label_patterns():
    body = "PRESSE: Une question.\nMR PRICE: A reply.\nPRESSE: Merci.\nMR PRICE: Welcome."
    assert turns_of(body)[0].role == "official"  # unknown ALL-CAPS word that recurs: a speaker
    turns = turns_of(body, extra={"question_labels": [r"^presse$"]})
    assert turns[0].role == "question" and turns[0].key == "question"


@given(st.lists(st.text(max_size=40), max_size=12))
def test_turns_never_fail_and_cover_the_labelled_paragraphs_in_order(lines):
    body = "\n".join(line.replace("\n", " ") for line in lines)
    turns = turns_of(body)
    for a, b in zip(turns, turns[1:]):
        assert a.last + 1 == b.first and a.first <= a.last
    if turns:
        assert turns[-1].last == len(body.split("\n"))

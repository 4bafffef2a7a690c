"""Who said what, checked against the State Department transcripts (../shared, a slice).

The truth is computed here, from the JSONL text, by a reading of its own (independent of
searchtool.reading.turns): a paragraph that opens with an ALL-CAPS label and a colon starts a
turn; a record with two or more such labels is a transcript; a person's turns are those whose
label ends with their surname. ``said:`` must return exactly the transcripts in which that
person's turns hold the phrase, plus the untranscribed statements credited to them that hold it,
and never a briefing in which only reporters said it.
"""

from __future__ import annotations

import json
import re

import pytest

from searchtool.indexing.update import update_index
from searchtool.searching.engine import Engine, SearchRequest
from tests.support.paths import shared

LABEL = re.compile(r"^([A-Z][A-Z.'’ -]{0,60}):\s")
#: (person's surname in labels and creators, phrase) pairs checked; the phrases are the slice's topics.
CASES = [("PRICE", "north korea"), ("PRICE", "sanctions"), ("BLINKEN", "north korea"), ("PORTER", "north korea"), ("BLINKEN", "china")]


def _select(obj: dict) -> bool:
    text = obj["text"].lower()
    return "north korea" in text or "VESSEL NAME" in obj["text"]


@pytest.fixture(scope="module")
def slice_(tmp_path_factory):
    src = shared("corpora", "state-dept", "state_dept_press_releases_2021-2022.jsonl")
    rows = [obj for obj in map(json.loads, src.read_text(encoding="utf-8").splitlines()) if _select(obj)]
    root = tmp_path_factory.mktemp("statedept")
    (root / "slice.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    update_index([root], root / "ix", jobs=1)
    with Engine(root / "ix") as engine:
        yield rows, engine


def _turns(text: str) -> list[tuple[str, str]] | None:
    """(label, words) per turn, ``None`` when the record is no transcript."""
    turns: list[list] = []
    for para in text.split("\n"):
        m = LABEL.match(para)
        if m and not m.group(1).startswith("VESSEL"):
            turns.append([m.group(1), para[m.end():]])
        elif turns:
            turns[-1][1] += "\n" + para
    return [(a, b) for a, b in turns] if len(turns) >= 2 else None


def _holds(text: str, phrase: str) -> bool:
    return re.search(r"\b" + r"\W+".join(phrase.split()) + r"\b", text, re.IGNORECASE) is not None


def _truth(rows, surname: str, phrase: str):
    said, reporters_only = set(), set()
    for obj in rows:
        turns = _turns(obj["text"])
        if turns is None:
            if surname.lower() in obj["creator"].lower() and _holds(obj["text"], phrase):
                said.add(obj["url"])
            continue
        mine = any(label.replace(".", "").split()[-1] == surname and _holds(words, phrase) for label, words in turns)
        asked = any(label == "QUESTION" and _holds(words, phrase) for label, words in turns)
        if mine:
            said.add(obj["url"])
        elif asked:
            reporters_only.add(obj["url"])
    return said, reporters_only


def _urls(engine, query: str) -> set[str]:
    result = engine.search(SearchRequest(query, limit=1000, snippets=False, fallback=False))
    assert result.total == len(result.hits)
    return {h.url for h in result.hits}


@pytest.mark.parametrize("surname, phrase", CASES)
def test_said_returns_exactly_the_statements_where_that_person_said_the_phrase(slice_, surname, phrase):
    rows, engine = slice_
    said, reporters_only = _truth(rows, surname, phrase)
    found = _urls(engine, f'said:{surname.lower()} "{phrase}"')
    assert found == said
    assert not found & reporters_only


def test_speaker_search_credits_reporters_words_and_said_does_not(slice_):
    rows, engine = slice_
    said, reporters_only = _truth(rows, "PRICE", "north korea")
    assert reporters_only, "the slice holds briefings where only reporters said it"
    credited = _urls(engine, 'speaker:price "north korea"')
    assert credited & reporters_only
    assert not _urls(engine, 'said:price "north korea"') & reporters_only


def test_asked_finds_the_briefings_where_a_question_holds_the_phrase(slice_):
    rows, engine = slice_
    truth = {obj["url"] for obj in rows if (t := _turns(obj["text"])) and any(l == "QUESTION" and _holds(w, "north korea") for l, w in t)}
    assert _urls(engine, 'asked:"north korea"') == truth


def test_the_sanctions_list_has_no_turns_and_typo_labels_resolve(slice_):
    rows, engine = slice_
    from searchtool.reading.rules import default_rules
    from searchtool.reading.turns import find_turns

    vessel = [r for r in rows if "VESSEL NAME" in r["text"]]
    assert vessel and all(find_turns(r["text"], ["Office of the Spokesperson"], [""], default_rules()) == [] for r in vessel)
    typo = find_turns("SECRETAR BLINKEN: Thanks.\nQUESTION: On Iran?\nECRETARY BLINKEN: Yes.",
                      ["Antony J. Blinken"], ["Secretary of State"], default_rules())
    assert [t.person for t in typo if t.role == "official"] == ["Antony J. Blinken"] * 2

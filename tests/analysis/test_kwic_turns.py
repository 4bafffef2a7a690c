"""``kwic`` in transcripts: a line's speaker is its turn's, and ``said:``/``asked:`` keep only the
occurrences inside the turns they name (end to end through the CLI, on a hand-written briefing)."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.cli import run

BRIEFING = """Department Press Briefing - June 7, 2022
Ned Price, Department Spokesperson
Washington, D.C.
MR PRICE: Good afternoon. Our sanctions on Iran remain in force.
QUESTION: Will the sanctions on Iran be lifted, and when?
MR PRICE: The sanctions stay until Iran changes course. We have said so.
QUESTION: And the sanctions on Russia? Are more sanctions coming?
MR PATEL: Our sanctions on Russia are the strongest ever imposed.
QUESTION: Thank you, Ned.
MR PRICE: Thank you all.
June 7, 2022
"""

STATEMENT = """New Measures Against Evasion
Ned Price, Department Spokesperson
The United States today imposes sanctions on six companies.
June 8, 2022
"""

OTHER = """Remarks to the Press
Antony J. Blinken, Secretary of State
We coordinate sanctions with our allies.
June 9, 2022
"""

#: A label -> the speaker kwic names for its turn: the credited speaker a label names (issue 12's
#: turns), else the label as written.
SPEAKER = {"MR PRICE": "Ned Price", "QUESTION": "QUESTION", "MR PATEL": "MR PATEL"}
_LABEL = re.compile(r"^([A-Z][A-Z .]+):(.*)$")


def briefing_occurrences(word: str) -> list[tuple[str, str]]:
    """(speaker, turn words) of each occurrence of ``word`` in the briefing's turns, read here from
    the text: the labelled lines, the label taken off."""
    out = []
    for line in BRIEFING.splitlines():
        m = _LABEL.match(line)
        if m:
            out += [(SPEAKER[m.group(1)], m.group(2))] * len(re.findall(rf"\b{word}\b", m.group(2), re.I))
    return out


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("kwic_turns") / "c"
    root.mkdir()
    for name, text in (("briefing", BRIEFING), ("statement", STATEMENT), ("other", OTHER)):
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    ix = root.parent / "ix"
    assert run("index", str(root), "--index", str(ix)).exit_code == 0
    return ix


def kwic_json(index, query: str) -> list[dict]:
    done = run("kwic", query, "--json", "--limit", "0", "--index", str(index))
    assert done.exit_code in (0, 1), done.stderr
    return json.loads(done.stdout)["lines"]


def test_each_line_names_the_speaker_of_its_turn_not_the_statements_first_speaker(index):
    lines = kwic_json(index, "sanctions")
    briefing = [line["speaker"] for line in lines if line["date"] == "2022-06-07"]
    assert sorted(briefing) == sorted(s for s, _ in briefing_occurrences("sanctions"))
    assert "QUESTION" in briefing and "MR PATEL" in briefing  # not all "Ned Price", the credited speaker
    # statements without turns: their credited speaker, as before
    assert [line["speaker"] for line in lines if line["date"] == "2022-06-08"] == ["Ned Price"]
    assert [line["speaker"] for line in lines if line["date"] == "2022-06-09"] == ["Antony J. Blinken"]


def test_said_lists_only_the_occurrences_in_that_persons_turns(index):
    lines = kwic_json(index, "said:price sanctions")
    mine = [s for s, _ in briefing_occurrences("sanctions") if s == "Ned Price"]
    briefing = [line for line in lines if line["date"] == "2022-06-07"]
    assert len(briefing) == len(mine) == 2
    assert {line["speaker"] for line in briefing} == {"Ned Price"}
    assert all("Will the" not in line["left"] and "more" not in line["left"] for line in briefing)  # no question
    # his statement without labels is his one turn; Blinken's remarks are not his
    assert [line["date"] for line in lines if line["date"] != "2022-06-07"] == ["2022-06-08"]


def test_said_of_another_speaker_and_asked_keep_their_own_turns(index):
    patel = kwic_json(index, "said:patel sanctions")
    assert [(line["speaker"], line["date"]) for line in patel] == [("MR PATEL", "2022-06-07")]
    asked = kwic_json(index, "asked:sanctions")
    questions = [s for s, _ in briefing_occurrences("sanctions") if s == "QUESTION"]
    assert len(asked) == len(questions) == 3 and {line["speaker"] for line in asked} == {"QUESTION"}


def test_a_label_is_not_the_speakers_words(index):
    # in the briefing's body "price" is only in the labels of Price's turns
    assert kwic_json(index, "said:price price") == []
    assert [line["speaker"] for line in kwic_json(index, "ned") if line["date"] == "2022-06-07"] == ["QUESTION"]


def test_the_text_before_the_first_label_is_nobodys(index):
    preamble = [line for line in kwic_json(index, "washington") if line["date"] == "2022-06-07"]
    assert [line["speaker"] for line in preamble] == [""]
    assert kwic_json(index, "said:price washington") == []


def test_the_text_and_csv_show_the_turn_speaker_and_sort_by_it(index):
    done = run("kwic", "sanctions", "--sort", "speaker", "--limit", "0", "--index", str(index), "--color", "never")
    assert done.exit_code == 0
    rows = done.stdout.splitlines()[1:]
    names = [row[12:30].strip() for row in rows]
    assert names == sorted(names, key=str.lower) and "QUESTION" in names and "MR PATEL" in names
    csv_out = run("kwic", "said:price sanctions", "--csv", "--limit", "0", "--index", str(index)).stdout.splitlines()
    assert len(csv_out) == 1 + 3 and all(",Ned Price," in row for row in csv_out[1:])


def test_each_line_names_its_turn_by_the_number_show_opens(index):
    """A line's ``turn`` is the N of ``ID#tN``: the k-th labelled turn of the briefing, and
    ``show ID#tN`` opens the turn that holds the line's words."""
    labelled = [m.group(2) for m in map(_LABEL.match, BRIEFING.splitlines()) if m]
    expected = [n for n, words in enumerate(labelled, 1) for _ in re.findall(r"\bsanctions\b", words, re.I)]
    lines = [line for line in kwic_json(index, "sanctions") if line["date"] == "2022-06-07"]
    assert sorted(line["turn"] for line in lines) == expected
    patel = next(line for line in lines if line["speaker"] == "MR PATEL")
    shown = run("show", f"{patel['id']}#t{patel['turn']}", "--index", str(index), "--color", "never", "--no-pager")
    assert shown.exit_code == 0 and "strongest ever imposed" in shown.stdout
    assert {line["turn"] for line in kwic_json(index, "sanctions") if line["date"] != "2022-06-07"} <= {None, 1}

"""--passages, --facet said and show ID#tN/#pN on a hand-written collection of transcripts."""

from __future__ import annotations

import json

import pytest

from searchtool.errors import UsageError
from searchtool.indexing.update import update_index
from searchtool.searching.engine import Engine, SearchRequest, show
from tests.support.cli import run
from tests.support.transcripts import write_transcripts


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = write_transcripts(tmp_path_factory.mktemp("passages") / "c")
    update_index([root], root.parent / "ix", jobs=1)
    return root.parent / "ix"


def passages(index, query: str, **kw):
    with Engine(index) as engine:
        return engine.search(SearchRequest(query, passages=True, limit=50, **kw))


def test_passages_are_turns_with_speaker_number_and_paragraphs(index):
    result = passages(index, 'said:price "north korea"')
    turns = [(h.title, h.turn["label"], h.turn["n"], h.turn["paragraphs"], h.turn["role"]) for h in result.hits]
    assert ("Department Press Briefing - March 1, 2022", "MR PRICE", 3, [4, 4], "official") in turns
    assert all(t[1] != "QUESTION" for t in turns)
    assert result.hits[0].url is None or isinstance(result.hits[0].url, str)
    by_statement = [h for h in result.hits if h.title == "North Korea's Missile Launch"]
    assert by_statement and by_statement[0].turn["speaker"] == "Ned Price"  # one turn by its credited speaker


def test_passages_of_asked_are_questions_and_rank_by_the_turns_words(index):
    result = passages(index, 'asked:"north korea"')
    assert result.total == 3 and {h.turn["label"] for h in result.hits} == {"QUESTION"}
    assert all("North Korea" in h.snippet for h in result.hits)


def test_a_plain_query_lists_every_turn_holding_the_words(index):
    result = passages(index, "iran")
    assert sorted(h.turn["label"] for h in result.hits) == ["MR. PRICE", "QUESTION"]


def test_snippets_of_statement_hits_say_whose_turn_they_come_from(index):
    with Engine(index) as engine:
        hit = next(h for h in engine.search(SearchRequest("vienna")).hits)
    assert hit.snippet.startswith("[MR. PRICE]") or "MR. PRICE:" in hit.snippet


def test_facet_said_counts_who_said_the_words_not_who_issued_the_statement(index):
    with Engine(index) as engine:
        result = engine.search(SearchRequest('"north korea"', facets=("said", "speaker")))
    said = dict(result.facets["said"])
    assert said["QUESTION"] == 3
    assert said["Ned Price"] == 2  # the March 1 briefing and the statement, not March 2
    assert said["Antony J. Blinken"] == 1
    assert dict(result.facets["speaker"])["Ned Price"] == 3


def test_show_opens_at_a_turn_or_a_paragraph_and_refuses_missing_ones(index):
    with Engine(index) as engine:
        ident = engine.search(SearchRequest("vienna")).hits[0].id
    statement = show(index, f"{ident}#t3")
    assert statement.anchor == ("turn", 3, 4, 4)
    assert show(index, f"{ident}#p2").anchor == ("paragraph", 2, 2, 2)
    with pytest.raises(UsageError, match="no turn 9"):
        show(index, f"{ident}#t9")
    with pytest.raises(UsageError, match="no paragraph 99"):
        show(index, f"{ident}#p99")


def test_cli_passages_text_json_and_show_anchor(index):
    done = run("search", 'said:price "north korea"', "--passages", "--index", str(index))
    assert done.exit_code == 0
    assert "MR PRICE · turn 3 · ¶4" in done.stdout and "passages" in done.stdout.splitlines()[0]
    assert "searchtool show" in done.stdout and "#t3" in done.stdout
    doc = json.loads(run("search", "iran", "--passages", "--json", "--index", str(index)).stdout)
    turn = doc["hits"][0]["turn"]
    assert set(turn) >= {"speaker", "label", "role", "n", "paragraphs"} and "url" in doc["hits"][0]
    ident = doc["hits"][0]["id"]
    shown = run("show", f"{ident}#t5", "--index", str(index), "--color", "never")
    assert shown.exit_code == 0 and "[turn 5 · MR. PRICE · ¶6 (¶1-5 above)]" in shown.stdout
    assert shown.stdout.split("]\n", 1)[1].startswith("MR. PRICE: Talks on Iran")
    coloured = run("show", f"{ident}", "--index", str(index), "--color", "always", "--no-pager")
    assert "\x1b[1;35mMR PRICE\x1b[0m" in coloured.stdout
    bad = run("show", f"{ident}#t77", "--index", str(index))
    assert bad.exit_code == 1 and "no turn 77" in bad.stderr


def test_an_unresolved_label_is_named_as_the_index_names_its_speaker(tmp_path):
    root = write_transcripts(tmp_path / "c")
    (root / "office.txt").write_text(
        "Department Press Briefing - March 9, 2022\nOffice of the Spokesperson\n"
        "MR PRICE: Good afternoon, on Iran first.\nQUESTION: On Iran?\nMR PRICE: Yes, Iran again.\nMarch 9, 2022\n",
        encoding="utf-8",
    )
    update_index([root], tmp_path / "ix", jobs=1)
    result = passages(tmp_path / "ix", "said:price iran")
    office = [h for h in result.hits if h.title.endswith("March 9, 2022")]
    assert office and all(h.turn["speaker"] == "Ned Price" and h.turn["label"] == "MR PRICE" for h in office)

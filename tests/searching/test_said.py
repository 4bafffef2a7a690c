"""said:/asked: on a hand-written collection: a person's words, never a reporter's."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchtool.errors import UsageError
from searchtool.indexing.update import update_index
from searchtool.searching.engine import Engine, SearchRequest
from tests.support.transcripts import write_transcripts


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = write_transcripts(tmp_path_factory.mktemp("turns") / "c")
    update_index([root], root.parent / "ix", jobs=1)
    with Engine(root.parent / "ix") as eng:
        yield eng


def titles(engine, query: str) -> set[str]:
    return {h.title for h in engine.search(SearchRequest(query, limit=100, fallback=False)).hits}


def test_said_counts_the_persons_turns_and_not_the_reporters(engine):
    assert titles(engine, 'speaker:price "north korea"') >= {"Department Press Briefing - March 1, 2022",
                                                             "Department Press Briefing - March 2, 2022"}
    assert titles(engine, 'said:price "north korea"') == {"Department Press Briefing - March 1, 2022", "North Korea's Missile Launch"}


def test_said_takes_any_written_form_of_the_name_and_all_words_across_the_persons_turns(engine):
    assert titles(engine, 'said:"Ned Price" iran vienna') == {"Department Press Briefing - March 1, 2022"}
    assert titles(engine, "said:PRICE ukraine") == {"Department Press Briefing - March 1, 2022", "Department Press Briefing - March 2, 2022"}
    assert titles(engine, 'said:"Mr. Price" "iran vienna"') == set()  # a phrase stays a phrase


def test_typo_labels_count_as_the_persons_turns(engine):
    assert titles(engine, "said:blinken alliance") == {"Secretary Antony J. Blinken at a Press Availability"}


def test_asked_finds_questions_and_said_question_is_the_same(engine):
    expected = {"Department Press Briefing - March 1, 2022", "Department Press Briefing - March 2, 2022",
                "Secretary Antony J. Blinken at a Press Availability"}
    assert titles(engine, 'asked:"north korea"') == expected
    assert titles(engine, 'said:question "north korea"') == expected
    assert titles(engine, "asked:iran") == {"Department Press Briefing - March 1, 2022"}


def test_a_speaker_without_words_finds_the_statements_where_they_speak(engine):
    assert "Sanctions on Vessels" not in titles(engine, "said:price")
    assert len(titles(engine, "said:price")) == 3


def test_said_inside_or_is_refused_with_a_hint(engine):
    with pytest.raises(UsageError, match="top-level"):
        engine.search(SearchRequest("said:price OR iran"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_said_query_answers_or_says_why(engine, text):
    try:
        engine.search(SearchRequest(f"said:{text}", limit=5))
    except UsageError:
        pass

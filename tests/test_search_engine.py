"""The library API the evaluation harness and the benchmarks use, and robustness on any input."""

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "search"))
import search_fixture  # noqa: E402

from searchtool.errors import SearchtoolError  # noqa: E402
from searchtool.search import Engine, SearchRequest, needs_fallback, search  # noqa: E402


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    ix = search_fixture.build(tmp_path_factory.mktemp("engine") / "ix")
    with Engine(ix) as eng:
        yield eng


def test_engine_answers_many_queries_and_matches_the_one_shot_form(engine):
    first = engine.search(SearchRequest("missile defence"))
    again = engine.search(SearchRequest("missile defence"))
    assert [h.id for h in first.hits] == [h.id for h in again.hits]
    one_shot = search(engine.index_dir, SearchRequest("missile defence"))
    assert [(h.id, h.score) for h in one_shot.hits] == [(h.id, h.score) for h in first.hits]
    hit = first.hits[0]
    assert hit.docnum >= 0 and hit.snippet and hit.fragments and hit.path and hit.type


def test_evaluation_runs_skip_snippets(engine):
    result = engine.search(SearchRequest("missile", snippets=False, limit=100))
    assert result.hits and all(h.snippet == "" and h.fragments == [] for h in result.hits)


def test_fallback_can_be_switched_off_and_says_when_used(engine):
    on = engine.search(SearchRequest("strategic stability nuclear weapons"))
    off = engine.search(SearchRequest("strategic stability nuclear weapons", fallback=False))
    assert on.fallback_used and on.total >= 2
    assert not off.fallback_used and off.total == 0


def test_fallback_rule():
    assert not needs_fallback(0, 1)  # one word: OR is the same query
    assert needs_fallback(0, 2)
    assert not needs_fallback(1, 2)  # two words with a hit: a precise question
    assert needs_fallback(2, 3) and not needs_fallback(3, 3)


def test_scores_do_not_depend_on_the_date_filter(engine):
    full = {h.id: h.score for h in engine.search(SearchRequest("arms")).hits}
    narrowed = engine.search(SearchRequest("arms", since="2013"))
    assert narrowed.hits and all(full[h.id] == h.score for h in narrowed.hits)


def test_speaker_and_type_filters_do_not_change_scores(engine):
    full = {h.id: h.score for h in engine.search(SearchRequest("missile")).hits}
    filtered = engine.search(SearchRequest("missile", speaker="lavrov", type="speech"))
    assert [h.id for h in filtered.hits] == ["fx03-remarks"]
    assert filtered.hits[0].score == full["fx03-remarks"]


def test_undated_statements_sort_last_both_ways(engine):
    asc = [h.id for h in engine.search(SearchRequest("citizens OR missile", sort="date")).hits]
    desc = [h.id for h in engine.search(SearchRequest("citizens OR missile", sort="-date")).hits]
    assert asc[-1] == desc[-1] == "fx07-undated"


WORDS = st.sampled_from(["missile", "defence", "Lavrov", "the", "5+5", "U.S.-Russia", "date:2012", "speaker:",
                         "type:comment", "OR", "AND", "NOT", "-", "+", "(", ")", '"', "*", "?", "~", "^2", ":",
                         "[", "]", "country:RUS", "date:[2012 TO", "title:", "x_country:rus", "é", "\\"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=25), st.lists(WORDS, max_size=8).map(" ".join), st.lists(WORDS, max_size=8).map("".join)))
def test_no_query_string_makes_search_raise(engine, text):
    for any_mode in (False, True):
        try:
            result = engine.search(SearchRequest(text, any=any_mode, facets=("year",)))
        except SearchtoolError as err:
            assert str(err) and "\n" not in str(err)
        else:
            assert result.total >= len(result.hits)


@pytest.mark.parametrize("words, slop", [(["missil", "defenc"], 1), (["strateg", "stabil"], 1), (["missil", "discuss"], 4), (["defenc", "missil"], 2), (["arm", "control", "remain"], 1)])
def test_fast_phrase_matches_whoosh_phrase_exactly(engine, words, slop):
    from whoosh import query as wq

    from searchtool.query import phrase_class

    s = engine.searcher
    expected = [(h.docnum, h.score) for h in s.search(wq.Phrase("body", words, slop=slop), limit=None)]
    got = [(h.docnum, h.score) for h in s.search(phrase_class()("body", words, slop=slop), limit=None)]
    assert got == expected

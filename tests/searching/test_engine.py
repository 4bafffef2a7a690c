"""The library API the evaluation harness and the benchmarks use, and robustness on any input."""

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchtool.errors import SearchtoolError  # noqa: E402
from searchtool.searching.engine import Engine, SearchRequest, search  # noqa: E402
from searchtool.searching.fallback import FALLBACK_MIN_HITS, needs_fallback
from tests.support import records as search_fixture


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
    assert needs_fallback(FALLBACK_MIN_HITS - 1, 3) and not needs_fallback(FALLBACK_MIN_HITS, 3)


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

    from searchtool.searching.queries import FastPhrase

    s = engine.searcher
    expected = [(h.docnum, h.score) for h in s.search(wq.Phrase("body", words, slop=slop), limit=None)]
    got = [(h.docnum, h.score) for h in s.search(FastPhrase("body", words, slop=slop), limit=None)]
    assert got == expected


def test_did_you_mean_prefers_the_closest_spelling_over_the_most_frequent(tmp_path):
    from searchtool.indexing.update import build_index
    from searchtool.record import Record

    records = [Record(id="m", path="m.txt", title="Note", body="The missile test failed.")]
    records += [Record(id=f"d{i}", path=f"d{i}.txt", title="Note", body=f"The middle road number {i}.") for i in range(6)]
    build_index(records, tmp_path / "ix")
    with Engine(tmp_path / "ix") as eng:
        result = eng.search(SearchRequest("missle"))
    assert result.total == 0 and result.suggestions == ["missile"]  # 1 edit, against "middle" (2 edits, 6x as common)


def test_a_damaged_index_is_one_line_with_the_fix(tmp_path):
    import subprocess

    # in a child process: Whoosh leaves the damaged file open when it fails to read it
    ix = search_fixture.build(tmp_path / "ix")
    generation = ix / (ix / "CURRENT").read_text().strip()
    segments = [p for p in generation.iterdir() if p.suffix in (".seg", ".pst", ".trm", ".fln", ".vps")]
    assert segments
    for path in segments:
        path.write_bytes(b"")
    for args in (["search", "missile"], ["search", "speaker:lavrov", "--facet", "year"], ["show", "fx01"]):
        result = subprocess.run(
            [sys.executable, "-c", "from searchtool.cli import main; main()", args[0], "--index", str(ix), *args[1:]],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith(f"searchtool: error: index at {ix} is damaged (")
        assert result.stderr.endswith(f"rebuild it with: searchtool index --rebuild --index {ix}\n")
        assert result.stderr.count("\n") == 1


def test_an_unexpected_exception_is_one_line_unless_debugging(monkeypatch, capsys):
    from searchtool.cli import run_guarded

    def broken():
        raise RuntimeError("something\nunexpected")

    monkeypatch.delenv("SEARCHTOOL_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        run_guarded(broken)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("searchtool: error: internal error (RuntimeError: something)") and err.count("\n") == 1
    assert "SEARCHTOOL_DEBUG=1" in err
    monkeypatch.setenv("SEARCHTOOL_DEBUG", "1")
    with pytest.raises(RuntimeError):
        run_guarded(broken)


def test_name_fields_weigh_little_against_the_text():
    from whoosh import query as wq

    from searchtool.index.schema import build_schema
    from searchtool.searching.build import NAME_FIELD_WEIGHT, parse_query

    q = parse_query("blinken", build_schema()).query
    assert {(t.fieldname, t.boost) for t in q.subqueries} == {
        ("title", 1.0), ("body", 1.0), ("speaker", NAME_FIELD_WEIGHT), ("post", NAME_FIELD_WEIGHT)
    } and NAME_FIELD_WEIGHT < 1
    text, names = parse_query('"ned price"', build_schema()).query.subqueries  # a phrase: two branches
    assert {t.fieldname for t in text.subqueries} == {"title", "body"}
    assert isinstance(names, wq.Or) and names.boost == NAME_FIELD_WEIGHT
    assert {a.subqueries[0].fieldname for a in names.subqueries} == {"speaker", "post"}  # all words in the field
    # function words are never names: no name branch, so ranking can still drop them
    assert {t.fieldname for t in parse_query("what", build_schema()).query.subqueries} == {"title", "body"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["(", ")", "NOT ", "-", "+", "nato ", "AND ", "OR ", '"', "title:", "{", "[", " TO ", "]", "}"]), max_size=400).map("".join))
def test_no_nesting_or_range_makes_search_raise(engine, text):
    try:
        result = engine.search(SearchRequest(text))
    except SearchtoolError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert result.total >= len(result.hits)


def test_did_you_mean_measures_edits_from_the_word_typed_not_from_its_stem(tmp_path):
    # "secrity" is one edit from "security" but four from its stem "secur", and two from "secret":
    # the suggestion is the word the user meant, written as the statements write it.
    from searchtool.indexing.update import build_index
    from searchtool.record import Record

    records = [Record(id="s", path="s.txt", title="Note", body="The Security Council met on security.")]
    records += [Record(id=f"d{i}", path=f"d{i}.txt", title="Note", body=f"A secret vote number {i}.") for i in range(6)]
    records += [Record(id="p", path="p.txt", title="Note", body="The president spoke.")]
    build_index(records, tmp_path / "ix")
    with Engine(tmp_path / "ix") as eng:
        assert eng.search(SearchRequest("secrity")).suggestions == ["security"]
        assert eng.search(SearchRequest("presidnet")).suggestions == ["president"]  # stem "presid"
        assert eng.search(SearchRequest("secrity~")).total == 1  # the fuzzy word reaches it too


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest("missile defence", facets=("speaker", "type", "year")),
        SearchRequest("missile defence", sort="-date", facets=("year",)),
        SearchRequest("negotiations", page=2, limit=1),
        SearchRequest("missile defence cooperation unicorn"),  # the fallback's any-word query too
    ],
    ids=["facets", "date-sort", "page-2", "fallback"],
)
def test_a_search_evaluates_each_of_its_queries_once(engine, monkeypatch, request_):
    """The page, the total, the facets, a date sort's scores and the fallback read one
    evaluation (a Matches); only a query not yet evaluated is evaluated."""
    from searchtool.searching import scorer

    evaluated = []
    real = type(engine.scorer).evaluate

    def counting(self, query):
        if not isinstance(query, scorer.Matches):
            evaluated.append(query)
        return real(self, query)

    monkeypatch.setattr(type(engine.scorer), "evaluate", counting)
    result = engine.search(request_)
    assert result.total > 0
    assert len({id(q) for q in evaluated}) == len(evaluated), evaluated  # none of them twice
    if not result.fallback_used:
        assert len(evaluated) == 1, evaluated
    else:  # the all-words query; the any-word one, and it with the feedback (the feedback terms
        # are scored on the documents they reorder, never evaluated over the whole index)
        assert len(evaluated) == 3, evaluated


def test_an_empty_set_of_allowed_documents_matches_nothing_on_either_scorer(engine):
    from searchtool.searching.scorer import WhooshScorer, whoosh_top

    query = engine.parse("missile", False).query
    assert whoosh_top(engine.searcher, query, 10, set()) == (0, [])
    for implementation in (engine.scorer, WhooshScorer(engine.searcher)):
        assert implementation.top(query, set(), 10) == (0, [])
        assert implementation.docs(query, set()) == set()

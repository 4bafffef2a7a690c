"""``timeline``: counts per period agree with ``search`` and ``stats``, every period is listed,
a hole in the feed is no data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchtool.index.analysis import STOP_LIST
from searchtool.index.stats import index_stats
from searchtool.searching.engine import Engine
from searchtool.searching.highlight import Highlighter
from searchtool.searching.periods import BYS, period_label, period_number, period_span
from searchtool.searching.request import SearchRequest
from searchtool.searching.timeline import LOW_N, engine_timeline, timeline
from tests.support.cli import run
from tests.support.collection import SPEAKERS, TOPICS, WORDS

GAP = ["2021-09", "2021-10", "2021-11", "2021-12", "2022-01"]

# Queries of every form the parser takes, none of which the any-word fallback applies to (it
# applies to plain queries of several words, which timeline deliberately does not widen).
_word = st.sampled_from([w for w in WORDS + [t.split()[0] for t in TOPICS] if w not in STOP_LIST])
QUERIES = st.one_of(
    _word,
    st.builds(lambda t: f'"{t}"', st.sampled_from(TOPICS)),
    st.builds(lambda a, b: f"{a} OR {b}", _word, _word),
    st.builds(lambda a, b: f"{a} -{b}", _word, _word),
    st.builds(lambda s, a: f"speaker:{s.split()[-1].lower()} {a}", st.sampled_from(SPEAKERS), _word),
    st.builds(lambda a: f"title:{a}", st.sampled_from([t.split()[0] for t in TOPICS])),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, by=st.sampled_from(BYS), pick=st.lists(st.integers(0, 10_000), min_size=1, max_size=4))
def test_each_period_counts_what_search_finds_in_it(generated, query, by, pick):
    with Engine(generated) as engine:
        tl = engine_timeline(engine, [query], SearchRequest(query=""), by=by)
        periods = tl.series[0].periods
        chosen = {i for i, p in enumerate(periods) if p.n} | {i % len(periods) for i in pick}  # every hit, some misses
        for p in (periods[i] for i in sorted(chosen)):
            total = engine.search(SearchRequest(query=query, since=p.label, until=p.label, limit=1)).total
            assert p.n == total, (query, p.label)
            everything = engine.search(SearchRequest(query="", since=p.label, until=p.label, limit=1)).total
            assert p.N == everything, p.label


def test_a_period_counted_through_the_cli_json(generated):
    tl = timeline(generated, ["peace"], SearchRequest(query=""), by="year")
    busiest = max(tl.series[0].periods, key=lambda p: p.n)
    done = run("search", "--index", str(generated), "peace", "--since", busiest.label, "--until", busiest.label, "--json")
    assert json.loads(done.stdout)["total"] == busiest.n > 0


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), by=st.sampled_from(BYS))
def test_a_period_label_reads_back_as_the_days_it_holds(day, by):
    code = day.year * 10000 + day.month * 100 + day.day
    number = period_number(code, by)
    span = period_span(period_label(number, by))
    assert span.start <= code <= span.end
    following = period_span(period_label(number + 1, by))
    end = dt.date(span.end // 10000, span.end // 100 % 100, span.end % 100)
    assert following.start == int((end + dt.timedelta(days=1)).strftime("%Y%m%d"))


def test_the_shares_agree_with_stats(generated):
    stats = index_stats(generated)
    tl = timeline(generated, ["peace", "treaty"], SearchRequest(query=""), by="year")
    for series in tl.series:
        assert {p.label: p.N for p in series.periods if p.N} == {k: v for k, v in stats["by_year"].items()}
        for p in series.periods:
            assert p.share == pytest.approx(p.n / stats["by_year"][p.label], rel=1e-2)


def test_every_period_of_the_span_is_listed_in_order(generated):
    tl = timeline(generated, ["treaty"], SearchRequest(query="", since="2014-11", until="2016-02"), by="month")
    labels = [p.label for p in tl.series[0].periods]
    assert labels[0] == "2014-11" and labels[-1] == "2016-02" and len(labels) == 16
    assert tl.series[0].periods[0].N == 0 and tl.series[0].periods[0].share is None  # nothing before 2015


def test_per_none_gives_counts_without_shares(generated):
    tl = timeline(generated, ["treaty"], SearchRequest(query=""), by="year", per="none")
    assert all(p.share is None for p in tl.series[0].periods)
    assert sum(p.n for p in tl.series[0].periods) == tl.series[0].total - tl.series[0].undated


def test_per_words_counts_the_highlighted_occurrences_and_the_indexed_words(generated):
    tl = timeline(generated, ["treaty"], SearchRequest(query=""), by="year", per="words")
    with Engine(generated) as engine:
        reader = engine.searcher.reader()
        parsed = engine.parse("treaty", False)
        highlighter = Highlighter(parsed.query, engine.schema, reader)
        occurrences = words = 0
        for d in engine.matching_docs(parsed.query):
            stored, body = engine.document(d)
            if stored.get("year") == 2019:
                occurrences += len(highlighter.spans(stored["title"])) + len(highlighter.spans(body))
        for d in engine.live_docs():
            if engine.searcher.stored_fields(d).get("year") == 2019:
                words += reader.doc_field_length(d, "body", 0) + reader.doc_field_length(d, "title", 0)
    period = next(p for p in tl.series[0].periods if p.label == "2019")
    assert period.n == occurrences > 0
    assert period.N == words


def test_split_by_speaker_gives_one_series_per_speaker_with_their_own_publications(generated):
    tl = timeline(generated, ["peace"], SearchRequest(query=""), by="year", split="speaker", top=2)
    assert len(tl.series) == 2 and all(s.split[0] == "speaker" for s in tl.series)
    with Engine(generated) as engine:
        for s in tl.series:
            name = s.split[1]
            for p in s.periods:
                req = SearchRequest(query=f'speaker:"{name}"', since=p.label, until=p.label, limit=1)
                assert p.N == engine.search(req).total


def test_filters_apply_to_matches_and_publications(generated):
    tl = timeline(generated, ["peace"], SearchRequest(query="", speaker="lavrov"), by="year")
    with Engine(generated) as engine:
        for p in tl.series[0].periods:
            assert p.N == engine.search(SearchRequest(query="speaker:lavrov", since=p.label, until=p.label, limit=1)).total


def test_first_and_last_occurrence_are_the_oldest_and_newest_match(generated):
    tl = timeline(generated, ["peace"], SearchRequest(query=""), by="year")
    with Engine(generated) as engine:
        result = engine.search(SearchRequest(query="peace", sort="date", limit=1000))
    dated = [h for h in result.hits if h.date]
    assert tl.series[0].first.date == dated[0].date.isoformat() and tl.series[0].last.date == dated[-1].date.isoformat()
    assert tl.series[0].first.id in {h.id for h in dated if h.date == dated[0].date}


def test_the_state_department_hole_is_no_data(state_slice):
    tl = timeline(state_slice, ["ukraine", "afghanistan"], SearchRequest(query=""), by="month")
    for series in tl.series:
        by_label = {p.label: p for p in series.periods}
        assert [p.label for p in series.periods] == ["2021-08", *GAP, "2022-02"]
        for month in GAP:
            assert by_label[month].N == 0 and by_label[month].share is None
        assert by_label["2021-08"].N == 89
    text = run("timeline", "--index", str(state_slice), "ukraine", "afghanistan", "--color", "never").stdout
    for month in GAP:
        assert any(line.startswith(month) and line.endswith("no data") for line in text.splitlines()), month
    spark = [line for line in text.splitlines() if line.startswith("ukraine ")][0]
    assert "·····" in spark


def test_a_period_with_few_publications_is_flagged(state_slice):
    tl = timeline(state_slice, ["ukraine"], SearchRequest(query=""), by="week")
    text = run("timeline", "--index", str(state_slice), "ukraine", "--by", "week", "--color", "never").stdout
    low = [p for p in tl.series[0].periods if 0 < p.N < LOW_N]
    assert low
    for p in low:
        row = next(line for line in text.splitlines() if line.startswith(p.label))
        assert f"{p.N}!" in row


def test_statements_dated_by_their_year_alone_count_in_yearly_timelines(tmp_path):
    from searchtool.indexing.update import build_index
    from searchtool.record import Record

    records = [Record(id=f"u{i}", path=f"u{i}.txt", title="", body="nuclear disarmament" if i % 2 else "development",
                      date=dt.date(1990, 5, 1) if i == 0 else None, fields={"year": 1980 + i % 3}) for i in range(9)]
    build_index(records, tmp_path / "ix")
    yearly = timeline(tmp_path / "ix", ["nuclear", "development"], SearchRequest(query=""), by="year")
    assert {p.label: (p.n, p.N) for p in yearly.series[0].periods if p.N} == {"1980": (1, 2), "1981": (2, 3), "1982": (1, 3), "1990": (0, 1)}
    assert yearly.series[0].first.date == "1980" and yearly.series[1].last.date == "1990-05-01"
    monthly = timeline(tmp_path / "ix", ["nuclear"], SearchRequest(query=""), by="month")
    assert monthly.series[0].undated == 4 and [p.label for p in monthly.series[0].periods] == ["1990-05"]
    assert timeline(tmp_path / "ix", ["nuclear"], SearchRequest(query="", type="comment"), by="auto").by == "year"


def test_a_partial_date_counts_only_in_periods_it_fills(tmp_path):
    from searchtool.indexing.update import build_index
    from searchtool.record import Record

    dates = [(dt.date(1991, 1, 1), "year"), (dt.date(1991, 3, 1), "month"), (dt.date(1991, 3, 1), None),
             (dt.date(1991, 1, 1), None), (dt.date(1991, 3, 17), None)]
    records = [Record(id=f"p{i}", path=f"p{i}.txt", title="", body="peace", date=day, date_precision=precision)
               for i, (day, precision) in enumerate(dates)]
    build_index(records, tmp_path / "ix")

    def counts(by):
        series = timeline(tmp_path / "ix", ["peace"], SearchRequest(query=""), by=by).series[0]
        return {p.label: p.n for p in series.periods if p.n}, series.undated

    assert counts("year") == ({"1991": 5}, 0)
    assert counts("quarter") == ({"1991-Q1": 4}, 1)  # "1991" is in no one quarter
    assert counts("month") == ({"1991-01": 1, "1991-03": 3}, 1)
    assert counts("week") == ({"1991-W01": 1, "1991-W09": 1, "1991-W11": 1}, 2)  # 1 March 1991 was a Friday
    first = timeline(tmp_path / "ix", ["peace"], SearchRequest(query=""), by="year").series[0].first
    assert first.date == "1991"  # the first of the two 1 Januarys is the partial one

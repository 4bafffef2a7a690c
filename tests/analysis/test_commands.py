"""The analysis commands end to end: timeline's JSON and CSV shapes, search --timeline, exit
codes, one-line errors, Ctrl-C, the progress bar."""

from __future__ import annotations

import csv
import io
import json

import pytest

from searchtool.cli import analysis_cmd
from searchtool.output.progress import StatementsBar
from searchtool.searching import timeline as timeline_module
from tests.support.cli import run


def test_timeline_json_has_the_documented_shape(generated):
    done = run("timeline", "--index", str(generated), "peace", "treaty", "--by", "quarter", "--json")
    assert done.exit_code == 0
    doc = json.loads(done.stdout)
    assert list(doc) == ["by", "per", "series"] and doc["by"] == "quarter" and doc["per"] == "statements"
    assert [s["query"] for s in doc["series"]] == ["peace", "treaty"]
    for series in doc["series"]:
        assert list(series) == ["query", "periods"]
        labels = [p["period"] for p in series["periods"]]
        assert labels[0] == "2015-Q1" and labels[-1] == "2022-Q4" and len(labels) == 32  # every quarter listed
        for p in series["periods"]:
            assert list(p) == ["period", "n", "N", "share"]
            assert (p["share"] is None) == (p["N"] == 0)


def test_timeline_split_names_the_value_of_each_series(generated):
    doc = json.loads(run("timeline", "--index", str(generated), "peace", "--split", "type", "--by", "year", "--json").stdout)
    assert doc["series"] and all(list(s) == ["query", "type", "periods"] for s in doc["series"])


def test_timeline_csv(generated):
    rows = list(csv.reader(io.StringIO(run("timeline", "--index", str(generated), "peace", "--by", "year", "--csv").stdout)))
    assert rows[0] == ["query", "split", "value", "period", "n", "N", "share"]
    assert [r[3] for r in rows[1:]] == [str(y) for y in range(2015, 2023)]


def test_the_filters_of_search_are_timeline_options(generated):
    done = run("timeline", "--index", str(generated), "peace", "--speaker", "lavrov", "--since", "2016", "--until", "2017-Q2",
               "--by", "quarter", "--json")
    labels = [p["period"] for p in json.loads(done.stdout)["series"][0]["periods"]]
    assert labels == ["2016-Q1", "2016-Q2", "2016-Q3", "2016-Q4", "2017-Q1", "2017-Q2"]


@pytest.mark.parametrize("args, message", [
    (["--by", "decade"], "unknown --by 'decade'"),
    (["--per", "pages"], "unknown --per 'pages'"),
    (["--split", "country"], "unknown --split 'country'"),
    (["--json", "--csv"], "--json and --csv cannot be combined"),
    (["--since", "2020-13"], "month 13"),
    (["date:2012-13"], "month 13 in date '2012-13'"),
    (["--since", "1800", "--by", "week"], "weeks from 1800-W01 to 2022-W51 are too many to list (at most 5,000)"),
])
def test_bad_timeline_input_is_one_line_and_exit_2(generated, args, message):
    done = run("timeline", "--index", str(generated), "peace", *args)
    assert done.exit_code == 2
    assert done.stderr.startswith("searchtool: error: ") and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_timeline_without_matches_exits_1(generated):
    assert run("timeline", "--index", str(generated), "zzyzx").exit_code == 1


def test_search_timeline_draws_a_sparkline_above_the_hits(generated):
    plain = run("search", "--index", str(generated), "peace", "--color", "never", "-n", "2").stdout
    drawn = run("search", "--index", str(generated), "peace", "--color", "never", "-n", "2", "--timeline").stdout
    first, rest = drawn.split("\n", 1)
    # the finest period that fits a sparkline: quarters of the eight years
    assert first.startswith("2015-Q1 ") and " 2022-Q4  by quarter: 81 statements; peak" in first
    assert rest.split("(")[0] == plain.split("(")[0]  # the search itself is unchanged
    doc = json.loads(run("search", "--index", str(generated), "peace", "--json", "--timeline").stdout)
    assert doc["total"] == sum(p["n"] for p in doc["timeline"]["series"][0]["periods"])


def test_ctrl_c_ends_with_one_line(generated, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(timeline_module, "timeline", interrupted)
    done = run("timeline", "--index", str(generated), "peace")
    assert done.exit_code == 130 and done.stderr == "searchtool: interrupted\n"


def test_the_progress_bar_draws_on_a_terminal_and_clears_itself():
    stream = io.StringIO()
    bar = StatementsBar("reading", stream=stream, force_terminal=True)
    bar.start(300)
    for _ in range(300):
        bar.advance(1)
    bar.stop()
    assert "reading" in stream.getvalue() and "300" in stream.getvalue()


def test_the_bar_is_offered_only_on_a_terminal(monkeypatch):
    monkeypatch.setattr(analysis_cmd, "is_terminal", lambda stream: False)
    assert analysis_cmd._bar("reading") is None
    monkeypatch.setattr(analysis_cmd, "is_terminal", lambda stream: True)
    assert isinstance(analysis_cmd._bar("reading"), StatementsBar)


def test_a_timeline_of_undated_statements_says_so(tmp_path):
    from searchtool.indexing.update import build_index
    from searchtool.record import Record

    build_index([Record(id="n1", path="n1.txt", title="", body="peace talks", date=None)], tmp_path / "ix")
    done = run("timeline", "--index", str(tmp_path / "ix"), "peace", "--color", "never")
    assert done.exit_code == 0
    assert "no dated statements" in done.stdout and "1 statement; 1 undated left out" in done.stdout
    doc = json.loads(run("timeline", "--index", str(tmp_path / "ix"), "peace", "--json").stdout)
    assert doc["series"] == [{"query": "peace", "periods": []}]


@pytest.mark.parametrize("name", ["timeline", "kwic", "collocates"])
def test_the_commands_options_are_their_tables(name):
    import typer.main

    from searchtool.cli import app
    from searchtool.cli.options import COLLOCATES, FILTERS, KWIC, TIMELINE

    spec = {"timeline": TIMELINE, "kwic": KWIC, "collocates": COLLOCATES}[name]
    params = {p.name: p for p in typer.main.get_command(app).commands[name].params}
    assert set(params) == {spec.argument.dest} | {o.dest for o in spec.options}
    for option in spec.options:
        assert params[option.dest].opts == list(option.names) and params[option.dest].help == option.help
        assert params[option.dest].default == option.default
    assert {o.dest for o in FILTERS} <= set(params)  # every search filter, shared

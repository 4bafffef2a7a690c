"""Dates known only to the year or the month ("1991", "December 2012"): kept at that precision in
the record and its JSON, and found by ``date:1991``, ``--since 1991`` and the year facet."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.dates import format_date, parse_any_date_text, parse_partial_date
from searchtool.reading.reader import read_paths
from tests.reading.test_formats import write
from tests.support import formats
from tests.support.cli import run


@pytest.mark.parametrize(
    "line,expected",
    [
        ("1991", (dt.date(1991, 1, 1), "year")),
        ("December 2012", (dt.date(2012, 12, 1), "month")),
        ("Dec. 2012", (dt.date(2012, 12, 1), "month")),
        ("Moscow, December 2012", (dt.date(2012, 12, 1), "month")),
        ("декабрь 2012 г.", (dt.date(2012, 12, 1), "month")),
        ("1991 г.", (dt.date(1991, 1, 1), "year")),
        ("2012-12", (dt.date(2012, 12, 1), "month")),
        ("3 December 2012", (dt.date(2012, 12, 3), None)),
    ],
)
def test_date_lines_of_every_precision(line, expected):
    assert parse_any_date_text(line) == expected


@pytest.mark.parametrize("line", ["In 1991 the Union ended.", "Chapter 2012", "2012-13", "0042", "Page 1991 of 2000", "Resolution 1991"])
def test_sentences_and_numbers_are_not_partial_dates(line):
    assert parse_partial_date(line) is None


@given(st.text(max_size=80))
def test_partial_dates_never_fail_on_any_text(text):
    found = parse_partial_date(text)
    assert found is None or (found[1] in ("year", "month") and found[0].day == 1)


def test_precision_is_written_at_its_length():
    assert [format_date(dt.date(1991, 1, 1), p) for p in ("year", "month", None)] == ["1991", "1991-01", "1991-01-01"]


def test_every_format_keeps_a_year_or_month_date_line(tmp_path):
    write(tmp_path, "a.txt", "Statement on the Baltic states\nThe Ministry recognises the three states.\n1991\n")
    write(tmp_path, "b.docx", formats.docx_bytes(["Comment on the talks", "The talks went well and will go on.", "December 2012"]))
    write(tmp_path, "c.html", "<html><body><h1>Speech at the session</h1><article><p>Words of the speech here.</p><p>September 1975</p></article></body></html>")
    write(tmp_path, "d.jsonl", json.dumps({"title": "Address", "text": "Words.", "date": "1960"}) + "\n")
    recs = {r.path.rsplit("/", 1)[-1]: r for r in read_paths([tmp_path])}
    assert [(recs[n].to_json()["date"], recs[n].date_precision) for n in ("a.txt", "b.docx", "c.html", "d.jsonl")] == [
        ("1991", "year"), ("2012-12", "month"), ("1975-09", "month"), ("1960", "year")
    ]
    assert all("no date found" not in r.warnings for r in recs.values())


def test_search_finds_partial_dates_by_date_since_and_year_facet(tmp_path):
    src = tmp_path / "src"
    write(src, "a.txt", "Statement on the Baltic states\nThe Ministry recognises the three Baltic states.\n1991\n")
    write(src, "b.txt", "Statement on the Baltic talks\nThe Baltic talks went well.\nDecember 2012\n")
    ix = str(tmp_path / "ix")
    assert run("index", str(src), "--index", ix).exit_code == 0
    found = json.loads(run("search", "date:1991", "--index", ix, "--json").stdout)
    assert [(h["title"], h["date"]) for h in found["hits"]] == [("Statement on the Baltic states", "1991")]
    since = json.loads(run("search", "baltic", "--since", "1991", "--until", "1991", "--index", ix, "--json").stdout)
    assert [h["date"] for h in since["hits"]] == ["1991"]
    month = json.loads(run("search", "baltic", "--since", "2012-12", "--index", ix, "--json").stdout)
    assert [h["date"] for h in month["hits"]] == ["2012-12"]
    facet = run("search", "baltic", "--facet", "year", "--index", ix)
    assert "1991" in facet.stdout and "2012" in facet.stdout
    shown = json.loads(run("show", found["hits"][0]["id"], "--index", ix, "--json").stdout)
    assert shown["date"] == "1991"

"""The query syntax: lenient on natural punctuation, date clauses as filters, one-line errors
that point at the problem, never a crash; and a grammar that needs neither the index nor Whoosh."""

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from searchtool.errors import SearchtoolError
from searchtool.searching import syntax
from searchtool.searching.datequery import DateSpan
from searchtool.searching.syntax import Bool, DateClause, QuerySyntaxError, Unit
from tests.searching.query_support import TODAY, leaves, parse, terms


def aliases_only(name, col):
    return syntax.FIELD_ALIASES.get(name.lower())


def test_the_grammar_imports_neither_whoosh_nor_the_index():
    tree = ast.parse(Path(syntax.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {m for m in imported if m.startswith(("whoosh", "searchtool.index", "searchtool.searching.build"))}


def test_the_tree_keeps_words_as_typed():
    tree = syntax.parse('title:"Missile Defence"~3 +NATO -russia date:2012', aliases_only, today=TODAY)
    assert isinstance(tree, Bool) and tree.op == "default" and tree.marks == ["", "+", "-", ""]
    phrase, nato, russia, date = tree.items
    assert (phrase.field, phrase.text, phrase.phrase, phrase.slop) == ("title", "Missile Defence", True, 3)
    assert isinstance(nato, Unit) and nato.text == "NATO" and russia.text == "russia"
    assert isinstance(date, DateClause) and date.span == DateSpan(20120101, 20121231)
    assert syntax.split_top_dates(tree)[1] == {"date": DateSpan(20120101, 20121231)}
    assert syntax.count_units(tree) == 2 and not syntax.is_plain(tree)
    assert syntax.is_plain(syntax.parse("missile defence", aliases_only))


@pytest.mark.parametrize(
    "text, span",
    [
        ("date:2012", DateSpan(20120101, 20121231)),
        ("date:2012-12", DateSpan(20121201, 20121231)),
        ("date:2012-12-03", DateSpan(20121203, 20121203)),
        ("date:[2012-01-01 TO 2012-06-30]", DateSpan(20120101, 20120630)),
        ("date:>=2013", DateSpan(20130101, None)),
        ("date:<2012-06", DateSpan(None, 20120531)),
        ("date:last year", DateSpan(20230101, 20231231)),
        ('date:"last year"', DateSpan(20230101, 20231231)),
        ("date:-30d", DateSpan(20240214, 20240315)),
        ("date:2012 date:>=2012-06", DateSpan(20120601, 20121231)),
    ],
)
def test_top_level_dates_become_a_filter_not_a_query(text, span):
    parsed = parse("nato " + text)
    assert parsed.date_span == span
    assert terms(parsed.query) == [("body", "nato"), ("title", "nato")]


@pytest.mark.parametrize(
    "text, span",
    [("year:2012", DateSpan(2012, 2012)), ("year:[2010 TO 2012]", DateSpan(2010, 2012)), ("year:>2012", DateSpan(2013, None)),
     ("year:{2010 TO 2012}", DateSpan(2011, 2011))],
)
def test_year_clauses_filter_the_year_column_not_the_date(text, span):
    # the year column is filled from the date, or from a numeric year field of an undated record
    parsed = parse("nato " + text)
    assert parsed.year_span == span and parsed.date_span is None
    assert leaves(parse("nato OR " + text).query, wq.NumericRange)[0].fieldname == "year"


def test_dates_under_or_stay_in_the_query():
    parsed = parse("nato OR date:2012")
    assert parsed.date_span is None
    assert leaves(parsed.query, wq.NumericRange)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("multi-agent", [("body", "agent"), ("body", "multi"), ("title", "agent"), ("title", "multi")]),
        ('"unbalanced quote', [("body", "quot"), ("body", "unbalanc"), ("title", "quot"), ("title", "unbalanc")]),
        ("nato (", [("body", "nato"), ("title", "nato")]),
        (")) nato", [("body", "nato"), ("title", "nato")]),
        ("Re: NATO", [("body", "nato"), ("body", "re"), ("title", "nato"), ("title", "re")]),
        ("title: nato", [("title", "nato")]),
    ],
)
def test_natural_punctuation_searches_sensibly(text, expected):
    assert terms(parse(text).query) == expected


@pytest.mark.parametrize(
    "text, fragments",
    [
        ("speakr:lavrov", ["unknown field 'speakr'", "column 1", "did you mean speaker:"]),
        ("nato date:2012-13", ["month 13", "column 6"]),
        ("nato date:[2012-01-01 TO", ["is not closed", "column 6", "close it with ]"]),
        ("nato title:", ["title: has no value", "column 6"]),
        ("(nato date: )", ["date: has no value", "column 7"]),
        ("date:2013 date:2012", ["exclude each other"]),
        ("year:12", ["4-digit year"]),
    ],
)
def test_errors_point_at_the_problem_and_suggest_a_fix(text, fragments):
    with pytest.raises(QuerySyntaxError) as err:
        parse(text)
    message = str(err.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_unit_count_drives_the_fallback():
    assert parse("a b c").unit_count == 3  # stop words count as typed units
    assert parse("nato -russia council").unit_count == 2


QUERY_ALPHABET = st.sampled_from(
    list("abcxyz AORNDT:\"'()[]{}*?~^+-!.,;/\\&|<>=0123456789") + ["AND", "OR", "NOT", "date:", "title:", "speaker:", " TO "]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=30), st.lists(QUERY_ALPHABET, max_size=15).map("".join)))
def test_no_query_string_makes_the_parser_raise_anything_else(text):
    try:
        parsed = parse(text)
    except SearchtoolError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert parsed.query is None or isinstance(parsed.query, wq.Query)

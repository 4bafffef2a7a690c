"""Date expressions: every documented form, the errors, and no crash on any input."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchtool.errors import SearchtoolError
from searchtool.searching.datequery import (
    DateQueryError,
    DateSpan,
    parse_date_expr,
    since_span,
    until_span,
)

TODAY = dt.date(2024, 3, 15)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2012", 20120101, 20121231),
        ("2012-12", 20121201, 20121231),
        ("2012-02", 20120201, 20120229),  # leap year
        ("2013-02", 20130201, 20130228),
        ("2012-12-03", 20121203, 20121203),
        ("2012/12/03", 20121203, 20121203),
        ("20121203", 20121203, 20121203),
        ("03.12.2012", 20121203, 20121203),
        ("3 December 2012", 20121203, 20121203),
        ("December 3, 2012", 20121203, 20121203),
        ("Dec 2012", 20121201, 20121231),
        ("[2012-01-01 TO 2012-06-30]", 20120101, 20120630),
        ("[2012 TO 2013-06]", 20120101, 20130630),
        ("[* TO 2012]", None, 20121231),
        ("[2012 TO *]", 20120101, None),
        ("2012..2013", 20120101, 20131231),
        (">=2013", 20130101, None),
        (">2013", 20140101, None),
        ("<2012-06", None, 20120531),
        ("<=2012-06", None, 20120630),
        ('"2012-12"', 20121201, 20121231),
    ],
)
def test_absolute_forms(text, start, end):
    assert parse_date_expr(text, TODAY) == DateSpan(start, end)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("today", 20240315, 20240315),
        ("yesterday", 20240314, 20240314),
        ("last year", 20230101, 20231231),
        ("this year", 20240101, 20240315),
        ("last month", 20240201, 20240229),
        ("this month", 20240301, 20240315),
        ("last week", 20240304, 20240310),
        ("-30d", 20240214, 20240315),
        ("-2w", 20240301, 20240315),
        ("-6m", 20230915, 20240315),
        ("-1y", 20230315, 20240315),
        ("last 30 days", 20240214, 20240315),
        ("past 2 years", 20220315, 20240315),
    ],
)
def test_relative_forms(text, start, end):
    assert parse_date_expr(text, TODAY) == DateSpan(start, end)


def test_since_and_until_take_the_outer_edges():
    assert since_span("2012-12", TODAY) == DateSpan(20121201, None)
    assert until_span("2012-12", TODAY) == DateSpan(None, 20121231)
    assert since_span("last year", TODAY) == DateSpan(20230101, None)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2012-13", "month 13"),
        ("2013-02-29", "does not exist"),
        ("yesteryear", "cannot read date"),
        ("[2013 TO 2012]", "ends before it starts"),
        ("[2012 2013]", "cannot read date range"),
        ("", "empty date"),
    ],
)
def test_errors_name_the_problem_and_the_forms(text, fragment):
    with pytest.raises(DateQueryError) as err:
        parse_date_expr(text, TODAY)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_span_operations():
    a = DateSpan(20120101, 20121231)
    assert a.intersect(DateSpan(20120601, None)) == DateSpan(20120601, 20121231)
    assert a.intersect(DateSpan(20130101, None)).empty and not a.empty
    assert DateSpan(20130101, 20120101).empty


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_no_input_raises_anything_but_a_searchtool_error(text):
    try:
        span = parse_date_expr(text, TODAY)
    except SearchtoolError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert isinstance(span, DateSpan)

"""Absolute dates as written in statements and typed by users."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.dates import (
    find_dates,
    from_int,
    int_to_iso,
    parse_date_text,
    parse_date_value,
    split_trailing_date,
    to_int,
)

D = dt.date(2012, 12, 3)


@pytest.mark.parametrize(
    "text",
    [
        "December 3, 2012",
        "December 3 2012",
        "Dec. 3, 2012",
        "3 December 2012",
        "3rd December, 2012",
        "03.12.2012",
        "2012-12-03",
        "Moscow, 3 December 2012",
        "Monday, December 3, 2012",
        "Washington, D.C., December 3, 2012",
        "  December 3, 2012.  ",
        "\ufeffDecember 3, 2012",
        "3 декабря 2012 г.",
    ],
)
def test_date_lines(text):
    assert parse_date_text(text) == D


@pytest.mark.parametrize(
    "text",
    [
        "",
        "December 2012",
        "On December 3, 2012 the Minister met his colleague in Brussels.",
        "31.02.2012",
        "2012-13-01",
        "3 Decembir 2012",  # misspelt ("Decembre" is French now)
        "12/03/2012",
        "December 3, 12",
        "Advisory Council Meeting on Thursday, December 3, 2012",
    ],
)
def test_not_date_lines(text):
    assert parse_date_text(text) is None


def test_find_dates_in_running_text():
    found = find_dates("summit on November 20, 2010 in Lisbon and on 4.12.2012")
    assert [d for d, _, _ in found] == [dt.date(2010, 11, 20), dt.date(2012, 12, 4)]


@pytest.mark.parametrize(
    "title,head,date",
    [
        (
            "Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, March 16, 2021",
            "Briefing by Foreign Ministry Spokeswoman Maria Zakharova",
            dt.date(2021, 3, 16),
        ),
        ("Public Schedule – July 8, 2021", "Public Schedule", dt.date(2021, 7, 8)),
        ("Statement (3 December 2012)", "Statement", D),
        ("Events of December 3, 2012", "Events of December 3, 2012", None),
        ("Comment on the talks", "Comment on the talks", None),
    ],
)
def test_split_trailing_date(title, head, date):
    assert split_trailing_date(title) == (head, date)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2021-05-20", dt.date(2021, 5, 20)),
        ("2021-05-20T22:14:56+00:00", dt.date(2021, 5, 20)),
        ("May 20, 2021", dt.date(2021, 5, 20)),
        (dt.datetime(2021, 5, 20, 10, 0), dt.date(2021, 5, 20)),
        (D, D),
        ("2021-02-30", None),
        ("", None),
        (None, None),
        (1946, None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@given(st.text(max_size=300))
def test_never_raises(text):
    parse_date_text(text)
    split_trailing_date(text)
    parse_date_value(text)
    for d, start, end in find_dates(text):
        assert 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    "line,expected",
    [
        ("3 December 2012 - 14:05", D),
        ("03.12.2012 14:05", D),
        ("3 December 2012, 14:05", D),
        ("December 3, 2012 at 2:05 pm", D),
        ("Moscow, 3 December 2012, 14:05 MSK", D),
        ("2012/12/03", D),
        ("25/12/2012", dt.date(2012, 12, 25)),  # day first: unambiguous
        ("12/25/2012", dt.date(2012, 12, 25)),  # month first: unambiguous
        ("3/12/2012", None),  # 3 December or March 12: refused
        ("12/3/2012", None),
        ("December 3, 2012 at the meeting", None),
        ("3 December 2012 14:05 and later", None),
    ],
)
def test_date_lines_with_times_and_slashes(line, expected):
    assert parse_date_text(line) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Fri, 04 Mar 2022 10:00:00 GMT", dt.date(2022, 3, 4)),  # RFC 2822 (feeds, e-mail)
        ("Fri, 04 Mar 2022 10:00:00 +0100", dt.date(2022, 3, 4)),
        ("20220101", dt.date(2022, 1, 1)),
        ("20221301", None),
        ("1658480000", None),  # epoch seconds are not a date form
    ],
)
def test_parse_date_value_feed_and_compact_forms(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize("day", [dt.date(2012, 12, 3), dt.date(1946, 1, 1), dt.date(2024, 2, 29)])
def test_day_codes_round_trip(day):
    assert to_int(day) == day.year * 10000 + day.month * 100 + day.day
    assert from_int(to_int(day)) == day
    assert int_to_iso(to_int(day)) == day.isoformat()


@pytest.mark.parametrize("value", [20121332, 20230229, 0, -1, None, "20121203", 10**12])
def test_a_code_that_is_no_real_day_has_no_date(value):
    assert from_int(value) is None


def test_a_stored_code_that_is_no_day_is_shown_as_it_is():
    assert int_to_iso(20121332) == "20121332"

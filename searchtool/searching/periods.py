"""Calendar periods for counting over time: a day code's year, quarter, month or ISO week.

A period is numbered (an ordinal that counts periods from year 0, so that a span of periods is a
range of integers and no period can be skipped) and labelled the way ``--since``/``--until`` and
``date:`` read it back (``2022``, ``2022-Q1``, ``2022-03``, ``2022-W09``), so that any period a
timeline prints can be searched as it is written (:func:`period_span` goes through the same
date grammar).
"""

from __future__ import annotations

import datetime as _dt

from searchtool.dates import DateSpan
from searchtool.errors import UsageError
from searchtool.searching.datequery import parse_date_expr

#: The period lengths ``--by`` accepts, longest first.
BYS = ("year", "quarter", "month", "week")
#: Most periods :func:`auto_by` lets a sparkline have (about a terminal's width, less labels).
AUTO_MAX_PERIODS = 60


def _check(by: str) -> None:
    if by not in BYS:
        raise UsageError(f"unknown --by {by!r}", hint="use " + ", ".join(BYS))


def period_number(day: int, by: str) -> int:
    """The ordinal of the period holding day code ``day`` (``YYYYMMDD``)."""
    year, month = day // 10000, day // 100 % 100
    if by == "year":
        return year
    if by == "quarter":
        return year * 4 + (month - 1) // 3
    if by == "month":
        return year * 12 + month - 1
    return (_dt.date(year, month, day % 100).toordinal() - 1) // 7  # ordinal 1 (0001-01-01) is a Monday


def period_label(number: int, by: str) -> str:
    """How period ``number`` is written (and typed back into ``--since``)."""
    if by == "year":
        return f"{number:04d}"
    if by == "quarter":
        return f"{number // 4:04d}-Q{number % 4 + 1}"
    if by == "month":
        return f"{number // 12:04d}-{number % 12 + 1:02d}"
    year, week, _ = _dt.date.fromordinal(number * 7 + 1).isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_numbers(first_day: int, last_day: int, by: str) -> range:
    """Every period from the one holding ``first_day`` to the one holding ``last_day``."""
    _check(by)
    return range(period_number(first_day, by), period_number(last_day, by) + 1)


def period_span(label: str) -> DateSpan:
    """The days a period label covers, read by the date grammar ``--since`` uses."""
    return parse_date_expr(label)


def auto_by(first_day: int, last_day: int, max_periods: int = AUTO_MAX_PERIODS) -> str:
    """The finest period length that spans ``first_day`` .. ``last_day`` in at most
    ``max_periods`` periods (``search --timeline`` chooses with it)."""
    for by in reversed(BYS):
        if len(period_numbers(first_day, last_day, by)) <= max_periods:
            return by
    return "year"

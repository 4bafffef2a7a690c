"""Date expressions as users type them, turned into inclusive day spans.

One grammar serves ``date:...``/``year:...`` in queries and ``--since``/``--until``, so a form
that works in one place works in all. Spans are inclusive ``YYYYMMDD`` integers, the same
encoding as the index's sortable ``date`` column, so a filter is a plain integer comparison.

Forms: ``2012``, ``2012-12``, ``2012-12-03`` (also ``/`` or ``.`` separators, ``20121203``),
``2012-Q4`` (a quarter), ``2012-W49`` (an ISO week, Monday to Sunday: the periods ``timeline`` prints),
``3 December 2012``, ``December 3, 2012``, ``Dec 2012``; ranges ``[A TO B]`` (``*`` for an open
end; ``{A TO B}`` leaves the ends out, as in Lucene), ``A..B``; comparisons ``>=A``, ``>A``, ``<=A``, ``<A``; relative ``today``, ``yesterday``,
``this/last week|month|year``, ``last N days|weeks|months|years``, ``-30d``, ``-2w``, ``-6m``,
``-1y``.
"""

from __future__ import annotations

import datetime as _dt
import re

from searchtool.dates import MONTHS as _MONTHS  # the names statements are dated with
from searchtool.dates import DateSpan, from_int, to_int  # DateSpan re-exported: what this module returns
from searchtool.errors import UsageError

#: How a date is written, for error messages.
DATE_FORMS = "2012, 2012-12, 2012-12-03, [2012-01-01 TO 2012-06-30], >=2013, <2012-06, 'last year' or -30d"


def _days_in(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (_dt.date(year, month + 1, 1) - _dt.timedelta(days=1)).day


_UNIT_DAYS = {"d": 1, "day": 1, "w": 7, "week": 7}
_UNIT_MONTHS = {"m": 1, "month": 1, "y": 12, "year": 12}


class DateQueryError(UsageError):
    """A date expression that cannot be read; the message names the accepted forms."""


def _span_of(year: int, month: int | None = None, day: int | None = None) -> DateSpan:
    if month is None:
        return DateSpan(year * 10000 + 101, year * 10000 + 1231)
    if day is None:
        last = _days_in(year, month)
        return DateSpan(year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last)
    value = year * 10000 + month * 100 + day
    return DateSpan(value, value)


def _checked(text: str, year: int, month: int | None = None, day: int | None = None) -> DateSpan:
    if not 1 <= year <= 9999:
        raise DateQueryError(f"year {year} in date {text!r} is out of range", hint=f"use forms like {DATE_FORMS}")
    if month is not None and not 1 <= month <= 12:
        raise DateQueryError(
            f"month {month} in date {text!r} is not 1-12", hint=f"write it as YYYY-MM-DD, e.g. {year:04d}-12-03"
        )
    if day is not None:
        last = _days_in(year, month or 1)
        if not 1 <= day <= last:
            raise DateQueryError(
                f"day {day} in date {text!r} does not exist", hint=f"that month has {last} days"
            )
    return _span_of(year, month, day)


def _add_months(day: _dt.date, months: int) -> _dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return _dt.date(year, month, min(day.day, _days_in(year, month)))


def _relative(text: str, today: _dt.date) -> DateSpan | None:
    """Spans relative to ``today``, or ``None`` when ``text`` is not a relative form."""
    t = " ".join(text.lower().replace("_", " ").split())
    if t == "today":
        return DateSpan(to_int(today), to_int(today))
    if t == "yesterday":
        y = today - _dt.timedelta(days=1)
        return DateSpan(to_int(y), to_int(y))
    m = re.fullmatch(r"(this|last|past|previous) (week|month|year)", t)
    if m:
        which, unit = m.groups()
        if unit == "week":
            monday = today - _dt.timedelta(days=today.weekday())
            if which == "this":
                return DateSpan(to_int(monday), to_int(today))
            if which == "past":
                return DateSpan(to_int(today - _dt.timedelta(days=7)), to_int(today))
            start = monday - _dt.timedelta(days=7)
            return DateSpan(to_int(start), to_int(start + _dt.timedelta(days=6)))
        if unit == "month":
            if which == "this":
                return DateSpan(to_int(today.replace(day=1)), to_int(today))
            if which == "past":
                return DateSpan(to_int(_add_months(today, -1)), to_int(today))
            prev = _add_months(today.replace(day=1), -1)
            return _span_of(prev.year, prev.month)
        if which == "this":
            return DateSpan(to_int(today.replace(month=1, day=1)), to_int(today))
        if which == "past":
            return DateSpan(to_int(_add_months(today, -12)), to_int(today))
        return _span_of(today.year - 1)
    m = re.fullmatch(r"(?:last|past) (\d+) ?(day|week|month|year)s?", t) or re.fullmatch(
        r"-(\d+) ?(d|w|m|y|days?|weeks?|months?|years?)", t
    )
    if m:
        count, unit = int(m.group(1)), m.group(2).rstrip("s") if len(m.group(2)) > 1 else m.group(2)
        if count > 100000:
            raise DateQueryError(f"relative date {text!r} reaches too far back", hint="use an absolute date")
        if unit in _UNIT_DAYS:
            start = today - _dt.timedelta(days=count * _UNIT_DAYS[unit])
        else:
            months = count * _UNIT_MONTHS[unit]
            if months >= today.year * 12:
                raise DateQueryError(f"relative date {text!r} reaches too far back", hint="use an absolute date")
            start = _add_months(today, -months)
        return DateSpan(to_int(start), to_int(today))
    return None


def _absolute(text: str) -> DateSpan | None:
    """Spans of one calendar day, month or year written in the usual ways."""
    t = text.strip().strip(",").strip()
    m = re.fullmatch(r"(\d{4})-?([QqWw])(\d{1,2})", t)
    if m:
        return _quarter_or_week(text, int(m.group(1)), m.group(2).upper(), int(m.group(3)))
    m = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?", t)
    if m:
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        return _checked(text, year, month, day)
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", t)
    if m:
        return _checked(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", t)  # 03.12.2012: day first, as in Europe
    if m:
        return _checked(text, int(m.group(3)), int(m.group(2)), int(m.group(1)))
    words = re.findall(r"[A-Za-z]+|\d+", t)
    if not words:
        return None
    lowered = [w.lower() for w in words]
    months = [i for i, w in enumerate(lowered) if w in _MONTHS]
    numbers = [i for i, w in enumerate(lowered) if w.isdigit()]
    if len(months) != 1 or len(months) + len(numbers) != len(words) or not 1 <= len(numbers) <= 2:
        return None
    month = _MONTHS[lowered[months[0]]]
    years = [i for i in numbers if len(words[i]) == 4]
    days = [i for i in numbers if len(words[i]) <= 2]
    if len(years) != 1 or len(days) > 1:
        return None
    year = int(words[years[0]])
    day = int(words[days[0]]) if days else None
    return _checked(text, year, month, day)


def _quarter_or_week(text: str, year: int, kind: str, number: int) -> DateSpan:
    """``2012-Q4``: October to December; ``2012-W49``: the ISO week's Monday to Sunday."""
    _checked(text, year)
    if kind == "Q":
        if not 1 <= number <= 4:
            raise DateQueryError(f"quarter {number} in date {text!r} is not 1-4", hint=f"e.g. {year:04d}-Q4")
        first = _span_of(year, 3 * number - 2)
        return DateSpan(first.start, _span_of(year, 3 * number).end)
    weeks = _dt.date(year, 12, 28).isocalendar()[1]  # 28 December is always in the year's last week
    if not 1 <= number <= weeks:
        raise DateQueryError(f"week {number} in date {text!r} is not 1-{weeks}", hint=f"ISO weeks of {year} run 1-{weeks}")
    monday = _dt.date.fromisocalendar(year, number, 1)
    return DateSpan(to_int(monday), to_int(monday + _dt.timedelta(days=6)))


def _point(text: str, today: _dt.date) -> DateSpan:
    """One date of any non-range form, as the span it covers."""
    span = _absolute(text)
    if span is None:
        span = _relative(text, today)
    if span is None:
        raise DateQueryError(f"cannot read date {text!r}", hint=f"use forms like {DATE_FORMS}")
    return span


def parse_date_expr(text: str, today: _dt.date | None = None) -> DateSpan:
    """The span that a ``date:`` value (or ``--since``/``--until`` argument) covers."""
    today = today or _dt.date.today()
    raw = text.strip()
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        raw = raw[1:-1].strip()
    if not raw:
        raise DateQueryError("empty date", hint=f"use forms like {DATE_FORMS}")
    m = re.fullmatch(r"[\[{](.*?)\s+(?:TO|to)\s+(.*?)[\]}]?", raw) or re.fullmatch(r"(.*?)\s*\.\.\s*(.*)", raw)
    if m and (raw[0] in "[{" or ".." in raw):
        lo_text, hi_text = m.group(1).strip(), m.group(2).strip()
        # Lucene's brackets: [ ] include the end, { } leave it out (the whole day, month or year)
        lo_excl, hi_excl = raw[0] == "{", raw[-1] == "}"
        lo = None if lo_text in ("", "*") else _point(lo_text, today).start
        hi = None if hi_text in ("", "*") else _point(hi_text, today).end
        if lo is not None and lo_excl:
            lo = _next_day(_point(lo_text, today).end)
        if hi is not None and hi_excl:
            hi = _prev_day(_point(hi_text, today).start)
        span = DateSpan(lo, hi)
        if span.empty:
            raise DateQueryError(
                f"date range {text!r} ends before it starts", hint="write the earlier date first"
            )
        return span
    if raw[0] in "[{":
        raise DateQueryError(
            f"cannot read date range {text!r}", hint="write it as [2012-01-01 TO 2012-06-30], with * for an open end"
        )
    m = re.fullmatch(r"(>=|<=|>|<|=)\s*(.+)", raw)
    if m:
        op, value = m.groups()
        span = _point(value, today)
        if op == ">=":
            return DateSpan(span.start, None)
        if op == ">":
            return DateSpan(_next_day(span.end), None)
        if op == "<=":
            return DateSpan(None, span.end)
        if op == "<":
            return DateSpan(None, _prev_day(span.start))
        return span
    return _point(raw, today)


def _next_day(value: int | None) -> int | None:
    day = from_int(value) if value is not None else None
    return None if day is None else to_int(day + _dt.timedelta(days=1))


def _prev_day(value: int | None) -> int | None:
    day = from_int(value) if value is not None else None
    return None if day is None else to_int(day - _dt.timedelta(days=1))


def since_span(text: str, today: _dt.date | None = None) -> DateSpan:
    """``--since X``: from the first day that ``X`` covers, open-ended."""
    return DateSpan(parse_date_expr(text, today).start, None)


def until_span(text: str, today: _dt.date | None = None) -> DateSpan:
    """``--until X``: up to and including the last day that ``X`` covers."""
    return DateSpan(None, parse_date_expr(text, today).end)

"""Absolute dates written in statement text: "December 3, 2012", "3 December 2012", "03.12.2012",
"2012-12-03", "Moscow, 8 May 2019", a date closing a title.

Shared by the reader (date lines, titles, metadata fields) and the query side (``date:`` values), so
that a date a user types is understood exactly as a date a statement carries. Only complete dates
(day, month, year) are recognised here; ranges and partial dates are the query parser's business.

The patterns are linear (no nested quantifiers), so arbitrary input cannot make them backtrack.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re

from searchtool.values import FrozenValue

#: Month names and abbreviations (English, plus Russian genitive forms seen in MFA texts).
MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        ("january", "jan", "января", "январь"),
        ("february", "feb", "февраля", "февраль"),
        ("march", "mar", "марта", "март"),
        ("april", "apr", "апреля", "апрель"),
        ("may", "мая", "май"),
        ("june", "jun", "июня", "июнь"),
        ("july", "jul", "июля", "июль"),
        ("august", "aug", "августа", "август"),
        ("september", "sep", "sept", "сентября", "сентябрь"),
        ("october", "oct", "октября", "октябрь"),
        ("november", "nov", "ноября", "ноябрь"),
        ("december", "dec", "декабря", "декабрь"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _num

_MONTH = r"(?P<mon>[A-Za-zА-Яа-яЁё]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

#: One pattern per written form. Each names its groups ``day``, ``mon`` (name) or ``month`` (number),
#: and ``year``. Order matters only for overlapping forms: the earliest match in the text wins.
_DATE_SOURCES = (
    r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)",  # 2012-12-03
    r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)",  # 03.12.2012
    r"(?<![\d/])(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/])",  # 2012/12/03
    # 25/12/2012 or 12/25/2012: day-first and month-first writers share this form, so only a date
    # that reads one way (a number above 12, or day == month) is accepted; 3/12/2012 is refused.
    r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?![\d/])",
    _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)",  # December 3, 2012
    r"(?<!\d)" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"(?!\d)",  # 3 December 2012
)

#: What may surround a date on a line of its own: a place or weekday before it, of at most four
#: capitalised words ("Moscow, ", "Washington, D.C., ", "Monday, "), punctuation, a trailing "г."
#: (Russian "year"). "Meeting on Thursday, April 7, 2022" is a title, not a date line.
_LINE_PREFIX = r"^\s*[A-ZА-ЯЁ][\w.'’-]*(?:[ ,]+[A-ZА-ЯЁ][\w.'’-]*){0,3}\s*,\s*$"
#: A time may follow the date: "3 December 2012 - 14:05", "03.12.2012 14:05", "December 3, 2012 at
#: 2:05 pm", "Fri, 04 Mar 2022 10:00:00 GMT" (a news site's or a feed's stamp).
_TIME = r"(?:(?:[-–—,|]|at|в)\s*)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?\s*(?:\(?[a-z]{2,5}\)?|[+-]\d{2}:?\d{2})?"
_LINE_SUFFIX = r"^[\s.,;)]*(?:г\.?|года)?[\s.,]*(?:" + _TIME + r")?[\s.]*$"


@functools.lru_cache(maxsize=None)
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    """The compiled date forms, built on first use: a search imports this module only for
    :data:`MONTHS` (compiling the patterns at import cost ~1.5 ms of its start-up)."""
    return tuple(re.compile(source) for source in _DATE_SOURCES)


@functools.lru_cache(maxsize=None)
def _line_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(_LINE_PREFIX), re.compile(_LINE_SUFFIX, re.IGNORECASE)


MIN_YEAR, MAX_YEAR = 1800, 2200


def _to_date(m: re.Match[str]) -> _dt.date | None:
    groups = m.groupdict()
    if groups.get("mon") is not None:
        month = MONTHS.get(groups["mon"].lower())
        if month is None:
            return None
        day = int(groups["day"])
    elif groups.get("a") is not None:
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b or a == b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None  # 3/12/2012: March 12 or 3 December, depending on the writer
    else:
        month, day = int(groups["month"]), int(groups["day"])
    year = int(groups["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[_dt.date, int, int]]:
    """Every complete date in ``text`` as ``(date, start, end)``, in order of position."""
    found: list[tuple[_dt.date, int, int]] = []
    for pattern in _date_patterns():
        for m in pattern.finditer(text):
            d = _to_date(m)
            if d is not None:
                found.append((d, m.start(), m.end()))
    found.sort(key=lambda item: item[1])
    # Drop matches overlapping an earlier one (e.g. "3 December 2012" inside a longer form).
    result: list[tuple[_dt.date, int, int]] = []
    for item in found:
        if not result or item[1] >= result[-1][2]:
            result.append(item)
    return result


def parse_date_text(text: str) -> _dt.date | None:
    """The date that ``text`` consists of, or None.

    Accepts a bare date in any supported form and a date line with a place or weekday before it
    ("Moscow, 8 May 2019"); refuses text where the date is only part of a sentence, so that a body
    paragraph mentioning a date is never mistaken for a date line.
    """
    text = text.strip().strip("\ufeff")
    if not text or len(text) > 90:
        return None
    prefix, suffix = _line_patterns()
    for d, start, end in find_dates(text):
        before, after = text[:start], text[end:]
        if (not before.strip() or prefix.match(before)) and suffix.match(after):
            return d
    return None


def split_trailing_date(text: str) -> tuple[str, _dt.date | None]:
    """Split a date (and the place before it) off the end of a title.

    "Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, March 16, 2021" ->
    ("Briefing by Foreign Ministry Spokeswoman Maria Zakharova", 2021-03-16). The title is returned
    unchanged when it does not end with a date set off by a comma, dash or parentheses.
    """
    dates = find_dates(text)
    if not dates:
        return text, None
    d, start, end = dates[-1]
    if text[end:].strip(" .)]") != "":
        return text, None
    head = text[:start].rstrip()
    if head.endswith(("(", "[")):
        return head.rstrip("([ "), d
    if not head.endswith((",", "-", "–", "—", ":")):
        return text, None
    head = head.rstrip(",-–—: ")
    # An optional place between two commas: "..., Moscow, March 16, 2021".
    cut = head.rfind(",")
    if cut > 0:
        place = head[cut + 1 :].strip()
        words = place.split()
        if 0 < len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            head = head[:cut].rstrip()
    return (head, d) if head else (text, None)


def parse_date_value(value: object) -> _dt.date | None:
    """A date from a metadata value: ISO date or datetime, or any written form above."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ]|$)", text)  # ISO, also compact 20121203
    if m and (len(text) > 8 or text.isdigit()):
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return parse_date_text(text)


#: Precisions of a date that is not a whole day: what its date line said ("1991", "December 2012").
#: A day's precision is ``None``. Such a date is kept as the first day it covers, so that the day
#: code, ``date:1991``, ``--since 1991`` and the year facet all find it.
YEAR, MONTH = "year", "month"
PRECISIONS = (YEAR, MONTH)

# A line that is only a month and a year, or only a year, maybe with a place before it and the
# Russian "г."/"года" after it: "December 2012", "Moscow, December 2012", "декабрь 2012 г.", "1991".
_PARTIAL_SOURCES = (
    (r"^(?:[A-ZА-ЯЁ][\w.'’-]*(?:[ ,]+[A-ZА-ЯЁ][\w.'’-]*){0,3}\s*,\s*)?" + _MONTH + r",?\s+" + _YEAR
     + r"\s*(?:г\.?|года)?\s*\.?$", MONTH),
    (r"^(?P<year>\d{4})-(?P<month>\d{2})$", MONTH),
    (r"^(?:[A-ZА-ЯЁ][\w.'’-]*(?:[ ,]+[A-ZА-ЯЁ][\w.'’-]*){0,3}\s*,\s*)?" + _YEAR + r"\s*(?:г\.?|года?)?\s*\.?$", YEAR),
)


@functools.lru_cache(maxsize=None)
def _partial_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(source), precision) for source, precision in _PARTIAL_SOURCES)


def parse_partial_date(text: str) -> tuple[_dt.date, str] | None:
    """``(first day, precision)`` for a line that names only a month or a year, else None.

    "December 2012" -> (2012-12-01, "month"), "1991" -> (1991-01-01, "year"). Only a line that
    is nothing else is accepted (a sentence mentioning 1991 is no date line); complete dates are
    :func:`parse_date_text`'s.
    """
    text = text.strip().strip("\ufeff")
    if not text or len(text) > 60:
        return None
    for pattern, precision in _partial_patterns():
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        year = int(groups["year"])
        month = 1
        if groups.get("mon") is not None:
            month = MONTHS.get(groups["mon"].lower(), 0)
        elif groups.get("month") is not None:
            month = int(groups["month"])
        if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
            return None
        return _dt.date(year, month, 1), precision
    return None


def parse_any_date_text(text: str) -> tuple[_dt.date, str | None] | None:
    """A date line of any precision: ``(date, None)`` for a day, else :func:`parse_partial_date`."""
    day = parse_date_text(text)
    if day is not None:
        return day, None
    return parse_partial_date(text)


def parse_any_date_value(value: object) -> tuple[_dt.date, str | None] | None:
    """A metadata value's date at its precision: :func:`parse_date_value`, else a year or month."""
    day = parse_date_value(value)
    if day is not None:
        return day, None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return parse_partial_date(value) if isinstance(value, str) else None


def format_date(day: _dt.date, precision: str | None = None) -> str:
    """ISO 8601 at the date's precision: "2012-12-03", "2012-12", "1991"."""
    if precision == YEAR:
        return f"{day.year:04d}"
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


# Day codes: the index stores a statement's date as the integer YYYYMMDD (sortable, a column of
# fixed width, a range query is two integers).


def to_int(day: _dt.date) -> int:
    """The ``YYYYMMDD`` integer of ``day`` (the index's encoding)."""
    return day.year * 10000 + day.month * 100 + day.day


def from_int(value: object) -> _dt.date | None:
    """The date of a ``YYYYMMDD`` integer; ``None`` for anything that is not a real day (or not an
    integer: a stored record without a date)."""
    if not isinstance(value, int):
        return None
    try:
        return _dt.date(value // 10000, value // 100 % 100, value % 100)
    except (ValueError, OverflowError):
        return None


def int_to_iso(value: int) -> str:
    """``YYYY-MM-DD`` for a day code; the bare number where it is no real day (shown, not hidden)."""
    day = from_int(value)
    return day.isoformat() if day else str(value)


# Spans of days, as filters and date queries use them (the index compares day codes).


class DateSpan(FrozenValue):
    """Inclusive span of days as ``YYYYMMDD`` integers; ``None`` means open on that side."""

    __slots__ = ("start", "end")
    start: int | None
    end: int | None

    def __init__(self, start: int | None = None, end: int | None = None) -> None:
        FrozenValue.__init__(self, start, end)

    def intersect(self, other: "DateSpan") -> "DateSpan":
        """The days in both spans (:attr:`empty` when they do not meet)."""
        starts = [v for v in (self.start, other.start) if v is not None]
        ends = [v for v in (self.end, other.end) if v is not None]
        return DateSpan(max(starts) if starts else None, min(ends) if ends else None)

    @property
    def empty(self) -> bool:
        """No day at all: the span ends before it starts."""
        return self.start is not None and self.end is not None and self.start > self.end

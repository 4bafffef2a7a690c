"""The plain-text statement layout: title line, optional byline(s), body paragraphs, date line.

A statement saved from a ministry website looks like::

    Comment of the Spokesman ... A. K. Lukashevich in connection with ...   <- title
    Antony J. Blinken, Secretary of State                                    <- byline(s), optional
    On December 4 the Minister ...                                           <- body
    ...
    December 3, 2012                                                         <- date line

Bylines are metadata (speaker and post) and are taken out of the body; the title and the date
line are too. Blank lines anywhere, CRLF line ends and a BOM do not matter.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from searchtool.chars import ZERO_WIDTH
from searchtool.dates import parse_any_date_text, parse_date_text, split_trailing_date
from searchtool.reading.extract import Speakers, parse_attribution, parse_byline
from searchtool.reading.rules import RuleSet, default_rules

#: A first line longer than this is a paragraph, not a title; so is a long one that ends a sentence.
MAX_TITLE_CHARS = 1000
LONG_TITLE_CHARS = 250
#: The warning of a text without a date (a sidecar that supplies one withdraws it).
NO_DATE = "no date found"
#: At most this many lines after the title are examined as bylines.
MAX_BYLINES = 8
#: The date line may be followed by this many short note lines ("(unofficial translation)", a
#: signature or office line); they stay in the body, where they are searchable.
MAX_TRAILING_NOTES = 2
#: A line after the date longer than this is a paragraph: the date above it is not the closing one.
MAX_NOTE_CHARS = 120


@dataclass
class Layout:
    """What the layout alone tells about a text; ``warnings`` say what was missing."""

    title: str = ""
    body: str = ""
    date: _dt.date | None = None
    date_precision: str | None = None  # "year"/"month" for a date line such as "1991", "December 2012"
    bylines: Speakers = field(default_factory=Speakers)
    attributed: Speakers = field(default_factory=Speakers)
    warnings: list[str] = field(default_factory=list)


_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}\u00ad]")  # and soft hyphens
_SPACE_RUN = re.compile(r"\s+")


def one_line(text: str) -> str:
    """A title as one line of plain spaces: no-break and other Unicode spaces and line breaks
    become one space, zero-width characters and soft hyphens go (web copies are full of them)."""
    return _SPACE_RUN.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


def body_lines(text: str) -> list[str]:
    """Non-blank lines, stripped, whatever the line ends (LF, CRLF, CR)."""
    out = []
    for line in text.splitlines():
        line = line.strip().replace("\ufeff", "")
        if line:
            out.append(line)
    return out


def split_bylines(lines: list[str], rules: RuleSet) -> tuple[Speakers, int]:
    """Speakers named by the byline lines at the start of ``lines``, and how many lines they take."""
    found = Speakers()
    n = 0
    while n < min(len(lines), MAX_BYLINES):
        people = parse_byline(lines[n], rules)
        if not people:
            break
        found.extend(people)
        n += 1
    return found, n


def _closing_date(lines: list[str]) -> tuple[int, tuple[_dt.date, str | None]] | None:
    """The closing date line (with its precision): the last line, or one followed only by a few
    short note lines."""
    for back in range(1, min(len(lines), MAX_TRAILING_NOTES + 1) + 1):
        at = len(lines) - back
        d = parse_any_date_text(lines[at])
        if d is not None:
            return at, d
        if len(lines[at]) > MAX_NOTE_CHARS:
            return None
    return None


def parse_layout(text: str, rules: RuleSet | None = None, *, markdown: bool = False) -> Layout:
    """Split a statement's text into title, bylines, body and date."""
    rules = rules or default_rules()
    lines = body_lines(text)
    out = Layout()
    if not lines:
        out.warnings.append("empty file")
        return out
    lead_date = parse_date_text(lines[0]) if len(lines) > 1 else None
    if lead_date is not None:
        # Some exports put the date above the title: "03.12.2012" / title / body.
        lines = lines[1:]
    first = lines[0]
    if markdown:
        first = first.lstrip("#").strip() or first
    if len(first) <= MAX_TITLE_CHARS and not (len(first) > LONG_TITLE_CHARS and first.endswith((".", "!", "?", ";"))):
        out.title = one_line(first)
        rest = lines[1:]
    else:
        out.warnings.append("no title line (first line is a paragraph)")
        rest = lines
    # The date: last line, else a line right after the title, else the end of the title.
    if lead_date is not None:
        out.date = lead_date
    elif rest and _closing_date(rest) is not None:
        at, (out.date, out.date_precision) = _closing_date(rest)  # type: ignore[misc]
        rest = rest[:at] + rest[at + 1 :]
    elif rest and parse_date_text(rest[0]):
        out.date = parse_date_text(rest[0])
        rest = rest[1:]
    elif out.title:
        out.date = split_trailing_date(out.title)[1]
    if out.date is None:
        out.warnings.append(NO_DATE)
    out.bylines, n = split_bylines(rest, rules)
    rest = rest[n:]
    if rest:
        out.attributed = parse_attribution(rest[0], rules)
    out.body = "\n".join(rest)
    return out

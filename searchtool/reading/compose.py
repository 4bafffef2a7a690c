"""From what a format reader recovered to a :class:`~searchtool.record.Record`: one path for all formats.

A web page, a PDF, a Word file and a mail each yield a :class:`Document`: the body text in
paragraphs (one per line), plus whatever the format says of itself (a title in structured data,
a publication date, a URL, a language). :func:`record_from_document` then runs the statement
layout and the rules of :mod:`searchtool.reading.rules` on it exactly as on a ``.txt``, so a
byline at the top of a PDF or a date line at the end of a page give the same speaker and date.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from searchtool.languages import normalise_lang
from searchtool.reading.extract import Speakers, parse_byline, parse_people, speakers_from_title, type_from_text
from searchtool.reading.rules import RuleSet
from searchtool.reading.textfiles import NO_DATE, body_lines, one_line, parse_layout
from searchtool.reading.turns import label_speakers
from searchtool.record import Record


class Unreadable(ValueError):
    """A file that cannot be read as its format; the message is the skip reason the user sees."""


@dataclass
class Document:
    """What a format reader recovered from one document, before the statement rules run.

    ``title``/``date``/``url``/``lang`` come from the document's structured data and win over
    what the text's layout says; ``fallback_title``/``fallback_date`` (a PDF's Info dictionary,
    often "Microsoft Word - x.docx") are used only when the text yields none. ``lead`` lines (a
    page's byline element, outside its article) go before the body, where the byline rules read
    them. ``sender`` is an e-mail's From, a speaker only when the text names none.
    """

    text: str
    format: str
    title: str = ""
    date: _dt.date | None = None
    date_precision: str | None = None
    url: str | None = None
    lang: str | None = None
    lead: list[str] = field(default_factory=list)
    fallback_title: str = ""
    fallback_date: _dt.date | None = None
    sender: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    markdown: bool = False


@dataclass
class Part:
    """One document of a file: ``recno`` its place (None for a one-statement file), ``key`` what its
    id is made from (the recno, or "3/1" for the first attachment of message 3)."""

    recno: int | None
    key: int | str | None
    doc: Document


def _without_title_repeat(lines: list[str], title: str) -> list[str]:
    """The body lines without a repeat of the title at their top (the page's ``<h1>`` inside its article)."""
    key = one_line(title).casefold()
    while lines and one_line(lines[0]).casefold() == key:
        lines = lines[1:]
    return lines


def record_from_document(doc: Document, record_id: str, path: str, rules: RuleSet, recno: int | None = None) -> Record:
    """The record for ``doc``: layout (title, bylines, date line), speakers, type, as for a ``.txt``."""
    lines = body_lines(doc.text)
    if doc.title:
        lines = _without_title_repeat(lines, doc.title)
    lead = [line for line in doc.lead if parse_byline(one_line(line), rules)]
    text_lines = ([one_line(doc.title)] if doc.title else []) + [one_line(x) for x in lead] + lines
    layout = parse_layout("\n".join(text_lines), rules, markdown=doc.markdown)
    warnings = list(doc.warnings)
    title = layout.title or one_line(doc.fallback_title)
    date, precision = layout.date, layout.date_precision
    if doc.date is not None:
        date, precision = doc.date, doc.date_precision
    elif date is None and doc.fallback_date is not None:
        date, precision = doc.fallback_date, None
    warnings.extend(w for w in layout.warnings if not (w == NO_DATE and date is not None))
    if not layout.title and title:
        warnings = [w for w in warnings if not w.startswith("no title line")]
    speakers = Speakers()
    speakers.extend(layout.bylines)
    speakers.extend(speakers_from_title(title, rules))
    speakers.extend(layout.attributed)
    for name in label_speakers(layout.body, rules):
        speakers.add(name)
    if not speakers and doc.sender:
        speakers.extend(parse_byline(doc.sender, rules) or parse_people(doc.sender, rules))
    return Record(
        id=record_id,
        path=path,
        title=title,
        body=layout.body,
        date=date,
        date_precision=precision,
        speakers=list(speakers.names),
        posts=speakers.post_list(),
        type=type_from_text(title, rules) if title else "other",
        url=doc.url,
        fields=dict(doc.fields),
        warnings=warnings,
        recno=recno,
        lang=normalise_lang(doc.lang),  # "en-US", "ru-RU" -> the code the index filters by
        format=doc.format,
    )

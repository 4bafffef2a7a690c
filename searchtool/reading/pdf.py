"""PDF files -> :class:`Document`: text in reading order, in paragraphs, without page furniture.

pypdfium2 (PDFium) gives each page's text as positioned line segments in content order, which
is reading order for what word processors and report generators write, two-column pages
included (1.00 in-order word recall on a two-column UN-style PDF; 40 ms for a 14-page briefing
against 242 ms for pypdf and 622 ms for pdfminer.six: ../shared/design/capabilities.md A.3).
What every library leaves to the caller is done here, on the geometry:

* segments on one baseline are joined into a line; lines into paragraphs, a paragraph ending at
  a wider gap than the line spacing, a short line that ends a sentence, an indented first line,
  or a transcript label ("MR PRICE:", "QUESTION:") that starts the next line;
* a hyphen at a line end is undone (PDFium's soft-hyphen mark always; a plain hyphen when the
  next line goes on in lowercase and the document never writes the word with a hyphen);
* running headers and footers (a line in the top or bottom band that recurs, digits aside, on at
  least half the pages) and page numbers are dropped.

The document's Title and CreationDate are used only when the text has none (a PDF's title is
often "Microsoft Word - x.docx"). Pages are read one at a time and released, so memory stays
bounded whatever the file's size; the text kept is capped at :data:`MAX_TEXT_CHARS`.
"""

from __future__ import annotations

import datetime as _dt
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from searchtool.reading.compose import Document, Part, Unreadable

#: A page with less text than this is taken as an image of text.
MIN_PAGE_CHARS = 20
#: Text kept from one PDF (a statement is far smaller; a 300 MB report is cut with a warning).
MAX_TEXT_CHARS = 20_000_000
#: Share of the page height at the top and at the bottom where running headers and footers live.
BAND = 0.1
#: A header or footer recurs on at least this share of the pages (of two or more).
RECUR_SHARE = 0.5
#: A vertical gap this many times the usual line spacing starts a paragraph.
PARAGRAPH_GAP = 1.45
#: A line ending this far (share of the column width) before the column's right edge is short.
SHORT_LINE = 0.15
#: A first line indented by this much (points) or more starts a paragraph.
INDENT = 8.0
#: Lines set smaller than this share of the body's size, in the top or bottom band before or after
#: all the body text, are page furniture even on a one-page document.
SMALL_PRINT = 0.85
#: A column with fewer lines than this shows no right edge of its own.
FEW_LINES = 5
#: Consecutive lines whose heights differ by more than this share belong to different paragraphs.
SIZE_CHANGE = 0.15
#: A paragraph set this much larger than the body text, among the first few, is the title.
TITLE_SIZE = 1.15
HEADING_WITHIN = 5
MAX_TITLE_CHARS = 400

#: Transcript labels that start a turn: "MR PRICE:", "QUESTION:", "SECRETARY BLINKEN:", "Q:".
TURN_LABEL = re.compile(r"^(?:[A-Z][A-Z.'’ -]{0,40}[A-Z.]|Q|A):(?:\s|$)")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—\s]*\d{1,5}(?:\s*(?:/|of)\s*\d{1,5})?[-–—\s]*$", re.I)
_DIGITS = re.compile(r"\d+")
_SOFT_HYPHENS = ("\x02", "\ufffe", "\xad")
_JUNK_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled\b)|\.(?:docx?|pdf|rtf|odt|indd|txt)$", re.I)
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")


@dataclass
class Line:
    """A line of text on a page, with its box in PDF points (origin bottom left)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float = 0.0  # font size of its first character (a box's height varies with its glyphs)


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line]


def pdf_documents(path: Path) -> Iterator[Part]:
    """The reader's interface: one PDF, one document."""
    yield Part(None, None, pdf_document(path))


def pdf_document(source: Path | bytes) -> Document:
    """Read the PDF at ``source`` (a path, or the bytes of an attachment); :class:`Unreadable` for
    a damaged file or one without a text layer."""
    try:
        pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except pdfium.PdfiumError as err:
        raise Unreadable(f"unreadable PDF: {err}") from None
    warnings: list[str] = []
    try:
        meta = pdf.get_metadata_dict()
        pages: list[Page] = []
        chars = 0
        for index in range(len(pdf)):
            if chars > MAX_TEXT_CHARS:
                warnings.append(f"text cut after {index} of {len(pdf)} pages ({MAX_TEXT_CHARS:,} characters)")
                break
            page = _read_page(pdf, index)
            chars += sum(len(line.text) for line in page.lines)
            pages.append(page)
    finally:
        pdf.close()
    if not pages:
        raise Unreadable("PDF without pages")
    if chars < MIN_PAGE_CHARS * len(pages):
        raise Unreadable(f"no text layer: scanned? ({len(pages)} page{'s' if len(pages) != 1 else ''} of images; OCR it first, e.g. with ocrmypdf)")
    title = (meta.get("Title") or "").strip()
    paras = sized_paragraphs(pages)
    return Document(
        "\n".join(text for text, _h in paras),
        "pdf",
        title=heading(paras),
        fallback_title="" if _JUNK_TITLE.search(title) else title,
        fallback_date=_pdf_date(meta.get("CreationDate") or ""),
        warnings=warnings,
    )


def _read_page(pdf: "pdfium.PdfDocument", index: int) -> Page:
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            segments = _segments(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(width, height, join_segments(segments))


def _segments(textpage: "pdfium.PdfTextPage") -> list[Line]:
    """The page's text segments with their boxes and font sizes.

    PDFium gives the page's text with a line break between its rectangles; when the counts
    agree (no soft hyphen joined two lines) the text is split instead of asking for each box's
    text, which is 0.25 ms a call: 6x faster on a 3-page statement.
    """
    count = textpage.count_rects()
    boxes = [textpage.get_rect(i) for i in range(count)]
    whole = textpage.get_text_range()
    lines = whole.split("\r\n")
    out = []
    if len(lines) == count:
        offset = 0
        for (left, bottom, right, top), text in zip(boxes, lines):
            if text.strip():
                size = pdfium_c.FPDFText_GetFontSize(textpage.raw, offset)
                out.append(Line(left, bottom, right, top, text, size))
            offset += len(text) + 2
        return out
    for left, bottom, right, top in boxes:
        text = textpage.get_text_bounded(left, bottom, right, top)
        if text.strip():
            first = textpage.get_index(left + 0.5, (bottom + top) / 2, 2, 2)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, first) if first >= 0 else 0.0
            out.append(Line(left, bottom, right, top, text.replace("\r", " ").replace("\n", " "), size))
    return out


def join_segments(segments: list[Line]) -> list[Line]:
    """Segments on one baseline, next to each other, as one line (a bold label and its text)."""
    lines: list[Line] = []
    for seg in segments:
        last = lines[-1] if lines else None
        if last is not None:
            height = max(last.y1 - last.y0, seg.y1 - seg.y0, 1.0)
            same_row = abs(seg.y0 - last.y0) < 0.5 * height
            near = -1.0 <= seg.x0 - last.x1 < 2.5 * height
            if same_row and near:
                gap = " " if seg.x0 - last.x1 > 0.15 * height and not last.text.endswith(" ") else ""
                lines[-1] = Line(last.x0, min(last.y0, seg.y0), seg.x1, max(last.y1, seg.y1), last.text + gap + seg.text, last.size)
                continue
        lines.append(seg)
    return lines


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split())).casefold()


def _height(line: Line) -> float:
    return line.size or line.y1 - line.y0


def body_height(lines: list[Line], page_height: float = 0.0) -> float:
    """The line height of most of the text (by characters): the body's font size. Lines in the top
    and bottom bands are left out when the page's height is given (on a short page a running
    header could outweigh the text)."""
    sizes = Counter()
    for line in lines:
        if page_height and (line.y0 > page_height * (1 - BAND) or line.y1 < page_height * BAND):
            continue
        sizes[round(_height(line), 1)] += len(line.text)
    if not sizes and page_height:
        return body_height(lines)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _small_print(page: Page) -> set[int]:
    """Lines in small print above the page's first body line or below its last, in the top or
    bottom band: a letterhead or running header of a one-page document, a footer."""
    body = body_height(page.lines, page.height)
    regular = [i for i, line in enumerate(page.lines) if _height(line) >= SMALL_PRINT * body]
    if not regular:
        return set()
    first, last = regular[0], regular[-1]
    out = set()
    for i, line in enumerate(page.lines):
        small = _height(line) < SMALL_PRINT * body and len(line.text) <= 120
        if small and ((i < first and line.y0 > page.height * (1 - BAND)) or (i > last and line.y1 < page.height * BAND)):
            out.add(i)
    return out


def drop_furniture(pages: list[Page]) -> list[list[Line]]:
    """Each page's lines without running headers, footers and page numbers."""
    def in_band(page: Page, line: Line) -> bool:
        return line.y0 > page.height * (1 - BAND) or line.y1 < page.height * BAND

    recurring: set[str] = set()
    if len(pages) >= 2:
        counts = Counter()
        for page in pages:
            counts.update({_furniture_key(line.text) for line in page.lines if in_band(page, line)})
        recurring = {key for key, n in counts.items() if n >= max(2, RECUR_SHARE * len(pages))}
    out = []
    for page in pages:
        small = _small_print(page)
        out.append([
            line for i, line in enumerate(page.lines)
            if i not in small
            and not (in_band(page, line) and (_furniture_key(line.text) in recurring or _PAGE_NUMBER.match(line.text.strip())))
        ])
    return out


def paragraphs(pages: list[Page]) -> list[str]:
    """The text of ``pages`` as paragraphs, in reading order."""
    return [text for text, _height in sized_paragraphs(pages)]


def sized_paragraphs(pages: list[Page]) -> list[tuple[str, float]]:
    """The paragraphs of ``pages`` with the line height of each (its font size, near enough)."""
    kept = drop_furniture(pages)
    words = _hyphenated_words(kept)
    paras: list[tuple[str, float]] = []
    current: list[str] = []
    height = 0.0
    prev: Line | None = None
    prev_geo: PageGeometry | None = None
    for page, lines in zip(pages, kept):
        geo = PageGeometry(lines, page.width)
        for line in lines:
            if prev is not None and current and _starts_paragraph(prev, line, geo, prev_geo):
                paras.append((_join(current, words), height))
                current = []
            if not current:
                height = _height(line)
            current.append(" ".join(line.text.split()))
            prev = line
            prev_geo = geo
    if current:
        paras.append((_join(current, words), height))
    return [(text, h) for text, h in paras if text]


def heading(paras: list[tuple[str, float]]) -> str:
    """The title of a PDF: among its first paragraphs, one set larger than the body text, else ""."""
    if not paras:
        return ""
    sizes = Counter()
    for text, h in paras:
        sizes[round(h, 1)] += len(text)
    body = sizes.most_common(1)[0][0]
    for text, h in paras[:HEADING_WITHIN]:
        if h > TITLE_SIZE * body and len(text) <= MAX_TITLE_CHARS:
            return text
    return ""


def _line_spacing(lines: list[Line]) -> float:
    gaps = [a.y0 - b.y0 for a, b in zip(lines, lines[1:]) if 0 < a.y0 - b.y0 < 4 * max(a.y1 - a.y0, 1.0)]
    return statistics.median(gaps) if gaps else 0.0


class PageGeometry:
    """What paragraph breaking asks of a page, worked out once: its body text's size and line
    spacing, and the edges of the column a line sits in."""

    def __init__(self, lines: list[Line], width: float) -> None:
        self.lines = lines
        self.width = width
        self.spacing = _line_spacing(lines)
        self.body = body_height(lines)
        self._columns: dict[int, tuple[float, float]] = {}

    def column(self, line: Line) -> tuple[float, float]:
        """(left, right) of the lines that start near ``line`` (its column)."""
        key = round(line.x0)
        if key not in self._columns:
            column = [other for other in self.lines if abs(other.x0 - line.x0) <= 2 * INDENT]
            left = min((other.x0 for other in column), default=line.x0)
            right = max((other.x1 for other in column), default=line.x1)
            if len(column) < FEW_LINES:  # too few lines to see the column's edge: margins as wide as the left one
                right = max(right, self.width - left)
            self._columns[key] = (left, right)
        return self._columns[key]


def _starts_paragraph(prev: Line, line: Line, geo: PageGeometry, prev_geo: PageGeometry | None) -> bool:
    """Whether ``line`` starts a paragraph after ``prev`` (``prev_geo``: prev's page)."""
    if TURN_LABEL.match(line.text.lstrip()):
        return True
    ends_sentence = prev.text.rstrip().endswith((".", "?", "!", ":", "”", '"', ")"))
    left, right = (prev_geo or geo).column(prev)
    short = right - prev.x1 > SHORT_LINE * max(right - left, 1.0)
    drop = prev.y0 - line.y0
    if drop <= 0 or line.x0 > prev.x1 or prev_geo is not geo:
        return ends_sentence and short  # a new column or page: the paragraph goes on unless it ended
    tall = max(_height(prev), _height(line), 0.1)
    if abs(_height(prev) - _height(line)) > SIZE_CHANGE * tall:
        return True  # another font size: a heading and its text
    body = geo.body or tall
    # The gap rule holds for body text, whose spacing the page's median is; a heading set larger
    # has its own leading (a two-line title is one paragraph).
    if geo.spacing and abs(_height(line) - body) <= SIZE_CHANGE * body and drop > PARAGRAPH_GAP * geo.spacing:
        return True
    if line.x0 - left >= INDENT and prev.x0 - left < INDENT:
        return True  # an indented first line
    return ends_sentence and short


def _hyphenated_words(pages: list[list[Line]]) -> set[str]:
    """Words written with a hyphen inside a line somewhere in the document ("well-known")."""
    found = set()
    for lines in pages:
        for line in lines:
            for word in line.text.split():
                if "-" in word.strip("-"):
                    found.add(word.strip(".,;:()“”\"'").casefold())
    return found


def _join(lines: list[str], hyphenated: set[str]) -> str:
    """The lines of a paragraph as one line, hyphens at line ends undone (linear in its length: a
    report's paragraph may run over hundreds of pages)."""
    parts: list[str] = []
    for text in lines:
        text = text.strip()
        if not text:
            continue
        last = parts[-1] if parts else ""
        if not last:
            parts.append(text)
        elif last.endswith(_SOFT_HYPHENS):
            parts[-1] = last.rstrip("".join(_SOFT_HYPHENS))
            parts.append(text)
        elif last.endswith("-") and last[-2:-1].isalpha() and text[:1].islower():
            head = last.rsplit(" ", 1)[-1]
            tail = text.split(" ", 1)[0]
            word = (head + tail).strip(".,;:()“”\"'").casefold()
            if word not in hyphenated:
                parts[-1] = last[:-1]
            parts.append(text)
        else:
            parts.append(" " + text)
    return " ".join("".join(parts).replace("\x02", "").replace("\ufffe", "").split())


def _pdf_date(value: str) -> _dt.date | None:
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None

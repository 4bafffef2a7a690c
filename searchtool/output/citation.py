"""Citations written out: CSL-JSON (Zotero, pandoc ``--citeproc``), BibTeX, RIS, a Markdown
footnote (Chicago-like) and plain text (Harvard-like). One function per format in
:data:`WRITERS`; the access date is always written out, the quote only with ``--quote``.

CSL-JSON carries what no other format has room for, the reproducibility block (searchtool
version, index generation and run, query, statement id and anchor, the locator), under the
``custom`` key that CSL-JSON (schema 1.0.2) reserves for extensions. A locator is not item
data in CSL: it goes with each citation (pandoc ``[@key, para. 3]``), so the item keeps it
there and in ``archive_location`` (``path (ID#p3)``).
"""

from __future__ import annotations

import json

from searchtool.controls import neutralise
from searchtool.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    import datetime as _dt
    from typing import Any, TextIO

    from searchtool.searching.citation import Citation

FORMATS = ("csl-json", "bibtex", "ris", "md", "text")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def check_format(name: str) -> str:
    if name not in FORMATS:
        raise UsageError(f"unknown citation format {name!r}", hint="use one of: " + ", ".join(FORMATS))
    return name


def _parts(day: _dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def _long(day: _dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _us(day: _dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _name(a: dict[str, str], inverted: bool = True) -> str:
    if "literal" in a:
        return a["literal"]
    suffix = f", {a['suffix']}" if a.get("suffix") else ""
    return f"{a['family']}, {a['given']}{suffix}" if inverted else f"{a['given']} {a['family']}{suffix}"


def csl_item(c: Citation, quote: bool) -> dict[str, Any]:
    """One CSL-JSON item (csl-data.json schema), with the reproducibility block under ``custom``."""
    item: dict[str, Any] = {"id": c.key, "type": c.csl_type, "title": c.title}
    if c.authors:
        item["author"] = c.authors
    if c.issued:
        item["issued"] = _parts(c.issued)
    for key, value in (("publisher", c.publisher), ("event-place", c.place), ("publisher-place", c.place),
                       ("URL", c.fragment_url or c.url), ("genre", c.doc_type)):
        if value:
            item[key] = value
    item["accessed"] = _parts(c.accessed)
    item["archive"] = "searchtool index"
    item["archive_location"] = f"{c.path} ({c.id}{'#' + c.anchor if c.anchor else ''})"
    if quote and c.quote:
        item["note"] = c.quote
    item["custom"] = {"searchtool": {
        "version": c.version, "index_generation": c.generation, "index_run": c.run, "query": c.query,
        "id": c.id, "anchor": c.anchor, "locator": c.locator or None, "quote": c.quote or None,
    }}
    return item


def _bib_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "&%$#_":
            out.append("\\" + ch)
        elif ch in "{}":
            out.append("\\" + ch)
        elif ch == "\\":
            out.append("\\textbackslash{}")
        elif ch == "~":
            out.append("\\textasciitilde{}")
        elif ch == "^":
            out.append("\\textasciicircum{}")
        else:
            out.append(ch)
    return "".join(out)


def bibtex(c: Citation, quote: bool) -> str:
    """A BibTeX ``@misc`` entry (``@article`` for an article); offices in double braces so that
    BibTeX never splits them into names; ``urldate`` is the access date."""
    authors = " and ".join("{" + _bib_escape(a["literal"]) + "}" if "literal" in a else _bib_escape(_name(a))
                           for a in c.authors)
    fields: list[tuple[str, str]] = []
    if authors:
        fields.append(("author", authors))
    fields.append(("title", "{" + _bib_escape(c.title) + "}"))
    if c.issued:
        fields += [("year", str(c.issued.year)), ("month", str(c.issued.month)), ("date", c.issued.isoformat())]
    if c.publisher:
        fields.append(("journal" if c.csl_type == "article" else "organization", _bib_escape(c.publisher)))
    if c.place:
        fields.append(("address", _bib_escape(c.place)))
    url = c.fragment_url or c.url
    if url:
        # url is verbatim in biblatex; inside \\url{} in a plain BibTeX field % and # need escaping
        fields += [("url", url), ("howpublished", "\\url{" + url.replace("%", "\\%").replace("#", "\\#") + "}")]
    fields.append(("urldate", c.accessed.isoformat()))
    note = [c.doc_type.capitalize()] if c.doc_type != "other" else []
    if c.locator:
        note.append(c.locator)
    note.append(f"accessed {_us(c.accessed)}")
    note.append(f"searchtool id {c.id}{'#' + c.anchor if c.anchor else ''}")
    fields.append(("note", _bib_escape("; ".join(note))))
    if quote and c.quote:
        fields.append(("annote", _bib_escape(c.quote)))
    kind = "article" if c.csl_type == "article" else "misc"
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{c.key},\n{body}\n}}\n"


def ris(c: Citation, quote: bool) -> str:
    """An RIS record (``TY - GEN``, the kind of statement in ``M3``), ``Y2`` the access date."""
    lines = ["TY  - GEN", f"ID  - {c.key}", f"TI  - {c.title}"]
    lines += [f"AU  - {_name(a)}" for a in c.authors]
    if c.issued:
        lines += [f"PY  - {c.issued.year}", f"DA  - {c.issued.year}/{c.issued.month:02d}/{c.issued.day:02d}"]
    lines.append(f"M3  - {c.doc_type}")
    if c.publisher:
        lines.append(f"PB  - {c.publisher}")
    if c.place:
        lines.append(f"CY  - {c.place}")
    if c.fragment_url or c.url:
        lines.append(f"UR  - {c.fragment_url or c.url}")
    lines.append(f"Y2  - {c.accessed.year}/{c.accessed.month:02d}/{c.accessed.day:02d}")
    if c.locator:
        lines.append(f"SP  - {c.locator}")
    lines.append(f"N1  - searchtool id {c.id}{'#' + c.anchor if c.anchor else ''}; {c.path}")
    if quote and c.quote:
        lines.append(f"AB  - {' '.join(c.quote.split())}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def _people(c: Citation) -> str:
    names = [_name(a, inverted=False) for a in c.authors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def markdown(c: Citation, quote: bool) -> str:
    """A Chicago-like footnote, ``[^key]: ...``, after the quote when asked for."""
    bits = [b for b in (_people(c), f"“{c.title},”", c.doc_type if c.doc_type != "other" else "", c.publisher, c.place,
                        _us(c.issued) if c.issued else "n.d.") if b]
    if c.locator:
        bits.append(c.locator)
    url = c.fragment_url or c.url
    if url:
        bits.append(f"<{url}>")
    note = ", ".join(bits).replace(",”,", ",”") + f", accessed {_us(c.accessed)}."
    head = f"> {' '.join(c.quote.split())}[^{c.key}]\n\n" if quote and c.quote else ""
    return f"{head}[^{c.key}]: {note}\n"


def text(c: Citation, quote: bool) -> str:
    """Harvard-like: ``Price, N. (2022) ‘Title’. Publisher, 26 July 2022, para. 3. Available at: URL
    (Accessed: 7 December 2026).``"""
    def initials(a: dict[str, str]) -> str:
        if "literal" in a:
            return a["literal"]
        given = " ".join(p[0] + "." for p in a["given"].replace(".", ". ").split() if p[0].isalpha())
        return f"{a['family']}, {given}".rstrip(", ")

    who = " and ".join(initials(a) for a in c.authors) or c.publisher or "Anon."
    year = str(c.issued.year) if c.issued else "n.d."
    kind = c.doc_type.capitalize() if c.doc_type != "other" else ""
    details = [v for v in (kind, c.publisher, c.place, _long(c.issued) if c.issued else "") if v]
    out = f"{who} ({year}) ‘{c.title}’." + (" " + ", ".join(details) if details else "")
    if c.locator:
        out += f"{',' if details else ''} {c.locator}"
    out += "." if details or c.locator else ""
    url = c.fragment_url or c.url
    if url:
        out += f" Available at: {url}"
    out += f" (Accessed: {_long(c.accessed)})."
    if quote and c.quote:
        out = f"“{' '.join(c.quote.split())}”\n{out}"
    return out + "\n"


WRITERS = {"bibtex": bibtex, "ris": ris, "md": markdown, "text": text}


def write_citations(citations: list[Citation], fmt: str, out: TextIO, quote: bool = False) -> None:
    """``citations`` in format ``fmt``: CSL-JSON as one array (what pandoc and Zotero read),
    the others one entry after another, a blank line between."""
    check_format(fmt)
    if fmt == "csl-json":
        out.write(json.dumps([csl_item(c, quote) for c in citations], ensure_ascii=False, indent=2) + "\n")
        return
    out.write(neutralise("\n".join(WRITERS[fmt](c, quote) for c in citations)))

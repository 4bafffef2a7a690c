"""Search results as people and programs read them: Rich on a terminal, plain text when piped,
JSON with ``--json``.

Receives a finished :class:`~searchtool.searching.engine.SearchResult` (it never runs a search).
Matches are marked with the result's highlighter (``highlighter.parts(text)``) and each
fragment's own parts; plain output is written without importing Rich.
"""

from __future__ import annotations

import sys

from searchtool.controls import neutralise
from searchtool.output.terminal import (
    DIM_STYLE,
    META_STYLE,
    TITLE_STYLE,
    console,
    marked,
    rich_text,
)
from searchtool.dates import format_date
from searchtool.output.duplicates import duplicate_json
from searchtool.output.text import record_path, write_json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, TextIO

    from searchtool.searching.request import Hit, SearchResult


# -- JSON -------------------------------------------------------------------------------------


def hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "rank": hit.rank,
        "id": hit.id,
        "score": None if hit.score is None else round(hit.score, 4),
        "title": hit.title,
        "date": format_date(hit.date, hit.date_precision) if hit.date else None,
        "speakers": list(hit.speakers),
        "type": hit.type,
        "path": hit.path,
        "url": hit.url,
        "snippet": hit.snippet,
        "duplicates": [duplicate_json(d) for d in hit.duplicates],
    }


def result_json(result: SearchResult) -> dict[str, Any]:
    """The ``--json`` document: stable keys, plain-text snippets (``facets`` only when asked)."""
    doc: dict[str, Any] = {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "limit": result.limit,
        "hits": [hit_json(h) for h in result.hits],
    }
    if result.facets:
        doc["facets"] = {name: [{"value": v, "count": c} for v, c in counts] for name, counts in result.facets.items()}
    return doc


# -- text -------------------------------------------------------------------------------------


def _meta_line(hit: Hit) -> str:
    bits = [format_date(hit.date, hit.date_precision) if hit.date else "undated"]
    if hit.speakers:
        bits.append(", ".join(hit.speakers))
    if hit.type:
        bits.append(hit.type)
    if hit.score is not None:
        bits.append(f"score {hit.score:.2f}")
    return " · ".join(bits)


def header_line(result: SearchResult) -> str:
    shown = len(result.hits)
    noun = "statement" if result.total == 1 else "statements"
    if result.total == 0:
        return f"No statements match ({result.elapsed_ms:.0f} ms)"
    first = (result.page - 1) * result.limit + 1
    span = f"{shown}" if result.page == 1 else f"{first}-{first + shown - 1}" if shown else "none"
    return f"{span} of {result.total} {noun} ({result.elapsed_ms:.0f} ms)"


def _where(hit: Hit) -> str:
    path = record_path(hit.path, hit.recno)
    return f"searchtool show {hit.id}" + (f"   {path}" if path else "")


def duplicate_lines(hit: Hit) -> list[str]:
    """``(+1 identical: title · date · id)`` for the statements folded under ``hit``."""
    lines = []
    for kind in ("identical", "near"):
        dups = [d for d in hit.duplicates if d.kind == kind]
        if not dups:
            continue
        what = "identical" if kind == "identical" else "near-identical"
        listed = "; ".join(
            f"{d.title or '(untitled)'} · {d.date.isoformat() if d.date else 'undated'} · {d.id}"
            + ("" if kind == "identical" else f" · {d.similarity:.2f}")
            for d in dups
        )
        lines.append(f"(+{len(dups)} {what}: {listed})")
    return lines


def _label(hit: Hit) -> str:
    return hit.label or hit.title or "(untitled)"


def notes(result: SearchResult) -> list[str]:
    """What the search did that the reader should know (a fallback, a common word), and any
    spelling suggestions, as sentences."""
    lines = []
    for note in result.notes or []:
        lines.append(note[0].upper() + note[1:] + ("" if note.endswith(".") else "."))
    if result.suggestions:
        lines.append("Did you mean: " + " | ".join(f'"{s}"' for s in result.suggestions) + " ?")
    return lines


def write_plain(result: SearchResult, out: TextIO) -> None:
    """Results as plain text (no escape codes): what a pipe or a file gets."""
    lines = [header_line(result)]
    lines.extend(notes(result))
    for hit in result.hits:
        lines.append("")
        lines.append(f"{hit.rank:>3}. {_label(hit)}")
        lines.append(f"     {_meta_line(hit)}")
        for frag in hit.fragments:
            lines.append(f"     {frag.plain()}")
        lines.append(f"     {_where(hit)}")
        lines.extend(f"     {line}" for line in duplicate_lines(hit))
    lines.extend(_facet_lines(result))
    out.write(neutralise("\n".join(lines)) + "\n")


def _facet_lines(result: SearchResult) -> list[str]:
    lines = []
    for name, counts in (result.facets or {}).items():
        lines.append("")
        lines.append(f"By {name}:")
        for value, count in counts:
            lines.append(f"  {count:>6}  {value}")
    return lines


def write_rich(result: SearchResult, out: TextIO) -> None:
    """Results for a terminal: header, then per hit title, metadata, highlighted fragments."""
    from rich.padding import Padding  # start-up: Rich ~23 ms, only when colour is on
    from rich.text import Text  # start-up: as above

    term = console(out, True)
    term.print(Text(header_line(result), style="bold green" if result.total else "bold red"))
    for line in notes(result):
        term.print(Text(line, style="yellow"))
    for hit in result.hits:
        term.print()
        title = Text(f"{hit.rank:>3}. ", style=TITLE_STYLE)
        title.append_text(rich_text(marked(result.highlighter, _label(hit)), TITLE_STYLE))
        term.print(title)
        term.print(Padding(Text(_meta_line(hit), style=META_STYLE), (0, 0, 0, 5), expand=False))
        for frag in hit.fragments:
            line = Text()
            if frag.leading:
                line.append("… ", style=DIM_STYLE)
            line.append_text(rich_text(frag.parts))
            if frag.trailing:
                line.append(" …", style=DIM_STYLE)
            term.print(Padding(line, (0, 0, 0, 5), expand=False))  # wrapped lines keep the indent
        term.print(Padding(Text(_where(hit), style=DIM_STYLE), (0, 0, 0, 5), expand=False))
        for line in duplicate_lines(hit):
            term.print(Padding(Text(line, style=META_STYLE), (0, 0, 0, 5), expand=False))
    for line in _facet_lines(result):
        term.print(Text(line, style="bold" if line.startswith("By ") else ""))


def write_result(result: SearchResult, out: TextIO, color: bool) -> None:
    (write_rich if color else write_plain)(result, out)


def print_result(result: SearchResult, out: TextIO, *, as_json: bool, color: bool, err: TextIO | None = None,
                 timeline: Any = None) -> None:
    """Print ``result`` on ``out``: JSON (its notes then go to ``err``, as ``searchtool: ...``
    lines, so that the document stays the only thing on ``out``), Rich with ``color``, else
    plain text. ``timeline`` (``search --timeline``): the matches over time, as a sparkline
    above the hits, or the ``timeline --json`` document under the key ``timeline``."""
    if timeline is not None:
        # start-up: the timeline's rendering, only with --timeline
        from searchtool.output.timeline import timeline_json, write_sparkline
    if as_json:
        doc = result_json(result)
        if timeline is not None:
            doc["timeline"] = timeline_json(timeline)
        write_json(doc, out)
        err = err or sys.stderr
        for line in notes(result):
            err.write(f"searchtool: {line}\n")
    else:
        if timeline is not None:
            write_sparkline(timeline, out, color)
        write_result(result, out, color)
    out.flush()

"""Search results as people and programs read them: ANSI colours on a terminal, plain text
when piped, JSON with ``--json``.

Receives a finished :class:`~searchtool.searching.engine.SearchResult` (it never runs a search).
Matches are marked with the result's highlighter (``highlighter.parts(text)``) and each
fragment's own parts. Neither output imports Rich: coloured results are written as escape
sequences by :mod:`searchtool.output.ansi` (Rich's rendering cost ~55 ms and its import ~30 ms
of a ~110 ms search).
"""

from __future__ import annotations

import sys

from searchtool.controls import neutralise
from searchtool.dates import format_date
from searchtool.output.ansi import Painter, sgr
from searchtool.output.terminal import (
    DIM_STYLE,
    MATCH_STYLE,
    META_STYLE,
    TITLE_STYLE,
    marked,
)
from searchtool.output.duplicates import duplicate_json
from searchtool.output.text import record_path, write_json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, TextIO

    from searchtool.searching.request import Hit, SearchResult

#: The terminal styles of results as SGR parameters (a title's matches are bold and marked).
STYLES = {
    "title": sgr(TITLE_STYLE),
    "match": sgr(MATCH_STYLE),
    "title_match": sgr(f"{TITLE_STYLE} {MATCH_STYLE}"),
    "meta": sgr(META_STYLE),
    "dim": sgr(DIM_STYLE),
}
HEADER_STYLE = sgr("bold green")
NOTHING_STYLE = sgr("bold red")
NOTE_STYLE = sgr("yellow")
FACET_STYLE = sgr("bold")
#: Blanks before a hit's metadata, fragments and source (under the title after ``  1. ``).
INDENT = 5


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
        "lang": hit.lang,
        "path": hit.path,
        "url": hit.url,
        "snippet": hit.snippet,
        "duplicates": [duplicate_json(d) for d in hit.duplicates],
        **({"turn": dict(hit.turn)} if hit.turn is not None else {}),
        **({"people": list(hit.people)} if hit.people is not None else {}),
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


def turn_locator(turn: dict[str, Any]) -> str:
    """Where a passage is: ``MR PRICE · turn 42 · ¶118``."""
    who = turn.get("label") or turn.get("speaker") or "(unlabelled)"
    return f"{who} · turn {turn['n']} · ¶{turn.get('paragraph', turn['paragraphs'][0])}"


def _meta_line(hit: Hit) -> str:
    bits = [format_date(hit.date, hit.date_precision) if hit.date else "undated"]
    if hit.turn is not None:
        bits.insert(0, turn_locator(hit.turn))
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
    if result.hits and result.hits[0].turn is not None:
        noun = "passage" if result.total == 1 else "passages"
    if result.total == 0:
        return f"No statements match ({result.elapsed_ms:.0f} ms)"
    first = (result.page - 1) * result.limit + 1
    span = f"{shown}" if result.page == 1 else f"{first}-{first + shown - 1}" if shown else "none"
    return f"{span} of {result.total} {noun} ({result.elapsed_ms:.0f} ms)"


def _where(hit: Hit) -> str:
    path = record_path(hit.path, hit.recno)
    anchor = f"#t{hit.turn['n']}" if hit.turn is not None and hit.turn.get("label") else ""
    return f"searchtool show {hit.id}{anchor}" + (f"   {path}" if path else "")


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


def write_color(result: SearchResult, out: TextIO, painter: Painter | None = None) -> None:
    """Results for a terminal: header, then per hit title, metadata, highlighted fragments, in
    ANSI colours, each hit written at once. Wrapped lines keep their indent, as they did when
    Rich rendered them (``painter`` says the width and whether escape codes are wanted)."""
    paint = painter or Painter()
    header = HEADER_STYLE if result.total else NOTHING_STYLE
    head = paint.lines([(header_line(result), header)])
    for line in notes(result):
        head += paint.lines([(line, NOTE_STYLE)])
    out.write(head)
    title, match, title_match = STYLES["title"], STYLES["match"], STYLES["title_match"]
    for hit in result.hits:
        runs = [(f"{hit.rank:>3}. ", title)]
        runs.extend((chunk, title_match if is_match else title) for chunk, is_match in marked(result.highlighter, _label(hit)))
        text = "\n" + paint.lines(runs) + paint.lines([(_meta_line(hit), STYLES["meta"])], INDENT)
        for frag in hit.fragments:
            runs = [("… ", STYLES["dim"])] if frag.leading else []
            runs.extend((chunk, match if is_match else "") for chunk, is_match in frag.parts)
            if frag.trailing:
                runs.append((" …", STYLES["dim"]))
            text += paint.lines(runs, INDENT)
        text += paint.lines([(_where(hit), STYLES["dim"])], INDENT)
        for line in duplicate_lines(hit):
            text += paint.lines([(line, STYLES["meta"])], INDENT)
        out.write(text)
    tail = ""
    for line in _facet_lines(result):
        tail += paint.lines([(line, FACET_STYLE if line.startswith("By ") else "")])
    if tail:
        out.write(tail)


def write_result(result: SearchResult, out: TextIO, color: bool) -> None:
    (write_color if color else write_plain)(result, out)


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

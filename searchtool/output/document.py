"""One whole statement (``searchtool show``): JSON, plain text, or Rich through the pager.

Receives a :class:`~searchtool.searching.engine.Statement` that the engine has already read
(the index is closed by then, so a slow pager holds nothing open); the query's matches are
marked with the statement's highlighter, when it has one.
"""

from __future__ import annotations

import io
import sys

from searchtool.anchors import KINDS
from searchtool.controls import neutralise
from searchtool.output.terminal import (
    LABEL_STYLE,
    META_STYLE,
    TITLE_STYLE,
    console,
    marked,
    page,
    rich_text,
)
from searchtool.output.ansi import console_width
from searchtool.dates import format_date
from searchtool.output.text import record_path, with_posts, write_json
from searchtool.paragraphs import paragraphs

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, TextIO

    from searchtool.searching.engine import Statement


def statement_json(statement: Statement) -> dict[str, Any]:
    """``show --json``: the record's own values (an untitled record keeps an empty title)."""
    stored = statement.stored
    return {
        "id": stored.get("id", ""),
        "title": stored.get("title") or "",
        "date": format_date(statement.date, stored.get("date_precision")) if statement.date else None,
        "speakers": list(stored.get("speakers") or []),
        "posts": list(stored.get("posts") or []),
        "type": stored.get("type") or "",
        "lang": stored.get("lang"),
        "path": stored.get("path") or "",
        "url": stored.get("url"),
        "fields": dict(stored.get("fields") or {}),
        "body": statement.body,
        "turns": [t.to_json() for t in statement.turns],
        **({"anchor": _anchor_json(statement.anchor)} if statement.anchor else {}),
    }


def _anchor_json(anchor: tuple) -> dict[str, Any]:
    kind, n, first, last = anchor
    return {"kind": kind, "n": n, "paragraphs": [first, last]}


def _anchor_ref(anchor: dict[str, Any] | None) -> str:
    """``#t42`` or ``#p118``: the anchor as written after an id (empty without one)."""
    if not anchor:
        return ""
    letter = next(letter for letter, kind in KINDS.items() if kind == anchor["kind"])
    return f"#{letter}{anchor['n']}"


def _opening(statement: Statement) -> tuple[str, str]:
    """The line that says where the statement is opened (``ID#t42``/``#p118``), and the body
    from there on; ``("", body)`` without an anchor."""
    body = statement.body
    if not statement.anchor:
        return "", body
    kind, n, first, last = statement.anchor
    where = f"paragraph {n}"
    if kind == "turn":
        turn = next(t for t in statement.turns if t.n == n)
        where = f"turn {n} · {turn.label or turn.speaker or '(unlabelled)'}"
    span = f"¶{first}" if first == last else f"¶{first}-{last}"
    before = f" (¶1-{first - 1} above)" if first > 1 else ""
    return f"[{where} · {span}{before}]", "\n".join(paragraphs(body)[first - 1 :])


def _label_spans(statement: Statement, text: str) -> list[tuple[int, int]]:
    """Where the turn labels of ``text`` (the body, or its end from an anchor) are."""
    labels = {t.label for t in statement.turns if t.label}
    spans = []
    pos = 0
    for para in text.split("\n"):
        for label in labels:
            if para.startswith(label):
                spans.append((pos, pos + len(label)))
                break
        pos += len(para) + 1
    return spans


def header_rows(doc: dict[str, Any], recno: int | None = None) -> list[tuple[str, str]]:
    """Core fields as ``name: value`` rows, then the record's own metadata fields, indented
    under ``fields:`` so that a field named like a core one (a JSON ``path``) is not mistaken
    for it."""
    rows = [("id", doc["id"] + _anchor_ref(doc.get("anchor"))), ("date", doc["date"] or "undated")]
    if doc["speakers"]:
        rows.append(("speakers", "; ".join(with_posts(doc["speakers"], doc["posts"]))))
    elif any(doc["posts"]):
        rows.append(("posts", "; ".join(p for p in doc["posts"] if p)))
    rows.append(("type", doc["type"]))
    if doc.get("lang"):
        rows.append(("lang", doc["lang"]))
    if doc["path"]:
        rows.append(("path", record_path(doc["path"], recno)))
    if doc["url"]:
        rows.append(("url", doc["url"]))
    if doc["fields"]:
        rows.append(("fields", ""))
        for key, value in sorted(doc["fields"].items(), key=lambda kv: str(kv[0])):
            rows.append((f"  {key}", str(value)))
    return rows


def _header_lines(doc: dict[str, Any], recno: int | None) -> list[tuple[str, str]]:
    return [(f"{k}:", v) if not v else (f"{k}: ", v) for k, v in header_rows(doc, recno)]


def _heading(doc: dict[str, Any], statement: Statement) -> str:
    return doc["title"] or statement.label or "(untitled)"


def write_statement_plain(statement: Statement, out: TextIO) -> None:
    """The heading, the metadata rows and the whole body, without escape codes."""
    doc = statement_json(statement)
    lines = [_heading(doc, statement), ""]
    lines.extend(f"{k}{v}" for k, v in _header_lines(doc, statement.recno))
    lines.append("")
    opening, body = _opening(statement)
    if opening:
        lines.append(opening)
    lines.append(body)
    out.write(neutralise("\n".join(lines).rstrip("\n")) + "\n")


def write_statement_rich(statement: Statement, out: TextIO, pager: bool) -> None:
    """The statement in colour, the query's matches marked; through the pager when ``pager``."""
    from rich.text import Text  # start-up: Rich ~23 ms, only when colour is on

    doc = statement_json(statement)
    highlighter = statement.highlighter
    target = io.StringIO() if pager else out
    term = console(target, True)
    if pager:  # the width search results wrap to: $COLUMNS, else the terminal's (one rule everywhere)
        term.width = console_width()
    term.print(rich_text(marked(highlighter, _heading(doc, statement)), TITLE_STYLE))
    term.print()
    for key, value in _header_lines(doc, statement.recno):
        line = Text(key, style=META_STYLE)
        line.append(value)
        term.print(line)
    term.print()
    opening, body = _opening(statement)
    if opening:
        term.print(Text(opening, style=META_STYLE))
    text = rich_text(marked(highlighter, body))
    for start, end in _label_spans(statement, body):
        text.stylize(LABEL_STYLE, start, end)  # turn labels coloured
    term.print(text)
    if pager:
        page(target.getvalue(), out)


def print_statement(statement: Statement, out: TextIO | None = None, *, as_json: bool, color: bool, pager: bool) -> None:
    """Print ``statement`` on ``out``: JSON, Rich with ``color`` (paged when ``pager``), else
    plain text."""
    out = out or sys.stdout
    if as_json:
        write_json(statement_json(statement), out)
    elif not color:
        write_statement_plain(statement, out)
    else:
        write_statement_rich(statement, out, pager)
    out.flush()

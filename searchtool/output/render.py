"""Show search results: Rich on a terminal, plain text when piped, JSON for programs.

Plain output is written without importing Rich at all (it is most of the start-up cost of a
piped search); Rich is imported only when colour is on. Colour follows ``--color``: ``always``
and ``never`` are obeyed as given; ``auto`` means a terminal and no ``NO_COLOR`` in the
environment (https://no-color.org).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, TextIO

COLOR_CHOICES = ("auto", "always", "never")

#: Styles of the terminal output.
MATCH_STYLE = "bold black on yellow"
TITLE_STYLE = "bold"
META_STYLE = "cyan"
DIM_STYLE = "dim"


def use_color(choice: str, stream: TextIO | None = None) -> bool:
    """Whether to colour output written to ``stream`` under ``--color choice``."""
    from searchtool.errors import UsageError

    if choice not in COLOR_CHOICES:
        raise UsageError(f"unknown --color {choice!r}", hint="use auto, always or never")
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- JSON -------------------------------------------------------------------------------------


def hit_json(hit) -> dict[str, Any]:
    return {
        "rank": hit.rank,
        "id": hit.id,
        "score": None if hit.score is None else round(hit.score, 4),
        "title": hit.title,
        "date": hit.date.isoformat() if hit.date else None,
        "speakers": list(hit.speakers),
        "type": hit.type,
        "path": hit.path,
        "url": hit.url,
        "snippet": hit.snippet,
    }


def result_json(result) -> dict[str, Any]:
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


def write_json(doc: dict[str, Any], out: TextIO) -> None:
    import json

    out.write(json.dumps(doc, ensure_ascii=False, indent=2))
    out.write("\n")


# -- text -------------------------------------------------------------------------------------


def _meta_line(hit) -> str:
    bits = [hit.date.isoformat() if hit.date else "undated"]
    if hit.speakers:
        bits.append(", ".join(hit.speakers))
    if hit.type:
        bits.append(hit.type)
    if hit.score is not None:
        bits.append(f"score {hit.score:.2f}")
    return " · ".join(bits)


def header_line(result) -> str:
    shown = len(result.hits)
    noun = "statement" if result.total == 1 else "statements"
    if result.total == 0:
        return f"No statements match ({result.elapsed_ms:.0f} ms)"
    first = (result.page - 1) * result.limit + 1
    span = f"{shown}" if result.page == 1 else f"{first}-{first + shown - 1}" if shown else "none"
    return f"{span} of {result.total} {noun} ({result.elapsed_ms:.0f} ms)"


def _where(hit) -> str:
    path = hit.path if getattr(hit, "recno", None) is None else f"{hit.path}#{hit.recno}"
    return f"searchtool show {hit.id}" + (f"   {path}" if path else "")


def _label(hit) -> str:
    return getattr(hit, "label", "") or hit.title or "(untitled)"


def _notes(result) -> list[str]:
    lines = []
    for note in getattr(result, "notes", []) or []:
        lines.append(note[0].upper() + note[1:] + ("" if note.endswith(".") else "."))
    if result.suggestions:
        lines.append("Did you mean: " + " | ".join(f'"{s}"' for s in result.suggestions) + " ?")
    return lines


def write_plain(result, out: TextIO) -> None:
    """Results as plain text (no escape codes): what a pipe or a file gets."""
    lines = [header_line(result)]
    lines.extend(_notes(result))
    for hit in result.hits:
        lines.append("")
        lines.append(f"{hit.rank:>3}. {_label(hit)}")
        lines.append(f"     {_meta_line(hit)}")
        for frag in hit.fragments:
            text = ("… " if frag.leading else "") + frag.text + (" …" if frag.trailing else "")
            lines.append(f"     {text}")
        lines.append(f"     {_where(hit)}")
    lines.extend(_facet_lines(result))
    out.write("\n".join(lines) + "\n")


def _facet_lines(result) -> list[str]:
    lines = []
    for name, counts in (result.facets or {}).items():
        lines.append("")
        lines.append(f"By {name}:")
        for value, count in counts:
            lines.append(f"  {count:>6}  {value}")
    return lines


def _rich_text(parts, base_style: str = ""):
    from rich.text import Text

    text = Text(style=base_style)
    for chunk, is_match in parts:
        text.append(chunk, style=MATCH_STYLE if is_match else None)
    return text


def _console(out: TextIO, color: bool):
    from rich.console import Console

    return Console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=False)


def write_rich(result, out: TextIO) -> None:
    """Results for a terminal: header, then per hit title, metadata, highlighted fragments."""
    from rich.padding import Padding
    from rich.text import Text

    from searchtool.searching.highlight import highlight_parts

    console = _console(out, True)
    console.print(Text(header_line(result), style="bold green" if result.total else "bold red"))
    for line in _notes(result):
        console.print(Text(line, style="yellow"))
    hl = result.highlighter
    for hit in result.hits:
        console.print()
        title = Text(f"{hit.rank:>3}. ", style=TITLE_STYLE)
        title.append_text(_rich_text(highlight_parts(hl, _label(hit)), TITLE_STYLE))
        console.print(title)
        console.print(Padding(Text(_meta_line(hit), style=META_STYLE), (0, 0, 0, 5), expand=False))
        for frag in hit.fragments:
            line = Text()
            if frag.leading:
                line.append("… ", style=DIM_STYLE)
            line.append_text(_rich_text(frag.parts))
            if frag.trailing:
                line.append(" …", style=DIM_STYLE)
            console.print(Padding(line, (0, 0, 0, 5), expand=False))  # wrapped lines keep the indent
        console.print(Padding(Text(_where(hit), style=DIM_STYLE), (0, 0, 0, 5), expand=False))
    for line in _facet_lines(result):
        console.print(Text(line, style="bold" if line.startswith("By ") else ""))


def write_result(result, out: TextIO, color: bool) -> None:
    (write_rich if color else write_plain)(result, out)


# -- one statement (``show``) -----------------------------------------------------------------


def document_json(stored: dict[str, Any], body: str, docnum_date) -> dict[str, Any]:
    """``show --json``: the record's own values (an untitled record keeps an empty title)."""
    return {
        "id": stored.get("id", ""),
        "title": stored.get("title") or "",
        "date": docnum_date.isoformat() if docnum_date else None,
        "speakers": list(stored.get("speakers") or []),
        "posts": list(stored.get("posts") or []),
        "type": stored.get("type") or "",
        "path": stored.get("path") or "",
        "url": stored.get("url"),
        "fields": dict(stored.get("fields") or {}),
        "body": body,
    }


def _with_posts(speakers: list[str], posts: list[str]) -> list[str]:
    """"Name (Post)" for each speaker: ``posts[i]`` is the post of ``speakers[i]``, "" if unknown."""
    out = []
    for i, name in enumerate(speakers):
        post = posts[i] if i < len(posts) else ""
        out.append(f"{name} ({post})" if post else name)
    return out


def _document_header(doc: dict[str, Any], recno: int | None = None) -> list[tuple[str, str]]:
    """Core fields as ``name: value`` rows, then the record's own metadata fields, indented
    under ``fields:`` so that a field named like a core one (a JSON ``path``) is not mistaken
    for it."""
    rows = [("id", doc["id"]), ("date", doc["date"] or "undated")]
    if doc["speakers"]:
        rows.append(("speakers", "; ".join(_with_posts(doc["speakers"], doc["posts"]))))
    elif any(doc["posts"]):
        rows.append(("posts", "; ".join(p for p in doc["posts"] if p)))
    rows.append(("type", doc["type"]))
    if doc["path"]:
        rows.append(("path", doc["path"] if recno is None else f"{doc['path']}#{recno}"))
    if doc["url"]:
        rows.append(("url", doc["url"]))
    if doc["fields"]:
        rows.append(("fields", ""))
        for key, value in sorted(doc["fields"].items(), key=lambda kv: str(kv[0])):
            rows.append((f"  {key}", str(value)))
    return rows


def _header_lines(doc: dict[str, Any], recno: int | None) -> list[tuple[str, str]]:
    return [(f"{k}:", v) if not v else (f"{k}: ", v) for k, v in _document_header(doc, recno)]


def write_document_plain(doc: dict[str, Any], out: TextIO, label: str = "", recno: int | None = None) -> None:
    lines = [doc["title"] or label or "(untitled)", ""]
    lines.extend(f"{k}{v}" for k, v in _header_lines(doc, recno))
    lines.append("")
    lines.append(doc["body"])
    out.write("\n".join(lines).rstrip("\n") + "\n")


def write_document_rich(
    doc: dict[str, Any], highlighter, out: TextIO, pager: bool, label: str = "", recno: int | None = None
) -> None:
    import io

    from rich.text import Text

    from searchtool.searching.highlight import highlight_parts

    target = io.StringIO() if pager else out
    console = _console(target, True)
    if pager:
        console.width = _terminal_width(out)
    console.print(_rich_text(highlight_parts(highlighter, doc["title"] or label or "(untitled)"), TITLE_STYLE))
    console.print()
    for key, value in _header_lines(doc, recno):
        line = Text(key, style=META_STYLE)
        line.append(value)
        console.print(line)
    console.print()
    console.print(_rich_text(highlight_parts(highlighter, doc["body"])))
    if pager:
        page(target.getvalue(), out)


def _terminal_width(out: TextIO) -> int:
    import shutil

    try:
        columns = os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = shutil.get_terminal_size().columns
    return columns if columns >= 20 else 80  # a pseudo-terminal may report 0 columns


def page(text: str, out: TextIO) -> None:
    """Show ``text`` through ``$PAGER`` (default ``less``, with ``LESS=FRX`` unless set), or
    write it to ``out`` when no pager can start or the pager fails: a broken pager setting
    must not make the statement disappear."""
    import shlex
    import shutil
    import subprocess

    command = os.environ.get("PAGER", "less" if shutil.which("less") else "")
    try:
        program = shlex.split(command)[0] if command.strip() else ""
    except ValueError:
        program = ""
    if program and shutil.which(program):
        env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
        try:
            done = subprocess.run(command, shell=True, input=text.encode("utf-8", "replace"), env=env)
            if done.returncode == 0:
                return
        except OSError:
            pass
    out.write(text)


# -- the commands' whole job, shared by the Typer commands and the fast entry path ----------


def print_search(index_dir, request, *, json_output: bool = False, color: str = "auto", out: TextIO | None = None) -> int:
    """Run ``request`` on the index in ``index_dir``, print it; the exit code (0 hits, 1 none)."""
    from searchtool.errors import EXIT_NO_MATCH, EXIT_OK
    from searchtool.searching.engine import search

    out = out or sys.stdout
    colored = use_color(color, out)
    result = search(index_dir, request)
    if json_output:
        write_json(result_json(result), out)
        for line in _notes(result):
            sys.stderr.write(f"searchtool: {line}\n")
    else:
        write_result(result, out, colored)
    out.flush()
    return EXIT_OK if result.total else EXIT_NO_MATCH


def print_document(
    index_dir,
    ident: str,
    *,
    query: str | None = None,
    json_output: bool = False,
    color: str = "auto",
    pager: bool = True,
    out: TextIO | None = None,
) -> int:
    """Print one whole statement (id or unambiguous id prefix), ``query``'s matches marked."""
    from searchtool.dates import from_int
    from searchtool.searching.engine import Engine

    out = out or sys.stdout
    colored = use_color(color, out)
    from searchtool.searching.engine import record_label

    with Engine(index_dir) as engine:
        docnum = engine.find_doc(ident)
        stored, body = engine.document(docnum)
        date_value = stored.get("date")
        doc = document_json(stored, body, from_int(date_value))
        label, recno = record_label(stored, body), stored.get("recno")
        parsed = engine.parse(query, any_mode=True) if query else None  # a bad query is an error here too
        if json_output:
            write_json(doc, out)
        elif not colored:
            write_document_plain(doc, out, label, recno)
        else:
            highlighter = None
            if parsed is not None:
                from searchtool.searching.highlight import Highlighter

                highlighter = Highlighter(parsed.query, engine.schema, engine.searcher.reader())
            is_tty = getattr(out, "isatty", lambda: False)()
            write_document_rich(doc, highlighter, out, pager=pager and is_tty, label=label, recno=recno)
    out.flush()
    return 0

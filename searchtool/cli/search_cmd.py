"""``searchtool search`` and ``searchtool show``: thin faces on :mod:`searchtool.search`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from searchtool.cli.common import command, resolve_index_dir
from searchtool.errors import EXIT_NO_MATCH, EXIT_OK

_QUERY_HELP = (
    'Words (all must match), "exact phrases", OR, NOT/-word, +word, (groups), prefix*, word~, '
    'word^2, fields like title:, speaker:lavrov, type:comment, country:RUS, date:2012-12, date:>=2013, '
    'date:[2012-01-01 TO 2012-06-30], "date:last year". See docs/search.md.'
)


@command("search")
def search_command(
    query: List[str] = typer.Argument(None, help=_QUERY_HELP, show_default=False),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only statements by this speaker (any part of the name)."),
    type_: Optional[str] = typer.Option(None, "--type", help="Only statements of this type (comment, press release, ...)."),
    since: Optional[str] = typer.Option(None, "--since", help="Only statements on or after DATE (2012, 2012-12-03, 'last year', -30d)."),
    until: Optional[str] = typer.Option(None, "--until", help="Only statements on or before DATE (same forms as --since)."),
    sort: str = typer.Option("relevance", "--sort", help="relevance, date (oldest first) or -date (newest first)."),
    limit: int = typer.Option(10, "--limit", "-n", help="Hits per page."),
    page: int = typer.Option(1, "--page", help="Page of hits to show."),
    any_: bool = typer.Option(False, "--any", help="Match any of the words (ranked OR) instead of all of them."),
    index: Optional[Path] = typer.Option(None, "--index", help="Index folder (default: $SEARCHTOOL_INDEX or ./index)."),
    json_: bool = typer.Option(False, "--json", help="Print one JSON document instead of text."),
    facet: Optional[List[str]] = typer.Option(None, "--facet", help="Count matching statements by speaker, type or year (repeatable)."),
    color: str = typer.Option("auto", "--color", help="Colour: auto (terminal and no NO_COLOR), always or never."),
) -> None:
    """Search the index: best-matching statements first, with highlighted passages."""
    from searchtool.render import result_json, use_color, write_json, write_result
    from searchtool.search import SearchRequest, search

    colored = use_color(color)
    request = SearchRequest(
        query=" ".join(query or []),
        speaker=speaker,
        type=type_,
        since=since,
        until=until,
        sort=sort,
        limit=limit,
        page=page,
        any=any_,
        facets=tuple(_split_facets(facet)),
    )
    result = search(resolve_index_dir(index), request)
    if json_:
        write_json(result_json(result), sys.stdout)
        for line in _stderr_notes(result):
            sys.stderr.write(f"searchtool: {line}\n")
    else:
        write_result(result, sys.stdout, colored)
    raise typer.Exit(EXIT_OK if result.total else EXIT_NO_MATCH)


def _split_facets(values: Optional[List[str]]) -> List[str]:
    out: List[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _stderr_notes(result) -> List[str]:
    from searchtool.render import _notes

    return _notes(result)


@command("show")
def show_command(
    ident: str = typer.Argument(..., metavar="ID", help="The statement's id (an unambiguous prefix is enough)."),
    query: Optional[str] = typer.Option(None, "--query", "-q", help="Highlight this query's matches."),
    index: Optional[Path] = typer.Option(None, "--index", help="Index folder (default: $SEARCHTOOL_INDEX or ./index)."),
    json_: bool = typer.Option(False, "--json", help="Print the statement as one JSON document."),
    color: str = typer.Option("auto", "--color", help="Colour: auto, always or never."),
    pager: bool = typer.Option(True, "--pager/--no-pager", help="Page long output on a terminal."),
) -> None:
    """Show one whole statement with its metadata, the query's matches highlighted."""
    from searchtool.datequery import from_int
    from searchtool.render import document_json, use_color, write_document_plain, write_document_rich, write_json
    from searchtool.search import Engine

    colored = use_color(color)
    with Engine(resolve_index_dir(index)) as engine:
        docnum = engine.find_doc(ident)
        stored, body = engine.document(docnum)
        date_value = stored.get("date")
        doc = document_json(stored, body, from_int(date_value) if isinstance(date_value, int) else None)
        if json_:
            write_json(doc, sys.stdout)
            return
        if not colored:
            write_document_plain(doc, sys.stdout)
            return
        highlighter = None
        if query:
            from searchtool.highlight import Highlighter

            parsed = engine.parse(query, any_mode=True)
            highlighter = Highlighter(parsed.query, engine.schema, engine.searcher.reader())
        write_document_rich(doc, highlighter, sys.stdout, pager=pager and sys.stdout.isatty())

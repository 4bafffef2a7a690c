"""``searchtool search`` and ``searchtool show``: thin faces on :mod:`searchtool.output.render`.

The same two commands are also parsed without Typer by the fast entry path in
:mod:`searchtool.cli` (start-up time); a test keeps the two option sets identical.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperCommand

from searchtool.cli import query_words_last
from searchtool.cli.common import command, resolve_index_dir


class SearchCommand(TyperCommand):
    """``search``: an unknown ``-word`` is query text (``NATO -Russia``), as on the fast path;
    a bad option or value is one ``searchtool: error:`` line, like every other error."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        value_options: set[str] = set()
        flag_options: set[str] = set(ctx.help_option_names)
        for param in self.get_params(ctx):
            if param.param_type_name == "option":
                names = [*param.opts, *param.secondary_opts]
                (flag_options if param.is_flag else value_options).update(names)
        try:
            return super().parse_args(ctx, query_words_last(args, value_options, flag_options))
        except Exception as err:  # Click's usage errors (bad value, unknown option): one line
            if not hasattr(err, "format_message") or getattr(err, "exit_code", 0) != 2:
                raise
            sys.stderr.write(f"searchtool: error: {err.format_message()} (see: searchtool search --help)\n")
            raise typer.Exit(2) from None

QUERY_HELP = (
    'Words (all must match), "exact phrases", OR, NOT/-word, +word, (groups), prefix*, word~, '
    "word^2, fields like title:, speaker:lavrov, type:comment, country:RUS, date:2012-12, date:>=2013, "
    'date:[2012-01-01 TO 2012-06-30], "date:last year". See docs/search.md.'
)


@command("search", cls=SearchCommand)
def search_command(
    query: List[str] = typer.Argument(None, help=QUERY_HELP, show_default=False),
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
    from searchtool.output.render import print_search
    from searchtool.searching.engine import SearchRequest, split_facets

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
        facets=split_facets(facet),
    )
    raise typer.Exit(print_search(resolve_index_dir(index), request, json_output=json_, color=color))


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
    from searchtool.output.render import print_document

    raise typer.Exit(
        print_document(resolve_index_dir(index), ident, query=query, json_output=json_, color=color, pager=pager)
    )

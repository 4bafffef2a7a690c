"""``searchtool search`` and ``searchtool show`` through Typer: their ``--help``, and whatever
the fast path leaves to Typer (an unknown option, a bad value).

Each parameter takes its names, default and help from :mod:`searchtool.cli.options`, the table
the fast path parses with, and each body is the one the fast path runs
(:mod:`searchtool.cli.run`).
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperCommand

from searchtool.cli.args import query_words_last
from searchtool.cli.common import command
from searchtool.cli.guard import say_error
from searchtool.cli.options import SEARCH, SHOW, CommandOptions
from searchtool.cli.run import run_search, run_show


class SearchCommand(TyperCommand):
    """``search`` (and the other commands that take a query): an unknown ``-word`` is query text (``NATO -Russia``), as on the fast path;
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
            say_error(f"{err.format_message()} (see: searchtool {ctx.info_name} --help)")
            raise typer.Exit(2) from None


def _option(spec: CommandOptions, dest: str):
    """The Typer option of the table's option ``dest``."""
    option = spec.option(dest)
    names = list(option.names)
    if option.negation:
        names[0] = f"{names[0]}/{option.negation}"
    return typer.Option(option.default, *names, help=option.help)


@command("search", cls=SearchCommand)
def search_command(
    query: List[str] = typer.Argument(None, help=SEARCH.argument.help, show_default=False),
    speaker: Optional[str] = _option(SEARCH, "speaker"),
    type_: Optional[str] = _option(SEARCH, "type_"),
    lang: Optional[str] = _option(SEARCH, "lang"),
    since: Optional[str] = _option(SEARCH, "since"),
    until: Optional[str] = _option(SEARCH, "until"),
    sort: str = _option(SEARCH, "sort"),
    limit: int = _option(SEARCH, "limit"),
    page: int = _option(SEARCH, "page"),
    any_: bool = _option(SEARCH, "any_"),
    index: Optional[Path] = _option(SEARCH, "index"),
    json_: bool = _option(SEARCH, "json_"),
    facet: Optional[List[str]] = _option(SEARCH, "facet"),
    passages: bool = _option(SEARCH, "passages"),
    color: str = _option(SEARCH, "color"),
    timeline: bool = _option(SEARCH, "timeline"),
    new: bool = _option(SEARCH, "new"),
    collapse: bool = _option(SEARCH, "collapse"),
    cite: Optional[str] = _option(SEARCH, "cite"),
) -> None:
    """Search the index: best-matching statements first, with highlighted passages."""
    raise typer.Exit(run_search(dict(locals())))  # the parameters, named as the fast path names them


@command("show")
def show_command(
    ident: str = typer.Argument(..., metavar=SHOW.argument.metavar, help=SHOW.argument.help),
    query: Optional[str] = _option(SHOW, "query"),
    index: Optional[Path] = _option(SHOW, "index"),
    json_: bool = _option(SHOW, "json_"),
    color: str = _option(SHOW, "color"),
    pager: bool = _option(SHOW, "pager"),
) -> None:
    """Show one whole statement with its metadata, the query's matches highlighted."""
    raise typer.Exit(run_show(dict(locals())))  # the parameters, named as the fast path names them

"""``searchtool watch add|list|rm|run``: saved searches that report what later ``index`` runs add."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from searchtool.cli.args import resolve_index_dir
from searchtool.cli.common import app, command
from searchtool.errors import EXIT_NO_MATCH, EXIT_OK
from searchtool.output.watches import write_watch_list, write_watch_reports

watch_app = typer.Typer(help="Saved searches: what is new in the index since each last ran.", no_args_is_help=True)
app.add_typer(watch_app, name="watch")

INDEX = typer.Option(None, "--index", "-i", help="Index folder [default: $SEARCHTOOL_INDEX or ./index].")


@command("add", on=watch_app)
def watch_add(
    name: str = typer.Argument(..., help="What to call it (letters, digits, '.', '_', '-')."),
    query: List[str] = typer.Argument(..., help="The query, as for searchtool search."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only statements by this speaker."),
    type_: Optional[str] = typer.Option(None, "--type", help="Only statements of this type."),
    since: Optional[str] = typer.Option(None, "--since", help="Only statements dated on or after DATE."),
    until: Optional[str] = typer.Option(None, "--until", help="Only statements dated on or before DATE."),
    any_: bool = typer.Option(False, "--any", help="Match any of the words."),
    replace: bool = typer.Option(False, "--replace", help="Replace a saved search of that name."),
    index: Optional[Path] = INDEX,
) -> None:
    """Save a search; `watch run` then lists the statements indexed after this moment."""
    from searchtool.searching.request import SearchRequest  # start-up: the engine and Whoosh, only here
    from searchtool.searching.watches import add_watch  # start-up: as above

    request = SearchRequest(" ".join(query), speaker=speaker, type=type_, since=since, until=until, any=any_)
    watch = add_watch(resolve_index_dir(index), name, request, replace=replace)
    sys.stdout.write(f"saved {watch.name}: reports statements indexed after run {watch.seen_run}\n")


@command("list", on=watch_app)
def watch_list(
    index: Optional[Path] = INDEX,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """List the saved searches."""
    from searchtool.searching.watches import load_watches  # start-up: the engine and Whoosh, only here

    watches = load_watches(resolve_index_dir(index))
    write_watch_list([watches[n] for n in sorted(watches)], sys.stdout, as_json)


@command("rm", on=watch_app)
def watch_rm(name: str = typer.Argument(..., help="The saved search to remove."), index: Optional[Path] = INDEX) -> None:
    """Remove a saved search."""
    from searchtool.searching.watches import remove_watch  # start-up: the engine and Whoosh, only here

    remove_watch(resolve_index_dir(index), name)
    sys.stdout.write(f"removed {name}\n")


@command("run", on=watch_app)
def watch_run(
    name: Optional[str] = typer.Argument(None, help="Only this saved search (default: all)."),
    index: Optional[Path] = INDEX,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    peek: bool = typer.Option(False, "--peek", help="Report without marking the statements seen."),
) -> None:
    """Statements first indexed since each saved search last ran, and changed ones apart.
    Exit 0 when there is something new or changed, 1 when not (as grep)."""
    from searchtool.searching.watches import run_watches  # start-up: the engine and Whoosh, only here

    reports = run_watches(resolve_index_dir(index), name, mark=not peek)
    write_watch_reports(reports, sys.stdout, as_json)
    raise typer.Exit(EXIT_OK if any(r.new or r.changed for r in reports) else EXIT_NO_MATCH)

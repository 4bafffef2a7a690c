"""``searchtool people [suggest|check]``: the people registry against the index."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from searchtool.cli.args import resolve_index_dir
from searchtool.cli.common import command
from searchtool.cli.options import INDEX_HELP
from searchtool.errors import EXIT_NO_MATCH, EXIT_OK, UsageError

ACTIONS = ("list", "suggest", "check")


@command("people")
def people_command(
    action: str = typer.Argument("list", help="list (persons with counts and dates), suggest (clusters to register) or check."),
    index: Optional[Path] = typer.Option(None, "--index", help=INDEX_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    limit: int = typer.Option(20, "--limit", "-n", help="Most clusters `suggest` proposes."),
) -> None:
    """Persons of the people registry (searchtool-people.json) in the index: counts, first and last
    dates; `suggest` proposes entries for names written several ways; `check` reports problems."""
    from searchtool.output.people import write_people, write_problems, write_suggestions  # start-up: only this command
    from searchtool.searching.people_report import check_people, list_people, suggest_people  # start-up: Whoosh, as above

    if action not in ACTIONS:
        raise UsageError(f"unknown people action {action!r}", hint="use list, suggest or check")
    if limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {limit}")
    index_dir = resolve_index_dir(index)
    out = sys.stdout
    if action == "list":
        rows = list_people(index_dir)
        write_people(rows, out, as_json)
        raise typer.Exit(EXIT_OK if rows else EXIT_NO_MATCH)
    if action == "suggest":
        clusters = suggest_people(index_dir, limit)
        write_suggestions(clusters, out, as_json)
        raise typer.Exit(EXIT_OK if clusters else EXIT_NO_MATCH)
    problems = check_people(index_dir)
    write_problems(problems, out, as_json)
    raise typer.Exit(EXIT_NO_MATCH if problems else EXIT_OK)

"""``searchtool parse PATH...``: show what the reader makes of files, before anything is indexed."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from searchtool.cli.common import command


@command("parse")
def parse(
    paths: List[Path] = typer.Argument(..., help="Files or folders of statements (.txt, .md, .jsonl[.gz], .json)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per record (JSON Lines); summary on stderr."),
) -> None:
    """Read statements and print each record's metadata, then a summary of files, records, warnings, skips."""
    from searchtool.output.records import run_parse

    raise typer.Exit(run_parse(paths, as_json=as_json))

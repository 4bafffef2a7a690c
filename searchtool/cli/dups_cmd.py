"""``searchtool dups`` (duplicate clusters) and ``searchtool reuse`` (where a passage was used)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from searchtool.cli.args import resolve_index_dir
from searchtool.cli.common import command
from searchtool.output.duplicates import write_clusters, write_reuse

INDEX = typer.Option(None, "--index", "-i", help="Index folder [default: $SEARCHTOOL_INDEX or ./index].")


@command("dups")
def dups(
    threshold: float = typer.Option(0.8, "--threshold", "-t", help="Estimated Jaccard similarity from which statements are near duplicates (0-1]."),
    index: Optional[Path] = INDEX,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """List the clusters of exact and near-duplicate statements, the earliest of each first."""
    from searchtool.searching.duplicates import find_clusters  # start-up: the engine and Whoosh, only here

    clusters = find_clusters(resolve_index_dir(index), threshold)
    write_clusters(clusters, threshold, sys.stdout, as_json)


@command("reuse")
def reuse(
    ref: Optional[str] = typer.Argument(None, metavar="ID#pN", help="A paragraph (ID#pN) or a whole statement (ID).", show_default=False),
    text: Optional[str] = typer.Option(None, "--text", help="Look for this passage instead of a paragraph."),
    min_words: int = typer.Option(10, "--min-words", help="Words in a shared run (5-100)."),
    index: Optional[Path] = INDEX,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Where a passage was used: the first use (date, speaker), the later ones, boilerplate flagged.
    Exit 1 when no other statement shares it."""
    from searchtool.searching.reuse import find_reuse  # start-up: the engine and Whoosh, only here

    found = find_reuse(resolve_index_dir(index), ref, text, min_words)
    write_reuse(found, sys.stdout, as_json)
    raise typer.Exit(0 if any(not u.source for u in found.uses) else 1)

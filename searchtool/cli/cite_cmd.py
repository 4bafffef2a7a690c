"""``searchtool cite ID[#pN]``: a reference to a statement or one of its paragraphs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from searchtool.cli.args import resolve_index_dir
from searchtool.cli.common import command
from searchtool.output.citation import FORMATS, check_format, write_citations


@command("cite")
def cite_command(
    ref: str = typer.Argument(..., metavar="ID[#pN]", help="A statement (ID) or its paragraph N (ID#pN)."),
    fmt: str = typer.Option("csl-json", "--format", "-f", help="One of: " + ", ".join(FORMATS) + "."),
    quote: bool = typer.Option(False, "--quote", help="Include the cited paragraph, exactly as stored."),
    index: Optional[Path] = typer.Option(None, "--index", "-i", help="Index folder [default: $SEARCHTOOL_INDEX or ./index]."),
) -> None:
    """Cite a statement or a paragraph: CSL-JSON (Zotero, pandoc), BibTeX, RIS, Markdown footnote or text."""
    from searchtool.searching.citation import cite  # start-up: the engine and Whoosh, only here

    check_format(fmt)
    write_citations([cite(resolve_index_dir(index), ref)], fmt, sys.stdout, quote=quote)

"""``searchtool parse PATH...``: show what the reader makes of files, before anything is indexed."""

from __future__ import annotations

from pathlib import Path
from typing import IO, List, Sequence

import typer

from searchtool.cli.common import command
from searchtool.errors import EXIT_OK
from searchtool.output.records import RecordPrinter


@command("parse")
def parse(
    paths: List[Path] = typer.Argument(..., help="Files or folders of statements (.txt, .md, .jsonl[.gz], .json, .html, .mhtml, .pdf, .docx, .odt, .eml, .mbox)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per record (JSON Lines); summary on stderr."),
    follow_links: bool = typer.Option(False, "--follow-links", help="Read files that links point at outside the folders given."),
) -> None:
    """Read statements and print each record's metadata, then a summary of files, records, warnings, skips."""
    raise typer.Exit(run_parse(paths, as_json=as_json, follow_links=follow_links))


def run_parse(
    paths: Sequence[str | Path], *, as_json: bool = False, out: IO[str] | None = None, err: IO[str] | None = None,
    follow_links: bool = False,
) -> int:
    """Print the records under ``paths`` as they are read, then the read's problems and summary;
    the exit code. Raises when nothing was readable."""
    # start-up: the reader ~30 ms, not needed for --help or the other commands
    from searchtool.reading.reader import read_paths
    from searchtool.reading.report import ReadReport  # start-up: as above

    report = ReadReport()
    printer = RecordPrinter(out, err, as_json=as_json)
    for rec in read_paths(paths, report, follow_links):
        printer.record(rec)
    if report.records == 0:
        from searchtool.reading.report import nothing_readable  # start-up: as above

        raise nothing_readable(paths, report.skipped)
    printer.finish(report.summary(), _problem_lines(report))
    return EXIT_OK


def _problem_lines(report) -> list[str]:
    """Each warning as ``path:line: message``, each skip as ``path: skipped: reason``."""
    from searchtool.reading.report import describe_problem  # start-up: as above

    return [describe_problem(w) for w in report.warnings] + [
        describe_problem((path, f"skipped: {why}")) for path, why in report.skipped
    ]

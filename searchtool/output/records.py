"""What ``searchtool parse`` prints: each record's metadata, then a summary of the read.

Kept out of the CLI module so that it is testable without a terminal: Rich formatting when the
output is a terminal, plain lines when it is piped, JSON Lines with ``--json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Sequence

from searchtool.chars import replace_surrogates
from searchtool.errors import EXIT_OK, SearchtoolError
from searchtool.reading.reader import ReadReport, read_paths
from searchtool.record import Record

#: Warnings and skips listed one by one before "... and N more".
MAX_LISTED = 20


def _who(rec: Record) -> str:
    if not rec.speakers:
        return "-"
    if len(rec.posts) == len(rec.speakers):
        return "; ".join(f"{n} ({p})" if p else n for n, p in zip(rec.speakers, rec.posts))
    return "; ".join(rec.speakers) + (f"  [posts: {'; '.join(rec.posts)}]" if rec.posts else "")


def plain_lines(rec: Record) -> list[str]:
    """The plain-text block for one record."""
    data = rec.to_json()
    lines = [f"{data['path']}  [{rec.id}]"]
    lines.append(f"  title:    {rec.title or '-'}")
    lines.append(f"  date:     {data['date'] or '-'}    type: {rec.type}    chars: {data['chars']}")
    lines.append(f"  speakers: {_who(rec)}")
    if rec.url:
        lines.append(f"  url:      {rec.url}")
    if rec.fields:
        shown = "; ".join(f"{k}={_short(v)}" for k, v in rec.fields.items())
        lines.append(f"  fields:   {shown}")
    for w in rec.warnings:
        lines.append(f"  warning:  {w}")
    return lines


def _short(value: str, limit: int = 80) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _problems(report: ReadReport) -> list[str]:
    lines = [f"{p}:{line}: {msg}" if line else f"{p}: {msg}" for p, line, msg in report.warnings]
    lines += [f"{p}: skipped: {why}" for p, why in report.skipped]
    if len(lines) > MAX_LISTED:
        lines = lines[:MAX_LISTED] + [f"... and {len(lines) - MAX_LISTED} more"]
    return lines


def run_parse(
    paths: Sequence[str | Path],
    *,
    as_json: bool = False,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """Print the records under ``paths``; returns the exit code, raises when nothing was readable."""
    out = out or sys.stdout
    err = err or sys.stderr
    report = ReadReport()
    fancy = not as_json and hasattr(out, "isatty") and out.isatty()
    console = None
    if fancy:
        from rich.console import Console

        console = Console(file=out, highlight=False)
    for rec in read_paths(paths, report):
        if as_json:
            out.write(replace_surrogates(json.dumps(rec.to_json(), ensure_ascii=False)) + "\n")
        elif console is not None:
            _rich_record(console, rec)
        else:
            out.write(replace_surrogates("\n".join(plain_lines(rec))) + "\n\n")
    problems = _problems(report)
    summary = report.summary()
    if report.records == 0:
        reasons = sorted({why for _, why in report.skipped})
        detail = f" ({'; '.join(reasons[:3])})" if reasons else ""
        raise SearchtoolError(
            f"nothing readable in {', '.join(str(p) for p in paths)}: {len(report.skipped)} file(s) skipped{detail}"
        )
    if as_json:
        for line in problems:
            err.write(replace_surrogates(line) + "\n")
        err.write(summary + "\n")
    else:
        for line in problems:
            err.write(replace_surrogates(line) + "\n")
        if console is not None:
            console.print(f"[bold]{summary}[/bold]")
        else:
            out.write(summary + "\n")
    return EXIT_OK


def _rich_record(console, rec: Record) -> None:
    from rich.markup import escape

    data = rec.to_json()
    console.print(f"[bold cyan]{escape(rec.title or '(no title)')}[/bold cyan]")
    console.print(f"  [dim]{escape(replace_surrogates(data['path']))}  [{rec.id}][/dim]")
    console.print(
        f"  [green]{data['date'] or 'no date'}[/green]  [magenta]{rec.type}[/magenta]  "
        f"{escape(_who(rec))}  [dim]{data['chars']} chars[/dim]"
    )
    if rec.url:
        console.print(f"  [blue]{escape(rec.url)}[/blue]")
    if rec.fields:
        console.print("  [dim]" + escape("; ".join(f"{k}={_short(v)}" for k, v in rec.fields.items())) + "[/dim]")
    for w in rec.warnings:
        console.print(f"  [yellow]warning:[/yellow] {escape(w)}")
    console.print()

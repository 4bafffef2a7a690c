"""What ``searchtool parse`` prints: each record's metadata as it is read, then the read's
problems and summary.

Rich formatting when the output is a terminal, plain lines when it is piped, JSON Lines with
``--json``. A :class:`RecordPrinter` receives records one by one (it never reads a file), so a
big collection prints as it goes.
"""

from __future__ import annotations

import json
import sys
from typing import IO, TYPE_CHECKING

from searchtool.chars import replace_surrogates
from searchtool.controls import neutralise
from searchtool.output.terminal import is_terminal, safe_console
from searchtool.output.text import with_posts

if TYPE_CHECKING:
    from searchtool.record import Record

#: Warnings and skips listed one by one before "... and N more".
MAX_LISTED = 20


def _who(rec: Record) -> str:
    if not rec.speakers:
        return "-"
    if len(rec.posts) == len(rec.speakers):
        return "; ".join(with_posts(rec.speakers, rec.posts))
    return "; ".join(rec.speakers) + (f"  [posts: {'; '.join(rec.posts)}]" if rec.posts else "")


def _short(value: str, limit: int = 80) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def plain_lines(rec: Record) -> list[str]:
    """The plain-text block for one record."""
    data = rec.to_json()
    lines = [f"{data['path']}  [{rec.id}]"]
    lines.append(f"  title:    {rec.title or '-'}")
    lines.append(f"  date:     {data['date'] or '-'}    type: {rec.type}    chars: {data['chars']}")
    lines.append(f"  speakers: {_who(rec)}")
    if rec.url:
        lines.append(f"  url:      {rec.url}")
    if rec.lang:
        lines.append(f"  lang:     {rec.lang}")
    if rec.fields:
        shown = "; ".join(f"{k}={_short(v)}" for k, v in rec.fields.items())
        lines.append(f"  fields:   {shown}")
    for w in rec.warnings:
        lines.append(f"  warning:  {w}")
    return lines


def listed(lines: list[str], limit: int = MAX_LISTED) -> list[str]:
    """The first ``limit`` problem lines, then how many more there are."""
    if len(lines) > limit:
        return lines[:limit] + [f"... and {len(lines) - limit} more"]
    return lines


class RecordPrinter:
    """Prints records on ``out`` as they come (:meth:`record`), then the problems and the
    summary (:meth:`finish`): JSON Lines with ``as_json`` (problems and summary on ``err``),
    Rich on a terminal, else plain lines."""

    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None, *, as_json: bool = False):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.as_json = as_json
        self.console = None
        if not as_json and is_terminal(self.out):
            self.console = safe_console(file=self.out, highlight=False)

    def record(self, rec: Record) -> None:
        if self.as_json:
            self.out.write(replace_surrogates(json.dumps(rec.to_json(), ensure_ascii=False)) + "\n")
        elif self.console is not None:
            _rich_record(self.console, rec)
        else:
            self.out.write(neutralise("\n".join(plain_lines(rec))) + "\n\n")

    def finish(self, summary: str, problems: list[str]) -> None:
        """``problems``: one formatted line per warning or skip (``path:line: message``), listed
        up to :data:`MAX_LISTED`; ``summary``: the read's one-line summary."""
        for line in listed(problems):
            self.err.write(neutralise(line) + "\n")
        if self.as_json:
            self.err.write(summary + "\n")
        elif self.console is not None:
            self.console.print(f"[bold]{summary}[/bold]")
        else:
            self.out.write(summary + "\n")


def _rich_record(console, rec: Record) -> None:
    from rich.markup import escape  # start-up: Rich ~23 ms, only on a terminal

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

"""What ``searchtool index`` shows while it works and when it is done: the progress bar, and
the end-of-run report (notes, skipped files, the summary table, the final line).

A Rich progress bar (files, statements, MB/s, ETA) only when stderr is a terminal; nothing while
working when piped or ``--quiet``. The bar is refreshed from the indexing loop itself (no refresh
thread), so worker processes can be forked safely while it is shown.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, TYPE_CHECKING, Any

from searchtool.controls import neutralise
from searchtool.output.progress import Throttle, rich_bar
from searchtool.output.terminal import is_terminal, safe_console
from searchtool.output.text import human_size

if TYPE_CHECKING:
    from searchtool.indexing.summary import IndexSummary

MB = 1_000_000


class RichProgress:
    """A Rich progress bar on ``stream`` (stderr), refreshed at most 10 times a second.

    What the indexer reports to (``start``, ``advance``, ``stop``: the calls of its
    ``Progress``); it never asks for more, so the bar needs nothing from the indexer.
    """

    def __init__(self, stream: IO[str] | None = None, force_terminal: bool | None = None):
        from rich.progress import (  # start-up: Rich ~23 ms, only when the bar is shown
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = rich_bar(
            stream or sys.stderr,
            force_terminal,
            TextColumn("indexing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TextColumn("{task.fields[records]:,} statements"),
            TextColumn("{task.fields[rate]:.1f} MB/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
        )
        self.task = None
        self.records = 0
        self.nbytes = 0
        self.t0 = 0.0
        self.throttle = Throttle()

    def start(self, files: int, nbytes: int) -> None:
        self.t0 = time.monotonic()
        self.bar.start()
        self.task = self.bar.add_task("index", total=files, records=0, rate=0.0)
        self.bar.refresh()

    def advance(self, files: int, records: int, nbytes: int) -> None:
        self.records += records
        self.nbytes += nbytes
        rate = self.nbytes / MB / max(time.monotonic() - self.t0, 1e-6)
        self.bar.update(self.task, advance=files, records=self.records, rate=rate)
        if self.throttle.due():
            self.bar.refresh()

    def stop(self) -> None:
        if self.task is not None:
            self.bar.stop()


def final_line(s: IndexSummary) -> str:
    """The one line every run ends with (and the only one when piped or --quiet)."""
    if s.noop:
        return (
            f"{s.index_dir} is up to date: {_n(s.unchanged, 'file')} unchanged, "
            f"{_n(s.records_total, 'statement')} ({s.seconds:.2f} s)"
        )
    verb = "rebuilt" if s.rebuilt else "updated"
    return (
        f"{s.index_dir} {verb}: {s.added:,} added, {s.updated:,} updated, {s.removed:,} removed, "
        f"{s.unchanged:,} unchanged, {len(s.skipped):,} skipped; {_n(s.records_total, 'statement')}, "
        f"{human_size(s.index_bytes)}, {s.seconds:.1f} s{s.formats_text}"
    )


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def summary_table(s: IndexSummary) -> Any:
    """The end-of-run table: files by outcome, statements, problems, time and size."""
    from rich.table import Table  # start-up: Rich ~23 ms, only on a terminal

    table = Table(title=None, show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("")
    table.add_column("files", justify="right")
    table.add_column("statements", justify="right")
    table.add_row("added", f"{s.added:,}", f"+{s.records_added:,}" if s.records_added else "")
    table.add_row("updated", f"{s.updated:,}", "")
    table.add_row("removed", f"{s.removed:,}", f"-{s.records_removed:,}" if s.records_removed else "")
    table.add_row("unchanged", f"{s.unchanged:,}", "")
    table.add_row("skipped", f"{len(s.skipped):,}", "")
    table.add_row("warnings", "", f"{len(s.warnings):,}")
    table.add_row("in index", "", f"{s.records_total:,}")
    table.add_row("time", f"{s.seconds:.1f} s", "")
    table.add_row("index size", human_size(s.index_bytes), "")
    return table


def skip_reasons(s: IndexSummary, limit: int = 10) -> list[str]:
    """The first skipped files and errors with their reasons, and how many more there are."""
    lines = [f"skipped {item}" for item in s.skipped[:limit]]
    if len(s.skipped) > limit:
        lines.append(f"... and {len(s.skipped) - limit} more skipped")
    lines.extend(f"error {e}" for e in s.errors[:limit])
    return lines


def print_summary(s: IndexSummary, out: IO[str], err: IO[str], *, quiet: bool, as_json: bool) -> None:
    """The end of an indexing run: the summary as JSON; or its notes, then on a terminal the
    skipped files and the table (unless ``quiet`` or nothing changed), then the final line."""
    if as_json:
        out.write(json.dumps(s.to_json()) + "\n")
        return
    terminal = is_terminal(out)
    for note in s.notes:  # rare and important (an automatic rebuild): on stderr when piped
        (out if terminal else err).write(f"note: {neutralise(note)}\n")
    if not quiet and not s.noop and terminal:
        term = safe_console(file=out, highlight=False)
        for line in skip_reasons(s):
            term.print(line, markup=False)
        term.print(summary_table(s))
    out.write(neutralise(final_line(s)) + "\n")

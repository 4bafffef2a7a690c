"""``searchtool index`` (build, update, rebuild) and ``searchtool stats``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from searchtool.cli.common import command, resolve_index_dir


@command("index")
def index(
    paths: Optional[List[Path]] = typer.Argument(
        None,
        help="Files or folders of statements. Default: the sources recorded in the index, else ./corpus.",
        show_default=False,
    ),
    index_dir: Optional[Path] = typer.Option(None, "--index", "-i", help="Index folder [default: $SEARCHTOOL_INDEX or ./index]."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Build a complete new index beside the old one, then swap it in."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes [default: CPU count]."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or table: only the final line."),
    wait: float = typer.Option(10.0, "--wait", min=0, help="Seconds to wait for another writer's lock."),
    as_json: bool = typer.Option(False, "--json", help="Print the run's summary as JSON on stdout."),
) -> None:
    """Build or update the index: only added, changed and removed files are (re)indexed."""
    from searchtool.indexing.update import update_index
    from searchtool.output.progress import RichProgress, final_line, skip_reasons, summary_table

    target = resolve_index_dir(index_dir)
    tty = sys.stderr.isatty() and not quiet and not as_json
    progress = RichProgress() if tty else None
    try:
        summary = update_index(paths or None, target, rebuild=rebuild, jobs=jobs, progress=progress, lock_wait=wait)
    except KeyboardInterrupt:
        # Nothing is committed until the end, and the commit itself holds Ctrl-C back.
        sys.stderr.write("searchtool: interrupted; the index is unchanged\n")
        raise typer.Exit(130) from None
    if as_json:
        sys.stdout.write(json.dumps(summary.to_json()) + "\n")
        return
    out = sys.stdout
    for note in summary.notes:  # rare and important (an automatic rebuild): on stderr when piped
        (out if _is_terminal(out) else sys.stderr).write(f"note: {note}\n")
    if not quiet and not summary.noop and _is_terminal(out):
        from rich.console import Console

        console = Console(file=out, highlight=False)
        for line in skip_reasons(summary):
            console.print(line, markup=False)
        console.print(summary_table(summary))
    out.write(final_line(summary) + "\n")


def _is_terminal(stream) -> bool:
    """Whether ``stream`` is a terminal (the summary table is for people, not pipes)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@command("stats")
def stats(
    index_dir: Optional[Path] = typer.Option(None, "--index", "-i", help="Index folder [default: $SEARCHTOOL_INDEX or ./index]."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    top: int = typer.Option(10, "--top", min=0, help="How many top speakers to list."),
) -> None:
    """What the index holds: statements, sources, size, dates, types, years, speakers."""
    from searchtool.index.stats import index_stats
    from searchtool.output.stats import render_stats

    figures = index_stats(resolve_index_dir(index_dir), top=top)
    if as_json:
        sys.stdout.write(json.dumps(figures, ensure_ascii=False) + "\n")
    else:
        render_stats(figures, sys.stdout)

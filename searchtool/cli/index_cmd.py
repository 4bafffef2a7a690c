"""``searchtool index`` (build, update, rebuild) and ``searchtool stats``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from searchtool.cli.args import resolve_index_dir
from searchtool.cli.common import command
from searchtool.output.indexing import RichProgress, print_summary
from searchtool.output.stats import print_stats
from searchtool.output.watches import pending_line
from searchtool.output.terminal import is_terminal


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
    follow_links: bool = typer.Option(
        False, "--follow-links", help="Index files that links in the sources point at outside them (kept for later runs)."
    ),
) -> None:
    """Build or update the index: only added, changed and removed files are (re)indexed."""
    # start-up: the indexer, the reader and Whoosh ~45 ms, not needed for --help or the other commands
    from searchtool.indexing.update import update_index

    tty = is_terminal(sys.stderr) and not quiet and not as_json
    progress = RichProgress() if tty else None
    try:
        summary = update_index(
            paths or None, resolve_index_dir(index_dir), rebuild=rebuild, jobs=jobs, progress=progress, lock_wait=wait,
            follow_links=follow_links,
        )
    except KeyboardInterrupt:
        # Nothing is committed until the end, and the commit itself holds Ctrl-C back.
        sys.stderr.write("searchtool: interrupted; the index is unchanged\n")
        raise typer.Exit(130) from None
    print_summary(summary, sys.stdout, sys.stderr, quiet=quiet, as_json=as_json)
    if not summary.noop:
        from searchtool.searching.watches import (
            pending,  # start-up: the engine ~33 ms, only after a run that changed the index
        )

        waiting = pending(summary.index_dir)
        if waiting:
            (sys.stderr if as_json else sys.stdout).write(pending_line(waiting) + "\n")


@command("stats")
def stats(
    index_dir: Optional[Path] = typer.Option(None, "--index", "-i", help="Index folder [default: $SEARCHTOOL_INDEX or ./index]."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    top: int = typer.Option(10, "--top", min=0, help="How many top speakers to list."),
) -> None:
    """What the index holds: statements, sources, size, dates, types, years, speakers."""
    from searchtool.index.stats import (
        index_stats,  # start-up: the index and Whoosh ~33 ms, only for stats
    )

    print_stats(index_stats(resolve_index_dir(index_dir), top=top), sys.stdout, as_json=as_json)

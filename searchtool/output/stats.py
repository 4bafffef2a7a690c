"""``searchtool stats``: the index's figures as one JSON object, or as Rich tables (no colour
when piped)."""

from __future__ import annotations

import json
from typing import IO, Any

from searchtool.controls import neutralise
from searchtool.output.terminal import safe_console
from searchtool.output.text import human_size


def print_stats(figures: dict[str, Any], out: IO[str], *, as_json: bool) -> None:
    """The figures of :func:`searchtool.index.stats.index_stats` on ``out``."""
    if as_json:
        out.write(json.dumps(figures, ensure_ascii=False) + "\n")
    else:
        render_stats(figures, out)


def render_stats(f: dict[str, Any], out: IO[str]) -> None:
    """The figures as a table of the index, then counts by type, by year and top speakers."""
    from rich.table import Table  # start-up: Rich ~23 ms, not needed for --json
    from rich.text import Text  # start-up: as above

    console = safe_console(file=out, highlight=False)
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    span = f"{f['date_first']} .. {f['date_last']} ({f['dated']:,} dated)" if f["date_first"] else "no dates"
    for label, value in (
        ("index", f["index"]),
        ("statements", f"{f['statements']:,}"),
        ("files", f"{f['files']:,}"),
        ("sources", ", ".join(f["sources"]) or "-"),
        ("index size", human_size(f["index_bytes"])),
        ("date span", span),
        ("speakers", f"{f['speakers']:,}"),
        ("schema version", str(f["schema_version"])),
        ("created", f["created"] or "-"),
        ("last update", f["last_update"] or "-"),
    ):
        head.add_row(label, Text(neutralise(value)))  # a folder name is text, not markup
    console.print(head)
    for title, rows in (
        ("by type", list(f["by_type"].items())),
        ("by year", list(f["by_year"].items())),
        ("top speakers", [tuple(x) for x in f["top_speakers"]]),
    ):
        if not rows:
            continue
        table = Table(title=title, title_justify="left", box=None, show_header=False, pad_edge=False)
        table.add_column()
        table.add_column(justify="right")
        for name, n in rows:
            table.add_row(Text(neutralise(str(name))), f"{n:,}")  # a speaker is text, not markup
        console.print()
        console.print(table)

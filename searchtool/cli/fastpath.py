"""``search`` and ``show`` without Typer: the parsed arguments (:mod:`searchtool.cli.fastparse`)
handed to the command bodies (:mod:`searchtool.cli.run`).

Start-up: these are what users run most, and a whole search must take well under 100 ms, of
which importing Typer (~35 ms) and building its command tree (plus ~60 ms when pydantic happens
to be installed) would be the largest part. Anything the fast parser does not understand goes
to Typer, which reports it.
"""

from __future__ import annotations

from searchtool.cli.fastparse import parse_fast
from searchtool.cli.run import run_search, run_show

BODIES = {"search": run_search, "show": run_show}


def run_fast(argv: list[str]) -> int | None:
    """Run ``search``/``show`` without Typer: the exit code, or ``None`` when this path does
    not apply (Typer then parses ``argv`` and says what is wrong)."""
    parsed = parse_fast(argv)
    if parsed is None:
        return None
    command, values = parsed
    return BODIES[command](values)

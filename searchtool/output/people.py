"""What ``searchtool people`` prints: persons, proposed registry entries, registry problems."""

from __future__ import annotations

import json

from searchtool.output.text import write_json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import TextIO

    from searchtool.searching.people_report import Cluster, PersonRow


def write_people(rows: list[PersonRow], out: TextIO, as_json: bool) -> None:
    """``Andrei Gromyko  23 statements  1957-09-20 .. 1962-09-21  (5 spellings: ...)``."""
    if as_json:
        write_json({"persons": [r.to_json() for r in rows]}, out)
        return
    width = max((len(r.name) for r in rows), default=0)
    for r in rows:
        span = f"{r.first or '?'} .. {r.last or '?'}" if r.statements else "-"
        noun = "statement" if r.statements == 1 else "statements"
        spellings = f"  ({len(r.spellings)} spellings: {'; '.join(r.spellings)})" if len(r.spellings) > 1 else ""
        out.write(f"{r.name:<{width}}  {r.statements:>6} {noun:<10}  {span}{spellings}\n")


def write_suggestions(clusters: list[Cluster], out: TextIO, as_json: bool) -> None:
    """The clusters, then the registry entries to paste (JSON only with ``as_json``)."""
    entries = {"persons": [c.entry() for c in clusters]}
    if as_json:
        write_json(entries, out)
        return
    if not clusters:
        out.write("No unregistered names look like one person.\n")
        return
    for c in clusters:
        out.write(f"{c.count:>6}  " + "; ".join(f"{n} ({k})" for n, k in c.spellings) + "\n")
    out.write("\nEntries to review and paste into searchtool-people.json:\n")
    out.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")


def write_problems(problems: list[str], out: TextIO, as_json: bool) -> None:
    if as_json:
        write_json({"problems": problems}, out)
        return
    out.write("\n".join(problems) + "\n" if problems else "No problems found in the people registry.\n")

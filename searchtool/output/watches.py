"""Saved searches as people and scripts read them: the list, a run's new and changed
statements (text or ``--json``), and the line ``index`` prints when some have new statements."""

from __future__ import annotations

import datetime as _dt

from searchtool.controls import neutralise
from searchtool.output.results import hit_json
from searchtool.output.text import write_json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, TextIO

    from searchtool.searching.request import Hit
    from searchtool.searching.watches import Watch, WatchReport


def _filters(watch: Watch) -> str:
    r = watch.request
    bits = [f"--{name} {value}" for name, value in (("speaker", r.speaker), ("type", r.type), ("since", r.since),
                                                    ("until", r.until)) if value]
    if r.any:
        bits.append("--any")
    return " ".join(bits)


def _when(seconds: float | None) -> str:
    if not seconds:
        return "never run"
    return "last run " + _dt.datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def write_watch_list(watches: list[Watch], out: TextIO, as_json: bool) -> None:
    if as_json:
        write_json({"watches": [w.to_json() for w in watches]}, out)
        return
    if not watches:
        out.write("No saved searches (save one with: searchtool watch add NAME \"QUERY\")\n")
        return
    for w in watches:
        filters = _filters(w)
        out.write(neutralise(f"{w.name}  {w.request.query!r}{'  ' + filters if filters else ''}  "
                             f"({_when(w.last_run)}, seen up to run {w.seen_run})") + "\n")


def _hit_line(hit: Hit) -> str:
    date = hit.date.isoformat() if hit.date else "undated"
    who = ", ".join(hit.speakers[:2])
    return f"  {date}  {hit.label or hit.title}" + (f" · {who}" if who else "") + f"  [{hit.id}]"


def report_json(report: WatchReport) -> dict[str, Any]:
    return {
        **report.watch.to_json(),
        "since_run": report.since_run,
        "run": report.run,
        "new": [hit_json(h) for h in report.new],
        "changed": [hit_json(h) for h in report.changed],
    }


def write_watch_reports(reports: list[WatchReport], out: TextIO, as_json: bool) -> None:
    """Each watch: its new statements, then the changed ones under a heading of their own."""
    if as_json:
        write_json({"watches": [report_json(r) for r in reports]}, out)
        return
    lines = []
    for r in reports:
        if lines:
            lines.append("")
        lines.append(f"{r.watch.name}: {len(r.new)} new, {len(r.changed)} changed since run {r.since_run} ({r.watch.request.query!r})")
        lines.extend(_hit_line(h) for h in r.new)
        if r.changed:
            lines.append("  changed (same id, new content):")
            lines.extend("  " + _hit_line(h) for h in r.changed)
    out.write(neutralise("\n".join(lines)) + "\n")


def pending_line(pending: list[tuple[str, int]]) -> str:
    """``2 saved searches have new statements: nord-stream (3), crimea (1) → searchtool watch run``."""
    noun = "saved search has" if len(pending) == 1 else "saved searches have"
    listed = ", ".join(f"{name} ({count})" for name, count in pending)
    return f"{len(pending)} {noun} new statements: {listed} → searchtool watch run"

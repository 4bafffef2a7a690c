"""``searchtool collocates``: the scored words around a query, one table per group, JSON or CSV.

Receives a finished :class:`~searchtool.searching.collocates.Collocation`. A word is shown by its
commonest form as written; its other forms follow in brackets when there are any.
"""

from __future__ import annotations

import csv

from searchtool.output.timeline import write_lines
from searchtool.output.text import write_in_format

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from searchtool.searching.collocates import Collocate, Collocation, Group

#: Other written forms listed after a word.
MORE_FORMS = 3


def group_name(group: Group) -> str:
    return "all matching statements" if group.split is None else f"{group.split[0]}: {group.split[1]}"


def word_text(c: Collocate) -> str:
    others = c.forms[1 : 1 + MORE_FORMS]
    return c.forms[0] + (f" ({', '.join(others)})" if others else "")


def lines(col: Collocation) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for group in col.groups:
        if out:
            out.append(("", ""))
        statements = f"{group.statements:,} statement" + ("" if group.statements == 1 else "s")
        head = (f"{group_name(group)}: {group.occurrences:,} occurrences of {col.query!r} in {statements}; "
                f"±{col.window} words, seen together at least {col.min_count} times, by {col.measure}")
        out.append((head, "bold"))
        if not group.collocates:
            out.append(("  (no word reaches --min)", "dim"))
            continue
        word_w = max(len(word_text(c)) for c in group.collocates)
        out.append((f"  {'#':>3}  {'word':<{word_w}}  {'together':>8}  {'in index':>9}  {col.measure:>8}", "dim"))
        for rank, c in enumerate(group.collocates, 1):
            out.append((f"  {rank:>3}  {word_text(c):<{word_w}}  {c.together:>8,}  {c.frequency:>9,}  {c.score:>8.2f}", ""))
    return out


def collocate_json(c: Collocate) -> dict[str, Any]:
    return {"word": c.forms[0], "term": c.term, "forms": c.forms, "together": c.together, "frequency": c.frequency,
            "score": c.score}


def collocation_json(col: Collocation) -> dict[str, Any]:
    groups = []
    for g in col.groups:
        doc: dict[str, Any] = {}
        if g.split is not None:
            doc[g.split[0]] = g.split[1]
        doc.update(occurrences=g.occurrences, statements=g.statements, collocates=[collocate_json(c) for c in g.collocates])
        groups.append(doc)
    return {"query": col.query, "measure": col.measure, "window": col.window, "min": col.min_count, "groups": groups}


CSV_HEADER = ("group", "word", "forms", "together", "frequency", "score")


def write_csv(col: Collocation, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for g in col.groups:
        for c in g.collocates:
            writer.writerow(("" if g.split is None else g.split[1], c.forms[0], "|".join(c.forms), c.together, c.frequency, c.score))


def print_collocation(col: Collocation, out: TextIO, *, as_json: bool = False, as_csv: bool = False, color: bool = False) -> None:
    write_in_format(out, as_json=as_json, as_csv=as_csv, color=color, to_json=lambda: collocation_json(col),
                    to_csv=lambda o: write_csv(col, o), to_text=lambda o, c: write_lines(lines(col), o, c))

"""``searchtool kwic``: a concordance as aligned lines (the match in one column), JSON or CSV.

Receives a finished :class:`~searchtool.searching.kwic.Concordance`. Each line: date, speaker,
the left context right-aligned, the match, the right context, and ``ID#pN`` (the statement and
paragraph, as ``show`` takes them).
"""

from __future__ import annotations

import csv

from searchtool.controls import neutralise
from searchtool.output.terminal import MATCH_STYLE, console
from searchtool.output.text import write_in_format

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from searchtool.searching.kwic import Concordance, Line

#: Width of the speaker column (longer names are cut with an ellipsis).
SPEAKER_WIDTH = 18


def anchor(line: Line) -> str:
    """``ID#pN``: the statement and the paragraph of the occurrence."""
    return f"{line.id}#p{line.paragraph}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _columns(c: Concordance) -> tuple[int, int]:
    speaker_w = min(SPEAKER_WIDTH, max([len(line.speaker) for line in c.lines] + [1]))
    match_w = max([len(line.match) for line in c.lines] + [1])
    return speaker_w, match_w


def header(c: Concordance) -> str:
    n = len(c.lines)
    more = "" if c.complete else " (more with a higher --limit, or --limit 0 for all)"
    return f"{n:,} {'line' if n == 1 else 'lines'} from {c.statements:,} {'statement' if c.statements == 1 else 'statements'}{more} ({c.elapsed_ms:.0f} ms)"


def cells(c: Concordance, line: Line) -> tuple[str, str, str, str]:
    """(head, left, match, tail): date and speaker; the left context right-aligned, so that
    every match starts in the same column; the match; the right context as it follows the
    match (its punctuation attached), padded so that the anchors line up too."""
    speaker_w, match_w = _columns(c)
    date = line.date.isoformat() if line.date else "undated   "
    head = f"{date}  {_cut(line.speaker, speaker_w):<{speaker_w}}  "
    right = line.right.ljust(c.width + match_w - len(line.match))
    return head, f"{line.left:>{c.width}}", line.match, f"{right}  {anchor(line)}"


def write_plain(c: Concordance, out: TextIO) -> None:
    rows = [header(c)]
    for line in c.lines:
        rows.append("".join(cells(c, line)))
    out.write(neutralise("\n".join(rows)) + "\n")


def write_rich(c: Concordance, out: TextIO) -> None:
    from rich.text import Text  # start-up: Rich ~23 ms, only when colour is on

    term = console(out, True)
    term.print(Text(header(c), style="bold"), soft_wrap=True)
    for line in c.lines:
        head, left, match, tail = cells(c, line)
        text = Text()
        text.append(head, style="cyan")
        text.append(left)
        text.append(match, style=MATCH_STYLE)
        text.append(tail)
        term.print(text, soft_wrap=True)  # aligned lines: never wrapped


def line_json(line: Line) -> dict[str, Any]:
    return {"date": line.date.isoformat() if line.date else None, "speaker": line.speaker, "left": line.left,
            "match": line.match, "right": line.right, "id": line.id, "paragraph": line.paragraph, "turn": line.turn}


def concordance_json(c: Concordance) -> dict[str, Any]:
    return {"query": c.query, "statements": c.statements, "complete": c.complete,
            "lines": [line_json(line) for line in c.lines]}


CSV_HEADER = ("date", "speaker", "left", "match", "right", "id", "paragraph", "turn")


def write_csv(c: Concordance, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for line in c.lines:
        doc = line_json(line)
        writer.writerow([doc[k] if doc[k] is not None else "" for k in CSV_HEADER])


def print_concordance(c: Concordance, out: TextIO, *, as_json: bool = False, as_csv: bool = False, color: bool = False) -> None:
    write_in_format(out, as_json=as_json, as_csv=as_csv, color=color, to_json=lambda: concordance_json(c),
                    to_csv=lambda o: write_csv(c, o), to_text=lambda o, colour: (write_rich if colour else write_plain)(c, o))

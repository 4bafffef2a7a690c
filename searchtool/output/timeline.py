"""``searchtool timeline``: series of counts per period as aligned sparklines and a table, JSON
or CSV.

Receives a finished :class:`~searchtool.searching.timeline.Timeline`. A period in which nothing
was published is no data (``·``), which is not the same as a period whose statements do not
match (``_``); a period with fewer than ``low_n`` publications is flagged ``!`` (its share rests
on a handful of statements).
"""

from __future__ import annotations

import csv

from searchtool.controls import neutralise
from searchtool.output.terminal import console
from searchtool.output.text import write_in_format

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from searchtool.searching.timeline import Period, Series, Timeline

#: Sparkline blocks, lowest to highest; ``_`` for none found, ``·`` for no data.
BLOCKS = "▁▂▃▄▅▆▇█"
NONE_MARK = "_"
NO_DATA = "·"
LOW_MARK = "!"
#: Width of a bar in the period table.
BAR = 12
#: Words a per-words share is counted in ("per 10k words").
PER_WORDS = 10_000


def series_name(s: Series) -> str:
    """How a series is called: its query, and its ``--split`` value."""
    return s.query if s.split is None else f"{s.query} · {s.split[1]}"


def value(p: Period, per: str) -> float | None:
    """What is drawn for a period: the share, or the count with ``--per none``; ``None`` for no data."""
    if p.N == 0:
        return None
    return float(p.n) if per == "none" else (p.share or 0.0)


def sparkline(periods: list[Period], per: str) -> str:
    """One character per period, scaled to the series' highest value."""
    values = [value(p, per) for p in periods]
    top = max((v for v in values if v is not None), default=0.0)
    out = []
    for v in values:
        if v is None:
            out.append(NO_DATA)
        elif v <= 0 or top <= 0:
            out.append(NONE_MARK)
        else:
            out.append(BLOCKS[min(len(BLOCKS) - 1, int(v / top * (len(BLOCKS) - 1) + 0.5))])
    return "".join(out)


def share_text(p: Period, per: str) -> str:
    """A period's share as people read it: ``61.9%``, ``8.72/10k``; empty without one."""
    if p.share is None or per == "none":
        return ""
    if per == "words":
        return f"{p.share * PER_WORDS:.2f}/10k"
    return f"{p.share * 100:.1f}%"


def _peak(s: Series, per: str) -> Period | None:
    best = None
    for p in s.periods:
        v = value(p, per)
        if v and (best is None or v > value(best, per)):
            best = p
    return best


def summary(s: Series, tl: Timeline) -> str:
    """Total, peak and how much the peak rests on: ``709 statements; peak 2022-03: 187 of 302 (61.9%)``."""
    unit = "occurrences" if tl.per == "words" else "statements"
    text = f"{s.total:,} {'statement' if s.total == 1 else 'statements'}"
    if tl.per == "words":
        text += f", {sum(p.n for p in s.periods):,} {unit}"
    peak = _peak(s, tl.per)
    if peak is not None:
        of = f"{peak.n:,} of {peak.N:,} {'words' if tl.per == 'words' else 'published'}"
        share = share_text(peak, tl.per)
        text += f"; peak {peak.label}: {of}" + (f" ({share})" if share else "")
        if peak.N < tl.low_n and tl.per != "words":
            text += f" {LOW_MARK} low N"
    if s.undated:
        text += f"; {s.undated:,} undated left out"
    return text


def _legend(tl: Timeline) -> str:
    per = {"statements": "share of the statements published", "words": "occurrences per 10,000 words published",
           "none": "matching statements"}[tl.per]
    labels = tl.labels
    span = f"{labels[0]} .. {labels[-1]}" if labels else "no dated statements"
    low = f", {LOW_MARK} fewer than {tl.low_n} published" if tl.per != "words" else ""
    return f"by {tl.by}, {span}: {per}; {NO_DATA} no data (nothing published), {NONE_MARK} none found{low}"


def lines(tl: Timeline) -> list[tuple[str, str]]:
    """The terminal report as (line, style) pairs: legend, one sparkline per series, the table
    of periods, the first and last occurrences."""
    out: list[tuple[str, str]] = [(_legend(tl), "bold")]
    if not tl.series:
        return out
    names = [series_name(s) for s in tl.series]
    width = min(max(len(n) for n in names), 40)
    for name, s in zip(names, tl.series):
        out.append((f"{_fit(name, width):<{width}}  {sparkline(s.periods, tl.per)}  {summary(s, tl)}", ""))
    if not tl.labels:  # nothing dated
        return out
    out.append(("", ""))
    out.extend(_table(tl, names))
    out.append(("", ""))
    for name, s in zip(names, tl.series):
        if s.first is None:
            out.append((f"{name}: no dated match", "dim"))
            continue
        out.append((f"{name}: first {s.first.date} {s.first.id}, last {s.last.date} {s.last.id}", "dim"))
    return out


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(tl: Timeline, names: list[str]) -> list[tuple[str, str]]:
    """One row per period: N (once, when every series shares it), then per series n, share, bar."""
    shared_n = all([p.N for p in s.periods] == [p.N for p in tl.series[0].periods] for s in tl.series)
    values = [value(p, tl.per) or 0.0 for s in tl.series for p in s.periods]
    top = max(values, default=0.0) or 1.0
    label_w = max(len(lab) for lab in tl.labels)
    n_w = max(len(f"{p.N:,}") for s in tl.series for p in s.periods)
    c_w = max(len(f"{p.n:,}") for s in tl.series for p in s.periods)
    s_w = max([len(share_text(p, tl.per)) for s in tl.series for p in s.periods] + [0])
    cell_w = c_w + (1 + n_w if not shared_n else 0) + (1 + s_w if s_w else 0) + 1 + BAR
    head = f"{'period':<{label_w}}" + (f" {'N':>{n_w}}  " if shared_n else " ")
    head += " ".join(f"{_fit(n, cell_w):<{cell_w}}" for n in names)
    rows: list[tuple[str, str]] = [(head.rstrip(), "bold")]
    for i, label in enumerate(tl.labels):
        periods = [s.periods[i] for s in tl.series]
        low = any(0 < p.N < tl.low_n for p in periods) and tl.per != "words"
        if all(p.N == 0 for p in periods):
            rows.append((f"{label:<{label_w}} " + (f"{NO_DATA:>{n_w}}  " if shared_n else "") + "no data", "dim"))
            continue
        row = f"{label:<{label_w}}" + (f" {periods[0].N:>{n_w},}{LOW_MARK if low else ' '} " if shared_n else " ")
        cells = []
        for p in periods:
            if p.N == 0:
                cells.append(f"{NO_DATA:>{c_w}}".ljust(cell_w))
                continue
            cell = f"{p.n:>{c_w},}" + ("" if shared_n else f"/{p.N:<{n_w},}")
            if s_w:
                cell += f" {share_text(p, tl.per):>{s_w}}"
            cell += " " + _bar((value(p, tl.per) or 0.0) / top)
            cells.append(cell.ljust(cell_w))
        rows.append(((row + " ".join(cells)).rstrip(), "dim" if low else ""))
    return rows


def _bar(fraction: float) -> str:
    eighths = int(round(max(0.0, min(1.0, fraction)) * BAR * 8))
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).rstrip()


def timeline_json(tl: Timeline) -> dict[str, Any]:
    """``{"by", "per", "series": [{"query", "periods": [{"period", "n", "N", "share"}]}]}``;
    a split series also names its value (``"speaker": "Ned Price"``)."""
    series = []
    for s in tl.series:
        doc: dict[str, Any] = {"query": s.query}
        if s.split is not None:
            doc[s.split[0]] = s.split[1]
        doc["periods"] = [{"period": p.label, "n": p.n, "N": p.N, "share": p.share} for p in s.periods]
        series.append(doc)
    return {"by": tl.by, "per": tl.per, "series": series}


CSV_HEADER = ("query", "split", "value", "period", "n", "N", "share")


def write_csv(tl: Timeline, out: TextIO) -> None:
    """One row per series and period, for spreadsheets and scripts."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for s in tl.series:
        field, val = s.split if s.split is not None else ("", "")
        for p in s.periods:
            writer.writerow((s.query, field, val, p.label, p.n, p.N, "" if p.share is None else p.share))


def print_timeline(tl: Timeline, out: TextIO, *, as_json: bool = False, as_csv: bool = False, color: bool = False) -> None:
    """``tl`` on ``out``: JSON, CSV, or the terminal report (styled with ``color``)."""
    write_in_format(out, as_json=as_json, as_csv=as_csv, color=color, to_json=lambda: timeline_json(tl),
                    to_csv=lambda o: write_csv(tl, o), to_text=lambda o, c: write_lines(lines(tl), o, c))


def write_sparkline(tl: Timeline, out: TextIO, color: bool) -> None:
    """``search --timeline``: one line, the first period, the sparkline, the last, the scale."""
    if not tl.series or not tl.labels:
        return
    s = tl.series[0]
    line = f"{tl.labels[0]} {sparkline(s.periods, tl.per)} {tl.labels[-1]}  by {tl.by}: {summary(s, tl)}"
    write_lines([(line, "cyan")], out, color)


def write_lines(styled: list[tuple[str, str]], out: TextIO, color: bool) -> None:
    """(line, style) pairs: plain text, or styled on a colour terminal."""
    if not color:
        out.write(neutralise("".join(line + "\n" for line, _style in styled)))
        return
    from rich.text import Text  # start-up: Rich ~23 ms, only when colour is on

    term = console(out, True)
    for line, style in styled:
        term.print(Text(line, style=style or ""), soft_wrap=True)  # aligned rows: never wrapped

"""``searchtool timeline``, ``kwic`` and ``collocates``: a query's matches over time, in
context, and the words around them. Each parses its options from the table
(:mod:`searchtool.cli.options`), makes the request the way ``search`` does, calls one library
function and hands the result to output.
"""

from __future__ import annotations

import sys
from pathlib import Path

from searchtool.cli.args import filtered_request, resolve_index_dir
from searchtool.cli.options import COLLOCATES, KWIC, TIMELINE
from searchtool.cli.table_cmd import table_command
from searchtool.errors import EXIT_NO_MATCH, EXIT_OK, UsageError
from searchtool.output.progress import StatementsBar
from searchtool.output.terminal import is_terminal, use_color

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping, TextIO


def _format(values: Mapping[str, Any], out: TextIO) -> tuple[bool, bool, bool]:
    """(json, csv, colour), refusing both machine formats at once."""
    if values["json_"] and values["csv_"]:
        raise UsageError("--json and --csv cannot be combined", hint="choose one")
    return values["json_"], values["csv_"], use_color(values["color"], out)


def _bar(label: str):
    return StatementsBar(label) if is_terminal(sys.stderr) else None


def run_timeline(values: Mapping[str, Any], out: TextIO | None = None) -> int:
    """Count each query per period and print (and draw) the series; 0 when anything matched."""
    from searchtool.output.chart import png_renderer, write_png, write_svg  # start-up: only for timeline
    from searchtool.output.timeline import print_timeline  # start-up: as above
    from searchtool.searching.timeline import timeline  # start-up: the engine and Whoosh, only when it runs

    out = out or sys.stdout
    as_json, as_csv, color = _format(values, out)
    if values["png"]:
        png_renderer()  # before the work: say now that it cannot be drawn
    result = timeline(resolve_index_dir(values["index"]), list(values["query"] or []), filtered_request(values),
                      by=values["by"], per=values["per"], split=values["split"], top=values["top"],
                      progress=_bar("counting"))
    if values["svg"]:
        write_svg(result, Path(values["svg"]))
    if values["png"]:
        write_png(result, Path(values["png"]))
    print_timeline(result, out, as_json=as_json, as_csv=as_csv, color=color)
    return EXIT_OK if any(s.total for s in result.series) else EXIT_NO_MATCH


table_command("timeline", TIMELINE, run_timeline,
              "Count one or more queries per year, quarter, month or week, as a share of what was published.")


def _analyse(values: Mapping[str, Any], out: TextIO | None, analyse, printer):
    """The body kwic and collocates share: the request from the query words and filters, one
    library call (``analyse(index_dir, request)``), its result printed in the format asked for."""
    out = out or sys.stdout
    as_json, as_csv, color = _format(values, out)
    result = analyse(resolve_index_dir(values["index"]), filtered_request(values, " ".join(values["query"] or [])))
    printer(result, out, as_json=as_json, as_csv=as_csv, color=color)
    return result


def run_kwic(values: Mapping[str, Any], out: TextIO | None = None) -> int:
    """Print every occurrence of the query in context; 0 when there is one."""
    from searchtool.output.kwic import print_concordance  # start-up: only for kwic
    from searchtool.searching.kwic import kwic  # start-up: the engine and Whoosh, only when it runs

    result = _analyse(values, out, lambda index, request: kwic(
        index, request, sort=values["sort"], width=values["width"], limit=values["limit"], progress=_bar("reading")),
        print_concordance)
    return EXIT_OK if result.lines else EXIT_NO_MATCH


table_command("kwic", KWIC, run_kwic,
              "Keyword in context: every occurrence of the query, one aligned line each, with its statement and paragraph.")


def run_collocates(values: Mapping[str, Any], out: TextIO | None = None) -> int:
    """Print the words that keep company with the query; 0 when any reaches --min."""
    from searchtool.output.collocates import print_collocation  # start-up: only for collocates
    from searchtool.searching.collocates import collocates  # start-up: the engine and Whoosh, only when it runs

    result = _analyse(values, out, lambda index, request: collocates(
        index, request, window=values["window"], measure=values["measure"], min_count=values["min_count"],
        top=values["top"], by=values["by"], progress=_bar("reading")), print_collocation)
    return EXIT_OK if any(g.collocates for g in result.groups) else EXIT_NO_MATCH


table_command("collocates", COLLOCATES, run_collocates,
              "The words that keep company with the query, scored by logDice, MI or log-likelihood.")

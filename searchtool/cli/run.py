"""What ``search`` and ``show`` do once their arguments are parsed, for both parsers (the fast
path and Typer): one library call, its result handed to output, the exit code.

``values`` are the parsed arguments by destination (:mod:`searchtool.cli.options`). Errors are
not caught here: the library's :class:`~searchtool.errors.SearchtoolError` reaches the one
place that turns it into a line and an exit code (:mod:`searchtool.cli.guard`, or the Typer
command decorator).
"""

from __future__ import annotations

import sys

from searchtool.cli.args import resolve_index_dir, search_request
from searchtool.errors import EXIT_NO_MATCH, EXIT_OK
from searchtool.output.document import print_statement
from searchtool.output.results import print_result
from searchtool.output.terminal import is_terminal, use_color

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Mapping, TextIO


def run_search(values: Mapping[str, Any], out: TextIO | None = None) -> int:
    """Search the index and print the result; 0 with hits, 1 without (as grep)."""
    # start-up: the engine and Whoosh ~33 ms, only when a search runs (not for --help or index)
    from searchtool.searching.engine import search

    out = out or sys.stdout
    request = search_request(values)
    color = use_color(values["color"], out)  # a bad --color is an error before the index opens
    if values.get("cite"):
        return _run_cite(values, request, out)
    timeline = None
    if values.get("timeline"):
        # start-up: the timeline's counting, only with --timeline
        from searchtool.searching.timeline import search_with_timeline

        result, timeline = search_with_timeline(resolve_index_dir(values["index"]), request)
    else:
        result = search(resolve_index_dir(values["index"]), request)
    print_result(result, out, as_json=values["json_"], color=color, timeline=timeline)
    return EXIT_OK if result.total else EXIT_NO_MATCH


def _run_cite(values: Mapping[str, Any], request, out: TextIO) -> int:
    """``search --cite FORMAT``: one citation per hit, for its best passage."""
    # start-up: citations are written only when asked for
    from searchtool.output.citation import check_format, write_citations
    from searchtool.searching.citation import cite_search  # start-up: as above

    check_format(values["cite"])
    result, citations = cite_search(resolve_index_dir(values["index"]), request)
    write_citations(citations, values["cite"], out)
    return EXIT_OK if result.total else EXIT_NO_MATCH


def run_show(values: Mapping[str, Any], out: TextIO | None = None) -> int:
    """Print one whole statement (its id or an unambiguous prefix), the query's matches marked."""
    # start-up: the engine and Whoosh ~33 ms, only when a statement is shown (not for --help)
    from searchtool.searching.engine import show

    out = out or sys.stdout
    color = use_color(values["color"], out)
    statement = show(resolve_index_dir(values["index"]), values["ident"], values["query"])
    print_statement(statement, out, as_json=values["json_"], color=color, pager=values["pager"] and is_terminal(out))
    return EXIT_OK

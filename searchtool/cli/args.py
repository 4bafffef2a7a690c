"""What the CLI makes of its arguments, the same for both parsers: the index folder, which
arguments are query words, and the :class:`~searchtool.searching.engine.SearchRequest`.

Free of Typer: the fast entry path needs all of it.
"""

from __future__ import annotations

from pathlib import Path

from searchtool.cli.fastparse import index_folder, is_query_word

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Mapping

    from searchtool.searching.request import SearchRequest

def resolve_index_dir(option: str | Path | None) -> Path:
    """The index folder: ``--index`` if given, else ``$SEARCHTOOL_INDEX``, else ``./index``."""
    return Path(option) if option is not None else Path(index_folder(None))


def query_words_last(args: list[str], value_options: set[str], flag_options: set[str]) -> list[str]:
    """``args`` with the query's ``-word`` exclusions moved behind ``--`` for Click/Typer.

    Click reads ``-Russia`` as the option cluster ``-R -u ...``; behind ``--`` it is an
    argument. Options keep their values; query words keep their order. Unchanged when there is
    no such word.
    """
    head: list[str] = []
    tail: list[str] = []
    moved = False
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            tail.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if name in value_options:
            head.append(arg)
            if "=" not in arg and i < len(args):
                head.append(args[i])
                i += 1
        elif name in flag_options or arg.startswith("--"):
            head.append(arg)
        else:
            moved = moved or is_query_word(arg)
            tail.append(arg)
    return [*head, "--", *tail] if moved else args


def search_request(values: Mapping[str, Any]) -> SearchRequest:
    """The request of a parsed ``search`` (values by the destinations of
    :data:`searchtool.cli.options.SEARCH`), from either parser."""
    # start-up: the engine and Whoosh ~33 ms, only when a search runs (not for --help or index)
    from searchtool.searching.request import SearchRequest, split_facets

    return SearchRequest(
        query=" ".join(values["query"] or []),
        speaker=values["speaker"],
        type=values["type_"],
        lang=values.get("lang"),
        since=values["since"],
        until=values["until"],
        sort=values["sort"],
        limit=values["limit"],
        page=values["page"],
        any=values["any_"],
        facets=split_facets(values["facet"]),
        new=values["new"],
        collapse=values["collapse"],
        passages=bool(values.get("passages")),
    )


def filtered_request(values: Mapping[str, Any], query: str = "") -> SearchRequest:
    """The request of a command that selects statements as ``search`` does (timeline, kwic,
    collocates): its query and the values of the shared filters (:data:`~searchtool.cli.options.FILTERS`),
    through :func:`search_request`, so a filter added there applies here unchanged; ``search``'s
    own options (sort, page, facets) at their defaults."""
    from searchtool.cli.options import ANY, FILTERS, SEARCH  # start-up: only for the analysis commands

    shared = {option.dest for option in (*FILTERS, ANY)}
    merged = {**SEARCH.defaults(), **{k: v for k, v in values.items() if k in shared}, "query": [query] if query else []}
    return search_request(merged)

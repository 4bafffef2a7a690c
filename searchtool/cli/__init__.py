"""The command-line face of searchtool.

Thin by design: each command parses its arguments and calls the library. Heavy modules (Whoosh,
the reader, the renderer) are imported inside the command bodies so that ``searchtool --help``
and every command start fast. Each command lives in its own module; importing them is what
registers them on the Typer app (done on first access to :data:`app`).

Start-up: ``search`` and ``show`` are what users run most, and a whole search must take well
under 100 ms, of which importing Typer (~35 ms) and building its command tree (plus ~60 ms when
pydantic happens to be installed) would be the largest part. :func:`main` therefore parses those
two commands with :mod:`argparse` and calls the same library functions as the Typer commands;
``--help`` and every other command go through Typer. ``tests/test_search_cli.py`` checks that
both parsers accept the same options and give the same output.
"""

from __future__ import annotations

import sys

#: Environment variable that overrides the default index location.
INDEX_ENV = "SEARCHTOOL_INDEX"
DEFAULT_INDEX = "index"

#: Commands that :func:`main` runs without Typer (when no help is asked for).
FAST_COMMANDS = ("search", "show")


def __getattr__(name: str):
    if name == "app":
        from searchtool.cli.common import app

        _register()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _register() -> None:
    from searchtool.cli import eval_cmd, index_cmd, parse_cmd, search_cmd  # noqa: F401  (registration)


def _search_parser():
    import argparse

    p = argparse.ArgumentParser(prog="searchtool search", add_help=False, allow_abbrev=False)
    p.add_argument("query", nargs="*")
    p.add_argument("--speaker")
    p.add_argument("--type", dest="type_")
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--sort", default="relevance")
    p.add_argument("--limit", "-n", type=int, default=10)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--any", dest="any_", action="store_true")
    p.add_argument("--index")
    p.add_argument("--json", dest="json_", action="store_true")
    p.add_argument("--facet", action="append")
    p.add_argument("--color", default="auto")
    return p


def _show_parser():
    import argparse

    p = argparse.ArgumentParser(prog="searchtool show", add_help=False, allow_abbrev=False)
    p.add_argument("ident")
    p.add_argument("--query", "-q")
    p.add_argument("--index")
    p.add_argument("--json", dest="json_", action="store_true")
    p.add_argument("--color", default="auto")
    p.add_argument("--pager", dest="pager", action="store_true", default=True)
    p.add_argument("--no-pager", dest="pager", action="store_false")
    return p


def _parse(parser, argv: list[str]):
    """Parsed options, or ``None`` when argparse would fail: Typer then reports the problem."""
    takes_value = {o for a in parser._actions if a.nargs is None and a.option_strings for o in a.option_strings}
    joined: list[str] = []
    i = 0
    while i < len(argv):  # "--sort -date": argparse would read "-date" as an option, Click does not
        if argv[i] in takes_value and i + 1 < len(argv):
            joined.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            joined.append(argv[i])
            i += 1
    try:
        args, rest = parser.parse_known_args(joined)
    except SystemExit:
        return None
    return None if rest else args


def resolve_index_dir(option):
    """The index folder: ``--index`` if given, else ``$SEARCHTOOL_INDEX``, else ``./index``.

    Defined here, free of Typer, for the fast path; :mod:`searchtool.cli.common` re-exports it.
    """
    import os
    from pathlib import Path

    if option is not None:
        return Path(option)
    env = os.environ.get(INDEX_ENV)
    return Path(env) if env else Path(DEFAULT_INDEX)


def _index_dir(value: str | None):
    return resolve_index_dir(value)


def run_fast(argv: list[str]) -> int | None:
    """Run ``search``/``show`` without Typer; ``None`` when this path does not apply."""
    if not argv or argv[0] not in FAST_COMMANDS:
        return None
    if any(a in ("-h", "--help") for a in argv[1:]) or "--" in argv[1:]:
        return None
    if argv[0] == "search":
        args = _parse(_search_parser(), argv[1:])
        if args is None:
            return None
        from searchtool.render import print_search
        from searchtool.search import SearchRequest, split_facets

        request = SearchRequest(
            query=" ".join(args.query),
            speaker=args.speaker,
            type=args.type_,
            since=args.since,
            until=args.until,
            sort=args.sort,
            limit=args.limit,
            page=args.page,
            any=args.any_,
            facets=split_facets(args.facet),
        )
        return print_search(_index_dir(args.index), request, json_output=args.json_, color=args.color)
    args = _parse(_show_parser(), argv[1:])
    if args is None:
        return None
    from searchtool.render import print_document

    return print_document(
        _index_dir(args.index), args.ident, query=args.query, json_output=args.json_, color=args.color, pager=args.pager
    )


def run_guarded(run) -> None:
    """Call ``run()``; library errors, Ctrl-C and a closed pipe end as one line and an exit code."""
    from searchtool.errors import SearchtoolError

    try:
        code = run()
    except SearchtoolError as err:  # raised by the library below a command
        sys.stderr.write(f"searchtool: error: {err}\n")
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("searchtool: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error worth a traceback.
        _quiet_broken_pipe()
        sys.exit(0)
    if code is not None:
        sys.exit(code)


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    if argv and argv[0] in FAST_COMMANDS:
        run_guarded(lambda: run_fast(argv))  # exits unless this path does not apply
    from searchtool.cli.common import run_app

    _register()
    run_app()


def _quiet_broken_pipe() -> None:
    import os

    # Point stdout at /dev/null so the interpreter's final flush does not fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


__all__ = ["app", "main", "run_fast"]

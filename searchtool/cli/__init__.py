"""The command-line face of searchtool.

Thin by design: each command parses its arguments and calls the library. Heavy modules (Whoosh,
the reader, the renderer) are imported inside the command bodies so that ``searchtool --help``
and every command start fast. Each command lives in its own module; importing them is what
registers them on the Typer app (done on first access to :data:`app`).

Start-up: ``search`` and ``show`` are what users run most, and a whole search must take well
under 100 ms, of which importing Typer (~35 ms) and building its command tree (plus ~60 ms when
pydantic happens to be installed) would be the largest part. :func:`main` therefore parses those
two commands with a small option table (:data:`SEARCH_SPEC`, :data:`SHOW_SPEC`) and calls the same library functions as the Typer commands;
``--help`` and every other command go through Typer. ``tests/test_search_cli.py`` checks that
both parsers accept the same options and give the same output.
"""

from __future__ import annotations

import os
import sys

#: Environment variable that overrides the default index location.
INDEX_ENV = "SEARCHTOOL_INDEX"
DEFAULT_INDEX = "index"

#: Set it (to anything) to see the traceback of an internal error instead of one line.
DEBUG_ENV = "SEARCHTOOL_DEBUG"
#: Exit code of an internal error (an error, as for the grep convention).
EXIT_INTERNAL = 2

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


class _Spec:
    """A command's options for the fast path: name -> (destination, kind, default).

    Kinds: ``str``/``int`` take a value, ``append`` collects values, ``true``/``false`` are
    flags. Deliberately tiny (argparse alone costs ~7 ms of start-up); anything it does not
    understand goes to Typer, which reports it.
    """

    def __init__(self, positional: str, options: dict, many: bool):
        self.positional = positional
        self.options = options
        self.many = many

    def parse(self, argv: list[str]) -> dict | None:
        values: dict = {dest: default for dest, _kind, default in self.options.values()}
        words: list[str] = []
        i = 0
        while i < len(argv):
            arg = argv[i]
            i += 1
            if not (arg.startswith("-") and len(arg) > 1):
                words.append(arg)
                continue
            name, eq, value = arg.partition("=")
            if name not in self.options:
                if self.many and is_query_word(arg):
                    words.append(arg)  # NATO -Russia: an exclusion, not an option
                    continue
                return None
            dest, kind, _default = self.options[name]
            if kind in ("true", "false"):
                if eq:
                    return None
                values[dest] = kind == "true"
                continue
            if not eq:
                if i >= len(argv):
                    return None
                value = argv[i]
                i += 1
            if kind == "int":
                try:
                    values[dest] = int(value)
                except ValueError:
                    return None
            elif kind == "append":
                values[dest] = [*values[dest], value]
            else:
                values[dest] = value
        if self.many:
            values[self.positional] = words
        elif len(words) == 1:
            values[self.positional] = words[0]
        else:
            return None
        return values


def is_query_word(arg: str) -> bool:
    """Whether an argument that is not a known option is query text: ``-word`` (an exclusion)
    is; ``--word`` is a mistyped option, left to Typer to report."""
    return len(arg) > 1 and arg[0] == "-" and arg[1] != "-"


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


SEARCH_SPEC = _Spec(
    "query",
    {
        "--speaker": ("speaker", "str", None),
        "--type": ("type_", "str", None),
        "--since": ("since", "str", None),
        "--until": ("until", "str", None),
        "--sort": ("sort", "str", "relevance"),
        "--limit": ("limit", "int", 10),
        "-n": ("limit", "int", 10),
        "--page": ("page", "int", 1),
        "--any": ("any_", "true", False),
        "--index": ("index", "str", None),
        "--json": ("json_", "true", False),
        "--facet": ("facet", "append", []),
        "--color": ("color", "str", "auto"),
    },
    many=True,
)

SHOW_SPEC = _Spec(
    "ident",
    {
        "--query": ("query", "str", None),
        "-q": ("query", "str", None),
        "--index": ("index", "str", None),
        "--json": ("json_", "true", False),
        "--color": ("color", "str", "auto"),
        "--pager": ("pager", "true", True),
        "--no-pager": ("pager", "false", True),
    },
    many=False,
)


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


def run_fast(argv: list[str]) -> int | None:
    """Run ``search``/``show`` without Typer; ``None`` when this path does not apply."""
    if not argv or argv[0] not in FAST_COMMANDS:
        return None
    if any(a in ("-h", "--help") for a in argv[1:]) or "--" in argv[1:]:
        return None
    if argv[0] == "search":
        args = SEARCH_SPEC.parse(argv[1:])
        if args is None:
            return None
        from searchtool.output.render import print_search
        from searchtool.searching.engine import SearchRequest, split_facets

        request = SearchRequest(
            query=" ".join(args["query"]),
            speaker=args["speaker"],
            type=args["type_"],
            since=args["since"],
            until=args["until"],
            sort=args["sort"],
            limit=args["limit"],
            page=args["page"],
            any=args["any_"],
            facets=split_facets(args["facet"]),
        )
        return print_search(resolve_index_dir(args["index"]), request, json_output=args["json_"], color=args["color"])
    args = SHOW_SPEC.parse(argv[1:])
    if args is None:
        return None
    from searchtool.output.render import print_document

    return print_document(
        resolve_index_dir(args["index"]),
        args["ident"],
        query=args["query"],
        json_output=args["json_"],
        color=args["color"],
        pager=args["pager"],
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
    except Exception as err:  # a bug: one line that says so, the traceback only on request
        if os.environ.get(DEBUG_ENV):
            raise
        detail = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        detail = detail.splitlines()[0] if detail.strip() else type(err).__name__
        sys.stderr.write(
            f"searchtool: error: internal error ({detail[:300]}); please report it, "
            f"with the traceback that {DEBUG_ENV}=1 shows\n"
        )
        sys.exit(EXIT_INTERNAL)
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

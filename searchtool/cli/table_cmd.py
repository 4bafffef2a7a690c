"""A Typer command made from an option table (:mod:`searchtool.cli.options`): its parameters,
names, defaults and help come from the table, so that an option added to a shared part of the
table (a filter in ``FILTERS``) reaches every command that lists it with no code of its own.

The body receives the parsed values by destination, as the search/show bodies do, and returns
the exit code. Ctrl-C ends the run with one line (Click would print "Aborted!").
"""

from __future__ import annotations

import inspect
import sys
from typing import List, Optional

import typer

from searchtool.cli.common import command
from searchtool.cli.options import CommandOptions
from searchtool.cli.search_cmd import SearchCommand

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Mapping

#: The Python type of each option kind, for Typer.
KIND_TYPES = {"str": Optional[str], "int": int, "append": Optional[List[str]], "flag": bool}
#: Exit code after Ctrl-C (128 + SIGINT), as for every other command.
EXIT_INTERRUPTED = 130


def table_command(name: str, spec: CommandOptions, body: Callable[[Mapping[str, Any]], int], doc: str) -> None:
    """Register command ``name`` with ``spec``'s argument and options, running ``body``."""
    params = []
    arg = spec.argument
    default = typer.Argument(None if arg.many else ..., help=arg.help, metavar=arg.metavar, show_default=False)
    params.append(inspect.Parameter(arg.dest, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default,
                                    annotation=List[str] if arg.many else str))
    for option in spec.options:
        names = list(option.names)
        if option.negation:
            names[0] = f"{names[0]}/{option.negation}"
        params.append(inspect.Parameter(option.dest, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                        default=typer.Option(option.default, *names, help=option.help),
                                        annotation=KIND_TYPES[option.kind]))

    def run(**values: Any) -> None:
        try:
            code = body(values)
        except KeyboardInterrupt:
            sys.stderr.write("searchtool: interrupted\n")
            code = EXIT_INTERRUPTED
        raise typer.Exit(code)

    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__doc__ = doc
    run.__name__ = run.__qualname__ = f"{name}_command"
    command(name, cls=SearchCommand)(run)

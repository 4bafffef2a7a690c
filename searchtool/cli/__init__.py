"""The command-line face of searchtool: :func:`main` (the console script) and the Typer ``app``.

Thin by design: each command parses its arguments, calls one library function and hands the
result to :mod:`searchtool.output`. ``search`` and ``show`` are parsed without Typer
(:mod:`searchtool.cli.fastpath`, for start-up time); ``--help`` and every other command go
through the Typer app, whose commands are registered on first access to :data:`app`. The
pieces: :mod:`~searchtool.cli.options` (the option table of search/show),
:mod:`~searchtool.cli.args` (index folder, query words, the search request),
:mod:`~searchtool.cli.run` (the search/show bodies), :mod:`~searchtool.cli.guard` (how errors
end), :mod:`~searchtool.cli.common` (the Typer app), and one module per command group.
"""

from __future__ import annotations

import sys

from searchtool.cli.guard import run_guarded
from searchtool.cli.options import COMMANDS

#: The commands parsed without Typer (:mod:`searchtool.cli.fastpath`).
FAST_COMMANDS = tuple(COMMANDS)


def __getattr__(name: str):
    if name == "run_fast":
        from searchtool.cli.fastpath import run_fast  # start-up: not needed when a resident process answers

        return run_fast
    if name == "app":
        from searchtool.cli.common import (
            app,  # start-up: Typer ~35 ms, only when the app is asked for
        )

        _register()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _register() -> None:
    # start-up: the commands import Typer; importing them is what registers them on the app
    from searchtool.cli import eval_cmd, index_cmd, parse_cmd, people_cmd, search_cmd  # noqa: F401  (registration)
    # start-up: as above; imported last so that --help lists these commands after the others
    from searchtool.cli import analysis_cmd, cite_cmd, dups_cmd, resident_cmd, watch_cmd  # noqa: F401  (registration)


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    if argv and argv[0] in FAST_COMMANDS:
        from searchtool.cli.resident_client import run_via_resident  # start-up: ~1 ms, all a warm search imports

        run_guarded(lambda: run_via_resident(argv))  # exits when a resident process answered
        from searchtool.cli.fastpath import run_fast  # start-up: the parser and the engine, when this process searches

        run_guarded(lambda: run_fast(argv))  # exits unless this path does not apply
    from searchtool.cli.common import (
        run_app,  # start-up: Typer ~35 ms, not on the fast path
    )

    _register()
    run_app()


__all__ = ["app", "main", "run_fast"]

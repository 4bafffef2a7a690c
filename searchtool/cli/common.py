"""Shared pieces of the CLI: the Typer app, index-location resolution and error reporting."""

from __future__ import annotations

import functools
import sys

import typer

from searchtool.errors import EXIT_ERROR, SearchtoolError

app = typer.Typer(
    name="searchtool",
    help="Full-text search for collections of official statements: index a folder, then search it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: Rich-formatted help imports Rich and markdown-it (~60 ms) on every --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# The index location is resolved in the Typer-free package module (the fast entry path needs it).
from searchtool.cli import DEFAULT_INDEX, INDEX_ENV, resolve_index_dir  # noqa: E402,F401  (re-exported)


def fail(message: str, code: int = EXIT_ERROR) -> "typer.Exit":
    """Print ``searchtool: error: MESSAGE`` on stderr and return the Exit to raise."""
    sys.stderr.write(f"searchtool: error: {message}\n")
    return typer.Exit(code)


def command(*args, **kwargs):
    """Register a command on the app whose library errors end as one line and an exit code.

    Use instead of ``@app.command``: a :class:`SearchtoolError` raised anywhere below the command
    becomes ``searchtool: error: ...`` on stderr and its exit code, in the installed script and in
    Typer's CliRunner alike (so tests see exactly what users see).
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*a, **kw):
            try:
                return func(*a, **kw)
            except SearchtoolError as err:
                raise fail(str(err), err.exit_code) from None

        return app.command(*args, **kwargs)(wrapper)

    return decorate


def run_app() -> None:
    """Run the Typer app, turning library errors and Ctrl-C into one line and an exit code."""
    from searchtool.cli import run_guarded

    run_guarded(lambda: app(standalone_mode=True))

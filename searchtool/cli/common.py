"""The Typer app and the decorator that registers a command on it."""

from __future__ import annotations

import functools

import typer

from searchtool.cli.guard import report, run_guarded
from searchtool.errors import SearchtoolError

app = typer.Typer(
    name="searchtool",
    help="Full-text search for collections of official statements: index a folder, then search it.",
    no_args_is_help=True,
    # --install-completion / --show-completion for bash, zsh, fish and PowerShell (Typer's own)
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: Rich-formatted help imports Rich and markdown-it (~60 ms) on every --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from searchtool import __version__  # start-up: only for --version

        typer.echo(f"searchtool {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Full-text search for collections of official statements: index a folder, then search it."""


def command(*args, on: typer.Typer | None = None, **kwargs):
    """Register a command on the app (or the command group ``on``) whose library errors end as
    one line and an exit code.

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
                raise typer.Exit(report(err)) from None

        return (on or app).command(*args, **kwargs)(wrapper)

    return decorate


def run_app() -> None:
    """Run the Typer app, turning library errors and Ctrl-C into one line and an exit code."""
    run_guarded(lambda: app(standalone_mode=True))

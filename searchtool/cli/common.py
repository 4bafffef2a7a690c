"""The Typer app and the decorator that registers a command on it."""

from __future__ import annotations

import functools
import sys

import typer

from searchtool.cli.guard import quiet_broken_pipe, report, run_guarded, say_error
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
                result = func(*a, **kw)
                sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
                return result
            except SearchtoolError as err:
                raise typer.Exit(report(err)) from None
            except BrokenPipeError:
                # The reader went away (`stats | head -1`): exit 0 quietly, as `search` does;
                # Click would make it exit 1, which by the grep convention means "nothing found".
                quiet_broken_pipe()
                raise typer.Exit(0) from None

        return (on or app).command(*args, **kwargs)(wrapper)

    return decorate


def run_app() -> None:
    """Run the Typer app, turning library errors, usage errors and Ctrl-C into one line and an
    exit code."""
    run_guarded(_run_app_once)


def _run_app_once() -> int:
    # Click's own ending of a usage error is four lines (usage, hint, blank, error); ours is one,
    # as the fast path says it for search and show.
    usage_error, click_error = _click_error_classes()
    try:
        code = app(standalone_mode=False)
    except usage_error as err:
        if type(err).__name__ == "NoArgsIsHelpError":  # bare `searchtool`: the help, as before
            err.show()
            return err.exit_code
        ctx = getattr(err, "ctx", None)
        where = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
        say_error(" ".join(err.format_message().split()) + where)
        return 2
    except click_error as err:
        say_error(" ".join(err.format_message().split()))
        return err.exit_code
    except typer.Abort:
        raise KeyboardInterrupt from None
    except SystemExit:
        # Click's own ending of a closed pipe met while it writes (the help): exit 1 after
        # wrapping stdout; a closed pipe is no failure here, as anywhere else.
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            quiet_broken_pipe()
            return 0
        raise
    return code if isinstance(code, int) else 0


def _click_error_classes() -> tuple[type, type]:
    """Click's UsageError and ClickException, from the Click Typer uses (its own copy since
    Typer 0.2x, the ``click`` package before): found through a class Typer exports."""
    bases = {cls.__name__: cls for cls in typer.BadParameter.__mro__}
    return bases["UsageError"], bases["ClickException"]

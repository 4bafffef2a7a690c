"""How a run ends when something goes wrong: one ``searchtool: error:`` line and an exit code.

Library errors carry their own message and code (:class:`~searchtool.errors.SearchtoolError`);
Ctrl-C is exit 130; a reader that went away (``| head``) is no error at all; anything else is a
bug, reported in one line that says so (the traceback only with ``SEARCHTOOL_DEBUG`` set).
"""

from __future__ import annotations

import os
import sys

from searchtool.errors import SearchtoolError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Callable

#: Set it (to anything) to see the traceback of an internal error instead of one line.
DEBUG_ENV = "SEARCHTOOL_DEBUG"
#: Exit code of an internal error (an error, as for the grep convention).
EXIT_INTERNAL = 2


def say_error(message: str) -> None:
    """``searchtool: error: MESSAGE`` on stderr: how every error reaches the user."""
    from searchtool.controls import neutralise  # start-up: ~1 ms of a warm search's 30, only for an error

    sys.stderr.write(f"searchtool: error: {neutralise(message)}\n")


def report(err: SearchtoolError) -> int:
    """Say a library error; its exit code."""
    say_error(str(err))
    return err.exit_code


def run_guarded(run: Callable[[], int | None]) -> None:
    """Call ``run()`` and exit with its code (stay when it gives ``None``); library errors,
    Ctrl-C and a closed pipe end as one line and an exit code."""
    try:
        code = run()
    except SearchtoolError as err:  # raised by the library below a command
        sys.exit(report(err))
    except KeyboardInterrupt:
        sys.stderr.write("searchtool: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error worth a traceback.
        quiet_broken_pipe()
        sys.exit(0)
    except Exception as err:  # a bug: one line that says so, the traceback only on request
        if os.environ.get(DEBUG_ENV):
            raise
        say_error(internal_error_line(err))
        sys.exit(EXIT_INTERNAL)
    if code is not None:
        sys.exit(code)


def internal_error_line(err: BaseException) -> str:
    """What an unexpected exception is called: its type and first line, and what to do."""
    detail = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    detail = detail.splitlines()[0] if detail.strip() else type(err).__name__
    return f"internal error ({detail[:300]}); please report it, with the traceback that {DEBUG_ENV}=1 shows"


def quiet_broken_pipe() -> None:
    # Point stdout at /dev/null so the interpreter's final flush does not fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

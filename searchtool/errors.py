"""Errors that reach the user as one line and an exit code, never as a traceback."""

from __future__ import annotations

#: Exit codes, like grep/ripgrep: 0 success (or hits), 1 nothing found, 2 an error.
EXIT_OK = 0
EXIT_NO_MATCH = 1
EXIT_ERROR = 2


class SearchtoolError(Exception):
    """A failure the user can act on. ``str(err)`` is the one-line message shown to them."""

    exit_code: int = EXIT_ERROR

    def __init__(self, message: str, *, exit_code: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class UsageError(SearchtoolError):
    """Bad arguments or a query that cannot be parsed (exit 2)."""


class IndexMissingError(SearchtoolError):
    """No index where one was expected; the message says how to build it."""


class IndexLockedError(SearchtoolError):
    """Another writer holds the index lock beyond the waiting time."""

"""The command-line face of searchtool.

Thin by design: each command parses its arguments and calls the library. Heavy modules (Whoosh,
the reader, the renderer) are imported inside the command bodies so that ``searchtool --help``
and every command start fast. Each command lives in its own module; importing them here is what
registers them on the Typer app.
"""

from __future__ import annotations

from searchtool.cli.common import app, run_app
from searchtool.cli import parse_cmd, index_cmd, search_cmd, eval_cmd  # noqa: F401  (registration)


def main() -> None:
    """Console-script entry point."""
    run_app()


__all__ = ["app", "main"]

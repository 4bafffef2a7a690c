"""Running the CLI inside the test process, as Typer's runner does (output captured)."""

from __future__ import annotations

from typer.testing import CliRunner

from searchtool.cli import app


def run(*args: str, env: dict | None = None):
    """``searchtool ARGS...`` through the Typer app; the runner's result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(app, list(args), env=env)

"""The CLI starts and lists its commands."""

from typer.testing import CliRunner

from searchtool.cli import app


def test_help_lists_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "searchtool" in result.output.lower() or "Usage" in result.output

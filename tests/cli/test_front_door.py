"""The front door: ``--version`` and shell completion (Typer's) for bash, zsh and fish."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from searchtool import __version__
from searchtool.cli import app
from tests.support.cli import run


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    result = run(flag)
    assert result.exit_code == 0 and result.stdout == f"searchtool {__version__}\n"


def _as_installed(args: list[str], env: dict[str, str]):
    """The app as the installed ``searchtool`` script runs (its name picks the variable that
    Typer's completion reads: ``_SEARCHTOOL_COMPLETE``)."""
    return CliRunner().invoke(app, args, env=env, prog_name="searchtool")


def _complete(shell: str, words: str) -> str:
    env = {"_SEARCHTOOL_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words,
           "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1), "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = _as_installed([], env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_commands_and_options_for_each_shell(shell):
    # Typer reads its shell-choosing switch when the app is built: a process of its own
    code = "import sys; sys.argv[0] = 'searchtool'; from searchtool.cli import main; main()"
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run([sys.executable, "-c", code, "--show-completion", shell], env=env,
                            capture_output=True, text=True, timeout=60)
    assert script.returncode == 0 and f"_SEARCHTOOL_COMPLETE=complete_{shell}" in script.stdout, script.stderr
    assert "stats" in _complete(shell, "searchtool st")
    assert "--rebuild" in _complete(shell, "searchtool index --re")

"""The real ``searchtool search`` process on a pseudo-terminal, as a person runs it: colour
follows the terminal, ``NO_COLOR``, ``--color`` and ``TERM``, and results wrap to its width."""

from __future__ import annotations

import os
import re
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

if sys.platform != "win32":
    from benchmarks.pty_run import run_in_pty  # the benchmark's own runner: tests and figures see one terminal

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def _env(**changes: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    env.update(changes)
    return {k: v for k, v in env.items() if v is not None}


def search(index, *args: str, env: dict, columns: int = 60) -> str:
    cmd = [sys.executable, "-m", "searchtool", "search", "--index", str(index), *args]
    code, out = run_in_pty(cmd, env, columns=columns)
    assert code == 0, out
    return out.replace("\r\n", "\n")


def test_a_terminal_gets_colour_and_lines_wrapped_to_its_width(index):
    out = search(index, "missile defence", env=_env(), columns=60)
    assert "\x1b[1;30;43m" in out and "\x1b[1;32m" in out
    narrow = ESCAPE.sub("", out).splitlines()
    wide = ESCAPE.sub("", search(index, "missile defence", env=_env(), columns=400)).splitlines()
    assert max(len(line) for line in narrow) <= 60 < max(len(line) for line in wide)
    assert len(narrow) > len(wide)
    words = [re.sub(r"\(\d+ ms\)", "", " ".join(lines)).split() for lines in (narrow, wide)]
    assert words[0] == words[1]  # the same text, only broken into more lines


def test_no_color_a_dumb_terminal_and_never_turn_the_codes_off(index):
    for out in (
        search(index, "missile", env=_env(NO_COLOR="1")),
        search(index, "missile", "--color", "never", env=_env()),
        search(index, "missile", env=_env(TERM="dumb")),
        search(index, "missile", "--color", "always", env=_env(TERM="dumb")),
    ):
        assert "\x1b[" not in out and "missile" in out.lower()
    assert "\x1b[1;30;43m" in search(index, "missile", "--color", "always", env=_env(NO_COLOR="1"))

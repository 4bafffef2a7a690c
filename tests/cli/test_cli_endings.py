"""How the installed command ends outside the happy path: into a closed pipe every command
exits 0 quietly (as grep's users expect of `| head -1`), a usage error is one line with exit 2,
and nothing prints a Python warning (design/reliability.md §3 and §7)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.collection import write_collection

CLI = [sys.executable, "-c", "from searchtool.cli import main; main()"]


def run_main(monkeypatch, capsys, *args: str, stdout=None) -> tuple[int, str]:
    """``searchtool ARGS`` through the console script's entry point, in this process (a process
    each would cost ~0.8 s here); its exit code and stderr."""
    from searchtool.cli import main

    monkeypatch.setattr(sys, "argv", ["searchtool", *args])
    if stdout is not None:
        monkeypatch.setattr(sys, "stdout", stdout)
    with pytest.raises(SystemExit) as ended:
        main()
    code = ended.value.code
    return (0 if code is None else code), capsys.readouterr().err


def run_into_closed_pipe(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """``searchtool ARGS`` whose stdout is a pipe nobody reads any more: the first write fails
    (EPIPE), whatever the size of the output."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    out = os.fdopen(write_end, "w", encoding="utf-8", buffering=1)  # each line reaches the pipe
    try:
        return run_main(monkeypatch, capsys, *args, stdout=out)
    finally:
        try:
            out.close()
        except OSError:  # what is still buffered cannot reach a closed pipe
            pass


@pytest.fixture(scope="module")
def statement_id(index):
    done = subprocess.run([*CLI, "search", "--index", str(index), "nato", "--json"], capture_output=True, text=True)
    import json

    return json.loads(done.stdout)["hits"][0]["id"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_collection(tmp_path_factory.mktemp("pipe") / "corpus", n=4, words=30)


COMMANDS = [
    ("search", "nato"),
    ("search", "nato", "--color", "always"),
    ("show", "{id}", "--no-pager"),
    ("stats",),
    ("kwic", "nato"),
    ("timeline", "nato"),
    ("cite", "{id}"),
    ("dups",),
    ("parse", "{corpus}"),
    ("--help",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_into_a_closed_pipe_exits_0_quietly(monkeypatch, capsys, index, statement_id, corpus, command):
    args = [a.format(id=statement_id, corpus=corpus) for a in command]
    if args[0] not in ("parse", "--help") and "--help" not in args:
        args += ["--index", str(index)]
    code, err = run_into_closed_pipe(monkeypatch, capsys, *args)
    assert code == 0 and err == "", (code, err)


@pytest.mark.parametrize(
    "args, says",
    [
        (("stats", "--frob"), "No such option: --frob"),
        (("show", "a", "b"), "unexpected extra argument"),
        (("index", "--jobs", "0"), "--jobs"),
        (("index", "--wait", "nan"), "--wait"),
        (("stats", "--top", "-1"), "--top"),
        (("frob",), "No such command 'frob'"),
    ],
)
def test_a_usage_error_is_one_line_with_exit_2(monkeypatch, capsys, tmp_path, args, says):
    monkeypatch.chdir(tmp_path)
    code, err = run_main(monkeypatch, capsys, *args)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert lines[0].startswith("searchtool: error: ") and says in lines[0] and "--help" in lines[0]


def test_no_warning_reaches_the_user_even_when_whoosh_is_compiled_afresh(index, tmp_path):
    """Whoosh 2.7.4 has `x is 0` comparisons: compiling it (no .pyc yet, a read-only
    site-packages, PYTHONDONTWRITEBYTECODE) prints a SyntaxWarning on every run. `-W error`
    turns any warning that reaches the user into a failure."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    args = ["search", "nato", "--index", str(index)]
    done = subprocess.run([sys.executable, "-W", "error", *CLI[1:], *args], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr

"""The fast entry path (``search``/``show`` without Typer) and the Typer commands: the same
options, from the one table in ``searchtool.cli.options``, the same values handed to the same
bodies, the same output."""

import re

import pytest
from typer.testing import CliRunner

from searchtool.cli import app, fastpath, search_cmd
from searchtool.cli.fastparse import PARSERS
from searchtool.cli.fastpath import run_fast
from searchtool.cli.options import COMMANDS


def _typer_command(name):
    import typer.main

    return typer.main.get_command(app).commands[name]


def _typer_options(name):
    command = _typer_command(name)
    return sorted(o for p in command.params for o in p.opts + p.secondary_opts if o.startswith("-"))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_fast_path_accepts_exactly_the_typer_options(name):
    assert sorted(PARSERS[name].options) == _typer_options(name)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_typer_parameters_are_the_table_s_options(name):
    spec = COMMANDS[name]
    params = {p.name: p for p in _typer_command(name).params}
    assert set(params) == {spec.argument.dest} | {o.dest for o in spec.options}
    argument = params[spec.argument.dest]
    assert argument.param_type_name == "argument" and argument.help == spec.argument.help
    assert (argument.nargs == -1) == spec.argument.many
    for option in spec.options:
        param = params[option.dest]
        assert param.param_type_name == "option"
        assert param.opts == list(option.names), option.dest
        assert param.secondary_opts == ([option.negation] if option.negation else [])
        assert param.help == option.help and param.default == option.default, option.dest
        assert param.is_flag == (option.kind == "flag") and param.multiple == (option.kind == "append")


ARGS = {
    "search": [
        ["missile defence"],
        ["--json", "negotiat*", "--limit", "2"],
        ["missile", "--facet", "speaker", "--sort", "-date"],
        ["missile", "--facet=year", "--sort=date", "-n", "2", "--page=2"],
        ["--speaker", "lavrov", "--type", "speech", "--since", "2013", "--until", "2014", "--any", "arms"],
        ["--json", "strategic stability nuclear weapons"],
        ["missle", "defense"],
        ["missile", "-lavrov", "--color", "never"],
        ["zzyzx"],
    ],
    "show": [
        ["fx02"],
        ["fx01", "--json", "-q", "missile"],
        ["fx01", "--query=missile defence", "--color", "never", "--no-pager"],
        ["--pager", "fx09"],
    ],
}
CASES = [(name, args) for name, cases in ARGS.items() for args in cases]


def _same(values):
    """Values as both parsers give them: the index folder as text, no facets as None."""
    values = dict(values)
    values["index"] = str(values["index"])
    if "facet" in values:
        values["facet"] = list(values["facet"] or []) or None
    return values


@pytest.mark.parametrize("name, args", CASES)
def test_both_parsers_hand_the_body_the_same_values(index, name, args, monkeypatch):
    seen = []
    body = lambda values, out=None: seen.append(_same(values)) or 0  # noqa: E731
    monkeypatch.setitem(fastpath.BODIES, name, body)
    monkeypatch.setattr(search_cmd, f"run_{name}", body)
    assert run_fast([name, "--index", str(index), *args]) == 0
    assert CliRunner().invoke(app, [name, "--index", str(index), *args]).exit_code == 0
    assert len(seen) == 2 and seen[0] == seen[1]


@pytest.mark.parametrize("name, args", CASES)
def test_fast_path_prints_what_typer_prints(index, name, args, capsys):
    code = run_fast([name, "--index", str(index), *args])
    fast = capsys.readouterr().out
    slow = CliRunner().invoke(app, [name, "--index", str(index), *args])
    assert code == slow.exit_code
    strip = lambda s: re.sub(r"\(\d+ ms\)", "(N ms)", s)  # noqa: E731
    assert strip(fast) == strip(slow.stdout)


def test_fast_path_leaves_help_and_bad_options_to_typer():
    assert run_fast(["search", "--help"]) is None
    assert run_fast(["search", "--bogus", "x"]) is None
    assert run_fast(["search", "x", "--limit"]) is None
    assert run_fast(["search", "x", "--limit", "ten"]) is None
    assert run_fast(["search", "x", "--json=yes"]) is None
    assert run_fast(["search", "x", "--", "-y"]) is None
    assert run_fast(["show"]) is None
    assert run_fast(["show", "a", "b"]) is None
    assert run_fast(["show", "a", "--no-pager=yes"]) is None
    assert run_fast(["index"]) is None

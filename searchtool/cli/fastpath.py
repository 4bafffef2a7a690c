"""``search`` and ``show`` without Typer: a small parser over the option table.

Start-up: these are what users run most, and a whole search must take well under 100 ms, of
which importing Typer (~35 ms) and building its command tree (plus ~60 ms when pydantic happens
to be installed) would be the largest part; argparse alone costs ~7 ms. So :func:`run_fast`
parses the two commands from :mod:`searchtool.cli.options` (the table the Typer commands take
their options from) and runs the same command bodies (:mod:`searchtool.cli.run`). Anything it
does not understand (``--help``, ``--``, an unknown option, a missing or bad value) goes to
Typer, which reports it.
"""

from __future__ import annotations

from searchtool.cli.args import is_query_word
from searchtool.cli.options import COMMANDS, CommandOptions
from searchtool.cli.run import run_search, run_show

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

#: Commands that :func:`run_fast` runs (when no help is asked for).
FAST_COMMANDS = tuple(COMMANDS)


class Parser:
    """A command's options for the fast path: option name -> (destination, kind, default).

    Kinds: ``str``/``int`` take a value, ``append`` collects values, ``true``/``false`` are a
    flag and its negation. Deliberately tiny; :meth:`parse` says ``None`` for anything else.
    """

    def __init__(self, spec: CommandOptions):
        self.positional = spec.argument.dest
        self.many = spec.argument.many
        self.options: dict[str, tuple[str, str, Any]] = {}
        for option in spec.options:
            kind = "true" if option.kind == "flag" else option.kind
            for name in option.names:
                self.options[name] = (option.dest, kind, option.default)
            if option.negation:
                self.options[option.negation] = (option.dest, "false", option.default)

    def parse(self, argv: list[str]) -> dict[str, Any] | None:
        """The values by destination, or ``None`` when Typer should see these arguments."""
        values: dict[str, Any] = {dest: default for dest, _kind, default in self.options.values()}
        words: list[str] = []
        i = 0
        while i < len(argv):
            arg = argv[i]
            i += 1
            if not (arg.startswith("-") and len(arg) > 1):
                words.append(arg)
                continue
            name, eq, value = arg.partition("=")
            if name not in self.options:
                if self.many and is_query_word(arg):
                    words.append(arg)  # NATO -Russia: an exclusion, not an option
                    continue
                return None
            dest, kind, _default = self.options[name]
            if kind in ("true", "false"):
                if eq:
                    return None
                values[dest] = kind == "true"
                continue
            if not eq:
                if i >= len(argv):
                    return None
                value = argv[i]
                i += 1
            if kind == "int":
                try:
                    values[dest] = int(value)
                except ValueError:
                    return None
            elif kind == "append":
                values[dest] = [*(values[dest] or ()), value]
            else:
                values[dest] = value
        if self.many:
            values[self.positional] = words
        elif len(words) == 1:
            values[self.positional] = words[0]
        else:
            return None
        return values


PARSERS = {name: Parser(spec) for name, spec in COMMANDS.items()}
BODIES = {"search": run_search, "show": run_show}


def run_fast(argv: list[str]) -> int | None:
    """Run ``search``/``show`` without Typer: the exit code, or ``None`` when this path does
    not apply (Typer then parses ``argv`` and says what is wrong)."""
    if not argv or argv[0] not in PARSERS:
        return None
    if any(a in ("-h", "--help") for a in argv[1:]) or "--" in argv[1:]:
        return None
    values = PARSERS[argv[0]].parse(argv[1:])
    if values is None:
        return None
    return BODIES[argv[0]](values)

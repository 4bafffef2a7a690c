"""The fast parser of ``search`` and ``show``: a small parser over the option table.

argparse alone costs ~7 ms and Typer ~35 ms of a search's start-up, so :func:`parse_fast`
parses the two commands from :mod:`searchtool.cli.options` (the table the Typer commands take
their options from) and says ``None`` for anything it does not understand (``--help``, ``--``,
an unknown option, a missing or bad value), which Typer then parses and reports. Used both by
a search in its own process (:mod:`searchtool.cli.fastpath`) and by the client of a resident
one (:mod:`searchtool.cli.resident_client`), which must find the index folder exactly as the
search will: so it imports only the option table.
"""

from __future__ import annotations

import os

from searchtool.cli.options import COMMANDS, CommandOptions

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any


#: Environment variable that overrides the default index location.
INDEX_ENV = "SEARCHTOOL_INDEX"
DEFAULT_INDEX = "index"


def index_folder(option: str | None) -> str:
    """The index folder as given: ``--index`` if given, else ``$SEARCHTOOL_INDEX``, else ``index``."""
    if option is not None:
        return option
    return os.environ.get(INDEX_ENV) or DEFAULT_INDEX


def is_query_word(arg: str) -> bool:
    """Whether an argument that is not a known option is query text: ``-word`` (an exclusion)
    is; ``--word`` is a mistyped option, left to Typer to report."""
    return len(arg) > 1 and arg[0] == "-" and arg[1] != "-"


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


def parse_fast(argv: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The command and its values by destination, or ``None`` when this path does not apply
    (Typer then parses ``argv`` and says what is wrong)."""
    if not argv or argv[0] not in PARSERS:
        return None
    if any(a in ("-h", "--help") for a in argv[1:]) or "--" in argv[1:]:
        return None
    values = PARSERS[argv[0]].parse(argv[1:])
    return None if values is None else (argv[0], values)

"""The options of ``search`` and ``show``, as data: one table that both parsers read.

The fast entry path (:mod:`searchtool.cli.fastpath`) parses these two commands without Typer,
and the Typer commands (:mod:`searchtool.cli.search_cmd`) take each option's names, default and
help from here, so the two can not drift apart (``tests/cli/test_fastpath.py`` checks it).
Free of Typer and of ``typing``: it is imported on every search.
"""

from __future__ import annotations

#: Option kinds: ``str``/``int`` take a value, ``append`` collects values (repeatable), ``flag``
#: is a boolean switch (its ``negation`` name, if any, turns it off).
KINDS = ("str", "int", "append", "flag")


class Option:
    """One option: its names (the first is the long one), where its value goes (the command
    function's parameter), its kind, default and ``--help`` text."""

    __slots__ = ("names", "dest", "kind", "default", "help", "negation")

    def __init__(self, names: tuple[str, ...], dest: str, kind: str, default: object, help: str, negation: str = ""):
        assert kind in KINDS, kind
        self.names = names
        self.dest = dest
        self.kind = kind
        self.default = default
        self.help = help
        self.negation = negation


class Argument:
    """The command's positional argument: ``many`` words (the query) or exactly one (an id)."""

    __slots__ = ("dest", "help", "many", "metavar")

    def __init__(self, dest: str, help: str, many: bool, metavar: str | None = None):
        self.dest = dest
        self.help = help
        self.many = many
        self.metavar = metavar


class CommandOptions:
    """A command's positional argument and options."""

    __slots__ = ("argument", "options")

    def __init__(self, argument: Argument, options: tuple[Option, ...]):
        self.argument = argument
        self.options = options

    def option(self, dest: str) -> Option:
        """The option whose value goes to ``dest``."""
        for option in self.options:
            if option.dest == dest:
                return option
        raise KeyError(dest)

    def defaults(self) -> dict[str, object]:
        """Every option's default by destination: what a command gets when none is given."""
        return {option.dest: option.default for option in self.options}


QUERY_HELP = (
    'Words (all must match), "exact phrases", OR, NOT/-word, +word, (groups), prefix*, word~, '
    "word^2, fields like title:, speaker:lavrov, said:price WORDS, asked:WORDS, type:comment, country:RUS, date:2012-12, date:>=2013, "
    'date:[2012-01-01 TO 2012-06-30], "date:last year". See docs/search.md.'
)
INDEX_HELP = "Index folder (default: $SEARCHTOOL_INDEX or ./index)."

#: The filters of a search, shared by every command that selects statements with a query
#: (search, timeline, kwic, collocates): a filter added here works in all of them.
FILTERS = (
    Option(("--speaker",), "speaker", "str", None, "Only statements by this speaker (any part of the name)."),
    Option(("--type",), "type_", "str", None, "Only statements of this type (comment, press release, ...)."),
    Option(("--lang",), "lang", "str", None, "Only statements in this language (en, ru, uk, fr, es, de, ar, zh)."),
    Option(("--since",), "since", "str", None, "Only statements on or after DATE (2012, 2012-Q3, 2012-12-03, 'last year', -30d)."),
    Option(("--until",), "until", "str", None, "Only statements on or before DATE (same forms as --since)."),
)
ANY = Option(("--any",), "any_", "flag", False, "Match any of the words (ranked OR) instead of all of them.")
INDEX = Option(("--index",), "index", "str", None, INDEX_HELP)
COLOR = Option(("--color",), "color", "str", "auto", "Colour: auto (terminal and no NO_COLOR), always or never.")

SEARCH = CommandOptions(
    Argument("query", QUERY_HELP, many=True),
    (
        *FILTERS,
        Option(("--sort",), "sort", "str", "relevance", "relevance, date (oldest first) or -date (newest first)."),
        Option(("--limit", "-n"), "limit", "int", 10, "Hits per page."),
        Option(("--page",), "page", "int", 1, "Page of hits to show."),
        ANY,
        INDEX,
        Option(("--json",), "json_", "flag", False, "Print one JSON document instead of text."),
        Option(("--facet",), "facet", "append", None, "Count matching statements by speaker, type, year, said or lang (repeatable)."),
        Option(("--passages",), "passages", "flag", False, "List turns (who said it, turn, paragraph) instead of statements."),
        COLOR,
        Option(("--timeline",), "timeline", "flag", False, "Draw the matches over time (a sparkline) above the hits."),
        Option(("--new",), "new", "flag", False, "Only statements the last index run added."),
        Option(("--collapse",), "collapse", "flag", True, "One hit per group of identical statements, the others listed under it.",
               negation="--no-collapse"),
        Option(("--cite",), "cite", "str", None, "Cite each hit's best passage: csl-json, bibtex, ris, md or text."),
    ),
)

SHOW = CommandOptions(
    Argument("ident", "The statement's id (an unambiguous prefix is enough).", many=False, metavar="ID"),
    (
        Option(("--query", "-q"), "query", "str", None, "Highlight this query's matches."),
        Option(("--index",), "index", "str", None, INDEX_HELP),
        Option(("--json",), "json_", "flag", False, "Print the statement as one JSON document."),
        Option(("--color",), "color", "str", "auto", "Colour: auto, always or never."),
        Option(("--pager",), "pager", "flag", True, "Page long output on a terminal.", negation="--no-pager"),
    ),
)

#: The commands the fast path may run, by name.
COMMANDS = {"search": SEARCH, "show": SHOW}

TIMELINE = CommandOptions(
    Argument("query", "One or more queries, one per argument, each in the search syntax (quote a phrase "
             "inside: '\"north korea\"'); one series each.", many=True, metavar="QUERY"),
    (
        Option(("--by",), "by", "str", "month", "Period: year, quarter, month or week."),
        Option(("--per",), "per", "str", "statements", "Share of: statements (published in the period), words, or none (counts)."),
        Option(("--split",), "split", "str", None, "One series per speaker or type (the --top with most matches)."),
        Option(("--top",), "top", "int", 5, "Series per query with --split."),
        *FILTERS,
        ANY,
        INDEX,
        Option(("--json",), "json_", "flag", False, "Print one JSON document: every period, n, N and share per series."),
        Option(("--csv",), "csv_", "flag", False, "Print CSV: query, split, value, period, n, N, share."),
        Option(("--svg",), "svg", "str", None, "Also write the chart as an SVG image to FILE."),
        Option(("--png",), "png", "str", None, "Also write the chart as a PNG image to FILE (needs rsvg-convert)."),
        COLOR,
    ),
)

KWIC = CommandOptions(
    Argument("query", QUERY_HELP, many=True, metavar="QUERY"),
    (
        Option(("--sort",), "sort", "str", "date", "date, left (by the words before), right (by the words after) or speaker."),
        Option(("--width", "-w"), "width", "int", 40, "Characters of context on each side."),
        Option(("--limit", "-n"), "limit", "int", 100, "Most lines (0: all)."),
        *FILTERS,
        ANY,
        INDEX,
        Option(("--json",), "json_", "flag", False, "Print one JSON document with every line."),
        Option(("--csv",), "csv_", "flag", False, "Print CSV: date, speaker, left, match, right, id, paragraph."),
        COLOR,
    ),
)

COLLOCATES = CommandOptions(
    Argument("query", QUERY_HELP, many=True, metavar="QUERY"),
    (
        Option(("--window",), "window", "int", 5, "Words on each side of a match that count as its company."),
        Option(("--measure",), "measure", "str", "logdice", "Association score: logdice, mi or llr (log-likelihood)."),
        Option(("--min",), "min_count", "int", 3, "Least times a word must keep company with the matches."),
        Option(("--top",), "top", "int", 20, "Collocates to list (per speaker with --by)."),
        Option(("--by",), "by", "str", None, "speaker: one list per speaker (the 5 with most matches)."),
        *FILTERS,
        ANY,
        INDEX,
        Option(("--json",), "json_", "flag", False, "Print one JSON document."),
        Option(("--csv",), "csv_", "flag", False, "Print CSV: group, word, forms, together, frequency, score."),
        COLOR,
    ),
)

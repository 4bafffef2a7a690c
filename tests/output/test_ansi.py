"""Styled text in ANSI sequences: styles, the console's width, and wrapping that shows on a
terminal exactly what Rich showed (Rich itself is the reference here, in the test only)."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from searchtool.controls import neutralise
from searchtool.output.ansi import Painter, break_offsets, cell_len, console_width, escape_codes_allowed, sgr
from searchtool.output.terminal import DIM_STYLE, MATCH_STYLE, META_STYLE, TITLE_STYLE
from tests.support.ansi import screen

STYLES = ["", TITLE_STYLE, MATCH_STYLE, META_STYLE, DIM_STYLE, f"{TITLE_STYLE} {MATCH_STYLE}", "bold green"]


def rich_render(runs: list[tuple[str, str]], width: int, indent: int) -> str:
    """What the Rich renderer printed for these runs: a Text, padded by ``indent`` when given."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=width, color_system="standard", highlight=False,
                      soft_wrap=False, _environ={"TERM": "xterm"})
    text = Text()
    for chunk, style in runs:
        text.append(neutralise(chunk), style=style or None)  # as the Rich renderer's hook did
    console.print(Padding(text, (0, 0, 0, indent), expand=False) if indent else text)
    return out.getvalue()


def ours(runs: list[tuple[str, str]], width: int, indent: int) -> str:
    return Painter(width=width, codes=True).lines([(chunk, sgr(style)) for chunk, style in runs], indent)


#: Words, blanks and control characters of statements. Not a decomposed accent ("cafe\u0301"):
#: Rich cropped a line holding one by its characters, not its cells, losing a trailing cell.
WORDS = st.sampled_from(
    ["NATO", "missile", "defense", "a", "the", "Russia’s", "…", "–", "U.S.", "café", "漢字", "東京都",
     "internationalisation", "x" * 30, " ", "  ", "\r", "\x07", "·"]
)


def runs_of(words):
    return st.lists(st.tuples(st.lists(words, min_size=1, max_size=8).map(" ".join), st.sampled_from(STYLES)),
                    min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(runs=runs_of(WORDS), width=st.integers(min_value=8, max_value=70), indent=st.sampled_from([0, 5]))
def test_wrapped_styled_text_shows_as_rich_showed_it(runs, width, indent):
    # An indented line (a hit's metadata, fragment or source) always has text; Rich printed
    # no line at all for a padded empty one.
    assume(indent == 0 or "".join(chunk for chunk, _ in runs))
    assert screen(ours(runs, width, indent)) == screen(rich_render(runs, width, indent))


@settings(max_examples=100, deadline=None)
@given(runs=runs_of(WORDS | st.sampled_from(["\t", "\n"])),
       width=st.integers(min_value=8, max_value=70))
def test_tabs_and_line_breaks_in_a_title_show_as_rich_showed_them(runs, width):
    # Titles only (no indent): fragments never hold either (their whitespace is collapsed), and
    # Rich measured a tab as no cells inside a Padding, which is not worth copying.
    assert screen(ours(runs, width, 0)) == screen(rich_render(runs, width, 0))


@pytest.mark.parametrize("width", [10, 30, 200])
def test_a_snippet_line_wraps_under_its_indent_with_matches_marked(width):
    runs = [("… ", DIM_STYLE), ("plans of the United States and ", ""), ("NATO", MATCH_STYLE),
            (" to build the missile defense system in Europe, continuing the expansion", ""), (" …", DIM_STYLE)]
    got = ours(runs, width, 5)
    assert screen(got) == screen(rich_render(runs, width, 5))
    lines = got.rstrip("\n").split("\n")
    assert all(line.startswith("     ") for line in lines)
    assert (len(lines) > 1) == (width < 200)
    assert "\x1b[1;30;43mNATO\x1b[0m" in got
    assert all(re.findall(r"\x1b\[[0-9;]*m", line)[-1:] in ([], ["\x1b[0m"]) for line in lines)  # no spill


def test_styles_as_sgr_parameters():
    assert sgr("bold black on yellow") == "1;30;43"
    assert sgr("bold bold black on yellow") == "1;30;43"  # a bold title's match
    assert sgr("cyan") == "36" and sgr("dim") == "2" and sgr("") == ""
    assert sgr("red green") == "32"  # a later colour replaces an earlier one
    with pytest.raises(ValueError):
        sgr("blinky")


def test_cells_count_wide_characters_twice_and_combining_marks_not():
    assert cell_len("NATO") == 4
    assert cell_len("Russia’s … –") == 12
    assert cell_len("漢字") == 4
    assert cell_len("cafe\u0301") == 4


def test_a_word_longer_than_the_line_is_cut():
    assert break_offsets("ab " + "x" * 25, 10) == [3, 13, 23]


def test_control_characters_in_the_text_are_shown_not_obeyed():
    got = Painter(width=80, codes=True).lines([("bell\x07 and\r return\x08 \x1b[2J", "1")])
    assert got == "\x1b[1mbell\u2407 and\u240d return\u2408 \u241b[2J\x1b[0m\n"


def test_no_escape_codes_for_a_dumb_terminal_but_the_same_wrapping():
    runs = [("missile defense " * 8, sgr(MATCH_STYLE))]
    plain = Painter(width=40, codes=False).lines(runs, 5)
    coloured = Painter(width=40, codes=True).lines(runs, 5)
    assert "\x1b" not in plain and plain.count("\n") > 1
    assert plain == re.sub(r"\x1b\[[0-9;]*m", "", coloured)


@pytest.mark.parametrize(
    "env, allowed",
    [({"TERM": "dumb"}, False), ({"TERM": "UNKNOWN"}, False), ({"TERM": "xterm-256color"}, True), ({}, True)],
)
def test_escape_codes_follow_the_terminal_type(env, allowed):
    assert escape_codes_allowed(env) is allowed


def test_the_width_comes_from_columns_then_the_terminal_then_80(monkeypatch):
    assert console_width({"COLUMNS": "123"}) == 123
    assert console_width({"COLUMNS": "wide", "TERM": "dumb"}) == 80
    assert console_width({"COLUMNS": "0", "TERM": "dumb"}) == 80

    def no_terminal(fd):
        raise OSError("not a terminal")

    monkeypatch.setattr("os.get_terminal_size", no_terminal)
    assert console_width({"TERM": "xterm"}) == 80
    monkeypatch.setattr("os.get_terminal_size", lambda fd: __import__("os").terminal_size((132, 40)))
    assert console_width({"TERM": "xterm"}) == 132

"""Styled text for a terminal in straight ANSI escape sequences: the style names of
:mod:`searchtool.output.terminal` as SGR codes, the console's width, and word wrapping under an
indent, as Rich lays text out.

Why not Rich here: a coloured search of 10 hits spent ~55 ms in 71 calls of Rich's
``Console.print`` and ~30 ms importing Rich, against ~110 ms for the whole piped search
(UN speeches, issue 15). Search results need only a handful of fixed styles and word wrapping,
so they are written here, one ``write`` per hit; Rich stays for tables, progress bars and
``show``. Wrapping follows Rich's rules (a word is its text and the blanks after it; a line
breaks before a word that does not fit; a word longer than a line is cut by cells), so a
terminal shows what it showed when Rich rendered results; ``tests/output/test_ansi.py`` checks
that against Rich itself. Control characters in the text (a statement's ``ESC``, ``CR``, bidi
overrides) are shown as visible characters (:func:`searchtool.controls.neutralise`), as in
every other output.
"""

from __future__ import annotations

import os
import re
from unicodedata import category, east_asian_width

from searchtool.controls import neutralise

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Iterable

    #: A styled run: (text, SGR parameters such as ``"1;30;43"``, "" for none).
    Run = tuple[str, str]

#: SGR parameters of the attribute words, in the order terminals (and Rich) write them.
ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 3, "underline": 4, "blink": 5, "reverse": 7, "strike": 9}
COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
WORD = re.compile(r"\s*\S+\s*")
TAB = 8


def sgr(style: str) -> str:
    """SGR parameters of a style such as ``"bold black on yellow"`` (attributes, then the
    foreground, then ``on`` a background; a later colour replaces an earlier one, so a base
    style and a match style can be joined by a space)."""
    attrs: set[int] = set()
    fg = bg = None
    words = style.split()
    i = 0
    while i < len(words):
        word = words[i]
        if word == "on" and i + 1 < len(words):
            bg = 40 + COLOURS.index(words[i + 1])
            i += 2
            continue
        if word in ATTRIBUTES:
            attrs.add(ATTRIBUTES[word])
        elif word in COLOURS:
            fg = 30 + COLOURS.index(word)
        elif word != "none":
            raise ValueError(f"unknown style word {word!r} in {style!r}")
        i += 1
    codes = sorted(attrs) + [c for c in (fg, bg) if c is not None]
    return ";".join(map(str, codes))


def escape_codes_allowed(environ: dict | None = None) -> bool:
    """Whether the terminal takes escape codes: not a ``TERM`` of ``dumb`` or ``unknown`` (the
    rule Rich applied, kept so that ``--color always`` on such a terminal still writes none)."""
    env = os.environ if environ is None else environ
    return env.get("TERM", "").lower() not in ("dumb", "unknown")


def console_width(environ: dict | None = None) -> int:
    """The width results are wrapped to: ``$COLUMNS`` when it is a number; 80 on a dumb
    terminal; else the size of the first of stdin, stdout, stderr that is a terminal (so
    ``--color always | less -R`` wraps to the terminal); else 80 (the rules Rich applied)."""
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "")
    if columns.isdigit() and int(columns):
        return int(columns)
    if not escape_codes_allowed(env):
        return 80
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80  # a pseudo-terminal may report 0 columns
    return 80


def _char_cells(ch: str) -> int:
    if east_asian_width(ch) in ("W", "F"):
        return 2
    if category(ch) in ("Mn", "Me", "Cf") or ch < " " or "\x7f" <= ch < "\xa0":
        return 0
    return 1


#: Text whose every character takes one cell (printable ASCII and Latin, general punctuation
#: such as "…" and "–"): its cells are its length, without looking at the Unicode tables. Most
#: lines of results are such text, and measuring them char by char was most of the rendering.
_ONE_CELL_TEXT = re.compile("[\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u20ac]*")


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes: 2 for wide East Asian characters, 0 for combining marks."""
    if _ONE_CELL_TEXT.fullmatch(text):
        return len(text)
    return sum(map(_char_cells, text))


def _chop(word: str, width: int) -> list[str]:
    """``word`` cut into pieces of at most ``width`` cells (a wide character is never split)."""
    pieces, current, cells = [], "", 0
    for ch in word:
        size = _char_cells(ch)
        if current and cells + size > width:
            pieces.append(current)
            current, cells = "", 0
        current += ch
        cells += size
    pieces.append(current)
    return pieces


def break_offsets(text: str, width: int) -> list[int]:
    """Where ``text`` (one line) breaks to fit ``width`` cells: Rich's ``divide_line`` rules."""
    measure = len if _ONE_CELL_TEXT.fullmatch(text) else cell_len
    breaks: list[int] = []
    offset = 0
    for match in WORD.finditer(text):
        start, word = match.start(), match.group()
        length = measure(word.rstrip())
        if width - offset >= length:
            offset += measure(word)
        elif length > width:
            pieces = _chop(word, width)
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = measure(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = measure(word)
    return breaks


def _expand_tabs(runs: list[Run]) -> list[Run]:
    """Tabs as blanks up to the next multiple of 8 cells, counted from the line's start."""
    out: list[Run] = []
    column = 0
    for text, style in runs:
        if "\t" in text:
            pieces = text.split("\t")
            expanded = ""
            for k, piece in enumerate(pieces):
                expanded += piece
                column += cell_len(piece)
                if k < len(pieces) - 1:
                    pad = TAB - column % TAB
                    expanded += " " * pad
                    column += pad
            text = expanded
        else:
            column += cell_len(text)
        out.append((text, style))
    return out


def wrap(runs: Iterable[Run], width: int) -> list[list[Run]]:
    """Styled ``runs`` as lines of at most ``width`` cells (line breaks in the text kept; the
    blanks at a break stay at the end of the line they follow, beyond the width dropped)."""
    width = max(width, 1)
    lines: list[list[Run]] = [[]]
    for text, style in runs:
        text = neutralise(text)  # statement text: shown, never obeyed, by the terminal
        for k, piece in enumerate(text.split("\n")):
            if k:
                lines.append([])
            if piece:
                lines[-1].append((piece, style))
    wrapped: list[list[Run]] = []
    for line in lines:
        if any("\t" in text for text, _ in line):
            line = _expand_tabs(line)
        plain = "".join(text for text, _ in line)
        cuts = break_offsets(plain, width) if cell_len(plain) > width else []
        if not cuts:
            wrapped.append(_rstrip_end(line, width))
            continue
        bounds = [0, *cuts, len(plain)]
        pos = 0
        current: list[Run] = []
        pieces: list[list[Run]] = []
        edge = 1
        for text, style in line:
            i = 0
            while i < len(text):
                take = min(len(text) - i, bounds[edge] - pos)
                current.append((text[i: i + take], style))
                i += take
                pos += take
                if pos == bounds[edge] and edge < len(bounds) - 1:
                    pieces.append(current)
                    current = []
                    edge += 1
        pieces.append(current)
        wrapped.extend(_rstrip_end(piece, width) for piece in pieces)
    return wrapped


def _rstrip_end(line: list[Run], width: int) -> list[Run]:
    """Drop trailing blanks beyond ``width`` cells (Rich's ``rstrip_end``)."""
    excess = sum(cell_len(text) for text, _ in line) - width
    while excess > 0 and line:
        text, style = line[-1]
        stripped = text.rstrip()
        cut = min(len(text) - len(stripped), excess)
        if not cut:
            break
        excess -= cut
        line = line[:-1] + ([(text[: len(text) - cut], style)] if len(text) > cut else [])
        if len(text) - cut > len(stripped):
            break
    return line


def render(lines: list[list[Run]], indent: int = 0, codes: bool = True) -> str:
    """Lines of runs as text: each run in its SGR codes and reset after it (so a background
    never spills over the line's end), or plain text without ``codes``."""
    pad = " " * indent
    out = []
    for line in lines:
        if codes:
            body = "".join(f"\x1b[{style}m{text}\x1b[0m" if style else text for text, style in line)
        else:
            body = "".join(text for text, _ in line)
        out.append(pad + body + "\n")
    return "".join(out)


class Painter:
    """Lays styled runs out for one terminal: its width, and whether it takes escape codes."""

    def __init__(self, width: int | None = None, codes: bool | None = None):
        self.width = console_width() if width is None else width
        self.codes = escape_codes_allowed() if codes is None else codes

    def lines(self, runs: Iterable[Run], indent: int = 0) -> str:
        """``runs`` wrapped to the width under ``indent`` blanks (every wrapped line keeps it)."""
        return render(wrap(runs, self.width - indent), indent, self.codes)

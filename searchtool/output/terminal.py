"""The terminal: whether to colour, the styles, the Rich console, the pager.

Search results never come here for Rich (:mod:`searchtool.output.ansi` writes their colours):
Rich is imported only for ``show`` in colour, tables and progress bars. Colour follows ``--color``: ``always`` and ``never`` are
obeyed as given; ``auto`` means a terminal and no ``NO_COLOR`` in the environment
(https://no-color.org).
"""

from __future__ import annotations

import os
import sys

from searchtool.controls import neutralise
from searchtool.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Callable, TextIO

COLOR_CHOICES = ("auto", "always", "never")

#: Styles of the terminal output.
MATCH_STYLE = "bold black on yellow"
TITLE_STYLE = "bold"
META_STYLE = "cyan"
DIM_STYLE = "dim"
LABEL_STYLE = "bold magenta"  # a transcript's turn labels ("MR PRICE:") in show


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal: colour, tables and pagers are for people, not pipes."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def use_color(choice: str, stream: TextIO | None = None) -> bool:
    """Whether to colour output written to ``stream`` under ``--color choice``."""
    if choice not in COLOR_CHOICES:
        raise UsageError(f"unknown --color {choice!r}", hint="use auto, always or never")
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    return is_terminal(stream or sys.stdout)


def console(out: TextIO, color: bool) -> Any:
    """A Rich console on ``out``: escape codes only with ``color``, no guessing at highlights."""
    return safe_console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=False)


def safe_console(**options: Any) -> Any:
    """A Rich ``Console(**options)`` that shows control characters in the text it prints as
    visible characters (:func:`searchtool.controls.neutralise`): every Rich output is made here,
    so statement text cannot reach the terminal as escape sequences whichever renderer prints it."""
    from rich.console import Console  # start-up: Rich ~23 ms, only when colour is on

    term = Console(**options)
    term.push_render_hook(_NeutraliseHook())
    term.on_broken_pipe = _pipe_closed  # Rich's own ends the run with exit 1 (`stats | head -1`)
    return term


def _pipe_closed() -> None:
    """A closed pipe under a Rich console reaches the command's guard as what it is, which
    ends the run quietly with exit 0, as for plain output."""
    raise BrokenPipeError


class _NeutraliseHook:
    """Rich render hook (``process_renderables``): texts, padded or not, neutralised before
    they are rendered; same length, so a highlight's spans stay on the same characters."""

    def process_renderables(self, renderables: list) -> list:
        return [_neutralised(r) for r in renderables]


def _neutralised(renderable: Any) -> Any:
    plain = getattr(renderable, "plain", None)
    if isinstance(plain, str):  # rich.text.Text
        safe = neutralise(plain)
        if safe is not plain:
            renderable = renderable.copy()
            renderable.plain = safe
        return renderable
    inner = getattr(renderable, "renderable", None)  # rich.padding.Padding and the like
    if inner is not None:
        renderable.renderable = _neutralised(inner)
    return renderable


def marked(highlighter: Any, text: str) -> list[tuple[str, bool]]:
    """``text`` as (chunk, is_match) parts: the highlighter's, or one plain part without one."""
    if not text:
        return []
    return highlighter.parts(text) if highlighter is not None else [(text, False)]


def rich_text(parts: list[tuple[str, bool]], base_style: str = "") -> Any:
    """Rich text of (chunk, is_match) parts, the matches in :data:`MATCH_STYLE`."""
    from rich.text import Text  # start-up: Rich ~23 ms, only when colour is on

    text = Text(style=base_style)
    for chunk, is_match in parts:
        text.append(chunk, style=MATCH_STYLE if is_match else None)
    return text


#: Where paged text goes instead of a pager started by this process: the resident search
#: process (:mod:`searchtool.cli.resident_server`) has no terminal, so while it answers a
#: ``show`` it sets this to hand the text to its client, which pages it with this same function.
PAGE_ELSEWHERE: Callable[[str, TextIO], None] | None = None


def page(text: str, out: TextIO) -> None:
    """Show ``text`` through ``$PAGER`` (default ``less``, with ``LESS=FRX`` unless set), or
    write it to ``out`` when no pager can start or the pager fails: a broken pager setting
    must not make the statement disappear."""
    if PAGE_ELSEWHERE is not None:
        PAGE_ELSEWHERE(text, out)
        return
    import shlex  # start-up: shlex, shutil, subprocess ~5 ms, only for a paged statement
    import shutil  # start-up: as above
    import subprocess  # start-up: as above

    command = os.environ.get("PAGER", "less" if shutil.which("less") else "")
    try:
        program = shlex.split(command)[0] if command.strip() else ""
    except ValueError:
        program = ""
    if program and shutil.which(program):
        env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
        try:
            done = subprocess.run(command, shell=True, input=text.encode("utf-8", "replace"), env=env)
            if done.returncode == 0:
                return
        except OSError:
            pass
    out.write(text)

"""What a terminal shows for text with ANSI escape codes: each line's characters and their styles.

Two renderers can spell the same screen with different bytes (one resets after every run of
text, another pads wrapped lines with blanks up to the width); :func:`screen` reads either into
the same lines, so tests compare what a person sees.
"""

from __future__ import annotations

import re

SGR = re.compile(r"\x1b\[([0-9;]*)m")
#: SGR parameters that paint a blank (backgrounds, reverse video): a trailing blank with one shows.
VISIBLE_BLANK = {"7", *(str(n) for n in range(40, 48)), *(str(n) for n in range(100, 108))}


def _apply(style: tuple[str, ...], params: str) -> tuple[str, ...]:
    current = set(style)
    for code in params.split(";") if params else ["0"]:
        if code in ("", "0"):
            current.clear()
        else:
            current.add(code)
    return tuple(sorted(current, key=int))


def screen(text: str) -> list[str]:
    """``text`` as lines of ``[codes]chars`` runs (codes sorted, adjacent equal styles merged),
    with the blanks a terminal would not paint dropped from each line's end."""
    lines: list[list[tuple[str, tuple[str, ...]]]] = [[]]
    style: tuple[str, ...] = ()
    pos = 0
    for match in [*SGR.finditer(text), None]:
        chunk = text[pos: match.start() if match else len(text)]
        for i, piece in enumerate(chunk.split("\n")):
            if i:
                lines.append([])
            for ch in piece:
                lines[-1].append((ch, style))
        if match:
            style = _apply(style, match.group(1))
            pos = match.end()
    shown = []
    for cells in lines:
        while cells and cells[-1][0] == " " and not VISIBLE_BLANK & set(cells[-1][1]):
            cells.pop()
        runs: list[tuple[str, tuple[str, ...]]] = []
        for ch, st in cells:
            if runs and runs[-1][1] == st:
                runs[-1] = (runs[-1][0] + ch, st)
            else:
                runs.append((ch, st))
        shown.append("".join(f"[{';'.join(st)}]{chars}" if st else chars for chars, st in runs))
    return shown

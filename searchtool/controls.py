"""Text from statements and file names made safe to print on a terminal (stdlib only).

Statements come from outside (feeds, mail, leaked files), and a terminal obeys control
characters: ``ESC ] 52`` writes the clipboard, ``ESC ] 8`` hides a link behind other text,
``ESC [ 2J`` clears the screen, SGR colours can fake searchtool's own output, a bidi override
shows text in an order other than its real one (design/reliability.md §6c). Rich strips only a
few C0 controls (BEL, BS, VT, FF, CR), not ESC.

:func:`neutralise` replaces each such character with one visible character, so that a reader
sees that something was there and the text keeps its length (highlight spans computed on the
original text stay right):

- C0 controls other than tab and newline, ESC among them, become their Unicode "control
  pictures" (ESC is shown as U+241B ␛, CR as U+240D ␍); DEL becomes U+2421 ␡;
- C1 controls (``\\x80``-``\\x9f``: ``\\x9b`` is a one-character CSI), the bidi embeddings,
  overrides and isolates (U+202A-U+202E, U+2066-U+2069) and lone surrogates (undecodable bytes
  of a file name) become U+FFFD.

Every text output goes through it (search, show, parse, stats, the index summary, error lines);
JSON does not need it: the JSON encoder escapes control characters itself.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def neutralise(text: str) -> str:
    """``text`` with every terminal control character shown as one visible character (see the
    module docstring); the same string object when there is none (the common case, one C scan)."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: _shown(m.group()), text)

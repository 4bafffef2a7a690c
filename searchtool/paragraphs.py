"""Paragraphs of a statement's body, and the anchors that name one (``ID#p118``, ``ID#t42``).

A body as the reader stores it is its non-blank lines joined by newlines
(:func:`searchtool.reading.textfiles.body_lines`), so a paragraph is one line of the body,
numbered from 1. Turns (:class:`searchtool.record.Turn`) cover paragraph ranges; ``show`` opens a
statement at a turn or a paragraph, and a citation names one. Defined once, here, for all of them.
"""

from __future__ import annotations

import re

_ANCHOR = re.compile(r"^(?P<id>[^#\s]+)#(?P<kind>[tTpP¶])(?P<n>\d{1,7})$")


def paragraphs(body: str) -> list[str]:
    """The paragraphs of ``body`` (its lines), in order; paragraph N is ``paragraphs(body)[N - 1]``."""
    return body.split("\n") if body else []


def paragraph_starts(body: str) -> list[int]:
    """The character offset in ``body`` where each paragraph starts."""
    starts = [0]
    pos = body.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = body.find("\n", pos + 1)
    return starts if body else []


def paragraph_at(starts: list[int], offset: int) -> int:
    """The 1-based number of the paragraph holding character ``offset`` (``starts``: see above)."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return max(lo, 1)


def split_anchor(text: str) -> tuple[str, str | None, int | None]:
    """``"ID#t42"`` -> ``("ID", "turn", 42)``; ``"ID#p118"`` (or ``#¶118``) -> ``("ID", "paragraph", 118)``;
    a plain id -> ``(id, None, None)``. Anything else after ``#`` is left in the id (the caller
    reports it as an unknown id)."""
    m = _ANCHOR.match(text.strip())
    if not m:
        return text, None, None
    kind = "turn" if m.group("kind") in "tT" else "paragraph"
    return m.group("id"), kind, int(m.group("n"))

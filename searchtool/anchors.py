"""Anchors into a statement: ``ID#p118`` (the 118th paragraph) and ``ID#t42`` (the 42nd turn of
a transcript), for ``show`` and ``cite``; the one definition of what a paragraph is.

Paragraphs are 1-based indexes into the body as stored. A body with blank lines is split at
them (a paragraph may span several lines); a body without any has one paragraph per non-empty
line (feeds and the statement layout put one paragraph on each line). The reader's
normalisation is deterministic, so the numbers stay the same while the file is unchanged.
"""

from __future__ import annotations

import re

from searchtool.errors import UsageError
from searchtool.values import FrozenValue

_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")
_REF = re.compile(r"^(?P<id>[^#\s]+)(?:#(?P<kind>[pt])(?P<n>\d{1,7}))?$")
KINDS = {"p": "paragraph", "t": "turn"}


class Ref(FrozenValue):
    """A statement id with an optional anchor: ``kind`` ``p`` or ``t`` (or ``None``), ``number``."""

    __slots__ = ("id", "kind", "number")

    def __init__(self, id: str, kind: str | None = None, number: int | None = None) -> None:
        FrozenValue.__init__(self, id, kind, number)

    def __str__(self) -> str:
        return self.id if self.kind is None else f"{self.id}#{self.kind}{self.number}"


def parse_ref(text: str) -> Ref:
    """``ID``, ``ID#pN`` or ``ID#tN`` (N from 1), else a one-line error saying the forms. Text
    without ``#`` is an id as typed (the id lookup judges it)."""
    if "#" not in (text or ""):
        return Ref((text or "").strip())
    m = _REF.match((text or "").strip())
    if not m or (m.group("n") is not None and int(m.group("n")) < 1):
        raise UsageError(f"bad statement reference {text!r}", hint="write ID, ID#pN (paragraph N) or ID#tN (turn N), N from 1")
    n = m.group("n")
    return Ref(m.group("id"), m.group("kind"), int(n) if n else None)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each paragraph in ``body``, surrounding whitespace excluded."""
    spans = []
    pieces = _BLANK.split(body) if _BLANK.search(body) else body.split("\n")
    pos = 0
    for piece in pieces:
        start = body.index(piece, pos)
        pos = start + len(piece)
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def paragraph(body: str, number: int) -> str:
    """Paragraph ``number`` (1-based) of ``body``, or a one-line error giving the count."""
    spans = paragraph_spans(body)
    if not 1 <= number <= len(spans):
        raise UsageError(f"no paragraph {number}: the statement has {len(spans)}", hint=f"use #p1 to #p{len(spans)}")
    start, end = spans[number - 1]
    return body[start:end]

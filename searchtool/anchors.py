"""References into a statement: ``ID#p118`` (the 118th paragraph, as :mod:`searchtool.paragraphs`
numbers them) and ``ID#t42`` (the 42nd turn of a transcript), for ``show``, ``reuse`` and ``cite``.

Paragraph numbers index the body as stored; the reader's normalisation is deterministic, so an
anchor stays the same while the file is unchanged.
"""

from __future__ import annotations

import re

from searchtool.errors import UsageError
from searchtool.values import FrozenValue

_REF = re.compile(r"^(?P<id>[^#\s]+)(?:#(?P<kind>[pt])(?P<n>\d{1,7}))?$")


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

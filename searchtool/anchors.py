"""References into a statement: ``ID#p118`` (the 118th paragraph, as :mod:`searchtool.paragraphs`
numbers them) and ``ID#t42`` (the 42nd turn of a transcript). The one reader of the syntax and
the one place an anchor is resolved: ``show``, ``reuse``, ``cite`` and any later command take a
reference through :func:`parse_ref` and open it with :func:`locate`, so a bad or missing anchor
is the same error line everywhere.

Paragraph numbers index the body as stored; the reader's normalisation is deterministic, so an
anchor stays the same while the file is unchanged.
"""

from __future__ import annotations

import re

from searchtool.errors import UsageError
from searchtool.paragraphs import paragraphs
from searchtool.values import FrozenValue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# ``¶`` and capitals are accepted for a paragraph or turn as people copy them ("#¶118", "#T4").
_REF = re.compile(r"^(?P<id>[^#\s]+)(?:#(?P<kind>[pPtT¶])(?P<n>\d{1,7}))?$")
#: Anchor letter -> what it numbers.
KINDS = {"p": "paragraph", "t": "turn"}


class Ref(FrozenValue):
    """A statement id with an optional anchor: ``kind`` ``p`` or ``t`` (or ``None``), ``number``."""

    __slots__ = ("id", "kind", "number")

    def __init__(self, id: str, kind: str | None = None, number: int | None = None) -> None:
        FrozenValue.__init__(self, id, kind, number)

    def __str__(self) -> str:
        return self.id if self.kind is None else f"{self.id}#{self.kind}{self.number}"

    @property
    def what(self) -> str | None:
        """``"paragraph"``, ``"turn"`` or ``None`` (no anchor)."""
        return KINDS.get(self.kind) if self.kind else None


def parse_ref(text: str) -> Ref:
    """``ID``, ``ID#pN`` or ``ID#tN`` (N from 1; ``#¶N`` and capitals too), else a one-line error
    saying the forms. Text without ``#`` is an id as typed (the id lookup judges it); ids never
    hold ``#`` (they are hex digests), so anything else after one is a mistyped anchor."""
    if "#" not in (text or ""):
        return Ref((text or "").strip())
    m = _REF.match((text or "").strip())
    if not m or (m.group("n") is not None and int(m.group("n")) < 1):
        raise UsageError(f"bad statement reference {text!r}", hint="write ID, ID#pN (paragraph N) or ID#tN (turn N), N from 1")
    n = m.group("n")
    kind = m.group("kind")
    return Ref(m.group("id"), None if kind is None else ("t" if kind in "tT" else "p"), int(n) if n else None)


def locate(ident: str, body: str, turns: list[Any], ref: Ref) -> tuple[str, int, int, int]:
    """``(what, n, first, last)``: the paragraphs ``ref``'s anchor spans in statement ``ident``
    (``body``, its ``turns``: objects with ``n``, ``first``, ``last``); an error naming the ones
    there are when it has no such turn or paragraph (exit 1: the reference is well formed, the
    statement just lacks it). ``ref`` must have an anchor."""
    number = ref.number or 0
    if ref.kind == "t":
        for turn in turns:
            if turn.n == number:
                return ("turn", number, turn.first, turn.last)
        have = f"turns {turns[0].n}-{turns[-1].n}" if turns else "no turns (no speaker labels)"
        raise UsageError(f"statement {ident} has no turn {number}: it has {have}", hint=f"open a paragraph instead: {ident}#p1", exit_code=1)
    count = len(paragraphs(body))
    if not 1 <= number <= count:
        raise UsageError(f"statement {ident} has no paragraph {number}: it has paragraphs 1-{count}", exit_code=1)
    return ("paragraph", number, number, number)


def anchored_text(ident: str, body: str, turns: list[Any], ref: Ref) -> str:
    """The text ``ref`` anchors (its paragraph, or the paragraphs of its turn; the whole body
    without an anchor), for reuse and citations; errors as :func:`locate`'s."""
    if ref.kind is None:
        return body
    _what, _n, first, last = locate(ident, body, turns, ref)
    return "\n\n".join(paragraphs(body)[first - 1 : last])

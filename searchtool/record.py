"""The statement record: the one shape that every reader produces and the indexer consumes.

Kept in its own module, free of heavy imports, so that reader worker processes, the indexer
and the renderer can all share it without pulling in Whoosh or Rich.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from searchtool.dates import format_date


#: What a turn's speaker is: a reporter's question, an official (a named person or an official
#: post), a moderator or operator, or anyone else (a named guest, an interviewer).
TURN_ROLES = ("question", "official", "moderator", "other")


@dataclass(frozen=True)
class Turn:
    """One turn of a transcript: who spoke paragraphs ``first`` to ``last`` (1-based, inclusive,
    see :mod:`searchtool.paragraphs`). ``n``: the turn's number in the statement (from 1);
    ``label``: as written ("MR PRICE", "" for an unlabelled statement or the preamble before the
    first label); ``role``: one of :data:`TURN_ROLES`; ``person``: the credited speaker the label
    resolves to, else ``""``; ``key``: the speaker key ``said:`` matches
    (:func:`searchtool.names.speaker_key`, or the role for a label that names no one)."""

    n: int
    first: int
    last: int
    label: str
    role: str
    person: str = ""
    key: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "label": self.label,
            "role": self.role,
            "speaker": self.person or self.label,
            "paragraphs": [self.first, self.last],
            "key": self.key,
        }


@dataclass
class Record:
    """One statement, with the metadata that fielded search depends on.

    ``id`` is stable: the same input yields the same id across runs and machines (it is derived
    from the source path relative to the collection root and the record number, never from an
    absolute path). ``path`` is the source file as found; ``recno`` is the 1-based record number
    inside a multi-record file (JSON Lines, JSON array), ``None`` for a one-statement file.
    """

    id: str
    path: str
    title: str = ""
    body: str = ""
    date: _dt.date | None = None
    speakers: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    type: str = "other"
    url: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    recno: int | None = None
    #: ``"year"`` or ``"month"`` when the source dated it only so far ("1991", "December 2012");
    #: ``date`` is then the first day of that year or month. None for a whole day.
    date_precision: str | None = None
    #: The document's own language tag (``<html lang>``, a Word file's ``dc:language``), if it has one.
    lang: str | None = None
    #: The format the record was read from ("text", "html", "pdf", ...), for the run's summary.
    format: str = ""
    #: The turns of a transcript (empty: the statement is one turn by its credited speakers).
    turns: list[Turn] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape printed by ``searchtool parse --json``."""
        return {
            "id": self.id,
            "path": self.path if self.recno is None else f"{self.path}#{self.recno}",
            "title": self.title,
            "date": format_date(self.date, self.date_precision) if self.date else None,
            "date_precision": self.date_precision if self.date else None,
            "lang": self.lang,
            "format": self.format or None,
            "speakers": list(self.speakers),
            "posts": list(self.posts),
            "type": self.type,
            "url": self.url,
            "fields": dict(self.fields),
            "chars": len(self.body),
            "warnings": list(self.warnings),
            "turns": [t.to_json() for t in self.turns],
        }


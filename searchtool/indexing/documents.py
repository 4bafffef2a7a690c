"""A record as the Whoosh document the index stores: fields, day codes, extra metadata.

Shared by the in-process writer and the worker processes (``update`` and ``workers``), which is
why it is a module of its own and not part of either.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from searchtool.chars import replace_surrogates
from searchtool.dates import to_int
from searchtool.index.multilang import Tagged
from searchtool.index.schema import extra_field_name
from searchtool.index.turnfield import said_term
from searchtool.paragraphs import paragraphs
from searchtool.record import Record
from searchtool.translit import cyrillic_names


def record_to_document(
    rec: Record, srcfile: str | None = None, source: str | None = None, turns: bool = True
) -> dict[str, Any]:
    """The Whoosh document for one record.

    Extra metadata goes to ``x_<name>`` fields, so a reader field named like a core field
    (UNGDC's ``year``, ``speaker``, ``post``) never overwrites the core one; a record with no
    date but a plausible ``year`` extra field still gets the ``year`` facet. ``turns=False``
    for an index whose schema predates the turn fields.
    """
    doc: dict[str, Any] = {
        "id": rec.id,
        "path": replace_surrogates(rec.path),
        "srcfile": replace_surrogates(srcfile or os.path.abspath(rec.path)),
        "recno": rec.recno,
        # Analysed in the statement's language; the plain strings are what is stored.
        "title": Tagged(rec.title, rec.lang),
        "_stored_title": rec.title,
        "body": Tagged(rec.body, rec.lang),
        "_stored_body": rec.body,
        "speaker": " ; ".join(rec.speakers),
        "speakers": list(rec.speakers),
        "speaker_names": [name for name in rec.speakers if name.strip()],
        "post": " ; ".join(rec.posts),
        "posts": list(rec.posts),
        "type": rec.type,
        "fields": dict(rec.fields),
    }
    if source:
        doc["source"] = replace_surrogates(source)
    if rec.url:
        doc["url"] = rec.url
    if rec.lang:
        doc["lang"] = rec.lang
    names = cyrillic_names(rec.title + "\n" + rec.body)
    if names:
        doc["names"] = " ".join(names)
    if rec.date:
        doc["date"] = to_int(rec.date)
        doc["year"] = rec.date.year
        if rec.date_precision:
            doc["date_precision"] = rec.date_precision  # "1991" is stored as 1991-01-01 and shown as 1991
    for name, value in rec.fields.items():
        if value not in (None, ""):
            doc[extra_field_name(name)] = str(value)
    if "year" not in doc:
        year = _year_of(rec.fields)
        if year is not None:
            doc["year"] = year
    if turns:
        doc.update(turn_values(rec))
    return doc


def _year_of(fields: dict[str, Any]) -> int | None:
    for name, value in fields.items():
        if name.strip().lower() == "year":
            text = str(value).strip()
            if text.isdigit() and 1000 <= int(text) <= 2999:
                return int(text)
    return None


def distinct_id(record_id: str, salt: str) -> str:
    """The id given to a record whose reader id another source already holds (two collection
    roots with the same folder name and layout): derived from the id and the root's path."""
    return hashlib.blake2b(f"{record_id}\0{salt}".encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def turn_values(rec: Record) -> dict[str, Any]:
    """The turn fields of a record's document (:mod:`searchtool.index.turnfield`): what each
    speaker said (the label taken off a turn's first paragraph: "MR PRICE:" is not Price's
    words), their keys, their names as written, and the turns themselves."""
    if not rec.turns:
        return {}
    paras = paragraphs(rec.body)
    said = []
    names: dict[str, None] = {}
    for turn in rec.turns:
        if not turn.key:
            continue  # the preamble before the first label: nobody's words
        lines = paras[turn.first - 1 : turn.last]
        if lines:
            head = lines[0]
            cut = head.find(":", len(turn.label)) if turn.label else -1
            lines = [head[cut + 1 :] if cut >= 0 else head] + lines[1:]
        said.append((turn.key, Tagged("\n".join(lines), rec.lang)))  # analysed in the record's language
        names[said_term(turn.key, turn.person or turn.label)] = None
    return {
        "said": said,
        "turn_keys": sorted({t.key for t in rec.turns if t.key}),
        "said_names": list(names),
        "hasturns": "1",
        "turns": [(t.n, t.first, t.last, t.label, t.role, t.person, t.key) for t in rec.turns],
    }

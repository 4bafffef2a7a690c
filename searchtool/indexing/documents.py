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
from searchtool.index.schema import extra_field_name
from searchtool.record import Record


def record_to_document(rec: Record, srcfile: str | None = None, source: str | None = None) -> dict[str, Any]:
    """The Whoosh document for one record.

    Extra metadata goes to ``x_<name>`` fields, so a reader field named like a core field
    (UNGDC's ``year``, ``speaker``, ``post``) never overwrites the core one; a record with no
    date but a plausible ``year`` extra field still gets the ``year`` facet.
    """
    doc: dict[str, Any] = {
        "id": rec.id,
        "path": replace_surrogates(rec.path),
        "srcfile": replace_surrogates(srcfile or os.path.abspath(rec.path)),
        "recno": rec.recno,
        "title": rec.title,
        "body": rec.body,
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

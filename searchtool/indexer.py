"""Turn records into a Whoosh index (minimal first version: one-shot build of a new index)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, Iterable

from searchtool.record import Record
from searchtool.schema import SCHEMA_VERSION, build_schema, extra_field_name
from searchtool.store import CURRENT, MANIFEST, MARKER


def record_to_document(rec: Record) -> dict[str, Any]:
    """The Whoosh document for one record."""
    doc: dict[str, Any] = {
        "id": rec.id,
        "path": rec.path,
        "recno": rec.recno,
        "title": rec.title,
        "body": rec.body,
        "speaker": " ; ".join(rec.speakers),
        "speakers": list(rec.speakers),
        "post": " ; ".join(rec.posts),
        "posts": list(rec.posts),
        "type": rec.type,
        "fields": dict(rec.fields),
    }
    if rec.url:
        doc["url"] = rec.url
    if rec.date:
        doc["date"] = rec.date.year * 10000 + rec.date.month * 100 + rec.date.day
        doc["year"] = rec.date.year
    for name, value in rec.fields.items():
        if value not in (None, ""):
            doc[extra_field_name(name)] = str(value)
    return doc


def build_index(records: Iterable[Record], index_dir: Path, sources: list[str] | None = None) -> int:
    """Build a complete new index of ``records`` in ``index_dir``; returns the record count."""
    from whoosh.index import create_in

    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / MARKER).write_text("searchtool index\n", encoding="utf-8")
    gen_name = f"gen-{time.time_ns():x}"
    gen = index_dir / gen_name
    gen.mkdir()
    ix = create_in(str(gen), build_schema())
    writer = ix.writer(limitmb=256)
    count = 0
    for rec in records:
        writer.add_document(**record_to_document(rec))
        count += 1
    writer.commit()
    manifest = {"schema_version": SCHEMA_VERSION, "sources": sources or [], "count": count}
    (gen / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    tmp = index_dir / (CURRENT + ".tmp")
    tmp.write_text(gen_name + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT)
    return count

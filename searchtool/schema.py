"""The index schema: which fields exist, how each is analysed, what is stored.

Bump :data:`SCHEMA_VERSION` whenever a change here makes older indexes unreadable or wrong;
an index with another version is refused with a message to rebuild.
"""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from searchtool.analysis import name_analyzer, stem_analyzer

SCHEMA_VERSION = 1

#: Prefix of the dynamic fields that hold each extra metadata field (``country`` -> ``x_country``).
EXTRA_PREFIX = "x_"

#: Core fields a user may name in a query; every other ``name:`` refers to an extra field.
CORE_QUERY_FIELDS = ("title", "body", "speaker", "post", "type", "date", "year", "url", "path", "id")


def build_schema() -> Schema:
    """A fresh schema for a new index."""
    schema = Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),  # source file, as resolved at indexing time
        recno=STORED(),  # 1-based record number in a multi-record file, or None
        source=ID(stored=True),  # the collection root this record was found under
        title=TEXT(analyzer=stem_analyzer(), stored=True, phrase=True),
        body=TEXT(analyzer=stem_analyzer(), stored=True, phrase=True),
        speaker=TEXT(analyzer=name_analyzer(), phrase=True),
        speakers=STORED(),  # names as written, for display and facets
        post=TEXT(analyzer=name_analyzer(), phrase=True),
        posts=STORED(),
        type=ID(stored=True, sortable=True),
        date=NUMERIC(int, bits=32, stored=True, sortable=True),  # YYYYMMDD; absent when unknown
        year=NUMERIC(int, bits=32, stored=True, sortable=True),
        url=ID(stored=True),
        fields=STORED(),  # extra metadata as a dict, for display
    )
    schema.add(EXTRA_PREFIX + "*", TEXT(analyzer=name_analyzer(), phrase=True), glob=True)
    return schema


def extra_field_name(name: str) -> str:
    """The index field that holds extra metadata field ``name`` (sanitised, lowercase)."""
    clean = "".join(ch if ch.isalnum() else "_" for ch in name.strip().lower()).strip("_")
    return EXTRA_PREFIX + (clean or "field")

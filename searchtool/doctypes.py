"""Document types: the closed list a record may carry, and the one way to name one.

Free of imports beyond ``re`` (the start-up budget of a ``type:`` query or ``--type`` search
must not pay for dataclasses through :mod:`searchtool.record`). Readers map metadata values
onto these names, the query builder maps ``type:`` values, and ``--type`` is checked against
them; all three go through :func:`doc_type`, so a value means the same everywhere.
"""

from __future__ import annotations

import re

#: Document types a record may carry; ``other`` when nothing in the title or metadata says.
DOC_TYPES: tuple[str, ...] = (
    "comment",
    "statement",
    "briefing",
    "speech",
    "interview",
    "article",
    "remarks",
    "answer",
    "press release",
    "message",
    "readout",
    "other",
)

_SEPARATORS = re.compile(r"[-_\s]+")


def type_key(value: str) -> str:
    """``value`` as a type is compared: lower case, hyphens, underscores and runs of space as one
    space (``Press-Release`` and ``press  release`` are one key)."""
    return _SEPARATORS.sub(" ", value.lower()).strip()


def doc_type(value: str) -> str | None:
    """The document type ``value`` names (``Briefings`` -> ``briefing``), ``None`` if none."""
    key = type_key(value)
    if key in DOC_TYPES:
        return key
    if key.endswith("s") and key[:-1] in DOC_TYPES:
        return key[:-1]
    return None

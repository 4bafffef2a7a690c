"""Where an index lives on disk and how it is opened.

Layout of an index folder (minimal first version; the indexer issue extends it):
``SEARCHTOOL`` marks the folder as ours, ``CURRENT`` names the live generation sub-folder,
which holds the Whoosh files and ``manifest.json`` (schema version, sources, fingerprints).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from searchtool.errors import IndexMissingError, SearchtoolError
from searchtool.schema import SCHEMA_VERSION

MARKER = "SEARCHTOOL"
CURRENT = "CURRENT"
MANIFEST = "manifest.json"


def current_generation(index_dir: Path) -> Path:
    """The live generation folder of ``index_dir``, or a one-line error saying what is wrong."""
    index_dir = Path(index_dir)
    if not (index_dir / MARKER).exists():
        if index_dir.exists() and any(index_dir.iterdir()):
            raise SearchtoolError(f"{index_dir} is not a searchtool index (no {MARKER} marker)")
        raise IndexMissingError(
            f"no index at {index_dir}", hint="build one with: searchtool index PATH"
        )
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except OSError as err:
        raise IndexMissingError(f"index at {index_dir} has no live generation ({err.strerror})")
    gen = index_dir / name
    if not gen.is_dir():
        raise IndexMissingError(f"index at {index_dir} points at a missing generation {name!r}")
    return gen


def read_manifest(index_dir: Path) -> dict[str, Any]:
    """The live generation's manifest."""
    gen = current_generation(index_dir)
    with open(gen / MANIFEST, encoding="utf-8") as fh:
        return json.load(fh)


def open_index(index_dir: Path):
    """Open the live Whoosh index for reading; refuse one built with another schema version."""
    from whoosh.index import open_dir

    gen = current_generation(index_dir)
    manifest = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SearchtoolError(
            f"index at {index_dir} uses schema version {version}, this searchtool needs {SCHEMA_VERSION}",
            hint="rebuild it with: searchtool index --rebuild",
        )
    return open_dir(str(gen))


def body_of(searcher, docnum: int, stored: dict[str, Any] | None = None) -> str:
    """The full body text of document ``docnum``, for snippets and ``show``.

    The single place that knows where bodies live (stored in the index, or re-read from the
    source), so that the search side never depends on that choice.
    """
    if stored is None:
        stored = searcher.stored_fields(docnum)
    return stored.get("body") or ""

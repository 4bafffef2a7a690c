"""``searchtool stats``: what an index holds, computed from its terms and manifest.

Everything comes from term dictionaries and posting lists (types, years, speaker names, dates),
never from the stored documents, so it stays fast on a large index: stored bodies are never
decompressed. Deleted-but-not-yet-merged documents are excluded.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from whoosh.query import Term

from searchtool.dates import int_to_iso
from searchtool.index import checksums, store
from searchtool.index.analysis import term_text
from searchtool.index.damage import damaged
from searchtool.errors import SearchtoolError

TOP_SPEAKERS = 10


def _count(searcher, fieldname: str, text) -> int:
    return sum(1 for _ in searcher.docs_for_query(Term(fieldname, text)))


def _numeric_terms(reader, fieldname: str) -> list[int]:
    field = reader.schema[fieldname]
    return [field.from_bytes(b) for b in field.sortable_terms(reader, fieldname)]


def _when(ts: float | None) -> str | None:
    if not ts:
        return None
    return _dt.datetime.fromtimestamp(ts, tz=_dt.timezone.utc).isoformat(timespec="seconds")


def index_stats(index_dir: Path, top: int = TOP_SPEAKERS) -> dict[str, Any]:
    """The figures ``searchtool stats`` prints (and ``--json`` emits)."""
    index_dir = Path(index_dir)
    ix = store.open_index(index_dir)
    manifest = store.read_manifest(index_dir)
    live = checksums.live_files(ix) if manifest.get("checksums") else ()
    checksums.verify(index_dir, store.current_generation(index_dir), manifest.get("checksums"), live, everything=True)
    try:
        return _figures(ix, index_dir, manifest, top)
    except SearchtoolError:  # already one line (an untrusted pickle, a missing generation)
        raise
    except Exception as err:  # Whoosh reports truncated or corrupted files in many ways
        raise damaged(index_dir, err) from None


def _figures(ix, index_dir: Path, manifest: dict[str, Any], top: int) -> dict[str, Any]:
    with ix.searcher() as searcher:
        reader = searcher.reader()
        statements = searcher.doc_count()
        by_type = {term_text(t): 0 for t in reader.lexicon("type")}
        for name in list(by_type):
            by_type[name] = _count(searcher, "type", name)
        by_year = {}
        for year in _numeric_terms(reader, "year"):
            n = _count(searcher, "year", year)
            if n:
                by_year[str(year)] = n
        dates = [d for d in _numeric_terms(reader, "date") if _count(searcher, "date", d)]
        dated = sum(_count(searcher, "date", d) for d in dates)
        speakers = []
        for raw in reader.lexicon("speaker_names"):
            name = raw.decode("utf-8")
            n = _count(searcher, "speaker_names", name)
            if n:
                speakers.append((n, name))
        speakers.sort(key=lambda x: (-x[0], x[1]))
        segments = len(ix._segments())
        deleted = sum(seg.deleted_count() for seg in ix._segments())
    return {
        "index": str(index_dir),
        "statements": statements,
        "files": int(manifest.get("file_count", 0)),
        "sources": list(manifest.get("sources", [])),
        "index_bytes": store.index_size(index_dir),
        "date_first": int_to_iso(dates[0]) if dates else None,
        "date_last": int_to_iso(dates[-1]) if dates else None,
        "dated": dated,
        "by_type": {k: v for k, v in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])) if v},
        "by_year": by_year,
        "speakers": len(speakers),
        "top_speakers": [[name, n] for n, name in speakers[:top]],
        "schema_version": manifest.get("schema_version"),
        "created": _when(manifest.get("created")),
        "last_update": _when(manifest.get("updated")),
        "segments": segments,
        "deleted_not_purged": deleted,
    }

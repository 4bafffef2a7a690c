"""A Whoosh ``SegmentWriter`` tuned for bulk builds, and the commit of several segments at once.

Profiling a build (after the analysis speed-up in :mod:`searchtool.index.analysis`) showed ~15% of a
writer's time in ``doc_field_length``: for every posting written at the end of a segment, Whoosh
reads that document's field length back from the just-written lengths column, one small file
read per posting. :class:`BulkSegmentWriter` loads each length column once into a list instead.
The files written are byte-for-byte what Whoosh writes.
"""

from __future__ import annotations

import pickle
from itertools import islice

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length
from whoosh.writing import MERGE_SMALL, NO_MERGE, PostingPool, SegmentWriter

from searchtool.index.schema import EXTRA_PREFIX

_BYTE_TO_LENGTH = [byte_to_length(b) for b in range(256)]

#: A segment with more than this share of deleted documents is rewritten (its live documents
#: copied into the update's new segment): Whoosh only marks deletions, so without this every
#: update that replaces most files adds a full copy of the index (measured: 16.6 -> 32.8 -> 49
#: -> 65 MB for the same 2,032 statements). A 1% update stays far below it; a fully deleted
#: segment is dropped without copying anything.
PURGE_FRACTION = 0.25


def purge_then_merge_small(writer, segments):
    """Merge policy for updates: drop dead segments, rewrite mostly-deleted ones, then MERGE_SMALL."""
    kept = []
    for seg in segments:
        total, dead = seg.doc_count_all(), seg.deleted_count()
        if total and dead >= total:
            continue  # nothing live: its files go when the new table of contents is written
        if total and dead > total * PURGE_FRACTION:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        else:
            kept.append(seg)
    return MERGE_SMALL(writer, kept)


class _CachedLengths:
    """The ``doc_field_length`` part of a per-document reader, from whole columns in memory."""

    def __init__(self, pdr):
        self._pdr = pdr
        self._cache: dict[str, list[int] | None] = {}

    def _column(self, fieldname: str) -> list[int] | None:
        lengths = self._cache.get(fieldname, False)
        if lengths is False:
            lenfield = _lenfield(fieldname)
            if self._pdr.has_column(lenfield):
                reader = self._pdr.column_reader(lenfield, LENGTHS_COLUMN)
                table = _BYTE_TO_LENGTH
                lengths = [table[b] for b in reader]
            else:
                lengths = None
            self._cache[fieldname] = lengths
        return lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._column(fieldname)
        if lengths is None or docnum >= len(lengths):
            return default
        return lengths[docnum] or default


#: Postings pickled together when the pool spills a sorted run to disk.
RUN_CHUNK = 2048


class BatchedPostingPool(PostingPool):
    """Whoosh's posting pool, spilling runs as pickled chunks of postings instead of one pickle
    call per posting: profiled on 1,000 UNGDC speeches, ``pickle.dump``/``load`` of single
    postings (931,000 calls each) were the two largest items of a worker's time. Same items,
    same order; memory while merging grows by at most ``RUN_CHUNK`` postings per run."""

    def _write_run(self, f, items):
        it = iter(items)
        while True:
            chunk = list(islice(it, RUN_CHUNK))
            if not chunk:
                break
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                yield from pickle.load(f)
        except EOFError:
            return
        finally:
            f.close()
            self._remove_run(path)


#: Extra metadata fields (``x_<name>``) an index holds at most, counting those a writer finds in
#: the segments it adds to: each is a field with its own term list and length column (files),
#: and 3,000 records with 3,000 distinct keys made 3,012 files in one segment and took 12 s
#: (design/reliability.md §3). Beyond it a record's other fields are still stored (``show``,
#: ``--json``) but not searchable by name. Parallel workers count each for itself.
MAX_EXTRA_FIELDS = 128


class BulkSegmentWriter(SegmentWriter):
    """``SegmentWriter`` whose final posting write looks document lengths up in memory, whose
    posting pool spills in chunks (:class:`BatchedPostingPool`), and which indexes at most
    :data:`MAX_EXTRA_FIELDS` extra fields."""

    def __init__(self, *args, **kwargs):
        SegmentWriter.__init__(self, *args, **kwargs)
        self.pool.__class__ = BatchedPostingPool  # same state, faster spilling
        self._extra_fields: set[str] | None = None  # read from the segments at the first one
        self.extra_fields_dropped = 0

    def add_document(self, **fields):
        if any(name.startswith(EXTRA_PREFIX) for name in fields):
            known = getattr(self, "_extra_fields", None)
            if known is None:
                known = self._existing_extra_fields()
            for name in [n for n in fields if n.startswith(EXTRA_PREFIX) and n not in known]:
                if len(known) < MAX_EXTRA_FIELDS:
                    known.add(name)
                else:
                    del fields[name]
                    self.extra_fields_dropped = getattr(self, "extra_fields_dropped", 0) + 1
        return SegmentWriter.add_document(self, **fields)

    def _existing_extra_fields(self) -> set[str]:
        names: set[str] = set()
        for segment in self.segments:
            try:
                reader = SegmentReader(self.storage, self.schema, segment)
                try:
                    names.update(n for n in reader.indexed_field_names() if n.startswith(EXTRA_PREFIX))
                finally:
                    reader.close()
            except Exception:  # a segment that cannot be read here fails the update elsewhere, in one line
                pass
        self._extra_fields = names
        return names

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        postings = self.pool.iter_postings()
        self.fieldwriter.add_postings(self.schema, _CachedLengths(pdr) if pdr else None, postings)
        self.fieldwriter.close()
        if pdr:
            pdr.close()


def commit_with(writer: SegmentWriter, segments: list, merge: bool) -> None:
    """Commit ``writer``'s deletions and documents plus finished ``segments`` in one TOC write.

    Mirrors ``SegmentWriter.commit`` with extra segments (as Whoosh's own multi-segment
    ``MpWriter`` does). Updates purge mostly-deleted segments and merge small ones
    (:func:`purge_then_merge_small`), so repeated updates pile up neither segments nor deleted
    copies; a fresh build does not merge: merging costs as much as writing and the workers'
    segments are already large.
    """
    final = writer._merge_segments(purge_then_merge_small if merge else NO_MERGE, False, merge)
    final.extend(segments)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()

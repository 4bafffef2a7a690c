"""A Whoosh ``SegmentWriter`` tuned for bulk builds, and the commit of several segments at once.

Profiling a build (after the analysis speed-up in :mod:`searchtool.index.analysis`) showed ~15% of a
writer's time in ``doc_field_length``: for every posting written at the end of a segment, Whoosh
reads that document's field length back from the just-written lengths column, one small file
read per posting. :class:`BulkSegmentWriter` loads each length column once into a list instead,
keeps its postings per term (:mod:`searchtool.indexing.termpool`) and writes them a term at a
time (:func:`write_postings`). The files written are byte-for-byte what Whoosh writes when the
pool does not spill, and hold the same postings when it does (tests compare them).
"""

from __future__ import annotations

from array import array
from operator import itemgetter

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3FieldWriter, _lenfield
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length
from whoosh.writing import MERGE_SMALL, NO_MERGE, SegmentWriter

from searchtool.index.schema import EXTRA_PREFIX
from searchtool.indexing.termpool import TermPool

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


#: Extra metadata fields (``x_<name>``) an index holds at most, counting those a writer finds in
#: the segments it adds to: each is a field with its own term list and length column (files),
#: and 3,000 records with 3,000 distinct keys made 3,012 files in one segment and took 12 s
#: (design/reliability.md §3). Beyond it a record's other fields are still stored (``show``,
#: ``--json``) but not searchable by name. Parallel workers count each for itself.
MAX_EXTRA_FIELDS = 128


class BulkSegmentWriter(SegmentWriter):
    """``SegmentWriter`` whose postings are kept per term in document order
    (:class:`~searchtool.indexing.termpool.TermPool`, no sorting of postings), handed over a
    field at a time (:meth:`add_document`) and written a term at a time with document lengths
    looked up in memory (:func:`write_postings`). The files it writes are byte for byte
    Whoosh's when nothing spills (tested), and hold the same postings when the pool spills.
    It indexes at most :data:`MAX_EXTRA_FIELDS` extra fields (:meth:`_cap_extra_fields`).
    """

    def __init__(self, ix, limitmb: float = 128, **kwargs):
        SegmentWriter.__init__(self, ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(limitmb, tempdir=self._tempstorage.folder)  # replaces Whoosh's (still empty) pool

    def add_document(self, **fields):
        """Whoosh's ``SegmentWriter.add_document`` with each field's postings added to the pool
        at once; everything else as Whoosh does it (the pool is sorted before it is written, so
        the order of additions within it does not matter)."""
        self._cap_extra_fields(fields)
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
        self._check_fields(schema, fieldnames)
        if any(schema[name].separate_spelling() or schema[name].vector for name in fieldnames):
            return SegmentWriter.add_document(self, **fields)  # spelling words, vectors: Whoosh's way

        perdocwriter.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                fieldboost = self._field_boost(fields, fieldname, docboost)
                items = field.index(value)
                if not isinstance(items, list):
                    items = list(items)
                if items:
                    if field.scorable:
                        length = sum(map(itemgetter(1), items))
                    # (multiplied even by 1.0, as Whoosh does: an int weight becomes a float)
                    pool.add_field(fieldname, docnum, items, fieldboost)
            customval = fields.get("_stored_%s" % fieldname, value)
            perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
            column = field.column_type
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _cap_extra_fields(self, fields: dict) -> None:
        """Drop from ``fields`` the extra fields beyond :data:`MAX_EXTRA_FIELDS` (in this
        writer's segments and the ones it adds to)."""
        if not any(name.startswith(EXTRA_PREFIX) for name in fields):
            return
        known = getattr(self, "_extra_fields", None)
        if known is None:
            known = self._existing_extra_fields()
        for name in [n for n in fields if n.startswith(EXTRA_PREFIX) and n not in known]:
            if len(known) < MAX_EXTRA_FIELDS:
                known.add(name)
            else:
                del fields[name]

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
        lengths = _CachedLengths(pdr) if pdr else None
        if isinstance(self.fieldwriter, W3FieldWriter):
            write_postings(self.fieldwriter, self.schema, lengths, self.pool.iter_terms())
        else:  # another codec: Whoosh's own loop
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()


def write_postings(fieldwriter: W3FieldWriter, schema, lengths: _CachedLengths | None, terms) -> None:
    """Whoosh's ``FieldWriter.add_postings`` for the whoosh3 codec, a term at a time (``terms``:
    ``(field, term, [(docnum, weight, value), ...])`` in order): the postings of one term are
    split into blocks and each block's lists and statistics are set at once, where Whoosh calls
    ``add_posting`` (with its checks and comparisons) and ``doc_field_length`` per posting.
    Same blocks, same statistics, same bytes (tested)."""
    lastfn = lasttext = None
    lens: list[int] | None = None
    for fieldname, btext, postings in terms:
        if fieldname != lastfn:
            if lastfn is not None:
                if fieldname < lastfn:
                    raise ValueError(f"postings out of order: field {lastfn!r} before {fieldname!r}")
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            lens = lengths._column(fieldname) if lengths is not None else None
            lastfn, lasttext = fieldname, None
        elif lasttext is not None and btext < lasttext:
            raise ValueError(f"postings out of order: {fieldname}:{lasttext!r} before {btext!r}")
        docnums, weights, values = zip(*postings)
        if -1 in docnums:  # Whoosh's marker of a spelling-only word: not a posting
            kept = [i for i, d in enumerate(docnums) if d != -1]
            if not kept:
                continue
            docnums, weights, values = ([seq[i] for i in kept] for seq in (docnums, weights, values))
        if lens is None:
            termlens = None
        elif docnums[-1] < len(lens):  # docnums ascend within a term
            termlens = [lens[d] for d in docnums]
        else:
            termlens = [lens[d] if d < len(lens) else 0 for d in docnums]
        fieldwriter.start_term(btext)
        _add_term_postings(fieldwriter._postwriter, docnums, weights, values, termlens)
        fieldwriter.finish_term()
        lasttext = btext
    if lastfn is not None:
        fieldwriter.finish_field()


def _add_term_postings(pw, docnums, weights, values, lengths) -> None:
    """What ``pw.add_posting`` per posting leaves behind, block by block (Whoosh writes a full
    block when the next posting arrives, and the last one in ``finish_postings``)."""
    limit = pw._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            pw._write_block()
        end = start + limit
        pw._ids = array("I", docnums[start:end])
        block_weights = weights[start:end]
        pw._weights = array("f", block_weights)
        pw._maxweight = max(0, max(block_weights))  # Whoosh starts from 0 and keeps the first maximum
        pw._values = [v for v in values[start:end] if v]
        if lengths is not None:
            nonzero = [n for n in lengths[start:end] if n]
            if nonzero:
                pw._minlength = min(nonzero)
                pw._maxlength = max(0, max(nonzero))


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

"""Read Whoosh 2.7.4's on-disk structures whole, in C, where Whoosh reads them item by item.

Whoosh's readers serve one document or one posting per call, in Python: fine for a few, slow for
the tens of thousands a search touches (a term's postings, every document's field length or
date). These functions read the same bytes in one go. Each relies on the layout of Whoosh 2.7.4
(pinned in pyproject.toml) and falls back to Whoosh's own per-item API when an object is not
laid out as expected, so a different layout is slower, never wrong.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from itertools import accumulate

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Iterable


def numeric_column(column_reader, count: int, default: int) -> array:
    """All raw values of a fixed-width numeric column of one segment, read in one go.

    Whoosh 2.7.4's ``NumericColumn.Reader`` keeps the values as one packed big-endian array in
    the segment file; reading it whole is ~1000x faster than ``reader[i]`` per document. Any
    other layout is read the general way.
    """
    cr = column_reader
    try:
        n = cr._count
        raw = cr._dbfile.get(cr._basepos, n * cr._fixedlen)
        values = array(cr._typecode, raw)
        if sys.byteorder == "little" and values.itemsize > 1:
            values.byteswap()
        if n < count:
            values.extend([cr._default] * (count - n))
        return values
    except (AttributeError, TypeError, ValueError):
        return array("L", [cr[i] if i < len(cr) else default for i in range(count)])


def field_lengths(reader, fieldname: str, n: int):
    """One segment's field-length codes (one byte per document; 0 = empty)."""
    try:  # Whoosh 2.7.4's per-document reader keeps them in a one-byte column
        from whoosh.codec.whoosh3 import (  # optional: 2.7.4's layout; others fall back below
            LENGTHS_COLUMN,
            _lenfield,
        )

        cr = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if cr is None:
            return bytes(n)
        return bytes(numeric_column(cr, n, 0))
    except (AttributeError, ImportError, TypeError, ValueError):
        from whoosh.util.numeric import length_to_byte  # optional: the fallback's only

        return bytes(length_to_byte(reader.doc_field_length(d, fieldname, 0) or 0) for d in range(n))


def postings(m, values: list | None = None) -> tuple[Iterable[int], Iterable[float]]:
    """All ``(ids, weights)`` of a leaf matcher, a block at a time where the layout is known;
    the encoded values (positions) are appended to ``values`` when it is given."""
    name = type(m).__name__
    if name == "W3LeafMatcher" and not getattr(m, "_byteids", True) and (values is None or m._fixedsize in (None, -1)):
        ids: list[int] = []
        weights: list[float] = []
        try:
            while True:
                if m._data is None:
                    m._read_data()
                data = m._data
                n = m._blocklength
                ids.extend(accumulate(data[0]))
                w = data[1]
                if w is None:
                    weights.extend([1.0] * n)
                elif isinstance(w, float):
                    weights.extend([w] * n)
                else:
                    weights.extend(w)
                if values is not None:
                    values.extend(data[2])
                if m._lastblock:
                    break
                m._goto(m._nextoffset)
            return ids, weights
        except AttributeError:
            m.reset()
            if values is not None:
                values.clear()
    if name == "ListMatcher" and hasattr(m, "_ids") and values is None:
        ids = list(m._ids)
        if getattr(m, "_all_weights", None):
            return ids, [m._all_weights] * len(ids)
        if getattr(m, "_weights", None):
            return ids, list(m._weights)
        return ids, [1.0] * len(ids)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values is not None:
            values.append(m.value())
        m.next()
    return ids, weights


def postings_within(m, wanted: list[int]) -> tuple[list[int], list[float]]:
    """``(ids, weights)`` of a leaf matcher's postings whose ids are in ``wanted`` (sorted,
    segment-local numbers), reading only the blocks whose id range holds one of them.

    Each block's header gives its last id, so a block no wanted id falls in is passed over
    without decompressing or unpickling it: scoring a few hundred documents on a term that
    most of a large index holds reads a fraction of its blocks. Other layouts are read whole
    and filtered.
    """
    keep = set(wanted)
    if type(m).__name__ == "W3LeafMatcher" and not getattr(m, "_byteids", True):
        ids: list[int] = []
        weights: list[float] = []
        try:
            i, n, previous = 0, len(wanted), -1  # wanted[:i] are at or below the last block read
            while i < n:
                i = bisect_right(wanted, previous, i)
                if i < n and wanted[i] <= m._maxid:
                    if m._data is None:
                        m._read_data()
                    data = m._data
                    w = data[1]
                    if w is None or isinstance(w, float):
                        w = [1.0 if w is None else w] * m._blocklength
                    for docid, weight in zip(accumulate(data[0]), w):
                        if docid in keep:
                            ids.append(docid)
                            weights.append(weight)
                if m._lastblock:
                    break
                previous = m._maxid
                m._goto(m._nextoffset)
            return ids, weights
        except AttributeError:
            m.reset()
    all_ids, all_weights = postings(m)
    pairs = [(d, w) for d, w in zip(all_ids, all_weights) if d in keep]
    return [d for d, _ in pairs], [w for _, w in pairs]

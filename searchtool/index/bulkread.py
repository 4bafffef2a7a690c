"""Read Whoosh 2.7.4's on-disk structures whole, in C, where Whoosh reads them item by item.

Whoosh's readers serve one document or one posting per call, in Python: fine for a few, slow for
the tens of thousands a search touches (a term's postings, every document's field length or
date). These functions read the same bytes in one go. Each relies on the layout of Whoosh 2.7.4
(pinned in pyproject.toml) and falls back to Whoosh's own per-item API when an object is not
laid out as expected, so a different layout is slower, never wrong.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from functools import partial
from itertools import accumulate

from searchtool.errors import SearchtoolError
from searchtool.index.safe_pickle import SafeUnpickler
from searchtool.index.safe_pickle import loads as safe_loads

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Callable, Iterable

_BLOCK_LENGTH = struct.Struct("!i").unpack_from  # Whoosh's pack_int: a block's byte length, negated for the last


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


#: A compressed block smaller than this is decoded whole (see ``_Blocks.ids_weights``): the UN
#: speeches' title blocks (43-99 bytes) decompress whole as fast as a start; "nation"'s body
#: blocks (190-2,460 bytes, ~25 KB of positions each) in half the time by the start alone.
SMALL_BLOCK = 256


def _floats(count: int) -> struct.Struct:
    """``count`` big-endian doubles, each after its one-byte opcode (skipped)."""
    found = _FLOATS.get(count)
    if found is None:
        found = _FLOATS[count] = struct.Struct(">" + "xd" * count)
    return found


_FLOATS: dict[int, struct.Struct] = {}
#: A term's postings are read in one go up to this size (the UN speeches copied ten times: 331 KB
#: for "nation" in one segment); a larger term is read block by block, by Whoosh.
MAX_TERM_BYTES = 64 << 20


class _Blocks:
    """A term's posting blocks as Whoosh 2.7.4 lays them out, from one read of their bytes.

    Each block is a 4-byte length (negative for the last), a pickled header ``(count, last id,
    max weight, compression, min length, max length)`` and the pickled (zlib-compressed) data
    ``(id deltas, weights, values)``. Whoosh reads a header with six calls through its file
    layers (~7 us a block: 3 ms to pass over the 422 blocks of "nation" in one segment of the
    UN speeches copied ten times, where scoring 300 documents needs ~40 of them); here the
    term's bytes are read at once and each header is unpickled from memory (~1.3 us).
    ``table``: ``(last id, count, data start, data end, compressed)`` per block; a block's
    data is decoded only when asked (:meth:`data`). Headers and data go through the
    allow-list unpickler as everything an index holds (:mod:`searchtool.index.safe_pickle`).
    """

    __slots__ = ("buf", "table")

    def __init__(self, m):
        length = m._length[0] if isinstance(m._length, tuple) else m._length  # Whoosh stores a 1-tuple
        base = m._baseoffset
        size = m._startoffset + length - base
        if size > MAX_TERM_BYTES:
            raise ValueError("a term's postings too large to read at once")
        m._postfile.seek(base)
        buf = m._postfile.read(size)
        if len(buf) != size:
            raise ValueError("short read")
        stream = io.BytesIO(buf)
        unpickler = SafeUnpickler(stream)
        table = []
        pos = 0
        while True:
            n = _BLOCK_LENGTH(buf, pos)[0]
            stream.seek(pos + 4)
            count, last, _maxweight, compression, _mn, _mx = unpickler.load()
            end = pos + 4 + abs(n)
            table.append((last, count, stream.tell(), end, compression))
            pos = end
            if n < 0 or pos >= size:
                break
        if n >= 0 or pos != size:
            raise ValueError("posting blocks do not end where the term's postings end")
        self.buf, self.table = buf, table

    def data(self, block: tuple) -> tuple:
        """The block's ``(id deltas, weights, values)``."""
        _last, _count, start, end, compression = block
        raw = self.buf[start:end]
        return safe_loads(zlib.decompress(raw) if compression else raw)

    def ids_weights(self, block: tuple) -> tuple:
        """The block's ``(id deltas, weights)`` without its values (the positions, most of a
        block: 25 KB of a common word's 26 KB decompressed). In the usual layout (the first id,
        then every delta under 256, and a weight per posting) only the start of the data is
        decompressed and the numbers are read from their pickle opcodes: nothing is unpickled,
        so nothing an index holds can run (a body block of "nation" at 10x: ~33 -> ~21 us).
        Any other block is decoded whole, as are small ones (a title's), which decompress as
        fast as a start does."""
        _last, count, start, end, compression = block
        if compression and end - start >= SMALL_BLOCK:
            head = zlib.decompressobj().decompress(self.buf[start:end], 16 + 14 * count)
            # protocol 4, one frame (8-byte length), MARK; the first id in 1, 2 or 4 bytes
            op = head[12:13] if head[:3] == b"\x80\x04\x95" and head[11:12] == b"(" else b""
            width = 1 if op == b"K" else 2 if op == b"M" else 4 if op == b"J" else 0
            rest = 13 + width
            floats = rest + 2 * (count - 1) + 3
            if (
                width
                and head[rest : floats - 3 : 2] == b"K" * (count - 1)  # BININT1 at every other byte
                and head[floats - 3 : floats] == b"t\x94("  # TUPLE, MEMOIZE; MARK
                and head[floats : floats + 9 * count : 9] == b"G" * count  # BINFLOAT every 9 bytes
                and head[floats + 9 * count : floats + 2 + 9 * count] == b"t\x94"
            ):
                first = int.from_bytes(head[13:rest], "little", signed=width == 4)
                return (first, *head[rest + 1 : floats - 3 : 2]), _floats(count).unpack_from(head, floats)
        return self.data(block)[:2]


def _blocks(m) -> _Blocks | None:
    """The posting blocks of a leaf matcher laid out as Whoosh 2.7.4 writes them, read in one
    go, or ``None`` (another layout, a term too large, or bytes that do not add up)."""
    if type(m).__name__ != "W3LeafMatcher" or getattr(m, "_byteids", True):
        return None
    try:
        return _Blocks(m)
    except SearchtoolError:  # a pickle naming something outside the allow-list: refused, as Whoosh's read is
        raise
    except Exception:  # noqa: BLE001 -- not the layout expected: Whoosh's own reading decides (and reports damage)
        return None


def _block_walk(m, values: bool = False) -> Iterable[tuple[int, int, Callable[[], tuple]]] | None:
    """``(last id, count, decode)`` of each posting block of a leaf matcher (``decode()`` gives
    the block's ``(id deltas, weights)``, and its values too with ``values``; to be called
    before the next block is asked for), from :class:`_Blocks`, else from Whoosh's matcher block by block; ``None`` for a
    matcher without blocks."""
    blocks = _blocks(m)
    if blocks is not None:
        decode = blocks.data if values else blocks.ids_weights
        return ((block[0], block[1], partial(decode, block)) for block in blocks.table)
    if type(m).__name__ == "W3LeafMatcher" and not getattr(m, "_byteids", True):
        return _whoosh_walk(m)
    return None


def _whoosh_walk(m):
    def decode() -> tuple:
        if m._data is None:
            m._read_data()
        return m._data

    while True:
        yield m._maxid, m._blocklength, decode
        if m._lastblock:
            return
        m._goto(m._nextoffset)


def _weights(w, n: int):
    return [1.0] * n if w is None else [w] * n if isinstance(w, float) else w


def postings(m, values: list | None = None) -> tuple[Iterable[int], Iterable[float]]:
    """All ``(ids, weights)`` of a leaf matcher, a block at a time where the layout is known;
    the encoded values (positions) are appended to ``values`` when it is given."""
    walk = _block_walk(m, values is not None) if values is None or getattr(m, "_fixedsize", 0) in (None, -1) else None
    if walk is not None:
        ids: list[int] = []
        weights: list[float] = []
        try:
            for _last, count, decode in walk:
                data = decode()
                ids.extend(accumulate(data[0]))
                weights.extend(_weights(data[1], count))
                if values is not None:
                    values.extend(data[2])
            return ids, weights
        except AttributeError:  # not Whoosh 2.7.4's matcher after all: read the general way
            m.reset()
            if values is not None:
                values.clear()
    name = type(m).__name__
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


def postings_within(m, wanted: list[int], check: list[int] | None = None) -> tuple[list[int], list[float], int]:
    """``(ids, weights, absent)``: a leaf matcher's postings whose ids are in ``wanted``
    (sorted, segment-local numbers), reading only the blocks whose id range holds one of them,
    and how many of ``check`` (sorted, none in ``wanted``) the postings lack.

    Each block's header gives its last id and its count, so a block no wanted id falls in is
    passed over without decompressing or unpickling it: scoring a few hundred documents on a
    term that most of a large index holds reads a fraction of its blocks. A block whose count
    fills its whole id range holds every document in it, so ``check`` needs no block of a
    word nearly every document has (the UN speeches' "nation": 414 of its 422 blocks in a
    segment). Other layouts are read whole and filtered.
    """
    check = check or []
    blocks = _blocks(m)
    if blocks is not None:
        return _within_table(blocks, wanted, check)
    walk = _block_walk(m)
    if walk is not None:
        try:
            return _within_blocks(walk, wanted, check)
        except AttributeError:  # not Whoosh 2.7.4's matcher after all: read the general way
            m.reset()
    all_ids, all_weights = postings(m)
    full = dict(zip(all_ids, all_weights))
    found = [d for d in wanted if d in full]
    return found, [full[d] for d in found], sum(1 for d in check if d not in full)


def _within_table(blocks: _Blocks, wanted: list[int], check: list[int]) -> tuple[list[int], list[float], int]:
    """:func:`postings_within` on a block table: each wanted or checked document finds its block
    by bisection (a few hundred documents against ~12,000 blocks in an any-word search at 10x,
    where a pass over every block cost ~2 us each)."""
    table = blocks.table
    lasts = [block[0] for block in table]
    nblocks = len(lasts)
    asked: dict[int, tuple[list[int], list[int]]] = {}
    absent = 0
    for docs, side in ((wanted, 0), (check, 1)):
        for d in docs:
            i = bisect_left(lasts, d)
            if i == nblocks:
                absent += side  # past the last block: not in the postings
            else:
                asked.setdefault(i, ([], []))[side].append(d)
    ids: list[int] = []
    weights: list[float] = []
    for i in sorted(asked):
        want, to_check = asked[i]
        last, count = table[i][0], table[i][1]
        if not want and count == last - (lasts[i - 1] if i else -1):
            continue  # the block holds every document of its range
        data = blocks.ids_weights(table[i])
        held = dict(zip(accumulate(data[0]), _weights(data[1], count)))
        for d in want:
            w = held.get(d)
            if w is not None:
                ids.append(d)
                weights.append(w)
        if to_check:
            absent += len(set(to_check).difference(held))
    return ids, weights, absent


def _within_blocks(walk, wanted: list[int], check: list[int]) -> tuple[list[int], list[float], int]:
    ids: list[int] = []
    weights: list[float] = []
    absent = 0
    i = c = 0
    n, nc, previous = len(wanted), len(check), -1
    for last, count, decode in walk:
        i_end = bisect_right(wanted, last, i)
        c_end = bisect_right(check, last, c) if c < nc else c
        if i_end > i or (c_end > c and count != last - previous):
            data = decode()
            held = dict(zip(accumulate(data[0]), _weights(data[1], count)))
            for d in wanted[i:i_end]:
                w = held.get(d)
                if w is not None:
                    ids.append(d)
                    weights.append(w)
            if c_end > c:
                absent += len(set(check[c:c_end]).difference(held))
        i, c, previous = i_end, c_end, last
        if i >= n and c >= nc:
            break
    return ids, weights, absent + nc - c

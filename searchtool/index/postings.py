"""A compact encoding of term positions, and the fast computation of a document's postings.

Whoosh's ``Positions`` format stores each posting's positions as a 4-byte count plus a pickled
list of deltas (about 12 bytes for a word seen once). Measured on UNGDC, posting values are the
bulk of the index (~165 of ~260 MB). :class:`CompactPositions` stores the same information as
one varint header (count and width) plus the deltas as little-endian 16- or 32-bit integers,
written and read by ``array`` in C: 3 bytes for a word seen once. Everything Whoosh needs from a
positions format (frequency, weight, positions for phrase and span queries) is provided.
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from itertools import accumulate
from operator import sub

from whoosh import formats

from searchtool.index.analysis import fast_terms

_BIG_ENDIAN = sys.byteorder == "big"
#: The array type of 32-bit deltas (``I`` is 32 bits on every usual platform, else ``L``).
_WIDE = "I" if array("I").itemsize == 4 else "L"
_BYTES = [bytes([i]) for i in range(128)]


def _varint(n: int) -> bytes:
    if n < 0x80:
        return _BYTES[n]
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _read_varint(data: bytes) -> tuple[int, int]:
    """(value, bytes used) of the varint at the start of ``data``."""
    shift = value = 0
    for i, byte in enumerate(data):
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i + 1
        shift += 7
    raise ValueError("truncated varint")


def encode_deltas(deltas: list[int]) -> bytes:
    """Header ``count * 2 + wide`` then the deltas as uint16 (or uint32 if any is >= 65536)."""
    wide = max(deltas) >= 65536
    arr = array("I" if wide else "H", deltas)
    if arr.itemsize != (4 if wide else 2):  # platforms where 'I' is not 32-bit
        arr = array("L" if wide else "H", deltas)
    if _BIG_ENDIAN:
        arr.byteswap()
    return _varint(len(deltas) * 2 + wide) + arr.tobytes()


#: Encoded value of a term seen once, by position (most terms of a document are seen once).
#: Built on the first write, not at import: every search imports this module (through the
#: pickled schema) and only needs to decode; building the table costs tens of milliseconds.
_SINGLES: list[bytes] = []


def _singles() -> list[bytes]:
    if not _SINGLES:
        _SINGLES.extend(encode_deltas([p]) for p in range(1 << 16))
    return _SINGLES


class CompactPositions(formats.Positions):
    """``Positions`` with a compact, C-speed encoding (see the module docstring)."""

    def encode(self, poslist):
        if len(poslist) == 1 and poslist[0] < 65536:
            return _singles()[poslist[0]]
        deltas = list(map(sub, poslist, [0, *poslist]))
        return encode_deltas(deltas)

    def decode_frequency(self, valuestring):
        return _read_varint(valuestring)[0] >> 1

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_positions(self, valuestring):
        return list(accumulate(_deltas(valuestring)))

    @staticmethod
    def shifted_positions(valuestring, shift: int):
        """The positions minus ``shift``, as an iterator: what an exact phrase compares (word k
        of a phrase starting at s sits at s + k). One C pass (``accumulate`` from ``-shift``)
        where decoding, then subtracting, made two lists: the phrase check on the UN speeches
        spends most of its time here (a static method: no binding on each of its calls)."""
        values = accumulate(_deltas(valuestring), initial=-shift)
        next(values)
        return values


def _deltas(valuestring) -> array:
    """The position deltas of an encoded value (the first is the first position).

    A phrase search decodes the positions of every candidate document (~9,000 calls for a
    phrase on the UN speeches): the one-byte header (fewer than 64 positions) is read without
    the varint loop, and the array type is chosen once, not built per call."""
    header = valuestring[0]
    used = 1
    if header >= 0x80:
        header, used = _read_varint(valuestring)
    arr = array(_WIDE if header & 1 else "H", valuestring[used:])
    if _BIG_ENDIAN:
        arr.byteswap()
    return arr


def fast_postings(field, text: str) -> list[tuple] | None:
    """The ``(term bytes, freq, weight, value)`` items ``field.index(text)`` yields, computed fast.

    ``None`` when the field's analyzer or format is not one this module reproduces exactly.
    """
    fmt = field.format
    if type(fmt) is not CompactPositions:
        return None
    terms = fast_terms(field.analyzer, text)
    if terms is None:
        return None
    kept, first = terms
    poses: dict[str, list[int]] = defaultdict(list)
    for pos, term in enumerate(kept, first):
        if type(term) is tuple:  # several terms at one position (a surname and its stem)
            for alt in term:
                poses[alt].append(pos)
        else:
            poses[term].append(pos)
    boost = fmt.field_boost
    singles = _singles()
    out = []
    append = out.append
    for term, pl in poses.items():
        n = len(pl)
        if n == 1 and pl[0] < 65536:
            append((term.encode("utf-8"), 1, boost, singles[pl[0]]))
        else:
            append((term.encode("utf-8"), n, n * boost, encode_deltas(list(map(sub, pl, [0, *pl])))))
    return out

"""The groups of identical statements as document numbers of one commit, in a compact file.

A search folds identical statements under the first of each group
(:mod:`searchtool.searching.folding`), so it needs each group's document numbers. They used to
come from ``clusters.json`` (every cluster's ids, kinds and similarities, plus the numbers the
writer resolved), parsed whole by every search: on the UN speeches copied ten times (10,952
groups of ten, a 4.5 MB file) that was 80 ms of JSON and 25 ms of grouping in a search of
~270 ms in its own process. The writer now also stores just the groups, as little-endian 32-bit
numbers in base64 inside a small JSON file (``folding.json``), with the table of contents they
were resolved for and a CRC (643 KB there): a search decodes it in ~20 ms (2 of base64, the
rest the range checks and making the groups), and building the folding structure takes ~20 more,
where the same from ``clusters.json`` took ~105; a search in its own process went from 260-290
to 180-190 ms. It is used only when it is its own commit's and intact, else ``clusters.json``
is read as before (an older index, a damaged file: slower, never wrong).
"""

from __future__ import annotations

import base64
import binascii
import sys
import zlib
from array import array
from itertools import accumulate, chain
from operator import itemgetter

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

FORMAT = "searchtool-folding-1"
#: The kinds of cluster member folded under their original in a result list (near duplicates
#: stay apart: one changed name or date in a short template is the news).
FOLDED_KINDS = frozenset(["identical"])

_INT32 = "i" if array("i").itemsize == 4 else "l"
_BIG_ENDIAN = sys.byteorder == "big"


def identical_members(cluster: list, nums: list[int | None]) -> list[int]:
    """The docnums (``nums``) of a stored cluster's original and identical copies: all of them,
    checked in C, for a group of reprints (10,952 clusters of ten: 55 -> 20 ms an index open)."""
    rest = cluster[1:]
    if None not in nums and FOLDED_KINDS.issuperset(map(itemgetter(1), rest)):
        return nums
    return [d for d, kind in zip(nums, ("identical", *(m[1] for m in rest))) if d is not None and kind in FOLDED_KINDS]


def _packed(numbers) -> bytes:
    values = array(_INT32, numbers)
    if _BIG_ENDIAN:
        values.byteswap()
    return values.tobytes()


def _unpacked(data: bytes) -> array:
    values = array(_INT32)
    values.frombytes(data)
    if _BIG_ENDIAN:
        values.byteswap()
    return values


def encode(clusters: list[list], table: dict[str, Any] | None) -> dict[str, Any] | None:
    """The folding file's content for ``clusters`` (as stored) and their document numbers
    ``table`` (``{"toc": N, "members": [...]}``), or ``None`` without either."""
    if not clusters or not isinstance(table, dict) or not isinstance(table.get("members"), list):
        return None
    groups = [g for g in map(identical_members, clusters, table["members"]) if len(g) > 1]
    payload = _packed(map(len, groups)) + _packed(chain.from_iterable(groups))
    return {"format": FORMAT, "toc": table["toc"], "groups": len(groups), "crc": zlib.crc32(payload),
            "numbers": base64.b64encode(payload).decode("ascii")}


def decode(data: Any, toc: int, doc_count: int, live=None) -> list[list[int]] | None:
    """The groups (each its first statement, then its copies) that ``data`` holds when it was
    written for table of contents ``toc``, is intact, and names only documents below
    ``doc_count`` and, when ``live`` (a set) is given, in it; else ``None``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("toc") != toc:
        return None
    count, text = data.get("groups"), data.get("numbers")
    if type(count) is not int or count < 0 or not isinstance(text, str):
        return None
    try:
        payload = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if zlib.crc32(payload) != data.get("crc") or len(payload) % 4 or len(payload) < 4 * count:
        return None
    numbers = _unpacked(payload)
    sizes, flat = numbers[:count], numbers[count:]
    if sum(sizes) != len(flat) or (sizes and min(sizes) < 2) or (flat and (min(flat) < 0 or max(flat) >= doc_count)):
        return None
    if live is not None and not live.issuperset(flat):
        return None
    ends = list(accumulate(sizes))
    return [flat[end - size : end].tolist() for size, end in zip(sizes, ends)]

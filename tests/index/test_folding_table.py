"""The compact groups of identical statements (``folding.json``): what the writer encodes is what
a search decodes, and anything not written for the reader's commit, damaged, or naming documents
the index lacks or has deleted decodes to nothing (the search then reads ``clusters.json``)."""

from __future__ import annotations

import base64
import json
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from searchtool.index import folding_table as ft

KINDS = st.sampled_from(["identical", "near"])


@st.composite
def clusters_and_table(draw):
    """Stored clusters (original id, then ``[id, kind, similarity]``) and their docnums, some
    members gone (``None``), every docnum distinct."""
    sizes = draw(st.lists(st.integers(2, 6), max_size=15))
    docs = iter(draw(st.permutations(range(sum(sizes) + 5))))
    clusters, members = [], []
    for n, size in enumerate(sizes):
        rest = [[f"s{n}-{k}", draw(KINDS), 1.0] for k in range(1, size)]
        clusters.append([f"s{n}-0", *rest])
        members.append([None if draw(st.integers(0, 9)) == 0 else next(docs) for _ in range(size)])
    return clusters, {"toc": draw(st.integers(0, 50)), "members": members}


@settings(max_examples=200, deadline=None)
@given(clusters_and_table())
def test_the_groups_decode_as_the_clusters_fold(case):
    clusters, table = case
    data = ft.encode(clusters, table)
    want = [g for g in map(ft.identical_members, clusters, table["members"]) if len(g) > 1]
    if not clusters:
        assert data is None
        return
    data = json.loads(json.dumps(data))  # as stored
    assert ft.decode(data, table["toc"], 10**6) == want
    assert ft.decode(data, table["toc"] + 1, 10**6) is None  # another commit's
    flat = {d for g in want for d in g}
    if flat:
        assert ft.decode(data, table["toc"], max(flat)) is None  # a document the index lacks
        assert ft.decode(data, table["toc"], 10**6, live=frozenset(flat - {min(flat)})) is None  # one deleted
        assert ft.decode(data, table["toc"], 10**6, live=frozenset(flat)) == want


def test_a_damaged_or_malformed_file_decodes_to_nothing():
    clusters = [["a", ["b", "identical", 1.0], ["c", "near", 0.9]], ["d", ["e", "identical", 1.0]]]
    data = ft.encode(clusters, {"toc": 3, "members": [[4, 7, 9], [1, 2]]})
    assert ft.decode(data, 3, 10) == [[4, 7], [1, 2]]
    raw = base64.b64decode(data["numbers"])
    flipped = {**data, "numbers": base64.b64encode(raw[:-1] + bytes([raw[-1] ^ 1])).decode()}
    short = raw[:-4]
    for bad in (
        flipped,  # the CRC says so
        {**data, "numbers": "not base64!"},
        {**data, "numbers": base64.b64encode(short).decode(), "crc": zlib.crc32(short)},  # sizes do not add up
        {**data, "groups": 5},
        {**data, "groups": -1},
        {**data, "format": "something else"},
        {k: v for k, v in data.items() if k != "crc"},
        None, [], "text",
    ):
        assert ft.decode(bad, 3, 10) is None, bad


def test_no_file_without_clusters_or_their_document_numbers():
    assert ft.encode([], {"toc": 1, "members": []}) is None
    assert ft.encode([["a", ["b", "identical", 1.0]]], None) is None

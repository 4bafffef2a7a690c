"""Folding identical statements: the hidden matches and the copies under each kept one are those
of asking every group which of its members matched, whether groups match whole (set operations)
or in part (one by one), and whatever the groups look like."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from searchtool.searching.folding import IdenticalGroups


def folded_one_group_at_a_time(groups, matched):
    """The reference: each group asked in turn (what a search did before)."""
    hidden, folded = set(), {}
    for group in groups:
        present = [d for d in group if d in matched]
        if len(present) > 1:
            hidden.update(present[1:])
            folded[present[0]] = tuple(present[1:])
    return hidden, folded


@st.composite
def collections(draw):
    """Groups of distinct docnums (sometimes one docnum in two groups), and the matches: whole
    groups, parts of groups, and documents in no group."""
    docs = draw(st.permutations(range(60)))
    sizes = draw(st.lists(st.integers(1, 6), max_size=12))
    groups, at = [], 0
    for size in sizes:
        if at + size <= len(docs):
            groups.append(list(docs[at : at + size]))
            at += size
    if groups and draw(st.booleans()):
        groups.append([groups[0][-1], 99])  # overlapping groups: taken one by one
    whole = draw(st.lists(st.integers(0, max(len(groups) - 1, 0)), max_size=len(groups))) if groups else []
    matched = {d for i in whole for d in groups[i]}
    matched |= set(draw(st.lists(st.integers(0, 100), max_size=20 if draw(st.booleans()) else 0)))
    return groups, matched


@settings(max_examples=300, deadline=None)
@given(collections())
def test_folding_equals_asking_every_group(case):
    groups, matched = case
    hidden, folded = IdenticalGroups(groups).fold(matched)
    want_hidden, want_folded = folded_one_group_at_a_time([g for g in groups if len(g) > 1], matched)
    assert hidden == want_hidden
    for d in range(101):
        assert folded.get(d, ()) == want_folded.get(d, ())


def test_groups_matched_whole_fold_without_asking_each_group():
    groups = [[10 * i + j for j in range(10)] for i in range(50)]
    index = IdenticalGroups(groups)
    matched = {d for g in groups[::2] for d in g} | {999}
    hidden, folded = index.fold(matched)
    assert not isinstance(folded, dict)  # the set operations' answer, copies looked up on demand
    assert hidden == {d for g in groups[::2] for d in g[1:]}
    assert folded.get(20) == tuple(range(21, 30)) and folded.get(10, ()) == () and folded.get(21, ()) == ()


def test_a_cluster_folds_its_original_and_identical_copies_only():
    # from the stored cluster (original id, then [id, kind, similarity]) and its docnums: near
    # duplicates stay apart, members gone from the index (no docnum) are left out
    from searchtool.index.folding_table import identical_members as _identical_members

    reprints = ["a", ["b", "identical", 1.0], ["c", "identical", 1.0]]
    assert _identical_members(reprints, [4, 9, 2]) == [4, 9, 2]
    assert _identical_members(reprints, [4, None, 2]) == [4, 2]
    mixed = ["a", ["b", "near", 0.83], ["c", "identical", 1.0]]
    assert _identical_members(mixed, [4, 9, 2]) == [4, 2]
    assert _identical_members(["a", ["b", "near", 0.9]], [None, 9]) == []

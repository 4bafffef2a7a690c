"""Folding identical statements in a result list: which matches to hide, and under which kept one.

Of each group of identical statements (an index-time cluster's original and its identical
copies) with several matches, the first match stays and the others fold under it. A collection
of reprints has thousands of groups (the UN speeches copied ten times: 10,952 groups of ten),
and a search asked each of them which of its members matched: ~45 ms a search, in Python.
Identical texts match a text query alike, so a group is nearly always all in or all out; then
the hidden matches are the matched members that are not first in their group, found by set
operations in C, and the kept one's copies are looked up only for the hits shown. Otherwise
(a title word or a date filter that matches some copies) the groups with a match are taken one
by one, as before.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Iterable


class IdenticalGroups:
    """The groups of identical statements of an open index, as docnums: each group's first
    (its original, or the earliest) and its copies, in order; ``members``: all of them (the
    scorer checks a phrase once among reprints with the same positions)."""

    __slots__ = ("firsts", "copies", "group_of", "first_docs", "members")

    def __init__(self, groups: Iterable[list[int]]):
        kept = [g for g in groups if len(g) > 1]
        self.firsts = [g[0] for g in kept]
        self.copies = [tuple(g[1:]) for g in kept]
        self.group_of = {d: i for i, g in enumerate(kept) for d in g}
        self.members = frozenset(self.group_of)
        if len(self.group_of) != sum(map(len, kept)):  # a statement in two groups: none is taken as a whole
            self.group_of = {}
        self.first_docs = frozenset(self.firsts)

    def __len__(self) -> int:
        return len(self.firsts)

    def groups(self) -> list[tuple[int, ...]]:
        """Each group of several statements: its first, then its copies."""
        return [(first, *copies) for first, copies in zip(self.firsts, self.copies)]

    def fold(self, matched: set[int]) -> tuple[set[int], FoldedCopies | dict[int, tuple[int, ...]]]:
        """The matches to hide, and ``{kept docnum: folded docnums}`` (anything with ``get``)."""
        if not self.firsts:
            return set(), {}
        if self.group_of:
            in_groups = self.group_of.keys() & matched
            touched = set(map(self.group_of.__getitem__, in_groups))
            if sum(len(self.copies[i]) + 1 for i in touched) == len(in_groups):  # every touched group whole
                return in_groups - self.first_docs, FoldedCopies(self, touched)
            return self._one_by_one(matched, sorted(touched))
        return self._one_by_one(matched, range(len(self.firsts)))

    def _one_by_one(self, matched: set[int], groups: Iterable[int]) -> tuple[set[int], dict[int, tuple[int, ...]]]:
        hidden: set[int] = set()
        folded: dict[int, tuple[int, ...]] = {}
        for i in groups:
            present = [d for d in (self.firsts[i], *self.copies[i]) if d in matched]
            if len(present) > 1:
                hidden.update(present[1:])
                folded[present[0]] = tuple(present[1:])
        return hidden, folded


class FoldedCopies:
    """``{kept docnum: folded docnums}`` of groups matched whole, looked up on demand."""

    __slots__ = ("_groups", "_touched")

    def __init__(self, groups: IdenticalGroups, touched: set[int]):
        self._groups, self._touched = groups, touched

    def get(self, docnum: int, default=()):
        i = self._groups.group_of.get(docnum)
        if i is None or i not in self._touched or self._groups.firsts[i] != docnum:
            return default
        return self._groups.copies[i]

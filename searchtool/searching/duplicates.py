"""``searchtool dups``: the duplicate clusters of an index, at the default threshold or another.

The pairs and sketches were found at index time (:mod:`searchtool.index.clusters`); this module
clusters them at the threshold asked for and names the members from the stored fields.
"""

from __future__ import annotations

from pathlib import Path

from searchtool.dates import from_int
from searchtool.errors import UsageError
from searchtool.index.clusters import DEFAULT_THRESHOLD, NEAR_FLOOR, cluster, near_pairs
from searchtool.index.ledger import load, load_duplicates
from searchtool.searching.engine import Engine
from searchtool.searching.request import Duplicate
from searchtool.values import Value


class Cluster(Value):
    """One cluster: its original (the earliest statement) and the duplicates of it."""

    __slots__ = ("original", "members")

    def __init__(self, original: Duplicate, members: list[Duplicate]) -> None:
        Value.__init__(self, original, members)


def find_clusters(index_dir: Path, threshold: float = DEFAULT_THRESHOLD) -> list[Cluster]:
    """The clusters of exact duplicates and of near duplicates at ``threshold`` (0-1] or more,
    oldest original first."""
    if not 0 < threshold <= 1:
        raise UsageError(f"--threshold must be above 0 and at most 1, not {threshold}")
    with Engine(index_dir) as engine:
        ledger = load(engine.generation)
        dups = load_duplicates(engine.generation)
        pairs = dups.pairs
        if threshold < NEAR_FLOOR:  # the index stores pairs from the floor up: find them afresh
            pairs = near_pairs(dups.sketches, set(dups.sketches), threshold)
        out = []
        for original, *rest in cluster(ledger.records, pairs, threshold):
            out.append(Cluster(_named(engine, original, "original", 1.0), [_named(engine, *m) for m in rest]))
        return out


def _named(engine: Engine, ident: str, kind: str, similarity: float) -> Duplicate:
    docnum = engine.searcher.document_number(id=ident)
    stored = engine.searcher.stored_fields(docnum) if docnum is not None else {}
    return Duplicate(ident, stored.get("title") or "", from_int(stored.get("date")), kind, similarity)

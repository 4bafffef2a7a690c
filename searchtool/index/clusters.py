"""Duplicate clusters: statements with the same normalised body (exact) or a near-identical one
(estimated Jaccard similarity of their shingle sets at or above a threshold), the earliest of
each as its original.

The indexer finds near-duplicate pairs incrementally (:func:`near_pairs` for the statements a
run added or changed, against all sketches) and stores them from :data:`NEAR_FLOOR` up; the
clusters at :data:`DEFAULT_THRESHOLD` are stored too (``clusters.json``, a few KB), so that a
search can fold duplicates without reading any sketch. ``searchtool dups --threshold T`` clusters
again at T, finding pairs afresh from the sketches when T is below the stored floor.

Thresholds, measured on the 2,031 State Department releases (../shared/design, C5): 7 groups of
exact duplicates; at 0.8, 10 pairs (reprints with a changed title or a corrected line); at 0.5,
20 pairs, the extra ones templated travel announcements that are not the same statement.
Hence 0.8 by default.
"""

from __future__ import annotations

from collections import defaultdict

from searchtool.index import sketch
from searchtool.index.ledger import DATE, EXACT, FIRST

#: Similarity from which two statements are near duplicates, by default.
DEFAULT_THRESHOLD = 0.8
#: Pairs are stored from this estimate up (``dups --threshold`` below it finds them afresh).
NEAR_FLOOR = 0.5
#: Candidates share one of their BAND smallest shingle hashes. Two texts with Jaccard J share
#: the smallest with probability J; missing all eight is rare at J >= 0.5.
BAND = 8
#: A hash found in more sketches than this is boilerplate (a schedule line) and finds no
#: candidates: the capability study measured 10 s for 2,031 records without this pruning.
MAX_BUCKET = 50


def near_pairs(encoded: dict[str, str], new_ids: set[str], floor: float = NEAR_FLOOR) -> list[list]:
    """Pairs ``[a, b, estimate]`` (a < b) with an estimated Jaccard of ``floor`` or more, at
    least one of them in ``new_ids``: the incremental part of duplicate detection."""
    decoded = {i: sketch.decode(s) for i, s in encoded.items()}
    buckets: dict[int, list[str]] = defaultdict(list)
    for ident, values in decoded.items():
        for v in values[:BAND]:
            buckets[v].append(ident)
    found: dict[tuple[str, str], float] = {}
    seen: set[tuple[str, str]] = set()
    for ident in sorted(new_ids & decoded.keys()):
        mine = decoded[ident]
        candidates: set[str] = set()
        for v in mine[:BAND]:
            bucket = buckets[v]
            if len(bucket) <= MAX_BUCKET:
                candidates.update(bucket)
        candidates.discard(ident)
        for other in candidates:
            key = (ident, other) if ident < other else (other, ident)
            if key in seen:
                continue
            seen.add(key)
            estimate = sketch.estimate(mine, decoded[other], floor)
            if estimate >= floor:
                found[key] = estimate
    return [[a, b, round(sim, 4)] for (a, b), sim in sorted(found.items())]


def cluster(records: dict[str, list], pairs: list[list], threshold: float = DEFAULT_THRESHOLD) -> list[list]:
    """Clusters as ``[original, [member, kind, similarity], ...]``: exact groups by the ledger's
    exact keys, joined by near pairs at ``threshold`` or more. The original is the earliest
    (by date, then first-indexed run, then id); ``kind`` is ``identical`` for a member with the
    original's exact key, else ``near`` with the best pair estimate linking it in."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_exact: dict[str, str] = {}
    for ident in sorted(records):
        key = records[ident][EXACT]
        if key:
            if key in by_exact:
                union(by_exact[key], ident)
            else:
                by_exact[key] = ident
    best: dict[str, float] = defaultdict(float)
    for a, b, sim in pairs:
        if sim >= threshold and a in records and b in records:
            union(a, b)
            best[a], best[b] = max(best[a], sim), max(best[b], sim)
    groups: dict[str, list[str]] = defaultdict(list)
    for ident in set(parent) | set(parent.values()):
        groups[find(ident)].append(ident)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (records[i][DATE] or 99999999, records[i][FIRST], i))
        original, rest = members[0], members[1:]
        key = records[original][EXACT]
        out.append([original] + [[m, "identical", 1.0] if records[m][EXACT] == key else [m, "near", best[m]] for m in rest])
    out.sort(key=lambda c: (records[c[0]][DATE] or 99999999, c[0]))
    return out


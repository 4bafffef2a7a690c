"""Each run's statements folded into the ledger (:mod:`searchtool.index.ledger`): first indexed,
changed, fingerprints, the near-duplicate pairs that the new statements form, the clusters.

Workers fingerprint each statement as they index it (:func:`fingerprint`, in parallel); the
parent folds the reports into the previous ledger (:func:`fold`) just before the manifest is
written, so the ledger always describes the committed index.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any, Iterable

from searchtool.index import sketch
from searchtool.index.clusters import cluster, near_pairs
from searchtool.index.ledger import CHANGED, FIRST, HASH, SRC, Duplicates, Ledger

#: Statements with fewer normalised words than this are left out of duplicate detection (a
#: two-word body "Press release" is no reprint of another).
MIN_WORDS = 8


def fingerprint(doc: dict[str, Any], sketches: bool = True) -> list:
    """``[id, content hash, date, exact key, sketch]`` of one stored document: the content hash
    tells a changed statement; the exact key and sketch find duplicates ("" when too short)."""
    body = doc.get("body") or ""
    content = f"{doc.get('title') or ''}\0{body}".encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(content, digest_size=12).hexdigest()
    tokens = sketch.words(body)
    exact = encoded = ""
    if len(tokens) >= MIN_WORDS:
        exact = sketch.exact_key(body, tokens)
        if sketches:
            encoded = sketch.encode(sketch.sketch(body, tokens))
    return [doc["id"], digest, doc.get("date"), exact, encoded]


def fold(
    prior: Ledger, prior_dups: Duplicates, reported: dict[str, list[list]], replaced: Iterable[str], fresh: bool
) -> tuple[Ledger, Duplicates]:
    """The ledger after one run: ``reported`` statements by source file key, ``replaced`` the
    keys of files changed or removed in this run (their old statements go), ``fresh`` for a
    rebuild (nothing kept but the history of ids)."""
    run = prior.run + 1
    gone = set(replaced)
    records = {} if fresh else {i: e for i, e in prior.records.items() if e[SRC] not in gone}
    sketches = {} if fresh else {i: s for i, s in prior_dups.sketches.items() if i in records}
    touched: set[str] = set()
    for src, entries in reported.items():
        for ident, digest, date, exact, encoded in entries:
            old = prior.records.get(ident)
            first = old[FIRST] if old else run
            changed = old[CHANGED] if old else 0
            if old and old[HASH] != digest:
                changed = run
            records[ident] = [src, first, changed, digest, date, exact]
            if encoded:
                sketches[ident] = encoded
            else:
                sketches.pop(ident, None)
            touched.add(ident)
    kept = [p for p in ([] if fresh else prior_dups.pairs) if p[0] in sketches and p[1] in sketches
            and p[0] not in touched and p[1] not in touched]
    pairs = kept + near_pairs(sketches, touched)
    pairs.sort()
    runs = dict(prior.runs)
    runs[str(run)] = time.time()
    return Ledger(run, runs, records), Duplicates(sketches, pairs, cluster(records, pairs))

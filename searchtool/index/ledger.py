"""The statement ledger of an index generation: when each statement was first indexed, when
its content last changed, and its duplicate fingerprints.

Whoosh keeps no history, and an archive often receives old statements late, so "new" cannot
be read from the date: every ``searchtool index`` run that changes anything gets the next run
number, and each statement records the run that first indexed it (``first``) and the last
run that indexed it with different content (``changed``, 0 when never). A rebuild carries
both over by id (its statements are not new), which is what lets saved searches
(:mod:`searchtool.searching.watches`) and ``search --new`` survive rebuilds.

Two files beside the manifest, each replaced atomically after the commit:

- ``statements.json``: the run table and, per id, ``[srcfile, first, changed, content hash,
  date, exact key]`` (about 120 bytes a statement);
- ``duplicates.json``: the bottom-k sketches (:mod:`searchtool.index.sketch`) and the
  near-duplicate pairs found at index time (about 380 bytes a statement); only duplicate
  listings read it;
- ``clusters.json``: the duplicate clusters at the default threshold
  (:mod:`searchtool.index.clusters`), with their members' document numbers in the commit;
- ``folding.json``: the same clusters' groups of identical statements as document numbers,
  compact (:mod:`searchtool.index.folding_table`): what every search that folds duplicates reads.
"""

from __future__ import annotations

import json
from pathlib import Path

from searchtool.index import folding_table
from searchtool.index.durable import write_json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

STATEMENTS = "statements.json"
DUPLICATES = "duplicates.json"
CLUSTERS = "clusters.json"
FOLDING = "folding.json"
LEDGER_FILES = (STATEMENTS, DUPLICATES, CLUSTERS, FOLDING)
FORMAT = "searchtool-statements"

# Positions in a statement's entry.
SRC, FIRST, CHANGED, HASH, DATE, EXACT = range(6)


class Ledger:
    """The statements of one generation (see the module docstring); empty for an index
    written before ledgers existed, whose statements then all count as first indexed by run 0."""

    def __init__(self, run: int = 0, runs: dict[str, float] | None = None, records: dict[str, list] | None = None) -> None:
        self.run = run
        self.runs = runs or {}
        self.records = records or {}

    def first_indexed_after(self, run: int) -> set[str]:
        """Ids first indexed by a run later than ``run``."""
        return {ident for ident, e in self.records.items() if e[FIRST] > run}

    def changed_after(self, run: int) -> set[str]:
        """Ids indexed by ``run`` or earlier whose content changed in a later run."""
        return {ident for ident, e in self.records.items() if e[CHANGED] > run and e[FIRST] <= run}

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "run": self.run, "runs": self.runs, "records": self.records}


class Duplicates:
    """Bottom-k sketches by id, the near-duplicate pairs ``[id, id, estimate]`` stored at
    index time, and the clusters they form at the default threshold."""

    def __init__(self, sketches: dict[str, str] | None = None, pairs: list[list] | None = None,
                 clusters: list[list] | None = None) -> None:
        self.sketches = sketches or {}
        self.pairs = pairs or []
        self.clusters = clusters or []

    def to_json(self) -> dict[str, Any]:
        return {"sketches": self.sketches, "pairs": self.pairs}


def _read(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return None
    return data if isinstance(data, dict) else None


def load(gen_dir: Path) -> Ledger:
    """The ledger of generation ``gen_dir`` (empty when it has none)."""
    data = _read(Path(gen_dir) / STATEMENTS)
    if data is None:
        return Ledger()
    return Ledger(int(data.get("run", 0)), dict(data.get("runs", {})), dict(data.get("records", {})))


def load_duplicates(gen_dir: Path) -> Duplicates:
    """The sketches and pairs of generation ``gen_dir`` (empty when it has none)."""
    data = _read(Path(gen_dir) / DUPLICATES)
    if data is None:
        return Duplicates()
    return Duplicates(dict(data.get("sketches", {})), list(data.get("pairs", [])))


def load_clusters(gen_dir: Path) -> list[list]:
    """The stored clusters of generation ``gen_dir`` (none when it has none)."""
    return load_cluster_table(gen_dir)[0]


def load_cluster_table(gen_dir: Path) -> tuple[list[list], dict[str, Any] | None]:
    """The stored clusters of ``gen_dir`` and their members' document numbers as the writer
    resolved them: ``{"toc": N, "members": [[docnum or None, ...], ...]}``, valid only for a
    reader of table of contents N (``None`` when the file has none: written before they were)."""
    data = _read(Path(gen_dir) / CLUSTERS)
    if not data:
        return [], None
    table = data.get("docnums")
    return list(data.get("clusters", [])), table if isinstance(table, dict) else None


def load_folding(gen_dir: Path) -> dict[str, Any] | None:
    """The folding file of ``gen_dir`` as stored (:func:`searchtool.index.folding_table.decode`
    checks it), ``None`` when it has none or it is not JSON."""
    try:
        return _read(Path(gen_dir) / FOLDING)
    except (OSError, ValueError):
        return None


def save_clusters(gen_dir: Path, clusters: list[list], docnums: dict[str, Any] | None) -> None:
    """Write the clusters (and their document numbers, see :func:`load_cluster_table`) atomically,
    then their groups of identical statements (the folding file; removed when there are none, so
    that no search takes an older commit's)."""
    data: dict[str, Any] = {"clusters": clusters}
    if docnums is not None:
        data["docnums"] = docnums
    write_json(Path(gen_dir) / CLUSTERS, data)
    folding = folding_table.encode(clusters, docnums)
    if folding is not None:
        write_json(Path(gen_dir) / FOLDING, folding)
    else:
        try:
            (Path(gen_dir) / FOLDING).unlink()
        except FileNotFoundError:
            pass


def save(gen_dir: Path, ledger: Ledger, duplicates: Duplicates, docnums: dict[str, Any] | None = None) -> None:
    """Write the files atomically (the ledger last: it names the run that wrote them all)."""
    write_json(Path(gen_dir) / DUPLICATES, duplicates.to_json())
    save_clusters(gen_dir, duplicates.clusters, docnums)
    write_json(Path(gen_dir) / STATEMENTS, ledger.to_json())

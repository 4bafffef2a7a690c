"""What duplicate detection costs at index time: the same build with near-duplicate sketches
and without, measured in the same run (alternating, best of ``--repeat``).

    python benchmarks/duplicates_cost.py [PATH] [--repeat 2] [--jobs 1]

PATH defaults to the State Department feed (``$SEARCHTOOL_SHARED`` or ../shared,
corpora/state-dept/state_dept_press_releases_2021-2022.jsonl). "Without" still records the
ledger (first-indexed runs, content hashes, exact-duplicate keys): only the bottom-k sketches
and the near-pair search are left out. Prints build time, index size on disk (the ledger files
included) and the ratios, with the load average, since the machine may be shared.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index_helpers import corpus_arguments  # noqa: E402
from searchtool.index.ledger import CLUSTERS, DUPLICATES, STATEMENTS  # noqa: E402
from searchtool.index.store import current_generation  # noqa: E402
from searchtool.indexing.update import update_index  # noqa: E402


def default_path() -> Path:
    shared = Path(os.environ.get("SEARCHTOOL_SHARED") or ROOT.parent / "shared")
    return shared / "corpora" / "state-dept" / "state_dept_press_releases_2021-2022.jsonl"


def build(path: Path, work: Path, sketches: bool, jobs: int) -> tuple[float, int, int, int]:
    """(seconds, index bytes, ledger bytes, records) of one fresh build."""
    ix = work / ("with" if sketches else "without")
    shutil.rmtree(ix, ignore_errors=True)
    t0 = time.perf_counter()
    summary = update_index([path], ix, jobs=jobs, sketches=sketches)
    seconds = time.perf_counter() - t0
    gen = current_generation(ix)
    size = sum(p.stat().st_size for p in gen.iterdir() if p.is_file())
    ledger = sum((gen / name).stat().st_size for name in (STATEMENTS, DUPLICATES, CLUSTERS) if (gen / name).exists())
    return seconds, size, ledger, summary.records_total


def main() -> None:
    args = corpus_arguments(__doc__, default_path(), repeat=2)
    path = args.path
    best: dict[bool, tuple[float, int, int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(max(1, args.repeat)):
            for sketches in (False, True):
                got = build(path, Path(tmp), sketches, args.jobs)
                if sketches not in best or got[0] < best[sketches][0]:
                    best[sketches] = got
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{path.name}: {best[True][3]:,} statements, --jobs {args.jobs}, best of {args.repeat}, load average {load:.1f}")
    print(f"{'':24}{'build':>10}{'index size':>14}{'ledger files':>14}")
    for sketches, label in ((False, "without sketches"), (True, "with sketches")):
        seconds, size, ledger, _n = best[sketches]
        print(f"{label:24}{seconds:>9.2f}s{size / 1e6:>12.2f} MB{ledger / 1e6:>12.2f} MB")
    print(f"{'ratio (with / without)':24}{best[True][0] / best[False][0]:>9.2f}x{best[True][1] / best[False][1]:>12.3f}x")


if __name__ == "__main__":
    main()

"""Where indexing time goes: cProfile of plain Whoosh and of searchtool's writer on a slice.

    python benchmarks/index_profile.py [--limit 500] [--top 15] [--out DIR]

Both index the same first N UNGDC speeches (materialised as statement files by
index_helpers.materialise) in this process, one writer, no workers, and print the functions
with the most own time. This is the measurement behind the choices in docs/indexing.md.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import index_build  # noqa: E402
import index_helpers as H  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--out", type=Path, default=H.ROOT / "benchmarks" / "out", help="where the statement files go")
    a = ap.parse_args()
    src = H.materialise(a.out / f"ungdc-{a.limit}", a.limit)
    from searchtool.indexing.update import update_index

    with tempfile.TemporaryDirectory() as tmp:
        runs = (
            ("plain Whoosh", lambda: index_build.baseline(str(src), f"{tmp}/baseline")),
            ("searchtool (jobs=1)", lambda: update_index([src], Path(tmp) / "ours", jobs=1)),
        )
        for name, run in runs:
            prof = cProfile.Profile()
            prof.runcall(run)
            stats = pstats.Stats(prof)
            print(f"\n=== {name}: {stats.total_tt:.2f} s under the profiler")
            stats.sort_stats("tottime").print_stats(a.top)


if __name__ == "__main__":
    main()

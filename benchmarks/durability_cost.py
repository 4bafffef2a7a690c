"""What power-loss durability costs: the same first build, no-op update and small update with
every fsync done, and with ``os.fsync`` replaced by a function that does nothing (the peer),
in the same run, alternating, best of ``--repeat``.

    python benchmarks/durability_cost.py [PATH] [--files 500] [--repeat 3] [--jobs 1]

PATH defaults to the State Department releases (``$SEARCHTOOL_SHARED`` or ../shared,
corpora/state-dept/txt); its first ``--files`` files (by name) are copied to a temporary folder,
which is indexed into another on the same file system as ``$TMPDIR``. The small update edits 5
of them. Prints each step's time, the fsyncs this process made and the time spent in them
(a parallel build's workers fsync their own segment files: not counted), and the ratios, with
the load average, since the machine may be shared. The peer exists only here: searchtool has
no way to turn its fsyncs off.
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

from index_helpers import corpus_arguments, shared_dir  # noqa: E402
from searchtool.indexing.update import update_index  # noqa: E402

STEPS = ("first build", "no-op update", "update of 5 files")
REAL_FSYNC = os.fsync


def default_path() -> Path:
    return shared_dir() / "corpora" / "state-dept" / "txt"


class Fsyncs:
    """``os.fsync`` counted and timed, or (``durable=False``) skipped."""

    def __init__(self, durable: bool) -> None:
        self.durable, self.calls, self.seconds = durable, 0, 0.0

    def __call__(self, fd) -> None:
        self.calls += 1
        if self.durable:
            t0 = time.perf_counter()
            REAL_FSYNC(fd)
            self.seconds += time.perf_counter() - t0


def run(corpus: Path, ix: Path, durable: bool, jobs: int, edit: int) -> list[tuple[float, int, float]]:
    """(seconds, fsyncs, seconds in fsync) of each of :data:`STEPS` on a fresh index ``ix``."""
    shutil.rmtree(ix, ignore_errors=True)
    out = []
    for step in STEPS:
        if step.startswith("update"):
            for f in sorted(corpus.iterdir())[:: max(1, len(os.listdir(corpus)) // 5)][:5]:
                with open(f, "a", encoding="utf-8") as fh:
                    fh.write(f"\nedit {edit} for the benchmark\n")
        counter = Fsyncs(durable)
        os.fsync = counter
        try:
            t0 = time.perf_counter()
            update_index([corpus] if step == "first build" else None, ix, jobs=jobs)
            out.append((time.perf_counter() - t0, counter.calls, counter.seconds))
        finally:
            os.fsync = REAL_FSYNC
    return out


def main() -> None:
    args = corpus_arguments(__doc__, default_path(), repeat=3, files=500)
    path = args.path
    if not path.is_dir():
        sys.exit(f"{path} is not a folder of statement files")
    best: dict[bool, list[tuple[float, int, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for f in sorted(p for p in path.iterdir() if p.is_file())[: args.files]:
            shutil.copy(f, corpus / f.name)
        edit = 0
        for _ in range(max(1, args.repeat)):
            for durable in (False, True):
                edit += 1
                got = run(corpus, Path(tmp) / "ix", durable, args.jobs, edit)
                best[durable] = [min(a, b) for a, b in zip(best[durable], got)] if durable in best else got
        files = len(os.listdir(corpus))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{path.name}: {files:,} files, --jobs {args.jobs}, best of {args.repeat}, load average {load:.1f}")
    print(f"{'':20}{'no fsync':>10}{'fsync':>10}{'ratio':>8}{'fsyncs':>8}{'in fsync':>10}")
    for i, step in enumerate(STEPS):
        without, with_ = best[False][i], best[True][i]
        print(f"{step:20}{without[0]:>9.2f}s{with_[0]:>9.2f}s{with_[0] / without[0]:>7.2f}x"
              f"{with_[1]:>8}{with_[2] * 1000:>8.0f}ms")


if __name__ == "__main__":
    main()

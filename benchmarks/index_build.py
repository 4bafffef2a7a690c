"""Index build benchmark: searchtool's indexer against plain Whoosh, measured in the same run.

    python benchmarks/index_build.py [--limit N] [--jobs N] [--scale10] [--jsonl] [--out DIR]

On the UN General Debate corpus (../shared/corpora/ungdc, materialised once as one .txt per
speech in the statement layout under benchmarks/out/, which git ignores) it measures:

1. plain Whoosh: default StemmingAnalyzer on title and body (stored), procs=1, one commit;
2. ``searchtool index`` (library call, default --jobs = CPU count) building a new index;
3. an incremental update after changing 1% of the files, and the no-op run after it;

each in its own subprocess, with the peak resident memory of the whole process tree sampled
from /proc, and prints the ratios the issue sets as targets. ``--scale10`` adds the ten-fold
corpus (hard-linked copies, ~110 k statements), searchtool only (plain Whoosh takes ~25 min).

``--jsonl`` measures the corpus as it is shipped instead: one ``.jsonl.gz`` file (the first
``--limit`` speeches re-compressed, or the shared file itself), plain Whoosh reading the same
file, ``searchtool index`` with ``--jobs`` (the file streamed to the workers in batches) and with
one job, and prints the speed-ups: whether one big file uses every core.
Run it with ``nice -n 10`` on a shared machine; the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import index_helpers as H  # noqa: E402

MiB = 1 << 20


def baseline(src: str, ix_dir: str) -> None:
    """Plain Whoosh, as a user following its documentation would write it."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    schema = Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(stored=True),
        body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )
    os.makedirs(ix_dir)
    ix = create_in(ix_dir, schema)
    writer = ix.writer(procs=1)
    n = 0
    for f in sorted(Path(src).rglob("*.txt")):
        text = f.read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        writer.add_document(path=str(f), title=title, body=body)
        n += 1
    writer.commit()
    print(json.dumps({"records": n}))


def baseline_jsonl(src: str, ix_dir: str) -> None:
    """Plain Whoosh on the JSON Lines file, as a user following its documentation would write it."""
    import gzip

    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True),
                    body=TEXT(analyzer=StemmingAnalyzer(), stored=True))
    os.makedirs(ix_dir)
    ix = create_in(ix_dir, schema)
    writer = ix.writer(procs=1)
    n = 0
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            title = f"{row.get('speaker') or row['country']}, session {row['session']}, {row['year']}"
            writer.add_document(id=str(row["id"]), title=title, body=row["text"])
            n += 1
    writer.commit()
    print(json.dumps({"records": n} | _cpu()))


def _cpu() -> dict[str, float]:
    """This process's CPU seconds (user + system) and its waited-for children's (the workers)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_self": own.ru_utime + own.ru_stime, "cpu_children": kids.ru_utime + kids.ru_stime}


def jsonl_source(out: Path, limit: int | None) -> Path:
    """A folder holding one ``.jsonl.gz``: the first ``limit`` speeches, or the shared file."""
    import gzip
    import itertools

    folder = out / (f"ungdc-jsonl-{limit}" if limit else "ungdc-jsonl")
    target = folder / "ungdc.jsonl.gz"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        if limit is None:
            shutil.copyfile(H.ungdc_jsonl(), target)
        else:
            with gzip.open(H.ungdc_jsonl(), "rt", encoding="utf-8") as src, gzip.open(target, "wt", encoding="utf-8") as dst:
                dst.writelines(itertools.islice(src, limit))
    return folder


def main_jsonl(a: argparse.Namespace) -> None:
    folder = jsonl_source(a.out, a.limit)
    file = next(folder.glob("*.jsonl.gz"))
    print(f"corpus: one file {file.name}, {file.stat().st_size / MiB:.1f} MiB gzipped; jobs={a.jobs}; "
          f"load average at start {os.getloadavg()[0]:.2f}")
    ixs = _fresh(a.out / "ix-jsonl")
    runs, cpus = {}, {}
    plain = "plain Whoosh (procs=1)"
    if not a.skip_baseline:
        secs, peak, out, cpu = H.run_measured_cpu(_self("--_baseline_jsonl", str(file), str(ixs / "baseline")))
        runs[plain] = (secs, peak, H.dir_size(ixs / "baseline"))
        cpus[plain] = (json.loads(out.strip().splitlines()[-1]), cpu)
    for jobs in dict.fromkeys([a.jobs, 1]):
        name = f"searchtool index (jobs={jobs})"
        secs, peak, out, cpu = H.run_measured_cpu(_self("--_ours", str(folder), str(ixs / f"ours-{jobs}"), str(jobs), "rebuild"))
        info = json.loads(out.strip().splitlines()[-1])
        runs[name] = (secs, peak, info["index_bytes"])
        cpus[name] = (info, cpu)
        print(f"jobs={jobs}: {info['segments']} segment(s) written (one per worker that indexed)")
    for name, (secs, peak, size) in runs.items():
        print(_line(name, secs, peak, size))
    print()
    print("CPU seconds (user + system) per process; workers as sampled every 50 ms, their total exact:")
    for name, (info, cpu) in cpus.items():
        print(f"  {name:<32} {_cpu_line(info, cpu)}")
    print()
    ours_name = f"searchtool index (jobs={a.jobs})"
    ours_n = runs[ours_name][0]
    if plain in runs:
        print(f"build speed-up vs plain Whoosh: {runs[plain][0] / ours_n:5.2f}x   (target >= 3.5x on 2 cores)")
        plain_cpu = cpus[plain][0]["cpu_self"]
        one = cpus["searchtool index (jobs=1)"][0]
        print(f"CPU per record vs plain Whoosh:  {plain_cpu / (one['cpu_self'] + one['cpu_children']):5.2f}x cheaper (jobs=1)")
        print(f"speed-up on {a.jobs} free cores, from CPU: {plain_cpu / _critical_cpu(*cpus[ours_name], a.jobs):5.2f}x"
              "   (plain CPU / the larger of total CPU per core and the busiest process)")
    if a.jobs != 1:
        print(f"jobs={a.jobs} vs jobs=1:            {runs['searchtool index (jobs=1)'][0] / ours_n:5.2f}x")
    print(f"load average at end {os.getloadavg()[0]:.2f}")


def _cpu_line(info: dict, cpu: dict[int, float]) -> str:
    """One build's CPU: its own process (exact), each worker (sampled) and the total."""
    own, kids = info["cpu_self"], info["cpu_children"]
    workers = sorted(secs for pid, secs in list(cpu.items())[1:])
    text = f"total {own + kids:7.2f} s: main process {own:6.2f} s"
    if workers:
        text += f", {len(workers)} worker(s) " + " + ".join(f"{w:.2f}" for w in workers) + f" (exact sum {kids:.2f})"
    return text


def _critical_cpu(info: dict, cpu: dict[int, float], cores: int) -> float:
    """The wall time a build's CPU work needs on ``cores`` free cores at best: the work shared
    evenly, or the busiest process if it alone takes longer."""
    busiest = max([info["cpu_self"], *list(cpu.values())[1:]])
    return max((info["cpu_self"] + info["cpu_children"]) / cores, busiest)


def ours(src: str, ix_dir: str, jobs: int, rebuild: bool) -> None:
    from searchtool.indexing.update import update_index

    from searchtool.index.store import open_index

    s = update_index([Path(src)], Path(ix_dir), jobs=jobs, rebuild=rebuild)
    segments = len(open_index(Path(ix_dir))._segments())  # one per worker that wrote (or a merge)
    print(json.dumps({"segments": segments} | {k: v for k, v in s.to_json().items() if k not in ("warnings", "skipped", "errors")}
                     | {"warnings": len(s.warnings), "skipped": len(s.skipped), "errors": s.errors[:3]} | _cpu()))


def _self(*args: str) -> list[str]:
    return [sys.executable, __file__, *args]


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _measure_baseline(flag: str, src: Path, ix: Path) -> tuple[float, int, int]:
    """Plain Whoosh (``flag``: over .txt files or the .jsonl.gz) in a subprocess: secs, peak, size."""
    secs, peak, _ = H.run_measured(_self(flag, str(src), str(ix)))
    return secs, peak, H.dir_size(ix)


def _measure_ours(src: Path, ix: Path, jobs: int, mode: str) -> tuple[float, int, dict]:
    """``searchtool index`` (``mode``: rebuild or update) in a subprocess: secs, peak, summary."""
    secs, peak, out = H.run_measured(_self("--_ours", str(src), str(ix), str(jobs), mode))
    return secs, peak, json.loads(out.strip().splitlines()[-1])


def _touch_one_percent(src: Path) -> int:
    files = sorted(src.rglob("*.txt"))
    step = 100
    changed = 0
    for f in files[::step]:
        with open(f, "a", encoding="utf-8") as fh:
            fh.write(f"\nAddendum {time.time_ns()}: the delegation corrected the record.\n")
        changed += 1
    return changed


def _line(name: str, secs: float, peak: int, size: int | None = None) -> str:
    extra = f"  index {size / MiB:7.1f} MiB" if size is not None else ""
    return f"{name:<34} {secs:8.2f} s  peak {peak / MiB:7.1f} MiB{extra}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N speeches (a slice)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path, default=H.ROOT / "benchmarks" / "out")
    ap.add_argument("--skip-baseline", action="store_true", help="do not run plain Whoosh")
    ap.add_argument("--scale10", action="store_true", help="also build the 10x corpus (long)")
    ap.add_argument("--jsonl", action="store_true", help="the corpus as one .jsonl.gz file (see above)")
    ap.add_argument("--_baseline", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--_baseline_jsonl", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--_ours", nargs=4, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._baseline:
        return baseline(*a._baseline)
    if a._baseline_jsonl:
        return baseline_jsonl(*a._baseline_jsonl)
    if a._ours:
        return ours(a._ours[0], a._ours[1], int(a._ours[2]), a._ours[3] == "rebuild")
    if a.jsonl:
        return main_jsonl(a)

    name = f"ungdc-{a.limit}" if a.limit else "ungdc"
    src = H.materialise(a.out / name, a.limit)
    # a private copy whose files the incremental step may change
    work = a.out / f"{name}-work"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(src, work)
    nfiles = sum(1 for _ in work.rglob("*.txt"))
    print(f"corpus: {nfiles} files, {H.dir_size(work) / MiB:.1f} MiB; jobs={a.jobs}; "
          f"load average at start {os.getloadavg()[0]:.2f}")
    ixs = _fresh(a.out / "ix")

    results = {}
    if not a.skip_baseline:
        results["baseline"] = _measure_baseline("--_baseline", work, ixs / "baseline")
        print(_line("plain Whoosh (procs=1)", *results["baseline"]))
    secs, peak, info = _measure_ours(work, ixs / "ours", a.jobs, "rebuild")
    results["ours"] = (secs, peak, info["index_bytes"])
    print(_line(f"searchtool index (jobs={a.jobs})", *results["ours"]) + f"  records {info['records_total']}")
    changed = _touch_one_percent(work)
    secs, peak, info = _measure_ours(work, ixs / "ours", a.jobs, "update")
    results["update"] = (secs, peak, info["index_bytes"])
    print(_line(f"update, {changed} files changed", *results["update"]) + f"  updated {info['updated']}")
    secs, peak, info = _measure_ours(work, ixs / "ours", a.jobs, "update")
    print(_line("no-op update", secs, peak) + f"  (in-library {info['seconds']:.3f} s, noop={info['noop']})")

    o_secs, o_peak, o_size = results["ours"]
    print()
    if "baseline" in results:
        b_secs, b_peak, b_size = results["baseline"]
        print(f"build speed-up vs plain Whoosh: {b_secs / o_secs:5.2f}x   (target >= 2.5x)")
        print(f"index size vs plain Whoosh:     {o_size / b_size:5.2f}    (target <= 1.00)")
    print(f"peak memory of the build:       {o_peak / MiB:7.1f} MiB (target <= 1024 MiB)")
    print(f"full build / 1% update:         {o_secs / results['update'][0]:5.1f}x   (target >= 20x)")
    print(f"load average at end {os.getloadavg()[0]:.2f}")

    if a.scale10:
        big = H.replicate(src, a.out / f"{name}-x10", 10)
        n10 = sum(1 for _ in big.rglob("*.txt"))
        secs, peak, info = _measure_ours(big, ixs / "ours-x10", a.jobs, "rebuild")
        print(_line(f"10x corpus ({n10} files)", secs, peak, info["index_bytes"]) + "  (target peak < 2048 MiB)")


if __name__ == "__main__":
    main()

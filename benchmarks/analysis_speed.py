"""What timeline and kwic cost in-process, against a search of the same word in the same run.

    benchmarks/analysis_speed.py [--every N] [--limit N] [--word nuclear] [--runs 3] [--out DIR]

Indexes a slice of the UN General Debate speeches (every N-th speech of ../shared's
ungdc_1946-2024.jsonl.gz, so that the slice spans all the years; ``--limit`` caps it) and,
with one engine open, times:

- ``timeline WORD --by year`` (share of the statements per year), against ``search WORD``
  (one page of 10 highlighted hits, the CLI's default) as the peer;
- a KWIC of the first 1,000 lines of WORD, against the floor of any concordance: reading the
  same statements' bodies from the index and finding the word with a plain regular expression.

Each figure is the best of ``--runs``, the engine's postings cache emptied before each run, so
that no run profits from what an earlier one read. Ratios are printed against the peers
measured in the same run (the machine is shared: absolute times move, ratios much less).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from index_helpers import ungdc_jsonl  # noqa: E402


def slice_of(out: Path, every: int, limit: int | None) -> Path:
    """Every ``every``-th speech (at most ``limit``) as one JSON Lines file under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "ungdc-slice.jsonl"
    with gzip.open(ungdc_jsonl(), "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        lines = itertools.islice(src, 0, None, every)
        dst.writelines(itertools.islice(lines, limit) if limit else lines)
    return path


def best(runs: int, engine, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        engine.clear_cache()
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def regex_floor(engine, word: str, limit: int) -> int:
    """Bodies read in date order and searched with a regex until ``limit`` matches: the cost
    every concordance pays, whatever its matcher."""
    from searchtool.searching.request import SearchRequest
    from searchtool.searching.selection import select

    pattern = re.compile(rf"\b{re.escape(word)}\w*", re.IGNORECASE)
    found = 0
    docs = sorted(select(engine, SearchRequest(query=word)).matched, key=engine.dates.sort_key(newest_first=False))
    for d in docs:
        found += sum(1 for _ in pattern.finditer(engine.body(d)))
        if found >= limit:
            break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=5, help="take every N-th speech (default 5: ~2,200 speeches)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many speeches")
    parser.add_argument("--word", default="nuclear", help="the common word to chart and list (default nuclear)")
    parser.add_argument("--lines", type=int, default=1000, help="KWIC lines (default 1,000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="folder for the slice and its index (default: a temporary one)")
    args = parser.parse_args()

    from searchtool.indexing.update import update_index
    from searchtool.searching.engine import Engine
    from searchtool.searching.kwic import engine_kwic
    from searchtool.searching.request import SearchRequest
    from searchtool.searching.timeline import engine_timeline

    out = args.out or Path(tempfile.mkdtemp(prefix="analysis-speed-"))
    source = slice_of(out / "src", args.every, args.limit)
    started = time.perf_counter()
    summary = update_index([source], out / "index", jobs=1)
    print(f"UN speeches, every {args.every}th{f' (at most {args.limit})' if args.limit else ''}: "
          f"{summary.records_total:,} statements indexed in {time.perf_counter() - started:.1f} s")

    with Engine(out / "index") as engine:
        request = SearchRequest(query=args.word)
        search_s, result = best(args.runs, engine, lambda: engine.search(request))
        timeline_s, tl = best(args.runs, engine, lambda: engine_timeline(engine, [args.word], SearchRequest(query=""), by="year"))
        kwic_s, concordance = best(args.runs, engine, lambda: engine_kwic(engine, request, limit=args.lines))
        floor_s, found = best(args.runs, engine, lambda: regex_floor(engine, args.word, args.lines))
    periods = len(tl.series[0].periods) if tl.series else 0
    rows = [
        (f"timeline {args.word} --by year ({periods} years, {result.total:,} matches)", timeline_s, "search, 10 hits", search_s),
        (f"kwic {args.word} ({len(concordance.lines):,} lines, {concordance.statements:,} statements)", kwic_s,
         f"regex over the same bodies ({found:,} matches)", floor_s),
    ]
    print(f"\n{'in-process, best of ' + str(args.runs):<58} {'ms':>8}  {'peer':<40} {'ms':>8}  {'ratio':>6}")
    for label, ours, peer, theirs in rows:
        print(f"{label:<58} {ours * 1000:8.1f}  {peer:<40} {theirs * 1000:8.1f}  {ours / theirs if theirs else float('nan'):6.2f}")


if __name__ == "__main__":
    main()

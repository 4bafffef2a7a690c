"""What turns cost: index size and build time with turns against without, and said: searches
against the speaker: searches they refine.

    python benchmarks/turns_cost.py [--limit N] [--repeat R]

Reads the State Department feed (../shared/corpora/state-dept, or $SEARCHTOOL_SHARED), builds
two indexes of the same records in this process, one as read (with the ``said`` field, speaker
keys and stored turns) and one with the turns taken off, then times each query pair on the
index with turns: ``speaker:NAME WORDS`` and ``said:NAME WORDS``, in-process, median of R runs,
postings cache cleared before each run (so each search reads its postings afresh).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from index_helpers import shared_dir  # noqa: E402
from searchtool.index.store import index_size  # noqa: E402
from searchtool.indexing.update import build_index  # noqa: E402
from searchtool.reading.reader import read_paths  # noqa: E402
from searchtool.searching.engine import Engine, SearchRequest  # noqa: E402

PAIRS = [
    ("price", '"north korea"'),
    ("price", "iran sanctions"),
    ("blinken", "ukraine"),
    ("blinken", '"human rights"'),
    ("price", "china"),
    ("porter", "vaccines"),
]


def build(records, index_dir: Path) -> tuple[float, int]:
    started = time.perf_counter()
    build_index(records, index_dir)
    return time.perf_counter() - started, index_size(index_dir)


def median_ms(engine: Engine, query: str, repeat: int, whole: bool = True) -> tuple[float, int]:
    """Median milliseconds of the whole search (hits with snippets), or with ``whole=False`` of
    parsing, matching and ranking the top 10 alone (no stored record read)."""
    times = []
    total = 0
    for _ in range(repeat):
        engine.clear_cache()
        started = time.perf_counter()
        if whole:
            total = engine.search(SearchRequest(query, limit=10)).total
        else:
            total = engine.scorer.top(engine.parse(query, False).query, None, 10)[0]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N records")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    feed = shared_dir() / "corpora" / "state-dept" / "state_dept_press_releases_2021-2022.jsonl"
    if not feed.exists():
        sys.exit(f"../shared not found: {feed} is missing (set SEARCHTOOL_SHARED)")
    records = list(read_paths([feed]))
    if args.limit:
        records = records[: args.limit]
    turns = sum(len([t for t in r.turns if t.n]) for r in records)
    transcripts = sum(1 for r in records if r.turns)
    print(f"{len(records)} records, {transcripts} with turns, {turns} turns")
    with tempfile.TemporaryDirectory() as tmp:
        with_dir, without_dir = Path(tmp) / "with", Path(tmp) / "without"
        bare = [type(r)(**{**r.__dict__, "turns": []}) for r in records]
        t_without, s_without = build(bare, without_dir)
        t_with, s_with = build(records, with_dir)
        print()
        print("| index | build time | size |")
        print("|---|---|---|")
        print(f"| without turns | {t_without:.2f} s | {s_without / 2**20:.2f} MiB |")
        print(f"| with turns | {t_with:.2f} s | {s_with / 2**20:.2f} MiB |")
        print(f"| ratio | {t_with / t_without:.2f}x | {s_with / s_without:.2f}x |")
        print()
        # Matching and ranking alone, then the whole search: said: hits are transcripts, long
        # bodies that cost more to read and cut into snippets than a short release.
        print("| query | match: speaker: ms (hits) | said: ms (hits) | ratio | whole search: speaker: ms | said: ms | ratio |")
        print("|---|---|---|---|---|---|---|")
        ratios, whole = [], []
        with Engine(with_dir) as engine:
            for name, words in PAIRS:
                sp, sp_total = median_ms(engine, f"speaker:{name} {words}", args.repeat, whole=False)
                sa, sa_total = median_ms(engine, f"said:{name} {words}", args.repeat, whole=False)
                spw, _ = median_ms(engine, f"speaker:{name} {words}", args.repeat)
                saw, _ = median_ms(engine, f"said:{name} {words}", args.repeat)
                ratios.append(sa / sp if sp else 1.0)
                whole.append(saw / spw if spw else 1.0)
                print(f"| {name} {words} | {sp:.1f} ({sp_total}) | {sa:.1f} ({sa_total}) | {ratios[-1]:.2f} "
                      f"| {spw:.1f} | {saw:.1f} | {whole[-1]:.2f} |")
        print(f"| median ratio said:/speaker: | | | {statistics.median(ratios):.2f} | | | {statistics.median(whole):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the default ranking costs per search, against plain BM25F, on a realistic collection.

    benchmarks/relevance_cost.py [CORPUS] [--queries N] [--repeat R]

Indexes CORPUS (default: the shared State Department press releases) and times the same
searches with searchtool's ranking and with plain BM25F (query preparation switched off), in
all-words mode (the CLI default, snippets on, 10 hits) and in any-word mode. Queries are two to
three words drawn with a fixed seed from the collection's own titles (or, without titles, the
opening of each body), as users type them.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("SEARCHTOOL_SHARED", ROOT / ".." / "shared"))
DEFAULT = SHARED / "corpora" / "state-dept" / "state_dept_press_releases_2021-2022.jsonl"


def sample_queries(records, n: int, seed: int = 7) -> list[str]:
    from searchtool.searching.words import FUNCTION_WORDS

    rng = random.Random(seed)
    # Titles, or the opening of the body for collections without them (speeches).
    titles = [r.title or r.body[:300] for r in records if r.title or r.body]
    out = []
    while len(out) < n:
        words = [w for w in re.findall(r"[A-Za-z]{4,}", rng.choice(titles)) if w.lower() not in FUNCTION_WORDS]
        if len(words) >= 2:
            out.append(" ".join(rng.sample(words, min(len(words), rng.choice((2, 3))))).lower())
    return out


def time_queries(engine, queries, any_mode: bool, repeat: int) -> tuple[list[float], list[float], int]:
    """Per query, the best of ``repeat`` times with the ranking and with plain BM25F, interleaved
    and each with the engine's postings cache emptied, so that neither side profits from what
    the other read; and how many fell back."""
    from searchtool.searching import ranking
    from searchtool.searching.engine import SearchRequest

    prepare = ranking.prepare
    plain_prepare = lambda searcher, query, text, any_mode, scorer=None: query  # noqa: E731
    ours, plain, fallbacks = [], [], 0
    for text in queries:
        best = {True: float("inf"), False: float("inf")}
        for _ in range(repeat):
            for ranked in (True, False):
                ranking.prepare = prepare if ranked else plain_prepare
                try:
                    engine.clear_cache()  # postings read afresh, as by a one-shot search
                    started = time.perf_counter()
                    result = engine.search(SearchRequest(query=text, any=any_mode))
                    best[ranked] = min(best[ranked], time.perf_counter() - started)
                finally:
                    ranking.prepare = prepare
                if ranked and _ == 0:
                    fallbacks += result.fallback_used
        ours.append(best[True] * 1000)
        plain.append(best[False] * 1000)
    return ours, plain, fallbacks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        sys.stderr.write(f"relevance_cost.py: {args.corpus} not found (../shared missing?)\n")
        return 2
    from searchtool.indexing.update import build_index
    from searchtool.reading.reader import read_paths
    from searchtool.searching.engine import Engine

    records = list(read_paths([args.corpus]))
    queries = sample_queries(records, args.queries)
    with tempfile.TemporaryDirectory(prefix="searchtool-cost-") as tmp:
        build_index(records, Path(tmp) / "index")
        with Engine(Path(tmp) / "index") as engine:
            time_queries(engine, queries[:5], False, 1)  # warm caches
            rows = []
            for any_mode in (False, True):
                ours, plain, fallbacks = time_queries(engine, queries, any_mode, args.repeat)
                name = "--any" if any_mode else f"default ({fallbacks} fell back)"
                rows.append((name, ours, plain))
    print(f"{args.corpus.name}: {len(records)} records, {len(queries)} queries of 2-3 title words, best of {args.repeat}")
    print(f"{'mode':22s}{'ranking ms':>12s}{'plain ms':>10s}{'ratio':>8s}   (median; mean)")
    for name, ours, plain in rows:
        med_o, med_p = statistics.median(ours), statistics.median(plain)
        mean_o, mean_p = statistics.fmean(ours), statistics.fmean(plain)
        print(f"{name:22s}{med_o:12.1f}{med_p:10.1f}{med_o / med_p:8.2f}   ({mean_o:.1f} vs {mean_p:.1f}: {mean_o / mean_p:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The all-words -> any-word fallback rule, measured on a judged collection.

    benchmarks/relevance_fallback.py COLLECTION_DIR [--qrels FILE]

For every judged query it runs all-words matching alone and any-word matching alone (both with
searchtool's ranking), then scores rules that choose between them per query from the number of
all-words hits: "fall back when all-words finds fewer than H" for several H, never, always,
and "all-words hits first, then the any-word ones". Also prints how many queries each rule
sends to the fallback. Uses searchtool's own metrics (cross-checked against ir-measures by
``benchmarks/relevance.py``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from relevance import load  # noqa: E402

from searchtool import evaluate as ev  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collection", type=Path)
    parser.add_argument("--qrels", type=Path)
    args = parser.parse_args(argv)
    loaded = load("relevance_fallback.py", args.collection, args.qrels)
    if loaded is None:
        return 2
    col, queries = loaded
    with tempfile.TemporaryDirectory(prefix="searchtool-fallback-") as tmp:
        index_dir = Path(tmp) / "index"
        ids = ev.index_corpus(col.corpus, index_dir)
        all_words = ev.run_queries(index_dir, queries, ids, fallback=False)
        any_word = ev.run_queries(index_dir, queries, ids, any_mode=True)
        default = ev.run_queries(index_dir, queries, ids)
    words = {qid: len(text.split()) for qid, text in queries.items()}
    rules = {"never (all words only)": lambda q: False, "always (any word)": lambda q: True}
    for h in (1, 3, 5, 10, 20, 50):
        rules[f"fewer than {h} all-words hits"] = lambda q, h=h: len(all_words[q]) < h
    print(f"{args.collection}: {len(queries)} judged queries, median {sorted(words.values())[len(words) // 2]} words;"
          f" all-words matching finds something for {sum(1 for r in all_words.values() if r)}")
    print(f"{'rule':34s}{'fell back':>10s}" + "".join(f"{m:>9s}" for m in ev.METRICS))
    rows = []
    for name, rule in rules.items():
        run = {q: (any_word[q] if rule(q) else all_words[q]) for q in queries}
        rows.append((name, sum(1 for q in queries if rule(q)), ev.evaluate(run, col.qrels)))
    merged = {q: all_words[q] + [d for d in any_word[q] if d not in set(all_words[q])] for q in queries}
    rows.append(("all-words hits, then any-word", sum(1 for q in queries if len(all_words[q]) < ev.DEPTH), ev.evaluate(merged, col.qrels)))
    rows.append(("searchtool default (search.py)", sum(1 for q in queries if default[q] != all_words[q]), ev.evaluate(default, col.qrels)))
    for name, fell, m in rows:
        print(f"{name:34s}{fell:10d}" + "".join(f"{m[k]:9.4f}" for k in ev.METRICS))
    return 0


if __name__ == "__main__":
    sys.exit(main())

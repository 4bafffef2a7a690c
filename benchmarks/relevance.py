"""Ranking quality of searchtool against its peers on a judged collection in BEIR layout.

    benchmarks/relevance.py COLLECTION_DIR [--json] [--qrels FILE] [--variants] [--no-peers]

searchtool indexes ``corpus.jsonl`` with its own reader and indexer and answers every judged
query through its search API with the CLI's defaults (all words, then the any-word fallback);
Tantivy, SQLite FTS5 and bm25s index the same documents and run the same cleaned queries. All
runs are cut at 1000 and scored with ir-measures (pytrec_eval); searchtool's own metric code
(``searchtool.evaluate``, what ``searchtool eval`` prints) is checked against it on every run.
``--variants`` adds rows for ``--any`` mode, plain BM25F (no query preparation) and the
ranking with one step switched off at a time.
Needs the ``bench`` extra (tantivy, bm25s, PyStemmer, ir-measures).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from relevance_peers import PEERS, read_corpus  # noqa: E402

from searchtool import evaluate as ev  # noqa: E402
from searchtool.errors import SearchtoolError  # noqa: E402

try:
    import ir_measures  # noqa: F401
except ImportError:
    HAVE_IR_MEASURES = False
else:
    HAVE_IR_MEASURES = True


def peers_available() -> bool:
    """Whether the peer engines' packages (tantivy, bm25s, PyStemmer) are installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) for name in ("tantivy", "bm25s", "Stemmer"))

def load(prog: str, root: Path, qrels: Path | None) -> tuple[ev.Collection, dict[str, str]] | None:
    """The collection and its cleaned judged queries, or ``None`` after a one-line error."""
    try:
        collection = ev.load_collection(root, qrels)
    except SearchtoolError as err:
        sys.stderr.write(f"{prog}: error: {err}\n")
        return None
    return collection, ev.cleaned_queries(collection)


def ir_measures_scores(run: ev.Run, qrels: ev.Qrels) -> dict[str, float]:
    """Mean metrics by ir-measures over every judged query (a query with no results scores 0)."""
    import ir_measures
    from ir_measures import AP, P, R, nDCG

    measures = {"ndcg@10": nDCG @ 10, "map": AP @ 1000, "p@10": P @ 10, "r@100": R @ 100}
    # Scores that strictly follow the engine's order, so no tie-breaking rule can reorder it.
    scored = {qid: {doc: float(len(docs) - i) for i, doc in enumerate(docs)} for qid, docs in run.items() if docs}
    per: dict[str, dict[str, float]] = {qid: {m: 0.0 for m in measures} for qid in qrels}
    names = {str(v): k for k, v in measures.items()}
    for item in ir_measures.iter_calc(list(measures.values()), qrels, scored):
        if item.query_id in per:
            per[item.query_id][names[str(item.measure)]] = item.value
    return ev.aggregate(per)


def score(name: str, run: ev.Run, qrels: ev.Qrels) -> dict[str, float]:
    """ir-measures' figures, after checking searchtool's implementation gives the same ones;
    searchtool's own where ir-measures is not installed (``--no-peers`` without the extra)."""
    own = ev.evaluate(run, qrels)
    if not HAVE_IR_MEASURES:
        return own
    official = ir_measures_scores(run, qrels)
    for m in ev.METRICS:
        if abs(official[m] - own[m]) > 1e-9:
            sys.stderr.write(f"warning: {name}: {m} is {official[m]:.6f} by ir-measures, {own[m]:.6f} by searchtool.evaluate\n")
    return official


def searchtool_runs(collection: ev.Collection, queries: dict[str, str], variants: bool) -> dict[str, tuple[ev.Run, float]]:
    """searchtool's default run; with ``variants``, also --any and each ranking step switched off."""
    from searchtool.searching import ranking

    switches = {
        # Each replacement takes the ranking function's arguments (keywords such as the scorer
        # included) and leaves its step out.
        "searchtool plain BM25F": ("prepare", lambda searcher, query, text, any_mode, **_: query),
        "  without feedback": ("expansion_query", lambda searcher, query, **_: None),
        "  without function words": ("drop_function_words", lambda query, text, schema, **_: query),
    }
    runs = {}
    with tempfile.TemporaryDirectory(prefix="searchtool-relevance-") as tmp:
        index_dir = Path(tmp) / "index"
        ids = ev.index_corpus(collection.corpus, index_dir)

        def timed(name: str, **kwargs) -> None:
            started = time.perf_counter()
            runs[name] = (ev.run_queries(index_dir, queries, ids, **kwargs), time.perf_counter() - started)

        timed("searchtool")
        if variants:
            timed("searchtool --any", any_mode=True)
            for name, (attr, replacement) in switches.items():
                saved = getattr(ranking, attr)
                setattr(ranking, attr, replacement)
                try:
                    timed(name)
                finally:
                    setattr(ranking, attr, saved)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collection", type=Path, help="folder with corpus.jsonl, queries.jsonl, qrels/")
    parser.add_argument("--qrels", type=Path, help="judgments file (default COLLECTION/qrels/test.tsv)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--variants", action="store_true", help="also searchtool --any and plain BM25F")
    parser.add_argument("--no-peers", action="store_true", help="searchtool only")
    args = parser.parse_args(argv)
    if not args.no_peers and not (HAVE_IR_MEASURES and peers_available()):
        sys.stderr.write("relevance.py: the peers need the bench extra: pip install -e '.[bench]' (or --no-peers)\n")
        return 2
    if not HAVE_IR_MEASURES:
        sys.stderr.write("relevance.py: ir-measures is not installed: scored by searchtool.evaluate alone\n")
    loaded = load("relevance.py", args.collection, args.qrels)
    if loaded is None:
        return 2
    collection, queries = loaded
    results: dict[str, dict] = {}
    timings: dict[str, float] = {}
    for name, (run, seconds) in searchtool_runs(collection, queries, args.variants).items():
        results[name] = score(name, run, collection.qrels)
        timings[name] = seconds
    if not args.no_peers:
        docs = read_corpus(collection.corpus)
        for name, runner in PEERS.items():
            started = time.perf_counter()
            run = runner(docs, queries, ev.DEPTH)
            timings[name] = time.perf_counter() - started
            results[name] = score(name, run, collection.qrels)
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
        return 0
    print_table(results, timings, collection, args)
    return 0


def print_table(results, timings, collection: ev.Collection, args) -> None:
    print(f"collection {args.collection}: {len(collection.qrels)} judged queries"
          + (f", {len(collection.skipped)} without judgments skipped" if collection.skipped else ""))
    print(f"{'engine':24s}" + "".join(f"{ev.LABELS[m]:>9s}" for m in ev.METRICS) + f"{'seconds':>9s}")
    for name, m in results.items():
        print(f"{name:24s}" + "".join(f"{m[k]:9.4f}" for k in ev.METRICS) + f"{timings[name]:9.1f}")
    peers = [n for n in results if n in PEERS]
    if peers:
        best = max(peers, key=lambda n: results[n]["ndcg@10"])
        ours = results["searchtool"]
        ratio = "".join(
            f"{(ours[k] / results[best][k] if results[best][k] else float('nan')):9.3f}" for k in ev.METRICS
        )
        print(f"{'searchtool / ' + best:24s}{ratio}   (best peer by nDCG@10)")
    print("seconds: searchtool's include the index-free query run only; peers' include their indexing")


if __name__ == "__main__":
    sys.exit(main())

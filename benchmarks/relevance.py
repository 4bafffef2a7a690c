"""Ranking quality of searchtool against its peers on judged collections in BEIR layout.

    benchmarks/relevance.py [COLLECTION_DIR ...] [--json] [--qrels FILE] [--variants] [--no-peers]

Without a folder: the three judged collections in ``../shared/relevance`` (Cranfield, CISI,
CACM), each measured in turn and then printed side by side (nDCG@10 and MAP).
searchtool indexes ``corpus.jsonl`` with its own reader and indexer and answers every judged
query through its search API with the CLI's defaults (all words, then the any-word fallback),
and again as plain BM25F (no query preparation); Tantivy, SQLite FTS5 and bm25s index the same
documents and run the same cleaned queries. All runs are cut at 1000 and scored with
ir-measures (pytrec_eval); searchtool's own metric code (``searchtool.evaluate``, what
``searchtool eval`` prints) is checked against it on every run. ``--variants`` adds rows for
``--any`` mode and the ranking with one step switched off at a time.
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

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("SEARCHTOOL_SHARED", ROOT / ".." / "shared"))
#: The judged collections measured when no folder is given: three fields, three regimes (long
#: abstracts and long queries; library-science abstracts; short titles and short queries).
COLLECTIONS = {name: SHARED / "relevance" / name / "beir_format" for name in ("cranfield", "cisi", "cacm")}

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


PLAIN = "searchtool plain BM25F"


def searchtool_runs(collection: ev.Collection, queries: dict[str, str], variants: bool) -> dict[str, tuple[ev.Run, float]]:
    """searchtool's default run and plain BM25F; with ``variants``, also --any and each
    ranking step switched off."""
    from searchtool.searching import ranking

    switches = {
        # Each replacement takes the ranking function's arguments (keywords such as the scorer
        # included) and leaves its step out.
        PLAIN: ("prepare", lambda searcher, query, text, any_mode, **_: query),
        "  without feedback": ("expansion_query", lambda searcher, query, **_: None),
        "  without function words": ("drop_function_words", lambda query, text, schema, **_: query),
    }
    if not variants:
        switches = {PLAIN: switches[PLAIN]}
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


def measure(root: Path, qrels: Path | None, variants: bool, peers: bool) -> tuple[ev.Collection, dict, dict] | None:
    """One collection's metrics and seconds per engine, or ``None`` after a one-line error."""
    loaded = load("relevance.py", root, qrels)
    if loaded is None:
        return None
    collection, queries = loaded
    results: dict[str, dict] = {}
    timings: dict[str, float] = {}
    for name, (run, seconds) in searchtool_runs(collection, queries, variants).items():
        results[name] = score(name, run, collection.qrels)
        timings[name] = seconds
    if peers:
        docs = read_corpus(collection.corpus)
        for name, runner in PEERS.items():
            started = time.perf_counter()
            run = runner(docs, queries, ev.DEPTH)
            timings[name] = time.perf_counter() - started
            results[name] = score(name, run, collection.qrels)
    return collection, results, timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collections", type=Path, nargs="*", metavar="collection",
                        help="folders with corpus.jsonl, queries.jsonl, qrels/ (default: Cranfield, CISI and CACM in ../shared/relevance)")
    parser.add_argument("--qrels", type=Path, help="judgments file (default COLLECTION/qrels/test.tsv; one collection only)")
    parser.add_argument("--json", action="store_true", help="print one JSON document: collection -> engine -> metrics")
    parser.add_argument("--variants", action="store_true", help="also searchtool --any and each ranking step switched off")
    parser.add_argument("--no-peers", action="store_true", help="searchtool only")
    args = parser.parse_args(argv)
    if not args.no_peers and not (HAVE_IR_MEASURES and peers_available()):
        sys.stderr.write("relevance.py: the peers need the bench extra: pip install -e '.[bench]' (or --no-peers)\n")
        return 2
    if not HAVE_IR_MEASURES:
        sys.stderr.write("relevance.py: ir-measures is not installed: scored by searchtool.evaluate alone\n")
    roots = list(args.collections)
    if not roots:
        roots = [path for path in COLLECTIONS.values() if path.is_dir()]
        if not roots:
            sys.stderr.write(f"relevance.py: error: no collection given and none in {SHARED / 'relevance'}\n")
            return 2
    if args.qrels is not None and len(roots) != 1:
        sys.stderr.write("relevance.py: error: --qrels needs exactly one collection\n")
        return 2
    measured: dict[str, dict] = {}
    for root in roots:
        done = measure(root, args.qrels, args.variants, not args.no_peers)
        if done is None:
            return 2
        collection, results, timings = done
        measured[collection_name(root)] = results
        if not args.json:
            print_table(results, timings, collection, root)
            print(flush=True)
    if args.json:
        print(json.dumps(measured, indent=2, sort_keys=True))
    elif len(measured) > 1:
        print_side_by_side(measured)
    return 0


def collection_name(root: Path) -> str:
    """A collection's short name: its folder, or the folder above a BEIR ``beir_format``."""
    root = Path(root).resolve()
    return root.parent.name if root.name == "beir_format" else root.name


def best_peer(results: dict[str, dict]) -> str | None:
    """The peer with the highest nDCG@10, ``None`` without peers."""
    peers = [n for n in results if n in PEERS]
    return max(peers, key=lambda n: results[n]["ndcg@10"]) if peers else None


def print_table(results, timings, collection: ev.Collection, root: Path) -> None:
    print(f"collection {root}: {len(collection.qrels)} judged queries"
          + (f", {len(collection.skipped)} without judgments skipped" if collection.skipped else ""))
    print(f"{'engine':24s}" + "".join(f"{ev.LABELS[m]:>9s}" for m in ev.METRICS) + f"{'seconds':>9s}")
    for name, m in results.items():
        print(f"{name:24s}" + "".join(f"{m[k]:9.4f}" for k in ev.METRICS) + f"{timings[name]:9.1f}")
    best = best_peer(results)
    if best:
        ours = results["searchtool"]
        ratio = "".join(
            f"{(ours[k] / results[best][k] if results[best][k] else float('nan')):9.3f}" for k in ev.METRICS
        )
        print(f"{'searchtool / ' + best:24s}{ratio}   (best peer by nDCG@10)")
    print("seconds: searchtool's include the index-free query run only; peers' include their indexing")


def print_side_by_side(measured: dict[str, dict]) -> None:
    """nDCG@10 / MAP of every engine on every collection, and searchtool against each
    collection's best peer (by nDCG@10)."""
    names = list(measured)
    engines = [e for e in next(iter(measured.values())) if all(e in r for r in measured.values())]
    print(f"{'nDCG@10 / MAP':24s}" + "".join(f"{n:>18s}" for n in names))
    for engine in engines:
        print(f"{engine:24s}" + "".join(f"{measured[n][engine]['ndcg@10']:>9.4f} / {measured[n][engine]['map']:.4f}" for n in names))
    bests = {n: best_peer(measured[n]) for n in names}
    if all(bests.values()):
        def gain(n: str, m: str) -> float:
            return measured[n]["searchtool"][m] / measured[n][bests[n]][m] - 1

        print(f"{'searchtool / best peer':24s}" + "".join(f"{gain(n, 'ndcg@10'):>+9.1%} / {gain(n, 'map'):+.1%}" for n in names))
        print("best peer by nDCG@10: " + ", ".join(f"{n} {bests[n]}" for n in names))


if __name__ == "__main__":
    sys.exit(main())

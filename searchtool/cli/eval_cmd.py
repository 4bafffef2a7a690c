"""``searchtool eval``: how well searchtool ranks a judged collection (BEIR layout)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from searchtool.cli.common import command


@command("eval")
def eval_(
    collection: Path = typer.Argument(..., help="Folder with corpus.jsonl, queries.jsonl and qrels/test.tsv (BEIR layout)."),
    qrels: Optional[Path] = typer.Option(None, "--qrels", help="Judgments file: BEIR TSV or TREC qrels [default: COLLECTION/qrels/test.tsv]."),
    any_mode: bool = typer.Option(False, "--any", help="Search every query with any-word matching instead of the default."),
    per_query: bool = typer.Option(False, "--per-query", help="Also list each query's scores, worst nDCG@10 first."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Index a judged collection in a temporary folder, run its queries, print nDCG@10, MAP, P@10, R@100.

    Queries are searched as typed words (punctuation and operators removed) with the same
    defaults as `searchtool search`; queries without judgments are skipped. Document ids are the
    collection's own (`_id`).
    """
    from searchtool import (
        evaluate as ev,  # start-up: ~16 ms, not needed for --help or the other commands
    )

    col = ev.load_collection(collection, qrels)
    metrics, run = ev.evaluate_collection(col, any_mode=any_mode)
    scores = ev.per_query(run, col.qrels)
    if as_json:
        doc = dict(metrics, skipped=len(col.skipped))
        if per_query:
            doc["per_query"] = scores
        sys.stdout.write(json.dumps(doc) + "\n")
        return
    out = sys.stdout
    skipped = f", {len(col.skipped)} without judgments skipped" if col.skipped else ""
    out.write(f"{collection}: {metrics['queries']} judged queries{skipped}\n")
    for key in ev.METRICS:
        out.write(f"{ev.LABELS[key]:8s} {metrics[key]:.4f}\n")
    if per_query:
        out.write("\nquery     " + "".join(f"{ev.LABELS[k]:>9s}" for k in ev.METRICS) + "  text\n")
        for qid in sorted(scores, key=lambda q: (scores[q]["ndcg@10"], q)):
            row = "".join(f"{scores[qid][k]:9.4f}" for k in ev.METRICS)
            out.write(f"{qid:10s}{row}  {ev.clean_query(col.queries[qid])}\n")

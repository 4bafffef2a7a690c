"""Relevance evaluation: load a judged collection in BEIR layout, run its queries, score the run.

Shared by ``searchtool eval`` (users measuring their own judged queries) and
``benchmarks/relevance.py`` (searchtool against its peers), so both read collections, clean
queries and compute metrics the same way. The metrics are implemented here with the standard
trec_eval definitions so that they need nothing beyond the standard library; the benchmark
cross-checks them against ir-measures (pytrec_eval) on every run.

BEIR layout: ``corpus.jsonl`` (``_id``, ``title``, ``text``, optional ``metadata``),
``queries.jsonl`` (``_id``, ``text``) and ``qrels/test.tsv`` (``query-id``, ``corpus-id``,
``score``, with a header line). TREC qrels files (``qid 0 docid rel``) are read too.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from searchtool.errors import SearchtoolError, UsageError
from searchtool.indexing.update import build_index
from searchtool.reading.reader import ReadReport, read_paths
from searchtool.searching.engine import Engine, SearchRequest

#: Ranked list length evaluated (MAP is AP@1000, as in trec_eval's default).
DEPTH = 1000

#: The metrics reported, in display order, and how tables label them.
METRICS = ("ndcg@10", "map", "p@10", "r@100")
LABELS = {"ndcg@10": "nDCG@10", "map": "MAP", "p@10": "P@10", "r@100": "R@100"}

Qrels = dict[str, dict[str, int]]  # query id -> {doc id: graded relevance}
Run = dict[str, list[str]]  # query id -> doc ids, best first

#: A word of a query as every engine is given it: letters and digits with inner apostrophes.
#: Deliberately not the index's word pattern (searchtool.index.analysis.WORD_PATTERN): that one
#: keeps inner dots ("U.S."), which peer engines would read as syntax, and the cleaned query
#: must be the same plain words for every engine compared.
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class Collection:
    """A judged test collection: where its documents are, its queries and its judgments."""

    root: Path
    corpus: Path
    queries: dict[str, str]
    qrels: Qrels
    skipped: list[str] = field(default_factory=list)  # query ids without any judgment

    @property
    def judged(self) -> dict[str, str]:
        """The queries that have judgments, in file order: the ones every metric averages over."""
        return {qid: text for qid, text in self.queries.items() if qid in self.qrels}


# ---------------------------------------------------------------------------------------------
# Loading


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    try:
        fh = open(path, encoding="utf-8")
    except OSError as err:
        raise SearchtoolError(f"cannot read {path}: {err.strerror}")
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise SearchtoolError(f"{path}:{lineno}: not valid JSON ({err.msg})")
            if not isinstance(obj, dict):
                raise SearchtoolError(f"{path}:{lineno}: expected a JSON object")
            yield lineno, obj


def load_queries(path: Path) -> dict[str, str]:
    """Query id -> text from a BEIR ``queries.jsonl``."""
    queries: dict[str, str] = {}
    for lineno, obj in _read_jsonl(path):
        if "_id" not in obj or not isinstance(obj.get("text"), str):
            raise SearchtoolError(f"{path}:{lineno}: a query needs '_id' and 'text'")
        queries[str(obj["_id"])] = obj["text"]
    return queries


def load_qrels(path: Path) -> Qrels:
    """Judgments from a BEIR TSV (``query-id corpus-id score``, header optional) or TREC qrels.

    Graded values are kept as they are (nDCG uses them as gains); anything above 0 counts as
    relevant for the binary metrics. Negative judgments are read as 0 (judged, not relevant).
    """
    qrels: Qrels = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise SearchtoolError(f"cannot read qrels {path}: {err.strerror}")
    for lineno, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) == 3:
            qid, docid, rel = parts
        elif len(parts) == 4:
            qid, _, docid, rel = parts
        else:
            raise SearchtoolError(f"{path}:{lineno}: expected 'query doc score' or 'query 0 doc score'")
        try:
            value = int(float(rel))
        except ValueError:
            if lineno == 1:  # the BEIR header line
                continue
            raise SearchtoolError(f"{path}:{lineno}: relevance {rel!r} is not a number")
        qrels.setdefault(qid, {})[docid] = max(value, 0)
    if not qrels:
        raise SearchtoolError(f"{path}: no judgments")
    return qrels


def load_collection(root: Path, qrels: Path | None = None) -> Collection:
    """The BEIR collection in ``root``; ``qrels`` overrides ``root/qrels/test.tsv``."""
    root = Path(root)
    if not root.is_dir():
        raise SearchtoolError(f"{root} is not a folder (expected a BEIR collection)")
    corpus = root / "corpus.jsonl"
    queries_path = root / "queries.jsonl"
    qrels_path = Path(qrels) if qrels is not None else root / "qrels" / "test.tsv"
    for need in (corpus, queries_path, qrels_path):
        if not need.is_file():
            raise SearchtoolError(f"{need} not found (expected corpus.jsonl, queries.jsonl, qrels/test.tsv)")
    queries = load_queries(queries_path)
    judgments = load_qrels(qrels_path)
    unknown = sorted(set(judgments) - set(queries))
    if len(unknown) == len(judgments):
        raise SearchtoolError(f"{qrels_path}: none of its query ids is in {queries_path}")
    judged = {qid: judgments[qid] for qid in queries if qid in judgments}
    skipped = [qid for qid in queries if qid not in judgments]
    return Collection(root, corpus, queries, judged, skipped)


def clean_query(text: str) -> str:
    """The words of ``text`` in lower case, separated by spaces: the same input for every engine.

    Natural-language queries contain characters that are syntax in one engine or another
    (``-``, ``:``, ``*``, quotes, upper-case ``AND``); keeping only words makes each engine search
    the same terms, with its own default operators.
    """
    return " ".join(m.group(0).lower() for m in _WORD.finditer(text))


def cleaned_queries(collection: Collection) -> dict[str, str]:
    """The judged queries as every engine runs them: id -> :func:`clean_query` text."""
    return {qid: clean_query(text) for qid, text in collection.judged.items()}


# ---------------------------------------------------------------------------------------------
# Metrics (trec_eval definitions)


def ndcg_at(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k with graded gains (gain = judgment, discount log2(rank + 1)), as trec_eval's ndcg_cut."""
    dcg = sum(judged.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def average_precision(ranked: Sequence[str], judged: Mapping[str, int], k: int = DEPTH) -> float:
    """AP over the top ``k``: mean precision at each relevant (> 0) document, over all relevant ones."""
    relevant = sum(1 for g in judged.values() if g > 0)
    if relevant == 0:
        return 0.0
    hits = 0
    total = 0.0
    for i, doc in enumerate(ranked[:k]):
        if judged.get(doc, 0) > 0:
            hits += 1
            total += hits / (i + 1)
    return total / relevant


def precision_at(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Relevant documents among the top ``k``, divided by ``k`` (a short list still divides by k)."""
    return sum(1 for doc in ranked[:k] if judged.get(doc, 0) > 0) / k


def recall_at(ranked: Sequence[str], judged: Mapping[str, int], k: int = 100) -> float:
    """Share of the relevant documents found in the top ``k``."""
    relevant = sum(1 for g in judged.values() if g > 0)
    if relevant == 0:
        return 0.0
    return sum(1 for doc in ranked[:k] if judged.get(doc, 0) > 0) / relevant


def per_query(run: Run, qrels: Qrels) -> dict[str, dict[str, float]]:
    """Every metric for every judged query; a query missing from ``run`` scores 0 everywhere."""
    out: dict[str, dict[str, float]] = {}
    for qid, judged in qrels.items():
        ranked = _dedupe(run.get(qid, []))[:DEPTH]
        out[qid] = {
            "ndcg@10": ndcg_at(ranked, judged, 10),
            "map": average_precision(ranked, judged, DEPTH),
            "p@10": precision_at(ranked, judged, 10),
            "r@100": recall_at(ranked, judged, 100),
        }
    return out


def aggregate(scores: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """Mean of each metric over the queries, plus ``queries`` (their count)."""
    n = len(scores)
    result: dict[str, float] = {
        m: (sum(s[m] for s in scores.values()) / n if n else 0.0) for m in METRICS
    }
    result["queries"] = n
    return result


def evaluate(run: Run, qrels: Qrels) -> dict[str, float]:
    """Mean nDCG@10, MAP, P@10, R@100 of ``run`` over the judged queries."""
    return aggregate(per_query(run, qrels))


def _dedupe(ranked: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for doc in ranked:
        if doc not in seen:
            seen.add(doc)
            out.append(doc)
    return out


# ---------------------------------------------------------------------------------------------
# Running searchtool on a collection (its own reader, index and query path)


def index_corpus(corpus: Path, index_dir: Path) -> dict[str, str]:
    """Index ``corpus`` as a user would (reader, then indexer); returns record id -> collection id.

    The reader keeps a JSON record's own id (BEIR ``_id``) as the extra field ``source_id``;
    records without one are judged under searchtool's id.
    """

    ids: dict[str, str] = {}
    report = ReadReport()

    def records():
        for rec in read_paths([corpus], report):
            ids[rec.id] = rec.fields.get("source_id") or rec.id
            yield rec

    build_index(records(), Path(index_dir), sources=[str(Path(corpus).resolve().parent)])
    if not ids:
        raise SearchtoolError(f"{corpus}: no documents could be read")
    return ids


def run_queries(
    index_dir: Path,
    queries: Mapping[str, str],
    ids: Mapping[str, str],
    *,
    any_mode: bool = False,
    fallback: bool = True,
    depth: int = DEPTH,
) -> Run:
    """Each query's ranked collection ids, searched with searchtool's defaults (or ``any_mode``).

    A query the parser rejects (it cannot happen with :func:`clean_query` text, but users'
    queries files are another matter) gets an empty ranking, which scores 0.
    """

    run: Run = {}
    with Engine(Path(index_dir)) as engine:
        for qid, text in queries.items():
            request = SearchRequest(query=text, any=any_mode, fallback=fallback, limit=depth, snippets=False)
            try:
                result = engine.search(request)
            except UsageError:
                run[qid] = []
                continue
            run[qid] = [ids.get(hit.id, hit.id) for hit in result.hits]
    return run


def evaluate_collection(
    collection: Collection,
    index_dir: Path | None = None,
    *,
    any_mode: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[dict[str, float], Run]:
    """Index the collection (in ``index_dir`` or a temporary folder), run the judged queries
    cleaned by :func:`clean_query`, and return the mean metrics and the run."""
    queries = cleaned_queries(collection)
    with tempfile.TemporaryDirectory(prefix="searchtool-eval-") as tmp:
        target = Path(index_dir) if index_dir is not None else Path(tmp) / "index"
        if progress:
            progress(f"indexing {collection.corpus}")
        ids = index_corpus(collection.corpus, target)
        if progress:
            progress(f"running {len(queries)} queries")
        run = run_queries(target, queries, ids, any_mode=any_mode)
    return evaluate(run, collection.qrels), run

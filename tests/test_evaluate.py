"""Evaluation: loading BEIR collections, the metrics (hand-computed values), the searchtool run."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from searchtool import evaluate as ev
from searchtool.errors import SearchtoolError
from tests.support.paths import RELEVANCE_TINY

TINY = RELEVANCE_TINY
INV_LOG2_3 = 1 / math.log2(3)  # the discount of rank 2


# -- metrics on hand-made rankings -------------------------------------------------------------


def test_ndcg_uses_graded_gains_and_the_ideal_order_of_all_judged_documents():
    judged = {"a": 3, "b": 1, "c": 0, "d": 2}
    # ranked c(0), a(3), b(1): DCG = 0 + 3/log2(3) + 1/log2(4) = 3*0.63093 + 0.5
    # ideal a, d, b: 3 + 2/log2(3) + 1/2
    dcg = 3 * INV_LOG2_3 + 0.5
    idcg = 3 + 2 * INV_LOG2_3 + 0.5
    assert ev.ndcg_at(["c", "a", "b"], judged) == pytest.approx(dcg / idcg)
    assert ev.ndcg_at(["a", "d", "b"], judged) == pytest.approx(1.0)
    assert ev.ndcg_at(["x", "y"], judged) == 0.0
    assert ev.ndcg_at(["a"], {"a": 0}) == 0.0  # nothing relevant: 0, not a division by zero


def test_ndcg_cut_at_k():
    judged = {str(i): 1 for i in range(12)}
    ranked = ["10", "11"]
    # two relevant at ranks 1 and 2 of a cut of 2: DCG = 1 + 0.63093 = IDCG@2
    assert ev.ndcg_at(ranked, judged, k=2) == pytest.approx(1.0)
    # the same two among ten slots: IDCG@10 has ten ones
    idcg10 = sum(1 / math.log2(i + 2) for i in range(10))
    assert ev.ndcg_at(ranked, judged, k=10) == pytest.approx((1 + INV_LOG2_3) / idcg10)


def test_average_precision_counts_every_relevant_document_even_unretrieved():
    judged = {"a": 1, "b": 2, "c": 1, "n": 0}
    # relevant at ranks 1 and 3 of [a, n, b]; c never retrieved: (1/1 + 2/3) / 3
    assert ev.average_precision(["a", "n", "b"], judged) == pytest.approx((1 + 2 / 3) / 3)
    assert ev.average_precision(["n"], judged) == 0.0
    assert ev.average_precision(["a", "b"], judged, k=1) == pytest.approx(1 / 3)


def test_precision_divides_by_k_and_recall_by_the_relevant_count():
    judged = {"a": 1, "b": 1, "c": 1, "d": 1}
    assert ev.precision_at(["a", "x", "b"], judged, 10) == pytest.approx(0.2)  # short list still / 10
    assert ev.recall_at(["a", "x", "b"], judged, 100) == pytest.approx(0.5)
    assert ev.recall_at(["x", "a"], judged, 1) == 0.0


def test_per_query_scores_missing_queries_zero_and_ignores_repeats():
    qrels = {"1": {"a": 1}, "2": {"b": 1}}
    scores = ev.per_query({"1": ["a", "a"]}, qrels)
    assert scores["1"] == {"ndcg@10": 1.0, "map": 1.0, "p@10": pytest.approx(0.1), "r@100": 1.0}
    assert scores["2"] == {"ndcg@10": 0.0, "map": 0.0, "p@10": 0.0, "r@100": 0.0}
    means = ev.aggregate(scores)
    assert means["map"] == pytest.approx(0.5) and means["queries"] == 2


# -- loading -----------------------------------------------------------------------------------


def test_load_collection_skips_queries_without_judgments():
    col = ev.load_collection(TINY)
    assert list(col.judged) == ["q1", "q2", "q4", "q5"]
    assert col.skipped == ["q3"]
    assert col.qrels["q1"] == {"d1": 2, "d3": 1}
    assert col.qrels["q5"] == {"d5": 2, "d1": 0}


def test_trec_qrels_read_and_negative_judgments_count_as_not_relevant():
    col = ev.load_collection(TINY, TINY / "qrels" / "trec.txt")
    assert col.qrels == {"q1": {"d3": 1}, "q2": {"d2": 0}, "q5": {"d5": 1}}
    assert col.skipped == ["q3", "q4"]


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: None, "corpus.jsonl"),
        (lambda d: (d / "corpus.jsonl").write_text("{}\n"), "queries.jsonl"),
    ],
)
def test_missing_files_are_one_line_errors(tmp_path, setup, message):
    setup(tmp_path)
    with pytest.raises(SearchtoolError, match=message):
        ev.load_collection(tmp_path)


def test_bad_lines_name_the_file_and_line(tmp_path):
    (tmp_path / "q.jsonl").write_text('{"_id": "1", "text": "a"}\nnot json\n')
    with pytest.raises(SearchtoolError, match=r"q.jsonl:2: not valid JSON"):
        ev.load_queries(tmp_path / "q.jsonl")
    (tmp_path / "r.tsv").write_text("query-id\tcorpus-id\tscore\n1\td\thigh\n")
    with pytest.raises(SearchtoolError, match=r"r.tsv:2: relevance 'high'"):
        ev.load_qrels(tmp_path / "r.tsv")
    (tmp_path / "none.tsv").write_text("query-id\tcorpus-id\tscore\n")
    with pytest.raises(SearchtoolError, match="no judgments"):
        ev.load_qrels(tmp_path / "none.tsv")


def test_qrels_for_unknown_queries_only_is_an_error(tmp_path):
    for name in ("corpus.jsonl", "queries.jsonl"):
        (tmp_path / name).write_text((TINY / name).read_text())
    (tmp_path / "other.tsv").write_text("zz d1 1\n")
    with pytest.raises(SearchtoolError, match="none of its query ids"):
        ev.load_collection(tmp_path, tmp_path / "other.tsv")


def test_clean_query_keeps_words_only():
    assert ev.clean_query('What "U.S." -policy: AND (NATO\'s) role?*') == "what u s policy and nato's role"


# -- the searchtool run on the tiny collection ---------------------------------------------------


def test_tiny_collection_end_to_end_matches_hand_computed_metrics(tmp_path):
    col = ev.load_collection(TINY)
    metrics, run = ev.evaluate_collection(col, tmp_path / "index")
    # q1 "glacier melting": only d1 has both words; d3 (gain 1) has "glacier" alone.
    # q5 "alps": d1 has it in title and body, d5 in a longer body only.
    assert run == {"q1": ["d1"], "q2": ["d2"], "q4": [], "q5": ["d1", "d5"]}
    # q1: DCG 2, IDCG 2 + 1/log2(3) -> 0.760188; AP 1/2; P@10 0.1; R@100 1/2
    # q2: the one relevant first -> 1, 1, 0.1, 1
    # q4: nothing matches "volcano eruption" -> 0, 0, 0, 0
    # q5: d1 (gain 0) then d5 (gain 2): DCG 2/log2(3), IDCG 2 -> 0.630930; AP 1/2; 0.1; 1
    ndcg = (2 / (2 + INV_LOG2_3) + 1 + 0 + INV_LOG2_3) / 4
    assert metrics["ndcg@10"] == pytest.approx(ndcg)
    assert metrics["ndcg@10"] == pytest.approx(0.597779, abs=1e-6)
    assert metrics["map"] == pytest.approx((0.5 + 1 + 0 + 0.5) / 4)
    assert metrics["p@10"] == pytest.approx(0.3 / 4)
    assert metrics["r@100"] == pytest.approx((0.5 + 1 + 0 + 1) / 4)
    assert metrics["queries"] == 4


def test_collection_ids_come_from_the_records_own_ids(tmp_path):
    ids = ev.index_corpus(TINY / "corpus.jsonl", tmp_path / "index")
    assert sorted(ids.values()) == ["d1", "d2", "d3", "d4", "d5"]
    assert all(key != value for key, value in ids.items())  # searchtool's ids are its own
    lines = [json.loads(line) for line in (TINY / "corpus.jsonl").read_text().splitlines()]
    assert len(ids) == len(lines)

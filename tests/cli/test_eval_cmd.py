"""``searchtool eval`` end to end on the tiny hand-judged collection."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from searchtool.cli import app
from tests.support.paths import RELEVANCE_TINY

TINY = RELEVANCE_TINY


def invoke(*args):
    return CliRunner().invoke(app, ["eval", *map(str, args)])


def test_eval_json_has_the_hand_computed_figures():
    result = invoke(TINY, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["ndcg@10"] == pytest.approx(0.597779, abs=1e-6)
    assert doc["map"] == pytest.approx(0.5)
    assert doc["p@10"] == pytest.approx(0.075)
    assert doc["r@100"] == pytest.approx(0.625)
    assert (doc["queries"], doc["skipped"]) == (4, 1)


def test_eval_table_and_per_query_worst_first():
    result = invoke(TINY, "--per-query")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("4 judged queries, 1 without judgments skipped")
    assert lines[1:5] == ["nDCG@10  0.5978", "MAP      0.5000", "P@10     0.0750", "R@100    0.6250"]
    rows = [line.split()[0] for line in lines[7:]]
    assert rows == ["q4", "q5", "q1", "q2"]


def test_eval_with_other_judgments():
    # trec.txt: q1 d3 1 (not retrieved), q2 d2 -1 (not relevant), q5 d5 1 (rank 2):
    # nDCG (0 + 0 + 1/log2(3)) / 3, MAP (0 + 0 + 1/2) / 3, P@10 0.1 / 3, R@100 1 / 3
    result = invoke(TINY, "--qrels", TINY / "qrels" / "trec.txt", "--json")
    doc = json.loads(result.stdout)
    assert doc["ndcg@10"] == pytest.approx(0.6309298 / 3)
    assert doc["map"] == pytest.approx(0.5 / 3)
    assert doc["r@100"] == pytest.approx(1 / 3)
    assert (doc["queries"], doc["skipped"]) == (3, 2)


def test_eval_errors_are_one_line(tmp_path):
    result = invoke(tmp_path / "missing")
    assert result.exit_code == 2
    assert result.stderr.startswith("searchtool: error: ") and result.stderr.count("\n") == 1
    result = invoke(TINY, "--qrels", tmp_path / "none.tsv")
    assert result.exit_code == 2 and "none.tsv not found" in result.stderr

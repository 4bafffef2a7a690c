"""Every benchmark runs, on a tiny input: benchmarks are code, and a broken one is found here
rather than on the day someone needs its figures.

Nothing is timed or compared with a target: the checks are that each script finishes and prints
its table. The corpora benchmarks read ``$SEARCHTOOL_SHARED``; they get a miniature copy made in
the test from ``../shared`` (the first statements of each corpus), and skip without it.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import READER, RELEVANCE_TINY, REPO, shared

BENCH = REPO / "benchmarks"
STATEMENTS = 12


def _run(script: str, *args: str, env: dict | None = None, ok=(0,)) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=600,
        cwd=REPO, env={**os.environ, **(env or {})},
    )
    assert done.returncode in ok, f"{script} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def mini_shared(tmp_path_factory) -> Path:
    """A ``shared/`` with the first statements of the UN and State Department corpora."""
    ungdc = shared("corpora", "ungdc", "ungdc_1946-2024.jsonl.gz")
    state = shared("corpora", "state-dept")
    root = tmp_path_factory.mktemp("shared")
    (root / "corpora" / "ungdc").mkdir(parents=True)
    with gzip.open(ungdc, "rt", encoding="utf-8") as src, gzip.open(root / "corpora" / "ungdc" / ungdc.name, "wt", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, STATEMENTS))
    (root / "corpora" / "state-dept" / "txt").mkdir(parents=True)
    feed = state / "state_dept_press_releases_2021-2022.jsonl"
    with open(feed, encoding="utf-8") as src:
        items = [json.loads(line) for line in itertools.islice(src, STATEMENTS)]
    (root / "corpora" / "state-dept" / feed.name).write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    for txt in sorted((state / "txt").glob("*.txt")):
        if any(txt.name.split("_")[1] == i["id"].rsplit("=", 1)[-1] for i in items):
            shutil.copy(txt, root / "corpora" / "state-dept" / "txt" / txt.name)
    return root


def test_relevance_runs_with_its_variants_on_a_tiny_collection():
    out = _run("relevance.py", str(RELEVANCE_TINY), "--no-peers", "--variants")
    assert "searchtool plain BM25F" in out and "  without feedback" in out


def test_relevance_prints_several_collections_side_by_side(tmp_path):
    second = tmp_path / "other"
    shutil.copytree(RELEVANCE_TINY, second)
    out = _run("relevance.py", str(RELEVANCE_TINY), str(second), "--no-peers")
    side = out[out.index("nDCG@10 / MAP"):]
    assert "tiny" in side and "other" in side and "searchtool plain BM25F" in side


def test_relevance_refuses_qrels_for_several_collections(tmp_path):
    qrels = RELEVANCE_TINY / "qrels" / "test.tsv"
    done = subprocess.run(
        [sys.executable, str(BENCH / "relevance.py"), str(RELEVANCE_TINY), str(RELEVANCE_TINY), "--no-peers", "--qrels", str(qrels)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert done.returncode == 2 and "exactly one collection" in done.stderr


def test_relevance_variants_each_run_on_a_tiny_collection():
    out = _run("relevance_variants.py", str(RELEVANCE_TINY))
    assert "default" in out and "plain" in out and "snowball" in out
    sys.path.insert(0, str(BENCH))
    try:
        from relevance_variants import VARIANTS
    finally:
        sys.path.remove(str(BENCH))
    assert out.count("-> ") == len(VARIANTS) - 1  # a verdict for every variant but the default


def test_relevance_variants_refuse_an_unknown_variant():
    done = subprocess.run([sys.executable, str(BENCH / "relevance_variants.py"), str(RELEVANCE_TINY), "no-such-variant"],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 2 and "no-such-variant" in done.stderr


def test_relevance_fallback_runs_on_a_tiny_collection():
    assert "all-words hits, then any-word" in _run("relevance_fallback.py", str(RELEVANCE_TINY))


def test_relevance_cost_runs_on_a_few_statements():
    out = _run("relevance_cost.py", str(READER / "mfa"), "--queries", "2", "--repeat", "1")
    assert "--any" in out and "ratio" in out


def test_reader_accuracy_runs_on_a_slice(mini_shared):
    out = _run("reader_accuracy.py", env={"SEARCHTOOL_SHARED": str(mini_shared)}, ok=(0, 1))
    assert "speaker" in out and "UNGDC:" in out


def test_index_build_runs_on_a_slice(mini_shared, tmp_path):
    out = _run("index_build.py", "--limit", str(STATEMENTS), "--jobs", "1", "--out", str(tmp_path),
               env={"SEARCHTOOL_SHARED": str(mini_shared)})
    assert "plain Whoosh" in out and "no-op" in out


def test_index_build_runs_on_one_jsonl_file(mini_shared, tmp_path):
    out = _run("index_build.py", "--jsonl", "--limit", str(STATEMENTS), "--jobs", "2", "--out", str(tmp_path),
               env={"SEARCHTOOL_SHARED": str(mini_shared)})
    assert "plain Whoosh" in out and "jobs=2 vs jobs=1" in out
    assert "CPU seconds" in out and "main process" in out and "from CPU" in out


def test_index_profile_runs_on_a_slice(mini_shared, tmp_path):
    out = _run("index_profile.py", "--limit", str(STATEMENTS), "--top", "3", "--out", str(tmp_path),
               env={"SEARCHTOOL_SHARED": str(mini_shared)})
    assert "plain Whoosh" in out and "searchtool (jobs=1)" in out


def test_search_speed_runs_on_a_slice_copied_ten_times(mini_shared, tmp_path):
    # This venv's searchtool: the README's install (a venv and pip install .) is the default, too slow here.
    # --copies 10: the 10x run the targets are set for, end to end (copies, index, verdicts).
    exe = Path(sys.executable).with_name("searchtool")
    out = _run("search_speed.py", "--runs", "1", "--per-class", "1", "--no-tantivy", "--copies", "10",
               "--out", str(tmp_path), "--searchtool", str(exe),
               env={"SEARCHTOOL_SHARED": str(mini_shared)})
    assert f"({STATEMENTS * 10} files)" in out and "Whole process at 10x" in out
    assert "rg/colour" in out and "rg/1-proc" in out and "phrase" in out and "--any" in out
    for mode in ("resident", "own process"):
        assert "target --any under 300 ms at 10x: " in out and out.count(f"({mode})") == 3
    assert "each query's first run" in out and "the resident process" in out
    assert "no colour on the terminal" not in out and "failed" not in out


def _speed_summary(colour: dict[str, float], rg: float, tantivy: float) -> dict[str, dict[str, float]]:
    return {c: {"colour": ms, "piped": ms, "1-proc": ms, "rg": rg, "tantivy": tantivy} for c, ms in colour.items()}


def test_search_speed_verdicts_follow_the_issue_targets():
    sys.path.insert(0, str(BENCH))
    try:
        from search_speed import verdicts
    finally:
        sys.path.remove(str(BENCH))
    fast = _speed_summary({"1 word": 50.0, "phrase": 70.0, "--any": 90.0}, rg=80.0, tantivy=40.0)
    lines = verdicts(fast, {"colour": 55.0, "tantivy": 40.0}, 1, rg=True, tantivy=True)
    assert all(line.endswith("-> met") for line in lines) and len(lines) == 3
    slow = _speed_summary({"1 word": 50.0, "phrase": 90.0, "--any": 400.0}, rg=85.0, tantivy=30.0)
    lines = verdicts(slow, {"colour": 60.0, "tantivy": 30.0}, 10, rg=True, tantivy=True)
    assert [line.rsplit("-> ", 1)[1] for line in lines] == ["NOT met", "NOT met", "NOT met"]
    assert "slowest class phrase at 0.94x" in lines[0] and "400.0 ms" in lines[2]


def test_the_tantivy_peer_runs(tmp_path):
    tantivy = pytest.importorskip("tantivy", reason="tantivy-py is a benchmark extra (pip install -e '.[bench]')")
    schema = tantivy.SchemaBuilder().add_text_field("title", stored=True).add_text_field("body", stored=True).build()
    index = tantivy.Index(schema, path=str(tmp_path))
    writer = index.writer()
    writer.add_document(tantivy.Document(title="Comment", body="missile defense in Europe"))
    writer.commit()
    assert "missile" in _run("search_tantivy_peer.py", str(tmp_path), "missile")


def test_turns_cost_runs_on_a_slice(mini_shared):
    out = _run("turns_cost.py", "--repeat", "1", env={"SEARCHTOOL_SHARED": str(mini_shared)})
    assert "| with turns |" in out and "median ratio said:/speaker:" in out


def test_formats_speed_runs_on_a_slice(mini_shared):
    out = _run("formats_speed.py", "--limit", "4", "--big-pdf-pages", "3", env={"SEARCHTOOL_SHARED": str(mini_shared)})
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.split() and line.split()[0] in ("txt", "html", "pdf")}
    assert set(rows) == {"txt", "html", "pdf"} and all(r[1] == rows["txt"][1] for r in rows.values())  # same records
    assert "big PDF: 3 pages" in out


def test_analysis_speed_runs_on_a_slice(mini_shared, tmp_path):
    out = _run("analysis_speed.py", "--every", "1", "--limit", str(STATEMENTS), "--word", "peace", "--lines", "20",
               "--runs", "1", "--out", str(tmp_path), env={"SEARCHTOOL_SHARED": str(mini_shared)})
    assert "timeline peace --by year" in out and "kwic peace (20 lines" in out


def test_reliability_runs_its_three_parts_on_a_tiny_collection():
    out = _run("reliability.py", "--tiny")
    assert "1. costly queries" in out and "2. 30 fuzzed queries" in out and "0 other" in out
    if Path("/proc").is_dir():
        assert "3. 1 killed parallel build (" in out and "0 left workers" in out
    assert "5. 5 fuzzed queries answered by the resident search process and in their own: 0 differ" in out
    assert "ran throughout" in out


def test_duplicates_cost_runs_on_a_slice(mini_shared):
    feed = mini_shared / "corpora" / "state-dept" / "state_dept_press_releases_2021-2022.jsonl"
    out = _run("duplicates_cost.py", str(feed), "--repeat", "1")
    assert "with sketches" in out and "without sketches" in out and "ratio (with / without)" in out


def test_languages_benchmark_runs_on_a_tiny_collection():
    out = _run("languages.py", "--docs", "8", "--words", "60", "--queries", "3", "--repeat", "1")
    assert "ratio ru / en" in out and "ratio mixed / English" in out


def test_durability_cost_runs_on_a_slice(mini_shared):
    txt = mini_shared / "corpora" / "state-dept" / "txt"
    out = _run("durability_cost.py", str(txt), "--repeat", "1")
    assert "first build" in out and "no-op update" in out and "update of 5 files" in out and "in fsync" in out

"""Building and updating an index from files: incremental add/change/delete, rebuild, jobs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from searchtool.errors import SearchtoolError  # noqa: E402
from searchtool.index import store
from searchtool.indexing import update as indexer  # noqa: E402
from searchtool.indexing.documents import record_to_document
from searchtool.indexing.update import update_index  # noqa: E402
from tests.support.collection import content, doc_count, hits, write_collection


@pytest.fixture
def corpus(tmp_path):
    return write_collection(tmp_path / "corpus", n=20)


def test_first_build_indexes_every_record(corpus, tmp_path):
    s = update_index([corpus], tmp_path / "ix", jobs=1)
    assert (s.added, s.updated, s.removed, s.unchanged) == (21, 0, 0, 0)
    assert s.records_total == 23 == doc_count(tmp_path / "ix")
    assert hits(tmp_path / "ix", "body", "Marker7") == ["st0007.txt"]
    assert hits(tmp_path / "ix", "x_country", "RUS") == ["bundle.jsonl"]  # extra field by its name
    assert hits(tmp_path / "ix", "speaker", "zakharova") != []
    m = store.read_manifest(tmp_path / "ix", files=True)
    assert m["sources"] == [os.path.realpath(corpus)]
    assert m["count"] == 23 and len(m["files"]) == 21


def test_unchanged_collection_is_a_noop(corpus, tmp_path):
    update_index([corpus], tmp_path / "ix", jobs=1)
    gen = store.current_generation(tmp_path / "ix")
    toc_before = sorted(p.name for p in gen.iterdir())
    s = update_index(None, tmp_path / "ix", jobs=1)  # no PATH: the recorded sources
    assert s.noop and s.unchanged == 21 and s.records_total == 23
    assert sorted(p.name for p in gen.iterdir()) == toc_before  # no Whoosh commit happened


def test_touched_but_identical_file_is_unchanged(corpus, tmp_path):
    update_index([corpus], tmp_path / "ix", jobs=1)
    f = corpus / "a" / "st0001.txt"
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 10**9))
    s = update_index(None, tmp_path / "ix", jobs=1)
    assert s.noop and s.unchanged == 21
    # the new mtime was recorded: the next run does not hash the file again
    m = store.read_manifest(tmp_path / "ix", files=True)
    assert m["files"][str(f.resolve())]["fp"][1] == f.stat().st_mtime_ns


def test_add_change_delete(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    (corpus / "a" / "st0003.txt").write_text("Changed title\nNewword appears here.\nMay 1, 2021\n", encoding="utf-8")
    os.remove(corpus / "b" / "st0004.txt")
    (corpus / "new.txt").write_text("Fresh statement\nBrandnew text.\nMay 2, 2021\n", encoding="utf-8")
    s = update_index(None, ix, jobs=1)
    assert (s.added, s.updated, s.removed, s.unchanged) == (1, 1, 1, 19)
    assert s.records_total == 23 == doc_count(ix)
    assert hits(ix, "body", "Marker3") == [] and hits(ix, "body", "newword") == ["st0003.txt"]
    assert hits(ix, "body", "Marker4") == []
    assert hits(ix, "body", "brandnew") == ["new.txt"]
    assert hits(ix, "body", "Marker5") == ["st0005.txt"]


def test_changed_multi_record_file_replaces_all_its_records(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    assert len(hits(ix, "body", "peace")) >= 3
    (corpus / "bundle.jsonl").write_text(json.dumps({"title": "Only one", "text": "Solitary record."}) + "\n")
    s = update_index(None, ix, jobs=1)
    assert s.updated == 1 and s.records_removed == 3 and s.records_added == 1
    assert doc_count(ix) == 21
    assert hits(ix, "body", "bundle0") == [] and len(hits(ix, "body", "solitary")) == 1


def test_path_inside_recorded_source_keeps_ids(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    (corpus / "a" / "st0001.txt").write_text("T\nOtherword\nMay 1, 2021\n", encoding="utf-8")
    s = update_index([corpus / "a"], ix, jobs=1)
    assert s.updated == 1 and doc_count(ix) == 23
    assert hits(ix, "body", "otherword") == ["st0001.txt"]
    assert store.read_manifest(ix)["sources"] == [os.path.realpath(corpus)]


def test_new_path_is_added_to_recorded_sources(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    other = write_collection(tmp_path / "other", n=3, seed=3, jsonl=False)
    s = update_index([other], ix, jobs=1)
    assert s.added == 3 and s.unchanged == 0 and doc_count(ix) == 26
    assert store.read_manifest(ix)["sources"] == sorted([os.path.realpath(corpus), os.path.realpath(other)])
    assert update_index(None, ix, jobs=1).unchanged == 24


def test_rebuild_makes_a_new_generation_and_keeps_the_old_until_next_run(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    old = store.current_generation(ix)
    s = update_index(None, ix, rebuild=True, jobs=1)
    new = store.current_generation(ix)
    assert s.rebuilt and new != old and old.exists() and doc_count(ix) == 23
    update_index(None, ix, jobs=1)
    assert not old.exists() and store.current_generation(ix) == new


def test_abandoned_partial_generation_is_removed(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    partial = ix / "gen-0000dead-1"
    partial.mkdir()
    (partial / "_MAIN_1.toc").write_bytes(b"half")
    update_index(None, ix, jobs=1)
    assert not partial.exists() and doc_count(ix) == 23


def test_jobs_two_gives_the_same_content_as_jobs_one(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "PARALLEL_MIN_BYTES", 0)  # use workers even for a small corpus
    monkeypatch.setattr("searchtool.indexing.workers.JOB_FILES", 3)  # several jobs, spread over both workers
    monkeypatch.setattr("searchtool.indexing.workers.SPLIT_MIN_BYTES", 0)  # and bundle.jsonl streamed to both
    monkeypatch.setattr("searchtool.indexing.workers.BATCH_RECORDS", 1)
    s1 = update_index([corpus], tmp_path / "ix1", jobs=1)
    s2 = update_index([corpus], tmp_path / "ix2", jobs=2)
    assert s2.jobs == 2 and s1.records_total == s2.records_total == 23
    assert content(tmp_path / "ix1") == content(tmp_path / "ix2")
    m1, m2 = store.read_manifest(tmp_path / "ix1", files=True), store.read_manifest(tmp_path / "ix2", files=True)
    assert m1["files"] == m2["files"] and m2["count"] == 23
    # and an incremental update through workers stays equal too
    (corpus / "b" / "st0002.txt").write_text("Changed\nWorkerword\nMay 3, 2021\n", encoding="utf-8")
    update_index(None, tmp_path / "ix1", jobs=1)
    update_index(None, tmp_path / "ix2", jobs=2)
    assert content(tmp_path / "ix1") == content(tmp_path / "ix2")


def test_missing_default_corpus_is_one_line_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SearchtoolError, match="corpus does not exist"):
        update_index(None, tmp_path / "ix", jobs=1)


def test_default_corpus_folder_is_used(tmp_path, monkeypatch):
    write_collection(tmp_path / "corpus", n=2, jsonl=False)
    monkeypatch.chdir(tmp_path)
    assert update_index(None, Path("index"), jobs=1).added == 2


def test_build_index_from_records_then_update_from_files(corpus, tmp_path):
    from searchtool.reading.reader import read_paths

    ix = tmp_path / "ix"
    assert indexer.build_index(list(read_paths([corpus])), ix, sources=[str(corpus)]) == 23
    s = update_index(None, ix, jobs=1)  # no fingerprints yet: every file is re-added, no duplicates
    assert s.added == 21 and doc_count(ix) == 23


def test_record_to_document_extra_fields_and_year():
    from searchtool.record import Record

    rec = Record(id="x", path="x.jsonl", fields={"year": "1970", "speaker": "Mr. X", "Country ISO": "RUS"})
    doc = record_to_document(rec)
    assert doc["year"] == 1970 and "date" not in doc
    assert doc["x_year"] == "1970" and doc["x_speaker"] == "Mr. X" and doc["x_country_iso"] == "RUS"
    assert doc["speaker"] == ""  # the extra field never overwrites the core one
    assert record_to_document(Record(id="y", path="y", fields={"year": "n/a"})).get("year") is None


def test_missing_live_generation_is_rebuilt_by_the_next_run(corpus, tmp_path):
    import shutil

    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    shutil.rmtree(store.current_generation(ix))
    with pytest.raises(SearchtoolError, match="missing generation"):
        store.open_index(ix)
    s = update_index([corpus], ix, jobs=1)
    assert s.added == 21 and doc_count(ix) == 23 and "missing" in s.notes[0]


def test_plan_jobs_streams_big_multi_record_files_to_the_workers(corpus, monkeypatch):
    from searchtool.indexing import workers
    from searchtool.reading.reader import discover

    monkeypatch.setattr(workers, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "JOB_FILES", 4)
    jobs, streamed = workers.plan_jobs(discover([corpus]), procs=2)
    assert [src.path.name for src in streamed] == ["bundle.jsonl"]
    texts = [src for job in jobs for src in job]
    assert len(texts) == 20 and all(src.kind == "text" for src in texts) and max(map(len, jobs)) == 4
    jobs, streamed = workers.plan_jobs(discover([corpus]), procs=1)  # one worker: no streaming
    assert streamed == [] and sum(map(len, jobs)) == 21


def _big_jsonl(root: Path, n: int) -> Path:
    """One gzipped JSON Lines file of ``n`` speeches (with a malformed line and a blank one) and
    a metadata sidecar joined on the records' ids."""
    import gzip
    import random

    from tests.support.collection import WORDS

    rng = random.Random(5)
    root.mkdir(parents=True)
    lines = []
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(40 + i % 50))
        lines.append(json.dumps({"id": f"s{i}", "title": f"Address {i}", "text": body, "speaker": f"Speaker {i % 7}",
                                 "year": 1950 + i % 70, "country": ["RUS", "FRA", "BRA"][i % 3]}))
        if i == n // 3:
            lines.append('{"id": "broken", "text": ')
            lines.append("")
    with gzip.open(root / "speeches.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    rows = ["id,region"] + [f"s{i},region-{i % 4}" for i in range(n)]
    (root / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def test_one_big_jsonl_file_is_indexed_by_every_worker_with_the_content_of_a_one_job_build(tmp_path, monkeypatch):
    from searchtool.indexing import workers

    src = _big_jsonl(tmp_path / "one", 90)
    monkeypatch.setattr(indexer, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "BATCH_RECORDS", 7)  # 13 batches over the two workers
    seen = []
    real_put = workers._Batcher.flush

    def flush(self):
        seen.append(len(self.docs))
        real_put(self)

    monkeypatch.setattr(workers._Batcher, "flush", flush)
    s1 = update_index([src], tmp_path / "ix1", jobs=1)
    assert seen == []  # one job: read and written in this process
    s2 = update_index([src], tmp_path / "ix2", jobs=2)
    assert sum(seen) == 90 and max(seen) == 7
    assert s1.records_total == s2.records_total == 90 and s1.added == s2.added == 1
    assert s1.warnings == s2.warnings and any("malformed JSON" in w for w in s2.warnings)
    assert content(tmp_path / "ix1") == content(tmp_path / "ix2")  # field by field, every posting
    assert hits(tmp_path / "ix2", "x_region", "region-2") != []  # the sidecar joined, as in one job
    m1, m2 = store.read_manifest(tmp_path / "ix1", files=True), store.read_manifest(tmp_path / "ix2", files=True)
    assert m1["files"] == m2["files"] and m2["count"] == 90
    # the file changes: the update through workers replaces its records, as one job does
    _big_jsonl(tmp_path / "two", 60)
    (tmp_path / "one" / "speeches.jsonl.gz").write_bytes((tmp_path / "two" / "speeches.jsonl.gz").read_bytes())
    assert update_index(None, tmp_path / "ix1", jobs=1).records_total == 60
    assert update_index(None, tmp_path / "ix2", jobs=2).records_total == 60
    assert content(tmp_path / "ix1") == content(tmp_path / "ix2")


def test_workers_whose_postings_spill_to_disk_build_what_one_job_builds(tmp_path, monkeypatch):
    from searchtool.indexing import termpool, workers

    src = _big_jsonl(tmp_path / "one", 90)
    monkeypatch.setattr(indexer, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "BATCH_RECORDS", 7)
    monkeypatch.setattr(workers, "POOL_MB", 0.01)  # ~10 KB: every writer spills runs to disk
    spills = []
    real_save = termpool.TermPool.save
    monkeypatch.setattr(termpool.TermPool, "save", lambda self: spills.append(1) or real_save(self))
    update_index([src], tmp_path / "ix1", jobs=1)
    assert len(spills) >= 3  # (the workers, forked, spill as this process did)
    update_index([src], tmp_path / "ix2", jobs=2)
    assert content(tmp_path / "ix1") == content(tmp_path / "ix2")


def test_a_gzipped_file_counts_by_the_text_it_holds(tmp_path, monkeypatch):
    """The work is in the text: a .jsonl.gz whose compressed size is under the in-process limit
    but whose text is over it goes to the workers."""
    import gzip

    from searchtool.indexing import workers
    from searchtool.reading.reader import discover

    folder = _big_jsonl(tmp_path / "one", 60)
    (src,) = [s for s in discover([folder]) if s.kind == "jsonl"]
    with gzip.open(src.path, "rb") as fh:
        text = len(fh.read())
    assert workers.text_bytes(src) == text > src.size
    monkeypatch.setattr(indexer, "PARALLEL_MIN_BYTES", (src.size + text) // 2)
    monkeypatch.setattr(workers, "SPLIT_MIN_BYTES", (src.size + text) // 2)
    monkeypatch.setattr(workers, "BATCH_RECORDS", 10)
    batches = []
    real = workers._Batcher.flush
    monkeypatch.setattr(workers._Batcher, "flush", lambda self: (batches.append(len(self.docs)), real(self)))
    assert update_index([folder], tmp_path / "ix", jobs=2).records_total == 60
    assert sum(batches) == 60

"""Power-loss durability: everything a commit makes reachable is on disk before it is reachable.

kill -9 cannot lose what the kernel already holds, so the crash tests (test_crash_safety.py)
cannot see a missing fsync; a power cut can. The ``durability`` fixture records every fsync and
rename, forked workers' too, and checks at each rename that publishes something (a Whoosh table
of contents, ``CURRENT``, each JSON file) that its bytes, the files it names and the folder
entries were fsynced first, and that the folder was fsynced after the rename.
"""

from __future__ import annotations

import json
import os

from searchtool.index import checksums, store
from searchtool.indexing import update as indexer
from searchtool.indexing.update import update_index
from tests.support.cli import run
from tests.support.collection import doc_count, write_collection

#: What each kind of run must have published (and so have checked).
WHOOSH_TOC = "_MAIN_"
JSON_FILES = {"manifest.json", "fingerprints.json", "statements.json", "duplicates.json", "clusters.json"}


def _published(durability, since: int = 0) -> set[str]:
    """The names renamed into place (from the ``since``-th rename on), every TOC as one."""
    return {name if not name.startswith(WHOOSH_TOC) else WHOOSH_TOC for name in durability.renamed()[since:]}


def test_a_first_build_is_on_disk_before_current_names_it(tmp_path, durability):
    corpus = write_collection(tmp_path / "corpus", n=12)
    r = run("index", str(corpus), "--index", str(tmp_path / "ix"), "--jobs", "1", "-q")
    assert r.exit_code == 0, r.output
    assert durability.problems() == []
    assert {"CURRENT", WHOOSH_TOC} | JSON_FILES <= _published(durability)
    assert "ix" in durability.synced_names(tmp_path)  # the new index folder's own name, too
    assert doc_count(tmp_path / "ix") == 15  # 12 statements and the 3 records of bundle.jsonl


def test_an_update_is_on_disk_before_its_table_of_contents_and_manifest_name_it(tmp_path, durability):
    corpus = write_collection(tmp_path / "corpus", n=12)
    update_index([corpus], tmp_path / "ix", jobs=1)
    (corpus / "a" / "st0001.txt").write_text("Changed title\nNewword body.\nMay 3, 2021\n", encoding="utf-8")
    (corpus / "b" / "st0002.txt").unlink()
    (corpus / "a" / "new.txt").write_text("Added title\nAddedword body.\nMay 4, 2021\n", encoding="utf-8")
    before = len(durability.renamed())
    s = update_index(None, tmp_path / "ix", jobs=1)
    assert (s.added, s.updated, s.removed) == (1, 1, 1)
    assert durability.problems() == []
    assert {WHOOSH_TOC} | JSON_FILES <= _published(durability, since=before)


def test_a_rebuild_is_on_disk_before_current_names_it(tmp_path, durability):
    corpus = write_collection(tmp_path / "corpus", n=12)
    update_index([corpus], tmp_path / "ix", jobs=1)
    old = store.current_generation(tmp_path / "ix")
    update_index(None, tmp_path / "ix", rebuild=True, jobs=1)
    assert store.current_generation(tmp_path / "ix") != old
    assert durability.problems() == []
    assert durability.renamed().count("CURRENT") == 2


def test_a_json_lines_update_is_on_disk_before_it_is_named(tmp_path, durability):
    corpus = write_collection(tmp_path / "corpus", n=4)
    update_index([corpus], tmp_path / "ix", jobs=1)
    with open(corpus / "bundle.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"title": "Appended", "text": "Appendedword text.", "date": "2021-01-02"}) + "\n")
    s = update_index(None, tmp_path / "ix", jobs=1)
    assert s.updated == 1 and s.records_total == 8
    assert durability.problems() == []


def test_a_parallel_build_and_update_are_on_disk_before_they_are_named(tmp_path, durability, monkeypatch):
    monkeypatch.setattr(indexer, "PARALLEL_MIN_BYTES", 0)  # workers even for a small corpus
    monkeypatch.setattr("searchtool.indexing.workers.JOB_FILES", 3)  # several jobs, both workers busy
    corpus = write_collection(tmp_path / "corpus", n=12)
    s = update_index([corpus], tmp_path / "ix", jobs=2)
    assert s.jobs == 2
    (corpus / "a" / "st0003.txt").write_text("Changed\nWorkerword\nMay 3, 2021\n", encoding="utf-8")
    update_index(None, tmp_path / "ix", jobs=2)
    assert durability.problems() == []
    assert durability.pids("fsync") - {os.getpid()}  # the workers fsynced their own segment files


def test_a_search_recording_checked_files_writes_them_durably(tmp_path, durability, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(checksums, "CHECK_ON_OPEN_BYTES", 0)  # every file is a "large" one
    corpus = write_collection(tmp_path / "corpus", n=4)
    update_index([corpus], tmp_path / "ix", jobs=1)
    r = run("search", "peace", "--index", str(tmp_path / "ix"))
    assert r.exit_code == 0, r.output
    assert checksums.VERIFIED in durability.renamed()  # the files it checked, recorded
    assert durability.problems() == []


def test_a_saved_search_is_on_disk_before_it_is_named(tmp_path, durability):
    corpus = write_collection(tmp_path / "corpus", n=4)
    update_index([corpus], tmp_path / "ix", jobs=1)
    assert run("watch", "add", "peace", "peace", "--index", str(tmp_path / "ix")).exit_code == 0
    assert "watches.json" in durability.renamed()
    assert durability.problems() == []

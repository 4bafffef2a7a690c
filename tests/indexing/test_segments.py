"""The bulk writer writes what Whoosh's own writer writes, also when its pool spills, and also
when updates merge old segments into a new one (Whoosh adds those postings one at a time)."""

from __future__ import annotations

import shutil

from searchtool.indexing import segments, termpool, workers
from searchtool.indexing.segments import SegmentWriter  # (Whoosh's, imported after the boot)
from searchtool.indexing.update import update_index
from tests.support.collection import churn, content, write_collection


def _whooshs_own_writer(monkeypatch) -> None:
    for name in ("__init__", "add_document", "_flush_segment"):
        monkeypatch.setattr(segments.BulkSegmentWriter, name, getattr(SegmentWriter, name))


def test_spilled_runs_give_the_same_index_as_whoosh(tmp_path, monkeypatch):
    corpus = write_collection(tmp_path / "c", n=60, words=600)
    spills = []
    real_save = termpool.TermPool.save

    def counting_save(self):
        spills.append(sum(len(t) for t in self.terms.values()))
        real_save(self)

    monkeypatch.setattr(termpool.TermPool, "save", counting_save)
    monkeypatch.setattr(termpool, "RUN_CHUNK", 7)  # many chunks per run, and a partial last one
    monkeypatch.setattr(workers, "POOL_MB", 0.05)  # ~50 KB pool: several runs on disk
    update_index([corpus], tmp_path / "ours", jobs=1)
    assert len(spills) >= 3

    _whooshs_own_writer(monkeypatch)
    update_index([corpus], tmp_path / "whoosh", jobs=1)
    assert content(tmp_path / "ours") == content(tmp_path / "whoosh")


def test_updates_that_merge_segments_give_the_same_index_as_whoosh(tmp_path, monkeypatch):
    found = []
    for name in ("ours", "whoosh"):  # one after the other at the same paths: same ids, same paths
        shutil.rmtree(tmp_path, ignore_errors=True)
        root = write_collection(tmp_path / "c", n=40, words=90)
        if name == "whoosh":
            _whooshs_own_writer(monkeypatch)
        update_index([root], tmp_path / "ix", jobs=1)
        for seed in (1, 2, 3):  # most files changed: old segments are purged into the new one
            churn(root, 40, 2, seed, "arms control", "2021-03-04")
            update_index([], tmp_path / "ix", jobs=1)
        found.append(content(tmp_path / "ix"))
    assert found[0] == found[1]

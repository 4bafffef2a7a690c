"""The bulk writer writes exactly what Whoosh's own writer writes, also when its pool spills."""

from __future__ import annotations

import sys
from pathlib import Path

from searchtool.indexing import segments, workers  # noqa: E402
from searchtool.indexing.update import update_index  # noqa: E402
from tests.support.collection import content, write_collection


def test_spilled_runs_in_chunks_give_the_same_index(tmp_path, monkeypatch):
    corpus = write_collection(tmp_path / "c", n=60, words=600)
    spills = []
    real_save = segments.BatchedPostingPool.save

    def counting_save(self):
        spills.append(len(self.current))
        real_save(self)

    monkeypatch.setattr(segments.BatchedPostingPool, "save", counting_save, raising=False)
    monkeypatch.setattr(segments, "RUN_CHUNK", 7)  # many chunks per run, and a partial last one
    monkeypatch.setattr(workers, "POOL_MB", 0.05)  # ~50 KB pool: several runs on disk
    update_index([corpus], tmp_path / "chunked", jobs=1)
    assert len(spills) >= 3

    # Whoosh's own pool (one pickle per posting), same tiny limit
    monkeypatch.setattr(segments.BulkSegmentWriter, "__init__", segments.SegmentWriter.__init__)
    update_index([corpus], tmp_path / "whoosh", jobs=1)
    assert content(tmp_path / "chunked") == content(tmp_path / "whoosh")

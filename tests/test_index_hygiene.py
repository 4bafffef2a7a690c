"""An index never indexes itself, never grows without bound, and refuses what would harm it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "index"))
from collection import doc_count, write_collection  # noqa: E402

from searchtool import store  # noqa: E402
from searchtool.errors import IndexMissingError, SearchtoolError  # noqa: E402
from searchtool.indexer import update_index  # noqa: E402


def _paths(index_dir: Path) -> list[str]:
    ix = store.open_index(index_dir)
    with ix.searcher() as s:
        return sorted(d["path"] for d in s.all_stored_fields())


def test_index_folder_inside_the_source_is_never_indexed(tmp_path):
    corpus = write_collection(tmp_path / "c", n=6)
    ix = corpus / "index"  # `cd c; searchtool index .` with the default ./index
    first = update_index([corpus], ix, jobs=1)
    second = update_index([corpus], ix, jobs=1)
    assert second.noop and doc_count(ix) == 9 == first.records_total
    assert not any("/index/" in p for p in _paths(ix))
    assert not any("index" + os.sep in item for item in first.skipped + second.skipped)


def test_another_index_inside_the_source_is_skipped(tmp_path):
    corpus = write_collection(tmp_path / "c", n=4)
    update_index([write_collection(tmp_path / "other", n=3)], corpus / "sub" / "old-index", jobs=1)
    s = update_index([corpus], tmp_path / "ix", jobs=1)
    assert s.records_total == 7 and not any("old-index" in p for p in _paths(tmp_path / "ix"))
    assert not any("old-index" in item for item in s.skipped)


def test_missing_path_leaves_no_index_folder_behind(tmp_path):
    with pytest.raises(SearchtoolError, match="no such file or folder"):
        update_index([tmp_path / "nope"], tmp_path / "ix", jobs=1)
    assert not (tmp_path / "ix").exists()


def test_no_path_and_no_corpus_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SearchtoolError, match="nothing to index"):
        update_index(None, Path("index"), jobs=1)
    assert not (tmp_path / "index").exists()


def test_marked_folder_without_a_build_reads_as_no_index_yet(tmp_path):
    (tmp_path / "ix").mkdir()
    (tmp_path / "ix" / store.MARKER).write_text("searchtool index\n")
    with pytest.raises(IndexMissingError, match=r"no index at .* yet") as err:
        store.open_index(tmp_path / "ix")
    assert "No such file" not in str(err.value)


def _segments(index_dir: Path) -> list:
    return store.open_index(index_dir)._segments()


def _touch_all(corpus: Path, round_: int) -> None:
    for f in sorted(corpus.rglob("*.txt")):
        f.write_text(f.read_text(encoding="utf-8") + f"edit {round_}\n", encoding="utf-8")


def test_updates_that_replace_most_files_do_not_grow_the_index(tmp_path):
    corpus = write_collection(tmp_path / "c", n=40, words=300)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    size0 = store.index_size(ix)
    for round_ in range(3):
        _touch_all(corpus, round_)
        s = update_index(None, ix, jobs=1)
        assert s.updated == 40 and doc_count(ix) == 43
    assert sum(seg.deleted_count() for seg in _segments(ix)) == 0
    assert store.index_size(ix) < size0 * 1.3  # not 4 copies


def test_a_small_update_does_not_rewrite_the_big_segment(tmp_path):
    corpus = write_collection(tmp_path / "c", n=40)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    big = max(_segments(ix), key=lambda seg: seg.doc_count_all())
    f = corpus / "a" / "st0001.txt"
    f.write_text(f.read_text(encoding="utf-8") + "one more line\n", encoding="utf-8")
    update_index(None, ix, jobs=1)
    after = {seg.segment_id(): seg for seg in _segments(ix)}
    assert big.segment_id() in after and after[big.segment_id()].deleted_count() == 1

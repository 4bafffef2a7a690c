"""An index never indexes itself, never grows without bound, and refuses what would harm it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from searchtool.errors import IndexMissingError, SearchtoolError  # noqa: E402
from searchtool.index import store  # noqa: E402
from searchtool.indexing.update import update_index  # noqa: E402
from tests.support.collection import doc_count, write_collection


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


def test_recorded_source_that_became_empty_is_not_emptied_silently(tmp_path):
    corpus = write_collection(tmp_path / "c", n=5)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    corpus.rename(tmp_path / "c.away")
    corpus.mkdir()  # an unmounted drive leaves its empty mount point
    with pytest.raises(SearchtoolError, match=r"has no statement files now.*6 files.*--rebuild"):
        update_index(None, ix, jobs=1)
    assert doc_count(ix) == 8
    assert update_index(None, ix, jobs=1, rebuild=True).records_total == 0  # deliberately


def _damage(ix: Path, suffix: str) -> None:
    seg = next(p for p in store.current_generation(ix).iterdir() if p.name.endswith(suffix))
    with open(seg, "r+b") as fh:
        fh.truncate(20)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # Whoosh leaks the damaged file
@pytest.mark.parametrize("suffix", [".trm", ".pst"])
def test_damaged_index_is_one_line_for_stats_and_index(tmp_path, suffix):
    from tests.support.cli import run

    corpus = write_collection(tmp_path / "c", n=12)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    _damage(ix, suffix)
    r = run("stats", "--index", str(ix))
    assert r.exit_code == 2 and "is damaged" in r.stderr and "searchtool index --rebuild" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output
    f = corpus / "a" / "st0001.txt"
    f.write_text(f.read_text(encoding="utf-8") + "changed\n", encoding="utf-8")
    r = run("index", "--index", str(ix))
    assert r.exit_code == 2 and "is damaged" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("index", "--index", str(ix), "--rebuild", "-q")
    assert r.exit_code == 0 and doc_count(ix) == 15
    import gc

    gc.collect()  # close the damaged files Whoosh left open while this test's filter applies


def test_ctrl_c_says_what_state_the_index_is_in(tmp_path, monkeypatch):
    from searchtool.indexing import update as indexer
    from tests.support.cli import run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(indexer, "update_index", interrupted)
    r = run("index", str(tmp_path), "--index", str(tmp_path / "ix"))
    assert r.exit_code == 130 and r.stderr.strip() == "searchtool: interrupted; the index is unchanged"


def test_commit_and_manifest_write_hold_ctrl_c_back():
    import signal

    from searchtool.indexing.update import _uninterruptible

    with _uninterruptible():
        os.kill(os.getpid(), signal.SIGINT)  # would raise KeyboardInterrupt here otherwise
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _ids_by_path(index_dir: Path) -> dict[str, list[str]]:
    ix = store.open_index(index_dir)
    out: dict[str, list[str]] = {}
    with ix.searcher() as s:
        for d in s.all_stored_fields():
            out.setdefault(d["path"], []).append(d["id"])
    return out


def _two_roots_named_alike(tmp_path: Path) -> tuple[Path, Path]:
    roots = []
    for ministry in ("mfa", "fcdo"):
        root = tmp_path / ministry / "press"
        root.mkdir(parents=True)
        (root / "a01.txt").write_text(f"Statement of the {ministry}\nText about {ministry} talks.\n", encoding="utf-8")
        (root / "b.jsonl").write_text(
            "\n".join('{"title": "%s %d", "text": "%s record %d"}' % (ministry, k, ministry, k) for k in range(2)) + "\n",
            encoding="utf-8",
        )
        roots.append(root)
    return roots[0], roots[1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_named_roots_get_distinct_ids_with_a_warning(tmp_path, monkeypatch, jobs):
    from searchtool.indexing import update as indexer

    monkeypatch.setattr(indexer, "PARALLEL_MIN_BYTES", 0)  # jobs=2 goes through the workers
    mfa, fcdo = _two_roots_named_alike(tmp_path)
    ix = tmp_path / "ix"
    update_index([mfa], ix, jobs=jobs)
    s = update_index([fcdo], ix, jobs=jobs)
    ids = _ids_by_path(ix)
    all_ids = [i for v in ids.values() for i in v]
    assert len(all_ids) == 6 == len(set(all_ids))
    assert sum("same id as" in w for w in s.warnings) == 2
    assert update_index(None, ix, jobs=jobs).noop
    # an edit keeps the distinct id; the first root keeps the reader's own ids
    (fcdo / "a01.txt").write_text("Statement of the fcdo\nEdited.\n", encoding="utf-8")
    update_index(None, ix, jobs=jobs)
    assert _ids_by_path(ix) == ids
    assert update_index(None, ix, jobs=jobs, rebuild=True).records_total == 6
    assert _ids_by_path(ix) == ids  # a rebuild keeps the assignment (fcdo sorts first)
    fresh = tmp_path / "fresh"
    update_index([mfa, fcdo], fresh, jobs=jobs)  # no history: the root sorting first keeps its ids
    assert _ids_by_path(fresh)[str(fcdo / "a01.txt")] != ids[str(fcdo / "a01.txt")]

"""Edits that keep a file's size and mtime are seen; sidecars are read in bounded memory."""

from __future__ import annotations

import os
import tracemalloc

from searchtool.indexing.update import update_index
from searchtool.reading.sidecar import load_sidecar
from tests.support.collection import hits, write_collection


def _same_size_edit(path, old: str, new: str) -> None:
    assert len(old) == len(new)
    st = os.stat(path)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # as cp -p / touch -r leave it
    assert os.stat(path).st_size == st.st_size and os.stat(path).st_mtime_ns == st.st_mtime_ns


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path):
    corpus = write_collection(tmp_path / "corpus", n=6, words=30)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    target = corpus / "b" / "st0002.txt"
    _same_size_edit(target, "Marker2 ", "Zqkept2 ")
    summary = update_index(None, ix, jobs=1)
    assert summary.updated == 1
    assert hits(ix, "body", "zqkept2") == ["st0002.txt"] and hits(ix, "body", "marker2") == []


def test_a_file_replaced_by_rename_with_the_same_size_and_mtime_is_seen(tmp_path):
    corpus = write_collection(tmp_path / "corpus", n=6, words=30)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    target = corpus / "a" / "st0003.txt"
    st = os.stat(target)
    tmp = target.with_name(".st0003.txt.tmp")  # what rsync -t does: a new file renamed over
    tmp.write_text(target.read_text(encoding="utf-8").replace("Marker3 ", "Zqrsnc3 "), encoding="utf-8")
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, target)
    summary = update_index(None, ix, jobs=1)
    assert summary.updated == 1 and hits(ix, "body", "zqrsnc3") == ["st0003.txt"]


def test_a_changed_ctime_with_the_same_content_is_no_update(tmp_path):
    corpus = write_collection(tmp_path / "corpus", n=6, words=30)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    os.chmod(corpus / "b" / "st0000.txt", 0o600)  # ctime changes, content does not
    summary = update_index(None, ix, jobs=1)
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)
    again = update_index(None, ix, jobs=1)  # the new figures were recorded: nothing to hash now
    assert again.noop


def test_a_large_sidecar_is_read_in_bounded_memory(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "one.txt").write_text("Title\nbody\nMay 1, 2020\n", encoding="utf-8")
    with open(folder / "metadata.csv", "w", encoding="utf-8") as fh:
        fh.write("file,speaker,note\n")
        fh.write("one.txt,Maria Zakharova,the one row that matters\n")
        row = "missing{:06d}.txt,Somebody Else,{}\n"
        filler = "x" * 40
        for i in range(15_000):  # ~1 MB of rows naming files that are not there
            fh.write(row.format(i, filler))
    size = os.path.getsize(folder / "metadata.csv")
    tracemalloc.start()
    try:
        side = load_sidecar(folder / "metadata.csv", ["one.txt", "metadata.csv"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert side.row_for_file("one.txt")["speaker"] == "Maria Zakharova"
    assert side.missing_count == 15_000 and len(side.missing) == 20
    assert peak < 512 * 1024 < size, f"peak {peak:,} bytes for a {size:,}-byte sidecar"  # read whole: several MB

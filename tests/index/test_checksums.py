"""Damaged index files are detected, never answered from silently (design/reliability.md §4:
a damaged date, year, type or length column changed answers without any error)."""

from __future__ import annotations

import pytest

from searchtool.index import store
from searchtool.indexing.update import update_index
from tests.support.cli import run
from tests.support.collection import write_collection


@pytest.fixture
def built(tmp_path):
    corpus = write_collection(tmp_path / "corpus", n=12, words=40)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    return ix


def _damage(path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "flip":
        data[len(data) // 2] ^= 0x40
        path.write_bytes(bytes(data))
    elif how == "garbage":
        path.write_bytes(bytes(data[: len(data) // 2]) + b"\x99" * 64)
    else:
        path.unlink()


#: Every kind of file, each with one of the damages (a bit flip, garbage, deletion).
CASES = [("date.col", "flip"), ("year.col", "garbage"), ("type.col", "delete"), ("_len.col", "flip"),
         (".pst", "garbage"), (".trm", "flip"), ("_stored.col", "delete"), (".toc", "garbage")]


@pytest.mark.parametrize("kind,how", CASES)
def test_a_damaged_file_is_reported_by_search_stats_or_index_never_answered_silently(built, kind, how):
    gen = store.current_generation(built)
    target = next(p for p in sorted(gen.iterdir()) if p.name.endswith(kind))
    before = run("search", "--index", str(built), "peace", "--sort", "date", "--facet", "year", "--json").stdout
    _damage(target, how)
    search = run("search", "--index", str(built), "peace", "--sort", "date", "--facet", "year", "--json")
    stats = run("stats", "--index", str(built))
    noop = run("index", "--index", str(built), "-q")
    for result in (search, stats, noop):
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    # a search either reports the damage or answers exactly as before; stats and a no-op index report it
    assert "damaged" in search.stderr or search.stdout == before
    assert stats.exit_code == 2 and "damaged" in stats.stderr
    assert noop.exit_code == 2 and "damaged" in noop.stderr
    assert run("index", "--index", str(built), "--rebuild", "-q").exit_code == 0
    assert run("stats", "--index", str(built)).exit_code == 0


@pytest.mark.parametrize("kind", [".pst", ".trm", "_stored.col"])
def test_a_large_file_damaged_after_searches_checked_it_is_reported_by_the_next_search(built, monkeypatch, kind):
    """Files over 1 MB (postings, term table, stored fields) are checked once per change of the
    file, not on every search: damage that keeps the size and the mtime is still seen, since
    any write changes the ctime. Every file counts as large here (the fixture's are small)."""
    import os

    from searchtool.errors import SearchtoolError
    from searchtool.index import checksums
    from searchtool.searching.engine import SearchRequest, search

    monkeypatch.setattr(checksums, "CHECK_ON_OPEN_BYTES", 0)
    request = SearchRequest(query="peace")
    first = search(built, request)  # checks every file, and records them
    read = []
    real_crc = checksums.crc_of
    monkeypatch.setattr(checksums, "crc_of", lambda path: read.append(path.name) or real_crc(path))
    assert search(built, request).total == first.total
    assert read == []  # unchanged since checked: not read again
    target = next(p for p in sorted(store.current_generation(built).iterdir()) if p.name.endswith(kind))
    st = target.stat()
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x40
    target.write_bytes(bytes(data))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    with pytest.raises(SearchtoolError, match="damaged"):
        search(built, request)
    assert target.name in read

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

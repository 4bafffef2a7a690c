"""Which generation folders a writer removes, and when (design/reliability.md §2.1, §4, §6a,
§6b): never one a search is still reading, never one searchtool did not make, never the only
finished one when ``CURRENT`` is lost."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from searchtool.indexing.update import update_index
from tests.support.collection import doc_count, write_collection

CLI = [sys.executable, "-c", "from searchtool.cli import main; main()"]


@pytest.fixture
def built(tmp_path):
    corpus = write_collection(tmp_path / "corpus", n=6, words=30)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    return corpus, ix


def _request(query: str):
    from searchtool.searching.engine import SearchRequest

    return SearchRequest(query=query, limit=50)


def test_a_search_spanning_a_rebuild_and_the_next_writer_run_finishes(built):
    from searchtool.searching.engine import Engine

    corpus, ix = built
    with Engine(ix) as engine:  # opened before the rebuild; stored fields not read yet
        update_index(None, ix, jobs=1, rebuild=True)
        (corpus / "new.txt").write_text("Added later\nzqlater body\nMay 1, 2020\n", encoding="utf-8")
        update_index(None, ix, jobs=1)  # the writer run that used to delete the generation read here
        result = engine.search(_request("zqlater OR the OR statement"))
        assert result.total and all(h.title for h in result.hits)
        assert not any("zqlater" in (h.title or "") for h in result.hits)  # the old generation's answer
    assert len(list(ix.glob("gen-*"))) == 2  # still there: it was being read
    update_index(None, ix, jobs=1)
    assert len(list(ix.glob("gen-*"))) == 1  # the next run, with no reader left, removes it


def test_a_copied_marker_never_makes_searchtool_delete_folders_it_did_not_make(tmp_path):
    corpus = write_collection(tmp_path / "corpus", n=3, words=20)
    theirs = tmp_path / "theirs"
    (theirs / "gen-important").mkdir(parents=True)
    (theirs / "gen-important" / "file").write_text("data\n", encoding="utf-8")
    (theirs / "gen-1a2b-77").mkdir()  # named like a generation, holding the user's own file
    (theirs / "gen-1a2b-77" / "notes.txt").write_text("mine\n", encoding="utf-8")
    (theirs / "SEARCHTOOL").write_text("searchtool index\n", encoding="utf-8")  # copied in
    for rebuild in (False, True, False):
        update_index([corpus], theirs, jobs=1, rebuild=rebuild)
    assert (theirs / "gen-important" / "file").read_text(encoding="utf-8") == "data\n"
    assert (theirs / "gen-1a2b-77" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    made = [p.name for p in theirs.glob("gen-*") if p.name not in ("gen-important", "gen-1a2b-77")]
    assert len(made) == 1  # its own replaced generations are removed as before


@pytest.mark.parametrize("damage", ["garbage", "outside", "delete"])
def test_a_damaged_current_is_one_line_and_the_next_index_run_recovers(built, tmp_path, damage):
    corpus, ix = built
    expected = doc_count(ix)
    current = ix / "CURRENT"
    live = current.read_text(encoding="utf-8").strip()
    if damage == "garbage":
        current.write_bytes(b"\xff\xfe\x00garbage\n")
    elif damage == "outside":  # a generation name that leads out of the index folder
        elsewhere = tmp_path / "elsewhere"
        (ix / live).rename(elsewhere)
        (ix / "gen-1-1").mkdir()
        current.write_text("gen-1-1/../../elsewhere\n", encoding="utf-8")
    else:
        current.unlink()
    done = subprocess.run([*CLI, "search", "--index", str(ix), "the"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "internal error" not in done.stderr and done.stdout == ""
    if damage == "outside":
        return
    summary = update_index(None, ix, jobs=1)  # no PATH: the sources come from the generation left
    assert doc_count(ix) == expected and summary.records_total == expected
    assert json.loads((ix / (ix / "CURRENT").read_text().strip() / "manifest.json").read_text())["sources"] == [str(corpus)]


def test_an_update_killed_after_its_commit_keeps_it_and_the_next_run_completes_it(built):
    """A run killed after Whoosh's commit and before its manifest (or a power cut there: the
    table of contents is on disk, the manifest not yet) leaves a live table of contents and
    segments the manifest does not record. The next run took them for a killed run's leftovers
    and deleted them: "index is damaged; rebuild it". It must keep what the live table of
    contents names, and re-index the changed file."""
    from tests.support.collection import hits

    corpus, ix = built
    (corpus / "a" / "st0001.txt").write_text("Changed\nKillword body\nMay 3, 2021\n", encoding="utf-8")
    code = ("import os, sys; from pathlib import Path; from searchtool.indexing import update as u; "
            "u.lg.save = lambda *a, **k: os._exit(9); u.update_index(None, Path(sys.argv[1]), jobs=1)")
    assert subprocess.run([sys.executable, "-c", code, str(ix)]).returncode == 9  # killed after the commit
    summary = update_index(None, ix, jobs=1)
    assert summary.updated == 1 and doc_count(ix) == 9 == summary.records_total
    assert hits(ix, "body", "Killword") == ["st0001.txt"]
    assert update_index(None, ix, jobs=1).noop


def test_leftovers_are_not_guessed_when_the_live_table_of_contents_cannot_be_read(built):
    """Which Whoosh files the live commit needs is read from its table of contents; when that
    is damaged, only temporaries go (the run then reports the damage), no segment file."""
    from searchtool.index import store
    from searchtool.indexing.generations import remove_leftovers

    _corpus, ix = built
    live = store.current_generation(ix)
    recorded = json.loads((live / "manifest.json").read_text())["checksums"]
    toc = next(p for p in live.iterdir() if p.name.startswith("_MAIN_") and p.name.endswith(".toc"))
    toc.write_bytes(b"\x00" * 40)
    for name in ("MAIN_zzzzzzzzzzzzzzzz.pst", "_MAIN_9.toc.1765000000.5", "statements.json.tmp"):
        (live / name).write_bytes(b"x")
    assert sorted(remove_leftovers(live, recorded)) == ["_MAIN_9.toc.1765000000.5", "statements.json.tmp"]
    assert (live / "MAIN_zzzzzzzzzzzzzzzz.pst").exists()


def test_what_a_killed_update_left_in_the_live_generation_goes_at_the_next_run(built):
    """design/reliability.md §1.3/§1.4: a killed run's partial segments, Whoosh's timestamped
    TOC temporaries and searchtool's own .tmp files stayed in the live generation for good (30
    killed parallel updates grew it from 31.5 to 258.9 MB); the next run, a no-op too, removes
    them, and nothing the index reads."""
    from searchtool.index import store
    from searchtool.searching.engine import SearchRequest, search

    _corpus, ix = built
    live = store.current_generation(ix)
    kept = sorted(p.name for p in live.iterdir())
    before = search(ix, SearchRequest(query="the")).total
    left = ["manifest.json.tmp", "fingerprints.json.tmp", "_MAIN_3.toc.1765000000123", "MAIN_zzzzzzzzzzzzzzzz.pst",
            "MAIN_zzzzzzzzzzzzzzzz._stored.col"]
    for name in left:
        (live / name).write_bytes(b"x" * 1000)
    (live / "MAIN.tmp").mkdir()
    (live / "MAIN.tmp" / "run-1").write_bytes(b"x")
    assert update_index(None, ix, jobs=1).noop
    assert sorted(p.name for p in live.iterdir()) == kept
    assert search(ix, SearchRequest(query="the")).total == before

"""Saved searches: what is new since the last run means first indexed after it (not newly
dated), changed statements are listed apart, exit codes follow grep, and watches survive rebuilds.

The State Department test indexes a slice of ``../shared`` up to a date, saves a search, adds
the rest and compares ``watch run --json`` with what ``search --since`` finds among the added
files; the hand-written tests run everywhere.
"""

from __future__ import annotations

import json
import shutil

import pytest

from searchtool.errors import UsageError
from searchtool.index.ledger import STATEMENTS, load
from searchtool.index.store import current_generation
from searchtool.indexing.update import update_index
from searchtool.searching.engine import search
from searchtool.searching.request import SearchRequest
from searchtool.searching.watches import add_watch, load_watches, remove_watch, run_watches
from tests.support.cli import run
from tests.support.collection import write_statement as _write
from tests.support.paths import shared


@pytest.fixture
def archive(tmp_path):
    src = tmp_path / "src"
    _write(src, "a.txt", "Statement on grain exports", "Grain exports through the Black Sea corridor resumed today.", "May 2, 2022")
    _write(src, "b.txt", "Comment on sanctions", "The new sanctions target the banking sector.", "May 3, 2022")
    ix = tmp_path / "ix"
    update_index([src], ix)
    return src, ix


def _ids(report_hits) -> list[str]:
    return sorted(h.id for h in report_hits)


def test_an_old_statement_added_late_is_new_and_an_edited_one_is_changed(archive):
    src, ix = archive
    add_watch(ix, "grain", SearchRequest("grain"))
    # Dated years before the others, but first indexed now: new to the archive.
    _write(src, "c.txt", "Archive item on grain", "A grain deal from the archive, added late.", "March 1, 2012")
    old = src / "a.txt"
    old.write_text(old.read_text(encoding="utf-8").replace("resumed today", "resumed today after talks"), encoding="utf-8")
    update_index(None, ix)
    (report,) = run_watches(ix)
    assert [h.title for h in report.new] == ["Archive item on grain"]
    assert [h.title for h in report.changed] == ["Statement on grain exports"]
    (again,) = run_watches(ix)
    assert again.new == [] and again.changed == []


def test_watches_survive_a_rebuild_and_a_rebuild_adds_nothing_new(archive):
    src, ix = archive
    add_watch(ix, "sanctions", SearchRequest("sanctions"), replace=False)
    update_index([src], ix, rebuild=True)
    assert list(load_watches(ix)) == ["sanctions"]
    (report,) = run_watches(ix)
    assert report.new == [] and report.changed == []
    _write(src, "d.txt", "More sanctions", "Further sanctions were announced.", "June 1, 2022")
    update_index(None, ix, rebuild=True)
    (report,) = run_watches(ix)
    assert [h.title for h in report.new] == ["More sanctions"]


def test_search_new_lists_only_what_the_last_index_run_added(archive):
    src, ix = archive
    _write(src, "e.txt", "Grain and sanctions", "Grain shipments and sanctions relief.", "April 1, 2022")
    update_index(None, ix)
    assert [h.title for h in search(ix, SearchRequest("sanctions", new=True)).hits] == ["Grain and sanctions"]
    assert {h.title for h in search(ix, SearchRequest("sanctions")).hits} == {"Grain and sanctions", "Comment on sanctions"}
    # No words: every statement the last run added, newest first.
    assert [h.title for h in search(ix, SearchRequest("", new=True)).hits] == ["Grain and sanctions"]


def test_names_queries_and_missing_watches_are_one_line_errors(archive):
    _src, ix = archive
    with pytest.raises(UsageError, match="bad saved-search name"):
        add_watch(ix, "../evil", SearchRequest("grain"))
    with pytest.raises(UsageError, match="month 13"):
        add_watch(ix, "bad", SearchRequest("date:2012-13"))
    add_watch(ix, "grain", SearchRequest("grain"))
    with pytest.raises(UsageError, match="exists"):
        add_watch(ix, "grain", SearchRequest("wheat"))
    remove_watch(ix, "grain")
    with pytest.raises(UsageError, match="no saved search named 'grain'"):
        remove_watch(ix, "grain")
    assert load_watches(ix) == {}


def test_a_damaged_watch_file_is_reported_and_left_alone(archive):
    _src, ix = archive
    (ix / "watches.json").write_text("{not json", encoding="utf-8")
    result = run("watch", "list", "--index", str(ix))
    assert result.exit_code == 2 and "cannot read saved searches" in result.stderr
    assert (ix / "watches.json").read_text(encoding="utf-8") == "{not json"


def test_cli_watch_cycle_prints_the_index_line_and_exits_like_grep(archive):
    src, ix = archive
    assert run("watch", "add", "grain", "grain", "exports", "--index", str(ix)).exit_code == 0
    listed = run("watch", "list", "--index", str(ix), "--json")
    assert json.loads(listed.stdout)["watches"][0]["query"] == "grain exports"
    _write(src, "f.txt", "Grain exports again", "Grain exports rose in June.", "June 2, 2022")
    indexed = run("index", "--index", str(ix), "--quiet")
    assert "1 saved search has new statements: grain (1) → searchtool watch run" in indexed.stdout
    first = run("watch", "run", "--index", str(ix), "--json")
    assert first.exit_code == 0
    assert [h["title"] for h in json.loads(first.stdout)["watches"][0]["new"]] == ["Grain exports again"]
    second = run("watch", "run", "grain", "--index", str(ix))
    assert second.exit_code == 1 and "grain: 0 new, 0 changed" in second.stdout
    assert run("watch", "rm", "grain", "--index", str(ix)).exit_code == 0
    assert run("watch", "run", "--index", str(ix)).exit_code == 1


def test_state_department_slice_new_equals_search_since_among_the_added(tmp_path):
    txt = shared("corpora", "state-dept", "txt")
    files = sorted(p for p in txt.glob("*.txt") if "2022-05-25" <= p.name[:10] < "2022-06-08")
    before = [p for p in files if p.name[:10] < "2022-06-01"]
    after = [p for p in files if p.name[:10] >= "2022-06-01"]
    assert before and after
    src, ix = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    for p in before:
        shutil.copy(p, src / p.name)
    update_index([src], ix, jobs=1)
    add_watch(ix, "ukraine", SearchRequest("ukraine russia"))
    for p in after:
        shutil.copy(p, src / p.name)
    update_index(None, ix, jobs=1)
    first = run("watch", "run", "--index", str(ix), "--json")
    assert first.exit_code == 0
    new_ids = sorted(h["id"] for h in json.loads(first.stdout)["watches"][0]["new"])
    found = run("search", "ukraine", "russia", "--since", "2022-06-01", "--limit", "1000", "--json", "--no-collapse",
                "--index", str(ix))
    assert new_ids == sorted(h["id"] for h in json.loads(found.stdout)["hits"]) and new_ids
    # An edited old file is changed, not new; the next run has nothing and exits 1.
    old = next(src / p.name for p in before if {"Ukraine", "Russia"} <= set(p.read_text(encoding="utf-8").split()))
    old.write_text(old.read_text(encoding="utf-8").replace("Ukraine", "Ukraine (edited)", 1), encoding="utf-8")
    update_index(None, ix, jobs=1)
    (report,) = run_watches(ix)
    assert report.new == [] and len(report.changed) == 1 and report.changed[0].path.endswith(old.name)
    assert run("watch", "run", "--index", str(ix)).exit_code == 1


def test_an_index_without_a_ledger_is_rebuilt_on_its_next_update(archive):
    src, ix = archive
    (current_generation(ix) / STATEMENTS).unlink()
    _write(src, "g.txt", "Late addition", "Added after the ledger went missing.", "June 3, 2022")
    summary = update_index(None, ix)
    assert any("no statement ledger" in note for note in summary.notes) and summary.rebuilt
    assert len(load(current_generation(ix)).records) == 3


def test_a_watch_needs_an_index_that_records_arrivals(archive):
    _src, ix = archive
    (current_generation(ix) / STATEMENTS).unlink()
    with pytest.raises(UsageError, match="does not record when statements arrive"):
        add_watch(ix, "grain", SearchRequest("grain"))


_ADDER = """
import sys, time
from pathlib import Path
from searchtool.searching.request import SearchRequest
from searchtool.searching.watches import add_watch, run_watches
ix, who, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
while time.time() < start:  # both processes begin together
    time.sleep(0.005)
for i in range(12):
    add_watch(ix, f"{who}-{i}", SearchRequest(query="the"))
    if i % 4 == 0:
        run_watches(ix)
"""


def test_two_watch_writers_at_once_lose_nothing(tmp_path):
    """Each change reads watches.json, changes it and writes it back: without a lock, two
    processes adding saved searches at once overwrote each other's additions."""
    import subprocess
    import sys
    import time

    from searchtool.indexing.update import update_index
    from searchtool.searching.watches import load_watches
    from tests.support.collection import write_collection

    corpus = write_collection(tmp_path / "corpus", n=4, words=30, jsonl=False)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    start = time.time() + 1.0
    procs = [subprocess.Popen([sys.executable, "-c", _ADDER, str(ix), who, str(start)], stderr=subprocess.PIPE, text=True)
             for who in ("left", "right")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    names = set(load_watches(ix))
    assert names == {f"{who}-{i}" for who in ("left", "right") for i in range(12)}

"""``searchtool index`` and ``searchtool stats`` end to end, and the refusals: lock, foreign
folder, read-only folder, older schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from searchtool.cli import app
from searchtool.errors import IndexLockedError, SearchtoolError
from searchtool.index import manifest as mf
from searchtool.index import store
from searchtool.reading.sniff import READABLE
from searchtool.indexing.lock import IndexLock
from searchtool.indexing.update import update_index
from searchtool.output import indexing as report
from tests.support.collection import doc_count, write_collection


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def corpus(tmp_path):
    return write_collection(tmp_path / "corpus", n=12)


def test_index_prints_table_and_final_line_then_noop(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "is_terminal", lambda stream: True)  # stdout: the table is for people
    ix = str(tmp_path / "ix")
    r = run("index", str(corpus), "--index", ix, "--jobs", "1")
    assert r.exit_code == 0, r.output
    assert "added" in r.output and "index size" in r.output
    last = r.output.strip().splitlines()[-1]
    assert last.startswith(f"{ix} updated: 13 added") and "15 statements" in last
    r = run("index", "--index", ix)
    assert r.exit_code == 0 and r.output.strip().splitlines() == [
        r.output.strip().splitlines()[0]
    ] and "is up to date: 13 files unchanged, 15 statements" in r.output


def test_quiet_prints_only_the_final_line(corpus, tmp_path):
    r = run("index", str(corpus), "--index", str(tmp_path / "ix"), "--quiet")
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) == 1


def test_index_location_from_environment(corpus, tmp_path):
    r = run("index", str(corpus), "-q", env={"SEARCHTOOL_INDEX": str(tmp_path / "envix")})
    assert r.exit_code == 0 and doc_count(tmp_path / "envix") == 15


def test_json_summary(corpus, tmp_path):
    r = run("index", str(corpus), "--index", str(tmp_path / "ix"), "--json")
    data = json.loads(r.stdout)
    assert data["added"] == 13 and data["records_total"] == 15 and data["noop"] is False


def test_skipped_files_are_listed_with_reasons(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "is_terminal", lambda stream: True)  # stdout: the table is for people
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "image.png").write_bytes(b"\x89PNG")
    r = run("index", str(corpus), "--index", str(tmp_path / "ix"))
    assert r.exit_code == 0
    assert "skipped" in r.output and "image.png" in r.output and "empty.txt" in r.output
    # a file the reader skipped is not also counted as added (13 statement files + empty.txt)
    assert "13 added" in r.output.strip().splitlines()[-1] and "2 skipped" in r.output


def test_empty_first_source_is_an_error_naming_what_is_read(tmp_path):
    (tmp_path / "empty").mkdir()
    r = run("index", str(tmp_path / "empty"), "--index", str(tmp_path / "ix"))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [
        f"searchtool: error: nothing readable in {(tmp_path / 'empty').resolve()}: 0 file(s) skipped "
        f"(searchtool reads {', '.join(READABLE.values())})"
    ]
    assert not (tmp_path / "ix" / "CURRENT").exists()  # no empty index left to "succeed" later searches


def test_unreadable_files_only_exit_2_with_the_reasons(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "scan.pdf").write_bytes(b"%PDF-1.4\n%broken")
    (src / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (src / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    r = run("index", str(src), "--index", str(tmp_path / "ix"))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    err = r.stderr
    assert "nothing readable" in err and "3 file(s) skipped" in err
    assert "unknown file kind" in err and "unreadable PDF" in err and "save it as .docx" in err
    assert ".pdf" in err and ".html/.htm" in err and ".eml" in err
    assert not (tmp_path / "ix" / "CURRENT").exists()
    r = run("search", "anything", "--index", str(tmp_path / "ix"))
    assert r.exit_code == 2 and "no index" in r.stderr


def test_not_our_folder_is_refused_and_untouched(corpus, tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    r = run("index", str(corpus), "--index", str(theirs))
    assert r.exit_code == 2
    assert "is not a searchtool index" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in theirs.iterdir()) == ["notes.txt"]
    r = run("stats", "--index", str(theirs))
    assert r.exit_code == 2 and "not a searchtool index" in r.stderr


def test_read_only_index_folder_is_one_line_error(corpus, tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    (corpus / "late.txt").write_text("Late\nbody\nMay 1, 2021\n", encoding="utf-8")
    if os.geteuid() != 0:
        os.chmod(ix, 0o555)
    else:  # root writes anywhere: make the write probe fail as a read-only mount would
        from searchtool.indexing import generations

        real = generations.create_fresh

        def refuse(path):
            if Path(path).name.startswith(".write-probe"):
                raise OSError(30, "Read-only file system")
            return real(path)

        monkeypatch.setattr(generations, "create_fresh", refuse)
    try:
        r = run("index", "--index", str(ix))
        assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
        assert "not writable" in r.stderr and "Traceback" not in r.output
        assert doc_count(ix) == 15  # still searchable
    finally:
        os.chmod(ix, 0o755)


def test_older_schema_is_refused_for_search_and_rebuilt_by_index(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    gen = store.current_generation(ix)
    m = mf.load(gen)
    m["schema_version"] = 1
    mf.save(gen, m)
    with pytest.raises(SearchtoolError, match="older searchtool .*rebuild it with: searchtool index --rebuild"):
        store.open_index(ix)
    r = run("stats", "--index", str(ix))
    assert r.exit_code == 2 and "schema version 1" in r.stderr
    r = run("index", "--index", str(ix), "-q")
    assert r.exit_code == 0 and "rebuilt it with version" in r.stderr
    assert store.current_generation(ix) != gen and doc_count(ix) == 15


def test_second_writer_waits_then_names_the_holder(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    with IndexLock(ix):
        with pytest.raises(IndexLockedError, match=rf"being written by process {os.getpid()} on "):
            update_index(None, ix, jobs=1, lock_wait=0.3)
        r = run("index", "--index", str(ix), "--wait", "0.2")
        assert r.exit_code == 2 and f"process {os.getpid()}" in r.stderr
    assert update_index(None, ix, jobs=1).noop  # free again


def test_stale_lock_file_of_dead_process_is_taken_over(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    (ix / "LOCK").write_text(json.dumps({"pid": 999999, "host": "elsewhere", "since": 0}))
    assert update_index(None, ix, jobs=1, lock_wait=0).noop


def test_stats_json_and_table(corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    r = run("stats", "--index", str(ix), "--json")
    assert r.exit_code == 0, r.output
    f = json.loads(r.stdout)
    assert f["statements"] == 15 and f["files"] == 13 and f["schema_version"] == store.SCHEMA_VERSION
    assert f["sources"] == [os.path.realpath(corpus)]
    assert sum(f["by_year"].values()) == 15
    assert f["date_first"] <= f["date_last"] and f["dated"] == 15
    assert sum(f["by_type"].values()) == 15
    names = [n for n, _ in f["top_speakers"]]
    assert "Maria Zakharova" in names and f["index_bytes"] > 0 and f["last_update"]
    r = run("stats", "--index", str(ix))
    assert r.exit_code == 0 and "statements" in r.output and "top speakers" in r.output


def test_stats_counts_exclude_deleted_documents(corpus, tmp_path):
    from searchtool.index.stats import index_stats

    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    before = index_stats(ix)
    os.remove(corpus / "bundle.jsonl")
    update_index(None, ix, jobs=1)
    after = index_stats(ix)
    assert after["statements"] == before["statements"] - 3
    assert sum(after["by_year"].values()) == 12 and after["by_year"]["2020"] == before["by_year"]["2020"] - 3


def test_stats_without_index_says_how_to_build(tmp_path):
    r = run("stats", "--index", str(tmp_path / "none"))
    assert r.exit_code == 2 and "no index" in r.stderr and "searchtool index" in r.stderr


def test_piped_run_shows_no_progress_bar(corpus, tmp_path):
    r = run("index", str(corpus), "--index", str(tmp_path / "ix"))
    assert "MB/s" not in r.output and "MB/s" not in r.stderr


def test_piped_run_that_changes_something_prints_only_the_final_line(corpus, tmp_path):
    ix = str(tmp_path / "ix")
    r = run("index", str(corpus), "--index", ix, "--jobs", "1")
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) == 1, r.stdout
    f = corpus / "a" / "st0001.txt"
    f.write_text(f.read_text(encoding="utf-8") + "more\n", encoding="utf-8")
    r = run("index", "--index", ix)
    assert r.stdout.strip().splitlines() == [r.stdout.strip()] and "1 updated" in r.stdout

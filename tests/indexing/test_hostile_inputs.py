"""Inputs that used to hang indexing, abort it or lose data silently (design/reliability.md §3,
§5, §6b) end in a finished run that indexes every good record and names each bad item."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.collection import hits

CLI = [sys.executable, "-c", "from searchtool.cli import main; main()"]

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in a process of its own: a hang fails the test instead of the suite."""
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def hostile(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Good statement\nzqgood body text\nMay 1, 2020\n", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    os.symlink("/dev/zero", corpus / "zero.txt")
    os.mkfifo(corpus / "searchtool-rules.json")
    lines = [
        json.dumps({"title": "First ok", "text": "zqdeep one", "date": "2012-12-03"}),
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"title": "Third ok", "text": "zqdeep three", "date": "2012-12-03"}),
        json.dumps({"title": "Long key", "text": "zqlongkey", "k" * 250: "v"}),
    ]
    deep: dict = {"leaf": "x"}
    for _ in range(900):
        deep = {"m": deep}
    lines.append(json.dumps({"title": "Deep metadata", "text": "zqdeepmeta", "metadata": deep}))
    (corpus / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


def test_fifos_devices_and_deep_json_end_in_a_finished_run(tmp_path, hostile):
    ix = tmp_path / "ix"
    done = run_cli("index", str(hostile), "--index", str(ix), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    text = json.dumps(summary)
    assert "pipe.txt" in text and "zero.txt" in text and "not a regular file" in text
    assert "nested too deeply" in text  # the bad line is named, not silently the end of the file
    assert hits(ix, "body", "zqdeep") == ["rows.jsonl"]
    found = json.loads(run_cli("search", "--index", str(ix), "zqdeep OR zqlongkey OR zqdeepmeta OR zqgood", "--json").stdout)
    assert sorted(h["title"] for h in found["hits"]) == ["Deep metadata", "First ok", "Good statement", "Long key", "Third ok"]
    assert run_cli("parse", str(hostile)).returncode in (0, 1)


def test_symlinked_lock_and_current_tmp_are_not_written_through(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title\nzqlock body\nMay 1, 2020\n", encoding="utf-8")
    ix = tmp_path / "ix"
    assert run_cli("index", str(corpus), "--index", str(ix), "-q").returncode == 0
    victim = tmp_path / "victim"
    victim.write_text("precious\n", encoding="utf-8")
    (ix / "CURRENT.tmp").symlink_to(victim)
    assert run_cli("index", "--index", str(ix), "--rebuild", "-q").returncode == 0
    assert victim.read_text(encoding="utf-8") == "precious\n"
    (ix / "LOCK").unlink()
    (ix / "LOCK").symlink_to(victim)
    done = run_cli("index", "--index", str(ix), "--rebuild", "-q")
    assert done.returncode == 2 and "LOCK is a symbolic link" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_show_of_a_removed_statement_says_no_such_id(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in "abcdefghij":  # one of ten removed: its segment keeps the deletion (no purge)
        (corpus / f"{name}.txt").write_text(f"Title {name}\nzqgone {name}\nMay 1, 2020\n", encoding="utf-8")
    ix = tmp_path / "ix"
    from searchtool.indexing.update import update_index
    from tests.support.cli import run

    update_index([corpus], ix, jobs=1)
    ident = next(h["id"] for h in json.loads(run("search", "--index", str(ix), "zqgone", "--json").stdout)["hits"]
                 if h["title"] == "Title a")
    (corpus / "a.txt").unlink()
    update_index(None, ix, jobs=1)  # a's record is deleted, its id still in the lexicon
    for asked in (ident, ident[:6]):
        result = run("show", "--index", str(ix), "--no-pager", asked)
        assert result.exit_code == 1 and "no statement with id" in result.stderr, result.stderr


@pytest.mark.parametrize("damage", ["garbage", "delete"])
def test_a_damaged_fingerprints_file_never_replaces_the_index_with_dot_corpus(tmp_path, monkeypatch, damage):
    from searchtool.index import store
    from searchtool.indexing.update import update_index
    from tests.support.collection import doc_count, write_collection

    corpus = write_collection(tmp_path / "corpus", n=8, words=20)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    expected = doc_count(ix)
    fingerprints = store.current_generation(ix) / "fingerprints.json"
    if damage == "garbage":
        fingerprints.write_text("garbage\n", encoding="utf-8")
    else:
        fingerprints.unlink()
    elsewhere = tmp_path / "cwd"
    (elsewhere / "corpus").mkdir(parents=True)  # a ./corpus where the user happens to be
    (elsewhere / "corpus" / "x.txt").write_text("Other\nzqother\nMay 1, 2020\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    summary = update_index(None, ix, jobs=1)
    assert summary.rebuilt or summary.notes
    assert doc_count(ix) == expected and hits(ix, "body", "zqother") == []


def test_an_unreadable_subfolder_is_reported_and_its_statements_kept(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read anything")
    from searchtool.indexing.update import update_index
    from tests.support.collection import doc_count, write_collection

    corpus = write_collection(tmp_path / "corpus", n=8, words=20, jsonl=False)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    expected = doc_count(ix)
    (corpus / "a").chmod(0)
    try:
        summary = update_index(None, ix, jobs=1)
    finally:
        (corpus / "a").chmod(0o755)
    assert summary.removed == 0 and doc_count(ix) == expected
    assert any("unreadable folder" in s for s in summary.skipped)


def test_files_under_an_unreadable_folder_are_not_removed_from_the_plan():
    from searchtool.indexing.changes import diff

    files = {"/c/a/x.txt": {"fp": [1, 1, None]}, "/c/b/y.txt": {"fp": [1, 1, None]}}
    change = diff([], files, ["/c"], unreadable=["/c/a"])
    assert change.removed == ["/c/b/y.txt"] and change.unchanged == 1


def test_an_overlong_json_line_is_skipped_in_bounded_memory_and_the_next_read(tmp_path):
    import gzip

    from searchtool.reading.jsonrecords import MAX_LINE_BYTES, iter_json_objects

    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(json.dumps({"title": "before", "text": "zqa"}).encode() + b"\n")
        fh.write(b'{"text": "' + b"x" * (MAX_LINE_BYTES + (3 << 20)) + b'"}\n')
        fh.write(json.dumps({"title": "after", "text": "zqb"}).encode() + b"\n")
    warnings = []
    got = list(iter_json_objects(path, "jsonl", lambda line, message: warnings.append((line, message))))
    assert [(n, o["title"]) for n, o in got] == [(1, "before"), (3, "after")]
    assert warnings == [(2, "JSON line longer than 20 MB skipped")]


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_full_disk_is_one_line_and_leaves_no_partial_generation(tmp_path, monkeypatch, rebuild):
    import errno

    from searchtool.errors import SearchtoolError
    from searchtool.index import manifest
    from searchtool.indexing.update import update_index
    from tests.support.collection import doc_count, write_collection

    corpus = write_collection(tmp_path / "corpus", n=6, words=20)
    ix = tmp_path / "ix"
    if rebuild:
        update_index([corpus], ix, jobs=1)
    before = sorted(p.name for p in ix.glob("gen-*"))

    def full(*args, **kwargs):  # the disk fills while the run writes its manifest
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(manifest, "save", full)
    with pytest.raises(SearchtoolError) as err:
        update_index([corpus], ix, jobs=1, rebuild=rebuild)
    assert str(err.value).startswith(f"disk full while writing {ix}") and "\n" not in str(err.value)
    assert sorted(p.name for p in ix.glob("gen-*")) == before  # the new generation is gone
    monkeypatch.undo()
    if rebuild:
        assert doc_count(ix) == 6 + 3


def test_a_link_to_a_file_outside_the_collection_is_not_followed_unless_asked(tmp_path):
    """design/reliability.md §3/§6b: `notes.txt -> /outside/secret` indexed the outside file."""
    from searchtool.indexing.update import update_index

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\nzqsecret body\nMay 1, 2020\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("Inside\nzqinside body\nMay 1, 2020\n", encoding="utf-8")
    (corpus / "notes.txt").symlink_to(outside / "secret.txt")
    (corpus / "sub" / "same.txt").symlink_to(corpus / "a.txt")  # a link within the collection is read
    ix = tmp_path / "ix"
    summary = update_index([corpus], ix, jobs=1)
    assert hits(ix, "body", "zqsecret") == [] and hits(ix, "body", "zqinside") == ["a.txt", "same.txt"]
    said = [s for s in summary.skipped if "notes.txt" in s]
    assert len(said) == 1 and "outside the folders given" in said[0] and "--follow-links" in said[0]
    parsed = run_cli("parse", str(corpus))
    assert "zqsecret" not in parsed.stdout and "--follow-links" in parsed.stdout + parsed.stderr
    done = run_cli("index", "--index", str(ix), "--follow-links", "-q")
    assert done.returncode == 0, done.stderr
    assert hits(ix, "body", "zqsecret") == ["notes.txt"]
    update_index(None, ix, jobs=1)  # the choice is kept: a later plain run does not remove it
    assert hits(ix, "body", "zqsecret") == ["notes.txt"]


def test_a_full_disk_in_a_parallel_worker_is_the_same_one_line(tmp_path, monkeypatch):
    """A worker that hit ENOSPC used to end the run with "an indexing worker failed: OSError:
    [Errno 28] ..." and leave its generation behind; now it is the serial build's line."""
    import errno

    from searchtool.errors import SearchtoolError
    from searchtool.indexing import update, workers
    from searchtool.indexing.update import update_index
    from tests.support.collection import write_collection

    corpus = write_collection(tmp_path / "corpus", n=6, words=20, jsonl=False)
    ix = tmp_path / "ix"

    def full(*args, **kwargs):  # the disk fills while a worker writes its segment
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(update, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "index_file", full)  # the workers are forked: they see it
    monkeypatch.setattr(workers, "_context", lambda: __import__("multiprocessing").get_context("fork"))
    with pytest.raises(SearchtoolError) as err:
        update_index([corpus], ix, jobs=2)
    assert str(err.value).startswith(f"disk full while writing {ix}") and "\n" not in str(err.value)
    assert list(ix.glob("gen-*")) == []  # the run's new generation is gone


def test_folders_nested_1200_deep_are_walked(tmp_path):
    """design/reliability.md §3: Python 3.10 and 3.11's os.walk recurses, and a legal 1,200-deep
    folder (a 2,400-character path) aborted the whole run with RecursionError."""
    from searchtool.reading.files import discover

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "top.txt").write_text("Top\nzqtop\nMay 1, 2020\n", encoding="utf-8")
    fd = os.open(corpus, os.O_RDONLY)
    for _ in range(1200):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(out, b"Deep\nzqdeep body\nMay 1, 2020\n")
    os.close(out)
    os.close(fd)
    try:
        found = discover([corpus])
    finally:  # before pytest's clean-up, whose shutil.rmtree recurses too (Python 3.11)
        subprocess.run(["rm", "-rf", str(corpus / "d")], check=True)
    assert [f.path.name for f in found] == ["top.txt", "deep.txt"]
    assert found[1].relpath.count("/") == 1200


def test_distinct_extra_keys_are_indexed_as_fields_up_to_the_cap(tmp_path, monkeypatch):
    """design/reliability.md §3: 3,000 records with 3,000 distinct keys made a field, a term list
    and a length column each (3,012 files, 12 s for 3,000 tiny records). Beyond the cap a
    record's fields are still stored and shown, but not searchable by name."""
    from searchtool.index import store
    from searchtool.indexing import segments
    from searchtool.indexing.update import update_index

    monkeypatch.setattr(segments, "MAX_EXTRA_FIELDS", 8)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [{"title": f"t{i}", "text": f"zqkeys body {i}", f"key{i}": f"zqval{i}"} for i in range(20)]
    (corpus / "k.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    (corpus / "more.jsonl").write_text(json.dumps({"title": "m", "text": "zqkeys", "other": "v"}) + "\n", encoding="utf-8")
    update_index(None, ix, jobs=1)  # an update counts the fields the index already holds
    with store.open_index(ix).reader() as reader:
        extra = [n for n in reader.indexed_field_names() if n.startswith("x_")]
        assert len(extra) == 8 and "x_other" not in extra
    found = json.loads(run_cli("search", "--index", str(ix), "zqkeys", "--json", "--limit", "50").stdout)
    assert found["total"] == 21
    shown = json.loads(run_cli("show", "--index", str(ix), "--json", next(h["id"] for h in found["hits"] if h["title"] == "t19")).stdout)
    assert shown["fields"] == {"key19": "zqval19"}


def test_a_decompression_bomb_is_cut_short_and_what_came_before_kept(tmp_path, monkeypatch):
    """A gzipped file expanding a thousand times its size (one endless line) stops being read
    once it has given more than BOMB_RATIO times what was read of it; the records before stay."""
    import gzip

    from searchtool.reading import jsonrecords

    monkeypatch.setattr(jsonrecords, "BOMB_FLOOR", 4 << 20)  # the real floor is 256 MB
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(json.dumps({"title": "before", "text": "zqa"}).encode() + b"\n")
        fh.write(b'{"text": "' + b"\0" * (48 << 20) + b'"}\n')
        fh.write(json.dumps({"title": "after", "text": "zqb"}).encode() + b"\n")
    assert path.stat().st_size < (1 << 20)
    warnings = []
    got = list(jsonrecords.iter_json_objects(path, "jsonl", lambda line, message: warnings.append((line, message))))
    assert [(n, o["title"]) for n, o in got] == [(1, "before")]
    assert len(warnings) == 1 and warnings[0][0] == 2 and "decompression bomb" in warnings[0][1]


def test_ordinary_gzipped_json_lines_are_read_whole_whatever_the_bomb_floor(tmp_path, monkeypatch):
    import gzip

    from searchtool.reading import jsonrecords

    monkeypatch.setattr(jsonrecords, "BOMB_FLOOR", 0)  # every line checked against the ratio
    path = tmp_path / "ok.jsonl.gz"
    rows = [{"title": f"Statement {i}", "text": " ".join(f"word{(i * 7 + k) % 997}" for k in range(300))} for i in range(200)]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)
    warnings = []
    got = list(jsonrecords.iter_json_objects(path, "jsonl", lambda line, message: warnings.append((line, message))))
    assert len(got) == 200 and warnings == []

"""A rebuild killed at any moment, searches during a rebuild, and two writers at once.

Real processes (``python -m``-like subprocesses of the CLI), real SIGKILLs: the previous index
must keep opening and answering, whatever the moment of the kill.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.query import Term

from searchtool.index import store  # noqa: E402
from searchtool.indexing.update import update_index  # noqa: E402
from tests.support.collection import doc_count, hits, write_collection

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

CLI = [sys.executable, "-c", "from searchtool.cli import main; main()"]


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def built(tmp_path):
    corpus = write_collection(tmp_path / "corpus", n=120, words=600)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    return corpus, ix


def test_rebuild_killed_at_random_moments_leaves_old_index_usable(built):
    corpus, ix = built
    expected = doc_count(ix)
    rng = random.Random(20240501)
    # first, how long a rebuild takes here, so that the kills land inside it
    t0 = time.monotonic()
    p = start("index", "--index", str(ix), "--rebuild", "-q", "--jobs", "2")
    _, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    span = time.monotonic() - t0
    for _ in range(5):
        live = store.current_generation(ix)
        p = start("index", "--index", str(ix), "--rebuild", "-q", "--jobs", "2")
        time.sleep(rng.uniform(0.05, span))
        p.send_signal(signal.SIGKILL)
        p.communicate(timeout=30)
        # the live index opens and answers, with every statement, whether or not the swap happened
        assert doc_count(ix) == expected
        assert hits(ix, "body", "Marker42") == ["st0042.txt"]
        assert store.current_generation(ix) in {live} | set(ix.glob("gen-*"))
    # the next run cleans up whatever the kills abandoned
    assert update_index(None, ix, jobs=1).noop
    assert [g.name for g in ix.glob("gen-*")] == [store.current_generation(ix).name]


def test_searches_during_a_rebuild_see_old_or_new_never_an_error(built):
    corpus, ix = built
    old = doc_count(ix)
    for i in range(5):
        (corpus / f"extra{i}.txt").write_text(f"Extra {i}\nAddedword text.\nMay 1, 2021\n", encoding="utf-8")
    p = start("index", str(corpus), "--index", str(ix), "--rebuild", "-q", "--jobs", "1")
    seen = set()
    while p.poll() is None:
        with store.open_index(ix).searcher() as s:  # one snapshot: count and hits must agree
            n = s.doc_count()
            found = list(s.docs_for_query(Term("body", "addedword")))
        assert n in (old, old + 5)
        assert len(found) == (5 if n == old + 5 else 0)
        seen.add(n)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert doc_count(ix) == old + 5 and old in seen


def test_two_writers_at_once_one_waits_or_names_the_other(built):
    corpus, ix = built
    for i in range(3):
        (corpus / f"late{i}.txt").write_text(f"Late {i}\nLateword.\nMay 1, 2021\n", encoding="utf-8")
    a = start("index", "--index", str(ix), "--rebuild", "-q", "--jobs", "1", "--wait", "0")
    time.sleep(0.3)
    b = start("index", "--index", str(ix), "-q", "--jobs", "1", "--wait", "0")
    out_b, err_b = b.communicate(timeout=60)
    out_a, err_a = a.communicate(timeout=60)
    assert a.returncode == 0, err_a
    if b.returncode != 0:  # it found the lock taken: one line naming the holder
        assert b.returncode == 2 and len(err_b.strip().splitlines()) == 1
        assert f"being written by process {a.pid} on " in err_b
    assert doc_count(ix) == 123 + 3 and len(hits(ix, "body", "lateword")) == 3

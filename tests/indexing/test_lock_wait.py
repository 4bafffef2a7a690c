"""A run that waits for another writer reports its own time, and says how long it waited."""

from __future__ import annotations

import subprocess
import sys
import time

from searchtool.indexing.update import update_index
from tests.support.collection import write_collection

HOLD = """
import sys, time
from searchtool.indexing.lock import IndexLock
with IndexLock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_the_wait_for_another_writer_is_not_counted_as_the_runs_time(tmp_path):
    corpus = write_collection(tmp_path / "c", n=6)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    (corpus / "late.txt").write_text("Late\nA late statement.\nMay 1, 2021\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(ix), "1.5"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        summary = update_index([], ix, jobs=1, lock_wait=60)
        elapsed = time.monotonic() - started
    finally:
        holder.wait(30)
        holder.stdout.close()
    assert summary.added == 1
    assert summary.waited >= 1.0
    assert any(note.startswith("waited ") and "another run writing this index" in note for note in summary.notes)
    assert summary.seconds <= elapsed - summary.waited + 0.01  # the wait is not in the run's time


def test_a_run_that_did_not_wait_says_nothing_about_it(tmp_path):
    corpus = write_collection(tmp_path / "c", n=4)
    summary = update_index([corpus], tmp_path / "ix", jobs=1)
    assert summary.waited < 0.5 and not any(note.startswith("waited ") for note in summary.notes)

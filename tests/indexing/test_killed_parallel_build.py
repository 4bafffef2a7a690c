"""A parallel build whose parent is killed leaves no worker behind and no lock held
(design/reliability.md §1.1: 19 of 24 such kills left workers holding the lock for good)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.collection import write_collection

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")

#: The CLI with the parallel threshold at 0, so that a small collection is built by workers.
PARALLEL_CLI = [
    sys.executable, "-c",
    "import searchtool.indexing.update as u; u.PARALLEL_MIN_BYTES = 0\nfrom searchtool.cli import main; main()",
]


def _session(sid: int) -> list[int]:
    """Live (not zombie) processes of session ``sid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if int(fields[3]) == sid and fields[0] != "Z":  # fields: state, ppid, pgrp, session
            found.append(int(entry.name))
    return found


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _build_with_workers(corpus: Path, ix: Path, stderr) -> subprocess.Popen:
    """A 2-worker build in a session of its own, once both workers are at work."""
    parent = subprocess.Popen([*PARALLEL_CLI, "index", str(corpus), "--index", str(ix), "-q", "--jobs", "2"],
                              stdout=subprocess.DEVNULL, stderr=stderr, text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    while len(_children(parent.pid)) < 2 and parent.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if parent.poll() is not None:
        parent.communicate()
        pytest.skip("the build finished before its workers could be seen")
    time.sleep(0.2)  # the workers are at work
    return parent


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_a_killed_parent_and_the_next_run_takes_the_lock(tmp_path, sig):
    corpus = write_collection(tmp_path / "corpus", n=160, words=500)
    ix = tmp_path / "ix"
    parent = _build_with_workers(corpus, ix, subprocess.DEVNULL)
    try:
        parent.send_signal(sig)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5
        while _session(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session(parent.pid) == [], "workers outlived their parent"
    finally:
        for pid in _session(parent.pid):  # never leave them to the next test
            os.kill(pid, signal.SIGKILL)
    done = subprocess.run([*PARALLEL_CLI, "index", str(corpus), "--index", str(ix), "-q", "--wait", "2", "--jobs", "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_ctrl_c_during_a_parallel_build_ends_it_with_130_and_no_process_left(tmp_path):
    """design/reliability.md §1.2: SIGINT to the whole group (a terminal's Ctrl-C) killed the
    workers, and the parent then hung at exit on its queue's feeder thread until a second
    Ctrl-C."""
    corpus = write_collection(tmp_path / "corpus", n=160, words=500)
    ix = tmp_path / "ix"
    parent = _build_with_workers(corpus, ix, subprocess.PIPE)
    try:
        os.killpg(parent.pid, signal.SIGINT)  # the whole group, as the terminal sends it
        _, err = parent.communicate(timeout=10)  # hung for good before
        assert parent.returncode == 130 and "interrupted" in err, err
        deadline = time.monotonic() + 5
        while _session(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session(parent.pid) == []
    finally:
        for pid in _session(parent.pid):
            os.kill(pid, signal.SIGKILL)

"""What every test runs under.

Resident search processes (docs/search.md, "A search process that stays") are off for the
whole suite: a search run by a test, in process or in a subprocess, must not leave a process
behind that answers the next test's search. ``tests/cli/test_resident.py`` turns them on for
its own searches, in a folder of its own, and stops them.

Temporary files go to a folder of this run's own: Whoosh's ``RamStorage`` (used by tests that
build a small index in memory) keeps a writer's temporary segment in ``TMPDIR/MAIN.tmp``, a name
every process shares, so two test runs at once removed each other's files mid-write (a test of
live document numbers failed that way once while another run was going).
"""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ["SEARCHTOOL_RESIDENT"] = "off"


@pytest.fixture(autouse=True, scope="session")
def _private_tempdir(tmp_path_factory):
    """``tempfile`` (and so Whoosh's in-memory indexes) writes under this run's own folder."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(tmp_path_factory.mktemp("tempfile"))
    yield
    tempfile.tempdir = saved

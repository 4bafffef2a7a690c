"""Fixtures of the indexing tests."""

from __future__ import annotations

import os

import pytest

from tests.support.durability import DurabilityRecorder


@pytest.fixture
def durability(tmp_path, monkeypatch):
    """Every fsync and rename of the test (forked workers' too) recorded and checked as it
    happens: at each rename that publishes something, would a power cut lose what it makes
    reachable? (``tests/support/durability.py``)."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("the recorder reads fsynced files back through /proc/self/fd (Linux)")
    return DurabilityRecorder(tmp_path / "fsync-log.jsonl").install(monkeypatch)

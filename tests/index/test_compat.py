"""An index written by an earlier searchtool is refused with the command that fixes it, and
``index`` rebuilds it by itself.

``tests/data/compat/schema3/`` was built by searchtool 0.1.0 (schema 3, the flat package of
commit 05c71ad) from ``corpus/`` and ``tests/data/reader/bylines``. Whoosh pickles the schema
into every index with the module paths of its classes (``searchtool.index.schema.FastText``,
``searchtool.index.analysis.WordFoldFilter``, ``searchtool.index.postings.CompactPositions``), so moving those
classes without keeping the old names importable would make every existing index unreadable.
Like tantivy's ``tests/compat_tests_data``, the fixture is never rewritten: a schema change adds a
new one beside it. Schema 4 (statements analysed per language) changed every term of the
title and body of non-English statements and every name term, so a schema 3 index can not be
searched as it is: the search says so in one line, and ``index`` rebuilds it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "compat" / "schema3"


@pytest.fixture
def old_index(tmp_path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(FIXTURE, target)
    return target


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "searchtool", *args], capture_output=True, text=True)


def test_schema3_index_is_refused_with_the_rebuild_command(old_index):
    for args in (("search", "missile defense"), ("stats",)):
        done = _cli(*args, "--index", str(old_index))
        assert done.returncode == 2
        assert "schema version 3, this one needs 4" in done.stderr
        assert "searchtool index --rebuild" in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_index_rebuilds_a_schema3_index_by_itself(old_index):
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    done = _cli("index", str(corpus), "--index", str(old_index), "--quiet", "--json")
    assert done.returncode == 0, done.stderr
    assert "rebuilt it with version 4" in done.stdout + done.stderr
    found = _cli("search", "missile defense", "--index", str(old_index), "--json")
    assert found.returncode == 0, found.stderr
    result = json.loads(found.stdout)
    assert result["total"] == 1 and result["hits"][0]["speakers"] == ["A. K. Lukashevich"]
    stats = json.loads(_cli("stats", "--index", str(old_index), "--json").stdout)
    assert stats["schema_version"] == 4

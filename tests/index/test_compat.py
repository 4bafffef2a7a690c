"""An index written by an earlier searchtool still opens and answers.

``tests/data/compat/schema3/`` was built by searchtool 0.1.0 (schema 3, the flat package of
commit 05c71ad) from ``corpus/`` and ``tests/data/reader/bylines``. Whoosh pickles the schema
into every index with the module paths of its classes (``searchtool.index.schema.FastText``,
``searchtool.index.analysis.WordFoldFilter``, ``searchtool.index.postings.CompactPositions``), so moving those
classes without keeping the old names importable would make every existing index unreadable.
Like tantivy's ``tests/compat_tests_data``, the fixture is never rewritten: a schema change adds a
new one beside it. Schema 5 analyses statements per language; an older index keeps answering with
the English analyzers stored in it until ``index`` rebuilds it (tested last).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from searchtool.index.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "compat" / "schema3"


@pytest.fixture
def old_index(tmp_path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(FIXTURE, target)
    return target


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "searchtool", *args], capture_output=True, text=True)


def test_schema3_index_answers_a_search(old_index):
    done = _cli("search", "missile defense", "--index", str(old_index), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["total"] == 1
    hit = result["hits"][0]
    assert hit["id"] == "31f8f71a404c48ae"
    assert hit["speakers"] == ["A. K. Lukashevich"]
    assert hit["date"] == "2012-12-03"
    assert "missile defense" in hit["snippet"]


def test_schema3_index_answers_fields_dates_and_show(old_index):
    done = _cli("search", "speaker:blinken", "--since", "2021", "--index", str(old_index), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] >= 1
    shown = _cli("show", "31f8f71a", "--index", str(old_index), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["title"].startswith("Comment of the Spokesman")


def test_schema3_index_reports_its_stats(old_index):
    done = _cli("stats", "--index", str(old_index), "--json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["statements"] == 4
    assert stats["schema_version"] == 3


def test_index_rebuilds_a_schema3_index_by_itself(old_index):
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    done = _cli("index", str(corpus), "--index", str(old_index), "--quiet", "--json")
    assert done.returncode == 0, done.stderr
    assert f"rebuilt it with version {SCHEMA_VERSION}" in done.stdout + done.stderr
    found = _cli("search", "missile defense", "--index", str(old_index), "--json")
    assert found.returncode == 0, found.stderr
    result = json.loads(found.stdout)
    assert result["total"] == 1 and result["hits"][0]["speakers"] == ["A. K. Lukashevich"]
    stats = json.loads(_cli("stats", "--index", str(old_index), "--json").stdout)
    assert stats["schema_version"] == SCHEMA_VERSION and stats["by_lang"] == {"en": 1}


def test_schema3_index_refuses_said_with_the_command_that_adds_turns(old_index):
    done = _cli("search", "said:price iran", "--index", str(old_index))
    assert done.returncode == 2
    assert "built before turns" in done.stderr and "--rebuild" in done.stderr
    assert "Traceback" not in done.stderr

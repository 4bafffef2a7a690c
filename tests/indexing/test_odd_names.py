"""A file whose name is not valid UTF-8 is indexed, updated and searchable, and does not
poison the writer for the files after it."""

from __future__ import annotations

import json
import os
import sys

import pytest
from typer.testing import CliRunner

from searchtool.cli import app

pytestmark = pytest.mark.skipif(
    sys.platform == "darwin" or os.name == "nt", reason="needs a file system that takes arbitrary name bytes"
)


def _write(folder, name: bytes, title: str, word: str) -> None:
    path = os.path.join(os.fsencode(str(folder)), name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"{title}\nBody text about {word}.\n3 December 2012\n")


def _search(index, query: str) -> dict:
    result = CliRunner().invoke(app, ["search", query, "--index", str(index), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_undecodable_file_name_is_indexed_and_updated(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    _write(src, b"bad\xffname.txt", "Statement on A", "grain")
    _write(src, b"good.txt", "Statement on B", "grain")
    index = tmp_path / "index"
    runner = CliRunner()
    first = runner.invoke(app, ["index", str(src), "--index", str(index), "--json", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["errors"] == [] and summary["records_total"] == 2
    assert _search(index, "grain")["total"] == 2

    _write(src, b"bad\xffname.txt", "Statement on A", "barley")  # changed: the old record must go
    second = runner.invoke(app, ["index", "--index", str(index), "--json", "--jobs", "1"])
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["updated"] == 1
    assert _search(index, "grain")["total"] == 1
    hits = _search(index, "barley")["hits"]
    assert len(hits) == 1 and "\ufffd" in hits[0]["path"]

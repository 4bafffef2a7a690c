"""Record ids: unique across collections with the same layout, stable across machines, and never
broken by a file name that is not valid UTF-8."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from typer.testing import CliRunner

from searchtool.cli import app
from searchtool.reading.reader import ReadReport, make_id, read_paths
from tests.support.paths import READER

IDS = READER / "ids"


def test_same_relative_path_in_two_collections_gets_two_ids():
    recs = list(read_paths([IDS / "mfa", IDS / "fcdo"]))
    assert [Path(r.path).parent.name for r in recs] == ["mfa", "fcdo"]
    assert recs[0].id != recs[1].id


def test_id_depends_on_root_name_and_relpath_only(tmp_path):
    # The same folder name elsewhere (another machine) gives the same ids: no absolute path in the key.
    copy = tmp_path / "elsewhere" / "mfa"
    copy.mkdir(parents=True)
    (copy / "a01.txt").write_bytes((IDS / "mfa" / "a01.txt").read_bytes())
    here = next(read_paths([IDS / "mfa"]))
    there = next(read_paths([copy]))
    assert here.id == there.id == hashlib.blake2b(b"mfa/a01.txt", digest_size=8).hexdigest()
    # A file named directly has its folder as root: the same id as when its folder is read.
    assert next(read_paths([IDS / "mfa" / "a01.txt"])).id == here.id


def test_same_jsonl_name_in_two_exports(tmp_path):
    for folder in ("ministry-a", "ministry-b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "press.jsonl").write_text(json.dumps({"title": "T", "text": "B"}) + "\n", encoding="utf-8")
    a, b = (next(read_paths([tmp_path / f])) for f in ("ministry-a", "ministry-b"))
    assert a.id != b.id and a.id == make_id("press.jsonl", 1, "ministry-a")


def test_undecodable_file_name_is_read_with_a_stable_id(tmp_path):
    name = os.fsdecode(b"bad\xffname.txt")  # as os.listdir returns it: a surrogate escape
    (tmp_path / name).write_bytes(b"Title here\nBody.\n3 December 2012\n")
    (tmp_path / "ok.txt").write_bytes(b"Other title\nBody.\n4 December 2012\n")
    report = ReadReport()
    recs = list(read_paths([tmp_path], report))
    assert len(recs) == 2 and report.skipped == []
    bad = next(r for r in recs if "name" in r.path)
    assert bad.title == "Title here"
    assert bad.id == hashlib.blake2b(f"{tmp_path.name}/".encode() + b"bad\xffname.txt", digest_size=8).hexdigest()


def test_parse_cli_survives_undecodable_file_name(tmp_path):
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"Title\nBody.\n3 December 2012\n")
    result = CliRunner().invoke(app, ["parse", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout.splitlines()[0])
    assert rec["title"] == "Title" and rec["date"] == "2012-12-03"

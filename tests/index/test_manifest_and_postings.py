"""What a search pays to open an index: a small manifest header, no write-side tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from searchtool.errors import SearchtoolError  # noqa: E402
from searchtool.index import manifest as mf  # noqa: E402
from searchtool.index import store  # noqa: E402
from searchtool.indexing.update import update_index  # noqa: E402
from tests.support.collection import doc_count, write_collection


def test_open_index_reads_only_the_small_header(tmp_path):
    ix = tmp_path / "ix"
    update_index([write_collection(tmp_path / "c", n=30)], ix, jobs=1)
    gen = store.current_generation(ix)
    header = json.loads((gen / mf.MANIFEST).read_text())
    assert "files" not in header and header["file_count"] == 31
    assert len(json.loads((gen / mf.FINGERPRINTS).read_text())["files"]) == 31
    # A search never touches the fingerprints: even an unreadable file does not matter to it.
    (gen / mf.FINGERPRINTS).write_text("{not json")
    assert store.open_index(ix).doc_count() == 33
    assert store.read_manifest(ix)["count"] == 33


def test_index_from_before_the_split_is_seen_as_old(tmp_path):
    """Schema-2 indexes kept everything in manifest.json: search refuses them, index rebuilds."""
    corpus = write_collection(tmp_path / "c", n=5)
    ix = tmp_path / "ix"
    update_index([corpus], ix, jobs=1)
    gen = store.current_generation(ix)
    full = mf.load(gen)
    full["schema_version"] = 2
    (gen / mf.MANIFEST).write_text(json.dumps(full))
    (gen / mf.FINGERPRINTS).unlink()
    with pytest.raises(SearchtoolError, match="schema version 2"):
        store.open_index(ix)
    s = update_index(None, ix, jobs=1)
    assert any("schema version 2" in n for n in s.notes) and doc_count(ix) == 8


def test_importing_the_postings_format_builds_no_table():
    """Every search imports searchtool.index.postings (via the pickled schema); only writers need the table."""
    code = "import searchtool.index.postings as p, searchtool.index.store; assert p._SINGLES == [], len(p._SINGLES)"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_encoding_still_uses_the_table_after_lazy_build():
    from searchtool.index.postings import CompactPositions, encode_deltas

    fmt = CompactPositions()
    assert fmt.encode([7]) == encode_deltas([7]) and fmt.decode_positions(fmt.encode([7])) == [7]
    assert fmt.decode_positions(fmt.encode([3, 70000])) == [3, 70000]

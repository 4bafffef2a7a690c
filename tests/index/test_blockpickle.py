"""Posting blocks are written with pickle protocol 4 (searchtool.index.blockpickle) and read back
to exactly what Whoosh's protocol 2 gave: the same postings, weights, positions and scores."""

from __future__ import annotations

import pickle
import zlib

import whoosh.codec.whoosh3

from searchtool.index import blockpickle
from searchtool.index.store import open_index
from searchtool.indexing.update import update_index
from searchtool.searching.engine import Engine, SearchRequest
from tests.support.collection import write_collection


def _postings(index_dir) -> dict:
    """Every posting of every term: (field, term) -> [(docnum, weight, encoded value)]."""
    ix = open_index(index_dir)
    with ix.searcher() as s:
        r = s.reader()
        out = {}
        for fieldname in r.indexed_field_names():
            for term in r.lexicon(fieldname):
                m = r.postings(fieldname, term)
                rows = []
                while m.is_active():
                    rows.append((m.id(), m.weight(), m.value()))
                    m.next()
                out[(fieldname, term)] = rows
    return out


def _first_block_protocol(index_dir, fieldname: str, term: str) -> int:
    ix = open_index(index_dir)
    with ix.searcher() as s:
        m = s.reader().postings(fieldname, term)
        m = getattr(m, "child", m)
        data = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
        data = zlib.decompress(data) if m._compression else data
        return data[1]  # PROTO opcode's argument


def test_protocol_4_blocks_hold_what_protocol_2_blocks_held(tmp_path, monkeypatch):
    # 150 statements of common words: terms with several blocks, and rare terms inlined
    src = write_collection(tmp_path / "corpus", n=150, words=60, jsonl=False)
    new = tmp_path / "new"
    update_index([src], new, jobs=1)
    monkeypatch.setattr(whoosh.codec.whoosh3, "dumps", lambda obj, protocol=2: pickle.dumps(obj, 2))
    old = tmp_path / "old"
    update_index([src], old, jobs=1)
    monkeypatch.undo()

    assert whoosh.codec.whoosh3.dumps is blockpickle.dumps
    assert _first_block_protocol(new, "body", "secur") == blockpickle.PROTOCOL
    assert _first_block_protocol(old, "body", "secur") == 2
    postings = _postings(new)
    assert postings == _postings(old)
    assert max(len(rows) for rows in postings.values()) > 128  # several blocks were compared
    with Engine(new) as a, Engine(old) as b:
        for query in ("security", '"nuclear energy"', "treaty -border", "dialogue partners"):
            for any_mode in (False, True):
                got = a.search(SearchRequest(query, any=any_mode))
                want = b.search(SearchRequest(query, any=any_mode))
                assert got.total == want.total and got.total > 0
                assert [(h.id, h.score) for h in got.hits] == [(h.id, h.score) for h in want.hits]

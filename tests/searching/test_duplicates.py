"""Duplicates found at index time: a reprint folds under its original in a result list, adding
or removing one updates the clusters incrementally, ``dups`` lists them; on slices of the State
Department set, the exact groups the test counts itself from the JSONL and pairs checked by
exact Jaccard."""

from __future__ import annotations

import collections
import itertools
import json
import re

import pytest

from searchtool.index import sketch
from searchtool.indexing.update import update_index
from searchtool.reading.reader import read_paths
from searchtool.searching.duplicates import find_clusters
from searchtool.searching.engine import search
from searchtool.searching.request import SearchRequest
from tests.support.cli import run
from tests.support.collection import index_slice
from tests.support.collection import write_statement as _write
from tests.support.paths import shared

BODY = (
    "The Foreign Ministers discussed the grain corridor through the Black Sea and agreed to extend it. "
    "They called for the release of detained sailors and for safe passage of ships carrying food to "
    "countries in Africa and the Middle East, and welcomed the work of the joint coordination centre."
)


@pytest.fixture
def reprinted(tmp_path):
    src = tmp_path / "src"
    _write(src, "orig.txt", "Joint statement on the grain corridor", BODY, "May 3, 2022")
    _write(src, "reprint.txt", "JOINT STATEMENT ON THE GRAIN CORRIDOR (reissued)", BODY.upper(), "May 9, 2022")
    _write(src, "other.txt", "Remarks on the grain harvest", "Grain harvest figures for the corridor countries rose.", "May 5, 2022")
    ix = tmp_path / "ix"
    update_index([src], ix)
    return src, ix


def test_a_reprint_folds_under_the_earliest_statement(reprinted):
    _src, ix = reprinted
    result = search(ix, SearchRequest("grain corridor"))
    assert sorted(h.title for h in result.hits) == ["Joint statement on the grain corridor", "Remarks on the grain harvest"]
    assert result.total == 2
    (kept,) = [h for h in result.hits if h.duplicates]
    assert kept.title == "Joint statement on the grain corridor"
    (dup,) = kept.duplicates
    assert (dup.title, dup.kind, dup.date.isoformat()) == ("JOINT STATEMENT ON THE GRAIN CORRIDOR (reissued)", "identical", "2022-05-09")
    out = run("search", "grain", "corridor", "--index", str(ix))
    assert "(+1 identical: JOINT STATEMENT ON THE GRAIN CORRIDOR (reissued) · 2022-05-09 · " in out.stdout
    every = run("search", "grain", "corridor", "--no-collapse", "--json", "--index", str(ix))
    assert len(json.loads(every.stdout)["hits"]) == 3 and "identical" not in every.stdout


def test_adding_and_removing_a_reprint_updates_the_clusters_incrementally(reprinted):
    src, ix = reprinted
    assert [len(c.members) for c in find_clusters(ix)] == [1]
    # A near reprint: a closing line added.
    near = BODY + " Issued in Istanbul."
    _write(src, "late.txt", "Grain corridor: statement", near, "June 1, 2022")
    summary = update_index(None, ix)
    assert summary.added == 1 and summary.unchanged == 3
    (c,) = find_clusters(ix)
    assert c.original.title == "Joint statement on the grain corridor"
    assert sorted(m.kind for m in c.members) == ["identical", "near"]
    (near_member,) = [m for m in c.members if m.kind == "near"]
    assert abs(near_member.similarity - sketch.jaccard(BODY, near)) <= 0.2
    (src / "reprint.txt").unlink()
    update_index(None, ix)
    assert [[m.kind for m in c.members] for c in find_clusters(ix)] == [["near"]]
    out = run("dups", "--json", "--index", str(ix))
    assert json.loads(out.stdout)["clusters"][0]["duplicates"][0]["title"] == "Grain corridor: statement"
    assert run("dups", "--threshold", "1.5", "--index", str(ix)).exit_code == 2


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def test_state_department_exact_groups_counted_from_the_jsonl_are_clusters(tmp_path):
    feed = shared("corpora", "state-dept", "state_dept_press_releases_2021-2022.jsonl")
    lines = feed.read_text(encoding="utf-8").splitlines()
    groups = collections.defaultdict(list)
    for n, line in enumerate(lines):
        groups[_normalised(json.loads(line)["text"])].append(n)
    exact = [g for g in groups.values() if len(g) > 1]
    assert exact
    wanted = sorted(set(itertools.chain(*exact)) | set(range(0, len(lines), 60)))
    (tmp_path / "slice.jsonl").write_text("".join(lines[n] + "\n" for n in wanted), encoding="utf-8")
    update_index([tmp_path / "slice.jsonl"], tmp_path / "ix", jobs=1)
    records = list(read_paths([tmp_path / "slice.jsonl"]))
    url_of = {r.id: r.url for r in records}
    clusters = find_clusters(tmp_path / "ix")
    identical = [{url_of[c.original.id], *(url_of[m.id] for m in c.members if m.kind == "identical")} for c in clusters]
    for group in exact:
        urls = {json.loads(lines[n])["url"] for n in group}
        assert any(urls <= found for found in identical), urls
    # Any further identical cluster must be bodies the reader made equal (bylines dropped).
    body = {r.url: _normalised(r.body) for r in records}
    for found in identical:
        assert len({body[u] for u in found}) == 1
    # A search for a reprinted release's title lists it once, the reprint folded under it.
    for group in exact:
        items = [json.loads(lines[n]) for n in group]
        result = search(tmp_path / "ix", SearchRequest(f'title:"{items[0]["title"]}"', limit=50))
        shown = [url_of[h.id] for h in result.hits if url_of[h.id] in {i["url"] for i in items}]
        assert len(shown) == 1, items[0]["title"]


def test_state_department_near_pairs_agree_with_exact_jaccard(tmp_path):
    src, _ix = index_slice(sorted(shared("corpora", "state-dept", "txt").glob("2022-02-0[1-6]*.txt")), tmp_path)
    records = [r for r in read_paths([src]) if len(sketch.words(r.body)) >= 8]
    shingles = {r.id: sketch.shingle_hashes(sketch.words(r.body)) for r in records}
    exact = {}
    for a, b in itertools.combinations(sorted(shingles), 2):
        inter = len(shingles[a] & shingles[b])
        if inter:
            exact[(a, b)] = inter / len(shingles[a] | shingles[b])
    clustered = set()
    for c in find_clusters(tmp_path / "ix"):
        ids = [c.original.id, *(m.id for m in c.members)]
        clustered.update(tuple(sorted(p)) for p in itertools.combinations(ids, 2))
        for m in c.members:  # every member is close to the original or to another member
            assert max(exact.get(tuple(sorted((m.id, o))), 0) for o in ids if o != m.id) >= 0.65
    assert clustered, "February 2022 holds near-duplicate travel notes"
    missed = [p for p, j in exact.items() if j >= 0.9 and p not in clustered]
    assert not missed


def _resolved_by_query(engine, ids):
    return [engine.searcher.document_number(id=i) for i in ids]


def test_the_writer_stores_each_cluster_members_document_number_and_searches_use_them(reprinted, monkeypatch):
    from searchtool.index.cluster_docnums import member_docnums
    from searchtool.index.ledger import load_cluster_table
    from searchtool.searching.engine import Engine

    _src, ix = reprinted
    with Engine(ix) as engine:
        clusters, table = load_cluster_table(engine.generation)
        assert table is not None and table["toc"] == engine.searcher.reader().generation()
        ids = [clusters[0][0], *(m[0] for m in clusters[0][1:])]
        assert table["members"] == [_resolved_by_query(engine, ids)] == member_docnums(engine.searcher.reader(), clusters)

        def no_lookups(**_kw):
            raise AssertionError("a search looked up a cluster member's id")

        monkeypatch.setattr(engine.searcher, "document_number", no_lookups)
        result = engine.search(SearchRequest("grain corridor"))
    assert result.total == 2 and [len(h.duplicates) for h in result.hits if h.duplicates] == [1]


@pytest.mark.parametrize("table", [
    {"toc": -5, "members": [[0, 1]]},  # another commit's
    {"members": [[0, 1]]},
    "garbage",
    {"toc": None, "members": [["x", 10**9]]},
])
def test_a_cluster_table_from_another_commit_or_damaged_is_not_used(reprinted, table):
    from searchtool.index.ledger import CLUSTERS, FOLDING
    from searchtool.searching.engine import Engine

    _src, ix = reprinted
    with Engine(ix) as engine:
        (engine.generation / FOLDING).unlink()  # an index written before it: clusters.json decides
        path = engine.generation / CLUSTERS
        data = json.loads(path.read_text())
        if isinstance(table, dict) and table.get("toc") is None and "toc" in table:
            table = {**table, "toc": engine.searcher.reader().generation()}  # this commit's, wrong numbers
        data["docnums"] = table
        path.write_text(json.dumps(data))
    result = search(ix, SearchRequest("grain corridor"))
    assert result.total == 2
    (kept,) = [h for h in result.hits if h.duplicates]
    assert kept.title == "Joint statement on the grain corridor"


def test_index_with_nothing_to_do_gives_an_older_index_its_cluster_table(reprinted):
    from searchtool.index.ledger import CLUSTERS, load_cluster_table
    from searchtool.searching.engine import Engine

    src, ix = reprinted
    with Engine(ix) as engine:
        gen = engine.generation
    data = json.loads((gen / CLUSTERS).read_text())
    del data["docnums"]  # as written before the table was kept
    (gen / CLUSTERS).write_text(json.dumps(data))
    assert load_cluster_table(gen)[1] is None
    (gen / "folding.json").unlink()
    summary = update_index(None, ix)
    assert summary.added == summary.updated == summary.removed == 0
    with Engine(ix) as engine:
        clusters, table = load_cluster_table(engine.generation)
        ids = [clusters[0][0], *(m[0] for m in clusters[0][1:])]
        assert table["members"] == [_resolved_by_query(engine, ids)]
        assert (engine.generation / "folding.json").exists()


def test_ids_resolve_to_the_live_document_after_changes_and_deletions(reprinted):
    from searchtool.index.cluster_docnums import docnums_of_ids
    from searchtool.searching.engine import Engine

    src, ix = reprinted
    _write(src, "other.txt", "Remarks on the grain harvest", "Grain harvest figures rose again.", "May 5, 2022")
    (src / "reprint.txt").unlink()
    _write(src, "new.txt", "Joint statement on the grain corridor", BODY, "July 1, 2022")
    update_index(None, ix)
    with Engine(ix) as engine:
        reader = engine.searcher.reader()
        ids = [engine.searcher.stored_fields(d)["id"] for d in reader.all_doc_ids()]
        assert len(ids) == 3
        gone = "no-such-statement"
        assert docnums_of_ids(reader, [*ids, gone]) == [*_resolved_by_query(engine, ids), None]



def test_live_docnums_are_the_documents_not_deleted_across_segments():
    from whoosh.fields import ID, Schema
    from whoosh.filedb.filestore import RamStorage

    from searchtool.searching.engine import live_docnums

    ix = RamStorage().create_index(Schema(id=ID(stored=True, unique=True)))
    for batch in (["a", "b", "c"], ["d", "e"], ["f"]):
        with ix.writer() as w:
            for i in batch:
                w.add_document(id=i)
    with ix.writer() as w:  # no merge: the deletions stay in their segments
        w.delete_by_term("id", "b")
        w.delete_by_term("id", "e")
        w.merge = False
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) == 3 and reader.has_deletions()
        assert live_docnums(reader) == set(reader.all_doc_ids())
        assert sorted(reader.stored_fields(d)["id"] for d in live_docnums(reader)) == ["a", "c", "d", "f"]


def test_when_only_some_copies_match_the_earliest_matching_one_stays(tmp_path):
    # identical texts under different titles and dates: a title word or a date filter matches
    # part of the group, whose first matching statement is kept and the others fold under it
    src = tmp_path / "src"
    _write(src, "orig.txt", "Joint statement on the grain corridor", BODY, "May 3, 2022")
    _write(src, "again.txt", "Joint statement on the grain corridor (reissued)", BODY, "May 9, 2022")
    _write(src, "third.txt", "Joint statement on the grain corridor (reissued twice)", BODY, "May 12, 2022")
    _write(src, "other.txt", "Remarks on the grain harvest", "Grain harvest figures for the corridor countries rose.", "May 5, 2022")
    ix = tmp_path / "ix"
    update_index([src], ix)

    def shown(request):
        result = search(ix, request)
        return result.total, sorted((h.title, [d.title for d in h.duplicates]) for h in result.hits)

    every = ["Joint statement on the grain corridor (reissued)", "Joint statement on the grain corridor (reissued twice)"]
    assert shown(SearchRequest("grain corridor")) == (2, [("Joint statement on the grain corridor", every), ("Remarks on the grain harvest", [])])
    assert shown(SearchRequest("title:reissued")) == (1, [(every[0], [every[1]])])
    assert shown(SearchRequest("sailors", since="2022-05-08")) == (1, [(every[0], [every[1]])])
    assert shown(SearchRequest("sailors", since="2022-05-10")) == (1, [(every[1], [])])


@pytest.mark.parametrize("phrase", ['"grain corridor"', '"black sea"', '"safe passage of ships"', '"corridor countries"'])
def test_a_phrase_finds_the_same_statements_with_and_without_the_reprint_shortcut(reprinted, phrase):
    """The engine hands the scorer its reprints when an exact phrase first needs them; told
    none, the scorer checks every statement itself, and the answer is the same."""
    from searchtool.searching.engine import Engine

    _src, ix = reprinted
    request = SearchRequest(phrase, collapse=False)
    with Engine(ix) as told, Engine(ix) as untold:
        untold.scorer.reprinted = ()
        got = told.search(request)
        assert told.scorer.reprints_from is None and len(told.scorer.reprinted) == 2  # asked for, and loaded
        plain = untold.search(request)
    assert got.total == plain.total and [(h.id, h.score) for h in got.hits] == [(h.id, h.score) for h in plain.hits]


def test_a_search_without_an_exact_phrase_or_folding_never_loads_the_reprints(reprinted):
    from searchtool.searching.engine import Engine

    _src, ix = reprinted
    with Engine(ix) as engine:
        engine.search(SearchRequest("grain corridor", collapse=False))
        assert engine.scorer.reprints_from is not None  # still waiting to be asked


def _fold_of(ix):
    """Each hit's title with the ids folded under it, for "grain corridor"."""
    result = search(ix, SearchRequest("grain corridor"))
    return result.total, sorted((h.title, tuple(d.id for d in h.duplicates)) for h in result.hits)


@pytest.mark.parametrize("damage", ["missing", "other commit", "bit flip", "not json", "out of range"])
def test_a_search_folds_from_the_compact_groups_and_alike_without_them(reprinted, damage):
    """The folding file the writer leaves beside ``clusters.json`` is what a search reads; one
    missing, from another commit, damaged or naming documents the index lacks is passed over
    for ``clusters.json``, with the same folding."""
    from searchtool.index import folding_table
    from searchtool.index.ledger import FOLDING
    from searchtool.searching.engine import Engine

    _src, ix = reprinted
    with Engine(ix) as engine:
        path = engine.generation / FOLDING
        reader = engine.searcher.reader()
        data = json.loads(path.read_text())
        assert folding_table.decode(data, reader.generation(), reader.doc_count_all()) == [list(g) for g in engine.identical_groups.groups()]
    want = _fold_of(ix)
    assert want[0] == 2 and sum(1 for _t, folded in want[1] if folded) == 1
    if damage == "missing":
        path.unlink()
    elif damage == "other commit":
        data["toc"] += 1
    elif damage == "bit flip":
        raw = bytearray(folding_table.base64.b64decode(data["numbers"]))
        raw[-1] ^= 1
        data["numbers"] = folding_table.base64.b64encode(bytes(raw)).decode()
    elif damage == "not json":
        path.write_text("{")
    elif damage == "out of range":
        payload = folding_table._packed([2, 0, 10**6])
        data.update(groups=1, numbers=folding_table.base64.b64encode(payload).decode(), crc=folding_table.zlib.crc32(payload))
    if damage in ("other commit", "bit flip", "out of range"):
        path.write_text(json.dumps(data))
    with Engine(ix) as engine:
        reader = engine.searcher.reader()
        assert folding_table.decode(engine_data(engine), reader.generation(), reader.doc_count_all()) is None
    assert _fold_of(ix) == want


def engine_data(engine):
    from searchtool.index.ledger import load_folding

    return load_folding(engine.generation)


def test_an_update_rewrites_the_groups_and_drops_them_when_none_are_left(reprinted):
    from searchtool.index.ledger import FOLDING
    from searchtool.searching.engine import Engine

    src, ix = reprinted
    _write(src, "third.txt", "Joint statement on the grain corridor", BODY, "May 11, 2022")
    update_index(None, ix)
    with Engine(ix) as engine:
        assert [len(g) for g in engine.identical_groups.groups()] == [3]
        assert json.loads((engine.generation / FOLDING).read_text())["toc"] == engine.searcher.reader().generation()
    (src / "reprint.txt").unlink()
    (src / "third.txt").unlink()
    update_index(None, ix)
    with Engine(ix) as engine:
        assert not (engine.generation / FOLDING).exists()
        assert not engine.identical_groups


def test_a_search_reads_the_compact_groups_not_the_clusters(reprinted, monkeypatch):
    from searchtool.searching import engine as engine_module

    def no_clusters(_gen):
        raise AssertionError("a search parsed clusters.json")

    _src, ix = reprinted
    monkeypatch.setattr(engine_module, "load_cluster_table", no_clusters)
    total, hits = _fold_of(ix)
    assert total == 2 and sum(1 for _t, folded in hits if folded) == 1

"""searchtool.index.bulkread reads what Whoosh's per-item API reads, and falls back to that API for
objects laid out differently."""

from __future__ import annotations

import datetime as dt

import pytest

from searchtool.index import bulkread
from searchtool.indexing.update import build_index
from searchtool.record import Record
from searchtool.searching.engine import Engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("bulk") / "index"
    records = [
        Record(id=f"r{i}", path=f"r{i}.txt", title=f"Note {i}", body=("grain exports " * (1 + i % 5)) + "port" * (i % 2),
               date=dt.date(2000 + i % 20, 1 + i % 12, 1 + i % 27) if i % 7 else None)
        for i in range(700)  # several posting blocks per term
    ]
    build_index(records, index_dir)
    with Engine(index_dir) as eng:
        yield eng


def test_numeric_column_equals_reading_item_by_item(engine):
    reader = engine.searcher.reader()
    n = reader.doc_count_all()
    cr = reader.column_reader("date", translate=False)
    default = reader.schema["date"].default_column()._default
    assert list(bulkread.numeric_column(cr, n, default)) == [cr[i] for i in range(n)]


def test_numeric_column_falls_back_to_items_for_other_layouts():
    class Plain:
        def __getitem__(self, i):
            return i * 10

        def __len__(self):
            return 3

    assert list(bulkread.numeric_column(Plain(), 5, 7)) == [0, 10, 20, 7, 7]


def test_postings_equal_whoosh_matcher_and_the_general_path(engine):
    reader = engine.searcher.reader()
    m = reader.postings("body", "grain")
    ids, weights = bulkread.postings(m)
    assert len(ids) == 700
    expected = []
    m = reader.postings("body", "grain")
    while m.is_active():
        expected.append((m.id(), m.weight(), m.value()))
        m.next()
    assert list(zip(ids, weights)) == [(i, w) for i, w, _ in expected]

    class Wrapped:  # any other matcher type goes through is_active/id/weight/value
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

    values: list = []
    ids2, weights2 = bulkread.postings(Wrapped(reader.postings("body", "grain")), values)
    assert list(zip(ids2, weights2, values)) == expected
    values3: list = []
    ids3, _ = bulkread.postings(reader.postings("body", "grain"), values3)
    assert values3 == values and list(ids3) == list(ids2)


def test_field_lengths_are_whoosh_length_codes(engine):
    from whoosh.util.numeric import length_to_byte

    reader = engine.searcher.reader()
    n = reader.doc_count_all()
    codes = bulkread.field_lengths(reader, "body", n)
    assert [codes[d] for d in range(n)] == [length_to_byte(reader.doc_field_length(d, "body", 0) or 0) for d in range(n)]


def test_the_fixture_exercises_the_block_layout(engine):
    reader = engine.searcher.reader()
    assert reader.is_atomic()
    assert type(reader.postings("body", "grain")).__name__ == "W3LeafMatcher"
    assert hasattr(reader, "_perdoc")

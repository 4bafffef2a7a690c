"""Scoring given documents (``Scorer.scores_of``, what the any-word ranking's expansion and a
date-sorted page ask) reads postings only from the blocks that hold those documents, and gives
exactly the scores of the whole postings: statistics (the idf of a word over title and body)
included, on indexes of several segments with and without deletions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from searchtool.index import bulkread
from searchtool.indexing.update import update_index
from searchtool.searching.engine import Engine
from tests.support.collection import WORDS, churn, write_collection, write_statement

VOCAB = [w for w in WORDS if w not in ("the", "that")] + ["comment", "grain", "exports", "marker7", "sanctions", "nosuchword"]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """Two indexes of 400 short statements (common words have several posting blocks per
    segment): one of two segments, one with deletions and a second segment."""
    root = tmp_path_factory.mktemp("within")
    corpus = write_collection(root / "c", n=400, words=30, jsonl=False)
    # "grain" is in the titles of a sixth of the statements (their topic) and in the bodies of
    # these others: the idf of the word over both fields counts them all
    for i in range(20):
        write_statement(corpus / "a", f"grain{i}.txt", f"Remarks {i} on trade", f"Grain talks and security {i}.", "May 1, 2020")
    plain = root / "plain"
    update_index([corpus / "a"], plain, jobs=1)
    update_index([corpus / "a", corpus / "b"], plain, jobs=1)  # a second segment
    churned = root / "churned"
    update_index([corpus], churned, jobs=1)
    churn(corpus, 400, 7, seed=5, topic="sanctions", date="May 5, 2019")
    update_index([corpus], churned, jobs=1)
    with Engine(plain) as a, Engine(churned) as b:
        assert len(a.searcher.leaf_searchers()) >= 2 and not a.searcher.reader().has_deletions()
        assert len(b.searcher.leaf_searchers()) >= 2 and b.searcher.reader().has_deletions()
        yield a, b


words = st.sampled_from(VOCAB)
leaves = st.one_of(
    words.map(lambda w: ("fields", w)),  # a word in title and body: one BM25F term
    words.map(lambda w: ("body", w)),
    words.map(lambda w: ("title", w)),
)


def _query(engine, parts, boosts):
    analyzer = engine.schema["body"].analyzer
    out = []
    for (kind, word), boost in zip(parts, boosts):
        term = next(iter([t.text for t in analyzer(word)]), word)
        fields = ["title", "body"] if kind == "fields" else [kind]
        out.append(wq.Or([wq.Term(f, term) for f in fields], boost=boost))
    return wq.Or(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(leaves, min_size=1, max_size=5),
    boosts=st.lists(st.floats(0.05, 2.0), min_size=5, max_size=5),
    which=st.integers(0, 1),
    picks=st.lists(st.integers(0, 10**6), min_size=0, max_size=40),
)
def test_scores_of_given_documents_equal_those_of_the_whole_postings(indexes, parts, boosts, which, picks):
    engine = indexes[which]
    scorer = engine.scorer
    n = engine.searcher.doc_count_all()
    docs = sorted({p % (n + 5) for p in picks})  # some beyond the index: never scored
    query = _query(engine, parts, boosts)
    scorer._cache.clear()
    scorer._cached = 0
    within = scorer.scores_of(query, docs)
    whole = scorer.scores_of(scorer.evaluate(query), docs)
    assert within == whole  # the same arithmetic on the same numbers: equal, not just close


def test_block_skipping_read_keeps_exactly_the_wanted_postings(indexes):
    engine = indexes[0]
    for reader, _offset in [(s.reader(), o) for s, o in engine.searcher.leaf_searchers()]:
        n = reader.doc_count_all()
        for term in ("secur", "nuclear", "marker7"):
            if ("body", term) not in reader:
                continue
            ids, weights = bulkread.postings(reader.postings("body", term))
            full = dict(zip(ids, weights))
            for wanted in ([], [0], list(range(0, n, 37)), [n - 1], list(range(n))):
                got_ids, got_weights, absent = bulkread.postings_within(reader.postings("body", term), wanted)
                assert dict(zip(got_ids, got_weights)) == {d: w for d, w in full.items() if d in set(wanted)}
                assert got_ids == sorted(got_ids)
                assert absent == 0  # nothing to check


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    term=st.sampled_from(["secur", "nuclear", "grain", "marker7", "the", "comment"]),
    field=st.sampled_from(["body", "title"]),
    picks=st.lists(st.tuples(st.integers(0, 10**6), st.booleans()), max_size=60),
)
def test_documents_checked_against_a_term_are_counted_absent_exactly(indexes, term, field, picks):
    # the count behind a word's idf over title and body: dense blocks are taken on their
    # headers' word, the others decoded; documents past the last block lack the term
    reader = indexes[0].searcher.leaf_searchers()[0][0].reader()
    n = reader.doc_count_all()
    if (field, term) not in reader:
        return
    ids, weights = bulkread.postings(reader.postings(field, term))
    full = dict(zip(ids, weights))
    docs = {p % (n + 3): to_check for p, to_check in picks}
    wanted = sorted(d for d, to_check in docs.items() if not to_check)
    check = sorted(d for d, to_check in docs.items() if to_check)
    got_ids, got_weights, absent = bulkread.postings_within(reader.postings(field, term), wanted, check)
    assert dict(zip(got_ids, got_weights)) == {d: full[d] for d in wanted if d in full}
    assert absent == sum(1 for d in check if d not in full)


@pytest.mark.parametrize("word", ["grain", "comment", "security"])
def test_a_word_in_title_and_body_keeps_its_idf_over_both_fields(indexes, word):
    # the word's documents in the field where it is rarer count for its idf even when none of
    # them is among the documents scored
    for engine in indexes:
        scorer = engine.scorer
        query = _query(engine, [("fields", word)], [1.0])
        docs = list(range(0, engine.searcher.doc_count_all(), 7))
        scorer._cache.clear()
        scorer._cached = 0
        within = scorer.scores_of(query, docs)
        assert within and within == scorer.scores_of(scorer.evaluate(query), docs)


def test_the_fixture_has_blocks_that_hold_every_document_of_their_range(indexes):
    # what lets a check skip decoding: "comment" is in every title but the "grain" remarks'
    reader = indexes[0].searcher.leaf_searchers()[0][0].reader()
    table = bulkread._blocks(reader.postings("title", "comment")).table
    previous, dense = -1, 0
    for last, count, *_ in table:
        dense += count == last - previous
        previous = last
    assert len(table) > 1 and 0 < dense < len(table)


@pytest.fixture(scope="module")
def template_titles(tmp_path_factory):
    """300 statements (several posting blocks) with templated titles: "delegation" in every
    title and a few bodies, "assembly" in all titles but every 40th and in a third of the
    bodies (some of them of those titles), "trade" in every body and no title."""
    root = tmp_path_factory.mktemp("template")
    for i in range(300):
        title = f"Remarks of the delegation of country{i}" if i % 40 == 0 else f"Address of the delegation of country{i} to the Assembly"
        body = f"Statement {i} on {'the assembly and ' if i % 3 == 0 else ''}trade{' by the delegation' if i % 70 == 0 else ''}."
        write_statement(root / "c", f"s{i:03d}.txt", title, body, "May 1, 2020")
    ix = root / "ix"
    update_index([root / "c"], ix, jobs=1)
    with Engine(ix) as engine:
        yield engine


@pytest.mark.parametrize("word", ["delegation", "assembly", "trade"])
def test_a_template_word_of_the_titles_keeps_its_idf_over_both_fields(template_titles, word):
    # the count over both fields is every document when one field has the word in all of
    # them (without reading the other field whole), and otherwise the most common field's
    # count plus the other field's documents it lacks (asked of its blocks' headers first)
    engine = template_titles
    scorer = engine.scorer
    query = _query(engine, [("fields", word)], [1.0])
    for docs in ([5, 17, 200], list(range(0, 300, 11)), [299]):
        scorer._cache.clear()
        scorer._cached = 0
        within = scorer.scores_of(query, docs)
        assert within and within == scorer.scores_of(scorer.evaluate(query), docs)


def test_a_term_too_large_to_read_at_once_is_read_block_by_block_alike(indexes, monkeypatch):
    reader = indexes[0].searcher.leaf_searchers()[0][0].reader()
    whole = bulkread.postings(reader.postings("body", "secur"))
    wanted = list(range(0, reader.doc_count_all(), 5))
    within = bulkread.postings_within(reader.postings("body", "secur"), wanted, [1, 2, 3])
    monkeypatch.setattr(bulkread, "MAX_TERM_BYTES", 10)
    assert bulkread._blocks(reader.postings("body", "secur")) is None  # Whoosh's own reading
    assert bulkread.postings(reader.postings("body", "secur")) == whole
    assert bulkread.postings_within(reader.postings("body", "secur"), wanted, [1, 2, 3]) == within


def _one_block(data, count):
    """A block table of one block holding ``data`` as the index writes it (protocol 4, zlib)."""
    import pickle
    import zlib

    raw = zlib.compress(pickle.dumps(data, 4))
    blocks = object.__new__(bulkread._Blocks)
    blocks.buf, blocks.table = raw, [(0, count, 0, len(raw), 3)]
    return blocks


@pytest.mark.parametrize("first", [0, 7, 255, 256, 40_000, 70_000, 2**31 - 1])
@pytest.mark.parametrize("deltas", [[1] * 127, [1, 2, 255, 3], [1, 256, 2, 3], [300] * 5, []])
@pytest.mark.parametrize("weights", ["each", "one", "none"])
def test_ids_and_weights_read_from_a_block_start_are_those_unpickled(monkeypatch, first, deltas, weights):
    # the usual layout is read from its opcodes; anything else (a delta over 255, three
    # postings or fewer, one weight for all, none) decoded whole: the same numbers either way
    monkeypatch.setattr(bulkread, "SMALL_BLOCK", 0)
    count = 1 + len(deltas)
    w = {"each": tuple(float(i % 5) + 0.5 for i in range(count)), "one": 2.0, "none": None}[weights]
    data = ((first, *deltas), w, tuple(b"\x01\x02" * (i % 9) for i in range(count)))
    blocks = _one_block(data, count)
    assert blocks.ids_weights(blocks.table[0]) == data[:2]


def test_ids_and_weights_of_every_block_of_an_index_are_those_unpickled(indexes, monkeypatch):
    monkeypatch.setattr(bulkread, "SMALL_BLOCK", 0)
    for engine in indexes:
        for sub, _offset in engine.searcher.leaf_searchers():
            reader = sub.reader()
            for field in ("body", "title"):
                for term in list(reader.lexicon(field))[:200]:
                    blocks = bulkread._blocks(reader.postings(field, term))
                    for block in blocks.table if blocks else []:
                        assert blocks.ids_weights(block) == blocks.data(block)[:2]

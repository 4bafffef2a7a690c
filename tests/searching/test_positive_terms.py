"""What a query asks for in the text fields: the one walk that ranking feedback and highlighting share."""

from whoosh import query as wq

from searchtool.searching.queries import (
    FastPhrase,
    ScoredDocs,
    positive_leaves,
    positive_terms,
)
from tests.searching.query_support import parse

QUERY = wq.Or([
    wq.Term("body", "nato"),
    wq.Term("body", "nato"),
    FastPhrase("title", ["missil", "defenc"]),
    wq.Prefix("body", "negoti"),
    wq.Term("speaker", "nato"),  # a name field: not text
    FastPhrase("post", ["foreign", "minist"]),
    wq.AndNot(wq.Term("title", "eu"), wq.Term("title", "russia")),
    wq.Not(wq.Term("body", "china")),
    ScoredDocs({1: 1.0}),
])


def test_leaves_are_text_terms_phrases_and_patterns_in_query_order():
    assert [type(leaf).__name__ for leaf in positive_leaves(QUERY)] == ["Term", "Term", "FastPhrase", "Prefix", "Term"]


def test_terms_keep_repeats_and_phrase_words_and_leave_out_exclusions():
    assert positive_terms(QUERY) == [("body", "nato"), ("body", "nato"), ("title", "missil"), ("title", "defenc"), ("title", "eu")]


def test_a_parsed_query_asks_for_its_words_not_for_what_it_excludes():
    q = parse('nato "missile defence" -russia NOT china').query
    assert {t for _, t in positive_terms(q)} == {"nato", "missil", "defenc"}

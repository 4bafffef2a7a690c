"""Building Whoosh queries: each syntax form becomes the intended query over the index's fields,
words analysed as the index analysed them."""

import pytest
from whoosh import query as wq

from searchtool.index.schema import CORE_QUERY_FIELDS
from searchtool.searching.syntax import FIELD_ALIASES
from tests.searching.query_support import SCHEMA, leaves, parse, terms


def test_words_are_and_by_default_over_title_and_body():
    q = parse("missiles defence").query
    assert isinstance(q, wq.And)
    assert terms(q) == [("body", "defenc"), ("body", "missil"), ("title", "defenc"), ("title", "missil")]


def test_any_mode_makes_the_implicit_operator_or():
    q = parse("missiles defence", any_mode=True).query
    assert isinstance(q, wq.Or)


def test_or_not_minus_plus_and_groups():
    assert isinstance(parse("nato OR russia").query, wq.Or)
    q = parse("nato NOT russia").query
    assert isinstance(q, wq.AndNot) and ("body", "russia") in terms(q.b)
    q = parse("nato -russia").query
    assert isinstance(q, wq.AndNot)
    q = parse("+nato council", any_mode=True).query
    assert isinstance(q, wq.AndMaybe) and ("body", "nato") in terms(q.a)
    q = parse("(nato OR eu) AND council").query
    assert isinstance(q, wq.And) and isinstance(q.subqueries[0], wq.Or)


def test_phrase_proximity_wildcards_fuzzy_boost():
    q = parse('"missile defence"').query
    phrases = [s for s in leaves(q, wq.Phrase) if s.fieldname in ("title", "body")]
    assert len(phrases) == 2 and phrases[0].words == ["missil", "defenc"] and phrases[0].slop == 1
    q = parse('"missile defence"~5').query
    assert all(s.slop == 5 for s in leaves(q, wq.Phrase))
    q = parse("negotiat*").query
    # the typed prefix and its stem both count: negotiat* reaches the stem "negoti"
    assert [(p.fieldname, p.text) for p in leaves(q, wq.Prefix)][:2] == [("title", "negotiat"), ("body", "negotiat")]
    assert {t.text for t in leaves(q, wq.Term) if t.fieldname in ("title", "body")} == {"negoti"}
    assert leaves(parse("negot?ation").query, wq.Wildcard)
    fuzzy = leaves(parse("negotation~").query, wq.FuzzyTerm)
    assert fuzzy and fuzzy[0].maxdist == 1
    assert leaves(parse("negotation~2").query, wq.FuzzyTerm)[0].maxdist == 2
    assert parse("nato^2").query.boost == 2.0


@pytest.mark.parametrize(
    "text, field",
    [
        ("title:nato", "title"),
        ("body:nato", "body"),
        ("text:nato", "body"),
        ("speaker:lavrov", "speaker"),
        ("author:lavrov", "speaker"),
        ("post:minister", "post"),
        ("country:RUS", "x_country"),
        ("session:67", "x_session"),
    ],
)
def test_fields_and_aliases(text, field):
    assert {f for f, _ in terms(parse(text).query)} == {field}


def test_speaker_phrase_and_type_forms():
    # a quoted name: all its words within the field, in any order (middle initials, "Last, First")
    q = parse('speaker:"maria zakharova"').query
    assert q == wq.And([wq.Term("speaker", "maria"), wq.Term("speaker", "zakharova")])
    assert parse('post:"secretary of state"').query == wq.And([wq.Term("post", w) for w in ("secretary", "of", "state")])
    for text in ("type:press-release", 'type:"press release"', "type:Press_Release", "type:press-releases"):
        assert parse(text).query == wq.Term("type", "press release"), text


@pytest.mark.parametrize("text", ["U.S.-Russia", "CSTO's", "Russia\u2019s"])
def test_punctuated_words_search_what_the_index_made_of_them(text):
    # whatever the analyzer makes of the word (the index's business), the query asks for the same
    tokens = [t.text for t in SCHEMA["body"].analyzer(text, mode="query")]
    assert tokens and terms(parse(text).query) == sorted({(f, t) for f in ("title", "body") for t in tokens})


def test_hyphenated_words_become_phrases():
    q = parse("multi-agent").query
    assert [s.fieldname for s in leaves(q, wq.Phrase)][:2] == ["title", "body"]
    assert not leaves(q, wq.Term) or all(t.fieldname in ("speaker", "post") for t in leaves(q, wq.Term))


def test_words_that_cannot_be_indexed_are_reported_not_fatal():
    parsed = parse("5+5")
    assert parsed.query is None
    assert parsed.notes and "5+5" in parsed.notes[0]
    parsed = parse("the dialogue")
    assert terms(parsed.query) == [("body", "dialogu"), ("title", "dialogu")]


def test_the_aliases_name_exactly_the_schemas_core_fields():
    assert sorted(set(FIELD_ALIASES.values())) == sorted(CORE_QUERY_FIELDS)
    # said:/asked: are read apart (searching.turnquery) into terms of the said field
    assert all(name in SCHEMA for name in CORE_QUERY_FIELDS if name != "asked")


@pytest.mark.parametrize("text", ["Session-No:4", "session_no:4", "x_session_no:4", "SESSION.NO.:4"])
def test_an_extra_field_is_found_by_the_name_the_indexer_gave_it(text):
    # the indexer names an extra field "Session No." x_session_no (index.schema.extra_field_name)
    assert {f for f, _ in terms(parse(text, extra_fields=["x_session_no"]).query)} == {"x_session_no"}


def test_a_name_without_letters_or_digits_is_read_as_words():
    # the indexer's stand-in name for such a field (x_field) is not what "_:" means
    assert {f for f, _ in terms(parse("_:nato", extra_fields=["x_field"]).query)} <= {"title", "body"}

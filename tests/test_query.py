"""The query language: each syntax form becomes the intended Whoosh query; lenient on natural
punctuation; one-line errors that point at the problem; never a crash."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from searchtool.searching.datequery import DateSpan
from searchtool.errors import SearchtoolError
from searchtool.searching.query import QuerySyntaxError, parse_query
from searchtool.index.schema import build_schema

SCHEMA = build_schema()
EXTRA = ["x_country", "x_session"]
TODAY = dt.date(2024, 3, 15)


def parse(text, **kw):
    return parse_query(text, SCHEMA, extra_fields=EXTRA, today=TODAY, **kw)


def terms(q, names=False):
    """Every (field, text) term below ``q``, positive or not; without the speaker/post branch
    that unfielded words also search (see test_unfielded_words_also_search_names_lightly)."""
    found = {(t[0], t[1]) for t in q.iter_all_terms(phrases=True)}
    if not names and any(f in ("title", "body") for f, _ in found):
        found = {(f, t) for f, t in found if f not in ("speaker", "post")}
    return sorted(found)


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
    phrases = [s for s in _leaves(q, wq.Phrase) if s.fieldname in ("title", "body")]
    assert len(phrases) == 2 and phrases[0].words == ["missil", "defenc"] and phrases[0].slop == 1
    q = parse('"missile defence"~5').query
    assert all(s.slop == 5 for s in _leaves(q, wq.Phrase))
    q = parse("negotiat*").query
    # the typed prefix and its stem both count: negotiat* reaches the stem "negoti"
    assert [(p.fieldname, p.text) for p in _leaves(q, wq.Prefix)][:2] == [("title", "negotiat"), ("body", "negotiat")]
    assert {t.text for t in _leaves(q, wq.Term) if t.fieldname in ("title", "body")} == {"negoti"}
    assert _leaves(parse("negot?ation").query, wq.Wildcard)
    fuzzy = _leaves(parse("negotation~").query, wq.FuzzyTerm)
    assert fuzzy and fuzzy[0].maxdist == 1
    assert _leaves(parse("negotation~2").query, wq.FuzzyTerm)[0].maxdist == 2
    assert parse("nato^2").query.boost == 2.0


def _leaves(q, cls):
    found = [q] if isinstance(q, cls) else []
    for child in q.children():
        found.extend(_leaves(child, cls))
    return found


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


@pytest.mark.parametrize(
    "text, span",
    [
        ("date:2012", DateSpan(20120101, 20121231)),
        ("date:2012-12", DateSpan(20121201, 20121231)),
        ("date:2012-12-03", DateSpan(20121203, 20121203)),
        ("date:[2012-01-01 TO 2012-06-30]", DateSpan(20120101, 20120630)),
        ("date:>=2013", DateSpan(20130101, None)),
        ("date:<2012-06", DateSpan(None, 20120531)),
        ("date:last year", DateSpan(20230101, 20231231)),
        ('date:"last year"', DateSpan(20230101, 20231231)),
        ("date:-30d", DateSpan(20240214, 20240315)),
        ("date:2012 date:>=2012-06", DateSpan(20120601, 20121231)),
    ],
)
def test_top_level_dates_become_a_filter_not_a_query(text, span):
    parsed = parse("nato " + text)
    assert parsed.date_span == span
    assert terms(parsed.query) == [("body", "nato"), ("title", "nato")]


@pytest.mark.parametrize(
    "text, span",
    [("year:2012", DateSpan(2012, 2012)), ("year:[2010 TO 2012]", DateSpan(2010, 2012)), ("year:>2012", DateSpan(2013, None)),
     ("year:{2010 TO 2012}", DateSpan(2011, 2011))],
)
def test_year_clauses_filter_the_year_column_not_the_date(text, span):
    # the year column is filled from the date, or from a numeric year field of an undated record
    parsed = parse("nato " + text)
    assert parsed.year_span == span and parsed.date_span is None
    assert _leaves(parse("nato OR " + text).query, wq.NumericRange)[0].fieldname == "year"


def test_dates_under_or_stay_in_the_query():
    parsed = parse("nato OR date:2012")
    assert parsed.date_span is None
    assert _leaves(parsed.query, wq.NumericRange)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("multi-agent", [("body", "agent"), ("body", "multi"), ("title", "agent"), ("title", "multi")]),
        ('"unbalanced quote', [("body", "quot"), ("body", "unbalanc"), ("title", "quot"), ("title", "unbalanc")]),
        ("nato (", [("body", "nato"), ("title", "nato")]),
        (")) nato", [("body", "nato"), ("title", "nato")]),
        ("Re: NATO", [("body", "nato"), ("body", "re"), ("title", "nato"), ("title", "re")]),
        ("title: nato", [("title", "nato")]),
    ],
)
def test_natural_punctuation_searches_sensibly(text, expected):
    assert terms(parse(text).query) == expected


@pytest.mark.parametrize("text", ["U.S.-Russia", "CSTO's", "Russia\u2019s"])
def test_punctuated_words_search_what_the_index_made_of_them(text):
    # whatever the analyzer makes of the word (the index's business), the query asks for the same
    tokens = [t.text for t in SCHEMA["body"].analyzer(text, mode="query")]
    assert tokens and terms(parse(text).query) == sorted({(f, t) for f in ("title", "body") for t in tokens})


def test_hyphenated_words_become_phrases():
    q = parse("multi-agent").query
    assert [s.fieldname for s in _leaves(q, wq.Phrase)][:2] == ["title", "body"]
    assert not _leaves(q, wq.Term) or all(t.fieldname in ("speaker", "post") for t in _leaves(q, wq.Term))


def test_words_that_cannot_be_indexed_are_reported_not_fatal():
    parsed = parse("5+5")
    assert parsed.query is None
    assert parsed.notes and "5+5" in parsed.notes[0]
    parsed = parse("the dialogue")
    assert terms(parsed.query) == [("body", "dialogu"), ("title", "dialogu")]


@pytest.mark.parametrize(
    "text, fragments",
    [
        ("speakr:lavrov", ["unknown field 'speakr'", "column 1", "did you mean speaker:"]),
        ("nato date:2012-13", ["month 13", "column 6"]),
        ("nato date:[2012-01-01 TO", ["is not closed", "column 6", "close it with ]"]),
        ("nato title:", ["title: has no value", "column 6"]),
        ("(nato date: )", ["date: has no value", "column 7"]),
        ("date:2013 date:2012", ["exclude each other"]),
        ("year:12", ["4-digit year"]),
    ],
)
def test_errors_point_at_the_problem_and_suggest_a_fix(text, fragments):
    with pytest.raises(QuerySyntaxError) as err:
        parse(text)
    message = str(err.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_unit_count_drives_the_fallback():
    assert parse("a b c").unit_count == 3  # stop words count as typed units
    assert parse("nato -russia council").unit_count == 2


QUERY_ALPHABET = st.sampled_from(
    list("abcxyz AORNDT:\"'()[]{}*?~^+-!.,;/\\&|<>=0123456789") + ["AND", "OR", "NOT", "date:", "title:", "speaker:", " TO "]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=30), st.lists(QUERY_ALPHABET, max_size=15).map("".join)))
def test_no_query_string_makes_the_parser_raise_anything_else(text):
    try:
        parsed = parse(text)
    except SearchtoolError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert parsed.query is None or isinstance(parsed.query, wq.Query)

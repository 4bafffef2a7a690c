"""The fast indexing path gives exactly Whoosh's postings; the schema keeps its contracts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT

from searchtool.index.analysis import name_analyzer, stem_analyzer
from searchtool.index.postings import fast_postings
from searchtool.index.schema import (
    SCHEMA_VERSION,
    FastText,
    build_schema,
    extra_field_name,
)

WORDS = ["the", "The", "a", "I", "U.S.", "Russia's", "don’t", "café", "CAFÉ", "naïve", "ΟΔΟΣ", "running",
         "runs", "generalisation", "x", "42", "3.14", "_", "straße", "İstanbul", "ﬁnance", "Ⅻ", "µm",
         "Russia’s", "CSTO‘s", "Kyivʼs", "RUSSIA'S", "states’", "U.K.", "E.U.", "e.g.", "1.5", "NA\u200bTO",
         "\ufeffBOM", "ＮＡＴＯ", "us", "May", "5+5", "x's", "'s", "’", "\u200b"]


def whoosh_postings(field, text):
    return sorted(TEXT.index(field, text))


def fast(field, text):
    return sorted(field.index(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fast_path_equals_whoosh_on_any_text(text):
    schema = build_schema()
    for name in ("title", "body"):
        assert fast(schema[name], text) == whoosh_postings(schema[name], text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
def test_fast_path_equals_whoosh_on_tricky_words(text):
    field = build_schema()["body"]
    assert fast(field, text) == whoosh_postings(field, text)


def test_positions_renumbered_after_leading_stop_words():
    field = build_schema()["body"]
    text = "The and of missile defence, the missile"
    assert fast(field, text) == whoosh_postings(field, text)
    decoded = {t: field.format.decode_positions(v) for t, _, _, v in field.index(text)}
    assert decoded[b"missil"] == [3, 5]


def test_title_is_boosted_in_both_paths():
    field = build_schema()["title"]
    items = fast(field, "Comment on missile defence")
    assert items == whoosh_postings(field, "Comment on missile defence")
    assert all(weight == 2.0 * freq for _, freq, weight, _ in items)


def test_unknown_analyzer_falls_back_to_whoosh():
    from whoosh.analysis import SubstitutionFilter

    field = FastText(analyzer=name_analyzer() | SubstitutionFilter("e", "3"))
    assert fast_postings(field, "x y") is None
    assert sorted(field.index("Sergey Lavrov said")) == whoosh_postings(field, "Sergey Lavrov said")
    assert b"s3rg3y" in [t for t, *_ in field.index("Sergey")]


def test_schema_fields_and_version():
    schema = build_schema()
    for name in ("id", "path", "srcfile", "recno", "source", "title", "body", "speaker", "speakers",
                 "speaker_names", "post", "posts", "type", "date", "year", "url", "fields"):
        assert name in schema, name
    assert "x_country" in schema and SCHEMA_VERSION >= 2
    assert schema["date"].sortable_typecode and schema["body"].stored
    assert extra_field_name("Country ISO") == "x_country_iso" and extra_field_name("!!") == "x_field"


def test_speaker_words_are_searchable_case_and_accents_folded():
    ana = build_schema()["speaker"].analyzer
    assert [t.text for t in ana("S. V. Lavrov ; Sergéy LAVROV")] == ["s", "v", "lavrov", "sergey", "lavrov"]


def _terms(text: str, field: str = "body") -> list[str]:
    return [t.text for t in build_schema()[field].analyzer(text)]


def test_possessives_and_apostrophes_index_as_the_word():
    """BUG 0: "Russia’s" (typographic), "Russia's" (typed) and "Russia" are one term."""
    assert _terms("Russia’s Russia's Russia RUSSIA'S Russiaʼs Russia‘s") == ["russia"] * 6
    assert _terms("the states’ rights") == ["state", "right"]
    assert _terms("CSTO's summit") == _terms("CSTO’s summit") == _terms("CSTO summit")
    assert _terms("don’t") == _terms("don't")  # apostrophes unified inside a word as well


def test_compatibility_forms_and_invisible_characters_fold():
    assert _terms("ﬁnancial") == _terms("financial") and _terms("ＮＡＴＯ") == ["nato"]
    for zw in "\u200b\u200c\u200d\u2060\ufeff":
        assert _terms(f"NA{zw}TO") == ["nato"], repr(zw)
    assert _terms("Lav\u200brov", "speaker") == ["lavrov"]


def test_dotted_abbreviations_close_up_and_us_may_are_kept():
    assert _terms("U.S. U.K. E.U.") == ["us", "uk", "eu"]
    assert _terms("US") == _terms("U.S.") == _terms("us")
    assert _terms("May 19") == ["mai", "19"] and _terms("1.5 3.14") == ["1.5", "3.14"]
    assert _terms("the of and") == []  # ordinary stop words still go


def test_fold_word_cases():
    from searchtool.index.analysis import fold_word

    assert fold_word("Russia’s") == "Russia" and fold_word("U.N") == "UN" and fold_word("O’Brien") == "O'Brien"
    assert fold_word("a.1") == "a.1"  # digits are not abbreviation letters

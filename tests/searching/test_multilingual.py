"""Searching statements in Russian, Ukrainian, English, French, Spanish, German, Arabic and Chinese.

The collection (tests/support/multilingual.py) is written for the tests. Its records name no
language except one, so detection decides the rest.
"""

from __future__ import annotations

import pytest

from searchtool.errors import UsageError
from searchtool.index.multilang import LanguageAnalyzer
from searchtool.indexing.update import update_index
from searchtool.searching.engine import Engine
from searchtool.searching.request import SearchRequest
from tests.support.multilingual import NOUNS, OFFICIALS, write_multilingual


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("multilingual")
    write_multilingual(root / "docs")
    update_index([root / "docs"], root / "index", jobs=1)
    with Engine(root / "index") as engine:
        yield engine


def found(engine: Engine, query: str, **kw) -> set[str]:
    result = engine.search(SearchRequest(query=query, limit=100, fallback=False, **kw))
    return {engine.searcher.stored_fields(h.docnum)["fields"]["source_id"] for h in result.hits}


@pytest.mark.parametrize("i", range(len(OFFICIALS)))
def test_every_case_form_of_an_officials_surname_finds_the_statement(mixed, i):
    for form in OFFICIALS[i]:
        assert found(mixed, form) == {f"off{i}"} | _also(form), form


def _also(form: str) -> set[str]:
    # Лавров is also named in the interview with glued initials and in the speech by "Сергей Лавров".
    # (and, by the name key, the speech whose speaker field says "Sergey Lavrov").
    return {"glued", "sp_ru", "sp_en", "en_lavrov"} if form.startswith("Лавров") else set()


@pytest.mark.parametrize("g", range(len(NOUNS)))
def test_every_case_form_of_a_common_noun_finds_the_same_statements(mixed, g):
    wanted = {f"noun{g}_{j}" for j in range(len(NOUNS[g]))}
    for form in NOUNS[g]:
        got = found(mixed, form)
        assert wanted <= got, form
        assert not {s for s in got if s.startswith("noun") and not s.startswith(f"noun{g}_")}, form


def test_yo_and_ye_find_each_other_both_ways(mixed):
    assert found(mixed, "развертывание") == {"yo1", "yo2"}
    assert found(mixed, "развёртывания") == {"yo1", "yo2"}


def test_short_i_is_not_folded():
    terms = [t.text for t in LanguageAnalyzer()("Йемен и Иемен", lang="ru")]
    assert terms[0].startswith("ru:й") and terms[-1].startswith("ru:и") and terms[0] != terms[-1]


def test_glued_initials_are_words_of_their_own(mixed):
    assert "glued" in found(mixed, "Лавров")
    assert "en_lavrov" in found(mixed, "Lavrov")
    assert "glued" in found(mixed, '"С.В.Лаврова"')


def test_latin_and_cyrillic_names_meet(mixed):
    assert {"glued", "sp_ru", "off0"} <= found(mixed, "Lavrov")
    assert {"en_lavrov", "sp_en"} <= found(mixed, "Лавров")
    assert "off1" in found(mixed, "Zakharova")  # the statement says Захаровой? no: one case form


def test_speaker_field_is_the_same_in_both_scripts_and_every_case(mixed):
    # the speech by Сергей Лавров, the remarks by Sergey Lavrov, and the interview whose title
    # and "С.В.Лавров:" label name him
    wanted = {"sp_ru", "sp_en", "glued"}
    for query in ("speaker:lavrov", "speaker:Лавров", "speaker:Лаврова", "speaker:LAVROVA"):
        assert found(mixed, query) == wanted, query
    for query in ('speaker:"Sergei Lavrov"', 'speaker:"Сергей Лавров"', 'speaker:"Sergey Lavrova"'):
        assert found(mixed, query) == {"sp_ru", "sp_en"}, query


def test_french_pour_does_not_match_english_statements(mixed):
    assert found(mixed, "pour") == {"en_pour"}
    assert "fr_pour" in found(mixed, "paix")
    assert "en_pour" not in found(mixed, "paix")


def test_a_latin_word_is_analysed_by_each_latin_language_of_the_index(mixed):
    assert "fr_elect" in found(mixed, "élection")
    assert "es1" in found(mixed, "negociación")
    assert "de1" in found(mixed, "Verhandlung")


def test_ukrainian_statements_are_detected_and_stemmed(mixed):
    assert "uk1" in found(mixed, "переговорів")
    assert found(mixed, "lang:uk") == {"uk1"}


def test_arabic_letters_and_diacritics_are_normalised(mixed):
    assert found(mixed, "المفاوضة") == {"ar1"}
    assert found(mixed, "المفاوضه") == {"ar1"}
    assert found(mixed, "أمن") == {"ar1", "ar2"}
    assert found(mixed, "الأمن") == {"ar1", "ar2"}


def test_chinese_is_searched_by_characters_in_order(mixed):
    assert found(mixed, "外交部") == {"zh1"}
    assert found(mixed, "发言人") == {"zh1"}
    assert found(mixed, "部外") == set()


def test_lang_field_filter_and_facet(mixed):
    assert found(mixed, "lang:fr") == {"fr_pour", "fr_elect"}
    assert found(mixed, "lang:French") == {"fr_pour", "fr_elect"}
    assert found(mixed, "dialogue", lang="fr") == {"fr_pour", "fr_elect"}
    result = mixed.search(SearchRequest(query="lang:ru", facets=("lang",), limit=5))
    assert dict(result.facets["lang"]) == {"ru": result.total}
    with pytest.raises(UsageError, match="unknown --lang"):
        mixed.search(SearchRequest(query="x", lang="12"))


def test_inflected_matches_are_highlighted_as_written(mixed):
    result = mixed.search(SearchRequest(query="переговорах", limit=20))
    marked = {text for hit in result.hits for frag in hit.fragments for text, is_match in frag.parts if is_match}
    assert {"переговоры", "переговоров", "переговорами"} <= marked
    result = mixed.search(SearchRequest(query="развертывание", limit=5))
    marked = {text for hit in result.hits for frag in hit.fragments for text, is_match in frag.parts if is_match}
    assert "Развёртывание" in marked


def test_right_to_left_text_keeps_its_order_and_whole_words(mixed):
    result = mixed.search(SearchRequest(query="المفاوضات", limit=5))
    hit = next(h for h in result.hits if "المفاوضات" in h.snippet)
    parts = [p for frag in hit.fragments for p in frag.parts]
    assert "".join(text for text, _ in parts) == "قال الوزير إن المفاوضات مستمرة وإن الأَمْن في المنطقة أولوية."
    assert [text for text, is_match in parts if is_match] == ["المفاوضات"]


def test_did_you_mean_spells_a_russian_word_as_the_statements_do(mixed):
    result = mixed.search(SearchRequest(query="переговорры"))
    assert result.total == 0 and len(result.suggestions) == 1
    assert result.suggestions[0] in NOUNS[0]  # a form the statements use, never "ru:переговор"


def test_a_latin_name_marks_its_cyrillic_forms(mixed):
    result = mixed.search(SearchRequest(query="Lavrov", limit=20))
    marked = {text for hit in result.hits for frag in hit.fragments for text, is_match in frag.parts if is_match}
    assert {"Lavrov", "Лавров"} <= marked  # the English text's word, and the Cyrillic one by its key


def test_a_function_word_is_still_dropped_from_an_any_word_query_in_a_mixed_index(mixed):
    from searchtool.searching.ranking import drop_function_words

    text = "about water projects"
    parsed = mixed.parse(text, True)
    kept = drop_function_words(parsed.query, text, mixed.schema)
    assert "about" not in {getattr(t, "text", "") for t in kept.leaves()}
    assert "water" in {getattr(t, "text", "") for t in kept.leaves()}


def test_statements_streamed_to_the_workers_keep_their_language(tmp_path, monkeypatch):
    # One big JSON Lines file is read by the parent and its documents streamed to the workers,
    # pickled: each statement must still be analysed in its own language there.
    from searchtool.indexing import workers

    write_multilingual(tmp_path / "docs")
    monkeypatch.setattr("searchtool.indexing.update.PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "BATCH_RECORDS", 5)
    update_index([tmp_path / "docs"], tmp_path / "ix", jobs=2)
    with Engine(tmp_path / "ix") as engine:
        assert found(engine, "pour") == {"en_pour"}  # the French statement's "pour" stayed French
        assert {"off0", "glued"} <= found(engine, "Лавровым")

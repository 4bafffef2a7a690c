"""Telling a statement's language, reading language names, and the name transliteration key.

Every sentence here is written for the test (none is copied from a ministry's site).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.languages import detect_language, languages_of_script, normalise_lang, script_of
from searchtool.translit import translit_key

RUSSIAN = [
    "Брифинг официального представителя МИД России",
    "Министр заявил, что переговоры продолжатся на следующей неделе.",
    "Мы считаем это решение ошибочным и будем добиваться его пересмотра.",
    "Объявление о развёртывании новых систем вызвало вопросы у партнёров.",
]
UKRAINIAN = [
    "Коментар речника МЗС України щодо ситуації",
    "Міністр заявив, що переговори триватимуть наступного тижня.",
    "Ми вважаємо це рішення помилковим і будемо домагатися його перегляду.",
    "Заява Міністерства закордонних справ України",
]


@pytest.mark.parametrize("text", RUSSIAN)
def test_russian_text_is_told_from_ukrainian(text):
    assert detect_language(text) == "ru"


@pytest.mark.parametrize("text", UKRAINIAN)
def test_ukrainian_text_is_told_from_russian(text):
    assert detect_language(text) == "uk"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The minister said that the talks would continue next week.", "en"),
        ("Le ministre a déclaré que les discussions se poursuivront la semaine prochaine.", "fr"),
        ("El ministro dijo que las conversaciones continuarán la próxima semana.", "es"),
        ("Der Minister sagte, dass die Gespräche in der nächsten Woche fortgesetzt werden.", "de"),
        ("قال الوزير إن المحادثات ستستمر الأسبوع المقبل", "ar"),
        ("部长表示会谈将于下周继续进行", "zh"),
    ],
)
def test_each_supported_language_is_detected(text, lang):
    assert detect_language(text) == lang


def test_one_shared_word_does_not_name_a_language():
    # "y" is Spanish's "and": one such word must not turn an English title Spanish
    assert detect_language("Sorting X + Y") is None
    assert detect_language("Comunicado de prensa sobre la visita") == "es"


def test_text_without_letters_or_function_words_has_no_language():
    assert detect_language("2012-12-03 15:30") is None
    assert detect_language("") is None
    assert detect_language("NATO OSCE ASEAN") is None  # Latin letters, no word says which language


@pytest.mark.parametrize(
    "value, code",
    [("ru", "ru"), ("RU-ru", "ru"), ("rus", "ru"), ("Russian", "ru"), ("русский", "ru"), ("uk-UA", "uk"),
     ("Français", "fr"), ("es_ES", "es"), ("it", "it"), ("", None), ("12", None), (None, None)],
)
def test_language_names_and_codes_become_a_code(value, code):
    assert normalise_lang(value) == code


def test_a_word_is_analysed_by_the_languages_of_its_script():
    assert script_of("Лавров") == "cyrillic" and script_of("2012") is None
    assert languages_of_script("latin", ["en", "fr", "ru"]) == ["en", "fr"]
    assert languages_of_script("cyrillic", ["en"]) == ["ru"]  # always the script's default
    assert languages_of_script(None, ["fr"]) == ["en"]  # numbers are the same term everywhere


@pytest.mark.parametrize(
    "forms, key",
    [
        (["Лавров", "Лаврова", "Лаврову", "Лавровым", "Лаврове", "Lavrov", "Lavrova", "LAVROV"], "lavrov"),
        (["Захарова", "Захаровой", "Захарову", "Zakharova", "Zaharova"], "zaharov"),
        (["Сергей", "Sergei", "Sergey", "Sergej"], "sergei"),
        (["Зеленский", "Зеленского", "Зеленскому", "Zelensky", "Zelenskiy", "Zelenskyy"], "zelenski"),
        (["Небензя", "Nebenzya", "Nebenzia"], "nebenzia"),
        (["Хрущёв", "Хрущев", "Khrushchev"], "hrushchev"),
    ],
)
def test_the_name_key_joins_scripts_spellings_and_cases(forms, key):
    assert {translit_key(f) for f in forms} == {key}


def test_the_name_key_keeps_different_names_apart():
    keys = [translit_key(w) for w in ("Лавров", "Рябков", "Захарова", "Грушко", "Blinken", "Price")]
    assert len(set(keys)) == len(keys)


@given(st.text(max_size=60))
def test_detection_and_keys_accept_any_text(text):
    assert detect_language(text) in (None, "en", "ru", "uk", "fr", "es", "de", "ar", "zh")
    key = translit_key(text)
    assert key == key.lower()


def _detect_char_by_char(text: str) -> str | None:
    """Detection as specified: every character of the sample looked at one by one (how it
    was written before it counted distinct characters for speed)."""
    from searchtool import languages as L

    sample = text[: L.SAMPLE_CHARS]
    counts: dict[str, int] = {}
    for ch in sample:
        if ch.isalpha():
            counts[L.char_script(ch)] = counts.get(L.char_script(ch), 0) + 1
    if not counts:
        return None
    if "han" in counts:
        counts["han"] *= 3
    script = max(counts, key=counts.__getitem__)
    low = sample.lower()
    words = L._WORD.findall(low)
    if script in ("han", "arabic"):
        return {"han": "zh", "arabic": "ar"}[script]
    if script == "cyrillic":
        uk = sum(ch in L._UK_LETTERS for ch in low) + 2 * sum(w in L._UK_SET for w in words)
        ru = sum(ch in L._RU_LETTERS for ch in low) + 2 * sum(w in L._RU_SET for w in words)
        return "uk" if uk > ru else "ru"
    if script != "latin":
        return None
    langs = ("en", "fr", "es", "de")
    scores = {lang: sum(w in L._SETS[lang] for w in words) for lang in langs}
    for lang, letters in L._LETTER_HINTS.items():
        scores[lang] += min(3, sum(ch in letters for ch in low))
    ranked = sorted(langs, key=lambda lang: -scores[lang])
    if scores[ranked[0]] < L.MIN_EVIDENCE or scores[ranked[1]] == scores[ranked[0]]:
        return None
    return ranked[0]


_WORDS_OF_EVERY_SCRIPT = st.sampled_from(
    [w for words in __import__("searchtool.languages", fromlist=["x"]).FUNCTION_WORDS.values() for w in words]
    + ["é", "ñ", "ß", "ї", "ы", "ё", "سلام", "中国", "Ω", "²", "_", "1", "NATO", "Лавров"]
)


@given(st.lists(st.one_of(_WORDS_OF_EVERY_SCRIPT, st.text(max_size=6)), max_size=60).map(" ".join))
def test_detection_counts_as_a_character_by_character_reading_does(text):
    assert detect_language(text) == _detect_char_by_char(text)


def test_detection_reads_only_the_sample_and_its_ties_follow_first_occurrence():
    # As many Latin as Cyrillic letters: the script seen first wins, as in a character loop.
    assert detect_language("мир abc") == "ru"
    assert detect_language("abc мир") is None  # Latin, and no function word
    # Only the first SAMPLE_CHARS characters count: the Russian words after them do not.
    assert detect_language("x" * 2990 + " и в не что на с по это") is None


@given(st.lists(st.one_of(st.sampled_from(["Лавров", "Ёлкин", "ЇЖАК", "мир", "Lavrov", "о", "Ґ", ".", "1Лавров"]),
                          st.text(max_size=5)), max_size=30).map(" ".join))
def test_the_quick_scan_for_cyrillic_names_finds_what_the_full_pattern_finds(text):
    from searchtool.translit import CYRILLIC_NAME, cyrillic_names

    assert cyrillic_names(text) == list(dict.fromkeys(CYRILLIC_NAME.findall(text)))

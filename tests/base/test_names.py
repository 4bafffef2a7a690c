"""Name keys: one key per person whatever the spelling, script, honorific or title."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.names import name_key, speaker_key, surname_key, title_word


@pytest.mark.parametrize(
    "written",
    ["Mr. GROMYKO", "Mr. Gromyko", "GROMYKO", "Gromyko", "Mir. GROMYKO", "A. A. Gromyko", "Громыко", "Andrei Gromyko"],
)
def test_every_spelling_of_gromyko_has_one_surname_key(written):
    assert surname_key(written) == "gromyko"


@pytest.mark.parametrize(
    "written, key",
    [
        ("SECRETAR BLINKEN", "blinken"),
        ("ECRETARY BLINKEN", "blinken"),
        ("FOREIGN MINISTESR KOFOD", "kofod"),
        ("PRIME MININSTER NETANYAHU", "netanyahu"),
        ("MR. PRICE", "price"),
        ("Blinken, Antony J.", "blinken"),
        ("Ned Price, Department Spokesperson", "price"),
        ("С.В.Лавров", "lavrov"),
        ("Лаврова", "lavrov"),
        ("М.В.Захарова", "zakharov"),
        ("Захаровой", "zakharov"),
    ],
)
def test_labels_and_bylines_reduce_to_the_surname(written, key):
    assert surname_key(written) == key


def test_full_keys_fold_transliteration_variants_and_initials():
    assert name_key("Mr. Sergey V. Lavrov") == name_key("Sergei Lavrov") == "sergei lavrov"
    assert name_key("Сергей Лавров") == "sergei lavrov"


def test_a_post_only_label_keeps_its_words_and_number():
    assert speaker_key("SENIOR STATE DEPARTMENT OFFICIAL ONE") == "senior-state-department-official-one"
    assert speaker_key("SENIOR STATE DEPARTMENT OFFICIAL") == "senior-state-department-official"
    assert speaker_key("MR PRICE") == speaker_key("Ned Price") == "price"


def test_title_typos_within_two_edits_are_read_as_the_title_but_names_are_not():
    assert title_word("secretar") == "secretary"
    assert title_word("ministesr") == "minister"
    assert title_word("blinken") is None
    assert title_word("price") is None


@given(st.text(max_size=60))
def test_keys_never_fail_and_are_lowercase(text):
    for fn in (name_key, surname_key, speaker_key):
        key = fn(text)
        assert isinstance(key, str) and key == key.lower()

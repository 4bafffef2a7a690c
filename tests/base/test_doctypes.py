"""Document types: one normaliser for readers, ``type:`` queries and ``--type``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.doctypes import DOC_TYPES, doc_type, type_key


@pytest.mark.parametrize(
    "value, expected",
    [
        ("comment", "comment"),
        ("Briefings", "briefing"),
        ("Press-Release", "press release"),
        ("press_releases", "press release"),
        ("  PRESS   release ", "press release"),
        ("remarks", "remarks"),  # a type whose name ends in s is not singularised away
        ("readouts", "readout"),
        ("communique", None),
        ("", None),
        ("s", None),
    ],
)
def test_a_value_names_a_type_in_any_case_plural_or_spelling_of_spaces(value, expected):
    assert doc_type(value) == expected


def test_every_type_names_itself():
    assert [doc_type(t) for t in DOC_TYPES] == list(DOC_TYPES)


@given(st.text(max_size=40))
def test_any_text_gives_a_known_type_or_none(text):
    found = doc_type(text)
    assert found is None or found in DOC_TYPES
    assert type_key(type_key(text)) == type_key(text)

"""Review of the highlighter's word pattern (51c3405): words are marked where the index's analyzer
reads a word, whatever punctuation or invisible character stands before them."""

from __future__ import annotations

import pytest

from searchtool.searching.highlight import Highlighter
from searchtool.searching.query import parse_query
from searchtool.index.schema import build_schema

SCHEMA = build_schema()


def marked(query: str, text: str) -> list[str]:
    h = Highlighter(parse_query(query, SCHEMA).query, SCHEMA)
    return [text[s:e] for s, e in h.spans(text)]


def analysed(text: str) -> list[str]:
    return [t.text for t in SCHEMA["body"].analyzer(text)]


def test_apostrophe_look_alikes_inside_words_are_still_marked():
    assert marked("russia", "Russia’s view and Russiaʼs position") == ["Russia’s", "Russiaʼs"]
    assert marked("russia", "Moscow's and Russia's") == ["Russia's"]
    assert marked("russia", "it’s Russia") == ["Russia"]


@pytest.mark.parametrize("text", ["so-called ‘referendums’ in the region", "the ‘referendums’", "‘referendums’ held"])
def test_a_word_in_typographic_single_quotes_is_marked(text):
    assert "referendum" in analysed(text)
    assert marked("referendums", text) == ["referendums"]


@pytest.mark.parametrize("text", ["the \u200bRussia view", "\ufeffRussia view"])
def test_a_word_after_a_stray_zero_width_character_is_marked(text):
    assert "russia" in analysed(text)
    assert [w.strip("\u200b\ufeff") for w in marked("russia", text)] == ["Russia"]

"""Paragraph starts: the fast line path agrees with the line-break pattern it replaces."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from searchtool.paragraphs import paragraph_starts, paragraphs

_LINE_BREAK = re.compile(r"(?:\n[ \t\r\f\v]*)+")


def reference_line_starts(text: str) -> list[int]:
    starts = []
    pos = len(text) - len(text.lstrip())
    if pos < len(text):
        starts.append(pos)
    last = len(text.rstrip())
    for m in _LINE_BREAK.finditer(text, 0, last):
        if m.end() < last and (not starts or m.end() > starts[-1]):
            starts.append(m.end())
    return starts


@given(st.text(alphabet=st.sampled_from(list("ab \t\r\n\f\v.")), max_size=60))
def test_the_fast_line_starts_match_the_pattern_where_there_is_no_blank_line(text):
    if not re.search(r"\n[ \t\r\f\v]*\n", text):
        assert paragraph_starts(text) == reference_line_starts(text)


def test_paragraphs_are_lines_or_blocks():
    assert paragraphs("MR PRICE: Hello.\nQUESTION: Hi?\n") == ["MR PRICE: Hello.", "QUESTION: Hi?"]
    assert paragraphs("One line\nwrapped.\n\nTwo.") == ["One line\nwrapped.", "Two."]

"""Statement references (ID#pN / ID#tN parsing) and the paragraph spans and lookup they resolve through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.anchors import Ref, parse_ref
from searchtool.errors import UsageError
from searchtool.paragraphs import paragraph, paragraph_spans


def test_a_body_with_blank_lines_splits_at_them_and_keeps_wrapped_lines_together():
    body = "First paragraph\nwrapped here.\n\n  Second one.  \n \nThird."
    assert [body[a:b] for a, b in paragraph_spans(body)] == ["First paragraph\nwrapped here.", "Second one.", "Third."]
    assert paragraph(body, 2) == "Second one."


def test_a_body_without_blank_lines_has_one_paragraph_per_line():
    body = "Byline\nMR PRICE: Good afternoon.\nQUESTION: Thanks."
    assert [body[a:b] for a, b in paragraph_spans(body)] == ["Byline", "MR PRICE: Good afternoon.", "QUESTION: Thanks."]
    assert paragraph(body, 2) == "MR PRICE: Good afternoon."


def test_references_parse_and_bad_ones_say_the_forms():
    assert parse_ref("abc123#p118") == Ref("abc123", "p", 118)
    assert parse_ref("abc123#t4") == Ref("abc123", "t", 4)
    assert parse_ref(" abc123 ") == Ref("abc123")
    assert str(parse_ref("abc#p2")) == "abc#p2"
    for bad in ("abc#p0", "abc#x3", "abc#p", "#p3", "abc#p3 extra"):
        with pytest.raises(UsageError, match="bad statement reference"):
            parse_ref(bad)
    with pytest.raises(UsageError, match="no paragraph 5: the statement has 1"):
        paragraph("only one", 5)


@given(st.text(max_size=300))
def test_any_reference_text_parses_or_is_a_usage_error(text):
    try:
        ref = parse_ref(text)
    except UsageError:
        return
    assert "#" not in ref.id


@given(st.text(max_size=300))
def test_paragraph_spans_are_ordered_non_empty_and_stripped(text):
    spans = paragraph_spans(text)
    assert all(a < b for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
    for a, b in spans:
        assert text[a:b] == text[a:b].strip()

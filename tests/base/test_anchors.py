"""Statement references (ID#pN / ID#tN parsing) and the paragraph spans and lookup they resolve through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.anchors import Ref, anchored_text, locate, parse_ref
from searchtool.errors import UsageError
from searchtool.paragraphs import paragraph_spans


def test_a_body_with_blank_lines_splits_at_them_and_keeps_wrapped_lines_together():
    body = "First paragraph\nwrapped here.\n\n  Second one.  \n \nThird."
    assert [body[a:b] for a, b in paragraph_spans(body)] == ["First paragraph\nwrapped here.", "Second one.", "Third."]
    assert anchored_text("abc", body, [], parse_ref("abc#p2")) == "Second one."


def test_a_body_without_blank_lines_has_one_paragraph_per_line():
    body = "Byline\nMR PRICE: Good afternoon.\nQUESTION: Thanks."
    assert [body[a:b] for a, b in paragraph_spans(body)] == ["Byline", "MR PRICE: Good afternoon.", "QUESTION: Thanks."]
    assert anchored_text("abc", body, [], parse_ref("abc#p2")) == "MR PRICE: Good afternoon."


def test_references_parse_and_bad_ones_say_the_forms():
    assert parse_ref("abc123#p118") == Ref("abc123", "p", 118)
    assert parse_ref("abc123#t4") == Ref("abc123", "t", 4)
    assert parse_ref(" abc123 ") == Ref("abc123")
    assert str(parse_ref("abc#p2")) == "abc#p2"
    assert parse_ref("abc123#t42").what == "turn" and parse_ref("abc123#p7").what == "paragraph"
    assert parse_ref("abc123").what is None
    # as copied from show's header line or typed in capitals: the same references
    assert parse_ref("abc123#¶7") == parse_ref("abc123#P7") == Ref("abc123", "p", 7)
    assert parse_ref("abc123#T42") == Ref("abc123", "t", 42)
    for bad in ("abc#p0", "abc#x3", "abc#p", "#p3", "abc#p3 extra"):
        with pytest.raises(UsageError, match="bad statement reference"):
            parse_ref(bad)
    with pytest.raises(UsageError, match="has no paragraph 5: it has paragraphs 1-1"):
        anchored_text("abc", "only one", [], parse_ref("abc#p5"))


class _Turn:
    def __init__(self, n: int, first: int, last: int) -> None:
        self.n, self.first, self.last = n, first, last


def test_an_anchor_resolves_to_its_paragraphs_and_a_missing_one_names_what_exists():
    body = "Preamble\nMR PRICE: One.\nTwo.\nQUESTION: Three?"
    turns = [_Turn(0, 1, 1), _Turn(1, 2, 3), _Turn(2, 4, 4)]
    assert locate("abc", body, turns, parse_ref("abc#t1")) == ("turn", 1, 2, 3)
    assert locate("abc", body, turns, parse_ref("abc#p4")) == ("paragraph", 4, 4, 4)
    assert anchored_text("abc", body, turns, parse_ref("abc#t1")) == "MR PRICE: One.\n\nTwo."
    assert anchored_text("abc", body, turns, parse_ref("abc")) == body
    with pytest.raises(UsageError, match="has no turn 7: it has turns 0-2") as missing:
        locate("abc", body, turns, parse_ref("abc#t7"))
    assert missing.value.exit_code == 1
    with pytest.raises(UsageError, match="has no paragraph 5: it has paragraphs 1-4"):
        locate("abc", body, turns, parse_ref("abc#p5"))
    with pytest.raises(UsageError, match="has no turn 1: it has no turns"):
        locate("abc", body, [], parse_ref("abc#t1"))


@given(st.text(max_size=300))
def test_any_reference_text_parses_or_is_a_usage_error(text):
    try:
        ref = parse_ref(text)
    except UsageError:
        return
    assert "#" not in ref.id
    assert (ref.kind is None) == (ref.number is None) and ref.kind in (None, "p", "t")
    assert ref.number is None or ref.number >= 1


@given(st.text(max_size=300))
def test_paragraph_spans_are_ordered_non_empty_and_stripped(text):
    spans = paragraph_spans(text)
    assert all(a < b for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
    for a, b in spans:
        assert text[a:b] == text[a:b].strip()

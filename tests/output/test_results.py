"""Search results as text and JSON, without a terminal or an index."""

import datetime as dt
import io
import json

from searchtool.output.results import (
    header_line,
    print_result,
    result_json,
    write_plain,
    write_result,
)
from searchtool.searching.fallback import fallback_note
from searchtool.searching.highlight import Fragment
from searchtool.searching.request import Duplicate, Hit, SearchResult


def result(total=2, hits=None, **kw):
    hits = hits if hits is not None else [
        Hit(1, "a1", 3.14159, "Title one", dt.date(2012, 12, 3), ["A. B. Smith"], "comment", "x/1.txt", None,
            "… the missile defence …", [Fragment([("the ", False), ("missile", True), (" defence", False)], 10, 30, True, True)], 0),
    ]
    base = dict(query="missile", total=total, page=1, limit=10, hits=hits, facets={}, fallback_used=False,
                suggestions=[], elapsed_ms=12.4)
    base.update(kw)
    return SearchResult(**base)


def test_header_counts_pages_and_time():
    assert header_line(result()) == "1 of 2 statements (12 ms)"
    assert header_line(result(total=1)) == "1 of 1 statement (12 ms)"
    assert header_line(result(total=0, hits=[])) == "No statements match (12 ms)"
    assert header_line(result(total=25, page=2, limit=10, hits=result().hits * 10)).startswith("11-20 of 25")


def test_plain_and_rich_output():
    out = io.StringIO()
    write_plain(result(), out)
    text = out.getvalue()
    assert "  1. Title one" in text and "2012-12-03 · A. B. Smith · comment · score 3.14" in text
    assert "… the missile defence …" in text and "searchtool show a1   x/1.txt" in text
    out = io.StringIO()
    write_result(result(), out, color=True)
    assert "\x1b[1;30;43mmissile" in out.getvalue()


def test_notes_fallback_and_suggestions_are_shown():
    out = io.StringIO()
    write_plain(result(total=0, hits=[], suggestions=["missile defence"]), out)
    assert 'Did you mean: "missile defence" ?' in out.getvalue()
    out = io.StringIO()
    write_plain(result(fallback_used=True, notes=[fallback_note(1)]), out)
    assert "Only 1 statement has all the words (listed first); then statements with any of them." in out.getvalue()


def test_json_keys_and_facets():
    doc = result_json(result(facets={"year": [("2012", 1)]}))
    assert list(doc) == ["query", "total", "page", "limit", "hits", "facets"]
    assert doc["hits"][0]["date"] == "2012-12-03" and doc["hits"][0]["score"] == 3.1416
    assert doc["facets"] == {"year": [{"value": "2012", "count": 1}]}
    json.dumps(doc)


def test_json_notes_go_to_stderr_so_the_document_stays_alone():
    out, err = io.StringIO(), io.StringIO()
    print_result(result(fallback_used=True, notes=[fallback_note(0)]), out, as_json=True, color=False, err=err)
    assert json.loads(out.getvalue())["total"] == 2
    assert err.getvalue() == (
        "searchtool: No statement has all the words; showing statements with any of them, best first.\n"
    )


def test_a_record_of_a_multi_record_file_is_shown_with_its_number():
    hit = result().hits[0]
    hit.recno, hit.label = 3, "Canada, 1950"
    out = io.StringIO()
    write_plain(result(hits=[hit]), out)
    assert "  1. Canada, 1950" in out.getvalue() and "searchtool show a1   x/1.txt#3" in out.getvalue()


class _Marks:
    """A highlighter that marks every "Title"."""

    def parts(self, text):
        head, sep, tail = text.partition("Title")
        return [(head, False), (sep, True), (tail, False)] if sep else [(text, False)]


def test_colour_marks_the_title_with_the_result_s_highlighter():
    out = io.StringIO()
    write_result(result(highlighter=_Marks()), out, color=True)
    assert "\x1b[1;30;43mTitle" in out.getvalue()
    out = io.StringIO()
    write_result(result(), out, color=True)  # no highlighter: the title is one plain part
    assert "Title one" in out.getvalue()


class _Writes(io.StringIO):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def write(self, text):
        self.calls += 1
        return super().write(text)


def test_coloured_results_are_written_once_per_hit():
    """What made Rich slow was a print per line and part; the terminal gets one write per hit
    (after the header, and the facets at the end)."""
    hits = [result().hits[0]] * 3
    out = _Writes()
    write_result(result(total=3, hits=hits, facets={"year": [("2012", 3)]}), out, color=True)
    assert out.calls == 1 + 3 + 1
    assert out.getvalue().count("\x1b[1;30;43mmissile\x1b[0m") == 3


def test_folded_duplicates_are_listed_under_their_hit_in_text_colour_and_json():
    res = result()
    res.hits[0].duplicates = [Duplicate("b2", "Title one (reissued)", dt.date(2012, 12, 5), "identical", 1.0),
                              Duplicate("c3", "Title one again", None, "identical", 1.0)]
    plain = io.StringIO()
    write_plain(res, plain)
    assert "     (+2 identical: Title one (reissued) · 2012-12-05 · b2; Title one again · undated · c3)" in plain.getvalue()
    colour = io.StringIO()
    write_result(res, colour, color=True)
    assert "(+2 identical: Title one (reissued)" in colour.getvalue()
    assert result_json(res)["hits"][0]["duplicates"][1] == {"id": "c3", "title": "Title one again", "date": None,
                                                             "kind": "identical", "similarity": 1.0}

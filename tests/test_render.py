"""Colour decisions and the text/JSON renderers, without a terminal."""

import datetime as dt
import io
import json

import pytest

from searchtool.errors import UsageError
from searchtool.searching.highlight import Fragment
from searchtool.output.render import header_line, result_json, use_color, write_plain, write_result
from searchtool.searching.engine import fallback_note, Hit, SearchResult


class Tty(io.StringIO):
    def isatty(self):
        return True


def result(total=2, hits=None, **kw):
    hits = hits if hits is not None else [
        Hit(1, "a1", 3.14159, "Title one", dt.date(2012, 12, 3), ["A. B. Smith"], "comment", "x/1.txt", None,
            "… the missile defence …", [Fragment([("the ", False), ("missile", True), (" defence", False)], 10, 30, True, True)], 0),
    ]
    base = dict(query="missile", total=total, page=1, limit=10, hits=hits, facets={}, fallback_used=False,
                suggestions=[], elapsed_ms=12.4)
    base.update(kw)
    return SearchResult(**base)


def test_color_choice(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto", Tty()) is True
    assert use_color("auto", io.StringIO()) is False
    assert use_color("never", Tty()) is False
    assert use_color("always", io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", Tty()) is False
    assert use_color("always", io.StringIO()) is True
    with pytest.raises(UsageError):
        use_color("rainbow")


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

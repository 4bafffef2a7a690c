"""One whole statement: its JSON, the metadata rows, the plain text, the pager."""

import datetime as dt
import io

import pytest

from searchtool.output.document import header_rows, print_statement, statement_json
from searchtool.searching.engine import Statement
from tests.support.terminal import FakeTerminal

STORED = {
    "id": "fx02-briefing", "title": "Briefing by Maria Zakharova", "speakers": ["Maria Zakharova"],
    "posts": ["Foreign Ministry Spokeswoman"], "type": "briefing", "path": "statements/02.txt",
    "url": None, "fields": {"country": "RUS"},
}
BODY = "Maria Zakharova answered questions from the press.\n\nShe spoke about the CSTO's summit."


def statement(stored=STORED, body=BODY, recno=None, highlighter=None):
    return Statement(stored, body, dt.date(2021, 3, 16), stored.get("title") or "Label", recno, highlighter)


@pytest.mark.parametrize("pager", ["false", "/nonexistent/pager", "exit 3"])
def test_a_failing_pager_prints_the_statement_directly(monkeypatch, pager):
    monkeypatch.setenv("PAGER", pager)
    out = FakeTerminal()
    print_statement(statement(), out, as_json=False, color=True, pager=True)
    assert "Maria Zakharova answered" in "".join(out.parts)


def test_show_pairs_each_speaker_with_their_own_post():
    doc = {"id": "x", "date": None, "speakers": ["Office of the Spokesperson", "Ned Price"],
           "posts": ["", "Department Spokesperson"], "type": "readout", "path": "", "url": None, "fields": {}}
    rows = dict(header_rows(doc))
    assert rows["speakers"] == "Office of the Spokesperson; Ned Price (Department Spokesperson)"
    assert "posts" not in rows


def test_json_keeps_the_record_s_own_values():
    doc = statement_json(statement({**STORED, "title": "", "lang": "ru"}))
    assert list(doc) == ["id", "title", "date", "speakers", "posts", "type", "lang", "path", "url", "fields", "body", "turns"]
    assert doc["title"] == "" and doc["date"] == "2021-03-16" and doc["body"] == BODY
    assert doc["lang"] == "ru"


def test_plain_text_has_the_heading_the_rows_and_the_whole_body():
    out = io.StringIO()
    print_statement(statement({**STORED, "title": ""}, recno=3), out, as_json=False, color=False, pager=True)
    text = out.getvalue()
    assert text.startswith("Label\n\nid: fx02-briefing\ndate: 2021-03-16\n")
    assert "speakers: Maria Zakharova (Foreign Ministry Spokeswoman)\n" in text
    assert "path: statements/02.txt#3\n" in text and "\nfields:\n  country: RUS\n" in text
    assert text.endswith("\n\n" + BODY + "\n") and "\x1b" not in text


class _Marks:
    """A highlighter that marks every "Zakharova"."""

    def parts(self, text):
        bits = text.split("Zakharova")
        out = [(bits[0], False)]
        for bit in bits[1:]:
            out += [("Zakharova", True), (bit, False)]
        return [p for p in out if p[0]]


def test_colour_marks_the_highlighter_s_matches_in_heading_and_body():
    out = io.StringIO()
    print_statement(statement(highlighter=_Marks()), out, as_json=False, color=True, pager=False)
    text = out.getvalue()
    assert text.count("\x1b[1;30;43mZakharova") == 2  # in the heading and the body
    assert "Maria Zakharova (Foreign Ministry Spokeswoman)" in text  # the rows are not marked

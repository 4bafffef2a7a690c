"""``searchtool show``: whole statement, metadata header, id prefixes, JSON, highlighting, the
pager on a terminal."""

import json

from typer.testing import CliRunner

from searchtool.cli import app
from searchtool.cli.options import SHOW
from searchtool.cli.run import run_show
from tests.support.terminal import FakeTerminal

MATCH_ON = "\x1b[1;30;43m"


def show(index, *args):
    return CliRunner().invoke(app, ["show", "--index", str(index), *args])


def test_show_prints_metadata_and_the_whole_body(index):
    result = show(index, "fx01-comment")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Comment on the NATO-Russia Council meeting\n")
    for line in ("id: fx01-comment", "date: 2012-12-03", "speakers: A. K. Lukashevich", "type: comment",
                 "path: statements/01.txt", "url: https://example.org/1", "country: RUS"):
        assert line in out
    assert "counter-narcotics training." in out and "\n\nCooperation in Afghanistan" in out  # paragraphs kept
    assert "\x1b" not in out


def test_unambiguous_prefix_and_errors(index):
    assert show(index, "fx03").stdout.startswith("Remarks at the General Assembly")
    ambiguous = show(index, "fx0")
    assert ambiguous.exit_code == 2 and "ambiguous" in ambiguous.stderr and "fx01-comment" in ambiguous.stderr
    missing = show(index, "nope")
    assert missing.exit_code == 1 and "no statement with id 'nope'" in missing.stderr


def test_show_json(index):
    doc = json.loads(show(index, "fx07", "--json").stdout)
    assert doc["id"] == "fx07-undated" and doc["date"] is None and doc["speakers"] == []
    assert doc["body"].startswith("Consular services")
    assert set(doc) == {"id", "title", "date", "speakers", "posts", "type", "lang", "path", "url", "fields", "body", "turns"}


def test_show_highlights_the_query_in_colour(index):
    out = show(index, "fx01", "--query", '"missile defence" negotiate', "--color", "always", "--no-pager").stdout
    assert MATCH_ON + "missile defence" in out and MATCH_ON + "negotiations" in out
    assert MATCH_ON + "Council" not in out
    title = show(index, "fx08", "-q", "climate", "--color", "always").stdout.splitlines()[0]
    assert MATCH_ON + "climate" in title


def test_untitled_records_are_named_by_their_metadata_and_record_number(index):
    out = CliRunner().invoke(app, ["search", "--index", str(index), "delegation", "--color", "never"]).stdout
    assert "1. Argentina, 1957" in out and "2. Canada, 1950" in out and "(untitled)" not in out
    assert "searchtool show fx09-un   un/speeches.jsonl#3" in out
    shown = show(index, "fx09").stdout
    assert shown.startswith("Canada, 1950\n") and "path: un/speeches.jsonl#3" in shown
    # the record's own fields are set apart from the core ones
    assert "\nfields:\n  country: Canada\n  session: 5\n  year: 1950\n" in shown
    assert json.loads(show(index, "fx09", "--json").stdout)["title"] == ""  # data stays as it is


def test_untitled_record_without_identifying_fields_uses_its_opening_words():
    # the engine's record_label, what show and search call an untitled record (with its tests
    # once the engine's tests have a folder)
    from searchtool.searching.hits import record_label

    assert record_label({"title": "", "fields": {"session": 5}}, "The delegation of Argentina welcomes " * 5).startswith(
        "The delegation of Argentina welcomes The delegation"
    )
    assert record_label({"title": "", "fields": {"Country": "Peru"}, "year": 1990}, "x") == "Peru, 1990"
    assert record_label({}, "") == "(untitled)"


def test_on_a_terminal_the_statement_goes_through_the_pager(index, monkeypatch, tmp_path):
    monkeypatch.setenv("PAGER", f"cat > {tmp_path / 'paged'}")
    out = FakeTerminal()
    values = {**SHOW.defaults(), "index": str(index), "ident": "fx02", "color": "always"}
    assert run_show(values, out=out) == 0
    assert out.parts == [] and "Maria Zakharova answered" in (tmp_path / "paged").read_text()


def test_show_rejects_a_query_it_cannot_read(index):
    result = show(index, "fx01", "--query", "speakr:lavrov")
    assert result.exit_code == 2 and "unknown field 'speakr'" in result.stderr

"""``searchtool show``: whole statement, metadata header, id prefixes, JSON, highlighting."""

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "search"))
import search_fixture  # noqa: E402

from searchtool.cli import app, run_fast  # noqa: E402

MATCH_ON = "\x1b[1;30;43m"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return search_fixture.build(tmp_path_factory.mktemp("show") / "ix")


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
    assert set(doc) == {"id", "title", "date", "speakers", "posts", "type", "path", "url", "fields", "body"}


def test_show_highlights_the_query_in_colour(index):
    out = show(index, "fx01", "--query", '"missile defence" negotiate', "--color", "always", "--no-pager").stdout
    assert MATCH_ON + "missile defence" in out and MATCH_ON + "negotiations" in out
    assert MATCH_ON + "Council" not in out
    title = show(index, "fx08", "-q", "climate", "--color", "always").stdout.splitlines()[0]
    assert MATCH_ON + "climate" in title


def test_fast_path_show_equals_typer(index, capsys):
    assert run_fast(["show", "--index", str(index), "fx02"]) == 0
    assert capsys.readouterr().out == show(index, "fx02").stdout

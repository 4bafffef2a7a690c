"""``reuse``: statements sharing a run of words with a paragraph or a text, first use first,
boilerplate flagged, loose (stemmed) phrase matches left out."""

from __future__ import annotations

import json

import pytest

from searchtool.errors import UsageError
from searchtool.indexing.update import update_index
from searchtool.paragraphs import paragraph_spans
from searchtool.reading.reader import read_paths
from searchtool.searching.reuse import find_reuse
from tests.support.cli import run
from tests.support.collection import index_slice, write_statement
from tests.support.paths import shared

LINE = "The United States stands with the people of Moldova as they build a secure and prosperous future"
BOILER = "For more information please contact the Office of the Spokesperson at the Department"


def _write(folder, name: str, title: str, paragraphs: list[str], date: str) -> None:
    write_statement(folder, name, title, "\n".join(paragraphs), date)


@pytest.fixture(scope="module")
def talking_points(tmp_path_factory):
    root = tmp_path_factory.mktemp("reuse")
    src = root / "src"
    _write(src, "a.txt", "Call with the Moldovan President", ["Jane Doe, Spokesperson", f"{LINE}.", f"{BOILER}."], "March 10, 2022")
    _write(src, "b.txt", "Remarks in Chisinau", ["John Roe, Secretary of State", f"Today I said it again: {LINE}, and we mean it."], "March 2, 2022")
    _write(src, "c.txt", "Readout", ["Office of the Spokesperson", "The United States stand with the peoples of Moldova as they builds a secure and prosperous futures today."], "April 1, 2022")
    for i in range(6):
        _write(src, f"n{i}.txt", f"Notice {i}", ["Office of the Spokesperson", f"Travel notice number {i} for the region.", f"{BOILER}."], f"May {i + 1}, 2022")
    ix = root / "ix"
    update_index([src], ix)
    return ix, {r.title: r for r in read_paths([src])}


def _ref(rec, needle: str) -> str:
    """``ID#pN`` of the paragraph of ``rec`` holding ``needle`` (numbered as the body is stored)."""
    number = next(i for i, (a, b) in enumerate(paragraph_spans(rec.body), 1) if needle in rec.body[a:b])
    return f"{rec.id}#p{number}"


def test_a_paragraph_lists_its_first_use_and_later_uses(talking_points):
    ix, ids = talking_points
    found = find_reuse(ix, _ref(ids["Call with the Moldovan President"], "Moldova as"))
    assert [u.title for u in found.uses] == ["Remarks in Chisinau", "Call with the Moldovan President"]
    first, cited = found.uses
    assert first.date.isoformat() == "2022-03-02" and first.speakers == ["John Roe"] and not first.source
    assert cited.source and first.shared == " ".join(LINE.lower().split()) and first.words == len(LINE.split())
    # "stand", "peoples", "builds": the phrases match through stemming, the words do not: left out.
    assert "Readout" not in [u.title for u in found.uses]


def test_a_line_in_many_statements_is_boilerplate(talking_points):
    ix, ids = talking_points
    found = find_reuse(ix, _ref(ids["Call with the Moldovan President"], "more information"))
    assert len(found.uses) == 7 and all(u.boilerplate for u in found.uses)
    assert not any(u.boilerplate for u in find_reuse(ix, text=LINE).uses)


def test_cli_reuse_text_json_exit_codes_and_errors(talking_points):
    ix, ids = talking_points
    out = run("reuse", "--text", LINE, "--json", "--index", str(ix))
    assert out.exit_code == 0 and [u["title"] for u in json.loads(out.stdout)["uses"]] == ["Remarks in Chisinau", "Call with the Moldovan President"]
    text = run("reuse", _ref(ids["Remarks in Chisinau"], "Moldova"), "--index", str(ix)).stdout
    assert text.startswith("First use: 2022-03-02 · John Roe · Remarks in Chisinau") and "the cited statement" in text
    alone = run("reuse", _ref(ids["Notice 1"], "Travel notice"), "--min-words", "5", "--index", str(ix))
    assert alone.exit_code == 1 and alone.stdout.startswith("No other statement shares")
    missing = run("reuse", ids["Notice 1"].id + "#p9", "--index", str(ix))
    assert missing.exit_code == 1 and "has no paragraph 9" in missing.stderr  # as show says it
    with pytest.raises(UsageError, match="fewer than 10 words"):
        find_reuse(ix, text="too short")
    with pytest.raises(UsageError, match="more than reuse compares at once"):
        find_reuse(ix, text=" ".join(f"word{i}" for i in range(1200)))
    with pytest.raises(UsageError, match="not both"):
        find_reuse(ix, ids["Readout"].id, text=LINE)


def test_state_department_baltic_sentence_finds_both_march_8_records(tmp_path):
    src, _ix = index_slice(sorted(shared("corpora", "state-dept", "txt").glob("2022-03-0[6-9]*.txt")), tmp_path)
    records = sorted(read_paths([src]), key=lambda r: r.date)
    cited = next(r for r in records if "democratic wall" in r.body)
    found = find_reuse(tmp_path / "ix", _ref(cited, "democratic wall"))
    users = [r for r in records if "formed a democratic wall" in r.body]
    assert {u.id for u in found.uses} >= {r.id for r in users} and len(users) >= 3
    assert found.uses[0].date == min(r.date for r in users)
    assert sum(1 for u in found.uses if u.date.isoformat() == "2022-03-08") >= 2

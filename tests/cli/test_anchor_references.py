"""One reference syntax, one set of errors: show, cite and reuse read ``ID#pN``/``ID#tN`` alike."""

from __future__ import annotations

import pytest

from searchtool.indexing.update import update_index
from searchtool.searching.engine import Engine, SearchRequest
from tests.support.cli import run
from tests.support.transcripts import write_transcripts

COMMANDS = ("show", "cite", "reuse")


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    """The index of the transcripts, and the id of the March 1 briefing (turns 0-5 over 6 paragraphs: the title and the date line are not body)."""
    root = write_transcripts(tmp_path_factory.mktemp("anchors") / "c")
    index = root.parent / "ix"
    update_index([root], index, jobs=1)
    with Engine(index) as engine:
        ident = engine.search(SearchRequest("vienna")).hits[0].id
    return index, ident


def _error(command: str, ref: str, index) -> tuple[int, str]:
    done = run(command, ref, "--index", str(index))
    return done.exit_code, done.stderr.strip().splitlines()[0] if done.stderr.strip() else ""


@pytest.mark.parametrize("suffix", ["#x3", "#p0", "#p", "#t-1"])
def test_a_malformed_reference_is_the_same_one_line_error_in_every_command(briefing, suffix):
    index, ident = briefing
    errors = {command: _error(command, ident + suffix, index) for command in COMMANDS}
    assert len(set(errors.values())) == 1, errors
    code, line = errors["show"]
    assert code == 2 and "bad statement reference" in line and "Traceback" not in line


@pytest.mark.parametrize("suffix, says", [("#p99", "has no paragraph 99: it has paragraphs 1-6"),
                                           ("#t77", "has no turn 77: it has turns 0-5")])
def test_a_missing_paragraph_or_turn_is_the_same_error_in_every_command(briefing, suffix, says):
    index, ident = briefing
    errors = {command: _error(command, ident + suffix, index) for command in COMMANDS}
    assert len(set(errors.values())) == 1, errors
    code, line = errors["show"]
    assert code == 1 and says in line


def test_every_command_takes_the_pilcrow_and_capital_forms_as_show_does(briefing):
    index, ident = briefing
    for form in (f"{ident}#¶4", f"{ident}#P4"):
        shown = run("show", form, "--index", str(index), "--color", "never")
        assert shown.exit_code == 0 and "[paragraph 4 · ¶4" in shown.stdout
        cited = run("cite", form, "--format", "text", "--index", str(index))
        assert cited.exit_code == 0 and "para. 4" in cited.stdout


@pytest.mark.parametrize("form, written", [("#t3", "#t3"), ("#p4", "#p4"), ("#¶4", "#p4"), ("#T3", "#t3")])
def test_show_names_the_statement_with_its_anchor_as_written_after_an_id(briefing, form, written):
    index, ident = briefing
    shown = run("show", ident + form, "--index", str(index), "--color", "never", "--no-pager")
    assert shown.exit_code == 0
    assert f"id: {ident}{written}\n" in shown.stdout

"""Statement text and file names never reach the terminal as control sequences.

A collection whose titles, bodies, speakers, fields and file names carry each kind of sequence
of design/reliability.md §6c is indexed, then every text output is checked: only searchtool's
own colour codes (SGR ``ESC[...m``, with ``--color always``) may remain; what the statements
held is shown visibly (ESC as U+241B).
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.controls import neutralise
from tests.support.cli import run

SEQUENCES = {
    "osc52-clipboard": "\x1b]52;c;ZXZpbA==\x07",
    "osc8-hyperlink": "\x1b]8;;http://evil.example/\x1b\\click here\x1b]8;;\x1b\\",
    "osc0-title": "\x1b]0;owned\x07",
    "csi-clear": "\x1b[2J\x1b[H",
    "csi-erase-line-above": "\x1b[1A\x1b[2K",
    "sgr-fake-colour": "\x1b[1;32m1 of 1 statement\x1b[0m",
    "sgr-conceal": "\x1b[8mhidden",
    "c1-csi": "\x9b2J",
    "bell-backspace-cr": "\x07\x08\rX",
    "bidi-override": "\u202eevil\u202c \u2066isolate\u2069",
}
ALL = "".join(SEQUENCES.values())
#: What searchtool itself may write with --color always: SGR codes only.
OWN_SGR = re.compile(r"\x1b\[[0-9;]*m")
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def leftovers(text: str) -> list[str]:
    return FORBIDDEN.findall(OWN_SGR.sub("", text))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("ctl")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "esc\x1b[2Jname.txt").write_text(
        f"Zqctl title {ALL}\nAntony J. Blinken, Secretary of State\nZqctl body {ALL} end.\nDecember 3, 2012\n",
        encoding="utf-8",
    )
    row = {"title": f"Zqctl record {ALL}", "text": f"zqctl text {ALL}", "date": "2013-01-02",
           "speaker": f"Evil {SEQUENCES['osc8-hyperlink']} Speaker", "country": f"R{SEQUENCES['csi-clear']}US"}
    (corpus / "rows.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    ix = root / "ix"
    result = run("index", str(corpus), "--index", str(ix))
    assert result.exit_code == 0, result.stderr
    assert not leftovers(result.stdout + result.stderr)
    return corpus, ix


def _ids(ix) -> list[str]:
    doc = json.loads(run("search", "--index", str(ix), "zqctl", "--json").stdout)
    assert doc["total"] == 2
    return [h["id"] for h in doc["hits"]]


@pytest.mark.parametrize("color", ["never", "always"])
def test_search_output_holds_no_control_sequence(hostile, color):
    _, ix = hostile
    result = run("search", "--index", str(ix), "zqctl", "--color", color, "--facet", "speaker", "--facet", "year")
    assert result.exit_code == 0, result.stderr
    assert leftovers(result.stdout) == []
    assert "\u241b" in result.stdout  # shown, not hidden: the reader sees something was there
    if color == "always":
        assert OWN_SGR.search(result.stdout)  # our own colours still work


@pytest.mark.parametrize("color", ["never", "always"])
def test_show_output_holds_no_control_sequence(hostile, color):
    _, ix = hostile
    for ident in _ids(ix):
        result = run("show", "--index", str(ix), ident, "--color", color, "--no-pager", "--query", "zqctl")
        assert result.exit_code == 0, result.stderr
        assert leftovers(result.stdout) == []
        assert "\u241b" in result.stdout


def test_parse_stats_and_errors_hold_no_control_sequence(hostile):
    corpus, ix = hostile
    for args in (["parse", str(corpus)], ["stats", "--index", str(ix)],
                 ["search", "--index", str(corpus / "esc\x1b[2Jname.txt"), "x"]):
        result = run(*args)
        assert leftovers(result.stdout + result.stderr) == [], args


@pytest.mark.parametrize("color", ["never", "always"])
def test_kwic_and_timeline_hold_no_control_sequence(hostile, color):
    _, ix = hostile
    for args in (["kwic", "--index", str(ix), "zqctl"], ["timeline", "--index", str(ix), "zqctl"]):
        result = run(*args, "--color", color)
        assert result.exit_code in (0, 1), result.stderr
        assert leftovers(result.stdout) == [], args


def test_json_keeps_the_text_exact_and_escaped(hostile):
    _, ix = hostile
    out = run("search", "--index", str(ix), "zqctl", "--json").stdout
    assert "\x1b" not in out  # the encoder escapes it ...
    assert any("\x1b]52" in h["title"] for h in json.loads(out)["hits"])  # ... and keeps it


@given(st.text(max_size=60))
def test_neutralise_keeps_length_and_leaves_nothing_a_terminal_obeys(text):
    safe = neutralise(text)
    assert len(safe) == len(text)
    assert not FORBIDDEN.search(safe)
    assert all(a == b for a, b in zip(text, safe) if not FORBIDDEN.match(a) and not "\ud800" <= a <= "\udfff")

"""A rules file cannot hang indexing with a backtracking pattern (design/reliability.md §6e)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchtool.errors import SearchtoolError
from searchtool.reading import rules
from searchtool.reading.regex_safety import backtracking_shape

CLI = [sys.executable, "-c", "from searchtool.cli import main; main()"]


@pytest.mark.parametrize("pattern", ["^(a+)+$"])
def test_a_collection_rules_file_with_a_backtracking_pattern_is_ignored_with_a_warning(tmp_path, pattern):
    """It used to hold `index` and `parse` for good; now the run ends at once, the rules file
    ignored with a line that says why, the statement indexed with the built-in rules."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("a" * 60 + "!\nbody\nDecember 3, 2012\n", encoding="utf-8")
    (corpus / "searchtool-rules.json").write_text(json.dumps({"types": [[pattern, "statement"]]}), encoding="utf-8")
    done = subprocess.run([*CLI, "index", str(corpus), "--index", str(tmp_path / "ix"), "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    said = [w for w in summary["warnings"] if "searchtool-rules.json" in w]
    assert len(said) == 1 and "rules file ignored" in said[0] and "could run for ever" in said[0], summary["warnings"]
    assert summary["records_total"] == 1
    parsed = subprocess.run([*CLI, "parse", str(corpus)], capture_output=True, text=True, timeout=60)
    assert parsed.returncode == 0 and "could run for ever" in parsed.stdout + parsed.stderr


def test_every_built_in_pattern_passes_the_check():
    built_in = rules.build_rules()
    patterns = [p for p, _ in built_in.types] + built_in.speakers + built_in.offices + built_in.question_labels \
        + built_in.moderator_labels + built_in.answer_labels + built_in.other_labels + built_in.speaker_labels
    assert len(patterns) > 50
    for bad in ("^(a+)+$", "^(?:a|ab|abc)*$", "(a|aa)+$", "(\\w*\\s?)*$", "(x{2,})*y", "((ab)*c)*$"):
        assert backtracking_shape(bad)
    assert [p.pattern for p in patterns if backtracking_shape(p.pattern, re.IGNORECASE)] == []


@pytest.mark.parametrize("pattern", ["^Statement by (?P<who>[^,]+),", "(?:\\w|\\d)+", "^(?:[\\w.&-]+\\s+){0,6}?x", "a+b*c+"])
def test_ordinary_user_patterns_are_accepted(pattern):
    rules.build_rules({"speakers" if "who" in pattern else "offices": [pattern]}, source="my-rules.json")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab()|*+?{}0123,", max_size=12))
def test_an_accepted_pattern_never_backtracks_exponentially(pattern):
    """Every pattern the check lets through finishes on a 24-letter adversarial line at once
    (an exponential one takes 2^24 steps there: seconds)."""
    try:
        compiled = rules.build_rules({"offices": [pattern]}, source="fuzz")
    except SearchtoolError:
        return
    import time

    t0 = time.perf_counter()
    for text in ("a" * 24 + "!", "ab" * 12 + "!", "aab" * 8 + "!"):
        compiled.offices[0].search(text)
    assert time.perf_counter() - t0 < 1.0  # a generous bound: exponential is ~100 times that

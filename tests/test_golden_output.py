"""The CLI's output, byte for byte, on a small real collection: help texts, search (JSON and
plain), show, stats and parse.

Written before the package was split into stage folders (issue 9), so that the move could prove
it changed no behaviour; kept as a guard for every later change that should not alter output.
When output changes on purpose, regenerate the files and read the diff before committing:

    SEARCHTOOL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_output.py

Paths, timings and the index's byte size are the only parts that vary between runs and machines; they are replaced by
placeholders (``<ROOT>``, ``<TMP>``, ``N ms``, ``N``) before comparing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "data" / "golden"
UPDATE = bool(os.environ.get("SEARCHTOOL_UPDATE_GOLDEN"))

#: Folders indexed for the captures: the shipped sample and hand-written statements of several
#: types and speakers (real files on disk, read by the real reader).
SOURCES = ("corpus", "tests/data/reader/mfa", "tests/data/reader/bylines")

COMMANDS = {
    "help": ["--help"],
    "help-parse": ["parse", "--help"],
    "help-index": ["index", "--help"],
    "help-search": ["search", "--help"],
    "help-show": ["show", "--help"],
    "help-stats": ["stats", "--help"],
    "help-eval": ["eval", "--help"],
    "search-json-words": ["search", "missile defense", "--json"],
    "search-json-phrase": ["search", '"missile defense"', "--json"],
    "search-json-not": ["search", "NATO -piracy", "--json"],
    "search-json-field": ["search", "speaker:lavrov", "--json"],
    "search-json-date": ["search", "date:>=2013 security", "--json", "--sort", "-date"],
    "search-json-fuzzy": ["search", "securty~ cooperation", "--json"],
    "search-json-facets": ["search", "russia", "--json", "--facet", "speaker", "--facet", "type", "--facet", "year"],
    "search-json-any": ["search", "disarmament treaty negotiations", "--any", "--json"],
    "search-json-fallback": ["search", "missile defense cooperation unicorn", "--json"],
    "search-json-filters": ["search", "--since", "2012", "--type", "comment", "--json"],
    "search-json-page": ["search", "the", "--json", "--limit", "2", "--page", "2"],
    "search-json-nothing": ["search", "secrety counsil", "--json"],
    "search-plain": ["search", "NATO missile", "--color", "never"],
    "search-plain-speaker": ["search", "--speaker", "zakharova", "briefing", "--color", "never"],
    "search-error-date": ["search", "date:2012-13"],
    "search-error-syntax": ["search", '"unclosed phrase'],
    "show-json": ["show", "31f8f71a", "--json", "--query", "missile defense"],
    "show-plain": ["show", "31f8f71a", "--color", "never", "--no-pager"],
    "stats-json": ["stats", "--json"],
    "parse-json": ["parse", "corpus", "tests/data/reader/bylines", "--json"],
}


def _normalise(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp), "<TMP>").replace(str(REPO), "<ROOT>")
    text = re.sub(r"\b\d+(?:\.\d+)? ms\b", "N ms", text)
    text = re.sub(r"\b\d+\.\d+ s\b", "N s", text)
    text = re.sub(r'"(created|last_update)": "[^"]+"', r'"\1": "<TIME>"', text)
    # The index's size in bytes moves with the module paths Whoosh pickles into its schema.
    text = re.sub(r'"index_bytes": \d+', '"index_bytes": N', text)
    # The stemmer's version is whichever PyStemmer release pip installed.
    text = re.sub(r'"stemmer": "PyStemmer [^"]*"', '"stemmer": "PyStemmer <VERSION>"', text)
    return text


@pytest.fixture(scope="module")
def golden_index(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("golden")
    index = tmp / "index"
    sources = [str(REPO / s) for s in SOURCES]
    done = subprocess.run(
        [sys.executable, "-m", "searchtool", "index", *sources, "--index", str(index)],
        capture_output=True, text=True, cwd=REPO, env=_env(index),
    )
    assert done.returncode == 0, done.stderr
    return index


def _env(index: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "SEARCHTOOL_INDEX")}
    env.update(COLUMNS="100", LINES="40", SEARCHTOOL_INDEX=str(index), TERM="dumb")
    return env


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_cli_output_is_unchanged(golden_index, name):
    done = subprocess.run(
        [sys.executable, "-m", "searchtool", *COMMANDS[name]],
        capture_output=True, text=True, cwd=REPO, env=_env(golden_index), stdin=subprocess.DEVNULL,
    )
    tmp = golden_index.parent
    got = f"exit {done.returncode}\n--- stdout\n{_normalise(done.stdout, tmp)}--- stderr\n{_normalise(done.stderr, tmp)}"
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with SEARCHTOOL_UPDATE_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8")

"""The CLI's output, byte for byte, on a small real collection: help texts, search (JSON and
plain), show, stats and parse.

Written before the package was split into stage folders (issue 9), so that the move could prove
it changed no behaviour; kept as a guard for every later change that should not alter output.
When output changes on purpose, regenerate the files and read the diff before committing:

    SEARCHTOOL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_output.py

The coloured captures (``COLOR_COMMANDS``, on a terminal type that takes colour) were written by
the Rich renderer that search results had before they were written with plain ANSI sequences;
they are compared as what a terminal shows (:func:`tests.support.ansi.screen`: each line's text
and the style of every character, trailing blanks dropped), since the two renderers may spell
the same styles with different escape bytes.

Paths, timings and the index's byte size are the only parts that vary between runs and machines; they are replaced by
placeholders (``<ROOT>``, ``<TMP>``, ``N ms``, ``N``) before comparing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support.ansi import screen

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

#: Coloured output: (arguments, environment changes). Widths 100 and 44 (titles, fragments and
#: paths wrap, under their indent), notes, facets, nothing found, and a dumb terminal (no
#: escape codes even with ``--color always``, 80 columns).
COLOR_COMMANDS = {
    "search-color": (["search", "NATO missile", "--color", "always"], {}),
    "search-color-narrow": (["search", "speaker:zakharova briefing", "--color", "always"], {"COLUMNS": "44"}),
    "search-color-facets": (["search", "russia", "--color", "always", "--limit", "2", "--facet", "type",
                             "--facet", "year"], {}),
    "search-color-fallback": (["search", "missile defense cooperation unicorn", "--color", "always"], {}),
    "search-color-nothing": (["search", "secrety counsil", "--color", "always"], {}),
    "search-color-dumb": (["search", "NATO missile", "--color", "always"], {"TERM": "dumb", "COLUMNS": ""}),
}


def _normalise(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp), "<TMP>").replace(str(REPO), "<ROOT>")
    text = re.sub(r"\b\d+(?:\.\d+)? ms\b", "N ms", text)
    text = re.sub(r"\b\d+\.\d+ s\b", "N s", text)
    text = re.sub(r'"(created|last_update)": "[^"]+"', r'"\1": "<TIME>"', text)
    # The index's size in bytes moves with the module paths Whoosh pickles into its schema.
    text = re.sub(r'"index_bytes": \d+', '"index_bytes": N', text)
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


def _capture(index: Path, name: str, args: list[str], env: dict | None = None) -> tuple[str, Path]:
    done = subprocess.run(
        [sys.executable, "-m", "searchtool", *args],
        capture_output=True, text=True, cwd=REPO, env={**_env(index), **(env or {})}, stdin=subprocess.DEVNULL,
    )
    tmp = index.parent
    got = f"exit {done.returncode}\n--- stdout\n{_normalise(done.stdout, tmp)}--- stderr\n{_normalise(done.stderr, tmp)}"
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with SEARCHTOOL_UPDATE_GOLDEN=1"
    return got, path


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_cli_output_is_unchanged(golden_index, name):
    got, path = _capture(golden_index, name, COMMANDS[name])
    assert got == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def color_index() -> Path:
    """The same sources indexed from a folder whose path has the same length on every machine
    (``/tmp/`` and 12 random characters): wrapped lines break at the same places everywhere."""
    root = Path(tempfile.mkdtemp(prefix="golden", dir="/tmp"))
    try:
        sources = []
        for s in SOURCES:
            shutil.copytree(REPO / s, root / "src" / s)
            sources.append(str(root / "src" / s))
        index = root / "index"
        done = subprocess.run(
            [sys.executable, "-m", "searchtool", "index", *sources, "--index", str(index)],
            capture_output=True, text=True, cwd=REPO, env=_env(index),
        )
        assert done.returncode == 0, done.stderr
        yield index
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("name", sorted(COLOR_COMMANDS))
def test_coloured_output_shows_the_same_text_and_styles(color_index, name):
    args, env = COLOR_COMMANDS[name]
    env = {k: v for k, v in {"TERM": "xterm-256color", **env}.items()}
    got, path = _capture(color_index, name, args, env)
    want = path.read_text(encoding="utf-8")
    assert ("\x1b[" in got) == ("\x1b[" in want) == (env["TERM"] != "dumb")
    assert screen(got) == screen(want)

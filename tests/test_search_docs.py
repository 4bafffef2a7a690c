"""Every example in docs/search.md runs against the shipped corpus and does what the page shows."""

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from searchtool.cli import app
from searchtool.indexing.update import build_index
from searchtool.reading.reader import read_paths

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "search.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "corpus", tmp / "corpus")
    build_index(read_paths([tmp / "corpus"]), tmp / "ix")
    return tmp / "ix"


def console_examples():
    """(argv, lines shown after the command) for each ``$ searchtool search|show`` in the page."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", DOC, flags=re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ searchtool search") or line.startswith("$ searchtool show"):
                command = line[2:].split("  #")[0]
                shown = []
                for nxt in lines[i + 1 :]:
                    if nxt.startswith("$ "):
                        break
                    shown.append(nxt)
                examples.append((shlex.split(command)[1:], shown))
    return examples


def table_queries():
    """The backticked queries in the first column of the syntax and field tables."""
    queries = []
    for row in re.findall(r"^\| (`.*?) \|", DOC, flags=re.M):
        for q in re.findall(r"`([^`]+)`", row):
            if not q.startswith("--") and not q.startswith("searchtool") and not re.fullmatch(r"[\w/ ]+:|-\w", q):
                queries.append(q)
    for row in re.findall(r"^\| `(?:title|body|speaker|post|type|url|path|id|date|year)[^|]*\| (.*?) \|", DOC, flags=re.M):
        queries.extend(re.findall(r"`([^`]+)`", row))
    return queries


def run(index, argv):
    return CliRunner().invoke(app, [argv[0], "--index", str(index), "--no-pager" if argv[0] == "show" else "--color", *( [] if argv[0] == "show" else ["never"]), *argv[1:]])


@pytest.mark.parametrize("argv, shown", console_examples(), ids=lambda v: " ".join(v) if isinstance(v, list) and v and isinstance(v[0], str) and not v[0].startswith(" ") else None)
def test_console_examples(index, argv, shown):
    result = run(index, argv)
    errors = [line for line in shown if line.startswith("searchtool: error:")]
    if errors:
        assert result.exit_code == 2
        assert result.stderr.strip() == errors[0]
        return
    assert result.exit_code in (0, 1), result.output
    if any(re.match(r"\d+ of \d+ statement", line) for line in shown) or shown[:1] == ["{"]:
        assert result.exit_code == 0
    if any(line.startswith("No statements match") for line in shown):
        assert result.exit_code == 1
        assert [line for line in shown if line.startswith("Did you mean")] == [
            line for line in result.stdout.splitlines() if line.startswith("Did you mean")
        ]


def test_the_page_has_examples():
    assert len(console_examples()) >= 8
    assert len(table_queries()) >= 20


@pytest.mark.parametrize("query", table_queries())
def test_table_queries_run(index, query):
    result = CliRunner().invoke(app, ["search", "--index", str(index), "--any" if query.startswith("+") else "--limit", *([] if query.startswith("+") else ["5"]), query])
    assert result.exit_code in (0, 1), (query, result.output)

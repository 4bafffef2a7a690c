"""The docs' examples run against the shipped corpus and print what the pages show.

Every ``$ searchtool search|show`` example in a console block of README.md and docs/*.md runs on
an index built as the README says (``searchtool index corpus``); its exit code, error line, "Did
you mean" line, totals, ids and scores must be what the page shows (a page may shorten titles and
snippets). Examples whose shown hits come from another collection (the README's opening example
runs on ../shared) are skipped by that rule. The query tables of docs/search.md must all run.
"""

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from searchtool.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "search.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@pytest.fixture(scope="module")
def index(tmp_path_factory, monkeypatch_module):
    tmp = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "corpus", tmp / "corpus")
    monkeypatch_module.chdir(tmp)  # as the README runs it: `searchtool index corpus` in the project
    result = CliRunner().invoke(app, ["index", "corpus", "--index", str(tmp / "ix")])
    assert result.exit_code == 0, result.output
    return tmp / "ix"


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def console_examples():
    """(argv, lines shown after the command) for each ``$ searchtool search|show`` of the pages."""
    examples = []
    text = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ searchtool search") or line.startswith("$ searchtool show"):
                command = line[2:].split("  #")[0]
                shown = []
                for nxt in lines[i + 1 :]:
                    if nxt.startswith("$ "):
                        break
                    shown.append(nxt)
                argv = shlex.split(command)[1:]
                paths = [m.group(1) for line in shown if (m := re.match(r"\s+searchtool show \w+\s+(\S+)", line))]
                if "--index" in argv or any("/corpus/" not in p and not p.startswith("corpus/") for p in paths):
                    continue  # another collection's example
                examples.append((argv, shown))
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
    printed = result.stdout
    for pattern in (r"^(\d+ of \d+) statement", r"searchtool show (\w+)", r'"id": "(\w+)"', r"score (\d+\.\d+)",
                    r'"score": ([\d.]+)', r'"total": (\d+)'):
        want = re.findall(pattern, "\n".join(shown), flags=re.M)
        if want:
            assert want == re.findall(pattern, printed, flags=re.M), pattern


def test_the_page_has_examples():
    assert len(console_examples()) >= 8
    assert len(table_queries()) >= 20


@pytest.mark.parametrize("query", table_queries())
def test_table_queries_run(index, query):
    result = CliRunner().invoke(app, ["search", "--index", str(index), "--any" if query.startswith("+") else "--limit", *([] if query.startswith("+") else ["5"]), query])
    assert result.exit_code in (0, 1), (query, result.output)

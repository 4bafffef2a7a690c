"""``searchtool parse``: human and JSON output, summary, exit codes."""

import io
import json
import subprocess
import sys

from typer.testing import CliRunner

from searchtool.cli import app
from searchtool.cli.parse_cmd import run_parse
from searchtool.reading.sniff import READABLE
from tests.support.paths import READER, REPO

ROOT = REPO
FIX = READER


def parse(*args: str):
    # Typer runs a lone registered command without its name; once the other commands are
    # registered the name is required. Pass it only when the app is a group.
    argv = (["parse"] if len(app.registered_commands) > 1 else []) + list(args)
    return CliRunner().invoke(app, argv)


def test_json_lines_for_the_seed_corpus():
    result = parse(str(ROOT / "corpus"), "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == {"id", "path", "title", "date", "date_precision", "lang", "format", "speakers", "posts", "type", "url", "fields",
                        "chars", "warnings", "turns"}
    assert row["date"] == "2012-12-03" and row["speakers"] == ["A. K. Lukashevich"] and row["type"] == "comment"
    assert "1 file read, 1 record, 0 warnings, 0 skipped" in result.stderr


def test_plain_output_when_piped():
    result = parse(str(FIX / "mfa"))
    assert result.exit_code == 0
    out = result.stdout
    assert "speakers: Maria Zakharova (Foreign Ministry Spokeswoman)" in out
    assert "date:     2021-03-16    type: briefing" in out
    assert "\x1b[" not in out  # no colour codes in a pipe
    assert out.rstrip().endswith("9 files read, 9 records, 0 warnings, 0 skipped")


def test_warnings_and_skips_are_listed_and_counted(tmp_path):
    (tmp_path / "good.txt").write_text("Statement on the talks\nText.\n", encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\x00")
    (tmp_path / "s.jsonl").write_text('{"title": "A", "text": "x"}\n{oops\n', encoding="utf-8")
    result = parse(str(tmp_path), "--json")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    err = result.stderr
    assert "good.txt: no date found" in err
    assert "s.jsonl:2: malformed JSON line skipped" in err
    assert "scan.txt: skipped: unreadable PDF" in err
    assert "s.jsonl: record 1: no date found" in err  # a JSON record without a date warns like a .txt
    assert err.rstrip().endswith("2 files read, 2 records, 3 warnings, 1 skipped (jsonl 1, text 1)")


READS = ", ".join(READABLE.values())


def test_nothing_readable_is_one_line_and_nonzero(tmp_path):
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\x00")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = parse(str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"searchtool: error: nothing readable in {tmp_path}: 2 file(s) skipped (empty file; unreadable PDF: "
        f"Failed to load document (PDFium: Data format error).) (searchtool reads {READS})"
    ]


def test_missing_path(tmp_path):
    result = parse(str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr and "Traceback" not in result.output


def test_installed_script_json(tmp_path):
    cmd = [sys.executable, "-m", "searchtool"] + (["parse"] if len(app.registered_commands) > 1 else [])
    proc = subprocess.run(cmd + [str(FIX / "bylines"), "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["speakers"][0] for r in rows] == ["Antony J. Blinken", "Antony J. Blinken", "Office of the Spokesperson"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_output_on_a_terminal():
    out, err = _Terminal(), io.StringIO()
    assert run_parse([FIX / "bylines"], out=out, err=err) == 0
    text = out.getvalue()
    assert "Mongolia National Day" in text and "Antony J. Blinken (Secretary of State)" in text
    assert "3 files read, 3 records, 0 warnings, 0 skipped" in text
    assert err.getvalue() == ""

"""``searchtool parse``'s printer: records as they come, then the problems and the summary."""

import io
import json

from searchtool.output.records import MAX_LISTED, RecordPrinter, plain_lines
from searchtool.record import Record

REC = Record(id="abc", path="un/speeches.jsonl", title="", body="The delegation", speakers=["A", "B"],
             posts=["Minister"], fields={"country": "Peru"}, recno=2)


def test_plain_block_names_the_record_and_its_number():
    lines = plain_lines(REC)
    assert lines[0] == "un/speeches.jsonl#2  [abc]"
    assert "  speakers: A; B  [posts: Minister]" in lines and "  fields:   country=Peru" in lines


def test_json_lines_with_problems_and_summary_on_stderr():
    out, err = io.StringIO(), io.StringIO()
    printer = RecordPrinter(out, err, as_json=True)
    printer.record(REC)
    printer.finish("1 file read, 1 record, 0 warnings, 0 skipped", ["a.txt: no date found"])
    assert json.loads(out.getvalue())["path"] == "un/speeches.jsonl#2"
    assert err.getvalue() == "a.txt: no date found\n1 file read, 1 record, 0 warnings, 0 skipped\n"


def test_problems_are_listed_up_to_a_limit():
    out, err = io.StringIO(), io.StringIO()
    RecordPrinter(out, err).finish("summary", [f"f{i}.txt: no date found" for i in range(MAX_LISTED + 5)])
    lines = err.getvalue().splitlines()
    assert len(lines) == MAX_LISTED + 1 and lines[-1] == "... and 5 more"
    assert out.getvalue() == "summary\n"  # piped: the summary goes with the records

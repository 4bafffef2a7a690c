"""The shared corpora read as they are (skipped when ../shared is absent)."""

import itertools
import json
import os
from pathlib import Path

import pytest

from searchtool.reading.reader import ReadReport, discover, read_paths, read_source
from searchtool.reading.textfiles import one_line

SHARED = Path(os.environ.get("SEARCHTOOL_SHARED") or Path(__file__).resolve().parents[2] / ".." / "shared")
STATE = SHARED / "corpora" / "state-dept" / "state_dept_press_releases_2021-2022.jsonl"
UNGDC = SHARED / "corpora" / "ungdc" / "ungdc_1946-2024.jsonl.gz"


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"../shared not found: {path} is missing")


def test_state_dept_jsonl_reads_whole_with_creator_speakers():
    need(STATE)
    report = ReadReport()
    records = list(read_paths([STATE], report))
    raw = [json.loads(line) for line in STATE.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(raw) == 2031
    assert report.warnings == [] and report.skipped == []
    assert len({r.id for r in records}) == 2031
    for rec, item in zip(records, raw):
        assert rec.date.isoformat() == item["date"]
        assert rec.title == one_line(item["title"]) and rec.url == item["url"]
        assert rec.fields["source_id"] == item["id"]
        first = item["creator"].split(",")[0].replace("\xa0", " ").strip()
        assert rec.speakers and (rec.speakers[0] == " ".join(first.split()) or first.endswith(rec.speakers[0]))


def test_ungdc_streams_with_speaker_and_post():
    need(UNGDC)
    src = discover([UNGDC])[0]
    assert src.kind == "jsonl"
    report = ReadReport()
    first = list(itertools.islice(read_source(src, report), 300))  # streamed: no full read needed
    assert len(first) == 300 and report.warnings == []
    assert first[0].speakers == ["Mr. Arce"] and first[0].fields["country_iso"] == "ARG"
    assert all(r.date is None and r.fields["year"].isdigit() for r in first)
    assert sum(bool(r.body) for r in first) == 300

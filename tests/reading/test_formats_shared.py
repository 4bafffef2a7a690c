"""Every format against the truth: State Department statements from ../shared rendered as web
pages (a state.gov-like and a ministry-like template), one- and two-column PDFs, Word files and
mail, read back and compared with the JSONL and with what the ``.txt`` reader makes of the same
statement: title and date exact, the same speakers, body word recall >= 0.99, no page furniture,
every transcript label kept at a paragraph start.
"""

from __future__ import annotations

import datetime as dt
import json
import mailbox
import re
from collections import Counter
from pathlib import Path

import pytest

from searchtool.reading.reader import read_paths
from searchtool.reading.report import ReadReport
from searchtool.reading.textfiles import one_line
from tests.support import formats
from tests.support.paths import shared

#: Labels that open a turn in a transcript ("MR PRICE:", "QUESTION:", "SECRETARY BLINKEN:").
LABEL = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}:(?=\s)", re.M)
_WORD = re.compile(r"\w+")
#: How many statements each format is checked on (a slice: the suite must stay fast).
SLICE = 36
PDF_SLICE = 10


def words(text: str) -> Counter:
    return Counter(_WORD.findall(text.replace("’", "'").replace("‘", "'").lower()))


def recall(truth: str, got: str) -> float:
    want, have = words(truth), words(got)
    total = sum(want.values())
    return sum(min(n, have[w]) for w, n in want.items()) / total if total else 1.0


def labels(text: str) -> list[str]:
    return LABEL.findall(text)


def _slice() -> list[dict]:
    path = shared("corpora", "state-dept", "state_dept_press_releases_2021-2022.jsonl")
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    small = [r for r in rows if len(r["text"]) < 9000]
    transcripts = [r for r in small if len(labels(r["text"])) >= 3]
    chosen = small[:: max(1, len(small) // (SLICE - 8))][: SLICE - 8] + transcripts[:: max(1, len(transcripts) // 8)][:8]
    return list({r["id"]: r for r in chosen}.values())


def _page_id(row: dict) -> str:
    return row["id"].rsplit("=", 1)[-1]


def _read(path: Path):
    report = ReadReport()
    recs = list(read_paths([path], report))
    return recs, report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Each statement of the slice: its JSONL row, its .txt record, and its files in every format."""
    rows = _slice()
    txt_dir = shared("corpora", "state-dept", "txt")
    out = tmp_path_factory.mktemp("formats")
    items = []
    box = mailbox.mbox(str(out / "all.mbox"))
    for i, row in enumerate(rows):
        date = dt.date.fromisoformat(row["date"])
        pid = _page_id(row)
        (txt,) = txt_dir.glob(f"*_{pid}_*.txt")
        (txt_rec,), _ = _read(txt)
        files = {}
        (out / f"{pid}.html").write_text(formats.state_page(row["title"], date, row["text"], row["url"]), encoding="utf-8")
        files["state-html"] = out / f"{pid}.html"
        (out / f"{pid}.htm").write_text(formats.ministry_page(row["title"], date, row["text"]), encoding="utf-8")
        files["ministry-html"] = out / f"{pid}.htm"
        closing = f"{date.strftime('%B')} {date.day}, {date.year}"
        lines = [line for line in row["text"].splitlines() if line.strip()]
        (out / f"{pid}.docx").write_bytes(formats.docx_bytes([row["title"], *lines, closing]))
        files["docx"] = out / f"{pid}.docx"
        # Mail: the date line in the body of every other message; the others are dated by their header.
        body = row["text"] + (f"\n{closing}\n" if i % 2 == 0 else "\n")
        msg = formats.message(row["title"], "Office of the Spokesperson <spokesperson@state.gov>", date, body)
        (out / f"{pid}.eml").write_bytes(bytes(msg))
        files["eml"] = out / f"{pid}.eml"
        box.add(msg)
        if i < PDF_SLICE:
            (out / f"{pid}.pdf").write_bytes(formats.pdf_bytes(row["title"], lines, closing))
            files["pdf"] = out / f"{pid}.pdf"
            (out / f"{pid}-2col.pdf").write_bytes(formats.pdf_bytes(row["title"], lines, closing, columns=2))
            files["pdf-2col"] = out / f"{pid}-2col.pdf"
        items.append((row, txt_rec, files))
    box.flush()
    box.close()
    return items, out / "all.mbox"


FORMATS = ["state-html", "ministry-html", "docx", "eml", "pdf", "pdf-2col"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_gives_the_truth(corpus, fmt):
    items, _ = corpus
    checked = 0
    for row, txt_rec, files in items:
        if fmt not in files:
            continue
        recs, report = _read(files[fmt])
        assert report.skipped == [] and len(recs) == 1, (files[fmt], report.skipped)
        rec = recs[0]
        where = f"{fmt} {files[fmt].name}"
        assert rec.title == one_line(row["title"]) == txt_rec.title, where
        assert rec.date == dt.date.fromisoformat(row["date"]), where
        assert rec.speakers == txt_rec.speakers, where
        assert recall(txt_rec.body, rec.body) >= 0.99, where
        for junk in formats.BOILERPLATE + (formats.RUNNING_HEADER, "Page 1"):
            assert junk not in rec.body and junk not in rec.title, (where, junk)
        assert labels(rec.body) == labels(txt_rec.body), where
        checked += 1
    assert checked >= (PDF_SLICE if fmt.startswith("pdf") else SLICE - 4)


def test_a_mailbox_gives_one_record_per_message_with_ids_by_position(corpus, tmp_path):
    items, mbox_path = corpus
    recs, report = _read(mbox_path)
    assert report.skipped == [] and len(recs) == len(items)
    assert [r.recno for r in recs] == list(range(1, len(items) + 1))
    for rec, (row, txt_rec, _files) in zip(recs, items):
        assert rec.title == txt_rec.title and rec.date == dt.date.fromisoformat(row["date"])
        assert rec.speakers == txt_rec.speakers
        assert "=E2=80" not in rec.body and recall(txt_rec.body, rec.body) >= 0.99
    # A message appended later leaves the ids of the earlier ones as they were.
    (tmp_path / mbox_path.parent.name).mkdir()
    longer = tmp_path / mbox_path.parent.name / mbox_path.name  # same collection name, same path in it
    longer.write_bytes(mbox_path.read_bytes())
    box = mailbox.mbox(str(longer))
    box.add(formats.message("Statement on a later matter", "Ned Price <n@example.org>", dt.date(2022, 9, 1), "Text.\n"))
    box.flush()
    box.close()
    again, _ = _read(longer)
    assert [r.id for r in again[: len(recs)]] == [r.id for r in recs] and len(again) == len(recs) + 1

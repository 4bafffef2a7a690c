"""JSON and sidecar metadata (QA findings Q2, Q3, R3): speaker objects, feed dates, aligned posts,
the same speakers from a .jsonl as from the .txt of one item, warnings as for text files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from searchtool.reading.reader import ReadReport, read_paths
from tests.support.paths import READER

FIX = READER


def test_speaker_objects_give_aligned_names_and_posts():
    report = ReadReport()
    recs = list(read_paths([FIX / "json" / "people.jsonl"], report))
    assert recs[0].speakers == ["Sergey Lavrov", "Annalena Baerbock", "Mevlut Cavusoglu"]
    assert recs[0].posts == ["Foreign Minister", "", "Minister of Foreign Affairs of Turkiye"]
    assert recs[1].speakers == ["Ned Price"] and recs[1].posts == ["Department Spokesperson"]


def test_feed_and_compact_dates_and_missing_date_warning():
    report = ReadReport()
    recs = list(read_paths([FIX / "json" / "people.jsonl"], report))
    assert [r.date for r in recs] == [dt.date(2022, 3, 4), dt.date(2022, 1, 1), None]
    assert recs[2].warnings == ["no date found"] and recs[0].warnings == recs[1].warnings == []
    assert [m for _, _, m in report.warnings] == ["record 3: no date found"]


def test_title_whitespace_is_plain_single_spaces():
    rec = list(read_paths([FIX / "json" / "people.jsonl"]))[1]
    assert rec.title == "Statement on the elections"


def test_jsonl_and_txt_of_one_item_give_the_same_speakers():
    txt = next(read_paths([FIX / "same-item" / "call.txt"]))
    js = next(read_paths([FIX / "same-item" / "call.jsonl"]))
    assert txt.speakers == js.speakers == ["Office of the Spokesperson", "Ned Price"]
    assert txt.posts == js.posts == ["", "Spokesperson"]
    assert txt.date == js.date and txt.type == js.type == "readout"


def test_sidecar_row_naming_a_missing_file_warns():
    report = ReadReport()
    recs = list(read_paths([FIX / "sidecar-missing"], report))
    assert [r.speakers for r in recs] == [["Maria Zakharova"]]
    assert [m for _, _, m in report.warnings] == ["row names a file that does not exist: 'missing.txt'"]


def test_text_title_whitespace_is_normalised(tmp_path):
    (tmp_path / "t.txt").write_text("Secretary\u00a0Blinken\u2019s\u00a0Calls  with\u200b Partners\nBody.\n3 December 2012\n", encoding="utf-8")
    assert next(read_paths([tmp_path])).title == "Secretary Blinken\u2019s Calls with Partners"


def test_a_title_repeated_as_a_body_line_is_not_a_byline(tmp_path):
    (tmp_path / "t.txt").write_text(
        "Assistant Secretary Jane Doe Travels to Porto and Rio de Janeiro, Brazil\nOffice of the Spokesperson\n"
        "Assistant Secretary Jane Doe Travels to Porto and Rio de Janeiro, Brazil\nShe will meet students.\n"
        "May 2, 2022\n",
        encoding="utf-8",
    )
    rec = next(read_paths([tmp_path]))
    assert rec.speakers == ["Office of the Spokesperson"] and rec.posts == []

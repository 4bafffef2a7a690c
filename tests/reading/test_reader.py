"""Reading folders of statements: layouts, encodings, bad files, JSON, sidecars, ids."""

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from searchtool.errors import SearchtoolError
from searchtool.reading.reader import (
    ReadReport,
    discover,
    make_id,
    read_paths,
    read_source,
)
from tests.support.paths import READER

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "2012-12-03_mfa-russia_lukashevich_comment-nato-russia-council.txt"
FIX = READER


def read_one(path: Path, report: ReadReport | None = None):
    records = list(read_paths([path], report))
    assert len(records) == 1, records
    return records[0]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- the seed statement ------------------------------------------------------------------------


def test_seed_statement_metadata_exactly():
    rec = read_one(SEED)
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert rec.title == lines[0]
    assert rec.speakers == ["A. K. Lukashevich"]
    assert rec.posts == ["Spokesman of the Ministry of Foreign Affairs of Russia"]
    assert rec.type == "comment"
    assert rec.date == dt.date(2012, 12, 3)
    assert rec.body == "\n".join(l for l in lines[1:-1] if l.strip())
    assert rec.body.startswith("On December 4 the Minister")
    assert "December 3, 2012" not in rec.body and lines[0] not in rec.body
    assert rec.warnings == [] and rec.recno is None
    assert rec.id == make_id(SEED.name, None, SEED.parent.name)


# --- ministry-style titles (fixtures) ------------------------------------------------------------


@pytest.mark.parametrize(
    "name,speakers,doc_type,date",
    [
        ("speech_lavrov_disarmament.txt", ["Sergey Lavrov"], "speech", dt.date(2019, 5, 8)),
        ("briefing_zakharova.txt", ["Maria Zakharova"], "briefing", dt.date(2021, 3, 16)),
        ("press_release_ryabkov_meeting.txt", [], "press release", dt.date(2019, 12, 3)),
        ("remarks_lavrov_news_conference.txt", ["Sergey Lavrov"], "remarks", dt.date(2020, 10, 27)),
        ("answer_lukashevich.txt", ["A. K. Lukashevich"], "answer", dt.date(2012, 12, 3)),
        ("statement_ministry.txt", ["Ministry of Foreign Affairs of the Russian Federation"], "statement", dt.date(2014, 12, 5)),
        ("interview_lavrov_kommersant.txt", ["Sergey Lavrov"], "interview", dt.date(2015, 12, 28)),
        ("joint_statement_lavrov_makei.txt", ["Sergey Lavrov", "Vladimir Makei"], "statement", dt.date(2017, 6, 25)),
        ("comment_information_press_department.txt", ["Information and Press Department"], "comment", dt.date(2017, 9, 1)),
    ],
)
def test_mfa_style_fixtures(name, speakers, doc_type, date):
    rec = read_one(FIX / "mfa" / name)
    assert rec.speakers == speakers
    assert rec.type == doc_type
    assert rec.date == date


def test_date_in_title_and_place_in_date_line():
    rec = read_one(FIX / "mfa" / "briefing_zakharova.txt")
    assert rec.title == "Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, March 16, 2021"
    assert rec.body.startswith("Table of contents")
    speech = read_one(FIX / "mfa" / "speech_lavrov_disarmament.txt")
    assert not speech.body.endswith("2019")


# --- bylines -------------------------------------------------------------------------------------


def test_byline_is_metadata_not_title_or_body():
    rec = read_one(FIX / "bylines" / "blinken_national_day.txt")
    assert rec.title == "Mongolia National Day"
    assert rec.speakers == ["Antony J. Blinken"] and rec.posts == ["Secretary of State"]
    assert rec.body.startswith("On behalf of the United States")
    assert rec.date == dt.date(2022, 7, 8)


def test_office_byline_and_attribution():
    rec = read_one(FIX / "bylines" / "office_readout.txt")
    assert rec.speakers == ["Office of the Spokesperson", "Ned Price"]
    assert rec.posts == ["", "Spokesperson"]  # aligned: posts[i] is the post of speakers[i]
    assert rec.type == "readout"
    assert rec.body.startswith("The below is attributable")


def test_several_bylines_then_a_place_line():
    rec = read_one(FIX / "bylines" / "joint_press_availability.txt")
    assert rec.speakers == ["Antony J. Blinken", "Edgars Rinkēvičs"]
    assert rec.posts == ["Secretary of State", "Latvian Foreign Minister"]
    assert rec.body.startswith("Riga, Latvia\n")


# --- layout variations ----------------------------------------------------------------------------

STATEMENT = "Comment of the Foreign Ministry Spokeswoman Maria Zakharova on the talks\nFirst paragraph.\nSecond paragraph.\n{date}\n"


@pytest.mark.parametrize(
    "date_line,expected",
    [
        ("December 3, 2012", dt.date(2012, 12, 3)),
        ("3 December 2012", dt.date(2012, 12, 3)),
        ("03.12.2012", dt.date(2012, 12, 3)),
        ("2012-12-03", dt.date(2012, 12, 3)),
        ("Moscow, 8 May 2019", dt.date(2019, 5, 8)),
    ],
)
def test_date_line_formats(tmp_path, date_line, expected):
    rec = read_one(write(tmp_path, "s.txt", STATEMENT.format(date=date_line)))
    assert rec.date == expected
    assert rec.body == "First paragraph.\nSecond paragraph."


def test_date_above_the_title(tmp_path):
    rec = read_one(write(tmp_path, "s.txt", "03.12.2012\n" + STATEMENT.format(date="")))
    assert rec.date == dt.date(2012, 12, 3)
    assert rec.title.startswith("Comment of the Foreign Ministry") and rec.speakers == ["Maria Zakharova"]
    assert rec.body == "First paragraph.\nSecond paragraph."


def test_missing_date_is_a_warning(tmp_path):
    report = ReadReport()
    rec = read_one(write(tmp_path, "s.txt", STATEMENT.format(date="")), report)
    assert rec.date is None
    assert rec.body == "First paragraph.\nSecond paragraph."
    assert "no date found" in rec.warnings
    assert report.warnings and report.warnings[0][2] == "no date found"


def test_crlf_bom_and_blank_lines(tmp_path):
    text = "\r\n\r\n" + STATEMENT.format(date="December 3, 2012").replace("\n", "\r\n\r\n  \r\n")
    rec = read_one(write(tmp_path, "s.txt", b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert rec.title.startswith("Comment of the Foreign Ministry")
    assert rec.body == "First paragraph.\nSecond paragraph."
    assert rec.date == dt.date(2012, 12, 3)
    assert rec.speakers == ["Maria Zakharova"]


def test_markdown_heading_title(tmp_path):
    rec = read_one(write(tmp_path, "s.md", "# Statement by the Ministry of Foreign Affairs of Ukraine\n\nText.\n\n2022-02-24\n"))
    assert rec.title == "Statement by the Ministry of Foreign Affairs of Ukraine"
    assert rec.speakers == ["Ministry of Foreign Affairs of Ukraine"]


# --- encodings and bad files ----------------------------------------------------------------------


def test_cp1251_file_is_read_and_reported(tmp_path):
    text = "Комментарий официального представителя МИД России\nМы внимательно следим за развитием событий.\n3 декабря 2012 г.\n"
    path = write(tmp_path, "ru.txt", text.encode("cp1251"))
    report = ReadReport()
    rec = read_one(path, report)
    assert rec.title == "Комментарий официального представителя МИД России"
    assert rec.date == dt.date(2012, 12, 3)
    assert report.encodings[str(path)] == "cp1251"
    assert any("cp1251" in w for w in rec.warnings)


def test_latin1_file(tmp_path):
    path = write(tmp_path, "fr.txt", "Déclaration du ministère\nLe ministère a été informé.\n3 December 2012\n".encode("latin-1"))
    report = ReadReport()
    rec = read_one(path, report)
    assert rec.title == "Déclaration du ministère"
    assert report.encodings[str(path)] == "latin-1"


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path, "u16.txt", "Statement on the talks\nText.\nDecember 3, 2012\n".encode("utf-16"))
    rec = read_one(path)
    assert rec.title == "Statement on the talks" and rec.date == dt.date(2012, 12, 3)


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "unreadable PDF"),
        ("blob.txt", b"abc\x00\x01\x02def" * 10, "binary file (NUL bytes)"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n  \r\n\t\n", "empty file"),
        ("bad.jsonl.gz", b"this is not gzip", "unreadable"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    write(tmp_path, name, data)
    write(tmp_path, "good.txt", "Statement on the talks\nText.\nDecember 3, 2012\n")
    report = ReadReport()
    records = list(read_paths([tmp_path], report))
    assert [Path(r.path).name for r in records] == ["good.txt"]
    assert report.files_read == 1 and report.records == 1
    assert len(report.skipped) == 1
    path, why = report.skipped[0]
    assert path.endswith(name) and why.startswith(reason)


def test_unreadable_file(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read anything")
    path = write(tmp_path, "locked.txt", "Title\nText\n")
    path.chmod(0)
    try:
        report = ReadReport()
        assert list(read_paths([tmp_path], report)) == []
        assert report.skipped and "unreadable" in report.skipped[0][1]
    finally:
        path.chmod(0o644)


def test_malformed_json_lines_are_skipped_with_line_numbers(tmp_path):
    lines = [
        json.dumps({"title": "Statement one", "text": "Body one.", "date": "2021-05-20"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "Statement four", "text": "Body four.", "date": "2021-05-21"}),
    ]
    path = write(tmp_path, "s.jsonl", "\n".join(lines) + "\n")
    report = ReadReport()
    records = list(read_paths([path], report))
    assert [r.title for r in records] == ["Statement one", "Statement four"]
    assert [r.recno for r in records] == [1, 4]  # numbering ignores blank lines, counts bad ones
    assert [(line, msg.split(" (")[0]) for _, line, msg in report.warnings] == [
        (2, "malformed JSON line skipped"),
        (4, "JSON line is a list, not an object; skipped"),
    ]


# --- JSON records ---------------------------------------------------------------------------------


def test_jsonl_field_mapping_and_extras(tmp_path):
    obj = {
        "id": "https://www.state.gov/?page_id=245386",
        "url": "https://www.state.gov/x/",
        "title": "Secretary Blinken’s Call with NATO Secretary General Stoltenberg",
        "date": "2021-05-27",
        "datetime": "2021-05-27T20:00:00+00:00",
        "creator": "Ned Price, Department Spokesperson",
        "categories": [],
        "text": "Ned Price, Department Spokesperson\nThe below is attributable.\nSecond paragraph.",
    }
    rec = read_one(write(tmp_path, "sd.jsonl", json.dumps(obj) + "\n"))
    assert rec.title == obj["title"] and rec.url == obj["url"]
    assert rec.date == dt.date(2021, 5, 27)
    assert rec.speakers == ["Ned Price"] and rec.posts == ["Department Spokesperson"]
    assert rec.type == "readout"
    assert rec.body == "The below is attributable.\nSecond paragraph."  # byline lifted out
    assert rec.fields == {"datetime": obj["datetime"], "source_id": obj["id"]}
    assert rec.recno == 1 and rec.id == make_id("sd.jsonl", 1, tmp_path.name)


def test_ungdc_style_record(tmp_path):
    obj = {"id": "ARG_01_1946", "country_iso": "ARG", "country": "Argentina", "session": 1, "year": 1946,
           "speaker": "Mr. Arce", "post": "", "path": "TXT/ARG_01_1946.txt", "text": "At the resumption...\nPolitics."}
    path = write(tmp_path, "un.jsonl.gz", gzip.compress((json.dumps(obj) + "\n").encode()))
    rec = read_one(path)
    assert rec.speakers == ["Mr. Arce"] and rec.posts == []
    assert rec.date is None and rec.title == ""
    assert rec.fields["country_iso"] == "ARG" and rec.fields["session"] == "1" and rec.fields["year"] == "1946"
    assert rec.fields["path"] == "TXT/ARG_01_1946.txt" and rec.fields["source_id"] == "ARG_01_1946"
    assert rec.body == "At the resumption...\nPolitics."


def test_speaker_with_separate_post(tmp_path):
    obj = {"speaker": "Lula da Silva", "post": "President", "text": "Speech."}
    rec = read_one(write(tmp_path, "a.jsonl", json.dumps(obj)))
    assert rec.speakers == ["Lula da Silva"] and rec.posts == ["President"]


def test_beir_corpus_record(tmp_path):
    obj = {"_id": "12", "title": "Experimental investigation", "text": "An abstract.",
           "metadata": {"authors": "Brenckman, M.", "biblio": {"journal": "J. Ae. Sci."}}}
    rec = read_one(write(tmp_path, "corpus.jsonl", json.dumps(obj)))
    assert rec.fields == {"source_id": "12", "authors": "Brenckman, M.", "biblio.journal": "J. Ae. Sci."}
    assert rec.id == make_id("corpus.jsonl", 1, tmp_path.name)


def test_json_array_and_wrapped_list(tmp_path):
    items = [{"headline": "Statement on A", "content": "A."}, {"title": "Comment on B", "body": "B.", "type": "Comment"}]
    recs = list(read_paths([write(tmp_path, "a.json", json.dumps(items))]))
    assert [(r.title, r.type, r.recno) for r in recs] == [("Statement on A", "statement", 1), ("Comment on B", "comment", 2)]
    recs = list(read_paths([write(tmp_path, "w.json", json.dumps({"documents": items}))]))
    assert len(recs) == 2
    single = read_one(write(tmp_path, "one.json", json.dumps(items[0])))
    assert single.title == "Statement on A"


def test_malformed_json_document(tmp_path):
    path = write(tmp_path, "bad.json", "[{\"title\": ")
    report = ReadReport()
    assert list(read_paths([tmp_path], report)) == []
    assert [(Path(p).name, msg.split(" (")[0]) for p, _, msg in report.warnings] == [("bad.json", "malformed JSON")]
    assert report.skipped == [(str(path.resolve()), "no statements in file")]


# --- sidecar --------------------------------------------------------------------------------------


def test_sidecar_overrides_and_extends():
    recs = {Path(r.path).name: r for r in read_paths([FIX / "sidecar"])}
    assert set(recs) == {"comment_one.txt", "comment_two.txt"}  # metadata.csv itself is not a statement
    one, two = recs["comment_one.txt"], recs["comment_two.txt"]
    assert one.date == dt.date(2020, 2, 14)
    assert one.speakers == ["Maria Zakharova"] and one.posts == ["Foreign Ministry Spokeswoman"]
    assert one.fields == {"country": "RUS", "source": "mid.ru"}
    assert two.date == dt.date(2020, 5, 9)  # empty cells do not override the text
    assert two.fields == {"country": "RUS", "source": "mid.ru"}  # matched by stem


def test_sidecar_joined_on_record_values(tmp_path):
    rows = [{"id": f"C{i}_{s}", "country_iso": f"C{i}", "session": s, "text": "Speech."} for i in range(4) for s in (1, 2)]
    write(tmp_path, "un.jsonl", "\n".join(json.dumps(r) for r in rows))
    csv_lines = ["Year,Session,ISO Code,Name of Person Speaking,Post,"]
    csv_lines += [f"{1945 + s},{s},C{i},Speaker {i}-{s},Minister{i}," for i in range(4) for s in (1, 2)]
    csv_lines += ["1946,1,C0,Second Speaker,,"]  # two speakers in one session
    write(tmp_path, "metadata.csv", "\n".join(csv_lines) + "\n")
    recs = list(read_paths([tmp_path]))
    assert len(recs) == 8
    by_id = {r.fields["source_id"]: r for r in recs}
    assert by_id["C2_1"].speakers == ["Speaker 2-1"] and by_id["C2_1"].posts == ["Minister2"]
    assert by_id["C3_2"].fields["Year"] == "1947"
    assert "ISO Code" not in by_id["C3_2"].fields and "Session" not in by_id["C3_2"].fields  # join keys
    assert by_id["C0_1"].speakers == ["Speaker 0-1", "Second Speaker"] and by_id["C0_1"].posts == ["Minister0", ""]


def test_sidecar_name_is_case_insensitive(tmp_path):
    write(tmp_path, "a.txt", "Statement on the talks\nText.\n")
    write(tmp_path, "Metadata.CSV", "filename;date\na.txt;2021-01-02\n")
    report = ReadReport()
    recs = list(read_paths([tmp_path], report))
    assert len(recs) == 1 and recs[0].date == dt.date(2021, 1, 2) and report.skipped == []
    assert recs[0].warnings == [] and report.warnings == []  # the sidecar supplied the missing date


def test_bad_sidecar_is_a_warning(tmp_path):
    write(tmp_path, "a.txt", "Statement on the talks\nText.\nDecember 3, 2012\n")
    write(tmp_path, "metadata.csv", b"%PDF-1.4\x00")
    report = ReadReport()
    assert len(list(read_paths([tmp_path], report))) == 1
    assert any("sidecar ignored" in msg for _, _, msg in report.warnings)


# --- discovery and ids ----------------------------------------------------------------------------


def test_discover_is_sorted_skips_hidden_and_unknown(tmp_path):
    for name in ("b/2.txt", "b/1.md", "a.jsonl", ".hidden/x.txt", "b/.x.txt", "notes.xyz", "c/metadata.csv"):
        write(tmp_path, name, "Title\nText\n")
    report = ReadReport()
    found = discover([tmp_path], report)
    assert [s.relpath for s in found] == ["a.jsonl", "b/1.md", "b/2.txt"]
    assert [s.kind for s in found] == ["jsonl", "text", "text"]
    assert all(s.root == tmp_path.resolve() and s.path.is_absolute() for s in found)
    assert [Path(p).name for p, _ in report.skipped] == ["notes.xyz"]
    single = discover([tmp_path / "b" / "2.txt"])
    assert single[0].relpath == "2.txt" and single[0].root == (tmp_path / "b").resolve()


def test_discover_missing_path_is_an_error(tmp_path):
    with pytest.raises(SearchtoolError, match="no such file or folder"):
        discover([tmp_path / "nope"])


def test_sidecar_is_attached_to_files_of_its_folder():
    found = {s.relpath: s for s in discover([FIX])}
    assert found["sidecar/comment_one.txt"].sidecar == (FIX / "sidecar" / "metadata.csv").resolve()
    assert found["mfa/answer_lukashevich.txt"].sidecar is None


def test_ids_are_stable_and_relative(tmp_path):
    a, b = tmp_path / "one" / "coll", tmp_path / "two" / "coll"  # same folder name, other places
    for base in (a, b):
        write(base, "x/s.txt", "Statement\nText\n")
        write(base, "m.jsonl", '{"title": "A"}\n{"title": "B"}\n')
    ids_a = [r.id for r in read_paths([a])]
    ids_b = [r.id for r in read_paths([b])]
    assert ids_a == ids_b and len(set(ids_a)) == 3
    assert make_id("m.jsonl", 1) != make_id("m.jsonl", 2) != make_id("m.jsonl", None)
    assert make_id("m.jsonl", 1, "coll") != make_id("m.jsonl", 1, "other")
    assert len(make_id("x", None)) == 16


def test_read_source_is_a_generator(tmp_path):
    path = write(tmp_path, "m.jsonl", "\n".join(json.dumps({"title": f"T{i}"}) for i in range(1000)))
    gen = read_source(discover([path])[0])
    assert next(gen).title == "T0"  # streamed: the first record comes before the rest are parsed


def test_collection_rules_file(tmp_path):
    rules = {"types": [["^communiqu[eé]\\b", "statement"]], "speakers": ["^communiqu[eé] of (?P<who>.+)"]}
    write(tmp_path, "searchtool-rules.json", json.dumps(rules))
    write(tmp_path, "c.txt", "Communique of Ombudsman Tatiana Moskalkova on prisoners\nText.\n2020-01-01\n")
    report = ReadReport()
    recs = list(read_paths([tmp_path], report))
    assert len(recs) == 1 and report.skipped == []  # the rules file is not read as a statement
    assert recs[0].type == "statement" and recs[0].speakers == ["Tatiana Moskalkova"]


def test_bad_collection_rules_file_is_a_warning(tmp_path):
    write(tmp_path, "searchtool-rules.json", '{"types": [["(", "statement"]]}')
    write(tmp_path, "c.txt", "Comment on the talks\nText.\n2020-01-01\n")
    report = ReadReport()
    recs = list(read_paths([tmp_path], report))
    assert recs[0].type == "comment"
    assert any("rules file ignored" in msg and "bad pattern" in msg for _, _, msg in report.warnings)


def test_unrecognised_json_date_is_kept_and_reported(tmp_path):
    path = write(tmp_path, "d.jsonl", '{"title": "Statement", "date": "sometime in spring"}\n')
    report = ReadReport()
    rec = read_one(path, report)
    assert rec.date is None and rec.fields["date"] == "sometime in spring"
    assert report.warnings == [(str(path.resolve()), None, "record 1: unrecognised date 'sometime in spring'")]


TAIL = FIX / "tail"


@pytest.mark.parametrize(
    "name,date,body_tail",
    [
        ("note.txt", dt.date(2012, 12, 3), "(unofficial translation)"),
        ("time-office.txt", dt.date(2012, 12, 3), "Ministry of Foreign Affairs"),
        ("at-time.txt", dt.date(2012, 12, 3), "The office states."),
        ("slashes.txt", dt.date(2012, 12, 3), "The office states."),
        ("ambiguous.txt", None, "3/12/2012"),
    ],
)
def test_closing_date_before_notes_and_with_times(name, date, body_tail):
    rec = read_one(TAIL / name)
    assert rec.date == date
    assert rec.body.endswith(body_tail)  # notes after the date stay in the body; the date line does not
    assert (date is None) == ("no date found" in rec.warnings)


def test_date_above_a_paragraph_is_not_the_closing_date():
    rec = read_one(TAIL / "paragraph-after.txt")
    assert rec.date is None and "3 December 2012" in rec.body


@pytest.mark.parametrize("named", ["../../../../etc/passwd", "/etc/passwd", "..\\\\..\\\\passwd.txt"])
def test_a_sidecar_row_naming_a_path_outside_its_folder_describes_no_file_there(tmp_path, named):
    """design/reliability.md §6b: a row naming `../../../../etc/passwd` gave its metadata to the
    folder's own passwd.txt (same stem), while warning that the row names no file."""
    from searchtool.reading.reader import read_paths

    (tmp_path / "passwd.txt").write_text("Own title\nzqside body\nMay 1, 2020\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Other\nbody\nMay 2, 2020\n", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(f'file,title\n"{named}",Title from sidecar row\nother.txt,Other from row\n',
                                           encoding="utf-8")
    titles = {rec.path.rsplit("/", 1)[-1]: rec.title for rec in read_paths([tmp_path])}
    assert titles == {"passwd.txt": "Own title", "other.txt": "Other from row"}

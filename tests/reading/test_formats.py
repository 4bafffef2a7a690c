"""Pages, PDFs, Word files and mail written here by hand (Russian ones included), without ../shared:
what each reader recovers, how formats are told by content, and the guards against hostile files."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from searchtool.reading import html as html_reader
from searchtool.reading import office
from searchtool.reading.pdf import Line, Page, paragraphs
from searchtool.reading.reader import read_paths
from searchtool.reading.report import ReadReport
from tests.support import formats

MID_PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Комментарий официального представителя МИД России - Министерство иностранных дел Российской Федерации</title>
<link rel="canonical" href="https://www.mid.ru/ru/foreign_policy/news/1234567/">
<script>var _gaq = _gaq || [];</script></head><body>
<div class="cookie-notice">Сайт использует файлы cookie. <a href="#">Согласен</a></div>
<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/ru/press_service">Пресс-служба</a></div>
<div class="announce"><h1 class="title">Комментарий официального представителя МИД России А.К.Лукашевича в связи с заседанием Совета Россия-НАТО</h1>
<div class="announce__date">3 декабря 2012 г. 14:05</div>
<div class="announce__text"><p>4 декабря в Брюсселе состоится заседание Совета Россия–НАТО на уровне министров иностранных дел.</p>
<p>Стороны обменяются мнениями о ходе реализации решений саммита в Лиссабоне.</p>
<div class="tags">Теги: НАТО, Брюссель</div></div></div>
<div class="sidebar"><h3>Последние новости</h3><p>Брифинг официального представителя МИД России по текущим вопросам внешней политики</p></div>
<footer>© 2012 МИД России</footer></body></html>"""


def write(root: Path, name: str, data) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def read(path: Path):
    report = ReadReport()
    return list(read_paths([path], report)), report


# --- web pages -------------------------------------------------------------------------------


def test_a_russian_ministry_page_is_read_through_its_site_profile(tmp_path):
    (rec,), report = read(write(tmp_path, "mid.html", MID_PAGE))
    assert rec.title.startswith("Комментарий официального представителя МИД России А.К.Лукашевича")
    assert rec.date == dt.date(2012, 12, 3) and rec.lang == "ru" and rec.format == "html"
    assert rec.url == "https://www.mid.ru/ru/foreign_policy/news/1234567/" and rec.fields["site"] == "mid.ru"
    assert rec.body.splitlines() == [
        "4 декабря в Брюсселе состоится заседание Совета Россия–НАТО на уровне министров иностранных дел.",
        "Стороны обменяются мнениями о ходе реализации решений саммита в Лиссабоне.",
    ]
    for junk in ("cookie", "Главная", "Теги", "Последние новости", "_gaq", "2012 МИД"):
        assert junk not in rec.body


def test_a_page_of_an_unknown_site_is_found_by_text_density_and_its_title_loses_the_site_name(tmp_path):
    page = formats.ministry_page("Statement on the Situation in the Region", dt.date(2021, 3, 4), "First paragraph of the statement, long enough to count.\nSecond paragraph, also long enough to be counted as text.")
    (rec,), _ = read(write(tmp_path, "p.htm", page))
    assert rec.title == "Statement on the Situation in the Region" and rec.date == dt.date(2021, 3, 4)
    assert rec.body.splitlines() == ["First paragraph of the statement, long enough to count.", "Second paragraph, also long enough to be counted as text."]


def test_title_and_date_come_from_structured_data_first(tmp_path):
    page = """<html><head><title>Wrong | Site</title>
<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "Right Title", "datePublished": "2019-05-08T10:00:00+03:00"}]}</script>
<meta property="og:title" content="Second Best"><meta property="og:url" content="https://example.org/a"></head>
<body><h1>Heading</h1><article><p>Body text of the statement, which is here.</p><p>May 9, 2019</p></article></body></html>"""
    (rec,), _ = read(write(tmp_path, "a.html", page))
    assert rec.title == "Right Title" and rec.date == dt.date(2019, 5, 8) and rec.url == "https://example.org/a"


def test_the_title_tag_loses_the_site_suffix_and_the_saved_from_comment_gives_the_url():
    doc = html_reader.page_document(
        "<!-- saved from url=(0031)https://www.example.org/st/1 -->\n<html><head><title>Statement by the Minister – Foreign Office</title></head>"
        "<body><div><p>A paragraph of the statement with enough words in it.</p></div></body></html>",
        _rules(),
    )
    assert doc.title == "Statement by the Minister" and doc.url == "https://www.example.org/st/1"


def _rules():
    from searchtool.reading.rules import default_rules

    return default_rules()


def test_a_user_profile_in_the_rules_file_picks_the_body(tmp_path):
    rules = {"html": [{"name": "our site", "detect": ["#our-layout"], "title": [".headline"], "body": [".copy"], "drop": [".aside-note"]}]}
    write(tmp_path, "searchtool-rules.json", json.dumps(rules))
    write(tmp_path, "a.html", """<html><body><div id="our-layout"><div class="headline">Our Title</div>
<div class="copy"><p>Kept paragraph.</p><p class="aside-note">Dropped note.</p></div><div class="other"><p>Not the body at all, though long enough to count as text.</p></div></div></body></html>""")
    (rec,), _ = read(tmp_path)
    assert rec.title == "Our Title" and rec.body == "Kept paragraph." and rec.fields["site"] == "our site"


def test_a_saved_single_file_page_is_read_as_its_html(tmp_path):
    mhtml = (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://www.state.gov/x/\r\nSubject: Page\r\n"
        "Date: Tue, 26 Jul 2022 18:00:00 -0000\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n------B\r\n'
        "Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://www.state.gov/x/\r\n\r\n"
        '<html lang=3D"en"><head><meta property=3D"og:title" content=3D"Press Statement on X"></head><body>'
        "<div class=3D\"entry-content\"><p>Let=E2=80=99s read this statement text.</p></div></body></html>\r\n------B--\r\n"
    )
    (rec,), _ = read(write(tmp_path, "page.mhtml", mhtml))
    assert rec.title == "Press Statement on X" and rec.body == "Let’s read this statement text."
    assert rec.url == "https://www.state.gov/x/" and rec.format == "mhtml"


def test_a_huge_page_is_cut_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(html_reader, "MAX_PAGE_BYTES", 4096)
    page = "<html><body><article>" + "<p>Paragraph of text that repeats.</p>" * 2000 + "</article></body></html>"
    (rec,), report = read(write(tmp_path, "big.html", page))
    assert "page cut at" in " ".join(rec.warnings) and len(rec.body) < 5000


# --- content before extension ----------------------------------------------------------------


def test_files_are_read_by_what_they_hold_not_what_they_are_called(tmp_path):
    write(tmp_path, "page.txt", MID_PAGE)  # a page renamed to .txt
    write(tmp_path, "mail.txt", bytes(formats.message("Statement on the talks", "Ned Price <n@example.org>", dt.date(2022, 3, 4), "Let’s talk.\n")))
    write(tmp_path, "download", formats.pdf_bytes("Statement on the talks", ["Text of the statement here."], "March 4, 2022"))
    recs, report = read(tmp_path)
    by_name = {Path(r.path).name: r for r in recs}
    assert by_name["page.txt"].format == "html" and "<" not in by_name["page.txt"].body
    assert by_name["mail.txt"].format == "eml" and by_name["mail.txt"].body == "Let’s talk."
    assert by_name["download"].format == "pdf" and by_name["download"].date == dt.date(2022, 3, 4)


@pytest.mark.parametrize(
    "name,data,hint",
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy Word .doc is not read: save it as .docx"),
        ("note.rtf", b"{\\rtf1\\ansi Hello}", "RTF is not read: save it as .docx"),
        ("photos.docx", b"PK\x03\x04" + b"\0" * 30, "unreadable ZIP/Office file"),
    ],
)
def test_unread_formats_are_reported_with_a_hint(tmp_path, name, data, hint):
    recs, report = read(write(tmp_path, name, data))
    assert recs == [] and len(report.skipped) == 1 and report.skipped[0][1].startswith(hint)


# --- Word and OpenDocument -------------------------------------------------------------------


def test_a_russian_word_file_gives_title_body_date_and_language(tmp_path):
    data = formats.docx_bytes(
        ["Заявление МИД России в связи с годовщиной", "Москва отмечает годовщину подписания договора.", "Текст заявления продолжается.", "8 мая 2019"],
        lang="ru-RU",
    )
    (rec,), _ = read(write(tmp_path, "z.docx", data))
    assert rec.title == "Заявление МИД России в связи с годовщиной" and rec.date == dt.date(2019, 5, 8)
    assert rec.body == "Москва отмечает годовщину подписания договора.\nТекст заявления продолжается." and rec.lang == "ru-RU"


def test_the_file_properties_title_is_only_a_fallback(tmp_path):
    data = formats.docx_bytes(["First paragraph is not styled as a title but is one.", "Body."], title_style=False, core_title="Real Title")
    (rec,), _ = read(write(tmp_path, "a.docx", data))
    assert rec.title == "First paragraph is not styled as a title but is one."  # the text has one
    assert rec.date == dt.date(2001, 1, 1)  # no date line: the file's creation date stands in


def test_an_opendocument_text_keeps_its_spaces(tmp_path):
    (rec,), _ = read(write(tmp_path, "a.odt", formats.odt_bytes(["Комментарий Департамента", "Москва, 3 декабря 2012 года", "Слово другое слово."])))
    assert rec.title == "Комментарий Департамента" and rec.body.endswith("Слово другое слово.") and rec.lang == "ru-RU"
    assert rec.format == "odt"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_zip_bomb_is_cut_at_the_limit_not_inflated(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "MAX_XML_BYTES", 1 << 20)
    bomb = _zip({"word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>' + b" " * (40 << 20)})
    assert len(bomb) < 100_000
    recs, report = read(write(tmp_path, "bomb.docx", bomb))
    assert recs == [] and "not well-formed XML" in report.skipped[0][1]


def test_xml_entity_expansion_is_refused(tmp_path):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>'
    )
    recs, report = read(write(tmp_path, "lol.docx", _zip({"word/document.xml": laughs})))
    assert recs == [] and "entity expansion" in report.skipped[0][1]


def test_an_archive_with_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "MAX_MEMBERS", 10)
    recs, report = read(write(tmp_path, "many.docx", _zip({f"f{i}": b"x" for i in range(20)})))
    assert recs == [] and "members" in report.skipped[0][1]


# --- PDF -------------------------------------------------------------------------------------


def _lines(texts: list[str], top: float = 700, x0: float = 50, step: float = 14, size: float = 10) -> list[Line]:
    return [Line(x0, top - i * step, x0 + 6 * len(t), top - i * step + size, t, size) for i, t in enumerate(texts)]


def test_pdf_lines_join_into_paragraphs_with_hyphens_undone_and_labels_kept():
    page = Page(600, 800, _lines([
        "The Secretary spoke about the nego-",
        "tiations and a well-known",
        "well-",
        "known proposal of the gov\x02",
        "ernment today.",
        "MR PRICE: Thank you. Next",
        "question.",
        "QUESTION: Yes.",
    ]))
    assert paragraphs([page]) == [
        "The Secretary spoke about the negotiations and a well-known well-known proposal of the government today.",
        "MR PRICE: Thank you. Next question.",
        "QUESTION: Yes.",
    ]


def test_running_headers_footers_and_page_numbers_go():
    pages = []
    for n in range(1, 4):
        lines = [Line(200, 770, 400, 778, "A/67/PV.12 General Assembly", 8)]
        lines += _lines([f"body text of page {n} goes on and"], top=600)
        lines += [Line(290, 30, 300, 38, str(n), 8)]
        pages.append(Page(600, 800, lines))
    assert paragraphs(pages) == ["body text of page 1 goes on and body text of page 2 goes on and body text of page 3 goes on and"]


def test_a_pdf_without_a_text_layer_is_reported_as_scanned(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 150, 200, style="F")
    recs, report = read(write(tmp_path, "scan.pdf", bytes(pdf.output())))
    assert recs == [] and report.skipped[0][1].startswith("no text layer: scanned? (2 pages")


# --- mail ------------------------------------------------------------------------------------


def test_an_html_only_message_with_a_word_attachment(tmp_path):
    msg = formats.message("Fwd: Statement by the Spokesperson", "Office of the Spokesperson <s@example.org>", dt.date(2022, 3, 4), "x")
    msg.set_content("<html lang='en'><body><p>Ned Price, Department Spokesperson</p><p>The statement’s text.</p></body></html>", subtype="html")
    msg.add_attachment(formats.docx_bytes(["Attached Statement on Y", "Its text.", "March 3, 2022"]), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="y.docx")
    (mail, attached), report = read(write(tmp_path, "m.eml", bytes(msg)))
    assert mail.title == "Statement by the Spokesperson" and mail.date == dt.date(2022, 3, 4)
    assert mail.speakers == ["Ned Price"] and mail.body == "The statement’s text." and mail.lang == "en"
    assert attached.title == "Attached Statement on Y" and attached.date == dt.date(2022, 3, 3)
    assert attached.fields["attachment"] == "y.docx" and attached.fields["message"] == mail.id and attached.id != mail.id


def test_the_sender_speaks_only_when_the_text_names_nobody(tmp_path):
    msg = formats.message("Statement on Z", "Office of the Spokesperson <s@example.org>", dt.date(2022, 3, 4), "Plain text with no byline.\n")
    (rec,), _ = read(write(tmp_path, "m.eml", bytes(msg)))
    assert rec.speakers == ["Office of the Spokesperson"]


def test_the_logo_heading_and_sidebar_dates_are_not_the_statements():
    page = """<html><body><header class="site"><h1 class="logo">Ministry of Foreign Affairs</h1></header>
<div class="sidebar"><span class="news-date">01.01.2019</span><a href="/n">Another item</a></div>
<article><header><h1>Real Title of the Statement</h1>{when}</header><p>The text of the statement, long enough.</p></article></body></html>"""
    doc = html_reader.page_document(page.format(when='<time datetime="2020-02-03">3 February</time>'), _rules())
    assert doc.title == "Real Title of the Statement" and doc.date == dt.date(2020, 2, 3)
    undated = html_reader.page_document(page.format(when=""), _rules())
    assert undated.title == "Real Title of the Statement" and undated.date is None


def test_a_page_of_deeply_nested_menus_leaves_only_the_statement():
    nested = '<div class="menu">x ' * 3000 + "</div>" * 3000
    page = f"<html><body>{nested}<article><p>The statement itself, long enough to count as text.</p></article></body></html>"
    doc = html_reader.page_document(page, _rules())
    assert doc.text == "The statement itself, long enough to count as text."


def test_inline_markup_inside_the_title_and_byline_is_joined_as_written(tmp_path):
    page = """<html><head><link rel="canonical" href="https://www.state.gov/x/"></head><body>
<h1 class="featured-content__headline"><span>Sec</span>retary Blinken’s Call with <em>Foreign Minister</em> Kuleba</h1>
<div class="article-meta"><p class="article-meta__author-bureau"><a href="/p">Ned Price</a>, Department Spokesperson</p></div>
<div class="entry-content"><p>The Secretary spoke with the Foreign Minister today.</p></div></body></html>"""
    (rec,), _ = read(write(tmp_path, "a.html", page))
    assert rec.title == "Secretary Blinken’s Call with Foreign Minister Kuleba"
    assert rec.speakers == ["Ned Price"] and rec.posts == ["Department Spokesperson"]


def test_parse_shows_a_pages_language_and_counts_records_per_format(tmp_path):
    from tests.support.cli import run

    write(tmp_path, "mid.html", MID_PAGE)
    write(tmp_path, "a.txt", "Statement on the talks\nText.\nDecember 3, 2012\n")
    result = run("parse", str(tmp_path))
    assert result.exit_code == 0 and "  lang:     ru\n" in result.stdout
    assert result.stdout.rstrip().endswith("2 files read, 2 records, 0 warnings, 0 skipped (html 1, text 1)")


def test_a_page_in_its_declared_cp1251_reads_without_a_warning(tmp_path):
    page = MID_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1251">').encode("cp1251")
    (rec,), report = read(write(tmp_path, "cp.html", page))
    assert rec.title.startswith("Комментарий официального представителя") and rec.warnings == [] and report.warnings == []


# --- any input -------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from searchtool.reading.sniff import MAGIC, READABLE, UNREAD_HINTS, sniff_bytes  # noqa: E402

_PREFIXES = [b"", b"<!DOCTYPE html>", b"From a@b Mon Jan 1 00:00:00 2024\n", b"Subject: x\nFrom: y\n\n", b"%PDF-", b"PK\x03\x04", b"{\\rtf"]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(_PREFIXES), st.binary(max_size=600))
def test_sniffing_any_bytes_names_a_known_kind_or_nothing(prefix, tail):
    kind = sniff_bytes(prefix + tail)
    assert kind is None or kind in READABLE or kind in UNREAD_HINTS or kind in {k for _, k in MAGIC}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcpdivhtmlbody&;#\n-")) | st.characters(), max_size=400))
def test_any_markup_gives_a_document_without_raising(markup):
    doc = html_reader.page_document(markup, _rules())
    assert isinstance(doc.text, str) and "\n\n" not in doc.text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="abcXYZ.:?,", min_size=1, max_size=8), min_size=1, max_size=12), min_size=1, max_size=40))
def test_pdf_paragraphs_keep_every_word_in_order(rows):
    texts = [" ".join(words) for words in rows]
    page = Page(600, 800, _lines(texts))
    assert " ".join(paragraphs([page])).split() == " ".join(texts).split()


def test_a_huge_message_in_a_mailbox_is_cut_with_a_warning_and_the_next_one_read(tmp_path, monkeypatch):
    import mailbox

    from searchtool.reading import mail

    monkeypatch.setattr(mail, "MAX_MESSAGE_BYTES", 4096)
    box = mailbox.mbox(str(tmp_path / "box.mbox"))
    box.add(formats.message("Statement on a long matter", "Ned Price <n@example.org>", dt.date(2022, 3, 4), "Long text. " * 2000))
    box.add(formats.message("Statement on a short matter", "Ned Price <n@example.org>", dt.date(2022, 3, 5), "Short text.\n"))
    box.flush()
    box.close()
    (big, small), _ = read(tmp_path / "box.mbox")
    assert "message cut at" in " ".join(big.warnings) and len(big.body) < 4096
    assert small.title == "Statement on a short matter" and small.recno == 2 and small.warnings == []


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_fifo_without_an_extension_is_not_opened_to_be_sniffed(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe")
    write(tmp_path, "a.txt", "Statement on the talks\nText.\nDecember 3, 2012\n")
    recs, report = read(tmp_path)
    assert [r.title for r in recs] == ["Statement on the talks"]
    assert [(Path(p).name, why) for p, why in report.skipped] == [("pipe", "unknown file kind")]

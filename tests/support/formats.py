"""Statements rendered as the files analysts keep: web pages, PDFs, Word files, mail.

The tests write these from a statement's parts (title, date, text) at run time, from the State
Department JSONL in ../shared or from small texts of their own, so that every format can be
compared with the same truth. The page templates carry what real pages carry around a
statement: navigation, a cookie banner, a sidebar, related links, a footer, scripts and styles.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import html
import io
import json
import zipfile
from email.message import EmailMessage
from pathlib import Path

#: Strings of page furniture that must never reach a record's title or body.
BOILERPLATE = (
    "This website uses cookies",
    "Accept all cookies",
    "Skip to main content",
    "Footer link",
    "Subscribe to updates",
    "Related Articles",
    "Share this page",
    "window.dataLayer",
    "margin:0",
    "Most read",
    "Privacy Policy",
)

_NAV = """<header class="site-header"><a class="skip-link" href="#main">Skip to main content</a>
<nav class="navbar"><ul><li><a href="/">Home</a></li><li><a href="/countries">Countries &amp; Areas</a></li>
<li><a href="/bureaus">Bureaus &amp; Offices</a></li><li><a href="/about">About</a></li></ul></nav></header>"""
_COOKIE = """<div id="cookie-consent" class="cookie-banner"><p>This website uses cookies to improve your experience.
We will assume you are fine with this, but you can opt out.</p><a href="#">Accept all cookies</a></div>"""
_SCRIPT = """<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}
var a1=1,a2=2,a3=3;</script><style>body{margin:0;padding:0}.nav li{display:inline;margin:0 4px}</style>"""
_FOOTER = """<footer class="site-footer"><ul><li><a href="/privacy">Privacy Policy</a></li><li><a href="/x">Footer link</a></li>
<li><a href="/subscribe">Subscribe to updates</a></li></ul><p>Official website of the Government.</p></footer>"""


def _paras(lines: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)


def split_byline(text: str) -> tuple[str, list[str]]:
    """The first line when it reads like a "Name, Post" byline (short, with a comma), and the rest."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and len(lines[0]) <= 90 and ", " in lines[0] and not lines[0].endswith("."):
        return lines[0], lines[1:]
    return "", lines


def state_page(title: str, date: dt.date, text: str, url: str) -> str:
    """A state.gov-like page: structured data, the byline and date above the entry content."""
    byline, lines = split_byline(text)
    ld = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "United States Department of State", "url": "https://www.state.gov/"},
        {"@type": "NewsArticle", "headline": title, "datePublished": f"{date.isoformat()}T18:06:00+00:00"},
    ]})
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8">
<title>{html.escape(title)} - United States Department of State</title>
<meta property="og:title" content="{html.escape(title, quote=True)}">
<meta property="og:site_name" content="United States Department of State">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{date.isoformat()}T18:06:00+00:00">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{ld}</script>
{_SCRIPT}</head><body class="post-template-default">{_COOKIE}{_NAV}
<main id="main"><section class="featured-content"><div class="featured-content__copy">
<h1 class="featured-content__headline">{html.escape(title)}</h1></div></section>
<div class="container"><div class="article-meta doctype-meta">
{f'<p class="article-meta__author-bureau">{html.escape(byline)}</p>' if byline else ''}
<p class="article-meta__publish-date">{date.strftime('%B')} {date.day}, {date.year}</p></div>
<div class="entry-content">{_paras(lines)}
<div class="related-tags"><span>Tags</span> <a href="/t">Office of the Spokesperson</a></div></div>
<aside class="related-content"><h2>Related Articles</h2><ul><li><a href="/a">Another release about something else</a></li></ul></aside>
<div class="share-links">Share this page: <a href="#">Facebook</a> <a href="#">Twitter</a></div>
</div></main>{_FOOTER}</body></html>"""


def ministry_page(title: str, date: dt.date, text: str) -> str:
    """A ministry-like page of no known site: no structured data, a sidebar and breadcrumbs, the
    title only in ``<h1>`` and ``<title>``, the date only in a visible element."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    teasers = "".join(
        f'<div class="news-item"><a href="/n/{i}">Minister receives the credentials of the ambassador of country number {i}</a>'
        f'<span class="news-date">0{i}.03.2021</span></div>'
        for i in range(1, 6)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(title)} | Ministry of Foreign Affairs</title>{_SCRIPT}</head>
<body>{_COOKIE}{_NAV}
<div class="layout"><div class="breadcrumbs"><a href="/">Home</a> / <a href="/press">Press service</a> / Statements</div>
<div class="col-main"><div class="page-header"><h1>{html.escape(title)}</h1>
<div class="date">{date.day} {date.strftime('%B')} {date.year} 14:05</div></div>
<div class="text">{_paras(lines)}</div>
<div class="print-version"><a href="?print">Print version</a></div></div>
<div class="sidebar"><h3>Most read</h3>{teasers}</div></div>{_FOOTER}</body></html>"""


# --- Word and OpenDocument -------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(paragraphs: list[str], *, title_style: bool = True, core_title: str = "Microsoft Word - x.docx", lang: str = "en-US") -> bytes:
    """A minimal ``.docx``: the first paragraph in the Title style, the rest as body paragraphs."""
    body = []
    for i, text in enumerate(paragraphs):
        style = '<w:pPr><w:pStyle w:val="Title"/></w:pPr>' if i == 0 and title_style else ""
        runs = "".join(f'<w:r><w:t xml:space="preserve">{html.escape(chunk)}</w:t></w:r>' for chunk in _chunks(text))
        body.append(f"<w:p>{style}{runs}</w:p>")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>{"".join(body)}</w:body></w:document>'
    core = (
        '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
        f"<dc:title>{html.escape(core_title)}</dc:title><dc:language>{lang}</dc:language>"
        "<dcterms:created>2001-01-01T00:00:00Z</dcterms:created></cp:coreProperties>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("word/document.xml", document)
        zf.writestr("docProps/core.xml", core)
    return buf.getvalue()


def _chunks(text: str) -> list[str]:
    """A paragraph split into runs the way Word splits them (at spell-check and format changes)."""
    words = text.split(" ")
    return [" ".join(words[i:i + 7]) + (" " if i + 7 < len(words) else "") for i in range(0, len(words), 7)] or [""]


def odt_bytes(paragraphs: list[str], *, lang: str = "ru-RU") -> bytes:
    """A minimal ``.odt``: a heading and paragraphs, with ``text:s`` spaces."""
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    items = [f'<text:h text:style-name="Title">{html.escape(paragraphs[0])}</text:h>']
    for text in paragraphs[1:]:
        first, _, rest = text.partition(" ")
        items.append(f"<text:p>{html.escape(first)}<text:s/>{html.escape(rest)}</text:p>")
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text>{"".join(items)}</office:text></office:body></office:document-content>'
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
        f"<dc:language>{lang}</dc:language></office:meta></office:document-meta>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
        zf.writestr("meta.xml", meta)
    return buf.getvalue()


# --- PDF -------------------------------------------------------------------------------------

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
RUNNING_HEADER = "U.S. Department of State - Office of the Spokesperson"


def pdf_bytes(title: str, lines: list[str], closing: str, *, columns: int = 1) -> bytes:
    """A PDF of a statement: the title, its paragraphs (in one or two columns) and the closing
    date line, with a running header and "Page N" footers, and a junk Info title."""
    from fpdf import FPDF

    unicode_font = FONT.exists()

    class Doc(FPDF):
        def header(self):
            self.set_font(font, size=8)
            self.cell(0, 6, RUNNING_HEADER, align="C")
            self.ln(10)

        def footer(self):
            self.set_y(-15)
            self.set_font(font, size=8)
            self.cell(0, 10, f"Page {self.page_no()}", align="C")

    pdf = Doc()
    if unicode_font:
        pdf.add_font("body", fname=str(FONT))
        font = "body"
    else:
        font = "helvetica"
    pdf.set_title("Microsoft Word - statement.docx")
    pdf.add_page()
    pdf.set_font(font, size=13)
    pdf.multi_cell(0, 7, _pdf_text(title, unicode_font))
    pdf.ln(4)
    pdf.set_font(font, size=10)
    if columns == 1:
        for line in lines:
            pdf.multi_cell(0, 5, _pdf_text(line, unicode_font))
            pdf.ln(3)
    else:
        with pdf.text_columns(ncols=columns, gutter=8) as cols:
            for line in lines:
                cols.write(_pdf_text(line, unicode_font))
                cols.ln()
                cols.ln()
    pdf.ln(3)
    pdf.multi_cell(0, 5, closing)
    return bytes(pdf.output())


def _pdf_text(text: str, unicode_font: bool) -> str:
    return text if unicode_font else text.encode("latin-1", "replace").decode("latin-1")


# --- mail ------------------------------------------------------------------------------------


def message(subject: str, sender: str, sent: dt.date, body: str, attachments: list[tuple[str, bytes, str]] = ()) -> EmailMessage:
    """A message as a mail client writes it: quoted-printable text, attachments after it."""
    # Long lines unfolded: Python's own folding of a long non-ASCII Subject splits encoded words
    # where the space between two words is lost on reading (its generator's quirk, not a client's).
    msg = EmailMessage(policy=email.policy.default.clone(max_line_length=998))
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = "analysts@example.org"
    msg["Date"] = email.utils.format_datetime(dt.datetime(sent.year, sent.month, sent.day, 15, 30, tzinfo=dt.timezone.utc))
    msg["Message-ID"] = email.utils.make_msgid(domain="example.org")
    msg.set_content(body, cte="quoted-printable")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg

"""Citations: every document type rendered by a real CSL processor (citeproc-py), every BibTeX
entry parsed by a real parser (bibtexparser), text fragments encoded so that punctuation cannot
break them, offices kept whole, paragraph anchors that ``show`` resolves to the quoted text."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import warnings
from urllib.parse import unquote

import bibtexparser
import pytest
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.source.json import CiteProcJSON

from searchtool.doctypes import DOC_TYPES
from searchtool.errors import UsageError
from searchtool.indexing.update import build_index, update_index
from searchtool.output.citation import FORMATS, csl_item, write_citations
from searchtool.reading.reader import read_paths
from searchtool.record import Record
from searchtool.searching.citation import CSL_TYPES, author, cite, cite_search, fragment_url
from searchtool.searching.engine import show
from searchtool.searching.request import SearchRequest
from tests.support.cli import run
from tests.support.paths import shared

SPEAKERS = ["Ned Price", "Office of the Spokesperson", "Staffan de Mistura", "A. K. Lukashevich"]
QUOTE = "Yes, the U.S.-led coalition – and “our partners” – will act, now & later."


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    """One statement of every document type, on the web, with two paragraphs each."""
    records = [
        Record(id=f"t{i:02d}", path=f"/data/t{i:02d}.txt", title=f"A {kind} on grain, sanctions & peace", type=kind,
               body=f"Opening paragraph of the {kind}.\n\n{QUOTE}", date=dt.date(2022, 1 + i % 12, 1 + i),
               speakers=[SPEAKERS[i % len(SPEAKERS)]], posts=["Spokesperson of the Ministry of Foreign Affairs of Russia"],
               url=f"https://www.state.gov/item-{i}/")
        for i, kind in enumerate(DOC_TYPES)
    ]
    ix = tmp_path_factory.mktemp("cite") / "ix"
    build_index(records, ix)
    return ix, records


def _render(item: dict, locator: str | None) -> tuple[str, str]:
    """In-text citation and bibliography entry from citeproc-py and its bundled Harvard style."""
    with warnings.catch_warnings():
        # CSL-JSON 1.0.2 reserves "custom" for extensions (our reproducibility block); citeproc-py
        # predates it and warns.
        warnings.filterwarnings("ignore", message="The following arguments for Reference are unsupported: custom$")
        source = CiteProcJSON([item])
    bib = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False), source, formatter.plain)
    cited = CslCitation([CitationItem(item["id"], locator=Locator("paragraph", locator)) if locator else CitationItem(item["id"])])
    bib.register(cited)
    return str(bib.cite(cited, lambda _: None)), str(bib.bibliography()[0])


def test_every_document_type_renders_through_citeproc(typed):
    ix, records = typed
    for rec in records:
        c = cite(ix, f"{rec.id}#p2")
        item = csl_item(c, quote=True)
        assert item["type"] == CSL_TYPES[rec.type]
        in_text, entry = _render(item, c.anchor[1:])
        year = str(rec.date.year)
        who = author(rec.speakers[0])
        assert (who.get("family") or who["literal"]) in in_text and year in in_text and "para. 2" in in_text
        assert rec.title in entry and "(Accessed:" in entry and "#:~:text=" in entry
        assert item["custom"]["searchtool"]["anchor"] == "p2" and item["note"] == QUOTE


def test_every_bibtex_entry_parses_with_its_fields(typed):
    ix, records = typed
    out = io.StringIO()
    write_citations([cite(ix, f"{r.id}#p2") for r in records], "bibtex", out, quote=True)
    library = bibtexparser.parse_string(out.getvalue())
    assert not library.failed_blocks and len(library.entries) == len(records)
    for entry, rec in zip(library.entries, records):
        fields = {f.key: f.value for f in entry.fields}
        assert fields["title"] == "{" + rec.title.replace("&", "\\&") + "}"
        assert fields["urldate"] == dt.date.today().isoformat() and fields["year"] == str(rec.date.year)
        assert entry.entry_type == ("article" if rec.type == "article" else "misc")
        if rec.speakers[0].startswith("Office"):
            assert fields["author"] == "{Office of the Spokesperson}"


def test_a_text_fragment_survives_commas_dashes_quotes_and_ampersands():
    url = fragment_url("https://www.state.gov/a/#top", QUOTE)
    base, directive = url.split("#:~:text=")
    assert base == "https://www.state.gov/a/"
    start, end = directive.split(",")
    assert "-" not in directive and "&" not in directive and " " not in directive
    assert unquote(start) == "Yes, the U.S.-led coalition" and unquote(end) == "act, now & later."
    assert fragment_url("https://x.org/", "two words") == "https://x.org/#:~:text=two%20words"
    assert fragment_url("file:///tmp/a.txt", QUOTE) == "file:///tmp/a.txt"


def test_people_are_split_and_offices_are_literal():
    assert author("Antony J. Blinken") == {"family": "Blinken", "given": "Antony J."}
    assert author("Staffan de Mistura") == {"family": "de Mistura", "given": "Staffan"}
    assert author("Martin Luther King Jr.") == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    assert author("Office of the Spokesperson") == {"literal": "Office of the Spokesperson"}
    assert author("Ministry of Foreign Affairs of Russia") == {"literal": "Ministry of Foreign Affairs of Russia"}


def test_every_format_writes_the_access_date_and_the_locator(typed):
    ix, records = typed
    c = cite(ix, f"{records[2].id}#p2")
    for fmt in FORMATS:
        out = io.StringIO()
        write_citations([c], fmt, out, quote=True)
        text = out.getvalue()
        if fmt == "csl-json":
            (item,) = json.loads(text)
            assert item["accessed"] == {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]}
        else:
            day = c.accessed
            spelled = {"bibtex": f"urldate = {{{day.isoformat()}}}", "ris": f"Y2  - {day:%Y/%m/%d}",
                       "md": f"accessed {day:%B} {day.day}, {day.year}.", "text": f"(Accessed: {day.day} {day:%B %Y})."}
            assert spelled[fmt] in text, fmt
        assert "p2" in text or "para. 2" in text, fmt
    assert cite(ix, records[0].id).locator == "" and cite(ix, records[0].id).quote == "" and c.locator == "para. 2"
    assert c.publisher == "U.S. Department of State" and c.key == "de-mistura-2022-03-03-a-briefing-on-grain"


def test_turn_anchors_without_turns_and_bad_formats_are_one_line_errors(typed):
    ix, records = typed
    with pytest.raises(UsageError, match="has no turn 4"):
        cite(ix, f"{records[0].id}#t4")
    bad = run("cite", records[0].id, "--format", "apa", "--index", str(ix))
    assert bad.exit_code == 2 and "unknown citation format 'apa'" in bad.stderr


def test_search_cite_gives_one_item_per_hit_for_its_best_paragraph(typed):
    ix, _records = typed
    result, citations = cite_search(ix, SearchRequest("coalition partners", limit=3))
    assert len(citations) == len(result.hits) == 3
    assert all(c.anchor == "p2" and c.query == "coalition partners" for c in citations)
    out = run("search", "coalition", "partners", "--limit", "2", "--cite", "csl-json", "--index", str(ix))
    items = json.loads(out.stdout)
    assert out.exit_code == 0 and len(items) == 2 and items[0]["custom"]["searchtool"]["query"] == "coalition partners"


def test_state_department_show_prints_the_paragraph_that_cite_quotes(tmp_path):
    feed = shared("corpora", "state-dept", "state_dept_press_releases_2021-2022.jsonl")
    lines = feed.read_text(encoding="utf-8").splitlines()[:40]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    update_index([tmp_path / "feed.jsonl"], tmp_path / "ix", jobs=1)
    rec = max(read_paths([tmp_path / "feed.jsonl"]), key=lambda r: r.body.count("\n"))
    number = rec.body.count("\n") // 2 + 1
    c = cite(tmp_path / "ix", f"{rec.id}#p{number}")
    assert c.quote and c.quote in json.loads(lines[rec.recno - 1])["text"]
    shown_at = show(tmp_path / "ix", f"{rec.id}#p{number}")
    assert shown_at.anchor[:2] == ("paragraph", number) and c.quote in shown_at.body
    shown = run("show", f"{rec.id}#p{number}", "--index", str(tmp_path / "ix"))
    assert shown.exit_code == 0 and c.quote in shown.stdout
    assert c.url.startswith("https://www.state.gov/") and c.publisher == "U.S. Department of State"
    assert c.fragment_url.startswith(c.url + "#:~:text=")


def test_pandoc_citeproc_renders_a_document_citing_the_csl_json(typed, tmp_path):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed (optional: Debian's pandoc 2.17 runs this check)")
    ix, records = typed
    cited = [cite(ix, f"{r.id}#p2") for r in records[:3]]
    bib = io.StringIO()
    write_citations(cited, "csl-json", bib)
    (tmp_path / "refs.json").write_text(bib.getvalue(), encoding="utf-8")
    (tmp_path / "doc.md").write_text(" ".join(f"[@{c.key}, {c.locator}]" for c in cited) + "\n", encoding="utf-8")
    done = subprocess.run([pandoc, "--citeproc", "--bibliography", str(tmp_path / "refs.json"), "-t", "plain", str(tmp_path / "doc.md")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "???" not in done.stdout and "[WARNING]" not in done.stderr
    for c in cited:
        assert c.title.split(",")[0].lower() in " ".join(done.stdout.split()).lower()  # Chicago title-cases titles


def test_a_turn_anchor_cites_the_turn_with_its_speaker(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "brief.txt").write_text(
        "Department Press Briefing – June 1, 2022\nNed Price, Department Spokesperson\n"
        "MR PRICE: Good afternoon, everyone.\nQUESTION: What about the grain corridor?\n"
        "MR PRICE: We are working on it with our partners, and we will keep at it.\nJune 1, 2022\n", encoding="utf-8")
    update_index([src], tmp_path / "ix", jobs=1)
    (rec,) = read_paths([src])
    c = cite(tmp_path / "ix", f"{rec.id}#t3")
    assert c.locator.startswith("turn 3") and "We are working on it" in c.quote and c.anchor == "t3"

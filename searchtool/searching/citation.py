"""Citations of statements and their paragraphs (``searchtool cite``, ``search --cite``): the
values a reference needs, in CSL's terms; :mod:`searchtool.output.citation` writes them as
CSL-JSON, BibTeX, RIS, a Markdown footnote or plain text.

- The CSL type follows the document type (:data:`CSL_TYPES`): what was said aloud is a
  ``speech`` (briefings, comments, remarks), an ``interview`` an interview, the rest a ``document``.
- Authors are the speakers; a speaker that is an office ("Office of the Spokesperson") is a
  literal name, never split into given and family names (:data:`OFFICE_WORDS`). A speaker the
  people registry (:mod:`searchtool.people`) names as a person is cited under the person's
  canonical name ("GROMYKO" -> Gromyko, Andrei), two forms of one person once; a speaker it
  matches only through a role on the date (an office's release) stays the office as written:
  the office issued the text, its holder that day did not write it.
- The publisher comes from the URL's site (:data:`PUBLISHERS`), else a "Ministry of ..." or
  "Department of ..." in a post, else a ``publisher``/``source`` metadata field.
- A web source's URL gets a text fragment (``#:~:text=start,end``) that browsers (Chrome 80,
  Firefox 131, Safari 16.1) scroll to and mark: the cited paragraph or quote.
- The access date is said explicitly: the day the statement was first indexed (when the
  archive got it), from the ledger; today for an index without one.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlsplit

from searchtool.anchors import Ref, anchored_text, parse_ref
from searchtool.dates import from_int
from searchtool.index.ledger import FIRST
from searchtool.paragraphs import paragraph_spans
from searchtool.searching.engine import Engine, open_engine
from searchtool.searching.passages import stored_turns
from searchtool.searching.request import SearchRequest, SearchResult
from searchtool.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Document type -> CSL item type.
CSL_TYPES = {
    "comment": "speech", "statement": "speech", "briefing": "speech", "speech": "speech", "remarks": "speech",
    "answer": "speech", "interview": "interview", "article": "article", "press release": "document",
    "message": "document", "readout": "document", "other": "document",
}
#: Words that make a speaker an office, written as a literal name.
OFFICE_WORDS = frozenset(
    "office ministry department embassy mission bureau secretariat government council committee delegation "
    "consulate agency administration commission service spokesperson's press kremlin presidency".split()
)
#: Site (the URL's host or a parent domain) -> publisher.
PUBLISHERS = {
    "state.gov": "U.S. Department of State",
    "whitehouse.gov": "The White House",
    "mid.ru": "Ministry of Foreign Affairs of the Russian Federation",
    "kremlin.ru": "President of Russia",
    "gov.uk": "UK Government",
    "un.org": "United Nations",
    "europa.eu": "European Union",
    "mfa.gov.cn": "Ministry of Foreign Affairs of the People's Republic of China",
    "diplomatie.gouv.fr": "Ministère de l'Europe et des Affaires étrangères",
}
_INSTITUTION = re.compile(r"\b((?:Ministry|Department) of [A-Z][\w'’ ]+?(?: of (?:the )?[A-Z][\w'’]+(?: [A-Z][\w'’]+)*)?)(?=$|[,;(])")
#: Particles that belong to a family name ("Staffan de Mistura").
_PARTICLES = {"de", "da", "del", "der", "di", "van", "von", "al", "el", "bin", "la", "le", "du"}
_FRAGMENT_WORDS = 4


class Citation(Value):
    """One reference: CSL variables plus where it came from (``anchor``: ``p3`` or ``None``),
    the quote (the cited passage exactly as stored) and the reproducibility values."""

    __slots__ = ("key", "id", "anchor", "csl_type", "doc_type", "title", "authors", "issued", "publisher", "place", "url",
                 "fragment_url", "locator", "quote", "accessed", "path", "version", "generation", "run", "query")

    def __init__(self, key: str, id: str, anchor: str | None, csl_type: str, doc_type: str, title: str,
                 authors: list[dict[str, str]], issued: _dt.date | None, publisher: str, place: str, url: str,
                 fragment_url: str, locator: str, quote: str, accessed: _dt.date, path: str, version: str,
                 generation: str, run: int, query: str | None) -> None:
        Value.__init__(self, key, id, anchor, csl_type, doc_type, title, authors, issued, publisher, place, url,
                       fragment_url, locator, quote, accessed, path, version, generation, run, query)


def author(name: str) -> dict[str, str]:
    """A speaker as a CSL name: ``{"family", "given"}`` for a person, ``{"literal"}`` for an office."""
    name = " ".join(name.split())
    tokens = name.split(" ")
    if len(tokens) < 2 or {t.lower().strip(",.") for t in tokens} & OFFICE_WORDS:
        return {"literal": name}
    suffix = ""
    if tokens[-1].rstrip(".").lower() in ("jr", "sr", "ii", "iii"):
        suffix = tokens.pop()
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1].lower() in _PARTICLES:
        i -= 1
    out = {"family": " ".join(tokens[i:]), "given": " ".join(tokens[:i])}
    if suffix:
        out["suffix"] = suffix
    return out


def authors_of(speakers: list[str], day: _dt.date | None, people: Any = None) -> list[dict[str, str]]:
    """The CSL names of a statement's speakers: a person the registry ``people`` (or ``None``)
    recognises by name under their canonical name, any other speaker as written; each once."""
    out: list[dict[str, str]] = []
    for written in speakers:
        if not written.strip():
            continue
        person = people.person(written, day) if people is not None else None
        name = author(person.name if person is not None else written)
        if name not in out:
            out.append(name)
    return out


def publisher_of(url: str, posts: list[str], fields: dict) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    parts = host.split(".")
    for i in range(len(parts) - 1):
        site = ".".join(parts[i:])
        if site in PUBLISHERS:
            return PUBLISHERS[site]
    for post in posts:
        m = _INSTITUTION.search(post or "")
        if m:
            return m.group(1).strip()
    lowered = {str(k).lower(): v for k, v in (fields or {}).items()}
    for key in ("publisher", "source", "organisation", "organization", "agency"):
        if lowered.get(key):
            return str(lowered[key])
    return ""


def fragment_url(url: str, text: str) -> str:
    """``url`` with a text fragment selecting ``text`` (its first and last words for a long one),
    percent-encoded so that commas, dashes and ampersands in the text cannot end a directive."""
    if not url or not text or urlsplit(url).scheme not in ("http", "https"):
        return url
    words = text.split()
    if len(words) <= 2 * _FRAGMENT_WORDS:
        directive = _encode(" ".join(words))
    else:
        directive = _encode(" ".join(words[:_FRAGMENT_WORDS])) + "," + _encode(" ".join(words[-_FRAGMENT_WORDS:]))
    return url.split("#", 1)[0] + "#:~:text=" + directive


def _encode(text: str) -> str:
    return quote(text, safe="").replace("-", "%2D")


def _slug(text: str, words: int = 4) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text)[:words]) or "statement"


def citation_key(authors: list[dict[str, str]], issued: _dt.date | None, title: str) -> str:
    """``surname-yyyy-mm-dd-slug`` (an office's first word for the surname; ``nd`` when undated)."""
    first = authors[0] if authors else {}
    surname = _slug(first.get("family") or "", 3) if first.get("family") else _slug(first.get("literal") or "anon", 1)
    return f"{surname}-{issued.isoformat() if issued else 'nd'}-{_slug(title)}"


def _version() -> str:
    try:
        return metadata.version("searchtool")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _cite(engine: Engine, docnum: int, ref: Ref, query: str | None) -> Citation:
    stored, body = engine.document(docnum)
    turns = stored_turns(stored, body) if stored.get("turns") else []
    quote_text = anchored_text(stored.get("id", ref.id), body, turns, ref)
    locator = ""
    if ref.kind == "p":
        locator = f"para. {ref.number}"
    elif ref.kind == "t":
        turn = next(t for t in turns if t.n == ref.number)
        locator = f"turn {ref.number}" + (f" ({turn.speaker})" if turn.speaker else "")
    ledger = engine.ledger
    entry = ledger.records.get(stored.get("id", ""))
    indexed = ledger.runs.get(str(entry[FIRST])) if entry else None
    accessed = _dt.datetime.fromtimestamp(indexed).date() if indexed else _dt.date.today()
    issued = from_int(stored.get("date"))
    title = stored.get("title") or ""
    authors = authors_of(list(stored.get("speakers") or []), issued, engine.people)
    url = stored.get("url") or ""
    fields = stored.get("fields") or {}
    place = next((str(v) for k, v in fields.items() if str(k).lower() in ("place", "location", "city")), "")
    return Citation(
        key=citation_key(authors, issued, title), id=stored.get("id", ""), anchor=f"{ref.kind}{ref.number}" if ref.kind else None,
        csl_type=CSL_TYPES.get(stored.get("type") or "other", "document"), doc_type=stored.get("type") or "other",
        title=title, authors=authors, issued=issued, publisher=publisher_of(url, list(stored.get("posts") or []), fields),
        place=place, url=url, fragment_url=fragment_url(url, quote_text) if ref.kind else url,
        locator=locator, quote=quote_text if ref.kind else "", accessed=accessed,
        path=stored.get("path") or "", version=_version(), generation=engine.generation.name, run=ledger.run, query=query,
    )


def cite(index_dir: Path, reference: str) -> Citation:
    """The citation of ``ID`` (the whole statement) or ``ID#pN`` (paragraph N, quoted)."""
    ref = parse_ref(reference)
    with Engine(index_dir) as engine:
        return _cite(engine, engine.find_doc(ref.id), ref, None)


def cite_search(index_dir: Path, request: SearchRequest) -> tuple[SearchResult, list[Citation]]:
    """Run ``request`` and cite each hit's best passage: the paragraph with the most matches of
    the query (the first of equals; the whole statement when it has no paragraph)."""
    out = []
    with open_engine(index_dir) as engine:
        result = engine.search(request)
        for hit in result.hits:
            body = engine.body(hit.docnum)
            spans = paragraph_spans(body)
            ref = Ref(hit.id)
            if spans:
                counts = [_matches(result.highlighter, body[a:b]) for a, b in spans]
                ref = Ref(hit.id, "p", counts.index(max(counts)) + 1)
            out.append(_cite(engine, hit.docnum, ref, request.query))
    return result, out


def _matches(highlighter, text: str) -> int:
    """How many of the query's matches ``text`` holds (0 without a highlighter)."""
    if highlighter is None:
        return 0
    return sum(1 for _part, matched in highlighter.parts(text) if matched)

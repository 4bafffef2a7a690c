"""Web pages (``.html``, ``.htm``, and ``.mhtml`` as browsers save them) -> :class:`Document`.

The main text without navigation, menus, footers, cookie banners, scripts and styles, in
paragraphs, and the page's own metadata:

* title: JSON-LD ``headline``, ``og:title``, the site profile's title element, ``<h1>``, then
  ``<title>`` with the site's name cut off;
* date: JSON-LD ``datePublished``, ``article:published_time`` and the other publication-date
  meta tags, ``<time datetime>``, the profile's (or a generic) visible date element; failing
  all, the statement's date line (read by the layout rules, as in a ``.txt``);
* URL: ``rel=canonical``, ``og:url``, the ``<!-- saved from url=... -->`` comment;
* language: ``<html lang>``.

Where the body is: a site profile (data in :data:`searchtool.reading.rules.HTML_PROFILES` and
the user's rules file), else ``itemprop=articleBody``/``<article>``/``<main>``, else the element
holding the most paragraph text (text density). selectolax (Lexbor) parses: 0.9 ms for an 80 KB
page against 34 ms for trafilatura and 7.5 ms for the standard library's parser, which also kept
a cookie banner (../shared/design/capabilities.md, section A.2).
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from searchtool.dates import find_dates, parse_any_date_text, parse_any_date_value
from searchtool.reading.compose import Document, Part, Unreadable
from searchtool.reading.decode import BinaryContent, decode_bytes
from searchtool.reading.rules import RuleSet
from searchtool.reading.textfiles import one_line

#: A page larger than this is cut (with a warning): no statement page comes near it, and parsing
#: costs memory in proportion.
MAX_PAGE_BYTES = 16 * 1024 * 1024
#: JSON-LD blocks larger than this are not parsed (they are data dumps, not page metadata).
MAX_JSONLD_CHARS = 512 * 1024
#: Elements that never hold statement text, removed everywhere before anything else.
JUNK_TAGS = "script, style, noscript, template, svg, iframe, object, embed, canvas, link, meta, button, select, input, textarea"
#: Elements that hold navigation or page furniture, removed inside the body.
FURNITURE = "nav, aside, form, footer, dialog, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search], [aria-hidden=true], [hidden]"
#: Elements that hold page furniture wherever they are (a page's own header and footer, menus).
FURNITURE_TAGS = frozenset("nav aside form footer header dialog".split())
#: Words in a class or id that mark page furniture ("cookie-banner", "site_nav", "shareLinks").
BOILER_WORDS = frozenset(
    "cookie cookies consent gdpr banner nav navbar navigation menu breadcrumb breadcrumbs sidebar share sharing social "
    "related subscribe newsletter signup promo advert advertisement ads sponsor pagination pager tags tag skip toolbar "
    "print widget popup modal footer masthead disclaimer".split()
)
#: An element this big a share of the body's text is a wrapper, not furniture, whatever its class says.
WRAPPER_SHARE = 0.5
#: Elements that end a line of text.
BLOCKS = frozenset(
    "p div section article main header h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table tbody thead blockquote pre "
    "figure figcaption hr address center details summary body html td th".split()
)
#: Publication-date meta tags, by ``property``/``name``/``itemprop``, in order of trust.
DATE_META = (
    "article:published_time", "datepublished", "og:published_time", "published_time", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.date", "date", "pubdate", "publishdate", "publish-date",
    "parsely-pub-date", "sailthru.date", "citation_publication_date",
)
#: Generic visible date elements, tried when no profile's date element matched.
DATE_ELEMENTS = ("[itemprop=datePublished]", "time", "[class*=date]", "[class*=Date]", "[id*=date]")
#: Generic byline elements (read by the byline rules; a line they refuse is left out).
BYLINE_ELEMENTS = ("[class*=byline]", "[rel=author]", "[itemprop=author]", "[class*=author]")
#: Separators between a page's title and the site's name in ``<title>``.
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|«|»|·|/)\s+")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
#: How a class or id splits into words: "cookie-banner", "site_nav", "shareLinks".
_CLASS_WORDS = re.compile(r"[\s_-]+|(?<=[a-z])(?=[A-Z])")
#: Paragraph-like elements whose text counts towards their container in the density fallback.
_PARAGRAPHS = "p, h2, h3, h4, li, blockquote, pre, dd"
#: At most this many elements are weighed (paragraphs for density, furniture candidates for their
#: share of the text): each weighing reads the element's text, so a page of deeply nested elements
#: would otherwise cost time quadratic in its size.
MAX_ELEMENTS_WEIGHED = 5000
#: Paragraphs shorter than this add nothing to the density score (menu items, captions).
MIN_PARAGRAPH_CHARS = 25


def html_document(data: bytes, rules: RuleSet, *, url: str | None = None, fmt: str = "html") -> Document:
    """The document of a web page's bytes; :class:`Unreadable` when they are no text."""
    warnings = []
    if len(data) > MAX_PAGE_BYTES:
        data = data[:MAX_PAGE_BYTES]
        warnings.append(f"page cut at {MAX_PAGE_BYTES // (1024 * 1024)} MB")
    try:
        text, encoding = decode_bytes(data)
    except BinaryContent as err:
        raise Unreadable(str(err)) from None
    if encoding not in ("utf-8", "utf-8-sig", "ascii") and b"charset" not in data[:2048].lower():
        warnings.append(f"not UTF-8: read as {encoding}")  # a guess: the page declares no charset
    doc = page_document(text, rules, url=url, fmt=fmt)
    doc.warnings[:0] = warnings
    if not doc.text.strip():
        raise Unreadable("no text in the page (one that JavaScript fills in?)")
    return doc


def page_document(markup: str, rules: RuleSet, *, url: str | None = None, fmt: str = "html") -> Document:
    """The document of a page's markup (already decoded)."""
    tree = LexborHTMLParser(markup)
    meta = _meta_tags(tree)
    ld = _json_ld(tree)
    url = url or _url(tree, meta, markup)
    profile = _profile_for(tree, url, rules)
    root = tree.css_first("html")
    attrs = root.attributes if root is not None else {}
    lang = attrs.get("lang") or attrs.get("xml:lang") or meta.get("content-language") or ld.get("inLanguage")
    title = _title(tree, meta, ld, profile)
    byline_nodes = _select_all(tree, (profile or {}).get("byline", []) or BYLINE_ELEMENTS, limit=4)
    lead = [line for n in byline_nodes if profile or not _in_furniture(n) for line in _block_text(n, []).splitlines()]
    date, precision = _structured_date(meta, ld)
    if date is None:
        date, precision = _visible_date(tree, (profile or {}).get("date", []))
    for node in tree.css(JUNK_TAGS):
        node.decompose()
    body = _body_nodes(tree, profile)
    text = "\n".join(_block_text(node, (profile or {}).get("drop", [])) for node in body)
    doc = Document(text, fmt, title=title, date=date, date_precision=precision, url=url, lang=(lang or "").strip() or None, lead=[x for x in lead if 0 < len(x) <= 200])
    if profile:
        doc.fields["site"] = profile["name"]
    return doc


def mhtml_document(data: bytes, rules: RuleSet) -> Document:
    """A page saved as one MIME file (``.mhtml``/``.mht``): its first HTML part, read as a page."""
    msg = email.message_from_bytes(data[:MAX_PAGE_BYTES * 2], policy=email.policy.default)
    url = msg.get("Snapshot-Content-Location") or None
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset:
                try:
                    payload = payload.decode(charset, "replace").encode("utf-8")
                except LookupError:
                    pass
            return html_document(payload, rules, url=url or part.get("Content-Location"), fmt="mhtml")
    raise Unreadable("no HTML part in the saved page")


# --- metadata --------------------------------------------------------------------------------


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """``<meta>`` values by lowercased property/name/itemprop/http-equiv (the first one wins)."""
    out: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        content = attrs.get("content")
        if not content:
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            name = attrs.get(key)
            if name:
                out.setdefault(name.strip().lower(), content.strip())
    return out


def _json_ld(tree: LexborHTMLParser) -> dict[str, Any]:
    """The first ``headline``, ``datePublished``, ``url`` and ``inLanguage`` of the page's JSON-LD."""
    found: dict[str, Any] = {}
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True)
        if not raw or len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack: list[tuple[Any, int]] = [(data, 0)]
        while stack:
            item, depth = stack.pop()
            if depth > 8:
                continue
            if isinstance(item, list):
                stack.extend((x, depth + 1) for x in reversed(item))
            elif isinstance(item, dict):
                for key in ("headline", "datePublished", "inLanguage", "url"):
                    value = item.get(key)
                    if isinstance(value, str) and value.strip() and key not in found:
                        found[key] = value.strip()
                stack.extend((v, depth + 1) for k, v in item.items() if isinstance(v, (list, dict)) and k in ("@graph", "mainEntity", "itemListElement"))
    return found


def _url(tree: LexborHTMLParser, meta: dict[str, str], markup: str) -> str | None:
    node = tree.css_first('link[rel="canonical"]')
    if node is not None and node.attributes.get("href"):
        return node.attributes["href"].strip()
    if meta.get("og:url"):
        return meta["og:url"]
    m = _SAVED_FROM.search(markup[:4096])
    return m.group(1) if m else None


def _profile_for(tree: LexborHTMLParser, url: str | None, rules: RuleSet) -> dict | None:
    host = (urlparse(url).hostname or "").lower() if url else ""
    for profile in rules.html_profiles:
        if host and any(host == h or host.endswith("." + h) for h in profile.get("hosts", [])):
            return profile
        if any(_select_all(tree, [sel], limit=1) for sel in profile.get("detect", [])):
            return profile
    return None


def _select_all(tree: Any, selectors: Any, limit: int = 50) -> list:
    """The elements matching the first selector that matches anything (a bad selector is passed over)."""
    for selector in selectors:
        try:
            found = tree.css(selector)
        except SelectolaxError:
            continue
        if found:
            return found[:limit]
    return []


def _title(tree: LexborHTMLParser, meta: dict[str, str], ld: dict[str, Any], profile: dict | None) -> str:
    site = meta.get("og:site_name", "")
    for candidate in (ld.get("headline"), meta.get("og:title"), meta.get("twitter:title")):
        if candidate and one_line(candidate):
            return _cut_site(one_line(candidate), site, only_named=True)
    for node in _select_all(tree, (profile or {}).get("title", []) or ["h1"], limit=10):
        text = _inline_text(node)
        if text and (profile or not _in_furniture(node)):  # not the logo's <h1> in the site header
            return text
    node = tree.css_first("title")
    return _cut_site(one_line(node.text()), site) if node is not None else ""


def _cut_site(title: str, site: str, *, only_named: bool = False) -> str:
    """``title`` without the site's name after (or before) a separator: "Briefing - State Dept" -> "Briefing".

    With ``only_named`` only the named ``site`` is cut (structured titles rarely carry one);
    otherwise the shorter end parts go while the longest part stays.
    """
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site:
        low = site.casefold()
        if parts[-1].casefold() == low:
            return title[: title.rfind(parts[-1])].rstrip(" |-–—:«»·/")
        if parts[0].casefold() == low:
            return title[len(parts[0]):].lstrip(" |-–—:«»·/")
    if only_named:
        return title
    longest = max(parts, key=len)
    if parts[-1] is not longest and len(parts[-1].split()) <= 6:
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:«»·/").strip()
    if parts[0] is not longest and len(parts[0].split()) <= 6:
        return title[len(parts[0]):].lstrip(" |-–—:«»·/").strip()
    return title


def _structured_date(meta: dict[str, str], ld: dict[str, Any]):
    for value in [ld.get("datePublished")] + [meta.get(name) for name in DATE_META]:
        if value:
            found = parse_any_date_value(value)
            if found is not None:
                return found
    return None, None


def _visible_date(tree: LexborHTMLParser, selectors: list[str]):
    """The date shown on the page: a ``<time datetime>``, else the first date in a date element's text."""
    for node in _select_all(tree, selectors, limit=5) or _generic_date_nodes(tree):
        stamp = node.attributes.get("datetime") or node.attributes.get("content")
        if stamp:
            found = parse_any_date_value(stamp)
            if found is not None:
                return found
        text = _inline_text(node)
        if not text or len(text) > 200:
            continue
        found = parse_any_date_text(text)
        if found is not None:
            return found
        dates = find_dates(text)
        if dates:
            return dates[0][0], None
    return None, None


def _generic_date_nodes(tree: LexborHTMLParser) -> list:
    """Date elements outside sidebars, menus and footers (whose dates are other items')."""
    out: list = []
    for selector in DATE_ELEMENTS:
        out.extend(node for node in tree.css(selector)[:20] if not _in_furniture(node))
    return out


# --- the body --------------------------------------------------------------------------------


def _inline_text(node: Any) -> str:
    """An element's text as one line, its inline parts joined as written ("<a>Ned Price</a>, Spokesperson")."""
    return one_line(" ".join(_block_text(node, []).splitlines()))


def _text(node: Any) -> str:
    return node.text(deep=True, separator=" ") or ""


def _body_nodes(tree: LexborHTMLParser, profile: dict | None) -> list:
    """The elements holding the statement: the profile's, a marked article or main, or by density."""
    if profile:
        found = _select_all(tree, profile.get("body", []))
        found = [n for n in found if len(_text(n).strip()) > 0]
        if found:
            return _outermost(found)
    for selector in ("[itemprop=articleBody]", "article", "main", "[role=main]"):
        found = [n for n in tree.css(selector) if _text(n).strip()]
        if found:
            return [max(found, key=lambda n: len(_text(n)))]
    best = _densest(tree)
    if best is not None:
        return [best]
    return [tree.body] if tree.body is not None else []


def _outermost(nodes: list) -> list:
    """``nodes`` without those inside another one of them (every match of ".text" in a profile)."""
    ids = {n.mem_id for n in nodes}
    out = []
    for node in nodes:
        parent, inside = node.parent, False
        while parent is not None:
            if parent.mem_id in ids:
                inside = True
                break
            parent = parent.parent
        if not inside:
            out.append(node)
    return out


def _densest(tree: LexborHTMLParser):
    """The element whose paragraph children hold the most text, links discounted (readability's idea)."""
    scores: dict[int, float] = {}
    nodes: dict[int, Any] = {}
    for para in tree.css(_PARAGRAPHS)[:MAX_ELEMENTS_WEIGHED]:
        text = _text(para).strip()
        if len(text) < MIN_PARAGRAPH_CHARS or _in_furniture(para):
            continue
        linked = sum(len(_text(a)) for a in para.css("a"))
        score = len(text) * (1.0 - min(1.0, linked / max(len(text), 1)))
        parent = para.parent
        for weight in (1.0, 0.5):
            if parent is None or parent.tag in ("body", "html"):
                break
            scores[parent.mem_id] = scores.get(parent.mem_id, 0.0) + score * weight
            nodes[parent.mem_id] = parent
            parent = parent.parent
    if not scores:
        return None
    return nodes[max(scores, key=lambda k: scores[k])]


def _in_furniture(node: Any) -> bool:
    """Whether ``node`` sits in a cookie banner, a menu, a sidebar, a footer... (its own ancestors);
    an ``<article>`` or ``<main>`` reached first settles it (an article's own ``<header>`` is content)."""
    in_header = False
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in ("article", "main"):
            return False
        if node.tag == "header":
            in_header = True  # the site's header, unless an article holds it
        elif node.tag in FURNITURE_TAGS or _is_furniture(node):
            return True
        node = node.parent
    return in_header


def _is_furniture(node: Any) -> bool:
    attrs = node.attributes
    words = " ".join(filter(None, (attrs.get("class"), attrs.get("id"))))
    if not words:
        return False
    return any(w.lower() in BOILER_WORDS for w in _CLASS_WORDS.split(words) if w)


def _block_text(root: Any, drop: list[str]) -> str:
    """The text under ``root`` as paragraphs, one per line, furniture left out."""
    total = max(len(_text(root)), 1)
    doomed: set[int] = set()
    for selector in [FURNITURE, *drop]:
        try:
            doomed.update(n.mem_id for n in root.css(selector))
        except SelectolaxError:
            continue
    for node in [n for n in root.css("[class], [id]") if _is_furniture(n)][:MAX_ELEMENTS_WEIGHED]:
        if len(_text(node)) < WRAPPER_SHARE * total:
            doomed.add(node.mem_id)
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = one_line("".join(buf))
        if line:
            lines.append(line)
        buf.clear()

    stack: list[tuple[Any, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if not entering:
            flush()
            continue
        if tag == "-text":
            buf.append(node.text_content or "")
            continue
        if tag.startswith("-") or node.mem_id in doomed:
            continue
        if tag == "br":
            flush()
            continue
        block = tag in BLOCKS
        if block:
            flush()
            stack.append((node, False))
        stack.extend((child, True) for child in reversed(list(node.iter(include_text=True))))
    flush()
    return "\n".join(lines)


def _read_bounded(path: Path) -> bytes:
    """The file's first :data:`MAX_PAGE_BYTES` (+1, so that the cut is noticed) bytes."""
    with open(path, "rb") as fh:
        return fh.read(MAX_PAGE_BYTES + 1)


def html_documents(path: Path, rules: RuleSet, fmt: str) -> Iterator[Part]:
    """The reader's interface: one page, one document."""
    data = _read_bounded(path)
    yield Part(None, None, mhtml_document(data, rules) if fmt == "mhtml" else html_document(data, rules))

"""Bytes to text, for files that arrive in whatever encoding their sender used.

Statements travel by mail and messenger; a folder of them mixes UTF-8, Windows-1251 (Russian
sources) and Latin-1. The reader must read them all and say which encoding it used, and must
refuse binary files (PDF, Word, images) instead of indexing garbage.
"""

from __future__ import annotations

import codecs
import re

#: Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Encodings tried in order after a BOM and a declared charset. Latin-1 decodes any bytes, so the
#: chain always ends with text.
FALLBACKS: tuple[str, ...] = ("utf-8", "cp1251", "latin-1")

# A charset declared in the first bytes: <meta charset="...">, XML prolog, Emacs/Vim coding line.
_DECLARED = re.compile(rb"(?:charset|encoding|coding)\s*[=:]\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.I)

# Control bytes that never occur in text (tab, newline, CR, form feed and ESC excluded).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


class BinaryContent(ValueError):
    """The bytes are not text (the message says why)."""


def looks_binary(data: bytes) -> str | None:
    """Why ``data`` is not text (NUL bytes, many control bytes, a known binary signature), or None."""
    head = data[:8192]
    for magic, what in (
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP/Office"),
        (b"\xd0\xcf\x11\xe0", "Office (OLE)"),
        (b"\x89PNG", "PNG"),
        (b"\xff\xd8\xff", "JPEG"),
        (b"GIF8", "GIF"),
        (b"\x1f\x8b", "gzip"),
    ):
        if head.startswith(magic):
            return f"binary file ({what})"
    if any(head.startswith(bom) for bom, enc in BOMS if enc != "utf-8-sig"):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in head:
        return "binary file (NUL bytes)"
    if head:
        controls = sum(head.count(bytes([b])) for b in _CONTROL)
        if controls > max(8, len(head) // 100):
            return "binary file (control bytes)"
    return None


def _declared(data: bytes) -> str | None:
    m = _DECLARED.search(data[:1024])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for file contents; raises :class:`BinaryContent` for non-text.

    Order: byte-order mark, UTF-8, a declared charset, Windows-1251, Latin-1. The
    encoding returned is the one that decoded without error, so a report can tell the user
    which files were not UTF-8.
    """
    why = looks_binary(data)
    if why:
        raise BinaryContent(why)
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                break
    # Valid UTF-8 with non-ASCII bytes is practically never anything else, so it beats a
    # declaration (which in a .txt file is often a leftover from the HTML it was copied from).
    candidates = ["utf-8"]
    declared = _declared(data)
    if declared and declared not in candidates:
        candidates.append(declared)
    candidates.extend(enc for enc in FALLBACKS if enc not in candidates)
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if enc == "cp1251" and not _plausible_cyrillic(text):
            continue
        return text, enc
    return data.decode("latin-1"), "latin-1"  # unreachable: latin-1 decodes everything


def _plausible_cyrillic(text: str) -> bool:
    """Whether cp1251-decoded text reads as Russian rather than as mis-decoded Western bytes.

    Windows-1251 maps almost every byte, so it "succeeds" on Latin-1 files too ("Déclaration"
    becomes "Dйclaration"). In real Russian text Cyrillic letters make whole words; in
    mis-decoded text they sit inside Latin words.
    """
    pure = mixed = 0
    for word in _WORDS.findall(text):
        has_cyr = any("\u0400" <= ch <= "\u04ff" for ch in word)
        if not has_cyr:
            continue
        if any("a" <= ch.lower() <= "z" for ch in word):
            mixed += 1
        else:
            pure += 1
    return pure > mixed


_WORDS = re.compile(r"\w+")

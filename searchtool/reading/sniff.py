"""What a file holds, told by its first bytes before its name.

Users rename files to make a tool take them (a saved page as ``.txt``, a mail as ``.txt``), and
downloads arrive with wrong or missing extensions; so the reader looks at the content first and
trusts the extension only where the bytes say nothing (plain text, JSON). Reads only the head
of a file (:data:`HEAD_BYTES`).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

#: How much of a file the sniffer looks at.
HEAD_BYTES = 4096

#: Formats the reader handles, by the name the summaries use, with what the user calls them.
READABLE = {
    "text": ".txt/.md",
    "jsonl": ".jsonl[.gz]",
    "json": ".json",
    "html": ".html/.htm",
    "mhtml": ".mhtml/.mht",
    "pdf": ".pdf",
    "docx": ".docx",
    "odt": ".odt",
    "eml": ".eml",
    "mbox": ".mbox",
}

#: Formats recognised but not read, with what to do about them.
UNREAD_HINTS = {
    "doc": "legacy Word .doc is not read: save it as .docx (LibreOffice: soffice --headless --convert-to docx FILE)",
    "rtf": "RTF is not read: save it as .docx (LibreOffice: soffice --headless --convert-to docx FILE)",
}

#: Signatures of binary formats, as the first bytes.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),  # OLE2: legacy Word (also .xls, .msg: not read either)
    (b"{\\rtf", "rtf"),
)

_HTML_START = re.compile(rb"^(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,400}?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANY = re.compile(rb"<(?:html|head|body|meta|title)\b[^>]{0,300}>", re.I)
_SAVED_FROM = re.compile(rb"^<!--\s*saved from url=", re.I)
_MBOX_START = re.compile(rb"^From \S+")
_HEADER = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{1,40}):[ \t]", re.M)
#: Header names that, two or more at the top of a file, make it an Internet message.
_MAIL_HEADERS = frozenset(
    b"from to cc subject date message-id mime-version received return-path content-type reply-to x-mailer "
    b"delivered-to sender in-reply-to references".split()
)


def sniff_bytes(head: bytes) -> str | None:
    """The format the bytes announce, or None when they are plain text or JSON (or unknown)."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    body = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if _SAVED_FROM.match(body) or _HTML_START.match(body):
        return "html"
    if _MBOX_START.match(body) and _is_mail(body.split(b"\n", 1)[-1]):
        return "mbox"
    if _is_mail(body):
        low = body[:HEAD_BYTES].lower()
        if b"multipart/related" in low and b"text/html" in low:
            return "mhtml"  # a page saved by a browser as one file (Chrome's "Save as single file")
        return "eml"
    if body[:1] not in (b"{", b"[") and _HTML_ANY.search(body[:1024]):
        return "html"  # a fragment with no doctype, e.g. "<meta charset=...><title>..."
    return None


def _is_mail(body: bytes) -> bool:
    """Whether ``body`` starts with an Internet message's header block (two or more known headers)."""
    names = set()
    for line in body.split(b"\n")[:30]:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header's continuation
        m = _HEADER.match(line)
        if not m:
            return False
        names.add(m.group(1).lower())
    return len(names & _MAIL_HEADERS) >= 2


def sniff_file(path: Path, by_name: str | None) -> str | None:
    """The format of the file at ``path``: its content's, else ``by_name`` (the extension's).

    Multi-record kinds named by their extension (JSON, JSON Lines, possibly gzipped) keep it
    unless the bytes are another known format; so do text files whose bytes say nothing.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return by_name  # a FIFO or a device: opening it could hang (discovery skips it)
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return by_name
    found = sniff_bytes(head)
    if found is None:
        return by_name
    if by_name in ("jsonl", "json") and head.startswith(b"\x1f\x8b") or by_name in ("docx", "odt") and found == "zip":
        return by_name  # the archive's members tell a .docx from an .odt: the office reader looks
    return found

"""E-mail (``.eml``, ``.mbox``) -> one :class:`Document` per message, and one per readable attachment.

Statements are forwarded by mail; the standard library's ``email`` package decodes what a
plain-text reader would index raw (quoted-printable ``Let=E2=80=99s``, base64, charsets):

* title: the Subject, without "Re:"/"Fwd:" prefixes;
* date: the statement's own date line in the body, else the Date header (the day it was sent);
* speaker: from the body's byline as for any statement; the From header's name only when the
  text names nobody;
* body: the plain-text part, else the HTML part through the page reader;
* attachments in a format the reader knows (page, PDF, Word, OpenDocument, plain text) become
  records of their own, linked to their message by the field ``message`` (its id).

A mailbox gives one record per message; ``recno`` is the message's place in the box, so ids stay
the same while messages are appended. An attachment's id is made from "message/attachment".
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
import re
from email.message import EmailMessage
from pathlib import Path
from typing import Iterator

from searchtool.reading.compose import Document, Part, Unreadable
from searchtool.reading.decode import BinaryContent, decode_bytes
from searchtool.reading.html import html_document, page_document
from searchtool.reading.office import office_document
from searchtool.reading.pdf import pdf_document
from searchtool.reading.rules import RuleSet
from searchtool.reading.sniff import sniff_bytes

#: A message larger than this is read only so far, with a warning: statements are far smaller.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: Attachments larger than this are listed in a warning, not read.
MAX_ATTACHMENT_BYTES = 32 * 1024 * 1024
_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg|tr|rv|отв|пересл)\s*(?:\[\d+\])?\s*:\s*)+", re.I)


def mail_documents(path: Path, fmt: str, rules: RuleSet) -> Iterator[Part]:
    """The reader's interface: the messages of an ``.eml`` or ``.mbox`` and their attachments."""
    if fmt == "eml":
        with open(path, "rb") as fh:
            yield from message_parts(*_bounded_message(fh), None, rules, fmt)
        return
    box = mailbox.mbox(str(path), create=False)
    try:
        for recno, key in enumerate(box.iterkeys(), start=1):
            with box.get_file(key) as fh:
                yield from message_parts(*_bounded_message(fh), recno, rules, fmt)
    finally:
        box.close()


def _bounded_message(fh) -> tuple[EmailMessage, str | None]:
    """The message in ``fh``, read up to :data:`MAX_MESSAGE_BYTES` (and the warning when it was cut)."""
    data = fh.read(MAX_MESSAGE_BYTES + 1)
    cut = None
    if len(data) > MAX_MESSAGE_BYTES:
        data = data[:MAX_MESSAGE_BYTES]
        cut = f"message cut at {MAX_MESSAGE_BYTES // (1024 * 1024)} MB"
    return email.message_from_bytes(data, policy=email.policy.default), cut


def message_parts(msg: EmailMessage, cut: str | None, recno: int | None, rules: RuleSet, fmt: str = "eml") -> Iterator[Part]:
    """The message's document, then one per readable attachment (``cut``: a warning that it was cut)."""
    doc = message_document(msg, rules, fmt)
    if cut:
        doc.warnings.append(cut)
    yield Part(recno, recno, doc)
    for k, attachment in enumerate(_attachments(msg, doc, rules), start=1):
        key = f"{recno}/{k}" if recno is not None else f"attachment/{k}"
        yield Part(recno, key, attachment)


def message_document(msg: EmailMessage, rules: RuleSet, fmt: str = "eml") -> Document:
    """A message's text and headers as a document."""
    subject = _REPLY_PREFIX.sub("", str(msg.get("Subject") or "")).strip()
    sender = ""
    try:
        name, address = email.utils.parseaddr(str(msg.get("From") or ""))
        sender = name.strip() or ""
    except (TypeError, ValueError):
        pass
    sent = None
    try:
        stamp = email.utils.parsedate_to_datetime(str(msg.get("Date") or ""))
        sent = stamp.date() if stamp else None
    except (TypeError, ValueError, IndexError):
        sent = None
    part = msg.get_body(preferencelist=("plain", "html"))
    text, lang, warnings = "", None, []
    if part is not None:
        try:
            content = part.get_content()
        except (LookupError, ValueError) as err:  # an unknown charset, bad transfer encoding
            content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
            warnings.append(f"message text decoded with replacements ({err})")
        if part.get_content_type() == "text/html":
            page = page_document(content, rules)
            text, lang = page.text, page.lang
        else:
            text = content
    doc = Document(text, fmt, title=" ".join(subject.split()), fallback_date=sent, sender=sender, lang=lang, warnings=warnings)
    message_id = str(msg.get("Message-ID") or "").strip()
    if message_id:
        doc.fields["message_id"] = message_id
    return doc


def _attachments(msg: EmailMessage, parent: Document, rules: RuleSet) -> Iterator[Document]:
    for part in msg.iter_attachments():
        name = part.get_filename() or part.get_content_type()
        try:
            data = part.get_payload(decode=True) or b""
        except (ValueError, TypeError):
            continue
        if len(data) > MAX_ATTACHMENT_BYTES:
            parent.warnings.append(f"attachment {name!r} not read: larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
            continue
        try:
            doc = attachment_document(data, name, rules)
        except Unreadable as err:
            parent.warnings.append(f"attachment {name!r} not read: {err}")
            continue
        if doc is not None:
            doc.fields["attachment"] = name
            yield doc


def attachment_document(data: bytes, name: str, rules: RuleSet) -> Document | None:
    """The document of an attachment in a known format; None for one the reader does not read."""
    fmt = sniff_bytes(data[:4096])
    if fmt == "pdf":
        return pdf_document(data)
    if fmt == "zip":
        try:
            return office_document(data)
        except Unreadable:
            if name.lower().endswith((".docx", ".odt")):
                raise
            return None  # some other archive
    if fmt == "html":
        return html_document(data, rules)
    if fmt is None and name.lower().endswith((".txt", ".md", ".text")):
        try:
            text, _ = decode_bytes(data)
        except BinaryContent:
            return None
        return Document(text, "text")
    return None

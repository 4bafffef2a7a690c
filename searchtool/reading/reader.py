"""Turn folders of statements into :class:`~searchtool.record.Record` objects.

The public face of reading: :func:`discover` (:mod:`searchtool.reading.files`) finds the files, :func:`read_source` streams the
records of one file, :func:`read_paths` does both. Reading never aborts on bad content: a file
that cannot be read is skipped, a bad line is skipped, and each is noted in a :class:`ReadReport`
with the file (and line) so that the user can fix it.

Record ids are derived from the collection root's folder name, the path relative to that root and
the record number (:func:`make_id`), never from the content or an absolute path, so they stay the
same across runs and machines and an edited file keeps its ids. A JSON record's own id (``id``, ``_id``) is kept
as the extra field ``source_id``: ids inside files are not unique across files.
"""

from __future__ import annotations

import itertools
import stat
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from searchtool.dates import parse_any_date_value, split_trailing_date
from searchtool.errors import SearchtoolError
from searchtool.languages import detect_language, normalise_lang
from searchtool.reading.decode import BinaryContent, decode_bytes
from searchtool.reading.extract import (
    Speakers,
    normalize_type,
    parse_attribution,
    parse_people,
    speakers_from_title,
    type_from_text,
)
from searchtool.reading.files import (  # noqa: F401  (re-exported: the reading API)
    MAX_TEXT_BYTES,
    SourceFile,
    discover,
    kind_of,
    make_id,
)
from searchtool.reading.jsonrecords import (
    field_text,
    iter_json_objects,
    map_fields,
    person_of,
)
from searchtool.reading.report import ReadReport
from searchtool.reading.rules import (
    RULES_FILENAME,
    RuleSet,
    default_rules,
    env_rules_path,
    load_rules_file,
)
from searchtool.reading.sniff import UNREAD_HINTS, sniff_file
from searchtool.reading.sidecar import (
    JOIN_SAMPLE,
    Joiner,
    Sidecar,
    column_target,
    load_sidecar,
    norm,
)
from searchtool.reading.compose import Document, Part, Unreadable, record_from_document
from searchtool.reading.turns import find_turns, label_speakers
from searchtool.reading.textfiles import (
    NO_DATE,
    body_lines,
    one_line,
    split_bylines,
)
from searchtool.record import Record

_SIDECARS: dict[tuple[Path, int], Sidecar | None] = {}


def _load_sidecar_cached(path: Path, report: ReadReport) -> Sidecar | None:
    try:
        key = (path, path.stat().st_mtime_ns)
    except OSError:
        return None
    if key not in _SIDECARS:
        try:
            names = sorted(p.name for p in path.parent.iterdir() if p.is_file())
            _SIDECARS[key] = side = load_sidecar(path, names)
            for value in side.missing:
                report.warn(path, None, f"row names a file that does not exist: {value!r}")
            if side.missing_count > len(side.missing):
                report.warn(path, None, f"{side.missing_count - len(side.missing):,} more rows name files that do not exist")
        except (SearchtoolError, OSError) as err:
            report.warn(path, None, f"metadata sidecar ignored: {err}")
            _SIDECARS[key] = None
    return _SIDECARS[key]


_RULES: dict[tuple[Path, int], RuleSet | None] = {}


def rules_for(root: Path, report: ReadReport) -> RuleSet:
    """The extraction rules for a collection: built-in, its ``searchtool-rules.json`` if any, and
    ``$SEARCHTOOL_RULES`` if set. A bad rules file is reported and the built-in rules are used."""
    path = root / RULES_FILENAME
    try:
        st = path.stat()
    except OSError:
        return default_rules()
    if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would hang the reader
        report.warn(path, None, "rules file ignored: not a regular file")
        return default_rules()
    key = (path, st.st_mtime_ns)
    if key not in _RULES:
        env = env_rules_path()
        try:
            _RULES[key] = load_rules_file(path, *([env] if env else []))
        except SearchtoolError as err:
            report.warn(path, None, f"rules file ignored: {err}")
            _RULES[key] = None
    return _RULES[key] or default_rules()


def read_source(src: SourceFile, report: ReadReport | None = None, rules: RuleSet | None = None) -> Iterator[Record]:
    """The records of one file, streamed. Never raises for bad content: see ``report``."""
    report = report if report is not None else ReadReport()
    rules = rules or rules_for(src.root, report)
    side = _load_sidecar_cached(src.sidecar, report) if src.sidecar else None
    skips_before = len(report.skipped)
    fmt = src.kind if src.kind in ("jsonl", "json") else sniff_file(src.path, src.kind)
    try:
        if fmt == "text":
            records: Iterable[Record] = _read_text(src, report, rules)
        elif fmt in ("jsonl", "json"):
            records = _read_json(src, report, rules)
        elif fmt in UNREAD_HINTS:
            report.skip(src.path, UNREAD_HINTS[fmt])
            return
        else:
            records = _read_format(src, fmt or src.kind, report, rules)
        if side is not None:
            records = _apply_sidecar(records, side, src, rules)
        counted = False
        for rec in records:
            if rec.lang is None:  # no language in the metadata: the text tells
                rec.lang = detect_language(rec.title + "\n" + rec.body)
            rec.turns = find_turns(rec.body, rec.speakers, rec.posts, rules)  # every format, after the sidecar
            if not counted:
                report.files_read += 1
                counted = True
            report.records += 1
            report.formats[rec.format or fmt or src.kind] += 1
            for w in rec.warnings:  # after the sidecar, which may have supplied what was missing
                report.warn(src.path, None, w if rec.recno is None else f"record {rec.recno}: {w}")
            yield rec
        if not counted and len(report.skipped) == skips_before:
            report.skip(src.path, "no statements in file")
    except (OSError, EOFError) as err:  # unreadable, truncated gzip, permission denied...
        report.skip(src.path, f"unreadable: {getattr(err, 'strerror', None) or err}")


def read_paths(paths: Sequence[str | Path], report: ReadReport | None = None, follow_links: bool = False) -> Iterator[Record]:
    """Every record under ``paths``: :func:`discover` then :func:`read_source` for each file."""
    report = report if report is not None else ReadReport()
    for src in discover(paths, report, follow_links):
        yield from read_source(src, report)


# --- plain text ------------------------------------------------------------------------------


def _read_text(src: SourceFile, report: ReadReport, rules: RuleSet) -> Iterator[Record]:
    if src.size > MAX_TEXT_BYTES:
        report.skip(src.path, f"too large for one statement ({src.size} bytes)")
        return
    data = src.path.read_bytes()
    if not data.strip():
        report.skip(src.path, "empty file")
        return
    try:
        text, encoding = decode_bytes(data)
    except BinaryContent as err:
        report.skip(src.path, str(err))
        return
    report.encodings[str(src.path)] = encoding
    warnings: list[str] = []
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"not UTF-8: read as {encoding}")
    doc = Document(text, "text", warnings=warnings, markdown=src.path.suffix.lower() in (".md", ".markdown"))
    yield record_from_document(doc, src.record_id(None), str(src.path), rules)


# --- pages, PDFs, Word files, mail ----------------------------------------------------------


def _format_documents(src: SourceFile, fmt: str, rules: RuleSet) -> Iterator[Part]:
    """The documents of a file in one of the formats of :mod:`searchtool.reading.sniff`."""
    if fmt in ("html", "mhtml"):
        from searchtool.reading.html import html_documents  # start-up: selectolax ~10 ms, only for pages

        return html_documents(src.path, rules, fmt)
    if fmt == "pdf":
        from searchtool.reading.pdf import pdf_documents  # start-up: pypdfium2 ~15 ms, only for PDFs

        return pdf_documents(src.path)
    if fmt in ("docx", "odt", "zip"):
        from searchtool.reading.office import office_documents  # start-up: zipfile/XML, only for Word files

        return office_documents(src.path)
    if fmt in ("eml", "mbox"):
        from searchtool.reading.mail import mail_documents  # start-up: the email package ~20 ms, only for mail

        return mail_documents(src.path, fmt, rules)
    raise Unreadable(f"unknown file kind ({fmt})")


def _read_format(src: SourceFile, fmt: str, report: ReadReport, rules: RuleSet) -> Iterator[Record]:
    try:
        for part in _format_documents(src, fmt, rules):
            rec_id = src.record_id(part.key)
            if part.key != part.recno:  # an attachment: linked to its message
                part.doc.fields.setdefault("message", src.record_id(part.recno))
            yield record_from_document(part.doc, rec_id, str(src.path), rules, part.recno)
    except Unreadable as err:
        report.skip(src.path, str(err))


# --- JSON ------------------------------------------------------------------------------------


def _read_json(src: SourceFile, report: ReadReport, rules: RuleSet) -> Iterator[Record]:
    if src.size == 0:
        report.skip(src.path, "empty file")
        return
    if src.kind == "json" and src.size > 512 * 1024 * 1024:
        report.skip(src.path, "JSON document too large to load (use JSON Lines)")
        return

    def warn(line: int | None, message: str) -> None:
        report.warn(src.path, line, message)

    try:
        for recno, obj in iter_json_objects(src.path, src.kind, warn):
            yield json_record(obj, src, recno, rules)
    except BinaryContent as err:
        report.skip(src.path, str(err))
    except ValueError as err:  # e.g. gzip's "Not a gzipped file"
        report.skip(src.path, f"unreadable: {err}")


def json_record(obj: dict[str, Any], src: SourceFile, recno: int, rules: RuleSet | None = None) -> Record:
    """The record for one JSON object (see :data:`searchtool.reading.jsonrecords.FIELD_NAMES`)."""
    rules = rules or default_rules()
    core, extra = map_fields(obj)
    warnings: list[str] = []
    if "id" in core:
        extra["source_id"] = field_text(core["id"])
    title = one_line(field_text(core.get("title", "")))
    raw_body = core.get("body", "")
    body_text = raw_body if isinstance(raw_body, str) else field_text(raw_body)
    lines = body_lines(body_text)
    bylines, n = split_bylines(lines, rules) if lines else (Speakers(), 0)
    # The same attribution line as in a .txt ("The below is attributable to Spokesperson Ned Price:").
    attributed = parse_attribution(lines[n], rules) if len(lines) > n else Speakers()
    body = "\n".join(lines[n:])

    date = precision = None
    if "date" in core:
        found = parse_any_date_value(core["date"])
        if found is not None:
            date, precision = found
        else:
            warnings.append(f"unrecognised date {field_text(core['date'])!r}")
            extra.setdefault("date", field_text(core["date"]))
    if date is None and title:
        date = split_trailing_date(title)[1]
    if date is None and "date" not in core and not any(k.lower() == "year" for k in extra):
        warnings.append(NO_DATE)  # as for a .txt; a record with a year is dated to its year

    speakers = Speakers()
    if "speakers" in core:
        speakers = _speakers_from_value(core["speakers"], core.get("posts"), rules)
    speakers.extend(bylines)
    if title:
        speakers.extend(speakers_from_title(title, rules))
    speakers.extend(attributed)
    for name in label_speakers(body, rules):
        speakers.add(name)
    if "posts" in core and not speakers.names:
        extra.setdefault("post", field_text(core["posts"]))

    if "type" in core:
        doc_type = normalize_type(field_text(core["type"]), rules)
        if doc_type == "other":
            extra.setdefault("doctype", field_text(core["type"]))
    else:
        doc_type = type_from_text(title, rules) if title else "other"

    url = field_text(core.get("url")) or None
    lang = None
    if "lang" in core:
        lang = normalise_lang(field_text(core["lang"]))
        if lang is None:
            extra.setdefault("language", field_text(core["lang"]))
    return Record(
        id=src.record_id(recno),
        path=str(src.path),
        title=title,
        body=body,
        date=date,
        speakers=list(speakers.names),
        posts=speakers.post_list(),
        type=doc_type,
        url=url,
        fields=extra,
        warnings=warnings,
        recno=recno,
        lang=lang,
        date_precision=precision,
        format=src.kind,
    )


def _speakers_from_value(value: Any, posts: Any, rules: RuleSet) -> Speakers:
    """Speakers from a metadata value; a separate post value pairs with a plain name."""
    found = Speakers()
    items = value if isinstance(value, (list, tuple)) else [value]
    post_items = posts if isinstance(posts, (list, tuple)) else ([posts] if posts not in (None, "") else [])
    for i, item in enumerate(items):
        if isinstance(item, dict):
            name, post = person_of(item)
            if name:
                found.add(name, post)
            continue
        text = field_text(item)
        if not text:
            continue
        post = field_text(post_items[i]) if i < len(post_items) else ""
        if post or isinstance(value, (list, tuple)) and "," not in text:
            found.add(text, post)  # the name as given; the post came separately
            continue
        people = parse_people(text, rules)
        if people:
            found.extend(people)
        else:
            found.add(text)
    return found


# --- sidecar ---------------------------------------------------------------------------------


def _apply_sidecar(records: Iterable[Record], side: Sidecar, src: SourceFile, rules: RuleSet) -> Iterator[Record]:
    relname = src.path.relative_to(side.path.parent).as_posix() if src.path.is_relative_to(side.path.parent) else src.path.name
    row = side.row_for_file(relname)
    if row is not None or side.file_column:
        for rec in records:
            if row is not None:
                apply_rows(rec, [row], side, rules)
            yield rec
        return
    joiner = Joiner(side)
    buffered: list[Record] = []
    it = iter(records)
    for rec in it:
        buffered.append(rec)
        if len(buffered) >= JOIN_SAMPLE:
            break
    joiner.learn([_join_fields(r) for r in buffered])
    for rec in itertools.chain(buffered, it):
        rows = joiner.rows_for(_join_fields(rec))
        if rows:
            # The join columns repeat the record's own values: not worth a second copy.
            apply_rows(rec, rows, side, rules, skip={c for c, _ in joiner.keys or []})
        yield rec


def _join_fields(rec: Record) -> dict[str, str]:
    values = dict(rec.fields)
    values.setdefault("title", rec.title)
    if rec.date:
        values.setdefault("date", rec.date.isoformat())
    if rec.url:
        values.setdefault("url", rec.url)
    return values


def apply_rows(
    rec: Record, rows: list[dict[str, str]], side: Sidecar, rules: RuleSet, skip: set[str] | frozenset[str] = frozenset()
) -> None:
    """Let sidecar rows override or extend ``rec``: mapped columns replace, others add fields.

    Several rows (a join key naming two speakers of one session) contribute a speaker each; their
    other values are joined with "; ".
    """
    found = Speakers()
    posts_only: list[str] = []
    extra: dict[str, list[str]] = {}
    for row in rows:
        names = posts = None
        for column, value in row.items():
            value = value.strip()
            if column == side.file_column or column in skip or not value:
                continue
            target = column_target(column)
            if target == "title":
                rec.title = one_line(value)
            elif target == "date":
                dated = parse_any_date_value(value)
                if dated is not None:
                    rec.date, rec.date_precision = dated
                    rec.warnings = [w for w in rec.warnings if w != NO_DATE]
                else:
                    rec.warnings.append(f"{side.path.name}: unrecognised date {value!r}")
            elif target == "speakers":
                names = value
            elif target == "posts":
                posts = value
            elif target == "type":
                rec.type = normalize_type(value, rules)
            elif target == "url":
                rec.url = value
            elif target == "lang" and normalise_lang(value):
                rec.lang = normalise_lang(value)
            elif value not in extra.setdefault(column, []):
                extra[column].append(value)
        if names is not None:
            found.extend(_speakers_from_value(names, posts, rules))
        elif posts is not None:
            posts_only.append(posts)
    if found:
        rec.speakers, rec.posts = list(found.names), found.post_list()
    elif posts_only:
        # Keep posts[i] the post of speakers[i]: pad with "" when fewer posts than speakers.
        short = len(rec.speakers) - len(posts_only)
        rec.posts = posts_only + [""] * short if short > 0 else posts_only
    for column, values in extra.items():
        rec.fields[column] = "; ".join(values)


__all__ = [
    "SourceFile",
    "ReadReport",
    "discover",
    "read_source",
    "read_paths",
    "make_id",
    "kind_of",
    "json_record",
]

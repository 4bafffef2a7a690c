"""Statements stored as JSON: JSON Lines (``.jsonl``, ``.ndjson``, gzipped or not) and JSON arrays.

Each JSON object is one statement. Its keys are mapped onto the record by common names
(:data:`FIELD_NAMES`); every other key is kept as an extra field, searchable as ``name:value``.
Nested objects (BEIR's ``metadata``) are flattened into extra fields by their inner key names.

JSON Lines are streamed line by line, so a 200 M-character gzipped file never sits in memory
whole. A line that is not valid JSON is skipped with a warning naming its line number.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any, Callable, Iterator

from searchtool.reading.decode import decode_bytes

#: Record attribute -> JSON keys that fill it, in order of preference (compared case-insensitively).
#: The first key present wins; the others stay as extra fields (e.g. ``datetime`` next to ``date``).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "doc_id", "docid", "guid", "uid"),
    "title": ("title", "headline", "heading", "subject"),
    "body": ("text", "body", "content", "full_text", "fulltext", "article", "abstract"),
    "date": ("date", "datetime", "published", "published_at", "publication_date", "pubdate", "issued", "created"),
    "speakers": ("speakers", "speaker", "creator", "author", "authors", "by", "byline"),
    "posts": ("post", "posts", "position", "role"),
    "url": ("url", "link", "href", "source_url", "uri"),
    "type": ("type", "doctype", "doc_type", "kind", "genre"),
    "lang": ("lang", "language", "locale", "inlanguage"),
}

#: Keys of a speaker given as an object (``{"name": "Sergey Lavrov", "post": "Foreign Minister"}``).
PERSON_NAME_KEYS = ("name", "full_name", "fullname", "person", "speaker")
PERSON_POST_KEYS = ("post", "title", "role", "position", "office", "function")


def person_of(obj: dict[str, Any]) -> tuple[str, str]:
    """``(name, post)`` of a speaker object; keys compared case-insensitively, name "" when none."""
    low = {str(k).lower(): v for k, v in obj.items()}
    name = next((field_text(low[k]) for k in PERSON_NAME_KEYS if field_text(low.get(k))), "")
    post = next((field_text(low[k]) for k in PERSON_POST_KEYS if field_text(low.get(k))), "")
    return name, post


#: Keys holding nested objects whose inner keys become extra fields.
FLATTEN_KEYS = ("metadata", "meta")

#: Containers inside a top-level JSON object that hold the list of statements.
LIST_KEYS = ("records", "documents", "docs", "items", "data", "statements", "results")

_LOOKUP: dict[str, tuple[str, int]] = {
    key: (attr, rank) for attr, keys in FIELD_NAMES.items() for rank, key in enumerate(keys)
}

Warn = Callable[[int | None, str], None]


def field_text(value: Any) -> str:
    """An extra field's value as the text that is indexed and shown."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(t for t in (field_text(v) for v in value) if t)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def map_fields(obj: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Split a JSON object into ``(core, extra)``: core values by record attribute, extras as text."""
    core: dict[str, Any] = {}
    ranks: dict[str, int] = {}
    extra: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for key, value in obj.items():
        lk = str(key).strip().lower()
        hit = _LOOKUP.get(lk)
        if hit and value not in (None, "", [], {}):
            attr, rank = hit
            if attr not in ranks or rank < ranks[attr]:
                if attr in chosen:  # a better key displaces an earlier one into the extras
                    extra[chosen[attr]] = field_text(core[attr])
                core[attr], ranks[attr], chosen[attr] = value, rank, str(key)
                continue
        if lk in FLATTEN_KEYS and isinstance(value, dict):
            for inner, inner_value in _flatten(value):
                if inner not in obj:
                    extra.setdefault(inner, field_text(inner_value))
            continue
        text = field_text(value)
        if text:
            extra[str(key)] = text
    return core, extra


#: Nested objects are flattened to ``a.b.c`` fields this deep; deeper ones are kept as their JSON
#: text (a 3,000-deep ``metadata`` made a 6,000-character field name that aborted the build).
MAX_FLATTEN_DEPTH = 8


def _flatten(value: dict[str, Any], prefix: str = "", depth: int = 1) -> Iterator[tuple[str, Any]]:
    for key, inner in value.items():
        name = f"{prefix}{key}"
        if isinstance(inner, dict) and depth < MAX_FLATTEN_DEPTH:
            yield from _flatten(inner, name + ".", depth + 1)
        elif isinstance(inner, dict):
            try:
                yield name, json.dumps(inner, ensure_ascii=False)
            except (RecursionError, ValueError):
                yield name, ""
        else:
            yield name, inner


def _decode_line(raw: bytes) -> tuple[str, bool]:
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), True


#: Longest JSON line read (the bound a .txt statement has): a 10 GB line inside a 10 MB gzip
#: file used to take all the memory there was; one of 50 MB took 862 MB and 5 s per search.
MAX_LINE_BYTES = 20 << 20


#: A gzipped file that has given more than :data:`BOMB_FLOOR` bytes and more than
#: :data:`BOMB_RATIO` times the compressed bytes read so far is a decompression bomb: the rest of
#: it is skipped. Text and JSON compress 3-10x (the UN speeches: 3.1x); a 10 MB file expanding to
#: a 10 GB line (1,000x) took minutes of CPU to skip when its line was only bounded in memory.
BOMB_RATIO = 200
BOMB_FLOOR = 256 << 20
BOMB_WARNING = f"expands more than {BOMB_RATIO} times its compressed size (a decompression bomb?); the rest of the file skipped"


def iter_json_objects(path: Path, kind: str, warn: Warn) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(recno, object)`` for each statement in a JSON Lines or JSON file, 1-based.

    Malformed lines and non-object items are reported through ``warn(line, message)`` and
    skipped; they still use up their record number so that later ids do not shift when a bad
    line is fixed.
    """
    if kind == "json":
        yield from _iter_json_document(path, warn)
        return
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        stream = io.BufferedReader(fh, buffer_size=1 << 20) if opener is gzip.open else fh
        bomb = _bomb_check(fh) if opener is gzip.open else None
        recno = 0
        lineno = 0
        while raw := stream.readline(MAX_LINE_BYTES + 1):
            lineno += 1
            if bomb is not None and bomb(len(raw)):
                warn(lineno, BOMB_WARNING)
                return
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (more := stream.readline(1 << 20)) and not more.endswith(b"\n"):
                    if bomb is not None and bomb(len(more)):
                        warn(lineno, BOMB_WARNING)
                        return
                recno += 1
                warn(lineno, f"JSON line longer than {MAX_LINE_BYTES >> 20} MB skipped")
                continue
            if not raw.strip():
                continue
            recno += 1
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            text, lossy = _decode_line(raw)
            try:
                obj = json.loads(text)
            except ValueError as err:
                warn(lineno, f"malformed JSON line skipped ({err.msg})")
                continue
            except RecursionError:  # not a ValueError: it used to end the file's reading silently
                warn(lineno, "JSON line nested too deeply; skipped")
                continue
            if lossy:
                warn(lineno, "invalid UTF-8 bytes replaced")
            if not isinstance(obj, dict):
                warn(lineno, f"JSON line is a {type(obj).__name__}, not an object; skipped")
                continue
            yield recno, obj


def _bomb_check(gz) -> Any:
    """A function of the bytes just decompressed from ``gz`` (a ``gzip.GzipFile``) that says
    whether the file has become a decompression bomb (see :data:`BOMB_RATIO`)."""
    raw = getattr(gz, "fileobj", None)
    given = 0

    def check(nbytes: int) -> bool:
        nonlocal given
        given += nbytes
        if given <= BOMB_FLOOR or raw is None:
            return False
        try:
            read = raw.tell()
        except (OSError, ValueError):
            return False
        return given > BOMB_RATIO * max(read, 1)

    return check


def _iter_json_document(path: Path, warn: Warn) -> Iterator[tuple[int, dict[str, Any]]]:
    text, _enc = decode_bytes(path.read_bytes())
    try:
        data = json.loads(text)
    except ValueError as err:
        warn(getattr(err, "lineno", None), f"malformed JSON ({getattr(err, 'msg', err)}); file skipped")
        return
    except RecursionError:
        warn(None, "JSON nested too deeply; file skipped")
        return
    if isinstance(data, dict):
        for key in LIST_KEYS:
            inner = next((v for k, v in data.items() if str(k).lower() == key and isinstance(v, list)), None)
            if inner is not None:
                data = inner
                break
        else:
            yield 1, data
            return
    if not isinstance(data, list):
        warn(None, f"JSON holds a {type(data).__name__}, not statements; file skipped")
        return
    for recno, obj in enumerate(data, start=1):
        if isinstance(obj, dict):
            yield recno, obj
        else:
            warn(None, f"item {recno} is a {type(obj).__name__}, not an object; skipped")

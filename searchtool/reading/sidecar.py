"""Metadata sidecars: a ``metadata.csv`` / ``metadata.tsv`` beside the statements it describes.

Analysts often keep a spreadsheet next to the texts (who spoke, the date, the source link). Its
columns override or extend what the text yields. Rows are matched to statements in one of two ways:

* by file: a column named ``file``/``filename``/``path`` (or any column whose values are the names
  or stems of the folder's files) names the statement file each row describes;
* by value: with no such column, the rows are joined to records on the columns whose values equal
  the record's own fields (e.g. a speakers table keyed by ``ISO Code`` + ``Session`` joined to JSON
  records carrying ``country_iso`` + ``session``). The join columns are learnt from the first
  records of each file: the smallest set of matching columns that identifies one row.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from searchtool.errors import SearchtoolError
from searchtool.reading.decode import BinaryContent, decode_bytes
from searchtool.reading.jsonrecords import FIELD_NAMES

#: File names recognised as sidecars (case-insensitive).
SIDECAR_NAMES = ("metadata.csv", "metadata.tsv")
#: Column names that name the statement file.
FILE_COLUMNS = ("file", "filename", "file_name", "path", "filepath", "file_path", "document", "doc")
#: Header words that map a sidecar column onto a record attribute when its name is not exact.
HEADER_WORDS: tuple[tuple[str, str], ...] = (
    ("speaking", "speakers"),
    ("speaker", "speakers"),
    ("author", "speakers"),
    ("position", "posts"),
    ("post", "posts"),
    ("headline", "title"),
)
#: How many records of a file are used to learn the join columns.
JOIN_SAMPLE = 50
#: Bytes read first to learn a sidecar's encoding and delimiter; rows used to find its file
#: column when no column is named for it; missing files named, at most.
HEAD_BYTES = 1 << 16
SAMPLE_ROWS = 2000
MAX_MISSING = 20
#: Share of sidecar rows that the join columns must tell apart (distinct keys / rows).
MIN_DISTINCT = 0.5


def norm(value: str) -> str:
    """Comparison form of a cell or field value."""
    return " ".join(value.replace("\xa0", " ").split()).casefold()


@dataclass
class Sidecar:
    """A loaded sidecar table."""

    path: Path
    columns: list[str]
    rows: list[dict[str, str]]
    file_column: str | None = None
    missing: list[str] = field(default_factory=list)  # file-column values naming no file (the first few)
    missing_count: int = 0
    _by_file: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def row_for_file(self, relname: str) -> dict[str, str] | None:
        """The row describing file ``relname`` (name relative to the sidecar's folder)."""
        if not self.file_column:
            return None
        p = Path(relname)
        for key in (norm(relname), norm(p.name), norm(p.stem)):
            row = self._by_file.get(key)
            if row is not None:
                return row
        return None

    def values_of(self, column: str) -> set[str]:
        return {norm(r.get(column, "")) for r in self.rows if r.get(column, "").strip()}


def load_sidecar(path: Path, folder_files: list[str] | None = None) -> Sidecar:
    """Read a sidecar; ``folder_files`` (names in its folder) help find the file column.

    Streamed, in bounded memory when rows name files: the encoding and the delimiter are
    learnt from the first :data:`HEAD_BYTES`, the rows are read one at a time, and once the file
    column is known (by its name, or from the first :data:`SAMPLE_ROWS` rows) only the rows of
    files that exist are kept; the others are counted, and the first :data:`MAX_MISSING` named
    (measured: a 200 MB sidecar describing one statement took 1.8 GB read whole, see
    docs/reliability.md). A table joined by values is kept whole, as its rows may all join.
    """
    try:
        fh = open(path, "rb")
    except OSError as err:
        raise SearchtoolError(f"cannot read metadata sidecar {path}: {err.strerror or err}") from None
    with fh:
        try:
            head = fh.read(HEAD_BYTES)
            whole = len(head) < HEAD_BYTES
            text, enc = decode_bytes(head if whole else head[: head.rfind(b"\n") + 1] or head)
            fh.seek(0)
        except (OSError, BinaryContent) as err:
            raise SearchtoolError(f"cannot read metadata sidecar {path}: {err}") from None
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        if delimiter == ",":
            try:
                delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
            except csv.Error:
                pass
        stream = io.TextIOWrapper(fh, encoding=enc, errors="replace", newline="")
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            raise SearchtoolError(f"metadata sidecar {path} is empty") from None
        except OSError as err:
            raise SearchtoolError(f"cannot read metadata sidecar {path}: {err}") from None
        columns = [h.strip().lstrip("\ufeff") for h in header]
        side = Sidecar(path=Path(path), columns=[c for c in columns if c], rows=[])
        side.file_column = _named_file_column(side.columns)
        known = _known_names(folder_files or [])
        sample: list[dict[str, str]] | None = [] if side.file_column is None and known else None
        try:
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                row = {col: cells[i].strip() for i, col in enumerate(columns) if col and i < len(cells)}
                if sample is not None:
                    sample.append(row)
                    if len(sample) >= SAMPLE_ROWS:
                        side.file_column = _find_file_column(side, folder_files or [], sample)
                        _keep(side, sample, known)
                        sample = None
                    continue
                _keep(side, [row], known)
        except csv.Error as err:
            raise SearchtoolError(f"metadata sidecar {path}: {err}") from None
        except OSError as err:
            raise SearchtoolError(f"cannot read metadata sidecar {path}: {err}") from None
    if sample is not None:
        side.file_column = _find_file_column(side, folder_files or [], sample)
        _keep(side, sample, known)
    if side.file_column:
        for row in side.rows:
            value = row.get(side.file_column, "")
            if value:
                p = Path(value.replace("\\", "/"))
                # A row naming a path outside the folder (`../../etc/passwd`, `/etc/passwd`)
                # describes none of its files, not the one that happens to share the stem.
                outside = p.is_absolute() or ".." in p.parts
                for key in (norm(value),) if outside else (norm(value), norm(p.name), norm(p.stem)):
                    side._by_file.setdefault(key, row)
    return side


def _known_names(folder_files: list[str]) -> set[str]:
    return {norm(n) for n in folder_files} | {norm(Path(n).stem) for n in folder_files}


def _keep(side: Sidecar, rows: list[dict[str, str]], known: set[str]) -> None:
    """Add ``rows`` to ``side``; with a file column and the folder's names known, only the rows
    of files that exist (the others are counted as missing)."""
    if not side.file_column or not known:
        side.rows.extend(rows)
        return
    for row in rows:
        value = row.get(side.file_column, "").strip()
        if not value:
            side.rows.append(row)
            continue
        rel = value.replace("\\", "/")
        name = rel.rpartition("/")[2]  # string operations: Path() interns every part it makes
        if norm(value) in known or norm(name) in known or norm(os.path.splitext(name)[0]) in known or (
            "/" in rel and (side.path.parent / rel).is_file()  # a path into a subfolder
        ):
            side.rows.append(row)
        else:
            side.missing_count += 1
            if len(side.missing) < MAX_MISSING:
                side.missing.append(value)


def _named_file_column(columns: list[str]) -> str | None:
    for col in columns:
        if col.lower().replace(" ", "_") in FILE_COLUMNS:
            return col
    return None


def _find_file_column(side: Sidecar, folder_files: list[str], rows: list[dict[str, str]]) -> str | None:
    named = _named_file_column(side.columns)
    if named:
        return named
    names = _known_names(folder_files)
    if not names:
        return None
    best, best_hits = None, 0
    for col in side.columns:
        values = [norm(r.get(col, "")) for r in rows if r.get(col)]
        hits = sum(1 for v in values if v in names or norm(Path(v).name) in names)
        if values and hits >= max(1, len(values) // 2) and hits > best_hits:
            best, best_hits = col, hits
    return best


def column_target(column: str) -> str | None:
    """The record attribute a sidecar column fills, or None for an extra field."""
    low = column.strip().lower()
    for attr, names in FIELD_NAMES.items():
        if low in names and attr not in ("id", "body"):
            return attr
    words = set(re.split(r"[^a-z]+", low))
    for word, attr in HEADER_WORDS:
        if word in words:
            return attr
    return None


class Joiner:
    """Joins a sidecar's rows to records by values, learning the join columns from a sample."""

    def __init__(self, side: Sidecar):
        self.side = side
        self.keys: list[tuple[str, str]] | None = None  # (column, record field)
        self.index: dict[tuple[str, ...], list[dict[str, str]]] = {}

    def learn(self, samples: list[dict[str, str]]) -> bool:
        """Choose the join columns from sample records' fields; False when nothing joins."""
        if not samples or not self.side.rows:
            self.keys = []
            return False
        pairs: list[tuple[str, str, float]] = []
        for col in self.side.columns:
            values = self.side.values_of(col)
            if not values:
                continue
            names = {name for s in samples for name in s}
            for name in names:
                hits = sum(1 for s in samples if norm(s.get(name, "")) in values)
                rate = hits / len(samples)
                if rate >= 0.8:
                    pairs.append((col, name, rate))
        # The smallest combination of matching columns that tells rows apart as well as all of
        # them together; a key may still name several rows (two speakers in one session), which
        # are then merged.
        pairs.sort(key=lambda p: -p[2])
        best_field: dict[str, tuple[str, str, float]] = {}
        for pair in pairs:
            best_field.setdefault(pair[0], pair)
        pairs = list(best_field.values())

        def distinct(combo) -> int:
            return len({tuple(norm(r.get(c, "")) for c, _, _ in combo) for r in self.side.rows})

        target = distinct(pairs) if pairs else 0
        best: tuple[int, list[tuple[str, str]]] | None = None
        if target >= MIN_DISTINCT * len(self.side.rows):
            for size in range(1, min(3, len(pairs)) + 1):
                for combo in itertools.combinations(pairs, size):
                    if len({n for _, n, _ in combo}) == size and distinct(combo) == target:
                        best = (target, [(c, n) for c, n, _ in combo])
                        break
                if best is not None:
                    break
        if best is None:
            self.keys = []
            return False
        self.keys = best[1]
        for row in self.side.rows:
            key = tuple(norm(row.get(c, "")) for c, _ in self.keys)
            self.index.setdefault(key, []).append(row)
        return True

    def rows_for(self, fields: dict[str, str]) -> list[dict[str, str]]:
        """The rows joined to a record with these field values (usually one)."""
        if not self.keys:
            return []
        return self.index.get(tuple(norm(fields.get(n, "")) for _, n in self.keys), [])

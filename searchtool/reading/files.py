"""Finding statement files: which files are statements, of what kind, and their stable ids.

:func:`discover` walks the folders given (hidden files and folders left out, in a deterministic
order) and returns :class:`SourceFile` values; :func:`make_id` is how every record's id is made.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from searchtool.errors import SearchtoolError
from searchtool.reading.report import ReadReport
from searchtool.reading.rules import RULES_FILENAME
from searchtool.reading.sidecar import SIDECAR_NAMES
from searchtool.reading.sniff import sniff_file

#: File kind by (lowercased) name ending; the longest matching ending wins.
KINDS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson": "jsonl",
    ".ndjson.gz": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".doc": "doc",
    ".rtf": "rtf",
    ".eml": "eml",
    ".mbox": "mbox",
}

#: Files larger than this are not read as one statement (a 50 MB .txt is a dump, not a statement).
MAX_TEXT_BYTES = 20 * 1024 * 1024


@dataclass
class SourceFile:
    """One file to read, with what incremental indexing needs to notice a change."""

    path: Path
    root: Path
    relpath: str
    size: int
    mtime_ns: int
    kind: str
    sidecar: Path | None = None
    ino: int = 0  # with ctime_ns: an edit that kept size and mtime (cp -p, rsync -t, touch -r)
    ctime_ns: int = 0

    def record_id(self, recno: int | None) -> str:
        """The id of this file's record ``recno`` (None for a one-statement file)."""
        return make_id(self.relpath, recno, self.root.name)


def make_id(relpath: str, recno: int | None, root_name: str = "") -> str:
    """Stable id of a record: 16 hex digits of BLAKE2b over the collection root's folder name, the
    path relative to it and the record number.

    The root's *name* (not its absolute path) keeps ids the same on every machine while telling
    apart two collections with the same layout ("mfa/a01.txt" vs "fcdo/a01.txt"). File names that
    are not valid UTF-8 (old archives unpacked on Linux) reach Python as surrogate escapes; they
    are hashed as the original bytes, so such a name never aborts a run and its id is stable.
    """
    key = f"{root_name}/{relpath}" if root_name else relpath
    if recno is not None:
        key = f"{key}#{recno}"
    return hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def kind_of(name: str) -> str | None:
    """The reader kind for a file name, or None when it is not a statement format."""
    low = name.lower()
    best = None
    for ending, kind in KINDS.items():
        if low.endswith(ending) and (best is None or len(ending) > len(best[0])):
            best = (ending, kind)
    return best[1] if best else None


def _is_sidecar(name: str) -> bool:
    """Sidecars and the collection's rules file describe statements; they are not statements."""
    return name.lower() in SIDECAR_NAMES or name == RULES_FILENAME


def discover(paths: Sequence[str | Path], report: ReadReport | None = None, follow_links: bool = False) -> list[SourceFile]:
    """The statement files under ``paths`` (folders recursively), in a deterministic order.

    Hidden files and folders, sidecars themselves and files of unknown kinds are left out (the
    latter counted as skipped in ``report``). A PATH that does not exist is an error.

    Links to folders are never followed (loops). A link to a file outside every folder given is
    followed only with ``follow_links``; otherwise it is skipped with a line naming it: a
    collection received from someone else could otherwise bring ``notes.txt -> ~/.ssh/id_rsa``
    into an index that is then shared.
    """
    out: list[SourceFile] = []
    seen: set[Path] = set()
    sidecars: dict[Path, Path | None] = {}
    roots = [Path(raw).expanduser().resolve() for raw in paths]
    for raw in paths:
        given = Path(raw).expanduser()
        if not given.exists():
            raise SearchtoolError(f"no such file or folder: {raw}")
        given = given.resolve()
        if given.is_file():
            root = given.parent
            candidates = [given]
        else:
            root = given
            candidates = _walk(given, report)
        for path in candidates:
            if path in seen:
                continue
            seen.add(path)
            if not follow_links and path.is_symlink() and _leaves(path, roots):
                if report is not None:
                    report.skip(path, f"a link to {os.path.realpath(path)}, outside the folders given: "
                                      "not followed (index it with --follow-links)")
                continue
            kind = None if _is_sidecar(path.name) else kind_of(path.name)
            if kind is None and not _is_sidecar(path.name):
                kind = sniff_file(path, None)  # a page or PDF saved without (or with a wrong) extension
            if kind is None:
                if report is not None and not _is_sidecar(path.name):
                    report.skip(path, "unknown file kind")
                continue
            try:
                st = path.stat()
            except OSError as err:
                if report is not None:
                    report.skip(path, f"unreadable: {err.strerror or err}")
                continue
            if not stat.S_ISREG(st.st_mode):  # a FIFO, /dev/zero, a socket: reading would hang or never end
                if report is not None:
                    report.skip(path, "not a regular file")
                continue
            sidecar = _sidecar_for(path.parent, sidecars)
            out.append(
                SourceFile(
                    path=path,
                    root=root,
                    relpath=path.relative_to(root).as_posix(),
                    size=st.st_size,
                    mtime_ns=st.st_mtime_ns,
                    kind=kind,
                    sidecar=sidecar,
                    ino=st.st_ino,
                    ctime_ns=st.st_ctime_ns,
                )
            )
    return out


def _leaves(link: Path, roots: Sequence[Path]) -> bool:
    """Whether the file ``link`` points at lies outside every one of ``roots``."""
    target = os.path.realpath(link)
    return not any(target == str(r) or target.startswith(str(r).rstrip(os.sep) + os.sep) for r in roots)


def _walk(folder: Path, report: ReadReport | None = None) -> list[Path]:
    """The files under ``folder``, each folder's sorted files before its sorted subfolders
    (as ``os.walk``), hidden ones and links to folders left out. Iterative: Python 3.10 and
    3.11's ``os.walk`` recurses, and a legal 1,200-deep folder aborted the run with
    RecursionError (design/reliability.md §3)."""
    files: list[Path] = []
    pending = [str(folder)]
    while pending:
        dirpath = pending.pop()
        try:
            with os.scandir(dirpath) as it:
                entries = list(it)
        except OSError as err:  # said, and its files kept in the index (not removed)
            if report is not None:
                report.skip(dirpath, f"unreadable folder: {err.strerror or err}")
                report.unreadable_folders.append(os.path.abspath(dirpath))
            continue
        subfolders: list[str] = []
        names: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:  # as os.walk: a link to a folder is a folder, but not descended into (loops)
                is_dir = entry.is_dir()
                if is_dir and not entry.is_symlink():
                    subfolders.append(entry.name)
            except OSError:
                is_dir = False
            if not is_dir:
                names.append(entry.name)
        files.extend(Path(dirpath) / name for name in sorted(names))
        pending.extend(os.path.join(dirpath, d) for d in sorted(subfolders, reverse=True))
    return files


def _sidecar_for(folder: Path, cache: dict[Path, Path | None]) -> Path | None:
    """The folder's metadata sidecar (name matched case-insensitively; .csv before .tsv)."""
    if folder not in cache:
        found = None
        try:
            names = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
        except OSError:
            names = {}
        for name in SIDECAR_NAMES:
            if name in names:
                found = names[name]
                break
        cache[folder] = found
    return cache[folder]

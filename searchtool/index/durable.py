"""Writes that survive a power cut, not only a kill: every file searchtool or Whoosh writes into
an index is fsynced before the step that makes it reachable, and every folder after the step.

A process killed with ``kill -9`` loses nothing the kernel was given, which is why the crash
tests never saw a problem; a power cut (or a kernel panic, or a VM stopped hard) loses whatever
is still only in the page cache, and the kernel writes dirty pages back in any order. Without
fsyncs, ``CURRENT`` could reach the disk naming a generation whose segment files never did, or
an update's table of contents could name segment files that come back empty. The rule applied
everywhere here (POSIX promises nothing less):

1. a file's bytes are fsynced after its last write and before anything names it;
2. a new name (a created file, a rename) is durable only once its folder is fsynced: before
   the step that relies on it (a table of contents naming new segment files, ``CURRENT``
   naming a generation), and after the rename that publishes.

Three places apply it: :func:`write_atomically` for searchtool's own files (JSON tables,
``CURRENT``; :func:`create_durably` for the marker); :class:`DurableStorage`, the Whoosh storage of every writer (each file
fsynced as Whoosh closes it, the folder fsynced around the rename of the table of contents);
and :func:`sync_generation`, which ``make_current`` runs before switching ``CURRENT``.

Whoosh's temporary files (the posting pools in ``MAIN.tmp/``, searchtool's spill runs) are
never fsynced: nothing ever reaches them by name after a crash. Measured cost: see
docs/reliability.md ("Power loss").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

#: The name Whoosh gives the one index of a folder (``_MAIN_<n>.toc``, ``MAIN_<segment>.*``).
INDEX_NAME = "MAIN"


def create_fresh(path: Path) -> int:
    """A new file at ``path`` for writing, whatever was there: a symlink planted at a temporary
    name is removed, never written through (it could point at any file the user can write)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)


def fsync_folder(folder: Path | str) -> None:
    """Make the names in ``folder`` (files created, renamed or removed there) durable.

    A platform that cannot open a folder for reading (Windows) or refuses to fsync one (some
    network file systems) keeps the names as its file system keeps them."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes, tmp: Path | None = None) -> None:
    """Replace ``path`` with ``data`` so that readers, and the disk after a power cut, hold the
    old file or the new one, never half: write a temporary file (``tmp``, by default
    ``path.tmp``), fsync it, rename it over ``path``, fsync the folder."""
    path = Path(path)
    tmp = tmp or path.with_name(path.name + ".tmp")
    _write_synced(create_fresh(tmp), data)
    os.replace(tmp, path)
    fsync_folder(path.parent)


def _write_synced(fd: int, data: bytes) -> None:
    """Write ``data`` to the new file open at ``fd``, fsync it and close it."""
    with open(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def create_durably(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``, fsynced, and fsync its folder: for a file whose being
    there is what counts (the index marker). Written in place, not renamed: writers starting at
    once (before the lock) write the same bytes, and a run killed here leaves the file, never a
    temporary that makes the folder look like someone else's. A symlink at the name is refused."""
    _write_synced(os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644), data)
    fsync_folder(Path(path).parent)


def write_json(path: Path, data: Any, tmp: Path | None = None) -> None:
    """:func:`write_atomically` of ``data`` as compact JSON."""
    write_atomically(path, json.dumps(data, separators=(",", ":")).encode("utf-8"), tmp)


def sync_generation(gen: Path) -> None:
    """Fsync every file of generation folder ``gen``, then the folder and the one holding it:
    what ``CURRENT`` is about to name is on disk whole. Files Whoosh and searchtool already
    fsynced cost a system call each (nothing is left to write)."""
    gen = Path(gen)
    for entry in os.scandir(gen):
        if entry.is_file(follow_symlinks=False) and not entry.name.endswith(".tmp"):
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fsync_folder(gen)
    fsync_folder(gen.parent)


class DurableStorage(FileStorage):
    """Whoosh's folder storage with rule 1 and 2 of the module's doc: every file it creates is
    fsynced when Whoosh closes it (segment files, columns, the table of contents), and the
    folder is fsynced before a rename (the new segment files' names) and after it (the table of
    contents' name). Whoosh's temporary storage is a plain ``FileStorage`` (its ``temp_storage``
    builds one), so posting pools are not fsynced."""

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        f = FileStorage.create_file(self, name, excl, mode, **kwargs)
        then = f.onclose

        def fsync_then(sfile) -> None:
            if then is not None:
                then(sfile)
            sfile.file.flush()
            os.fsync(sfile.file.fileno())

        f.onclose = fsync_then
        return f

    def rename_file(self, oldname, newname, safe=False):
        fsync_folder(self.folder)
        FileStorage.rename_file(self, oldname, newname, safe)
        fsync_folder(self.folder)


def create_index(gen: Path, schema) -> FileIndex:
    """``whoosh.index.create_in`` on a :class:`DurableStorage`."""
    return FileIndex.create(DurableStorage(str(gen)), schema, INDEX_NAME)


def open_for_writing(gen: Path) -> FileIndex:
    """``whoosh.index.open_dir`` on a :class:`DurableStorage`: what every writer opens."""
    return FileIndex(DurableStorage(str(gen)), indexname=INDEX_NAME)

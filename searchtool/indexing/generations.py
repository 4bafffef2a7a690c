"""Generations: the writer's side of the index folder (searches only read ``CURRENT``).

A rebuild writes a new generation folder beside the live one and swaps ``CURRENT`` to it
atomically, so kill -9 at any moment leaves the old index usable; replaced generations are
removed by the next writer, under the lock, once no search can still be reading them.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Callable

from whoosh.index import open_dir

from searchtool.errors import SearchtoolError
from searchtool.index import checksums
from searchtool.index.durable import create_durably, create_fresh, fsync_folder, sync_generation, write_atomically
from searchtool.index.store import CURRENT, GEN_NAME, GEN_PREFIX, MARKER, READERS, current_generation

#: The files searchtool and Whoosh write in a generation (Whoosh's ``MAIN_*``/``_MAIN_*``
#: segment, table-of-contents and lock files; searchtool's JSON files; temporaries, and the
#: ``MAIN.tmp/`` folder Whoosh's parallel writers fill). A folder
#: holding anything else (a subfolder, a symlink, a file of another name) is not removed.
_GENERATION_FILE = re.compile(r"_?MAIN[_.].*|[A-Za-z0-9_.-]+\.json|READERS|.*\.tmp|.*\.toc\.[0-9]+")

#: Whoosh's table-of-contents temporary (``_MAIN_3.toc.1765000000.123``), renamed when its commit ends.
TOC_TEMPORARY = re.compile(r"_MAIN_[0-9]+\.toc\.[0-9.]+")


def prepare_for_writing(index_dir: Path) -> None:
    """Make ``index_dir`` a (possibly empty) searchtool index, refusing anything else.

    A folder with content but no marker is someone else's: it is never written to. A folder
    we cannot write to is reported in one line before any work starts.
    """
    index_dir = Path(index_dir)
    if index_dir.exists() and not index_dir.is_dir():
        raise SearchtoolError(f"{index_dir} is a file, not an index folder")
    if index_dir.is_dir() and not (index_dir / MARKER).exists():
        if any(index_dir.iterdir()):
            raise SearchtoolError(
                f"{index_dir} is not a searchtool index (no {MARKER} marker) and is not empty; "
                "refusing to write into it",
                hint="choose another folder with --index",
            )
    try:
        try:
            index_dir.mkdir(parents=True)
        except FileExistsError:  # (another writer may have made it just now)
            pass
        else:
            fsync_folder(index_dir.parent)  # the new index folder's name outlives a power cut
        if not (index_dir / MARKER).exists():  # durable before any CURRENT relies on it
            create_durably(index_dir / MARKER, b"searchtool index\n")
    except OSError as err:
        raise SearchtoolError(f"cannot create index at {index_dir}: {err.strerror}") from None
    probe = index_dir / f".write-probe-{os.getpid()}"
    try:  # ask the file system, not the mode bits: root, ACLs and read-only mounts differ
        os.close(create_fresh(probe))  # a symlink planted at the name is never written through
        probe.unlink()
    except OSError as err:
        raise SearchtoolError(
            f"index folder {index_dir} is not writable ({err.strerror}): cannot update it"
        ) from None


def live_generation_or_none(index_dir: Path) -> Path | None:
    """The live generation, or ``None`` in a new (marked, empty) index folder."""
    if not (Path(index_dir) / CURRENT).exists():
        return None
    return current_generation(index_dir)


def new_generation(index_dir: Path) -> Path:
    """A fresh, empty generation folder (not live until :func:`make_current`)."""
    gen = Path(index_dir) / f"{GEN_PREFIX}{time.time_ns():x}-{os.getpid()}"
    gen.mkdir()
    os.close(create_fresh(gen / READERS))  # what searches lock while they read it
    return gen


def make_current(index_dir: Path, gen: Path) -> None:
    """Point ``CURRENT`` at ``gen`` atomically, once every file of ``gen``, the folder and its
    name in ``index_dir`` are on disk: after a power cut ``CURRENT`` names the old generation or
    a whole new one (:mod:`searchtool.index.durable`)."""
    sync_generation(gen)
    write_atomically(Path(index_dir) / CURRENT, (gen.name + "\n").encode("utf-8"))


def remove_stale_generations(index_dir: Path) -> list[str]:
    """Delete the generations searchtool made that are neither live nor being read.

    Called with the writer lock held, so no other writer is filling any of them. A replaced
    generation is removed only when no search holds its ``READERS`` lock
    (:func:`searchtool.index.store.register_reader`): a search that started before a rebuild
    and is still running when the next writer comes reads on, and the generation goes at a
    later run. A folder is removed only if searchtool made it: its name is a generation's and
    it holds nothing but the files a generation holds. Anyone can copy the ``SEARCHTOOL``
    marker into a folder; a ``gen-important/`` of the user's there is left alone. Without a
    live generation (``CURRENT`` deleted or damaged) the finished ones are kept: the next run
    recovers the sources from them.
    """
    import fcntl  # platform: POSIX only, as the writer lock

    index_dir = Path(index_dir)
    live = None
    try:
        live = current_generation(index_dir).name
    except SearchtoolError:
        pass
    removed = []
    for child in index_dir.iterdir():
        if child.name == live or not _made_by_searchtool(child):
            continue
        if live is None and (child / "manifest.json").exists():
            continue  # CURRENT lost or damaged: a finished generation is what recovers it
        try:
            fd = os.open(child / READERS, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            fd = None  # a generation written before readers registered, or an abandoned build
        except OSError:
            continue
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held until the files are gone
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child.name)
        except OSError:  # BlockingIOError: a search is reading it
            pass
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def remove_leftovers(gen: Path, recorded: dict[str, str]) -> list[str]:
    """Delete from the live generation ``gen`` what a killed run left: Whoosh files that its
    last commit did not record (``recorded``: the checksums of that commit) and that the live
    table of contents does not name, Whoosh's timestamped TOC temporaries, ``*.tmp`` files and
    Whoosh's ``MAIN.tmp/`` folder.

    Called with the writer lock held, so no writer is filling them; searches read only files
    a commit recorded. Nothing else is touched (searchtool's JSON files are rewritten whole,
    atomically). Before, 30 killed parallel updates grew a live generation from 31.5 to 258.9 MB,
    and only a completed commit removed the files (design/reliability.md §1.3). A run killed (or
    a power cut) between Whoosh's commit and the manifest leaves a live table of contents that
    ``recorded`` does not know: what it names is the index, and stays.
    """
    candidates = []
    for entry in os.scandir(gen):
        name = entry.name
        if name in recorded or name == "MAIN_WRITELOCK":
            continue
        whoosh = name.startswith(("MAIN_", "_MAIN_")) and not name.endswith(".json")
        if whoosh or name.endswith(".tmp"):
            candidates.append(entry)
    if not candidates:
        return []
    live = _named_by_live_commit(gen)
    removed = []
    for entry in candidates:
        if live(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            pass
    return removed


def _named_by_live_commit(gen: Path) -> Callable[[str], bool]:
    """Whether a file name is the live table of contents of ``gen`` or one of its segments'
    files. When that table cannot be read, every Whoosh file counts as named (only temporaries
    go): the run reports the damage, and nothing is deleted on a guess."""
    try:
        names = checksums.live_files(open_dir(str(gen)))  # read through the pickle allow-list
    except Exception:
        return lambda name: not name.endswith(".tmp") and not TOC_TEMPORARY.fullmatch(name)
    toc, segments = names[0], names[1:]
    return lambda name: name == toc or name.startswith(segments)


def newest_first(index_dir: Path) -> list[Path]:
    """The generations searchtool made in ``index_dir``, newest first (their names hold the
    time they were made)."""
    made = [c for c in Path(index_dir).iterdir() if _made_by_searchtool(c)]
    return sorted(made, key=lambda c: int(c.name.split("-")[1], 16), reverse=True)


def _made_by_searchtool(folder: Path) -> bool:
    if not GEN_NAME.fullmatch(folder.name) or folder.is_symlink() or not folder.is_dir():
        return False
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return False
    return all(_GENERATION_FILE.fullmatch(e.name) and (e.is_file(follow_symlinks=False)
               or (e.name.endswith(".tmp") and e.is_dir(follow_symlinks=False)))  # Whoosh's MAIN.tmp/
               for e in entries)

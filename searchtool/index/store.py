"""Where an index lives on disk and how it is opened.

Layout of an index folder::

    index/
      SEARCHTOOL        marker: this folder is a searchtool index (others are never written to)
      CURRENT           name of the live generation, replaced atomically with os.replace
      LOCK              writer lock (flock) naming the writing process
      gen-<hex>/        a generation: the Whoosh files plus manifest.json

Incremental updates commit into the live generation (Whoosh commits are atomic: a new TOC file
is written last). ``--rebuild`` writes a complete new generation beside the live one and only
then points ``CURRENT`` at it, so readers see the old index or the new one, never a mix; a
rebuild killed at any moment leaves an abandoned generation that the next writer deletes
(the writer side is :mod:`searchtool.indexing.generations`; this module is what a search reads).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from whoosh.index import EmptyIndexError, open_dir

from searchtool.errors import IndexMissingError, SearchtoolError
from searchtool.index import checksums
from searchtool.index import manifest as _manifest
from searchtool.index.damage import damaged
from searchtool.index.schema import READABLE_VERSIONS, SCHEMA_VERSION

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

MARKER = "SEARCHTOOL"
CURRENT = "CURRENT"
GEN_PREFIX = "gen-"
#: The only names a generation folder has (``generations.new_generation``): ``CURRENT`` naming
#: anything else (``gen-x/../elsewhere``) is refused, and the writer deletes nothing else.
GEN_NAME = re.compile(r"gen-[0-9a-f]+-[0-9]+")
#: A file in each generation on which every search holds a shared ``flock`` while it reads
#: (:func:`register_reader`); the writer removes a replaced generation only when it can take
#: the lock exclusively, so a search that outlives a rebuild and the next writer run finishes.
READERS = "READERS"


def current_generation(index_dir: Path) -> Path:
    """The live generation folder of ``index_dir``, or a one-line error saying what is wrong."""
    index_dir = Path(index_dir)
    if not (index_dir / MARKER).exists():
        if index_dir.exists() and (not index_dir.is_dir() or any(index_dir.iterdir())):
            raise SearchtoolError(f"{index_dir} is not a searchtool index (no {MARKER} marker)")
        raise IndexMissingError(
            f"no index at {index_dir}", hint="build one with: searchtool index PATH"
        )
    try:
        name = (index_dir / CURRENT).read_bytes().decode("utf-8", "replace").strip()
    except FileNotFoundError:  # marked, but no build has finished yet
        raise IndexMissingError(
            f"no index at {index_dir} yet", hint="build one with: searchtool index PATH"
        ) from None
    except OSError as err:
        raise IndexMissingError(
            f"index at {index_dir} has no live generation ({err.strerror})",
            hint="build one with: searchtool index PATH",
        ) from None
    gen = index_dir / name
    if not GEN_NAME.fullmatch(name) or not gen.is_dir():
        raise IndexMissingError(
            f"index at {index_dir} points at a missing generation {name[:80]!r}",
            hint="rebuild it with: searchtool index --rebuild",
        )
    return gen


def read_manifest(index_dir: Path, files: bool = False) -> dict[str, Any]:
    """The live generation's manifest: the small header, or with ``files`` the fingerprints too."""
    return _read_manifest_of(index_dir, current_generation(index_dir), files)


def _read_manifest_of(index_dir: Path, gen: Path, files: bool) -> dict[str, Any]:
    try:
        return _manifest.load(gen) if files else _manifest.load_header(gen)
    except (OSError, ValueError) as err:
        raise SearchtoolError(
            f"index at {index_dir} has an unreadable manifest ({err})",
            hint="rebuild it with: searchtool index --rebuild",
        ) from None


def check_version(index_dir: Path, manifest: dict[str, Any]) -> None:
    """Refuse an index built by another schema version, with the command that fixes it."""
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION and version not in READABLE_VERSIONS:
        age = "an older" if isinstance(version, int) and version < SCHEMA_VERSION else "another"
        raise SearchtoolError(
            f"index at {index_dir} was built by {age} searchtool (schema version {version}, "
            f"this one needs {SCHEMA_VERSION})",
            hint="rebuild it with: searchtool index --rebuild",
        )


def register_reader(index_dir: Path) -> tuple[Path, int | None]:
    """The live generation and an open descriptor of its ``READERS`` file holding a shared
    ``flock``, so that no writer removes the generation while it is read (``None`` for a
    generation written before readers registered, or a file this process may not open).

    A writer may be removing the generation just resolved (it holds the lock exclusively while
    it deletes): then ``CURRENT`` already names a newer one, which is resolved once more.
    """
    import fcntl  # start-up: ~0.1 ms; POSIX only, as the writer lock

    for _attempt in (1, 2):
        gen = current_generation(index_dir)
        try:
            fd = os.open(gen / READERS, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            if gen.is_dir():
                return gen, None  # an older generation, without the file
            continue  # removed under us: CURRENT names its successor
        except OSError:
            return gen, None  # not ours to lock (a planted symlink, no permission): read unregistered
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            if os.fstat(fd).st_nlink:
                return gen, fd
        except OSError:  # a writer is removing it
            pass
        os.close(fd)
    return current_generation(index_dir), None


def release_reader(ix: Any) -> None:
    """Give up the registration :func:`open_index` made for ``ix`` (also done when ``ix`` is
    garbage collected): from then on the next writer may remove its generation."""
    release = getattr(ix, "_searchtool_release", None)
    if release is not None:
        release()


def open_index(index_dir: Path):
    """Open the live Whoosh index for reading; refuse one built with another schema version."""
    index_dir = Path(index_dir)
    gen, reading = register_reader(index_dir)  # resolved once: a swap cannot mix two generations
    try:
        ix = _open_generation(index_dir, gen)
    except BaseException:
        if reading is not None:
            os.close(reading)
        raise
    if reading is not None:  # registered for as long as the index object (and its searchers) live
        import weakref  # start-up: already loaded by Whoosh

        ix._searchtool_release = weakref.finalize(ix, os.close, reading)
    return ix


def _open_generation(index_dir: Path, gen: Path):
    header = _read_manifest_of(index_dir, gen, False)
    check_version(index_dir, header)
    try:
        ix = open_dir(str(gen))  # reads the TOC (schema, segment list) once to check it
        if header.get("checksums"):  # the small files (TOC, columns) checked on every open
            checksums.verify(index_dir, gen, header["checksums"], checksums.live_files(ix))
        return ix
    except SearchtoolError:  # an index naming what searchtool never wrote (index/safe_pickle.py)
        raise
    except (EmptyIndexError, OSError) as err:
        raise SearchtoolError(
            f"index at {index_dir} cannot be opened ({err})",
            hint="rebuild it with: searchtool index --rebuild",
        ) from None
    except Exception as err:  # a damaged TOC fails in many ways (pickle, struct, a huge length)
        raise damaged(index_dir, err) from None


def body_of(searcher, docnum: int, stored: dict[str, Any] | None = None) -> str:
    """The full body text of document ``docnum``, for snippets and ``show``.

    The single place that knows where bodies live, so that the search side never depends on
    that choice. Bodies are stored in the index (zlib-compressed by Whoosh): see
    docs/indexing.md for the measurement behind that choice.
    """
    if stored is None:
        stored = searcher.stored_fields(docnum)
    return stored.get("body") or ""


def index_size(index_dir: Path) -> int:
    """Bytes on disk of the live generation."""
    gen = current_generation(index_dir)
    return sum(p.stat().st_size for p in gen.iterdir() if p.is_file())

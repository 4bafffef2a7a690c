"""Generations: the writer's side of the index folder (searches only read ``CURRENT``).

A rebuild writes a new generation folder beside the live one and swaps ``CURRENT`` to it
atomically, so kill -9 at any moment leaves the old index usable; replaced generations are
removed by the next writer, under the lock, once no search can still be reading them.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from searchtool.errors import SearchtoolError
from searchtool.index.manifest import create_fresh
from searchtool.index.store import CURRENT, GEN_PREFIX, MARKER, current_generation


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
        index_dir.mkdir(parents=True, exist_ok=True)
        if not (index_dir / MARKER).exists():
            (index_dir / MARKER).write_text("searchtool index\n", encoding="utf-8")
    except OSError as err:
        raise SearchtoolError(f"cannot create index at {index_dir}: {err.strerror}") from None
    probe = index_dir / f".write-probe-{os.getpid()}"
    try:  # ask the file system, not the mode bits: root, ACLs and read-only mounts differ
        probe.write_bytes(b"")
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
    return gen


def make_current(index_dir: Path, gen: Path) -> None:
    """Point ``CURRENT`` at ``gen`` atomically (durable before it is visible)."""
    index_dir = Path(index_dir)
    tmp = index_dir / (CURRENT + ".tmp")
    with open(create_fresh(tmp), "w", encoding="utf-8") as fh:
        fh.write(gen.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    try:  # make the rename itself durable
        dfd = os.open(index_dir, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def remove_stale_generations(index_dir: Path) -> list[str]:
    """Delete every generation but the live one (abandoned rebuilds, replaced generations).

    Called with the writer lock held, so no other writer is filling any of them. A replaced
    generation is kept until the next write so that a search that opened it just before the
    swap can finish.
    """
    index_dir = Path(index_dir)
    live = None
    if (index_dir / CURRENT).exists():
        live = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    removed = []
    for child in index_dir.iterdir():
        if child.is_dir() and child.name.startswith(GEN_PREFIX) and child.name != live:
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child.name)
    return removed

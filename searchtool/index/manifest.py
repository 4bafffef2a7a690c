"""The manifest of one index generation: schema version, sources, and per-file fingerprints.

Kept in two files beside the Whoosh files, each replaced atomically and durably
(:func:`searchtool.index.durable.write_json`: write, fsync, ``os.replace``, fsync the folder)
after every commit:

- ``fingerprints.json``: the whole manifest, per-file fingerprints included. Only the indexer
  reads it (25 MB for 110,000 files: half a second of ``json.load``).
- ``manifest.json``: the same without the ``files`` table (a few hundred bytes). Every search
  opens the index through it to check the schema version, so it must stay small.

``fingerprints.json`` is written first: a run killed between the two writes leaves a header that
is one run behind (a count, an update time), never fingerprints older than the header claims. The fingerprints are what makes updates incremental: a file
whose size, mtime, inode and ctime are unchanged is skipped without being opened; one whose
figures changed is hashed, and only a different hash means its records are re-indexed. A file's
fingerprint covers its metadata sidecar too, since the sidecar's columns change its records.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from searchtool.index.durable import write_json
from searchtool.index.schema import SCHEMA_VERSION
from searchtool.values import FrozenValue

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any

MANIFEST = "manifest.json"
FINGERPRINTS = "fingerprints.json"
FORMAT = "searchtool-index"


class Fingerprint(FrozenValue):
    """What identifies one version of a source file (and its sidecar) without reading it.

    ``size`` and ``mtime_ns`` change with almost every edit; ``inode`` and ``ctime_ns`` catch
    the edits that keep both (``cp -p``, ``rsync -t``, ``touch -r`` after editing: the kernel
    sets ctime on every write and every utime call, and no user can set it back). A file whose
    figures differ in any way is hashed, and only a different hash re-indexes it; so a ctime
    changed by ``chmod`` costs one read of that file, once.
    """

    __slots__ = ("size", "mtime_ns", "sidecar", "inode", "ctime_ns")
    size: int
    mtime_ns: int
    sidecar: tuple[int, ...] | None  # (size, mtime_ns, inode, ctime_ns) of the metadata sidecar
    inode: int
    ctime_ns: int

    def __init__(
        self, size: int, mtime_ns: int, sidecar: tuple[int, ...] | None = None, inode: int = 0, ctime_ns: int = 0
    ) -> None:
        FrozenValue.__init__(self, size, mtime_ns, sidecar, inode, ctime_ns)

    def to_json(self) -> list:
        return [self.size, self.mtime_ns, list(self.sidecar) if self.sidecar else None, self.inode, self.ctime_ns]

    @classmethod
    def from_json(cls, data: list) -> "Fingerprint":
        # manifests written before inode and ctime were kept have 3 items: their files are
        # hashed once at the next update, then recorded with all five figures
        extra = (int(data[3]), int(data[4])) if len(data) >= 5 else (0, 0)
        return cls(int(data[0]), int(data[1]), tuple(data[2]) if data[2] else None, *extra)


def source_fingerprint(src) -> Fingerprint:
    """The fingerprint of a discovered source file (``reading.files.SourceFile``: size, mtime,
    inode and ctime from its stat) and of its sidecar, stat'ed here."""
    side = None
    if src.sidecar:
        try:
            st = os.stat(src.sidecar)
            side = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        except OSError:
            side = (-1, -1)
    return Fingerprint(src.size, src.mtime_ns, side, getattr(src, "ino", 0), getattr(src, "ctime_ns", 0))


def content_hash(path: str | Path, sidecar: str | Path | None = None) -> str:
    """BLAKE2b of the file's bytes (and its sidecar's): decides 'changed' when stat figures differ."""
    import hashlib  # start-up: hashlib loads OpenSSL (~3 ms); searches load this module, never hash

    digest = hashlib.blake2b(digest_size=16)
    for p in (path, sidecar):
        if not p:
            continue
        try:
            with open(p, "rb") as fh:
                while True:
                    block = fh.read(1 << 20)
                    if not block:
                        break
                    digest.update(block)
        except OSError:
            digest.update(b"\0unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


def new_manifest(sources: list[str]) -> dict[str, Any]:
    """An empty manifest for a new generation."""
    now = time.time()
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "created": now,
        "updated": now,
        "sources": list(sources),
        "count": 0,
        "files": {},
    }


def load_header(gen_dir: Path) -> dict[str, Any]:
    """The small part of the manifest (version, sources, count, times): what searches need."""
    with open(Path(gen_dir) / MANIFEST, encoding="utf-8") as fh:
        return json.load(fh)


def load(gen_dir: Path) -> dict[str, Any]:
    """The whole manifest of generation folder ``gen_dir``, per-file fingerprints included.

    An index written before the split (schema version 2) has everything in ``manifest.json``:
    that is returned as is, so the caller sees its old version and rebuilds.
    """
    gen_dir = Path(gen_dir)
    if not (gen_dir / FINGERPRINTS).exists():
        return load_header(gen_dir)
    with open(gen_dir / FINGERPRINTS, encoding="utf-8") as fh:
        return json.load(fh)


def save(gen_dir: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest`` atomically: readers see the old files or the new ones, never half."""
    gen_dir = Path(gen_dir)
    write_json(gen_dir / FINGERPRINTS, manifest)
    header = {k: v for k, v in manifest.items() if k != "files"}
    header["file_count"] = len(manifest.get("files", {}))
    write_json(gen_dir / MANIFEST, header)

"""The manifest of one index generation: schema version, sources, and per-file fingerprints.

Kept as ``manifest.json`` beside the Whoosh files and replaced atomically (write, fsync,
``os.replace``) after every commit. The fingerprints are what makes updates incremental: a file
whose size and mtime are unchanged is skipped without being opened; one whose size or mtime
changed is hashed, and only a different hash means its records are re-indexed. A file's
fingerprint covers its metadata sidecar too, since the sidecar's columns change its records.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from searchtool.schema import SCHEMA_VERSION

MANIFEST = "manifest.json"
FORMAT = "searchtool-index"


@dataclass(frozen=True)
class Fingerprint:
    """What identifies one version of a source file (and its sidecar) without reading it."""

    size: int
    mtime_ns: int
    sidecar: tuple[int, int] | None = None  # (size, mtime_ns) of the metadata sidecar

    def to_json(self) -> list:
        return [self.size, self.mtime_ns, list(self.sidecar) if self.sidecar else None]

    @classmethod
    def from_json(cls, data: list) -> "Fingerprint":
        return cls(int(data[0]), int(data[1]), tuple(data[2]) if data[2] else None)


def stat_fingerprint(path: str | Path, size: int, mtime_ns: int, sidecar: str | Path | None) -> Fingerprint:
    """Fingerprint from already-known stat figures plus the sidecar's stat (if any)."""
    side = None
    if sidecar:
        try:
            st = os.stat(sidecar)
            side = (st.st_size, st.st_mtime_ns)
        except OSError:
            side = (-1, -1)
    return Fingerprint(size, mtime_ns, side)


def content_hash(path: str | Path, sidecar: str | Path | None = None) -> str:
    """BLAKE2b of the file's bytes (and its sidecar's): decides 'changed' when stat figures differ."""
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


def load(gen_dir: Path) -> dict[str, Any]:
    """The manifest of generation folder ``gen_dir``."""
    with open(Path(gen_dir) / MANIFEST, encoding="utf-8") as fh:
        return json.load(fh)


def save(gen_dir: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest`` atomically: readers see the old file or the new one, never half."""
    gen_dir = Path(gen_dir)
    tmp = gen_dir / (MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, separators=(",", ":"))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, gen_dir / MANIFEST)

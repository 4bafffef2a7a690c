"""Checksums of an index generation's files: damage is detected, never answered from silently.

The attack report (design/reliability.md §4) damaged every kind of index file: 27 of 168
damages gave silently wrong answers (a damaged date, year, type or field-length column changes
facets, sorts and scores without any error, as Whoosh reads those columns unchecked), and a
no-op ``index`` said "up to date" for every damaged segment file.

Each writer run records a CRC-32 of every file of the generation in the manifest (Whoosh's
segment files never change once written, so only new files are read). Opening an index checks
the files of at most :data:`CHECK_ON_OPEN_BYTES` (the table of contents and the columns: a few
milliseconds); ``stats`` and a no-op ``index`` check them all. CRC-32 (zlib, already loaded by
Whoosh) finds damage; it is no defence against someone who rewrites an index on purpose (see
docs/trust-model.md for what such an index can and cannot do).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from searchtool.index.damage import damaged
from searchtool.index.ledger import LEDGER_FILES

#: Files no larger than this are checked on every open (TOC, columns of a 100,000-statement
#: index); larger ones (postings, stored fields) by ``stats`` and a no-op ``index``.
CHECK_ON_OPEN_BYTES = 1 << 20

#: searchtool's own files beside Whoosh's: written after the checksums, checked their own way
#: (the ledger's are rewritten by every run under the same names).
_OWN = ("manifest.json", "fingerprints.json", "READERS", *LEDGER_FILES)


def crc_of(path: Path) -> str:
    crc = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            crc = zlib.crc32(block, crc)
    return f"{crc:08x}"


def record(gen_dir: Path, previous: dict[str, str] | None = None) -> dict[str, str]:
    """The checksums of ``gen_dir``'s Whoosh files, reusing ``previous`` for files already there."""
    previous = previous or {}
    out = {}
    for entry in os.scandir(gen_dir):
        name = entry.name
        if not entry.is_file(follow_symlinks=False) or name in _OWN or name.endswith(".tmp") or "LOCK" in name:
            continue
        out[name] = previous.get(name) or crc_of(Path(entry.path))
    return out


def live_files(ix) -> tuple[str, ...]:
    """Name prefixes of the files the opened index ``ix`` reads: its table of contents and its
    segments' files. A recorded file that is gone is damage only if it is one of these: an
    update that committed since the manifest was read removes the files it replaced."""
    prefixes = [f"_{ix.indexname}_{ix.latest_generation()}.toc"]
    prefixes.extend(seg.segment_id() + "." for seg in ix._segments())
    return tuple(prefixes)


def verify(index_dir: Path, gen_dir: Path, checksums: dict[str, str] | None, live: tuple[str, ...],
           everything: bool = False) -> None:
    """Raise the one-line damage error when a file ``live`` names is missing, or a recorded file
    differs from its checksum (only files up to :data:`CHECK_ON_OPEN_BYTES` unless
    ``everything``). Indexes written before checksums were kept have none and pass."""
    if not checksums:
        return
    for name, crc in checksums.items():
        path = Path(gen_dir) / name
        try:
            size = path.stat().st_size
            if not everything and size > CHECK_ON_OPEN_BYTES:
                continue
            if crc_of(path) == crc:
                continue
            problem: BaseException = ValueError(f"{name} does not match its checksum")
        except FileNotFoundError as err:
            if not name.startswith(live):
                continue  # replaced by a commit since the manifest was read
            problem = err
        except OSError as err:
            problem = err
        raise damaged(index_dir, problem)

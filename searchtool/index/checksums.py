"""Checksums of an index generation's files: damage is detected, never answered from silently.

The attack report (design/reliability.md §4) damaged every kind of index file: 27 of 168
damages gave silently wrong answers (a damaged date, year, type or field-length column changes
facets, sorts and scores without any error, as Whoosh reads those columns unchecked), and a
no-op ``index`` said "up to date" for every damaged segment file.

Each writer run records a CRC-32 of every file of the generation in the manifest (Whoosh's
segment files never change once written, so only new files are read). Opening an index checks
the files of at most :data:`CHECK_ON_OPEN_BYTES` (the table of contents and the columns: a few
milliseconds) every time. The larger ones (postings, term table, stored fields) cost too much
for every search: on the 2,031 State Department releases (36 MB in three such files) their
CRC took 30-41 ms per search, against a whole CLI search of 270-350 ms, and it grows with the
index. So each is checked once per change of the file: the first search after a build, an
update, a copy or any write to it checks it, and records it in ``verified.json`` (in the
generation, or in the user's cache folder when the index is read-only) under its size, mtime,
ctime and inode; later searches only compare those (one ``stat`` per file, about 20 µs). Any
write to a file changes its ctime, which no user can set back, so damage done through the file
system is always checked before it is answered from; what this does not see is media that
rots under an unchanged file, which ``stats`` and a no-op ``index`` (they check everything,
every time) do. CRC-32 (zlib, already loaded by
Whoosh) finds damage; it is no defence against someone who rewrites an index on purpose (see
docs/trust-model.md for what such an index can and cannot do).
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

from searchtool.index.damage import damaged
from searchtool.index.durable import write_json
from searchtool.index.ledger import LEDGER_FILES

#: Files no larger than this are checked on every open (TOC, columns of a 100,000-statement
#: index); larger ones (postings, stored fields) by ``stats`` and a no-op ``index``.
CHECK_ON_OPEN_BYTES = 1 << 20

#: searchtool's own files beside Whoosh's: written after the checksums, checked their own way
#: (the ledger's are rewritten by every run under the same names).
_OWN = ("manifest.json", "fingerprints.json", "READERS", "verified.json", *LEDGER_FILES)

#: Where the large files checked since they last changed are listed, by name: ``[size, mtime_ns,
#: ctime_ns, inode, crc]``.
VERIFIED = "verified.json"


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
    differs from its checksum. Files over :data:`CHECK_ON_OPEN_BYTES` are checked once per
    change of the file (see the module's doc) unless ``everything``. Indexes written before
    checksums were kept have none and pass."""
    if not checksums:
        return
    seen = None if everything else _load_verified(gen_dir)
    newly: dict[str, list] = {}
    for name, crc in checksums.items():
        path = Path(gen_dir) / name
        try:
            st = path.stat()
            key = None
            if seen is not None and st.st_size > CHECK_ON_OPEN_BYTES:
                key = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, crc]
                if seen.get(name) == key:
                    continue  # checked since it last changed
            if crc_of(path) == crc:
                if key is not None:
                    newly[name] = key
                continue
            problem: BaseException = ValueError(f"{name} does not match its checksum")
        except FileNotFoundError as err:
            if not name.startswith(live):
                continue  # replaced by a commit since the manifest was read
            problem = err
        except OSError as err:
            problem = err
        raise damaged(index_dir, problem)
    if newly:
        _save_verified(gen_dir, {**(seen or {}), **newly})


def _verified_places(gen_dir: Path) -> list[Path]:
    """The generation's own list, then one in the user's cache folder (a read-only index)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "searchtool" / "verified"
    where = os.fsencode(os.path.abspath(gen_dir))  # zlib, not hashlib (~3 ms of start-up): a clash
    tag = f"{zlib.crc32(where):08x}{zlib.adler32(where):08x}"  # only means a file is checked again
    return [Path(gen_dir) / VERIFIED, cache / f"{tag}.json"]


def _load_verified(gen_dir: Path) -> dict[str, list]:
    path = Path(gen_dir) / VERIFIED
    if not path.exists():
        path = _verified_places(gen_dir)[1]
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_verified(gen_dir: Path, verified: dict[str, list]) -> None:
    """Best effort: a list that cannot be written only means the files are checked again."""
    for path in _verified_places(gen_dir):
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # several searches may write at once
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_json(path, verified, tmp)
            return
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass

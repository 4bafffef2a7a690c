"""A recorder of fsyncs and renames that checks, at each rename that publishes something,
that everything it makes reachable would survive a power cut at that moment.

A kill -9 loses nothing the kernel has already been given; a power cut loses whatever is still
only in the page cache. So a file is safe to publish only once its bytes were fsynced after its
last write, and a rename (or a new file) is safe only once its folder was fsynced after it.

The recorder replaces ``os.fsync``, ``os.rename`` and ``os.replace`` (``monkeypatch``). Events
go to a log file opened with ``O_APPEND``, so that forked indexing workers (which inherit the
replaced functions) write to the same log, in the order things happened:

- an fsync of a file records its inode and the CRC of its bytes at that moment (read back
  through ``/proc/self/fd``, which works for a write-only descriptor too);
- an fsync of a folder records its inode and the names it held;
- a rename records its folder and target.

At each rename the recorder checks (and writes any failure to the log as a problem):

1. the renamed file's bytes are the bytes of an fsync of that file;
2. every earlier rename's folder was fsynced after that rename, holding the renamed name
   (each step durable before the next one builds on it);
3. by what is published: a Whoosh table of contents (``_MAIN_<n>.toc``) makes its segments'
   files reachable: each must hold fsynced bytes and be named by an fsync of the folder made
   before the rename; ``CURRENT`` makes a generation reachable: every file in it must hold
   fsynced bytes, the generation folder must have been fsynced holding them all, and the
   index folder holding the generation and the ``SEARCHTOOL`` marker (whose bytes were fsynced).

:meth:`DurabilityRecorder.problems` adds check 2 for the last renames (the folder fsynced after
them by the end of the run) and returns every problem found.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

#: Files a generation holds that nothing reads for its content: Whoosh's and searchtool's lock
#: files (they are locked, never read) and temporaries (never reachable by a name anyone reads).
_NOT_PUBLISHED = ("LOCK",)


def _identity(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino]


def _crc(path: str | Path) -> int:
    with open(path, "rb") as fh:
        return zlib.crc32(fh.read())


class DurabilityRecorder:
    """See the module docstring. ``install`` it with a ``monkeypatch``."""

    def __init__(self, log: Path) -> None:
        self.log = Path(log)
        self.real_fsync, self.real_rename, self.real_replace = os.fsync, os.rename, os.replace

    def install(self, monkeypatch) -> "DurabilityRecorder":
        self.log.touch()
        monkeypatch.setattr(os, "fsync", self._fsync)
        monkeypatch.setattr(os, "rename", lambda src, dst, **kw: self._rename(self.real_rename, src, dst, **kw))
        monkeypatch.setattr(os, "replace", lambda src, dst, **kw: self._rename(self.real_replace, src, dst, **kw))
        return self

    # -- recording -----------------------------------------------------------------------------

    def _write(self, event: dict) -> None:
        event["pid"] = os.getpid()
        fd = os.open(self.log, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, (json.dumps(event) + "\n").encode())
        finally:
            os.close(fd)

    def events(self) -> list[dict]:
        with open(self.log, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    def _fsync(self, fd) -> None:
        fd = fd if isinstance(fd, int) else fd.fileno()
        self.real_fsync(fd)
        st = os.fstat(fd)
        proc = f"/proc/self/fd/{fd}"
        if os.path.isdir(proc):
            self._write({"op": "fsync-dir", "id": _identity(st), "names": sorted(os.listdir(proc))})
        else:
            self._write({"op": "fsync", "id": _identity(st), "crc": _crc(proc)})

    def _rename(self, real, src, dst, **kwargs) -> None:
        src, dst = os.fspath(src), os.fspath(dst)
        before = self.events()
        problems = []
        if os.path.isfile(src):
            problems += self._unsynced_bytes(src, before, f"renamed to {dst}")
        problems += self._unsynced_renames(before)
        current_gen = None
        if os.path.basename(dst) == "CURRENT" and os.path.isfile(src):
            current_gen = Path(dst).parent / Path(src).read_text(encoding="utf-8").strip()
        real(src, dst, **kwargs)
        folder = os.path.dirname(os.path.abspath(dst))
        name = os.path.basename(dst)
        self._write({"op": "rename", "folder": _identity(os.stat(folder)), "name": name, "path": dst})
        if name.startswith("_MAIN_") and name.endswith(".toc"):
            problems += self._unsynced_segments(Path(folder), int(name[len("_MAIN_"):-len(".toc")]), before)
        if current_gen is not None:
            problems += self._unsynced_generation(current_gen, before)
        for problem in problems:
            self._write({"op": "problem", "what": problem})

    # -- checking ------------------------------------------------------------------------------

    @staticmethod
    def _last(events: list[dict], op: str, ident: list[int]) -> dict | None:
        found = [e for e in events if e["op"] == op and e["id"] == ident]
        return found[-1] if found else None

    def _unsynced_bytes(self, path: str | Path, events: list[dict], why: str) -> list[str]:
        ident, crc = _identity(os.stat(path)), _crc(path)
        if any(e["op"] == "fsync" and e["id"] == ident and e["crc"] == crc for e in events):
            return []
        return [f"{path} ({why}) holds bytes never fsynced"]

    def _unsynced_entries(self, folder: Path, names: list[str], events: list[dict], why: str) -> list[str]:
        synced = self._last(events, "fsync-dir", _identity(os.stat(folder)))
        missing = sorted(set(names) - set(synced["names"] if synced else ()))
        return [f"{folder}: {', '.join(missing)} ({why}) not in any fsync of the folder"] if missing else []

    def _unsynced_renames(self, events: list[dict]) -> list[str]:
        problems = []
        for i, e in enumerate(events):
            if e["op"] != "rename":
                continue
            later = [d for d in events[i + 1:] if d["op"] == "fsync-dir" and d["id"] == e["folder"]]
            if not any(e["name"] in d["names"] for d in later):
                problems.append(f"the folder of {e['path']} was not fsynced after the rename")
        return problems

    def _unsynced_segments(self, folder: Path, gen: int, events: list[dict]) -> list[str]:
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import TOC

        storage = FileStorage(str(folder))
        toc = TOC.read(storage, "MAIN", gen)
        why = f"named by _MAIN_{gen}.toc"
        names = [n for seg in toc.segments for n in seg.list_files(storage)]
        problems = [p for n in names for p in self._unsynced_bytes(folder / n, events, why)]
        return problems + self._unsynced_entries(folder, names, events, why)

    def _unsynced_generation(self, gen: Path, events: list[dict]) -> list[str]:
        why = f"in {gen.name}, named by CURRENT"
        names = [p.name for p in gen.iterdir()
                 if p.is_file() and not p.name.endswith(".tmp") and not p.name.endswith(_NOT_PUBLISHED)]
        problems = [p for n in names for p in self._unsynced_bytes(gen / n, events, why)]
        problems += self._unsynced_entries(gen, names, events, why)
        problems += self._unsynced_bytes(gen.parent / "SEARCHTOOL", events, "the index marker")
        return problems + self._unsynced_entries(gen.parent, [gen.name, "SEARCHTOOL"], events, "CURRENT names it")

    def problems(self) -> list[str]:
        """Every problem found so far, and the renames whose folder was never fsynced after."""
        events = self.events()
        found = [e["what"] for e in events if e["op"] == "problem"] + self._unsynced_renames(events)
        return list(dict.fromkeys(found))

    def pids(self, op: str) -> set[int]:
        """The processes that recorded ``op`` (the workers' fsyncs are in the log too)."""
        return {e["pid"] for e in self.events() if e["op"] == op}

    def synced_names(self, folder: Path) -> list[str]:
        """The names ``folder`` held at its last fsync (none if it was never fsynced)."""
        synced = self._last(self.events(), "fsync-dir", _identity(os.stat(folder)))
        return synced["names"] if synced else []

    def renamed(self) -> list[str]:
        return [os.path.basename(e["path"]) for e in self.events() if e["op"] == "rename"]

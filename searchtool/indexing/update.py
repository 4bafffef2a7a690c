"""Turn records into a Whoosh index: full builds, incremental updates and atomic rebuilds.

One entry point, :func:`update_index`, does everything ``searchtool index`` does:

1. take the writer lock, drop abandoned generations;
2. find the source files (the reader's ``discover``) and compare each with the manifest: size and
   mtime first, a content hash only when those differ -> added / changed / removed / unchanged;
3. nothing to do -> return at once (no Whoosh writer is opened);
4. otherwise delete the records of changed and removed files (by their ``srcfile`` term) and index
   the added and changed files, in worker processes for big batches (see :mod:`searchtool.indexing.workers`);
5. commit, then write the manifest atomically; a rebuild writes all of this into a new
   generation and makes it live only at the very end.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from whoosh.index import create_in, open_dir

from searchtool.chars import replace_surrogates
from searchtool.errors import IndexMissingError, SearchtoolError
from searchtool.index import manifest as mf
from searchtool.index import store
from searchtool.index.damage import damaged
from searchtool.index.schema import SCHEMA_VERSION, build_schema
from searchtool.indexing import workers
from searchtool.indexing.documents import record_to_document
from searchtool.indexing.lock import DEFAULT_WAIT, IndexLock
from searchtool.indexing.segments import BulkSegmentWriter, commit_with
from searchtool.reading.reader import discover
from searchtool.reading.report import ReadReport, describe_problem
from searchtool.record import Record

#: Below this many source bytes an update is indexed in-process: starting workers costs more.
PARALLEL_MIN_BYTES = 16 << 20
#: Default source folder when neither PATH nor recorded sources exist.
DEFAULT_SOURCE = "corpus"


@dataclass
class IndexSummary:
    """What one ``searchtool index`` run did, for the summary table, ``--json`` and tests."""

    index_dir: str
    added: int = 0  # files
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    records_added: int = 0
    records_removed: int = 0
    records_total: int = 0
    skipped: list[str] = field(default_factory=list)  # "path: reason"
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    index_bytes: int = 0
    rebuilt: bool = False
    jobs: int = 1
    notes: list[str] = field(default_factory=list)

    @property
    def noop(self) -> bool:
        return not (self.added or self.updated or self.removed or self.rebuilt)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["noop"] = self.noop
        return data


class Progress:
    """Callbacks an indexing run reports to; the default does nothing (tests, --quiet)."""

    def start(self, files: int, nbytes: int) -> None:
        pass

    def advance(self, files: int, records: int, nbytes: int) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass
class _Change:
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    touched: dict[str, Any] = field(default_factory=dict)  # same content, new stat: refresh entry
    prior: dict[str, Any] = field(default_factory=dict)  # the last manifest's files (kept by rebuilds)


def _resolve_sources(paths: Sequence[Path] | None, recorded: list[str]) -> tuple[list[str], list[str]]:
    """(roots to scan this run, all roots to record). A PATH inside a recorded root scans that root
    (ids are relative to the root, so the same file always gets the same id)."""
    if not paths:
        if recorded:
            scan = list(recorded)
        else:
            scan = [os.path.realpath(DEFAULT_SOURCE)]
        missing = [p for p in scan if not os.path.exists(p)]
        if missing:
            what = "recorded in the index " if recorded else ""
            raise SearchtoolError(
                f"source {missing[0]} {what}does not exist",
                hint="pass the folders to index: searchtool index PATH...",
            )
        return scan, sorted(set(recorded) | set(scan))
    scan = []
    for p in paths:
        ap = os.path.realpath(p)
        if not os.path.exists(ap):
            raise SearchtoolError(f"no such file or folder: {p}")
        root = next((r for r in recorded if ap == r or ap.startswith(r.rstrip(os.sep) + os.sep)), ap)
        if root not in scan:
            scan.append(root)
    # A new root that contains recorded ones replaces them.
    kept = [r for r in recorded if not any(r.startswith(s.rstrip(os.sep) + os.sep) for s in scan)]
    return scan, sorted(set(kept) | set(scan))


def _check_paths_exist(paths: Sequence[Path] | None, index_dir: Path) -> None:
    """Refuse a PATH (or the default ./corpus of a first run) that does not exist, before the
    index folder is created: a typo must not leave a half-made index behind."""
    if paths:
        for p in paths:
            if not os.path.exists(p):
                raise SearchtoolError(f"no such file or folder: {p}")
    elif not (Path(index_dir) / store.CURRENT).exists() and not os.path.exists(DEFAULT_SOURCE):
        raise SearchtoolError(
            f"nothing to index: no PATH given and ./{DEFAULT_SOURCE} does not exist",
            hint="pass the folders to index: searchtool index PATH...",
        )


def _refuse_emptied_sources(scan: Sequence[str], found: Sequence, files: dict[str, Any]) -> None:
    """A recorded source with no files left (an unmounted drive's empty mount point, a failed
    sync) would silently empty the index: refuse, and say how to do it deliberately."""
    for root in scan:
        if any(_under(os.path.abspath(src.path), [root]) for src in found):
            continue
        held = sum(1 for key in files if _under(key, [root]))
        if held:
            raise SearchtoolError(
                f"source {root} has no statement files now, but the index holds {held:,} "
                "files from it (an unmounted drive?); nothing was changed",
                hint="if it really is empty now, run: searchtool index --rebuild",
            )


def _under(path: str, roots: Sequence[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _drop_index_folders(found: list, report: Any, roots: Sequence[str], index_dir: Path) -> list:
    """``found`` without the files of any searchtool index inside the sources.

    ``searchtool index .`` with the default ``./index`` would otherwise read its own manifest as
    a statement (and never be up to date); any folder holding the index marker, and the target
    index folder itself, is left out, together with the reader's skip and warning entries for it.
    """
    target = os.path.realpath(index_dir)
    stops = {os.path.realpath(r) for r in roots}
    cache: dict[str, bool] = {}

    def inside_dir(d: str) -> bool:
        chain = []
        while True:
            if d in cache:
                result = cache[d]
                break
            if d == target or os.path.exists(os.path.join(d, store.MARKER)):
                result = True
                break
            chain.append(d)
            parent = os.path.dirname(d)
            if d in stops or parent == d:
                result = False
                break
            d = parent
        for c in chain:
            cache[c] = result
        return result

    def inside(path: str) -> bool:  # per file: one split and one lookup (110,000 files: ~0.1 s)
        d = path.rpartition(os.sep)[0] or os.sep
        hit = cache.get(d)
        return inside_dir(d) if hit is None else hit

    report.skipped[:] = [item for item in report.skipped if not inside(os.path.abspath(item[0]))]
    report.warnings[:] = [item for item in report.warnings if not inside(os.path.abspath(item[0]))]
    return [src for src in found if not inside(str(src.path))]


def _diff(found: Sequence, files: dict[str, Any], scan_roots: Sequence[str]) -> _Change:
    """Compare discovered files with the manifest's entries under the scanned roots."""
    change = _Change()
    seen = set()
    for src in found:
        key = os.path.abspath(src.path)
        seen.add(key)
        entry = files.get(key)
        fp = mf.stat_fingerprint(src.path, src.size, src.mtime_ns, getattr(src, "sidecar", None))
        if entry is None:
            change.added.append(src)
        elif mf.Fingerprint.from_json(entry["fp"]) == fp:
            change.unchanged += 1
        elif mf.content_hash(src.path, getattr(src, "sidecar", None)) == entry.get("hash"):
            change.unchanged += 1
            change.touched[key] = fp
        else:
            change.changed.append(src)
    change.removed = [k for k in files if k not in seen and _under(k, scan_roots)]
    return change


def update_index(
    paths: Sequence[Path] | None,
    index_dir: Path,
    *,
    rebuild: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    lock_wait: float | None = None,
) -> IndexSummary:
    """Bring the index at ``index_dir`` up to date with ``paths`` (or its recorded sources)."""

    t0 = time.monotonic()
    index_dir = Path(index_dir)
    progress = progress or Progress()
    jobs = max(1, jobs or os.cpu_count() or 1)
    summary = IndexSummary(index_dir=str(index_dir), jobs=jobs)
    _check_paths_exist(paths, index_dir)
    store.prepare_for_writing(index_dir)
    with IndexLock(index_dir, wait=DEFAULT_WAIT if lock_wait is None else lock_wait):
        store.remove_stale_generations(index_dir)
        try:
            live = store.live_generation_or_none(index_dir)
        except IndexMissingError:  # CURRENT names a generation someone deleted: start afresh
            (index_dir / store.CURRENT).unlink()
            live = None
            summary.notes.append("the index's live generation was missing: built a new one")
        old = None
        if live is not None:
            try:
                old = mf.load(live)
            except (OSError, ValueError):
                old = None
                summary.notes.append("the live index had no readable manifest: rebuilt it")
                rebuild = True
        if old is not None and old.get("schema_version") != SCHEMA_VERSION:
            summary.notes.append(
                f"the index was built with schema version {old.get('schema_version')}; "
                f"rebuilt it with version {SCHEMA_VERSION}"
            )
            rebuild = True
        recorded = list(old.get("sources", [])) if old else []
        scan, all_roots = _resolve_sources(paths, [] if (rebuild and paths) else recorded)
        report = ReadReport()
        found = _drop_index_folders(discover([Path(p) for p in scan], report), report, scan, index_dir)
        summary.skipped.extend(describe_problem(s) for s in report.skipped)
        summary.warnings.extend(describe_problem(w) for w in report.warnings)
        fresh = rebuild or live is None
        files = {} if fresh else dict(old["files"])
        change = _diff(found, files, scan)
        change.prior = old.get("files", {}) if old else {}
        if not fresh:
            _refuse_emptied_sources(scan, found, files)
        if fresh:
            all_roots = sorted(set(scan)) if paths or not recorded else all_roots
        summary.unchanged = change.unchanged
        summary.rebuilt = bool(rebuild and live is not None)
        if not fresh and not (change.added or change.changed or change.removed):
            if change.touched or all_roots != recorded:
                for key, fp in change.touched.items():
                    files[key]["fp"] = fp.to_json()
                old["files"], old["sources"] = files, all_roots
                mf.save(live, old)
            summary.records_total = int(old.get("count", 0))
            summary.index_bytes = store.index_size(index_dir)
            summary.seconds = time.monotonic() - t0
            return summary
        if fresh:
            gen = store.new_generation(index_dir)
            manifest = mf.new_manifest(all_roots)
            if old is not None:
                manifest["created"] = old.get("created", manifest["created"])
        else:
            gen, manifest = live, old
            manifest["sources"] = all_roots

        def finish() -> None:
            manifest["files"] = files
            manifest["count"] = summary.records_total
            manifest["updated"] = time.time()
            manifest["schema_version"] = SCHEMA_VERSION
            mf.save(gen, manifest)
            if fresh:
                store.make_current(index_dir, gen)

        try:
            _write(gen, fresh, change, files, jobs, progress, summary, finish)
        except (SearchtoolError, KeyboardInterrupt):
            raise
        except Exception as err:  # an update reads the live segments: truncated ones fail here
            if fresh:
                raise
            raise damaged(index_dir, err) from None
    summary.index_bytes = store.index_size(index_dir)
    summary.seconds = time.monotonic() - t0
    return summary


def _id_salts(change: _Change, files: dict[str, Any], summary: IndexSummary) -> dict[str, str]:
    """Salts for files whose records would get ids another indexed file already has.

    The reader's ids hash the collection root's folder *name* and the relative path, so two roots
    named alike (``/mfa/2022/press`` and ``/fcdo/2022/press``) with the same layout collide. A file
    already in the index keeps its id; otherwise the root that sorts first keeps the plain id and
    the others get :func:`searchtool.indexing.documents.distinct_id` (recorded in the manifest, so the choice
    survives updates and rebuilds), with a warning in the summary.
    """
    todo = change.added + change.changed
    if not todo:
        return {}
    todo_keys = {os.path.abspath(s.path) for s in todo}
    holders: dict[tuple[str, str], str] = {}
    for key, entry in files.items():
        root = (entry.get("root") or "").rstrip(os.sep)
        if root and key not in todo_keys and not entry.get("salt"):
            holders[(os.path.basename(root), key[len(root) + 1:].replace(os.sep, "/"))] = key
    salts: dict[str, str] = {}

    def previous(src) -> dict | None:
        key = os.path.abspath(src.path)
        return files.get(key) or change.prior.get(key)

    # files indexed before claim first, then by root path: the same files get the same ids
    for src in sorted(todo, key=lambda src: (previous(src) is None, str(src.root), str(src.relpath))):
        key = os.path.abspath(src.path)
        held = previous(src)
        if held and held.get("salt"):
            salts[key] = held["salt"]
            continue
        ident = (Path(src.root).name, str(src.relpath))
        holder = holders.setdefault(ident, key)
        if holder != key:
            salts[key] = str(src.root)
            summary.warnings.append(
                f"{src.path}: same id as {holder} (two sources named {Path(src.root).name!r}); "
                "given a distinct id"
            )
    return salts


@contextmanager
def _uninterruptible():
    """Hold Ctrl-C back while the commit and the manifest are written: once the commit starts,
    finishing is quicker and safer than stopping, and the user is told the index is unchanged
    only when it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _write(
    gen: Path, fresh: bool, change: _Change, files: dict, jobs: int, progress: Progress,
    summary: IndexSummary, finish: Callable[[], None],
) -> None:
    """Delete what changed or went away, index what is new or changed, commit once, then
    ``finish()`` (manifest, swap) with Ctrl-C held back."""

    ix = create_in(str(gen), build_schema()) if fresh else open_dir(str(gen))
    writer = BulkSegmentWriter(ix, limitmb=workers.POOL_MB, compound=False)
    try:
        for key in [os.path.abspath(s.path) for s in change.changed] + change.removed:
            summary.records_removed += int(files.get(key, {}).get("records", 0))
            writer.delete_by_term("srcfile", replace_surrogates(key))
        for key in change.removed:
            files.pop(key, None)
        salts = _id_salts(change, files, summary)
        for src in change.changed:
            files.pop(os.path.abspath(src.path), None)
        summary.removed = len(change.removed)
        todo = change.added + change.changed
        summary.added, summary.updated = len(change.added), len(change.changed)
        # Records of an 'added' file may already be in the index if a previous run was killed
        # between its commit and its manifest write: delete by key first, so re-adding is safe.
        if not fresh:
            for src in change.added:
                writer.delete_by_term("srcfile", replace_surrogates(os.path.abspath(src.path)))
        fps = {os.path.abspath(s.path): mf.stat_fingerprint(s.path, s.size, s.mtime_ns, getattr(s, "sidecar", None)) for s in todo}
        roots = {os.path.abspath(s.path): str(s.root) for s in todo}

        read_nothing: set[str] = set()  # files the reader skipped whole: not "added"

        def on_file(res) -> None:
            # A split file reports once per share: records add up, share 0 brings the hash.
            entry = files.setdefault(res.key, {"fp": fps[res.key].to_json(), "records": 0, "root": roots[res.key]})
            if res.key in salts:
                entry["salt"] = salts[res.key]
            entry["records"] += res.records
            if res.shard == 0:
                entry["hash"] = res.digest
                if res.skipped and not res.records:
                    read_nothing.add(res.key)
            summary.records_added += res.records
            summary.warnings.extend(res.warnings)
            summary.skipped.extend(res.skipped)
            if res.error:
                summary.errors.append(res.error)
            progress.advance(1 if res.shard == 0 else 0, res.records, res.nbytes)

        total_bytes = sum(s.size or 0 for s in todo)
        progress.start(len(todo), total_bytes)
        procs = min(jobs, len(todo))
        try:
            if procs > 1 and total_bytes >= PARALLEL_MIN_BYTES:
                segments = workers.run_parallel(str(gen), todo, procs, on_file, salts)
            else:
                workers.run_serial(writer, todo, on_file, salts)
                segments = []
        finally:
            progress.stop()
        read_nothing.difference_update(k for k, e in files.items() if e.get("records"))
        summary.added -= sum(1 for src in change.added if os.path.abspath(src.path) in read_nothing)
        summary.updated -= sum(1 for src in change.changed if os.path.abspath(src.path) in read_nothing)
    except BaseException:
        writer.cancel()
        raise
    summary.records_total = sum(int(e.get("records", 0)) for e in files.values())
    with _uninterruptible():
        try:
            commit_with(writer, segments, merge=not fresh)
        except BaseException:
            writer.cancel()
            raise
        finish()


def build_index(records: Iterable[Record], index_dir: Path, sources: list[str] | None = None) -> int:
    """Build a complete new index of ``records`` in ``index_dir``; returns the record count.

    For tests and tools that have records rather than files. No fingerprints are recorded, so a
    later ``searchtool index`` run treats every source file as added; its records replace the
    ones with the same ``srcfile`` (the absolute ``rec.path``), so nothing is duplicated.
    """

    index_dir = Path(index_dir)
    store.prepare_for_writing(index_dir)
    with IndexLock(index_dir):
        store.remove_stale_generations(index_dir)
        gen = store.new_generation(index_dir)
        ix = create_in(str(gen), build_schema())
        writer = BulkSegmentWriter(ix, limitmb=128)
        count = 0
        for rec in records:
            writer.add_document(**record_to_document(rec))
            count += 1
        writer.commit()
        manifest = mf.new_manifest([os.path.abspath(s) for s in (sources or [])])
        manifest["count"] = count
        mf.save(gen, manifest)
        store.make_current(index_dir, gen)
    return count

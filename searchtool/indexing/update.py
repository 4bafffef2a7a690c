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

import errno
import os
import shutil
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Sequence

from searchtool.chars import replace_surrogates
from searchtool.errors import IndexMissingError, SearchtoolError
from searchtool.index import cluster_docnums as cl
from searchtool.index import folding_table
from searchtool.index import ledger as lg
from searchtool.index import checksums, store
from searchtool.index.durable import create_index, open_for_writing
from searchtool.index import manifest as mf
from searchtool.index.damage import damaged
from searchtool.index.schema import SCHEMA_VERSION, build_schema
from searchtool.indexing import changes, generations, history, workers
from searchtool.indexing.documents import record_to_document
from searchtool.indexing.lock import DEFAULT_WAIT, IndexLock
from searchtool.indexing.segments import BulkSegmentWriter, commit_with
from searchtool.indexing.summary import IndexSummary, Progress  # noqa: F401  (re-exported: the indexing API)
from searchtool.reading.reader import discover
from searchtool.reading.report import ReadReport, describe_problem, nothing_readable
from searchtool.record import Record

#: Below this many bytes of text (gzipped files counted uncompressed) an update is indexed
#: in-process: starting workers costs more.
PARALLEL_MIN_BYTES = 16 << 20


#: Seconds of waiting for the writer lock worth a note in the run's report.
WAIT_WORTH_SAYING = 0.5


def update_index(
    paths: Sequence[Path] | None,
    index_dir: Path,
    *,
    rebuild: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    lock_wait: float | None = None,
    sketches: bool = True,
    follow_links: bool = False,
) -> IndexSummary:
    """Bring the index at ``index_dir`` up to date with ``paths`` (or its recorded sources).

    ``sketches=False`` leaves out the near-duplicate sketches (exact duplicates, first-indexed
    runs and changes are still recorded): the benchmark's "without" side. ``follow_links``
    indexes files that links in the sources point at outside them (``--follow-links``); it is
    recorded, so later runs keep those files.
    """

    t0 = time.monotonic()
    index_dir = Path(index_dir)
    progress = progress or Progress()
    jobs = max(1, jobs or os.cpu_count() or 1)
    summary = IndexSummary(index_dir=str(index_dir), jobs=jobs)
    changes.check_paths_exist(paths, index_dir)
    generations.prepare_for_writing(index_dir)
    with IndexLock(index_dir, wait=DEFAULT_WAIT if lock_wait is None else lock_wait):
        # The run's time is its own work: the wait for another writer is said apart.
        summary.waited = time.monotonic() - t0
        if summary.waited >= WAIT_WORTH_SAYING:
            summary.notes.append(f"waited {summary.waited:.1f} s for another run writing this index")
        t0 = time.monotonic()
        generations.remove_stale_generations(index_dir)
        known_sources: list[str] = []
        try:
            live = generations.live_generation_or_none(index_dir)
        except IndexMissingError:  # CURRENT names a generation someone deleted: start afresh
            (index_dir / store.CURRENT).unlink()
            live = None
            summary.notes.append("the index's live generation was missing: built a new one")
        if live is None and not paths:  # CURRENT lost or damaged: the newest generation's sources
            known_sources = next(filter(None, map(_header_sources, generations.newest_first(index_dir))), [])
        old = None
        if live is not None:
            try:
                old = mf.load(live)
                if not isinstance(old, dict) or not isinstance(old.get("files"), dict):
                    raise ValueError("not a manifest")
            except (OSError, ValueError):
                old = None
                summary.notes.append("the live index had no readable manifest: rebuilt it")
                rebuild = True
                # the small header may still name the sources: never fall back to ./corpus
                # when an index exists (a damaged fingerprints.json replaced a whole index)
                known_sources = _header_sources(live)
                if not paths and not known_sources:
                    raise SearchtoolError(
                        f"index at {index_dir} has lost the list of its sources; nothing was changed",
                        hint="rebuild it from them with: searchtool index --rebuild PATH...",
                    )
        if old is not None and old.get("schema_version") != SCHEMA_VERSION:
            summary.notes.append(
                f"the index was built with schema version {old.get('schema_version')}; "
                f"rebuilt it with version {SCHEMA_VERSION}"
            )
            rebuild = True
        if old is not None and not rebuild and old.get("count") and not (live / lg.STATEMENTS).exists():
            summary.notes.append("the index had no statement ledger (new, changed, duplicates): rebuilt it")
            rebuild = True
        if old is not None and not rebuild and isinstance(old.get("checksums"), dict) and old["checksums"]:
            generations.remove_leftovers(live, old["checksums"])  # what a killed run left behind
        prior = lg.load(live) if live is not None else lg.Ledger()
        prior_dups = lg.load_duplicates(live) if live is not None else lg.Duplicates()
        recorded = list(old.get("sources", [])) if old else known_sources
        scan, all_roots = changes.resolve_sources(paths, [] if (rebuild and paths) else recorded)
        report = ReadReport()
        follow_links = follow_links or bool(old and old.get("follow_links"))
        found = changes.drop_index_folders(discover([Path(p) for p in scan], report, follow_links), report, scan, index_dir)
        summary.skipped.extend(describe_problem(s) for s in report.skipped)
        summary.warnings.extend(describe_problem(w) for w in report.warnings)
        fresh = rebuild or live is None
        files = {} if fresh else dict(old["files"])
        change = changes.diff(found, files, scan, report.unreadable_folders)
        change.prior = old.get("files", {}) if old else {}
        if not fresh:
            changes.refuse_emptied_sources(scan, found, files)
        # Nothing readable is an error (no empty index that "succeeds"), except for the rebuild of
        # an existing index, which the emptied-source refusal above tells users to run on purpose.
        allow_empty = bool(rebuild and live is not None)
        if not found and not allow_empty:
            raise nothing_readable(scan, report.skipped)  # before a generation is made
        if fresh:
            all_roots = sorted(set(scan)) if paths or not recorded else all_roots
        summary.unchanged = change.unchanged
        summary.rebuilt = bool(rebuild and live is not None)
        if not fresh and not (change.added or change.changed or change.removed):
            # nothing to write, so check what is there: damage must not pass for "up to date"
            if old.get("checksums"):
                ix = store.open_index(index_dir)  # the files its table of contents names
                checksums.verify(index_dir, live, old["checksums"], checksums.live_files(ix), everything=True)
            _refresh_cluster_docnums(live)
            unsummed = "checksums" not in old  # written before checksums were kept: from now on
            if unsummed:
                old["checksums"] = checksums.record(live)
            if change.touched or all_roots != recorded or unsummed:
                for key, fp in change.touched.items():
                    files[key]["fp"] = fp.to_json()
                old["files"], old["sources"] = files, all_roots
                mf.save(live, old)
            summary.records_total = int(old.get("count", 0))
            summary.index_bytes = store.index_size(index_dir)
            summary.seconds = time.monotonic() - t0
            return summary
        if fresh:
            gen = generations.new_generation(index_dir)
            manifest = mf.new_manifest(all_roots)
            if old is not None:
                manifest["created"] = old.get("created", manifest["created"])
        else:
            gen, manifest = live, old
            manifest["sources"] = all_roots
        if follow_links:
            manifest["follow_links"] = True

        reported: dict[str, list[list]] = {}

        def finish() -> None:
            replaced = [os.path.abspath(s.path) for s in change.changed + change.added] + change.removed
            ledger, dups = history.fold(prior, prior_dups, reported, replaced, fresh)
            lg.save(gen, ledger, dups, cl.docnum_table(gen, dups.clusters))
            summary.run = ledger.run
            manifest["files"] = files
            manifest["count"] = summary.records_total
            manifest["updated"] = time.time()
            manifest["schema_version"] = SCHEMA_VERSION
            manifest["checksums"] = checksums.record(gen, None if fresh else manifest.get("checksums"))
            mf.save(gen, manifest)
            if fresh:
                generations.make_current(index_dir, gen)

        try:
            _write(gen, fresh, change, files, jobs, progress, summary, finish, reported, sketches,
                   found_skips=report.skipped, allow_empty=allow_empty)
        except (SearchtoolError, KeyboardInterrupt):
            raise
        except OSError as err:
            if err.errno != errno.ENOSPC:
                if fresh:
                    raise
                raise damaged(index_dir, err) from None
            raise _disk_full(index_dir, gen, fresh) from None
        except Exception as err:  # an update reads the live segments: truncated ones fail here
            if fresh:
                raise
            raise damaged(index_dir, err) from None
    summary.index_bytes = store.index_size(index_dir)
    summary.seconds = time.monotonic() - t0
    return summary


def _refresh_cluster_docnums(gen: Path) -> None:
    """Give a generation written before the clusters' document numbers and their folding file
    were stored (or by a commit they no longer match) both, so that ``index`` with nothing to do
    also brings an older index's searches up to speed."""
    clusters, stored = lg.load_cluster_table(gen)
    table = cl.docnum_table(gen, clusters, stored)
    if table is not stored or lg.load_folding(gen) != folding_table.encode(clusters, table):
        lg.save_clusters(gen, clusters, table)


def _disk_full(index_dir: Path, gen: Path, fresh: bool) -> SearchtoolError:
    """The one line for a full disk, after removing what this run wrote: a new generation goes
    whole (it is not live); an update's partial segments are unreferenced files the next run
    removes. Before, a full disk was "internal error" or "damaged, rebuild it" (which needs twice
    the space) and left the partial generation filling the disk."""
    try:
        live = generations.live_generation_or_none(index_dir)
    except SearchtoolError:
        live = None
    if fresh and (live is None or live.name != gen.name):
        shutil.rmtree(gen, ignore_errors=True)
    try:
        free = shutil.disk_usage(index_dir).free / 1e6
        room = f" ({free:,.0f} MB free)"
    except OSError:
        room = ""
    return SearchtoolError(f"disk full while writing {index_dir}{room}; the index is unchanged", hint="free some space and run it again")


def _header_sources(gen: Path) -> list[str]:
    """The sources named by a generation's small manifest header, or none."""
    try:
        sources = mf.load_header(gen).get("sources", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [s for s in sources if isinstance(s, str)] if isinstance(sources, list) else []


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
    gen: Path, fresh: bool, change: changes.Change, files: dict, jobs: int, progress: Progress,
    summary: IndexSummary, finish: Callable[[], None], reported: dict[str, list[list]], sketches: bool,
    found_skips: Sequence[tuple[str, str]] = (), allow_empty: bool = False,
) -> None:
    """Delete what changed or went away, index what is new or changed, commit once, then
    ``finish()`` (ledger, manifest, swap) with Ctrl-C held back. ``reported`` receives each
    file's statement fingerprints."""

    ix = create_index(gen, build_schema()) if fresh else open_for_writing(gen)
    writer = BulkSegmentWriter(ix, limitmb=workers.POOL_MB, compound=False)
    try:
        for key in [os.path.abspath(s.path) for s in change.changed] + change.removed:
            summary.records_removed += int(files.get(key, {}).get("records", 0))
            writer.delete_by_term("srcfile", replace_surrogates(key))
        for key in change.removed:
            files.pop(key, None)
        salts = changes.id_salts(change, files, summary)
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
        fps = {os.path.abspath(s.path): mf.source_fingerprint(s) for s in todo}
        roots = {os.path.abspath(s.path): str(s.root) for s in todo}

        read_nothing: set[str] = set()  # files the reader skipped whole: not "added"
        skip_reasons: list[tuple[str, str]] = list(found_skips)

        def on_file(res) -> None:
            # A streamed file reports once itself (part 0: the hash, warnings, skips) and once
            # per batch of records a worker added (parts 1, 2, ...): records add up.
            entry = files.setdefault(res.key, {"fp": fps[res.key].to_json(), "records": 0, "root": roots[res.key]})
            if res.key in salts:
                entry["salt"] = salts[res.key]
            entry["records"] += res.records
            reported.setdefault(res.key, []).extend(res.statements)
            if res.part == 0:
                entry["hash"] = res.digest
                if res.skipped and not res.records:
                    read_nothing.add(res.key)
            summary.records_added += res.records
            for fmt, n in res.formats.items():
                summary.formats[fmt] = summary.formats.get(fmt, 0) + n
            skip_reasons.extend((res.key, why) for why in res.skip_reasons)
            summary.warnings.extend(res.warnings)
            summary.skipped.extend(res.skipped)
            if res.error:
                summary.errors.append(res.error)
            progress.advance(1 if res.part == 0 else 0, res.records, res.nbytes)

        total_bytes = sum(s.size or 0 for s in todo)
        progress.start(len(todo), total_bytes)
        text_bytes = sum(map(workers.text_bytes, todo))  # the work: a gzipped file holds ~3x its size
        # One big JSON Lines file is streamed to every worker, as a folder's files are shared out.
        procs = jobs if any(workers.streamable(s) for s in todo) else min(jobs, len(todo))
        try:
            if procs > 1 and text_bytes >= PARALLEL_MIN_BYTES:
                segments = workers.run_parallel(str(gen), todo, procs, on_file, salts, sketches)
            else:
                workers.run_serial(writer, todo, on_file, salts, sketches)
                segments = []
        finally:
            progress.stop()
        read_nothing.difference_update(k for k, e in files.items() if e.get("records"))
        summary.added -= sum(1 for src in change.added if os.path.abspath(src.path) in read_nothing)
        summary.updated -= sum(1 for src in change.changed if os.path.abspath(src.path) in read_nothing)
        if fresh and not summary.records_added and not summary.errors and not allow_empty:
            raise nothing_readable(sorted({str(s.root) for s in todo}), skip_reasons)
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
    generations.prepare_for_writing(index_dir)
    with IndexLock(index_dir):
        generations.remove_stale_generations(index_dir)
        gen = generations.new_generation(index_dir)
        ix = create_index(gen, build_schema())
        writer = BulkSegmentWriter(ix, limitmb=128)
        count = 0
        reported: dict[str, list[list]] = {}
        for rec in records:
            doc = record_to_document(rec)
            writer.add_document(**doc)
            reported.setdefault(doc["srcfile"], []).append(history.fingerprint(doc))
            count += 1
        writer.commit()
        ledger, dups = history.fold(lg.Ledger(), lg.Duplicates(), reported, (), True)
        lg.save(gen, ledger, dups)
        manifest = mf.new_manifest([os.path.abspath(s) for s in (sources or [])])
        manifest["count"] = count
        manifest["checksums"] = checksums.record(gen)
        mf.save(gen, manifest)
        generations.make_current(index_dir, gen)
    return count

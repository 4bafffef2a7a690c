"""Reading and analysis split across processes, each writing its own Whoosh segment.

Profiling a plain Whoosh build showed the time spread over analysis (~55%) and the posting pool
and codec (~40%), all pure Python: feeding pre-analysed postings to a single writer would leave
that writer as the bottleneck. Instead each worker process reads its share of the source files,
analyses them and writes a complete segment into the generation folder (Whoosh's own
``SegmentWriter`` with the index lock left to the parent); the parent collects the finished
segments and commits them in one table-of-contents write, together with its own deletions. The
parent never touches a document, so the work scales with the number of cores.

Every worker reports per file (records, bytes, warnings, skips, content hash) over a queue, which
drives the progress bar and the manifest.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue as _queue
import threading
import traceback
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from whoosh.index import open_dir

from searchtool.errors import SearchtoolError
from searchtool.index.manifest import content_hash
from searchtool.indexing.documents import distinct_id, record_to_document
from searchtool.indexing.history import fingerprint
from searchtool.indexing.segments import BulkSegmentWriter
from searchtool.reading.reader import read_source
from searchtool.reading.report import ReadReport, describe_problem

#: Whoosh posting-pool memory per writer (MB): bounds peak memory, whatever the corpus size.
POOL_MB = 96
#: Source bytes per job handed to a worker (small enough to balance, large enough to amortise).
JOB_BYTES = 4 << 20
JOB_FILES = 200
#: A multi-record source at least this big is split over the workers.
SHARD_MIN_BYTES = 8 << 20
#: Kinds of file that hold many records (a big PDF is one record: splitting it only re-reads it).
MULTI_RECORD_KINDS = frozenset({"jsonl", "json", "mbox"})


@dataclass
class FileResult:
    """What indexing one source file produced (sent from a worker to the parent)."""

    key: str  # absolute path: the manifest key and the ``srcfile`` term
    records: int
    nbytes: int
    digest: str
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None
    shard: int = 0  # which share of a split multi-record file this is (0 = the one that reports)
    formats: dict[str, int] = field(default_factory=dict)  # records added per format
    skip_reasons: list[str] = field(default_factory=list)  # the reasons alone, for "nothing readable"
    statements: list[list] = field(default_factory=list)  # each record's fingerprint (indexing.history)


def index_file(
    writer, src, shard: int = 0, nshards: int = 1, id_salt: str | None = None, sketches: bool = True
) -> FileResult:
    """Read one source file and add its records to ``writer``.

    With ``nshards > 1`` only every ``nshards``-th record from ``shard`` on is added: a big
    multi-record file (one 200 MB JSON Lines file) is split over the workers that way. Each
    share re-reads the file (parsing is cheap next to analysis and writing); only share 0
    reports the hash, warnings and skips, so they are counted once. ``sketches``: compute each
    record's near-duplicate sketch (the benchmark measures the index without them).
    """
    key = str(os.path.abspath(src.path))
    report = ReadReport()
    count = 0
    statements = []
    error = None
    root = str(src.root)
    formats: dict[str, int] = {}
    try:
        for i, rec in enumerate(read_source(src, report)):
            if i % nshards == shard:
                doc = record_to_document(rec, key, root)
                if id_salt:
                    doc["id"] = distinct_id(doc["id"], id_salt)
                writer.add_document(**doc)
                statements.append(fingerprint(doc, sketches))
                count += 1
                formats[rec.format or src.kind] = formats.get(rec.format or src.kind, 0) + 1
    except Exception as err:  # a reader bug must not abort the whole run: count it, say where
        error = f"{src.path}: {type(err).__name__}: {err}"
    first = shard == 0
    return FileResult(
        key=key,
        records=count,
        nbytes=int(src.size or 0) // nshards,
        digest=content_hash(src.path, getattr(src, "sidecar", None)) if first else "",
        warnings=[describe_problem(w) for w in report.warnings] if first else [],
        skipped=[describe_problem(s) for s in report.skipped] if first else [],
        error=error,
        shard=shard,
        formats=formats,
        skip_reasons=[why for _, why in report.skipped] if first else [],
        statements=statements,
    )


def plan_jobs(sources: Sequence, procs: int = 1) -> list[list[tuple]]:
    """Batches of ``(source, shard, nshards)``, largest files first so the last batches are small.

    A multi-record file bigger than a job is split into ``procs`` shares, one job each.
    """
    ordered = sorted(sources, key=lambda s: -(s.size or 0))
    jobs: list[list[tuple]] = []
    batch: list[tuple] = []
    total = 0
    for src in ordered:
        if procs > 1 and getattr(src, "kind", "text") in MULTI_RECORD_KINDS and (src.size or 0) >= SHARD_MIN_BYTES:
            jobs.extend([(src, k, procs)] for k in range(procs))
            continue
        batch.append((src, 0, 1))
        total += src.size or 0
        if total >= JOB_BYTES or len(batch) >= JOB_FILES:
            jobs.append(batch)
            batch, total = [], 0
    if batch:
        jobs.append(batch)
    return jobs


def _worker_main(gen_dir: str, jobs: "mp.Queue", results: "mp.Queue", parent: int | None = None,
                 sketches: bool = True) -> None:
    """Worker process: index jobs until told to stop, then hand back the finished segment.

    A worker dies with its parent: killed workers of a killed parent kept the index locked
    and waited on their queues for good (design/reliability.md §1.1).
    """
    _die_with_parent(parent)
    try:
        ix = open_dir(gen_dir)
        writer = BulkSegmentWriter(ix, _lk=False, limitmb=POOL_MB, compound=False)
        while True:
            try:
                job = jobs.get(timeout=PARENT_POLL)
            except _queue.Empty:  # where the kernel cannot kill us with the parent: look
                if parent is not None and os.getppid() != parent:
                    os._exit(1)
                continue
            if job is None:
                break
            for src, shard, nshards, salt in job:
                results.put(("file", index_file(writer, src, shard, nshards, salt, sketches)))
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        results.put(("done", segment))
    except BaseException:  # report anything, including MemoryError, to the parent
        results.put(("error", traceback.format_exc(limit=6)))


#: Seconds between a waiting worker's checks that its parent is still there.
PARENT_POLL = 1.0


def _die_with_parent(parent: int | None) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``);
    exit at once when the parent is already gone."""
    if parent is None:
        return
    try:
        import ctypes  # platform: Linux's prctl; elsewhere the job queue's poll notices instead
        import signal  # platform: as above

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError, ImportError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def run_parallel(
    gen_dir: str, sources: Sequence, procs: int, on_file: Callable[[FileResult], None],
    salts: dict[str, str] | None = None, sketches: bool = True,
) -> list:
    """Index ``sources`` in ``procs`` worker processes; returns the segments they wrote.

    Workers are forked when the platform allows it and this process has no other thread (fast
    start, nothing re-imported); otherwise spawned.
    If anything fails, every worker is terminated and the error is raised; the segments already
    written are unreferenced files that the caller's cleanup removes.
    """
    ctx = _context()
    jobs_q = ctx.Queue()
    results_q = ctx.Queue()
    salts = salts or {}
    for job in plan_jobs(sources, procs):
        jobs_q.put([(src, shard, n, salts.get(str(os.path.abspath(src.path)))) for src, shard, n in job])
    for _ in range(procs):
        jobs_q.put(None)
    parent = os.getpid()
    workers = [
        ctx.Process(target=_worker_main, args=(gen_dir, jobs_q, results_q, parent, sketches), daemon=True) for _ in range(procs)
    ]
    for w in workers:
        w.start()
    segments = []
    done = 0
    try:
        while done < procs:
            try:
                kind, payload = results_q.get(timeout=1.0)
            except _queue.Empty:
                dead = [w for w in workers if not w.is_alive() and w.exitcode not in (0, None)]
                if dead:
                    raise SearchtoolError(f"an indexing worker died (exit code {dead[0].exitcode})")
                continue
            if kind == "file":
                on_file(payload)
            elif kind == "done":
                done += 1
                if payload is not None:
                    segments.append(payload)
            else:
                raise SearchtoolError("an indexing worker failed: " + payload.strip().splitlines()[-1])
        for w in workers:
            w.join()
    except BaseException:
        # Jobs nobody will read, results nobody will send: without this the queues' feeder
        # threads block the exit (a Ctrl-C'd parallel build hung until a second Ctrl-C).
        jobs_q.cancel_join_thread()
        results_q.cancel_join_thread()
        raise
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
                w.join(5)
    return segments


def _context():
    if "fork" in mp.get_all_start_methods() and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("spawn")


def run_serial(
    writer, sources: Iterable, on_file: Callable[[FileResult], None], salts: dict[str, str] | None = None,
    sketches: bool = True,
) -> None:
    """Index ``sources`` in this process, into ``writer`` (used for --jobs 1 and small updates)."""

    salts = salts or {}
    for src in sources:
        salt = salts.get(str(os.path.abspath(src.path)))
        on_file(index_file(writer, src, id_salt=salt, sketches=sketches))

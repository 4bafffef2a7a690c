"""Reading and analysis split across processes, each writing its own Whoosh segment.

Profiling a plain Whoosh build showed the time spread over analysis (~55%) and the posting pool
and codec (~40%), all pure Python: feeding pre-analysed postings to a single writer would leave
that writer as the bottleneck. Instead each worker process reads its share of the source files,
analyses them and writes a complete segment into the generation folder (Whoosh's own
``SegmentWriter`` with the index lock left to the parent); the parent collects the finished
segments and commits them in one table-of-contents write, together with its own deletions. The
parent never touches a document, so the work scales with the number of cores.

One big multi-record file (the UN speeches as one 67 MB ``.jsonl.gz``) is not one worker's job:
the parent streams it, record by record as the reader yields them, into batches of ready
documents (:data:`BATCH_BYTES` of text) that any idle worker takes, so it is indexed on every
core as a folder of files is. The parent's share (reading, parsing, detecting each record's
language, making the documents) is about a tenth of a build's CPU (1,000 UN speeches, CPU time:
1.5 s of 16 s), so on two cores it never holds the workers back: with the queue full it waits,
and the three processes keep both cores busy until the last batches. The
records are read once, in order, as a one-job build reads them (the sidecar join, the warnings,
the record numbers are the same), and the jobs queue holds at most two batches per worker, so
memory stays bounded however large the file.

Every worker reports per file or batch (records, bytes, warnings, skips, content hash) over a
queue, which drives the progress bar and the manifest.
"""

from __future__ import annotations

import errno
import multiprocessing as mp
import os
import queue as _queue
import threading
import traceback
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from whoosh.index import open_dir

from searchtool.errors import SearchtoolError
from searchtool.index.durable import open_for_writing
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
#: A multi-record source at least this big is streamed to the workers in batches.
SPLIT_MIN_BYTES = JOB_BYTES
#: Text (title and body characters) per batch of a streamed source, and most records per batch.
#: A worker takes ~0.6 s of CPU per MB of UN speeches, so on free cores the workers finish at
#: most one batch (~0.6 s) apart; memory waiting in the queue is smaller too.
BATCH_BYTES = 1 << 20
BATCH_RECORDS = 1000
#: Jobs waiting in the queue per worker: bounds the memory a streamed file can take.
QUEUE_PER_WORKER = 2
#: Kinds of file that hold many records (a big PDF is one record: there is nothing to stream).
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
    part: int = 0  # 0: the file's own report; 1, 2, ...: a batch of a streamed file (records only)
    formats: dict[str, int] = field(default_factory=dict)  # records added per format
    skip_reasons: list[str] = field(default_factory=list)  # the reasons alone, for "nothing readable"
    statements: list[list] = field(default_factory=list)  # each added record's fingerprint (indexing.history)


def read_documents(
    src, add: Callable[[dict], None], id_salt: str | None = None, turns: bool = True
) -> FileResult:
    """Read one source file and hand each record's document to ``add``; what was read.

    ``add`` is a writer's ``add_document`` (in-process, or in a worker for a whole file), or the
    parent's batcher for a streamed file. ``turns=False`` for an index whose schema predates
    the turn fields.
    """
    key = str(os.path.abspath(src.path))
    report = ReadReport()
    count = 0
    error = None
    root = str(src.root)
    formats: dict[str, int] = {}
    try:
        for rec in read_source(src, report):
            doc = record_to_document(rec, key, root, turns=turns)
            if id_salt:
                doc["id"] = distinct_id(doc["id"], id_salt)
            add(doc)
            count += 1
            formats[rec.format or src.kind] = formats.get(rec.format or src.kind, 0) + 1
    except Exception as err:  # a reader bug must not abort the whole run: count it, say where
        error = f"{src.path}: {type(err).__name__}: {err}"
    return FileResult(
        key=key,
        records=count,
        nbytes=int(src.size or 0),
        digest=content_hash(src.path, getattr(src, "sidecar", None)),
        warnings=[describe_problem(w) for w in report.warnings],
        skipped=[describe_problem(s) for s in report.skipped],
        error=error,
        formats=formats,
        skip_reasons=[why for _, why in report.skipped],
    )


def index_file(writer, src, id_salt: str | None = None, sketches: bool = True) -> FileResult:
    """Read one source file and add its records to ``writer``, each with its fingerprint for the
    ledger (``sketches``: with the near-duplicate sketch; the benchmark measures without)."""
    statements: list[list] = []

    def add(doc: dict) -> None:
        writer.add_document(**doc)
        statements.append(fingerprint(doc, sketches))

    result = read_documents(src, add, id_salt, turns="said" in writer.schema)
    result.statements = statements
    return result


def text_bytes(src) -> int:
    """The bytes of text ``src`` holds: its size, or for a gzipped file the size its trailer
    records (a 11.5 MB ``.jsonl.gz`` of speeches holds 35 MB: the work is in the text)."""
    size = int(src.size or 0)
    if size >= 18 and str(src.path).lower().endswith(".gz"):
        try:
            with open(src.path, "rb") as fh:
                fh.seek(-4, os.SEEK_END)
                size = max(size, int.from_bytes(fh.read(4), "little"))  # modulo 4 GiB: at least the file
        except OSError:
            pass
    return size


def streamable(src) -> bool:
    """Whether ``src`` is a multi-record file big enough to be streamed to several workers."""
    return getattr(src, "kind", "text") in MULTI_RECORD_KINDS and text_bytes(src) >= SPLIT_MIN_BYTES


def plan_jobs(sources: Sequence, procs: int = 1) -> tuple[list[list], list]:
    """``(jobs, streamed)``: jobs of whole files, largest first so the last jobs are small, and
    the multi-record files big enough to be streamed to the workers in batches (with more
    than one worker)."""
    ordered = sorted(sources, key=lambda s: -(s.size or 0))
    jobs: list[list] = []
    streamed: list = []
    batch: list = []
    total = 0
    for src in ordered:
        if procs > 1 and streamable(src):
            streamed.append(src)
            continue
        batch.append(src)
        total += src.size or 0
        if total >= JOB_BYTES or len(batch) >= JOB_FILES:
            jobs.append(batch)
            batch, total = [], 0
    if batch:
        jobs.append(batch)
    return jobs, streamed


class Batch:
    """Documents of a streamed file, for one worker to add: ``key`` names the file."""

    __slots__ = ("key", "docs", "part")

    def __init__(self, key: str, docs: list[dict], part: int):
        self.key, self.docs, self.part = key, docs, part


def _worker_main(gen_dir: str, jobs: "mp.Queue", results: "mp.Queue", parent: int | None = None,
                 sketches: bool = True) -> None:
    """Worker process: index jobs until told to stop, then hand back the finished segment.

    A worker dies with its parent: killed workers of a killed parent kept the index locked
    and waited on their queues for good (design/reliability.md §1.1).
    """
    _die_with_parent(parent)
    try:
        ix = open_for_writing(gen_dir)  # its segment files fsynced as they close
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
            if isinstance(job, Batch):
                for doc in job.docs:
                    writer.add_document(**doc)
                statements = [fingerprint(doc, sketches) for doc in job.docs]  # here: on every core
                results.put(("file", FileResult(job.key, len(job.docs), 0, "", part=job.part, statements=statements)))
                continue
            for src, salt in job:
                results.put(("file", index_file(writer, src, salt, sketches)))
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        results.put(("done", segment))
    except OSError as err:  # a full disk is said as the serial build says it (the parent's)
        results.put(("nospace" if err.errno == errno.ENOSPC else "error", traceback.format_exc(limit=6)))
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

    Whole files go to the workers as jobs; big multi-record files are read here and streamed
    to them in batches (:func:`plan_jobs`). Workers are forked when the platform allows it and
    this process has no other thread (fast start, nothing re-imported); otherwise spawned.
    If anything fails, every worker is terminated and the error is raised; the segments already
    written are unreferenced files that the caller's cleanup removes.
    """
    ctx = _context()
    jobs_q = ctx.Queue(maxsize=QUEUE_PER_WORKER * procs)
    results_q = ctx.Queue()
    salts = salts or {}
    jobs, streamed = plan_jobs(sources, procs)
    parent = os.getpid()
    workers = [
        ctx.Process(target=_worker_main, args=(gen_dir, jobs_q, results_q, parent, sketches), daemon=True) for _ in range(procs)
    ]
    for w in workers:
        w.start()
    segments: list = []
    state = {"done": 0}

    def handle(kind: str, payload) -> None:
        if kind == "file":
            on_file(payload)
        elif kind == "done":
            state["done"] += 1
            if payload is not None:
                segments.append(payload)
        elif kind == "nospace":  # the caller's one line for a full disk, and its cleanup
            raise OSError(errno.ENOSPC, "No space left on device (in an indexing worker)")
        else:
            raise SearchtoolError("an indexing worker failed: " + payload.strip().splitlines()[-1])

    def collect(timeout: float) -> None:
        """Handle what the workers reported, waiting up to ``timeout`` for the first report."""
        try:
            handle(*results_q.get(timeout=timeout))
            while True:
                handle(*results_q.get_nowait())
        except _queue.Empty:
            dead = [w for w in workers if not w.is_alive() and w.exitcode not in (0, None)]
            if dead:
                raise SearchtoolError(f"an indexing worker died (exit code {dead[0].exitcode})") from None

    def put(job) -> None:
        """Queue ``job``, taking in reports while the queue is full (its bound is the memory
        bound of a streamed file)."""
        while True:
            try:
                jobs_q.put(job, timeout=0.05)
                return
            except _queue.Full:
                collect(0.0)

    try:
        for job in jobs:
            put([(src, salts.get(str(os.path.abspath(src.path)))) for src in job])
        turns = "said" in open_dir(gen_dir).schema if streamed else True
        for src in streamed:
            key = str(os.path.abspath(src.path))
            batcher = _Batcher(key, put)
            result = read_documents(src, batcher.add, salts.get(key), turns)
            batcher.flush()
            result.records = 0  # the batches bring the records (and their count) as they are added
            on_file(result)
        for _ in range(procs):
            put(None)
        while state["done"] < procs:
            collect(1.0)
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


class _Batcher:
    """Collects a streamed file's documents into :class:`Batch` es of about :data:`BATCH_BYTES`
    of text and hands each to ``put``."""

    def __init__(self, key: str, put: Callable[[Batch], None]):
        self.key, self.put = key, put
        self.docs: list[dict] = []
        self.size = 0
        self.parts = 0

    def add(self, doc: dict) -> None:
        self.docs.append(doc)
        self.size += len(doc.get("body") or "") + len(doc.get("title") or "")
        if self.size >= BATCH_BYTES or len(self.docs) >= BATCH_RECORDS:
            self.flush()

    def flush(self) -> None:
        if self.docs:
            self.parts += 1
            self.put(Batch(self.key, self.docs, self.parts))
            self.docs, self.size = [], 0


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

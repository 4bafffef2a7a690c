"""Helpers for benchmarks/index_build.py: materialise UNGDC as statement files, measure memory.

Kept apart from the benchmark so that each piece can be reused and read on its own.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """../shared, or $SEARCHTOOL_SHARED."""
    env = os.environ.get("SEARCHTOOL_SHARED")
    return Path(env) if env else ROOT / ".." / "shared"


def corpus_arguments(doc: str, default: Path, repeat: int, **options: int) -> argparse.Namespace:
    """The arguments of a benchmark that builds one corpus two ways: PATH (``default`` when not
    given; one line and exit when it does not exist), ``--repeat``, ``--jobs`` and ``options``
    (more integer options, by name and default)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--jobs", type=int, default=1)
    for name, value in options.items():
        parser.add_argument(f"--{name}", type=int, default=value)
    args = parser.parse_args()
    args.path = args.path or default
    if not args.path.exists():
        sys.exit(f"no such corpus: {args.path}")
    return args


def ungdc_jsonl() -> Path:
    path = shared_dir() / "corpora" / "ungdc" / "ungdc_1946-2024.jsonl.gz"
    if not path.exists():
        sys.exit(f"../shared not found: {path} is missing (set SEARCHTOOL_SHARED)")
    return path


def statement_text(row: dict) -> str:
    """One UNGDC speech in the plain-text statement layout: title line, byline, body.

    UNGDC has no title and no exact date, so the title is composed from the metadata (as an
    archive's file would carry it) and there is no date line.
    """
    speaker = (row.get("speaker") or "").strip()
    post = (row.get("post") or "").strip()
    who = f"{speaker}, {post}" if speaker and post else speaker or f"Representative of {row['country']}"
    title = f"Address by {who} of {row['country']} to the General Assembly, session {row['session']}, {row['year']}"
    return f"{title}\n\n{row['text'].strip()}\n"


def materialise(out: Path, limit: int | None = None) -> Path:
    """Write one .txt per speech into ``out`` (reused when already complete); returns ``out``."""
    out = Path(out)
    done = out / ".complete"
    if done.exists() and (limit is None or int(done.read_text() or 0) == limit):
        return out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    n = 0
    with gzip.open(ungdc_jsonl(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and n >= limit:
                break
            row = json.loads(line)
            sub = out / f"session-{int(row['session']):02d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{row['id']}.txt").write_text(statement_text(row), encoding="utf-8")
            n += 1
    done.write_text(str(limit or ""))
    return out


def replicate(src: Path, out: Path, times: int) -> Path:
    """``times`` copies of ``src`` under ``out`` (hard links where possible: same bytes, no disk)."""
    out = Path(out)
    done = out / ".complete"
    if done.exists() and done.read_text() == str(times):
        return out
    if out.exists():
        shutil.rmtree(out)
    for i in range(times):
        for f in Path(src).rglob("*.txt"):
            dest = out / f"copy-{i:02d}" / f.relative_to(src)
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(f, dest)
            except OSError:
                shutil.copyfile(f, dest)
    done.write_text(str(times))
    return out


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tree_rss(pid: int, cpu: dict[int, float] | None = None) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc); with ``cpu``, each one's
    CPU seconds so far are recorded in it by pid."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            if cpu is not None:
                with open(f"/proc/{p}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()  # after the command name
                cpu[p] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """Run ``cmd``; return (wall seconds, peak RSS of its process tree in bytes, stdout)."""
    secs, peak, out, _ = run_measured_cpu(cmd, env)
    return secs, peak, out


def run_measured_cpu(cmd: list[str], env: dict | None = None) -> tuple[float, int, str, dict[int, float]]:
    """:func:`run_measured`, plus the CPU seconds (user + system) each process of the tree used,
    by pid, the command's own process first. Under load, wall time measures the machine; CPU
    time measures the work. A process's last figure is its last sample (every 50 ms), so each
    descendant may be short by up to one sampling interval; the command's own process reports
    its exact figures itself where it can (``resource.getrusage``)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    cpu: dict[int, float] = {proc.pid: 0.0}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid, cpu))
            stop.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    stop.set()
    th.join()
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return secs, peak, out, cpu


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())

"""Reliability benchmark: the long fault runs that do not fit in the test suite.

    python benchmarks/reliability.py [--corpus DIR] [--kills N] [--fuzz N] [--tiny]

1. **Costly queries** (design/reliability.md §5): each query of the attack report's table runs
   through the CLI in a process of its own on an index of the State Department releases
   (../shared/corpora/state-dept/txt, built once under benchmarks/out/); wall time and peak
   memory, and the ratio to a one-word query measured in the same run.
2. **Fuzzed queries**: ``--fuzz`` random queries (operator soup, wildcards, fuzzy and proximity
   marks, lone surrogates, control characters) searched in-process; counts of results, one-line
   errors and anything else, and the slowest.
3. **Killed parallel builds** (§1.1): ``--kills`` builds with two workers, the parent killed
   (SIGKILL or SIGTERM, alternately) at a random moment; workers left after 5 s, whether the
   next ``index --wait 2`` takes the lock, and whether it ends with every statement.

``--tiny`` runs a little of all three on a generated collection of a few statements (what
tests/test_benchmarks.py does). Print the load average with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CLI = [sys.executable, "-c", "from searchtool.cli import main; main()"]
PARALLEL_CLI = [
    sys.executable, "-c",
    "import searchtool.indexing.update as u; u.PARALLEL_MIN_BYTES = 0\nfrom searchtool.cli import main; main()",
]

#: The attack report's costly queries (§5), and a plain one as the peer.
QUERIES = [
    ("one word (peer)", "nato"),
    ('"nato russia"~99999', '"nato russia"~99999'),
    ("the same x100", " ".join(['"nato russia"~99999'] * 100)),
    ("nato~2 x1000", " ".join(["nato~2"] * 1000)),
    ("200 fuzzy words", " ".join(f"w{i}ord{chr(97 + i % 26)}x~2" for i in range(200))),
    ("64-letter word~2", "qwertyuiopasdfghjklzxcvbnm" * 2 + "qwertyuiopas~2"),
    ("1,000-letter word", "ANDAND" * 166),
    ("a* ... z*", " ".join(f"{c}* " for c in "abcdefghijklmnopqrstuvwxyz")),
    ("130 prefixes OR", " OR ".join(a + b + "*" for a in "abcde" for b in "abcdefghijklmnopqrstuvwxyz")),
    ("*a*", "*a*"),
    ("not UTF-8", "\udcffnato*"),
]

PIECES = ["AND", "OR", "NOT", "(", ")", '"', "*", "?", "~", "~2", "~99999", "^3", "-", "+", "date:2021",
          "speaker:", "title:", "a*", "*e*", "peace", "nato", "\udcff", "\x1b[2J", "[1 TO 5]", "x" * 300]


def build(corpus: Path, ix: Path) -> None:
    if not (ix / "CURRENT").exists():
        done = subprocess.run([*CLI, "index", str(corpus), "--index", str(ix), "-q"], capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"building {ix} failed: {done.stderr}")


def timed(args: list) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, stderr) of one CLI run in a process of its own."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(p.pid, 0)  # this child's own peak, not the largest so far
        seconds = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return seconds, usage.ru_maxrss / 1024, p.returncode, err.read().decode("utf-8", "replace")


def costly_queries(ix: Path, queries: list[tuple[str, str]]) -> None:
    print("\n1. costly queries (one process each)")
    print(f"{'query':24} {'time':>8} {'x peer':>7} {'peak MB':>8} exit")
    peer = None
    for label, query in queries:
        arg = query.encode("utf-8", "surrogateescape")
        seconds, peak, code, err = timed([*CLI, "search", "--index", str(ix), "--limit", "3", arg])
        peer = peer or seconds
        note = "  " + err.strip().splitlines()[0][:60] if code == 2 else ""
        print(f"{label:24} {seconds:7.2f}s {seconds / peer:6.1f}x {peak:8.0f} {code}{note}")


def fuzzed_queries(ix: Path, n: int, seed: int = 17) -> None:
    from searchtool.errors import SearchtoolError
    from searchtool.searching.engine import Engine
    from searchtool.searching.request import SearchRequest

    rng = random.Random(seed)
    counts = {"results": 0, "one-line error": 0, "other": 0}
    slowest = (0.0, "")
    with Engine(ix) as engine:
        for _ in range(n):
            query = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
            request = SearchRequest(query=query, any=rng.random() < 0.2, sort=rng.choice(["relevance", "-date"]))
            t0 = time.perf_counter()
            try:
                engine.search(request)
                counts["results"] += 1
            except SearchtoolError:
                counts["one-line error"] += 1
            except Exception as err:  # what the benchmark is looking for
                counts["other"] += 1
                print(f"   {type(err).__name__}: {err} for {query!r}")
            took = time.perf_counter() - t0
            if took > slowest[0]:
                slowest = (took, query)
    print(f"\n2. {n:,} fuzzed queries: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"   slowest {slowest[0]:.2f} s: {slowest[1][:70]!r}")


def _session(sid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def killed_builds(corpus: Path, n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        reference = Path(tmp) / "ref"
        t0 = time.perf_counter()
        subprocess.run([*PARALLEL_CLI, "index", str(corpus), "--index", str(reference), "-q", "--jobs", "2"], check=True,
                       capture_output=True)
        span = time.perf_counter() - t0
        expected = _total(reference)
        orphans = refused = wrong = 0
        for trial in range(n):
            ix = Path(tmp) / f"ix{trial}"
            sig = signal.SIGKILL if trial % 2 == 0 else signal.SIGTERM
            p = subprocess.Popen([*PARALLEL_CLI, "index", str(corpus), "--index", str(ix), "-q", "--jobs", "2"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(rng.uniform(0.1, span))
            p.send_signal(sig)
            p.wait()
            deadline = time.monotonic() + 5
            while _session(p.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            left = _session(p.pid)
            orphans += bool(left)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            done = subprocess.run([*PARALLEL_CLI, "index", str(corpus), "--index", str(ix), "-q", "--wait", "2"],
                                  capture_output=True, text=True)
            refused += done.returncode != 0
            wrong += done.returncode == 0 and _total(ix) != expected
        print(f"\n3. {n} killed parallel build{'s' if n != 1 else ''} (build {span:.1f} s): {orphans} left workers after 5 s, "
              f"{refused} next runs refused, {wrong} ended with other statements than a clean build ({expected:,})")


def _total(ix: Path) -> int:
    done = subprocess.run([*CLI, "search", "--index", str(ix), "*", "--json", "--limit", "1"], capture_output=True, text=True)
    import json

    return json.loads(done.stdout)["total"] if done.returncode in (0, 1) else -1


def tiny_corpus(root: Path) -> Path:
    from tests.support.collection import write_collection

    return write_collection(root / "corpus", n=24, words=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "state-dept" / "txt")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--fuzz", type=int, default=2000)
    parser.add_argument("--tiny", action="store_true", help="a generated collection of 24 statements, 3 costly queries, 30 fuzzed ones, 1 kill")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        if args.tiny:
            corpus, ix, args.kills, args.fuzz = tiny_corpus(Path(tmp)), Path(tmp) / "ix", 1, 30
        else:
            corpus = args.corpus
            if not corpus.is_dir():
                sys.exit(f"no corpus at {corpus}: pass --corpus DIR or --tiny")
            ix = REPO / "benchmarks" / "out" / f"reliability-{corpus.parent.name}"
        build(corpus, ix)
        costly_queries(ix, QUERIES[::5] if args.tiny else QUERIES)
        fuzzed_queries(ix, args.fuzz)
        if Path("/proc").is_dir():
            killed_builds(corpus, args.kills)


if __name__ == "__main__":
    main()

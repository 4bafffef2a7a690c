"""Reliability benchmark: the long fault runs that do not fit in the test suite.

    python benchmarks/reliability.py [--corpus DIR] [--kills N] [--fuzz N] [--files N] [--resident N] [--tiny]

1. **Costly queries** (design/reliability.md §5): each query of the attack report's table runs
   through the CLI in a process of its own on an index of the State Department releases
   (../shared/corpora/state-dept/txt, built once under benchmarks/out/); wall time and peak
   memory, and the ratio to a one-word query measured in the same run.
2. **Fuzzed queries**: ``--fuzz`` random queries of the attack report's kinds (a grammar of
   fields, phrases, ranges, groups, fuzzy, boosts and wildcards; random Unicode with lone
   surrogates; control characters; operator soup; huge repetitions) searched in-process and
   printed as the CLI prints them; counts of results, one-line errors and anything else, the
   latency, and each query over 1 s timed again alone (load or cost?).
4. **Fuzzed input files** (``--files``): hostile files read in-process and by ``index`` and
   ``parse`` (numbered 4 in the output, which runs it before the kills).
3. **Killed parallel builds** (§1.1): ``--kills`` builds with two workers, the parent killed
   (SIGKILL or SIGTERM, alternately) at a random moment; workers left after 5 s, whether the
   next ``index --wait 2`` takes the lock, and whether it ends with every statement.
5. **The resident search process** (``--resident``): fuzzed queries with random options through
   the CLI, answered by the index's resident process and in a process of their own: the same
   bytes and exit codes, and the same resident process throughout.

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


#: A search in a process of its own, never answered by a resident search process (whose memory
#: and time this would not see).
ONE_PROCESS = {**os.environ, "SEARCHTOOL_RESIDENT": "off"}


def timed(args: list) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, stderr) of one CLI run in a process of its own."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=ONE_PROCESS)
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


#: Words of the State Department releases and of English at large, for the grammar's queries.
VOCABULARY = ["nato", "russia", "peace", "ukraine", "security", "council", "human", "rights", "minister", "foreign",
              "secretary", "blinken", "sanctions", "china", "trade", "election", "press", "statement", "the", "of",
              "united", "states", "climate", "covid", "vaccine", "africa", "iran", "nuclear", "treaty", "war"]


def fuzz_query(rng: random.Random) -> str:
    """One query of the attack report's kinds (§5): a grammar of words, phrases, fields, ranges,
    groups, signs, fuzzy, boosts and wildcards; random Unicode (lone surrogates, plane 16);
    control characters; random tokens; huge repetitions; vocabulary words."""
    kind = rng.random()
    if kind < 0.4:
        return _grammar(rng, depth=0)
    if kind < 0.55:
        return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0xA0, 0x2FFF), rng.randint(0xD800, 0xDFFF),
                                       rng.randint(0x100000, 0x10FFFD), rng.randint(0x600, 0x6FF)]))
                       for _ in range(rng.randint(1, 40)))
    if kind < 0.63:
        return "".join(rng.choice(["\x1b[2J", "\x00", "\x07", "\r", "\x9b", "\u202e", "\t", "\n", "nato ", "\x1b]52;c;x\x07"])
                       for _ in range(rng.randint(1, 10)))
    if kind < 0.83:
        return " ".join(rng.choice(PIECES + VOCABULARY) for _ in range(rng.randint(1, 12)))
    if kind < 0.88:
        return " ".join([_grammar(rng, depth=2)] * rng.choice([50, 300, 1000, 3000]))
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, 8)))


def _grammar(rng: random.Random, depth: int) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        word = rng.choice(VOCABULARY)
        if r < 0.25:
            part = word
        elif r < 0.35:
            part = '"' + " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, 4))) + '"' + rng.choice(["", "~3", "~50", "~99999"])
        elif r < 0.45:
            part = rng.choice(["title:", "speaker:", "type:", "date:", "year:", "body:", "x_country:"]) + word
        elif r < 0.5:
            part = f"date:[{rng.randint(1900, 2030)} TO {rng.choice(['', rng.randint(1900, 2030)])}]"
        elif r < 0.6 and depth < 3:
            part = "(" + _grammar(rng, depth + 1) + ")"
        elif r < 0.68:
            part = rng.choice(["-", "+", "NOT "]) + word
        elif r < 0.76:
            part = word + rng.choice(["~", "~1", "~2", "~9"])
        elif r < 0.82:
            part = word + rng.choice(["^3", "^0.1", "^1e308", "^nan", "^-1"])
        elif r < 0.92:
            part = rng.choice([word[:2] + "*", "*" + word[-2:], word[0] + "?" + word[2:], "*" + word[1:3] + "*"])
        else:
            part = rng.choice(["AND", "OR", "NOT", "AND NOT"])
        parts.append(part)
    return rng.choice([" ", " AND ", " OR "]).join(parts)


def fuzzed_queries(ix: Path, n: int, seed: int = 17) -> None:
    """``n`` fuzzed queries searched in-process and printed (plain or coloured) as the CLI
    does; any exception other than the one-line error is what this looks for. Queries over
    1 s are then timed again alone, to tell the machine's load from their own cost."""
    import io

    from searchtool.errors import SearchtoolError
    from searchtool.output.results import print_result
    from searchtool.searching.engine import Engine
    from searchtool.searching.request import SearchRequest

    rng = random.Random(seed)
    counts = {"results": 0, "one-line error": 0, "other": 0}
    timings: list[tuple[float, str, SearchRequest]] = []
    with Engine(ix) as engine:
        for _ in range(n):
            query = fuzz_query(rng)
            request = SearchRequest(
                query=query, any=rng.random() < 0.2, sort="-date" if rng.random() < 0.1 else "relevance",
                facets=("year", "speaker") if rng.random() < 0.05 else (),
                speaker=rng.choice(VOCABULARY) if rng.random() < 0.05 else None,
            )
            t0 = time.perf_counter()
            try:
                result = engine.search(request)
                print_result(result, io.StringIO(), as_json=rng.random() < 0.2, color=rng.random() < 0.3, err=io.StringIO())
                counts["results"] += 1
            except SearchtoolError as err:
                counts["one-line error"] += 1
                if "\n" in str(err):
                    counts["other"] += 1
                    print(f"   multi-line error for {query[:60]!r}")
            except Exception as err:  # what the benchmark is looking for
                counts["other"] += 1
                print(f"   {type(err).__name__}: {str(err)[:100]} for {query[:80]!r}")
            timings.append((time.perf_counter() - t0, query, request))
        timings.sort(key=lambda t: -t[0])
        over = [t for t in timings if t[0] > 1.0]
        print(f"\n2. {n:,} fuzzed queries: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        ordered = sorted(t[0] for t in timings)
        print(f"   median {ordered[len(ordered) // 2] * 1e3:.0f} ms, p99 {ordered[int(len(ordered) * 0.99)] * 1e3:.0f} ms, "
              f"over 1 s: {len(over)}, over 2 s: {sum(t[0] > 2.0 for t in timings)} (load average {os.getloadavg()[0]:.1f})")
        for took, query, request in over[:20]:  # again, alone: load or cost?
            engine.clear_cache()
            t0 = time.perf_counter()
            try:
                engine.search(request)
            except SearchtoolError:
                pass
            print(f"   {took:5.2f} s, again {time.perf_counter() - t0:5.2f} s: {query[:70]!r}")
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


def hostile_files(root: Path, n: int, seed: int = 23) -> Path:
    """``n`` hostile input files (the attack report's reader fuzz, §5): random bytes under every
    statement extension, text in encodings without a BOM, control characters, very long lines,
    deeply nested JSON, every JSON value type in every core field, broken sidecars and rules."""
    import gzip
    import json

    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    encodings = ["utf-16-le", "utf-16-be", "utf-32", "shift_jis", "gb18030", "cp500", "koi8-r", "utf-7", "latin-1", "cp1252"]
    values = [None, True, 0, -1, 1e308, float("nan"), "", "x" * 5000, [], {}, [1, [2]], {"a": {"b": 1}}, "\x1b[2J", "\udcff"]
    for i in range(n):
        kind = rng.randrange(9)
        if kind == 0:
            name, data = f"r{i}{rng.choice(['.txt', '.jsonl', '.json', '.md', '.html', '.pdf', '.docx', '.eml'])}", rng.randbytes(rng.randint(0, 4000))
        elif kind == 1:
            text = "Title " + str(i) + "\nMinistry statement on peace\nDecember 3, 2012\n" + "body " * rng.randint(1, 200)
            name, data = f"e{i}.txt", text.encode(rng.choice(encodings), "replace")
        elif kind == 2:
            name, data = f"c{i}.txt", "".join(chr(rng.choice([0, 7, 8, 11, 12, 13, 27, 0x85, 0x2028, 0x202E, 0xFEFF, 65]))
                                             for _ in range(rng.randint(1, 3000))).encode("utf-8", "surrogatepass")
        elif kind == 3:
            name, data = f"l{i}.txt", ("T\n" + "word " * rng.randint(20000, 200000) + "\n").encode()
        elif kind == 4:
            depth = rng.choice([50, 999, 1001, 5000, 100000])
            lines = [json.dumps({"title": "ok", "text": "nato peace"}), "[" * depth + "]" * depth, json.dumps({"title": "after", "text": "x"})]
            name, data = f"d{i}.jsonl", ("\n".join(lines) + "\n").encode()
        elif kind == 5:
            rec = {k: rng.choice(values) for k in ("title", "text", "date", "speaker", "speakers", "type", "url", "id", "metadata", "lang")}
            name, data = f"v{i}.jsonl", (json.dumps(rec, allow_nan=True).replace("\\udcff", "\\ud800") + "\n").encode()
        elif kind == 6:
            sub = root / f"s{i}"
            sub.mkdir()
            (sub / "a.txt").write_text("Title\nbody peace\nMay 1, 2020\n", encoding="utf-8")
            rows = rng.choice(['file,title\n../../../../etc/passwd,T\n', '"file,\x00\n', 'file;date\na.txt;2099-99-99\n',
                               "file,title\n" + "a.txt,=cmd|' /C calc'!A0\n" * 3, "\ufefffile\ttitle\na.txt\t" + "x" * 10000 + "\n"])
            (sub / "metadata.csv").write_text(rows, encoding="utf-8", errors="surrogatepass")
            continue
        elif kind == 7:
            sub = root / f"u{i}"
            sub.mkdir()
            (sub / "a.txt").write_text("Title\nbody peace\nMay 1, 2020\n", encoding="utf-8")
            (sub / "searchtool-rules.json").write_text(rng.choice(['{"types": [["(", "statement"]]}', '[]', '{"types": [["^(a+)+$", "statement"]]}',
                                                                   '{"speakers": ["(?P<who>x)"], "html": [{}]}', '{']), encoding="utf-8")
            continue
        else:
            payload = (json.dumps({"title": "gz", "text": "peace"}) + "\n").encode() * rng.randint(1, 50)
            name, data = f"g{i}.jsonl.gz", gzip.compress(payload)[: rng.choice([None, 20])]
        (root / name).write_bytes(data)
    return root


def fuzzed_files(n: int) -> None:
    """The reader on ``n`` hostile files in-process (``read_source`` never raises for bad
    content), then ``index`` and ``parse`` on all of them through the CLI (one line or a
    summary, never a traceback)."""
    from searchtool.reading.reader import discover, read_source
    from searchtool.reading.report import ReadReport

    with tempfile.TemporaryDirectory() as tmp:
        root = hostile_files(Path(tmp) / "hostile", n)
        raised = slow = 0
        report = ReadReport()
        for src in discover([root], report):
            t0 = time.perf_counter()
            try:
                for _ in read_source(src, report):
                    pass
            except Exception as err:  # what this looks for
                raised += 1
                print(f"   {src.path.name}: {type(err).__name__}: {str(err)[:100]}")
            slow += time.perf_counter() - t0 > 2.0
        runs = []
        for args in (["index", str(root), "--index", str(Path(tmp) / "ix"), "-q"], ["parse", str(root)]):
            seconds, peak, code, err = timed([*CLI, *args])
            bad = "Traceback" in err or "internal error" in err
            runs.append(f"{args[0]} exit {code} in {seconds:.1f} s, {peak:.0f} MB{' TRACEBACK/INTERNAL ERROR' if bad else ''}")
        print(f"\n4. {n:,} fuzzed input files: {report.records:,} records, {len(report.skipped):,} skipped, "
              f"{len(report.warnings):,} warnings; {raised} raised, {slow} over 2 s; " + "; ".join(runs))


def _total(ix: Path) -> int:
    done = subprocess.run([*CLI, "search", "--index", str(ix), "*", "--json", "--limit", "1"], capture_output=True, text=True)
    import json

    return json.loads(done.stdout)["total"] if done.returncode in (0, 1) else -1


def resident_queries(ix: Path, n: int, seed: int = 29) -> None:
    """``n`` fuzzed queries with random options through the CLI twice: answered by the index's
    resident search process and in a process of their own; their stdout, stderr and exit code
    (timings blanked) must be the same, and the resident process must still be running."""
    import re

    timing = re.compile(rb"\(\d+ ms\)|\"elapsed_ms\": ?[\d.]+")
    runtime = tempfile.mkdtemp(prefix="rel-", dir="/tmp")  # its sockets, apart from the user's
    warm = {k: v for k, v in os.environ.items() if k != "SEARCHTOOL_RESIDENT"}
    warm["XDG_RUNTIME_DIR"] = runtime
    alone = {**warm, "SEARCHTOOL_RESIDENT": "off"}
    subprocess.run([*CLI, "search", "--index", str(ix), "peace"], env=warm, capture_output=True)
    rng = random.Random(seed)
    options = [[], ["--json"], ["--any"], ["--color", "always"], ["--limit", "3", "--sort", "-date"], ["--facet", "year"]]
    differ = []
    started = None
    for i in range(n):
        query = fuzz_query(rng).replace("\0", " ")  # a NUL cannot be a command-line argument
        if len(_arg_bytes(query)) > 100_000:  # nor can one over Linux's 128 KB (MAX_ARG_STRLEN)
            query = query[:20_000]
        args = [_arg_bytes(a) for a in (*CLI, "search", "--index", str(ix), *rng.choice(options), query)]
        got = [subprocess.run(args, env=env, capture_output=True, timeout=300) for env in (warm, alone)]
        a, b = ((p.returncode, timing.sub(b"", p.stdout), timing.sub(b"", p.stderr)) for p in got)
        if a != b:
            differ.append(query)
        if started is None:
            listed = subprocess.run([*CLI, "resident"], env=warm, capture_output=True, text=True).stdout
            started = listed.split()[2] if listed.startswith("running") else None
    listed = subprocess.run([*CLI, "resident", "--stop"], env=warm, capture_output=True, text=True).stdout
    still = started is not None and f"pid {started} " in listed
    print(f"\n5. {n:,} fuzzed queries answered by the resident search process and in their own: "
          f"{len(differ)} differ; the resident process {'ran throughout' if still else 'did not run throughout'}")
    for query in differ[:10]:
        print(f"   differs: {query[:80]!r}")


def _arg_bytes(text: str) -> bytes:
    """A command-line argument as bytes: the undecodable bytes a lone surrogate stands for, or
    (a surrogate no byte decodes to) its UTF-8 form, which the CLI then reads as undecodable."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def tiny_corpus(root: Path) -> Path:
    from tests.support.collection import write_collection

    return write_collection(root / "corpus", n=24, words=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "state-dept" / "txt")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--fuzz", type=int, default=2000)
    parser.add_argument("--files", type=int, default=300, help="hostile input files to read and index")
    parser.add_argument("--resident", type=int, default=200, help="fuzzed queries compared through the resident process and alone")
    parser.add_argument("--tiny", action="store_true", help="a generated collection of 24 statements, 3 costly queries, 30 fuzzed ones, 1 kill, 20 files, 5 compared")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        if args.tiny:
            corpus, ix, args.kills, args.fuzz, args.files, args.resident = tiny_corpus(Path(tmp)), Path(tmp) / "ix", 1, 30, 20, 5
        else:
            corpus = args.corpus
            if not corpus.is_dir():
                sys.exit(f"no corpus at {corpus}: pass --corpus DIR or --tiny")
            ix = REPO / "benchmarks" / "out" / f"reliability-{corpus.parent.name}"
        build(corpus, ix)
        costly_queries(ix, QUERIES[::5] if args.tiny else QUERIES)
        if args.fuzz:
            fuzzed_queries(ix, args.fuzz)
        if args.files:
            fuzzed_files(args.files)
        if Path("/proc").is_dir() and args.kills:
            killed_builds(corpus, args.kills)
        if args.resident and hasattr(os, "posix_spawn"):
            resident_queries(ix, args.resident)


if __name__ == "__main__":
    main()

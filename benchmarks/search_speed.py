"""Search-speed benchmark: searchtool against ripgrep and tantivy-py, measured in the same run.

    nice -n 10 python benchmarks/search_speed.py [--out DIR] [--runs N] [--copies N] [--rebuild]
                                                 [--searchtool EXE]

On the UN General Debate corpus (../shared/corpora/ungdc, 10,952 speeches) materialised as one
``.txt`` per speech in the statement layout (title line, byline, body, date line) under DIR
(default ``benchmarks/out/search``, ignored by git), it builds a searchtool index (through
``searchtool index`` when that command exists, else the library's ``build_index``) and a
tantivy-py index (``en_stem``) once, then prints medians per query class over a fixed set of 36
queries (1 word, 2-3 words, phrases, fielded, date-filtered):

- whole process: ``searchtool search --index IX QUERY`` printing 10 hits with snippets (piped,
  plain text), ``rg -l -i -F LITERAL DIR``, and a tantivy-py script doing the same steps as
  searchtool (open, parse, top 10, count, snippets of 10 hits, print); peak RSS of each;
- in-process: :class:`searchtool.searching.engine.Engine` search + highlighting of 10 hits (open once);
- start-up: ``searchtool --help``.

UNGDC has only the year of each speech; the date line gives each speech a day in the second half
of September of its year (the General Debate's season), picked from its id, so that the date
filters meet ~1,100 distinct days as real collections do. ``--copies 10`` benchmarks the corpus
copied ten times (~110 k statements; building that index takes long on a small machine).
Timings are wall-clock medians on a warm cache; the machine load is printed with them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from index_helpers import replicate, shared_dir  # noqa: E402  (the index benchmark's corpus helpers)

MONTH = "September"

#: (class, searchtool query, literal for rg, tantivy query)
QUERIES: list[tuple[str, str, str, str]] = [
    ("1 word", "disarmament", "disarmament", "body:disarmament OR title:disarmament"),
    ("1 word", "apartheid", "apartheid", "body:apartheid OR title:apartheid"),
    ("1 word", "terrorism", "terrorism", "body:terrorism OR title:terrorism"),
    ("1 word", "refugees", "refugees", "body:refugees OR title:refugees"),
    ("1 word", "decolonization", "decolonization", "body:decolonization OR title:decolonization"),
    ("1 word", "Palestine", "palestine", "body:palestine OR title:palestine"),
    ("1 word", "pandemic", "pandemic", "body:pandemic OR title:pandemic"),
    ("2-3 words", "nuclear disarmament", "disarmament", "+body:nuclear +body:disarmament"),
    ("2-3 words", "climate change adaptation", "adaptation", "+body:climate +body:change +body:adaptation"),
    ("2-3 words", "human rights violations", "violations", "+body:human +body:rights +body:violations"),
    ("2-3 words", "peacekeeping operations", "peacekeeping", "+body:peacekeeping +body:operations"),
    ("2-3 words", "small island states", "island", "+body:small +body:island +body:states"),
    ("2-3 words", "debt relief Africa", "relief", "+body:debt +body:relief +body:africa"),
    ("2-3 words", "ozone layer", "ozone", "+body:ozone +body:layer"),
    ("phrase", '"security council reform"', "security council reform", 'body:"security council reform"'),
    ("phrase", '"cold war"', "cold war", 'body:"cold war"'),
    ("phrase", '"sustainable development goals"', "sustainable development goals", 'body:"sustainable development goals"'),
    ("phrase", '"weapons of mass destruction"', "weapons of mass destruction", 'body:"weapons of mass destruction"'),
    ("phrase", '"new international economic order"', "new international economic order", 'body:"new international economic order"'),
    ("phrase", '"law of the sea"', "law of the sea", 'body:"law of the sea"'),
    ("phrase", '"arms race" nuclear', "arms race", '+body:"arms race" +body:nuclear'),
    ("fielded", "speaker:obama", "obama", "speaker:obama"),
    ("fielded", 'speaker:"fidel castro"', "fidel castro", 'speaker:"fidel castro"'),
    ("fielded", "speaker:mandela apartheid", "apartheid", "+speaker:mandela +body:apartheid"),
    ("fielded", "title:france climate", "climate", "+title:france +body:climate"),
    ("fielded", "title:brazil development", "development", "+title:brazil +body:development"),
    ("fielded", "title:japan nuclear", "nuclear", "+title:japan +body:nuclear"),
    ("fielded", "speaker:annan OR speaker:ban terrorism", "terrorism", "+(speaker:annan speaker:ban) +body:terrorism"),
    ("date", "nuclear date:1980", "nuclear", "+body:nuclear +year:[1980 TO 1980]"),
    ("date", "terrorism date:>=2001", "terrorism", "+body:terrorism +year:[2001 TO 3000]"),
    ("date", "climate date:[2009-01-01 TO 2015-12-31]", "climate", "+body:climate +year:[2009 TO 2015]"),
    ("date", "apartheid date:<1994", "apartheid", "+body:apartheid +year:[0 TO 1993]"),
    ("date", "independence date:1960", "independence", "+body:independence +year:[1960 TO 1960]"),
    ("date", "pandemic date:>=2020-01", "pandemic", "+body:pandemic +year:[2020 TO 3000]"),
    ("date", "hunger date:1970-09", "hunger", "+body:hunger +year:[1970 TO 1970]"),
    ("date", '"human rights" date:[1990 TO 1999]', "human rights", '+body:"human rights" +year:[1990 TO 1999]'),
]


# -- corpus -----------------------------------------------------------------------------------


def statement_text(row: dict) -> str:
    """One speech in the statement layout: title, byline, body, date line."""
    speaker = (row.get("speaker") or "").strip()
    post = (row.get("post") or "").strip()
    title = f"Address of {row['country']} to the General Assembly, session {row['session']}, {row['year']}"
    byline = f"{speaker}, {post}\n\n" if speaker and post else (f"{speaker}\n\n" if speaker else "")
    day = 15 + zlib.crc32(str(row["id"]).encode()) % 14
    return f"{title}\n{byline}{row['text'].strip()}\n\n{day} {MONTH} {row['year']}\n"


def materialise(out: Path) -> Path:
    """One .txt per speech under ``out`` (reused when complete)."""
    done = out / ".complete"
    if done.exists():
        return out
    src = shared_dir() / "corpora" / "ungdc" / "ungdc_1946-2024.jsonl.gz"
    if not src.exists():
        sys.exit(f"../shared not found: {src} is missing (set SEARCHTOOL_SHARED)")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            sub = out / f"session-{int(row['session']):02d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{row['id']}.txt").write_text(statement_text(row), encoding="utf-8")
    done.write_text("ok")
    return out


SEARCHTOOL: list[str] = []


def searchtool_cmd() -> list[str]:
    if SEARCHTOOL:
        return list(SEARCHTOOL)
    exe = Path(sys.executable).with_name("searchtool")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "searchtool"]


def editable_note(cmd: list[str]) -> str | None:
    """A note when ``cmd`` runs an editable install: setuptools' import hook runs in every
    process (it imports pathlib, fnmatch and urllib.parse, most of which a search imports
    anyway: measured ~2 ms of a search's median) and a user's ``pip install .`` has none."""
    exe = Path(cmd[0])
    python = exe if exe.name.startswith("python") else exe.with_name("python")
    if not python.exists():
        return None
    probe = "import sys; print(any(m.startswith('__editable__') for m in sys.modules))"
    out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True).stdout.strip()
    if out != "True":
        return None
    return (f"note: {exe} is an editable install (pip install -e), whose import hook adds a few ms to every "
            "process; for the figures of a plain install, `pip install .` into another venv and pass its "
            "executable with --searchtool")


def has_index_command() -> bool:
    proc = subprocess.run(searchtool_cmd() + ["index", "--help"], capture_output=True, text=True)
    return proc.returncode == 0


def build_searchtool_index(txt: Path, ix: Path, rebuild: bool) -> str:
    if (ix / "SEARCHTOOL").exists() and not rebuild:
        return "reused"
    if ix.exists():
        shutil.rmtree(ix)
    t0 = time.perf_counter()
    if has_index_command():
        subprocess.run(searchtool_cmd() + ["index", str(txt), "--index", str(ix), "--quiet"], check=True)
        how = "searchtool index"
    else:
        from searchtool.indexing.update import build_index
        from searchtool.reading.reader import read_paths

        build_index(read_paths([txt]), ix)
        how = "build_index(read_paths(...))"
    return f"built with {how} in {time.perf_counter() - t0:.0f} s"


def build_tantivy_index(txt: Path, ix: Path, rebuild: bool) -> str:
    import tantivy

    if (ix / "meta.json").exists() and not rebuild:
        return "reused"
    if ix.exists():
        shutil.rmtree(ix)
    ix.mkdir(parents=True)
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("body", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("speaker", stored=True)
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    sb.add_text_field("path", stored=True)
    index = tantivy.Index(sb.build(), path=str(ix))
    writer = index.writer()
    t0 = time.perf_counter()
    for f in sorted(txt.rglob("*.txt")):
        lines = f.read_text(encoding="utf-8").split("\n")
        title = lines[0]
        year = int(lines[-2].split()[-1]) if lines[-2].strip() else 0
        byline = lines[1] if len(lines) > 2 and lines[2] == "" and lines[1] else ""
        writer.add_document(
            tantivy.Document(
                title=title, body="\n".join(lines[1:-2]), speaker=byline.split(",")[0], year=year, path=str(f)
            )
        )
    writer.commit()
    return f"built in {time.perf_counter() - t0:.0f} s"


# -- measuring --------------------------------------------------------------------------------


TIME = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)


def run(cmd: list[str]) -> tuple[float, int, str]:
    """Wall ms, exit code and stdout of one process."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    ms = (time.perf_counter() - t0) * 1000.0
    return ms, proc.returncode, proc.stdout.decode("utf-8", "replace")


def peak_rss(cmd: list[str]) -> int:
    """Peak resident bytes of ``cmd``, measured by ``/usr/bin/time`` (0 when it is missing).

    Not from this process's ``wait4``: a child's ``ru_maxrss`` starts from the forking
    parent's high-water mark, which would report this benchmark's memory, not the tool's.
    """
    if not TIME:
        return 0
    proc = subprocess.run([TIME, "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        return int(proc.stderr.strip().splitlines()[-1]) * 1024
    except (ValueError, IndexError):
        return 0


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt(ms: float) -> str:
    return f"{ms:8.1f}" if ms == ms else "       -"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "search")
    ap.add_argument("--runs", type=int, default=5, help="runs per query and tool (median taken)")
    ap.add_argument("--copies", type=int, default=1, help="benchmark the corpus copied N times")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the indexes")
    ap.add_argument("--no-tantivy", action="store_true")
    ap.add_argument("--searchtool", help="the searchtool executable to time (default: this venv's)")
    args = ap.parse_args()
    if args.searchtool:
        SEARCHTOOL.append(str(Path(args.searchtool).resolve()))

    out = args.out.resolve()
    if os.environ.get("PYTHONDONTWRITEBYTECODE") or sys.flags.dont_write_bytecode:
        # Without .pyc files every run would compile searchtool's modules again (~40 ms); an
        # installed package has them, and Python writes them on first use unless told not to.
        import compileall

        compileall.compile_dir(str(ROOT / "searchtool"), quiet=1)
        print("PYTHONDONTWRITEBYTECODE is set: compiled searchtool's modules to __pycache__ first")
    txt = materialise(out / "ungdc-txt")
    if args.copies > 1:
        txt = replicate(txt, out / f"ungdc-txt-x{args.copies}", args.copies)
    suffix = "" if args.copies == 1 else f"-x{args.copies}"
    ix = out / f"ungdc-index{suffix}"
    tix = out / f"ungdc-tantivy{suffix}"
    print(f"corpus: {txt} ({sum(1 for _ in txt.rglob('*.txt'))} files)")
    print(f"searchtool index: {build_searchtool_index(txt, ix, args.rebuild)}")
    use_tantivy = not args.no_tantivy
    if use_tantivy:
        try:
            print(f"tantivy index: {build_tantivy_index(txt, tix, args.rebuild)}")
        except ImportError:
            use_tantivy = False
            print("tantivy-py not installed: its column is skipped (pip install -e .[bench])")
    rg = shutil.which("rg")
    if not rg:
        print("ripgrep (rg) not found: its column is skipped (apt-get install -y ripgrep)")
    print(f"load average before: {os.getloadavg()[0]:.2f}; runs per query: {args.runs}")
    print(f"searchtool: {' '.join(searchtool_cmd())}")
    note = editable_note(searchtool_cmd())
    if note:
        print(note)

    st = searchtool_cmd()
    peer = [sys.executable, str(Path(__file__).with_name("search_tantivy_peer.py")), str(tix)]

    # start-up
    startup = [run(st + ["--help"])[0] for _ in range(args.runs * 2)]

    # whole process, interleaved per run so that load changes hit every tool alike
    rows: dict[str, dict[str, list[float]]] = {}
    peak = {"searchtool": 0, "rg": 0, "tantivy": 0}
    zero_hits = []
    for cls, q, literal, tq in QUERIES:
        per = {"searchtool": [], "rg": [], "tantivy": []}
        commands = {"searchtool": st + ["search", "--index", str(ix), "--color", "never", q]}
        if rg:
            commands["rg"] = [rg, "-l", "-i", "-F", literal, str(txt)]
        if use_tantivy:
            commands["tantivy"] = peer + [tq]
        for _ in range(args.runs):
            for tool, cmd in commands.items():
                ms, code, _out = run(cmd)
                per[tool].append(ms)
                if tool == "searchtool" and code not in (0, 1):
                    print(f"searchtool failed on {q!r} (exit {code})")
                if tool == "searchtool" and code == 1:
                    zero_hits.append(q)
        for tool, cmd in commands.items():
            peak[tool] = max(peak[tool], peak_rss(cmd))
        rows.setdefault(cls, {"searchtool": [], "rg": [], "tantivy": []})
        for tool, values in per.items():
            if values:
                rows[cls][tool].append(med(values))

    # in-process
    from searchtool.searching.engine import Engine, SearchRequest

    inproc: dict[str, list[float]] = {}
    t0 = time.perf_counter()
    engine = Engine(ix)
    open_ms = (time.perf_counter() - t0) * 1000.0
    for cls, q, _l, _t in QUERIES:
        times = []
        for _ in range(args.runs):
            engine.clear_cache()  # each run reads its postings afresh, as a one-shot search does
            t0 = time.perf_counter()
            result = engine.search(SearchRequest(q))
            times.append((time.perf_counter() - t0) * 1000.0)
            assert len(result.hits) <= 10
        inproc.setdefault(cls, []).append(med(times))
    engine.close()

    print()
    print("Whole process, median ms per query class (each query: median of the runs)")
    print(f"{'class':<10} {'searchtool':>10} {'rg -l -i':>10} {'tantivy':>10} {'rg/st':>7} {'st/tantivy':>11} {'in-process':>11}")
    all_st, all_rg, all_tv, all_in = [], [], [], []
    for cls in rows:
        s, r, t = med(rows[cls]["searchtool"]), med(rows[cls]["rg"]), med(rows[cls]["tantivy"])
        i = med(inproc[cls])
        all_st += rows[cls]["searchtool"]
        all_rg += rows[cls]["rg"]
        all_tv += rows[cls]["tantivy"]
        all_in += inproc[cls]
        print(f"{cls:<10} {fmt(s):>10} {fmt(r):>10} {fmt(t):>10} {r / s:7.2f} {s / t if t == t else float('nan'):11.2f} {fmt(i):>11}")
    s, r, t, i = med(all_st), med(all_rg), med(all_tv), med(all_in)
    print(f"{'all':<10} {fmt(s):>10} {fmt(r):>10} {fmt(t):>10} {r / s:7.2f} {s / t if t == t else float('nan'):11.2f} {fmt(i):>11}")
    non_date = [v for c in inproc if c != "date" for v in inproc[c]]
    print()
    print(f"in-process search + 10 highlighted hits: median {med(non_date):.1f} ms (target < 25), "
          f"date-filtered {med(inproc['date']):.1f} ms (target < 30); Engine open {open_ms:.0f} ms")
    print(f"whole process median {s:.1f} ms (target < 100); start-up `searchtool --help` median {med(startup):.1f} ms (target < 120)")
    print("peak RSS MiB: " + ", ".join(f"{k} {v / 2**20:.0f}" for k, v in peak.items() if v))
    if zero_hits:
        print(f"queries without hits: {sorted(set(zero_hits))}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

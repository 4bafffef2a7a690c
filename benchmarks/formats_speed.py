"""Reading speed by format: the same State Department statements as ``.txt``, as web pages and as PDFs.

Each statement of ``../shared/corpora/state-dept`` is taken as its ``.txt`` file and rendered,
once, as a state.gov-like page (navigation, cookie banner, scripts, JSON-LD; the templates of
``tests/support/formats.py``) and as a one-column PDF with running headers; then each folder is
read by the reader (``read_paths``: discovery, sniffing, extraction, the statement rules) in the
same run, and the times are printed side by side with their ratio to the ``.txt`` reading.
Rendering is not timed. ``--big-pdf-pages N`` also reads one N-page PDF in a fresh process and
prints its peak memory next to the file's size (pages are read one at a time and released).

Run: ``nice -n 10 .venv/bin/python benchmarks/formats_speed.py [--limit 300] [--no-pdf] [--big-pdf-pages 2000]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the page and PDF templates are the tests' own (tests/support/formats.py)

from searchtool.reading.reader import read_paths  # noqa: E402
from searchtool.reading.report import ReadReport  # noqa: E402
from tests.support import formats  # noqa: E402


def shared_dir() -> Path:
    env = os.environ.get("SEARCHTOOL_SHARED")
    return Path(env) if env else REPO / ".." / "shared"


def render(rows: list[dict], txt_dir: Path, out: Path, pdf: bool) -> dict[str, Path]:
    folders = {name: out / name for name in (("txt", "html", "pdf") if pdf else ("txt", "html"))}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for row in rows:
        pid = row["id"].rsplit("=", 1)[-1]
        found = list(txt_dir.glob(f"*_{pid}_*.txt"))
        if not found:
            continue
        shutil.copy(found[0], folders["txt"] / found[0].name)
        date = dt.date.fromisoformat(row["date"])
        (folders["html"] / f"{pid}.html").write_text(formats.state_page(row["title"], date, row["text"], row["url"]), encoding="utf-8")
        if pdf:
            closing = f"{date.strftime('%B')} {date.day}, {date.year}"
            lines = [line for line in row["text"].splitlines() if line.strip()]
            (folders["pdf"] / f"{pid}.pdf").write_bytes(formats.pdf_bytes(row["title"], lines, closing))
    return folders


def read_time(folder: Path) -> tuple[float, int, int, int]:
    report = ReadReport()
    t0 = time.perf_counter()
    chars = sum(len(rec.body) for rec in read_paths([folder], report))
    return time.perf_counter() - t0, report.records, chars, len(report.skipped)


def big_pdf(pages: int, out: Path) -> None:
    """Read an N-page PDF in a fresh process; print its size and the reader's peak memory."""
    rows = ["Paragraph of a long report, with enough words to fill a line or two of a page. " * 6] * 8
    path = out / "big.pdf"
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for _ in range(pages):
        pdf.add_page()
        for row in rows:
            pdf.multi_cell(0, 5, row, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    code = (
        "import resource, sys, time; from pathlib import Path; from searchtool.reading.pdf import pdf_document;"
        "t=time.perf_counter(); d=pdf_document(Path(sys.argv[1]));"
        "print(len(d.text), round(time.perf_counter()-t, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    )
    base = subprocess.run([sys.executable, "-c", "import resource, searchtool.reading.pdf; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"],
                          capture_output=True, text=True, cwd=REPO, check=True)
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=REPO, check=True)
    chars, seconds, peak = done.stdout.split()
    print(f"big PDF: {pages:,} pages, {path.stat().st_size / 1e6:.1f} MB, {int(chars):,} characters read in {seconds} s; "
          f"peak memory {peak} MiB (the reader's imports alone: {base.stdout.strip()} MiB)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="statements to use (default: all 2,031)")
    ap.add_argument("--no-pdf", action="store_true", help="pages only (rendering PDFs is the slow part)")
    ap.add_argument("--big-pdf-pages", type=int, default=0, help="also read one PDF of this many pages, for its peak memory")
    args = ap.parse_args()
    state = shared_dir() / "corpora" / "state-dept"
    feed = state / "state_dept_press_releases_2021-2022.jsonl"
    if not feed.exists():
        print(f"{feed} is absent: nothing to measure", file=sys.stderr)
        return 2
    with open(feed, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    if args.limit:
        rows = rows[: args.limit]
    with tempfile.TemporaryDirectory(prefix="formats-speed-") as tmp:
        t0 = time.perf_counter()
        folders = render(rows, state / "txt", Path(tmp), pdf=not args.no_pdf)
        print(f"rendered {len(rows):,} statements in {time.perf_counter() - t0:.1f} s (not timed below); "
              f"load {os.getloadavg()[0]:.1f}")
        base = None
        print(f"{'format':<6} {'records':>8} {'chars':>12} {'skipped':>8} {'seconds':>8} {'ms/file':>8}  vs .txt")
        for name, folder in folders.items():
            list(read_paths([next(folder.iterdir())]))  # the format's imports, once, outside the timing
            seconds, records, chars, skipped = read_time(folder)
            base = base or seconds
            print(f"{name:<6} {records:>8,} {chars:>12,} {skipped:>8} {seconds:>8.2f} {1000 * seconds / max(records, 1):>8.2f}  {seconds / base:.2f}x")
        if args.big_pdf_pages:
            big_pdf(args.big_pdf_pages, Path(tmp))
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Reader benchmark: metadata accuracy on the State Department texts, reading speed on the UN corpus.

Accuracy: every ``../shared/corpora/state-dept/txt/*.txt`` is read as plain text (title, byline,
body, date line) and compared with the same item's JSONL metadata: the first extracted speaker
must equal the first person (or office) of ``creator``, and the date must equal ``date``.
Targets: speaker >= 97%, date 100%. Misses are printed by category.

Speed: ``../shared/corpora/ungdc/*.jsonl.gz`` (~200 M characters) read end to end by the reader,
next to the floor of the same work (gunzip + ``json.loads`` of each line, nothing else) measured
in the same run; the ratio says what metadata extraction costs on top of mere decoding.

Run: ``nice -n 10 .venv/bin/python benchmarks/reader_accuracy.py [--accuracy-only|--speed-only]``
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import sys
import time
from pathlib import Path

from searchtool.reading.extract import clean
from searchtool.reading.reader import ReadReport, discover, read_source


def shared_dir() -> Path:
    env = os.environ.get("SEARCHTOOL_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


def expected_speaker(creator: str) -> str:
    """The creator's first person or office: its first comma-separated segment."""
    return clean(creator.split(",")[0])


def speaker_matches(got: str, want: str) -> bool:
    """Equal, or the creator writes the post before the name ("Acting Assistant Secretary ... Joey Hood")."""
    got, want = clean(got), clean(want)
    return got == want or (len(got.split()) >= 2 and want.endswith(" " + got))


def accuracy(shared: Path) -> bool:
    base = shared / "corpora" / "state-dept"
    truth: dict[str, dict] = {}
    by_title: dict[tuple[str, str], dict] = {}
    with open(base / "state_dept_press_releases_2021-2022.jsonl", encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            truth[item["id"].rsplit("=", 1)[-1]] = item
            by_title[(item["date"], clean(item["title"]))] = item
    report = ReadReport()
    t0 = time.perf_counter()
    sources = discover([base / "txt"], report)
    n = speaker_ok = date_ok = 0
    misses: dict[str, list[str]] = collections.defaultdict(list)
    date_misses: list[str] = []
    types: collections.Counter[str] = collections.Counter()
    txt_speakers: dict[str, list[str]] = {}
    for src in sources:
        # Files are named DATE_PAGEID_slug; a few feed items have no page id and match by title.
        date_part, page_id = src.path.name.split("_")[:2]
        item = truth.get(page_id)
        if item is None:
            with open(src.path, encoding="utf-8-sig") as fh:
                item = by_title.get((date_part, clean(fh.readline())))
        if item is None:
            print(f"no JSONL item for {src.relpath}", file=sys.stderr)
            continue
        for rec in read_source(src, report):
            n += 1
            types[rec.type] += 1
            txt_speakers[item["id"]] = rec.speakers
            want = expected_speaker(item["creator"])
            got = rec.speakers[0] if rec.speakers else ""
            if speaker_matches(got, want):
                speaker_ok += 1
            else:
                publisher = want == "U.S. Department of State"  # the feed's fallback creator
                if publisher:
                    cat = "creator is the publisher; text has no byline" + ("" if not got else ", names a speaker")
                elif not got:
                    cat = "no speaker found"
                else:
                    cat = "different first speaker"
                misses[cat].append(f"{src.relpath}: got {got!r}, creator {item['creator'][:90]!r}")
            if rec.date is not None and rec.date.isoformat() == item["date"]:
                date_ok += 1
            else:
                date_misses.append(f"{src.relpath}: got {rec.date}, want {item['date']}")
    elapsed = time.perf_counter() - t0
    sp, dp = 100 * speaker_ok / max(n, 1), 100 * date_ok / max(n, 1)
    print(f"State Dept txt: {n} items read in {elapsed:.2f} s ({report.summary()})")
    print(f"  first speaker = creator's first person/office: {speaker_ok}/{n} = {sp:.2f}%  (target >= 97%)")
    print(f"  date exact: {date_ok}/{n} = {dp:.2f}%  (target 100%)")
    for cat, items in sorted(misses.items(), key=lambda kv: -len(kv[1])):
        print(f"  speaker misses, {cat}: {len(items)}")
        for line in items[:8]:
            print(f"    {line}")
    for line in date_misses[:10]:
        print(f"  date miss: {line}")
    print("  types: " + ", ".join(f"{t} {c} ({100 * c / max(n, 1):.1f}%)" for t, c in types.most_common()))
    # The same items read from the JSONL export: its speakers should be those of the .txt.
    same = total = 0
    diffs: list[str] = []
    for src in discover([base / "state_dept_press_releases_2021-2022.jsonl"], ReadReport()):
        for rec in read_source(src):
            want_speakers = txt_speakers.get(rec.fields.get("source_id", ""))
            if want_speakers is None:
                continue
            total += 1
            if rec.speakers == want_speakers:
                same += 1
            else:
                diffs.append(f"{rec.title[:60]!r}: jsonl {rec.speakers} txt {want_speakers}")
    print(f"  JSONL and .txt of one item give the same speakers: {same}/{total}")
    for line in diffs[:5]:
        print(f"    {line}")
    return sp >= 97.0 and dp == 100.0


def speed(shared: Path) -> None:
    files = sorted((shared / "corpora" / "ungdc").glob("*.jsonl.gz"))
    if not files:
        print("UNGDC corpus not found; speed skipped")
        return
    t0 = time.perf_counter()
    floor_chars = 0
    for path in files:
        with gzip.open(path, "rb") as fh:
            for line in fh:
                floor_chars += len(json.loads(line).get("text", ""))
    floor = time.perf_counter() - t0

    report = ReadReport()
    t0 = time.perf_counter()
    chars = records = 0
    for src in discover(files, report):
        for rec in read_source(src, report):
            chars += len(rec.body)
            records += 1
    elapsed = time.perf_counter() - t0
    print(f"UNGDC: {records} records, {chars / 1e6:.1f} M body chars read in {elapsed:.1f} s "
          f"({chars / 1e6 / elapsed:.1f} M chars/s; {report.summary()})")
    print(f"  floor (gunzip + json.loads only): {floor:.1f} s for {floor_chars / 1e6:.1f} M chars; "
          f"reader / floor = {elapsed / floor:.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accuracy-only", action="store_true")
    ap.add_argument("--speed-only", action="store_true")
    args = ap.parse_args()
    shared = shared_dir()
    if not (shared / "corpora").is_dir():
        print(f"../shared not found at {shared}: set SEARCHTOOL_SHARED", file=sys.stderr)
        return 2
    ok = True
    if not args.speed_only:
        ok = accuracy(shared)
    if not args.accuracy_only:
        speed(shared)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

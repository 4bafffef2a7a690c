"""What an update has to do: which sources to scan, which files were added, changed or removed.

The planning half of ``searchtool index`` (:mod:`searchtool.indexing.update` does the writing):
resolve the folders to scan, refuse paths that do not exist or sources that suddenly hold
nothing, leave index folders out of the scan, compare what was found with the manifest, and give
records whose ids another source already holds an id of their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from searchtool.errors import SearchtoolError
from searchtool.index import manifest as mf
from searchtool.index import store

TYPE_CHECKING = False
if TYPE_CHECKING:
    from searchtool.indexing.summary import IndexSummary

#: Default source folder when neither PATH nor recorded sources exist.
DEFAULT_SOURCE = "corpus"


@dataclass
class Change:
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    touched: dict[str, Any] = field(default_factory=dict)  # same content, new stat: refresh entry
    prior: dict[str, Any] = field(default_factory=dict)  # the last manifest's files (kept by rebuilds)


def resolve_sources(paths: Sequence[Path] | None, recorded: list[str]) -> tuple[list[str], list[str]]:
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


def check_paths_exist(paths: Sequence[Path] | None, index_dir: Path) -> None:
    """Refuse a PATH (or the default ./corpus of a first run) that does not exist, before the
    index folder is created: a typo must not leave a half-made index behind."""
    if paths:
        for p in paths:
            if not os.path.exists(p):
                raise SearchtoolError(f"no such file or folder: {p}")
    elif (not (Path(index_dir) / store.CURRENT).exists() and not os.path.exists(DEFAULT_SOURCE)
          and not any(Path(index_dir).glob(f"{store.GEN_PREFIX}*/manifest.json"))):  # CURRENT lost: recovered
        raise SearchtoolError(
            f"nothing to index: no PATH given and ./{DEFAULT_SOURCE} does not exist",
            hint="pass the folders to index: searchtool index PATH...",
        )


def refuse_emptied_sources(scan: Sequence[str], found: Sequence, files: dict[str, Any]) -> None:
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


def drop_index_folders(found: list, report: Any, roots: Sequence[str], index_dir: Path) -> list:
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


def diff(found: Sequence, files: dict[str, Any], scan_roots: Sequence[str], unreadable: Sequence[str] = ()) -> Change:
    """Compare discovered files with the manifest's entries under the scanned roots; files under
    ``unreadable`` folders (that could not be listed) are kept as they are, not removed."""
    change = Change()
    seen = set()
    for src in found:
        key = os.path.abspath(src.path)
        seen.add(key)
        entry = files.get(key)
        fp = mf.source_fingerprint(src)
        if entry is None:
            change.added.append(src)
        elif mf.Fingerprint.from_json(entry["fp"]) == fp:
            change.unchanged += 1
        elif mf.content_hash(src.path, getattr(src, "sidecar", None)) == entry.get("hash"):
            change.unchanged += 1
            change.touched[key] = fp
        else:
            change.changed.append(src)
    change.removed = [k for k in files if k not in seen and _under(k, scan_roots) and not _under(k, unreadable)]
    change.unchanged += sum(1 for k in files if k not in seen and _under(k, unreadable))
    return change


def id_salts(change: Change, files: dict[str, Any], summary: IndexSummary) -> dict[str, str]:
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

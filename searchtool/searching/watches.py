"""Saved searches ("watches"): a query with its filters, kept with the index, that reports the
statements first indexed since it last ran and, apart, those whose content changed.

"New" is new to the index, not newly dated: archives receive old statements late. It is read
from the statement ledger (:mod:`searchtool.index.ledger`), whose run numbers survive rebuilds;
a watch remembers the run it last saw. Watches live in ``<index>/watches.json`` beside the
generations (so a rebuild keeps them), written atomically (a reader sees the old file or the
new one) and changed under a lock of their own (``watches.lock``: each change reads the file,
changes it and writes it back while holding it), so two ``watch`` commands at once (a cron
job's ``watch run`` and a user's ``watch add``) lose nothing. A saved search runs without the any-word fallback: an alert is about statements that
have every word, not about the best any-word matches.
"""

from __future__ import annotations

import json
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path

from searchtool.errors import SearchtoolError, UsageError
from searchtool.index.flocks import flock_within
from searchtool.index.durable import write_json
from searchtool.searching.engine import Engine
from searchtool.searching.request import MAX_LIMIT, Hit, SearchRequest
from searchtool.values import Value

WATCHES = "watches.json"
#: The lock every change of ``watches.json`` holds, and how long a change waits for it.
WATCHES_LOCK = "watches.lock"
LOCK_WAIT = 30.0
FORMAT = "searchtool-watches"
#: What a watch may be called: it is typed on command lines and in cron jobs.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: The request options a watch keeps (the rest are per run: page, limit, sort).
KEPT = ("query", "speaker", "type", "since", "until", "any")


class Watch(Value):
    """A saved search: its name, what it asks, and the index run it last reported up to."""

    __slots__ = ("name", "request", "seen_run", "created", "last_run")

    def __init__(self, name: str, request: SearchRequest, seen_run: int, created: float, last_run: float | None) -> None:
        Value.__init__(self, name, request, seen_run, created, last_run)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            **{key: getattr(self.request, key) for key in KEPT},
            "seen_run": self.seen_run,
            "created": self.created,
            "last_run": self.last_run,
        }


class WatchReport(Value):
    """What one watch found: statements first indexed after run ``since_run`` (``new``), and
    older ones whose content changed since (``changed``), up to run ``run``."""

    __slots__ = ("watch", "since_run", "run", "new", "changed")

    def __init__(self, watch: Watch, since_run: int, run: int, new: list[Hit], changed: list[Hit]) -> None:
        Value.__init__(self, watch, since_run, run, new, changed)


def _path(index_dir: Path) -> Path:
    return Path(index_dir) / WATCHES


def load_watches(index_dir: Path) -> dict[str, Watch]:
    """The saved searches of ``index_dir`` by name (none when there is no file)."""
    path = _path(index_dir)
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise SearchtoolError(f"cannot read saved searches {path} ({err})", hint="fix or delete the file") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("watches"), list):
        raise SearchtoolError(f"{path} is not a saved-search file", hint="fix or delete the file")
    watches = {}
    for item in data["watches"]:
        request = SearchRequest(**{key: item.get(key) for key in KEPT if key != "any"}, any=bool(item.get("any")))
        watches[item["name"]] = Watch(item["name"], request, int(item.get("seen_run", 0)), float(item.get("created", 0)),
                                      item.get("last_run"))
    return watches


@contextmanager
def _changing(index_dir: Path):
    """Hold the saved searches' lock while they are read, changed and written back."""
    path = Path(index_dir) / WATCHES_LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as err:
        raise SearchtoolError(f"cannot change the saved searches of {index_dir} ({err.strerror})") from None
    try:
        if not flock_within(fd, LOCK_WAIT, poll=0.02):
            raise SearchtoolError(f"the saved searches of {index_dir} are being changed by another process; "
                                  f"gave up after waiting {LOCK_WAIT:g} s")
        yield
    finally:
        os.close(fd)


def _save(index_dir: Path, watches: dict[str, Watch]) -> None:
    data = {"format": FORMAT, "watches": [w.to_json() for _, w in sorted(watches.items())]}
    write_json(_path(index_dir), data)


def add_watch(index_dir: Path, name: str, request: SearchRequest, replace: bool = False) -> Watch:
    """Save ``request`` as ``name``; it will report what later ``index`` runs add. The query and
    filters are checked by running them once, so a typo is an error now, not in a cron job."""
    if not NAME.fullmatch(name or ""):
        raise UsageError(f"bad saved-search name {name!r}", hint="use letters, digits, '.', '_' or '-' (up to 64)")
    _refuse_existing(load_watches(index_dir), name, replace)
    with Engine(index_dir) as engine:
        engine.search(_request(request, 1))
        run = engine.ledger.run
        if run == 0 and engine.doc_count():  # written before ledgers: its next update rebuilds it
            raise UsageError("this index does not record when statements arrive yet",
                             hint="update it once (searchtool index), then save the search")
    with _changing(index_dir):  # read again: another process may have saved one meanwhile
        watches = load_watches(index_dir)
        _refuse_existing(watches, name, replace)
        watches[name] = Watch(name, _request(request, MAX_LIMIT), run, time.time(), None)
        _save(index_dir, watches)
    return watches[name]


def _refuse_existing(watches: dict[str, Watch], name: str, replace: bool) -> None:
    if name in watches and not replace:
        raise UsageError(f"a saved search named {name!r} exists", hint=f"remove it first: searchtool watch rm {name}")


def remove_watch(index_dir: Path, name: str) -> None:
    with _changing(index_dir):
        watches = load_watches(index_dir)
        if name not in watches:
            raise UsageError(f"no saved search named {name!r}", hint="see them with: searchtool watch list", exit_code=1)
        del watches[name]
        _save(index_dir, watches)


def _request(request: SearchRequest, limit: int, page: int = 1) -> SearchRequest:
    return SearchRequest(
        query=request.query, speaker=request.speaker, type=request.type, since=request.since, until=request.until,
        any=request.any, limit=limit, page=page, fallback=False, sort="-date",
    )


def _all_hits(engine: Engine, request: SearchRequest, allow: set[int]) -> list[Hit]:
    """Every hit of ``request`` among ``allow``, newest first, page after page."""
    if not allow:
        return []
    hits: list[Hit] = []
    page = 1
    while True:
        result = engine.search(_request(request, MAX_LIMIT, page), allow=allow)
        hits.extend(result.hits)
        if len(hits) >= result.total or not result.hits:
            return hits
        page += 1


def run_watches(index_dir: Path, name: str | None = None, mark: bool = True) -> list[WatchReport]:
    """Run the saved searches (or only ``name``): what is new and what changed since each last
    ran. With ``mark``, each then remembers this index run, so the next run reports only later
    additions."""
    watches = load_watches(index_dir)
    if name is not None and name not in watches:
        raise UsageError(f"no saved search named {name!r}", hint="see them with: searchtool watch list", exit_code=1)
    if not watches:
        raise UsageError("no saved searches", hint='save one with: searchtool watch add NAME "QUERY"', exit_code=1)
    chosen = [watches[name]] if name is not None else [watches[n] for n in sorted(watches)]
    reports = []
    with Engine(index_dir) as engine:
        ledger = engine.ledger
        for watch in chosen:
            new = _all_hits(engine, watch.request, engine.docs_of_ids(ledger.first_indexed_after(watch.seen_run)))
            changed = _all_hits(engine, watch.request, engine.docs_of_ids(ledger.changed_after(watch.seen_run)))
            reports.append(WatchReport(watch, watch.seen_run, ledger.run, new, changed))
    if mark:
        now = time.time()
        with _changing(index_dir):  # only the watches run are marked, in the file as it is now
            current = load_watches(index_dir)
            for report in reports:
                if report.watch.name in current:
                    kept = current[report.watch.name]
                    current[kept.name] = Watch(kept.name, kept.request, report.run, kept.created, now)
            _save(index_dir, current)
    return reports


def pending(index_dir: Path) -> list[tuple[str, int]]:
    """The saved searches with new statements and how many, without marking them seen (what
    ``index`` says at its end). Nothing when there are no saved searches."""
    if not load_watches(index_dir):
        return []
    return [(r.watch.name, len(r.new)) for r in run_watches(index_dir, mark=False) if r.new]

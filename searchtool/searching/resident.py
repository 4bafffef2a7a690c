"""One open engine kept between searches, for a resident search process (:mod:`searchtool.cli.resident_server`).

A search that opens the index itself pays for it every time: the TOC, the segment readers,
the date column, the duplicate tables, the postings it reads (about 6 ms of a 10 ms search on
the UN speeches, and more on a larger index). The resident process opens the index once and
lends the engine to every search it runs (:func:`searchtool.searching.engine.open_engine`).

What a lent engine must not change is the answer: each search gets exactly what a freshly
opened engine would give. So before every lease the engine is checked against the folder:

* ``CURRENT`` must still name its generation (a rebuild swaps it);
* every file of that generation must be the one it opened, by name, size, mtime and inode
  (an update commits a new TOC and segments; ``index`` rewrites the JSON tables; a damaged or
  replaced file must be verified again, as on every open);
* the people registry, which lives outside the index and may be edited at any time, is read
  again for every search.

Otherwise the engine is closed and a new one opened, which verifies the checksums as any open
does. Between searches the engine holds no reader registration (``READERS``), so a writer may
remove a generation it replaced at once; the files stay readable to the open engine until it
notices (POSIX keeps unlinked files open) and reopens.
"""

from __future__ import annotations

import os
from pathlib import Path

from searchtool.errors import SearchtoolError
from searchtool.index.store import current_generation, register_reader, release_reader
from searchtool.searching import engine as engine_module
from searchtool.searching.engine import Engine

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only
    from typing import Any


def folder_state(gen: Path) -> tuple:
    """What identifies the files of generation ``gen``: (name, size, mtime, inode) of each,
    sorted. About 0.1 ms for the 30-odd files of a generation."""
    state = []
    for entry in os.scandir(gen):
        if entry.name == "READERS":
            continue  # its lock state is not content
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        state.append((entry.name, st.st_size, st.st_mtime_ns, st.st_ino))
    state.sort()
    return tuple(state)


class EnginePool:
    """The open engine of one index folder, lent to one search at a time."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(os.path.realpath(index_dir))
        self._engine: Engine | None = None
        self._state: tuple | None = None
        self.opened = 0  # how many times an engine was opened (what the tests of reuse read)

    # -- what a search gets --------------------------------------------------------------------
    def lend(self, index_dir: Path) -> Any:
        """A context manager giving the open engine, or ``None`` for another index folder."""
        if Path(os.path.realpath(index_dir)) != self.index_dir:
            return None
        return _Lease(self)

    def _take(self) -> tuple[Engine, int | None]:
        for _attempt in range(3):
            gen, fd = register_reader(self.index_dir)  # as any search: no writer removes it meanwhile
            try:
                state = folder_state(gen)
                engine = self._engine
                if not self._reads(gen, state):
                    self.drop()
                    engine = Engine(self.index_dir)
                    self._engine, self._state = engine, state
                    self.opened += 1
                    release_reader(engine._ix)  # our own registration (fd) covers each search
                    if engine.generation.name != gen.name:  # swapped between the two looks
                        if fd is not None:
                            os.close(fd)
                        continue
                engine.forget_registry()  # the people registry lives outside the index
                return engine, fd
            except BaseException:
                if fd is not None:
                    os.close(fd)
                raise
        raise OSError("the index kept changing while it was opened")  # three swaps in a row

    def _reads(self, gen: Path, state: tuple) -> bool:
        """Whether the open engine reads generation ``gen`` with exactly these files."""
        return self._engine is not None and self._engine.generation.name == gen.name and state == self._state

    # -- between searches ----------------------------------------------------------------------
    def stale(self) -> bool:
        """Whether the open engine no longer reads the live index (its files can then go)."""
        if self._engine is None:
            return False
        try:
            gen = current_generation(self.index_dir)
            return not self._reads(gen, folder_state(gen))
        except (SearchtoolError, OSError):  # no live generation, or one that cannot be read
            return True

    def drop(self) -> None:
        """Close the open engine (its files are released)."""
        engine, self._engine, self._state = self._engine, None, None
        if engine is not None:
            try:
                engine.close()
            except Exception:  # a damaged or removed index: nothing left to release
                pass


class _Lease:
    def __init__(self, pool: EnginePool):
        self.pool = pool
        self.fd: int | None = None

    def __enter__(self) -> Engine:
        engine, self.fd = self.pool._take()
        return engine

    def __exit__(self, *exc: Any) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def install(pool: EnginePool | None) -> None:
    """Make :func:`searchtool.searching.engine.open_engine` lend ``pool``'s engine (``None``:
    every search opens its own again)."""
    engine_module.LENDER = None if pool is None else pool.lend

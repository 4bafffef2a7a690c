"""The index writer lock: one writer at a time, waiting a bounded time, naming the holder.

An OS-level ``flock`` on ``LOCK`` inside the index folder: the kernel releases it when the holder
dies (even on kill -9), so a stale lock of a dead process is simply taken over. The file's text
(pid, host, start time) is only there to tell a waiting writer who holds the lock.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

from searchtool.errors import IndexLockedError, SearchtoolError
from searchtool.index.flocks import flock_within

LOCK_NAME = "LOCK"

#: Seconds a second writer waits for the lock before giving up.
DEFAULT_WAIT = 10.0

#: Lock descriptors this process holds. A forked child (an indexing worker) closes its copies at
#: once: a flock belongs to the open file, so a child keeping a copy kept the lock after its
#: parent was killed (19 of 24 killed parallel builds, design/reliability.md §1.1).
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_HELD):
        try:
            os.close(fd)  # not LOCK_UN: that would release the parent's lock too
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_close_in_child)


class IndexLock:
    """Exclusive writer lock on an index folder; use as a context manager."""

    def __init__(self, index_dir: Path, wait: float = DEFAULT_WAIT, poll: float = 0.1):
        self.path = Path(index_dir) / LOCK_NAME
        self.wait = wait
        self.poll = poll
        self._fd: int | None = None

    def acquire(self) -> None:
        try:  # never through a symlink planted as LOCK: the lock truncates and writes its file
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as err:
            what = f"{LOCK_NAME} is a symbolic link (remove it)" if self.path.is_symlink() else err.strerror
            raise SearchtoolError(f"cannot lock index {self.path.parent}: {what}") from None
        if not flock_within(fd, self.wait, self.poll):
            holder = describe_holder(self.path)
            os.close(fd)
            raise IndexLockedError(
                f"index {self.path.parent} is being written by {holder}; gave up after waiting {self.wait:g} s"
            )
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        self._fd = fd
        _HELD.add(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        import fcntl  # platform: POSIX only

        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            _HELD.discard(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "IndexLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def describe_holder(path: Path) -> str:
    """'process 123 on host (since 03:10:00)' from the lock file, or 'another process'."""
    try:
        info = json.loads(Path(path).read_text(encoding="utf-8"))
        since = time.strftime("%H:%M:%S", time.localtime(info["since"]))
        holder = f"process {info['pid']} on {info['host']} (since {since})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"
    if info["host"] == socket.gethostname() and not _alive(int(info["pid"])):
        holder += ", which has ended: a process it started still holds the lock"
    return holder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, OverflowError):
        return True  # exists but not ours, or not a pid we can ask about: assume alive
    return True

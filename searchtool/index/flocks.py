"""Taking an exclusive ``flock`` within a bounded wait: the index writer lock
(:mod:`searchtool.indexing.lock`) and the saved searches' lock (:mod:`searchtool.searching.watches`).
A ``flock`` belongs to the open file and the kernel drops it when its holder dies, so a lock of
a killed process is simply taken over."""

from __future__ import annotations

import time


def flock_within(fd: int, wait: float, poll: float = 0.1) -> bool:
    """Lock the open file ``fd`` exclusively, trying every ``poll`` seconds for up to ``wait``
    seconds; whether it was taken."""
    import fcntl  # platform: POSIX only

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)

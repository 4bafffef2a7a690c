"""What the resident search process and its clients agree on: where its socket is, when it is
used, whose code it runs, and the frames of an answer.

Why a resident process: a search is about 10 ms of a 100 ms ``searchtool search`` on the UN
speeches; the rest is starting Python and importing about 225 modules (Whoosh, the engine,
the output), the same for every search (docs/design/search-speed.md). So the first search
of a session runs in its own process as before and then starts a process that keeps the index
open; the next searches of that index send it their arguments and print its answer, importing
only this module, the client, the fast parser, ``json`` and ``_socket``. The process ends after
``SEARCHTOOL_RESIDENT`` seconds without a search (default :data:`DEFAULT_IDLE`), or at once
when the index folder goes away; ``SEARCHTOOL_RESIDENT=off`` never starts or uses one.

The socket lies in a folder only the user can enter (``$XDG_RUNTIME_DIR/searchtool``, else
``/tmp/searchtool-UID``), checked before every use: a folder someone else owns, or one others
may enter, and searchtool runs every search in its own process.

Only :mod:`os`, :mod:`stat`, :mod:`sys` and :mod:`zlib` are imported here: the client's
start-up is the point.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib

#: Environment variable: ``off`` (or ``0``) to search in one process every time; a number of
#: seconds that a resident process waits for the next search before it ends.
RESIDENT_ENV = "SEARCHTOOL_RESIDENT"
#: Seconds without a search before the resident process ends: long enough to cover a working
#: session's pauses, short enough that an idle one does not keep its ~30 MB (UN speeches at 1x).
DEFAULT_IDLE = 600.0
#: The commands a resident process answers (both parsed by :mod:`searchtool.cli.fastparse`).
ANSWERED = ("search", "show")
#: The longest the Unix socket path may be (``sun_path`` is 108 bytes on Linux).
MAX_SOCKET_PATH = 100

#: Frame kinds of an answer (one byte each), then the payload's length (4 bytes, big-endian).
REQUEST = b"q"  # the client's request (JSON)
STDOUT = b"o"  # bytes for standard output
STDERR = b"e"  # bytes for standard error
EXIT = b"x"  # the exit code (ASCII digits): the answer is complete
FALLBACK = b"f"  # "run it yourself" (before any output): another index, other code, other arguments
PAGE = b"p"  # text for the client's pager (``show`` on a terminal): the pager runs where the terminal is


def idle_seconds(environ: dict | None = None) -> float | None:
    """How long a resident process waits for the next search, or ``None`` when resident
    processes are off (``SEARCHTOOL_RESIDENT=off``/``0``/``no``/``false``, or not a number)."""
    env = os.environ if environ is None else environ
    text = env.get(RESIDENT_ENV, "").strip().lower()
    if not text:
        return DEFAULT_IDLE
    if text in ("off", "0", "no", "false", "never"):
        return None
    try:
        seconds = float(text)
    except ValueError:
        return None  # a setting we cannot read: the conservative reading is "off"
    return seconds if 0 < seconds < 1e9 else None


def private_folder(environ: dict | None = None, create: bool = True) -> str | None:
    """The folder for the sockets, only the user's, or ``None`` when there is no safe one."""
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        folder = os.path.join(runtime, "searchtool")
    else:
        folder = os.path.join(env.get("TMPDIR") or "/tmp", f"searchtool-{os.getuid()}")
    if create:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None  # someone else's, a symlink, or open to others: never trust it
    return folder


def socket_path(index_real: str, environ: dict | None = None, create: bool = True) -> str | None:
    """The socket of the resident process for the index folder ``index_real`` (a real path).

    Named by a checksum of the path (the process checks the full path of every request, so a
    collision only means a search in its own process)."""
    folder = private_folder(environ, create)
    if folder is None:
        return None
    key = zlib.crc32(index_real.encode("utf-8", "surrogateescape"))
    path = os.path.join(folder, f"{key:08x}.sock")
    return path if len(path.encode("utf-8", "surrogateescape")) <= MAX_SOCKET_PATH else None


def code_stamp() -> str:
    """Which code answers: the interpreter and every module of searchtool (name, size, mtime).

    A resident process started before an upgrade (or an edit of a checkout) must not answer
    with the old code: the client sends its stamp and the process ends when they differ.
    About 0.3 ms for the package's 140-odd modules."""
    root = os.path.dirname(os.path.abspath(__file__ if __file__ else "."))
    root = os.path.dirname(root)  # the searchtool package
    parts = [sys.executable, sys.version]
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith((".py", ".json", ".toml", ".txt")):
                try:
                    st = entry.stat()
                except OSError:
                    continue
                parts.append(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}")
    return f"{zlib.crc32(chr(10).join(parts).encode('utf-8', 'surrogateescape')):08x}-{len(parts)}"


def lock_record(pid: int, index_real: str) -> bytes:
    """What a resident process writes in its lock file: its pid and its index folder."""
    return f"{pid}\n{index_real}\n".encode("utf-8", "surrogateescape")


def running(environ: dict | None = None) -> list[tuple[int, str]]:
    """The resident processes of this user that are alive: (pid, index folder) each, read from
    the lock files whose lock is held (a dead process's lock is free, whatever its file says)."""
    import fcntl  # platform: POSIX only, as the index's locks

    folder = private_folder(environ, create=False)
    if folder is None:
        return []
    found = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".sock.lock"):
            continue
        try:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
                continue  # free: nobody runs there
            except OSError:
                pass
            lines = os.read(fd, 1 << 16).decode("utf-8", "surrogateescape").split("\n")
            if len(lines) >= 2 and lines[0].isdigit():
                found.append((int(lines[0]), lines[1]))
        finally:
            os.close(fd)
    return found


def stop_all(environ: dict | None = None) -> list[tuple[int, str]]:
    """End the user's resident processes (SIGTERM): the ones asked to end."""
    import signal  # start-up: only to stop them

    stopped = []
    for pid, index in running(environ):
        try:
            os.kill(pid, signal.SIGTERM)
            stopped.append((pid, index))
        except OSError:
            pass
    return stopped


def frame(kind: bytes, payload: bytes) -> bytes:
    """One frame: its kind, its length, its payload."""
    return kind + len(payload).to_bytes(4, "big") + payload


def read_frame(stream, limit: int | None = None) -> tuple[bytes, bytes] | None:
    """The next frame of a binary stream, or ``None`` at its end, for a cut frame, or for one
    longer than ``limit`` bytes."""
    head = _read_exactly(stream, 5)
    if head is None:
        return None
    size = int.from_bytes(head[1:], "big")
    if limit is not None and size > limit:
        return None
    payload = _read_exactly(stream, size)
    if payload is None:
        return None
    return head[:1], payload


def _read_exactly(stream, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data

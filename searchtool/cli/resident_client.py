"""``searchtool search`` and ``show`` through the resident search process
(:mod:`searchtool.cli.resident_protocol`).

:func:`run_via_resident` sends the arguments, the working folder, the environment and what
the terminal is (which streams are terminals, the width, the encodings) and copies the answer
to standard output and error, ending with its exit code: the same bytes and code the command
would give in this process, because the resident process runs the same command body with the
same settings. A statement ``show`` pages comes back as text for the pager, which runs here,
on the terminal, with this process's ``$PAGER`` (:func:`searchtool.output.terminal.page`, the
function a ``show`` in its own process calls). When no process answers, it says ``None``; the
command then runs here, and one is started for the next as this process ends
(:func:`start_later`).

Imports only :mod:`json`, :mod:`_socket`, the protocol and the fast parser (with its option
table): this is the whole of a search's start-up when a resident process answers.
"""

from __future__ import annotations

import os
import sys

import searchtool.cli.resident_protocol as rp
from searchtool.cli.fastparse import index_folder, parse_fast

#: Seconds to wait for the resident process to accept (it answers one search at a time).
CONNECT_TIMEOUT = 2.0
#: Seconds of silence from the resident process before the client gives up on it: beyond the
#: longest bounded query (2 s on the State Department index) many times over.
ANSWER_TIMEOUT = 120.0


def index_argument(argv: list[str]) -> str | None:
    """The index folder a ``search`` or ``show`` with arguments ``argv`` (the command first)
    reads (``--index``, else ``$SEARCHTOOL_INDEX``, else ``index``), from the same parser as the
    command's own; ``None`` when that parser leaves the arguments to Typer (the command then
    runs in this process)."""
    parsed = parse_fast(argv)
    if parsed is None or parsed[0] not in rp.ANSWERED:
        return None
    return index_folder(parsed[1]["index"])


def run_via_resident(argv: list[str]) -> int | None:
    """Run ``searchtool search|show ARGV...`` in the resident process of its index: the exit
    code, or ``None`` when this process must run it (none is running, resident processes are
    off, or the process said so)."""
    idle = rp.idle_seconds()
    if idle is None or not hasattr(os, "posix_spawn"):  # off, or not a POSIX system
        return None
    if os.environ.get("SEARCHTOOL_DEBUG"):  # the traceback must come from this process
        return None
    index = index_argument(argv)
    if index is None:
        return None
    index_real = os.path.realpath(index)
    path = rp.socket_path(index_real)
    if path is None:
        return None
    # start-up: the C module, not socket.py (which imports selectors and builds its enums: ~3 ms)
    import _socket

    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.settimeout(CONNECT_TIMEOUT)
        try:
            conn.connect(path)
        except OSError:
            start_later(index_real, idle)  # none running (or one that died): the next search's
            return None
        conn.settimeout(ANSWER_TIMEOUT)
        return _exchange(conn, argv, index_real, idle)
    finally:
        conn.close()


def _exchange(conn, argv: list[str], index_real: str, idle: float) -> int | None:
    import json  # start-up: only with a resident process to talk to

    request = {
        "argv": argv,
        "stamp": rp.code_stamp(),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "tty": [_isatty(sys.stdin), _isatty(sys.stdout), _isatty(sys.stderr)],
        "width": _terminal_width(),
        "out": [getattr(sys.stdout, "encoding", None) or "utf-8", getattr(sys.stdout, "errors", None) or "strict"],
        "err": [getattr(sys.stderr, "encoding", None) or "utf-8", getattr(sys.stderr, "errors", None) or "backslashreplace"],
    }
    try:
        conn.sendall(rp.frame(rp.REQUEST, json.dumps(request).encode("utf-8", "surrogatepass")))
    except OSError:
        return None
    return _copy_answer(_Received(conn), index_real, idle)


class _Received:
    """The answer as a stream: ``read(n)`` is one ``recv`` (:func:`read_frame` reads on until
    it has a whole frame)."""

    def __init__(self, conn):
        self.read = conn.recv


def _copy_answer(stream, index_real: str, idle: float) -> int | None:
    """Write the answer's frames to this process's streams; its exit code (``None``: run it
    here). A closed pipe and Ctrl-C end as they do in one process: under the command's guard.

    The whole answer is received before a byte is written: a reader that stops reading this
    process's output (`| less` left open) must hold up this process only, never the resident
    one, which answers every search of the index in turn. An answer is bounded (a page of
    hits, bounded query work), so holding it costs little."""
    frames = []
    while True:
        try:
            got = rp.read_frame(stream)
        except OSError:  # timed out or reset
            got = None
        if got is None or got[0] in (rp.EXIT, rp.FALLBACK):
            break
        frames.append(got)
    if got is not None and got[0] == rp.FALLBACK:
        if got[1] == b"code":  # it ran other code and has ended: start a current one
            start_later(index_real, idle)
        return None
    if got is None and not frames:
        return None  # it ended before answering: the search runs here
    for kind, payload in frames:
        if kind == rp.STDOUT:
            sys.stdout.buffer.write(payload)
        elif kind == rp.STDERR:
            sys.stdout.flush()
            sys.stderr.buffer.write(payload)
            sys.stderr.flush()
        elif kind == rp.PAGE:
            sys.stdout.flush()
            # start-up: the pager's modules, only for a statement shown on a terminal
            from searchtool.output.terminal import page

            page(payload.decode("utf-8", "surrogateescape"), sys.stdout)
    sys.stdout.flush()
    if got is None:  # half an answer: say so rather than print it twice
        sys.stderr.write("searchtool: error: the resident search process stopped mid-answer; run the search again\n")
        return 2
    return int(got[1].decode("ascii"))


def start_later(index_real: str, idle: float) -> None:
    """Start a resident process for ``index_real`` as this process ends (after its own search
    has printed), so that the next search of this index is answered by it."""
    import atexit  # start-up: built in, only when none is running

    atexit.register(start_now, index_real, idle)


def start_now(index_real: str, idle: float) -> None:
    """Start a resident process for ``index_real`` in its own session, its standard streams on
    ``/dev/null`` (it must not hold the caller's pipes open), unless the folder holds no built
    index. Two started at once settle it between them: the second finds the first's lock."""
    if not os.path.isfile(os.path.join(index_real, "CURRENT")):
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    # The package this client runs, first on the path: with ``-m`` the caller's folder would
    # come first, and a checkout there (a folder named searchtool) would answer instead.
    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    boot = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
            "from searchtool.cli.resident_server import main; sys.exit(main(sys.argv[1:]))")
    argv = [sys.executable, "-c", boot, package_parent, index_real, repr(idle)]
    actions = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
    try:
        os.posix_spawn(sys.executable, argv, dict(os.environ), file_actions=actions, setsid=True)
    except (OSError, AttributeError, NotImplementedError):
        pass  # no resident process: every search runs in its own, as without one


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _terminal_width() -> int | None:
    """The columns of the first of stdin, stdout, stderr that is a terminal (as
    :func:`searchtool.output.ansi.console_width` looks), ``None`` when none is."""
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
    return None

"""The resident search process of one index folder: ``python -m searchtool.cli.resident_server INDEX IDLE``.

Started by a search (:func:`searchtool.cli.resident_client.start_now`), never by hand. It keeps
the index open (:class:`searchtool.searching.resident.EnginePool`) and answers one ``search``
or ``show`` at a time on its socket (:mod:`searchtool.cli.resident_protocol`): for each request
it takes on the client's working folder, environment and terminal (which streams are
terminals, the width, the encodings), parses the arguments with the fast parser, runs the same
command body under the same guard as a one-process command, and streams what it writes to
standard output and error back, then the exit code; a statement that ``show`` would page goes
back as one frame of text, which the client pages on its terminal. Anything it would not run
exactly as the client would (another index folder, other code, arguments the fast parser
leaves to Typer) it hands back before writing a byte.

It ends after ``IDLE`` seconds without a search, when its index folder goes away, when a
client runs other code (an upgrade or an edit), or on SIGTERM; it checks the index every
:data:`POLL` seconds while idle and closes a replaced one, so that a rebuilt index's old
files are freed. A lock beside the socket keeps it to one process per index folder.
"""

from __future__ import annotations

import io
import json
import os
import select
import signal
import socket
import sys
import time

import searchtool.cli.resident_protocol as rp

#: Seconds between two looks at the index while no search comes.
POLL = 2.0
#: Seconds a client may leave the answer unread before this process gives up on it and moves on
#: to the next search (clients take the whole answer before writing it out).
SEND_TIMEOUT = 30.0
#: The largest request read (arguments and environment): a few kilobytes in practice.
MAX_REQUEST = 4 * 1024 * 1024


def serve(index_real: str, idle: float) -> int:
    """Answer searches of ``index_real`` until idle for ``idle`` seconds; the exit code."""
    import fcntl  # platform: POSIX only, as the index's locks

    path = rp.socket_path(index_real)
    if path is None or not os.path.isdir(index_real):
        return 1
    lock_fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # another is starting or running for this folder
    os.ftruncate(lock_fd, 0)
    os.write(lock_fd, rp.lock_record(os.getpid(), index_real))
    from searchtool.searching.resident import EnginePool, install  # start-up: the search stack, after the lock (a second starter ends at once)

    pool = EnginePool(index_real)
    install(pool)
    stamp = rp.code_stamp()
    try:
        _warm(pool)
    except Exception:
        return 1  # no index to keep open (damaged, missing): each search says why itself
    os.chdir("/")  # hold no one's working folder
    try:
        os.unlink(path)  # a dead predecessor's (we hold the lock)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(16)
    bound = os.stat(path).st_ino
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    last = time.monotonic()
    try:
        while True:
            ready, _, _ = select.select([listener], [], [], POLL)
            if not ready:
                if not os.path.isfile(os.path.join(index_real, "CURRENT")) or time.monotonic() - last > idle:
                    return 0
                if pool.stale():
                    pool.drop()
                continue
            conn, _addr = listener.accept()
            try:
                if not answer(conn, pool, stamp):
                    return 0
            finally:
                conn.close()
                last = time.monotonic()
    finally:
        pool.drop()
        try:
            if os.stat(path).st_ino == bound:  # still ours
                os.unlink(path)
        except OSError:
            pass
        os.close(lock_fd)


def _warm(pool) -> None:
    """Open the index and import what a search imports, before the first request."""
    import searchtool.cli.fastpath  # noqa: F401  (start-up: the parser and the command bodies)

    with pool.lend(pool.index_dir):
        pass


def answer(conn, pool, stamp: str) -> bool:
    """Answer one request on ``conn``; ``False`` when this process should end."""
    conn.settimeout(10.0)  # a client that connects and says nothing
    try:
        with conn.makefile("rb") as stream:
            got = rp.read_frame(stream, MAX_REQUEST)
    except OSError:  # silent for 10 s, or gone
        return True
    if got is None or got[0] != rp.REQUEST:
        return True
    raw = got[1]
    try:
        request = json.loads(raw)
        argv, cwd, env = request["argv"], request["cwd"], request["env"]
    except (ValueError, KeyError, TypeError):
        return True
    if not (_texts(argv) and isinstance(cwd, str) and isinstance(env, dict) and _texts(env) and _texts(list(env.values()))):
        _send(conn, rp.FALLBACK, b"request")  # not what a client sends: let it run the search itself
        return True
    conn.settimeout(SEND_TIMEOUT)  # a client takes its whole answer at once: one that stops is abandoned
    if request.get("stamp") != stamp:
        _send(conn, rp.FALLBACK, b"code")
        return False
    saved_env = dict(os.environ)
    try:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        _take_terminal_width(request.get("width"))
        parsed = _parse(argv, pool)
        if parsed is None:
            _send(conn, rp.FALLBACK, b"argv")
            return True
        tty = request.get("tty") or [False, False, False]
        out = _channel(conn, rp.STDOUT, bool(tty[1]), *request.get("out", ("utf-8", "strict")))
        err = _channel(conn, rp.STDERR, bool(tty[2]), *request.get("err", ("utf-8", "backslashreplace")))
        code = _run(*parsed, out, err, lambda text: _send(conn, rp.PAGE, text.encode("utf-8", "surrogateescape")))
        _send(conn, rp.EXIT, str(code).encode("ascii"))
    except OSError:  # the client went away (Ctrl-C, a closed pipe), or its folder did
        pass
    except (TypeError, ValueError, LookupError, IndexError):
        # A request this process cannot take on as sent (an environment name Python refuses,
        # arguments that are not text): nothing was written yet, so the client runs it itself.
        try:
            _send(conn, rp.FALLBACK, b"request")
        except OSError:
            pass
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir("/")
    return True


def _texts(values) -> bool:
    """Whether ``values`` (a list, or a dict's keys) are all text."""
    return isinstance(values, (list, dict)) and all(isinstance(v, str) for v in values)


def _take_terminal_width(width) -> None:
    """Give the search the client's terminal width, which this process (no terminal) cannot
    ask for: as ``$COLUMNS``, where :func:`searchtool.output.ansi.console_width` (and Rich)
    would have read the terminal, and never on a dumb terminal, which is 80 wide to both."""
    from searchtool.output.ansi import escape_codes_allowed  # start-up: loaded by _warm already

    columns = os.environ.get("COLUMNS", "")
    if isinstance(width, int) and not (columns.isdigit() and int(columns)) and escape_codes_allowed():
        os.environ["COLUMNS"] = str(width or 80)  # a pseudo-terminal may report 0 columns


def _parse(argv: list[str], pool) -> tuple[str, dict] | None:
    """The command and its values when this process runs it as the client would, else ``None``."""
    from searchtool.cli.args import resolve_index_dir  # start-up: loaded by _warm already
    from searchtool.cli.fastparse import parse_fast  # start-up: as above

    parsed = parse_fast(argv)
    if parsed is None or parsed[0] not in rp.ANSWERED:
        return None
    if os.path.realpath(resolve_index_dir(parsed[1]["index"])) != str(pool.index_dir):
        return None
    return parsed


def _run(command: str, values: dict, out, err, to_pager) -> int:
    """The command under the one-process guard, writing to ``out``/``err`` and handing what it
    would page to ``to_pager`` (after what it wrote before); its exit code."""
    from searchtool.cli.fastpath import BODIES  # start-up: loaded by _warm already
    from searchtool.cli.guard import run_guarded  # start-up: as above
    from searchtool.output import terminal  # start-up: as above

    def page_in_client(text: str, _out) -> None:
        for stream in (out, err):
            stream.flush()
        to_pager(text)

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    terminal.PAGE_ELSEWHERE = page_in_client
    try:
        try:
            run_guarded(lambda: BODIES[command](values))
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        for stream in (out, err):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        return code
    finally:
        sys.stdout, sys.stderr = saved
        terminal.PAGE_ELSEWHERE = None


def _channel(conn, kind: bytes, tty: bool, encoding: str, errors: str):
    """A text stream whose writes reach the client as ``kind`` frames, a terminal or not as
    the client's stream is, in its encoding."""

    class Channel(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def isatty(self) -> bool:
            return tty

        def write(self, data) -> int:
            _send(conn, kind, bytes(data))
            return len(data)

    try:
        return io.TextIOWrapper(io.BufferedWriter(Channel(), 1 << 16), encoding=encoding, errors=errors)
    except LookupError:  # an encoding this interpreter lacks: what the client's would do
        return io.TextIOWrapper(io.BufferedWriter(Channel(), 1 << 16), encoding="utf-8", errors=errors)


def _send(conn, kind: bytes, payload: bytes) -> None:
    conn.sendall(rp.frame(kind, payload))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: python -m searchtool.cli.resident_server INDEX IDLE_SECONDS\n")
        return 2
    try:
        idle = float(argv[1])
    except ValueError:
        return 2
    return serve(argv[0], idle)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

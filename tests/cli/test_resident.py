"""The resident search process: the next searches of an index are answered by a process that
keeps it open, with exactly the bytes, errors and exit codes a search in its own process gives,
and it never answers from an index that changed, for code that changed, or for anyone else.

Every test here turns resident processes on for its own searches only (``tests/conftest.py``
turns them off for the suite), in a socket folder of its own, and stops them at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchtool.cli import resident_protocol as rp
from searchtool.cli.args import resolve_index_dir
from searchtool.cli.fastparse import parse_fast
from searchtool.cli.resident_client import index_argument
from searchtool.indexing.update import update_index
from tests.support.collection import write_collection

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and posix_spawn")

TIMING = re.compile(rb"\(\d+ ms\)|\"elapsed_ms\": ?\d+(\.\d+)?")


@pytest.fixture
def resident_env():
    """An environment with resident processes on (30 s idle), sockets in a short folder of
    its own; the processes started in it are stopped afterwards."""
    runtime = tempfile.mkdtemp(prefix="st-", dir="/tmp")  # a socket path must stay short
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "SEARCHTOOL_INDEX")}
    env.update(SEARCHTOOL_RESIDENT="30", XDG_RUNTIME_DIR=runtime)
    yield env
    pids = [pid for pid, _index in rp.stop_all(env)]
    deadline = time.monotonic() + 10
    while pids and time.monotonic() < deadline:
        pids = [pid for pid in pids if _alive(pid)]
        time.sleep(0.05)
    shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture
def collection(tmp_path):
    """A small collection and its index, of this test's own (some tests change them)."""
    root = write_collection(tmp_path / "c", n=12)
    update_index([root], tmp_path / "ix", jobs=1)
    return root, tmp_path / "ix"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie of ours is not alive
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def cli(args: list, env: dict, cwd: Path | None = None) -> tuple[int, bytes, bytes]:
    """``searchtool ARGS...`` as a process: exit code, stdout, stderr (timings blanked)."""
    proc = subprocess.run([sys.executable, "-m", "searchtool", *args], capture_output=True, env=env, cwd=cwd, timeout=60)
    return proc.returncode, TIMING.sub(b"(T)", proc.stdout), TIMING.sub(b"(T)", proc.stderr)


def wait_running(env: dict, index: Path, timeout: float = 30.0) -> int:
    """The pid of the resident process of ``index``, once it answers."""
    real = os.path.realpath(index)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid, folder in rp.running(env):
            if folder == real and os.path.exists(rp.socket_path(real, env, create=False) or ""):
                return pid
        time.sleep(0.05)
    raise AssertionError(f"no resident process for {real}")


def wait_gone(env: dict, pid: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid) and all(p != pid for p, _ in rp.running(env)):
            return
        time.sleep(0.05)
    raise AssertionError(f"resident process {pid} still running")


def warm_modules(index: Path, args: list[str], env: dict) -> dict:
    """Run ``main()`` in a fresh interpreter: its exit code, output and the modules it imported."""
    code = """
import io, json, sys
sys.argv = ["searchtool", *json.loads(sys.argv[1])]
from searchtool.cli import main
out = io.BytesIO()
wrapper = io.TextIOWrapper(out, encoding="utf-8")
sys.stdout = wrapper
try:
    main()
except SystemExit as done:
    code = done.code
wrapper.flush()
text = out.getvalue().decode("utf-8")
sys.stdout = sys.__stdout__
print(json.dumps({"code": code, "out": text, "modules": sorted(sys.modules)}))
"""
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


SEARCHES = [
    ["missile defence"],
    ['"arms control"'],
    ["--any", "grain exports sanctions"],
    ["--json", "peace"],
    ["--facet", "year", "--facet", "speaker", "treaty"],
    ["--timeline", "sovereignty"],
    ["--cite", "bibtex", "nuclear"],
    ["--limit", "2", "--since", "2018", "security"],
    ["--speaker", "lavrov", "talks"],
    ["zzyzx"],  # no match: exit 1
    ['"unclosed'],  # an unbalanced quote, searched as the words
    ["--color", "purple", "peace"],  # a usage error: one line, exit 2
    ["--since", "2020", "--until", "2010", "peace"],
    ["nato~2 " * 300],  # bounded work: what was cut is said on stderr
    ["--limit", "notanumber", "peace"],  # the fast parser leaves it to Typer: the process runs it itself
    ["--help"],
]


def test_the_next_searches_give_exactly_what_a_search_in_its_own_process_gives(collection, resident_env):
    _root, index = collection
    off = {**resident_env, "SEARCHTOOL_RESIDENT": "off"}
    cli(["search", "--index", str(index), "peace"], resident_env)  # the first: starts one
    wait_running(resident_env, index)
    for args in SEARCHES:
        alone = cli(["search", "--index", str(index), *args], off)
        warm = cli(["search", "--index", str(index), *args], resident_env)
        assert warm == alone, args
    assert sum(1 for _pid, folder in rp.running(resident_env) if folder == os.path.realpath(index)) == 1


def _some_id(index: Path, env: dict) -> str:
    """The id of a statement of ``index`` (the first hit for "treaty")."""
    code, out, _err = cli(["search", "--index", str(index), "--json", "--limit", "1", "treaty"], {**env, "SEARCHTOOL_RESIDENT": "off"})
    assert code == 0
    return json.loads(out)["hits"][0]["id"]


def test_show_gives_exactly_what_a_show_in_its_own_process_gives(collection, resident_env):
    _root, index = collection
    off = {**resident_env, "SEARCHTOOL_RESIDENT": "off"}
    ident = _some_id(index, resident_env)
    cli(["show", "--index", str(index), ident], resident_env)  # a show starts one too
    pid = wait_running(resident_env, index)
    for args in (
        [ident],
        [ident[:6]],  # a prefix
        ["--json", ident],
        ["--query", "peace treaty", ident],
        ["--query", '"arms control"', "--color", "always", ident],  # colour on a pipe: no pager
        ["--query", "date:2012-13", ident],  # a bad query: one line, exit 2
        ["zzzzzz"],  # no such statement: one line, exit 1
        [f"{ident}#t99"],  # no such turn
        ["--index", str(index / "nothere"), ident],  # another folder: run by the client itself
    ):
        alone = cli(["show", "--index", str(index), *args], off)
        warm = cli(["show", "--index", str(index), *args], resident_env)
        assert warm == alone, args
    assert [p for p, folder in rp.running(resident_env) if folder == os.path.realpath(index)] == [pid]


def test_a_statement_is_paged_on_the_clients_terminal_with_its_pager(collection, resident_env, tmp_path):
    """``show`` on a terminal pages the statement: the resident process has no terminal, so the
    text comes back and the client's ``$PAGER`` runs on the client's terminal."""
    from benchmarks.pty_run import run_in_pty

    _root, index = collection
    ident = _some_id(index, resident_env)
    cli(["show", "--index", str(index), ident], resident_env)
    wait_running(resident_env, index)
    cmd = [sys.executable, "-m", "searchtool", "show", "--index", str(index), "--query", "treaty", ident]
    seen = tmp_path / "pager-saw"
    pager = f"sh -c 'if test -t 1; then echo terminal >> {seen}; else echo elsewhere >> {seen}; fi; cat'"
    for extra in ({"PAGER": pager}, {"PAGER": "false"}, {"PAGER": "/no/such/pager"}, {"PAGER": "cat", "NO_COLOR": "1"},
                  {"PAGER": "cat", "COLUMNS": "90"}):  # $COLUMNS over the terminal's 70, as for search results
        env = {**resident_env, "TERM": "xterm-256color", **extra}
        warm = run_in_pty(cmd, env, columns=70)
        alone = run_in_pty(cmd, {**env, "SEARCHTOOL_RESIDENT": "off"}, columns=70)
        assert warm == alone, extra
        assert warm[0] == 0 and "treaty" in warm[1].lower()
    assert seen.read_text().split() == ["terminal", "terminal"]  # once warm, once alone: both on the terminal


def test_a_search_answered_by_the_resident_process_imports_neither_whoosh_nor_the_engine(collection, resident_env):
    _root, index = collection
    first = warm_modules(index, ["search", "--index", str(index), "--json", "treaty"], resident_env)
    wait_running(resident_env, index)
    warm = warm_modules(index, ["search", "--index", str(index), "--json", "treaty"], resident_env)
    assert "whoosh" in first["modules"] and "whoosh" not in warm["modules"]
    assert not [m for m in warm["modules"] if m.startswith(("searchtool.searching", "searchtool.output", "rich", "typer"))]
    assert warm["code"] == first["code"] == 0
    strip = lambda doc: {k: v for k, v in json.loads(doc).items() if k != "elapsed_ms"}  # noqa: E731
    assert strip(warm["out"]) == strip(first["out"])
    ident = json.loads(warm["out"])["hits"][0]["id"]
    shown = warm_modules(index, ["show", "--index", str(index), ident], resident_env)
    assert shown["code"] == 0 and ident in shown["out"]
    assert not [m for m in shown["modules"] if m.startswith(("whoosh", "searchtool.searching", "searchtool.output", "rich", "typer"))]


def test_a_terminal_gets_the_same_colours_and_width_from_the_resident_process(collection, resident_env):
    from benchmarks.pty_run import run_in_pty

    _root, index = collection
    cli(["search", "--index", str(index), "peace"], resident_env)
    wait_running(resident_env, index)
    cmd = [sys.executable, "-m", "searchtool", "search", "--index", str(index), "missile defence"]
    for extra in ({}, {"NO_COLOR": "1"}, {"TERM": "dumb"}, {"COLUMNS": "100"}):
        for columns in (50, 120):
            env = {**resident_env, "TERM": "xterm-256color", **extra}
            warm = run_in_pty(cmd, env, columns=columns)
            alone = run_in_pty(cmd, {**env, "SEARCHTOOL_RESIDENT": "off"}, columns=columns)
            assert TIMING.sub(b"", warm[1].encode()) == TIMING.sub(b"", alone[1].encode()), (extra, columns)
            assert warm[0] == alone[0] == 0
    assert "\x1b[1;30;43m" in run_in_pty(cmd, {**resident_env, "TERM": "xterm"}, columns=80)[1]


def test_the_index_folder_is_found_from_the_callers_folder_and_environment(collection, resident_env):
    _root, index = collection
    cli(["search", "--index", str(index), "peace"], resident_env)
    wait_running(resident_env, index)
    off = {**resident_env, "SEARCHTOOL_RESIDENT": "off"}
    for args, env, cwd in (
        (["--index", "ix"], resident_env, index.parent),
        ([], {**resident_env, "SEARCHTOOL_INDEX": str(index)}, Path("/")),
        ([], resident_env, index.parent),  # ./index does not exist there: the same one-line error
        (["--index", "ix"], resident_env, Path("/")),
    ):
        warm = cli(["search", *args, "treaty"], env, cwd)
        alone = cli(["search", *args, "treaty"], {**off, **{k: v for k, v in env.items() if k == "SEARCHTOOL_INDEX"}}, cwd)
        assert warm == alone, (args, cwd)


def test_an_update_and_a_rebuild_are_seen_by_the_next_search_and_the_old_generation_goes(collection, resident_env):
    root, index = collection
    args = ["search", "--index", str(index), "--json", "quokka"]
    assert cli(args, resident_env)[0] == 1
    pid = wait_running(resident_env, index)
    assert cli(args, resident_env)[0] == 1
    (root / "new.txt").write_text("A quokka statement\nThe quokka spoke.\nMay 1, 2021\n", encoding="utf-8")
    assert cli(["index", "--index", str(index), "-q"], resident_env)[0] == 0
    code, out, _err = cli(args, resident_env)
    assert code == 0 and json.loads(out)["total"] == 1
    assert cli(["index", "--index", str(index), "--rebuild", "-q"], resident_env)[0] == 0
    code, out, _err = cli(args, resident_env)
    assert code == 0 and json.loads(out)["total"] == 1
    assert cli(["index", "--index", str(index), "-q"], resident_env)[0] == 0  # the next writer removes what was replaced
    assert len([p for p in index.iterdir() if p.name.startswith("gen-")]) == 1
    assert _alive(pid)  # the same process answered throughout


def test_a_file_of_the_index_changed_in_place_is_checked_again(collection, resident_env):
    """A damaged file is reported by the next search, as when each search opens the index."""
    _root, index = collection
    args = ["search", "--index", str(index), "treaty"]
    cli(args, resident_env)
    wait_running(resident_env, index)
    assert cli(args, resident_env)[0] == 0
    gen = next(p for p in index.iterdir() if p.name.startswith("gen-"))
    toc = next(gen.glob("_MAIN_*.toc"))
    data = bytearray(toc.read_bytes())
    data[len(data) // 2] ^= 0xFF
    toc.write_bytes(bytes(data))
    warm = cli(args, resident_env)
    alone = cli(args, {**resident_env, "SEARCHTOOL_RESIDENT": "off"})
    assert warm == alone and warm[0] == 2 and warm[2].count(b"\n") == 1


def test_the_process_ends_when_its_index_folder_goes_or_nothing_comes(collection, resident_env, tmp_path):
    _root, index = collection
    cli(["search", "--index", str(index), "treaty"], resident_env)
    pid = wait_running(resident_env, index)
    shutil.rmtree(index)
    wait_gone(resident_env, pid)
    other = tmp_path / "ix2"
    update_index([write_collection(tmp_path / "c2", n=3)], other, jobs=1)
    short = {**resident_env, "SEARCHTOOL_RESIDENT": "1"}
    cli(["search", "--index", str(other), "treaty"], short)
    wait_gone(short, wait_running(short, other))


def test_off_starts_none_and_two_first_searches_start_one(collection, resident_env):
    _root, index = collection
    off = {**resident_env, "SEARCHTOOL_RESIDENT": "off"}
    assert cli(["search", "--index", str(index), "treaty"], off)[0] == 0
    time.sleep(1.0)
    assert rp.running(off) == []
    procs = [subprocess.Popen([sys.executable, "-m", "searchtool", "search", "--index", str(index), "treaty"],
                              env=resident_env, stdout=subprocess.DEVNULL) for _ in range(3)]
    assert [p.wait(60) for p in procs] == [0, 0, 0]
    wait_running(resident_env, index)
    time.sleep(1.0)  # any later starter has found the lock by now
    assert [folder for _pid, folder in rp.running(resident_env)] == [os.path.realpath(index)]


def test_a_closed_pipe_ends_a_warm_search_quietly(collection, resident_env):
    _root, index = collection
    cli(["search", "--index", str(index), "treaty"], resident_env)
    wait_running(resident_env, index)
    command = f"{sys.executable} -m searchtool search --index {index} --limit 50 treaty | head -1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, env=resident_env, timeout=60)
    assert proc.returncode == 0 and proc.stderr == b"" and proc.stdout.count(b"\n") == 1


def test_the_resident_command_lists_and_stops_them(collection, resident_env):
    _root, index = collection
    assert cli(["resident"], resident_env)[1] == b"no resident search process is running\n"
    cli(["search", "--index", str(index), "treaty"], resident_env)
    pid = wait_running(resident_env, index)
    code, out, _ = cli(["resident"], resident_env)
    assert code == 0 and out == f"running  pid {pid}  {os.path.realpath(index)}\n".encode()
    code, out, _ = cli(["resident", "--stop"], resident_env)
    assert code == 0 and out.startswith(b"stopped  pid ")
    wait_gone(resident_env, pid)


def test_a_process_running_other_code_hands_the_search_back_and_ends(collection):
    """An upgrade or an edit changes the code stamp: the old process must not answer."""
    from searchtool.cli.resident_server import answer
    from searchtool.searching.resident import EnginePool, install

    _root, index = collection
    pool = EnginePool(index)
    install(pool)
    try:
        ours, theirs = socket.socketpair()
        with ours, theirs:
            request = {"argv": ["search", "--index", str(index), "treaty"], "cwd": "/", "env": {}, "stamp": "other"}
            theirs.sendall(rp.frame(rp.REQUEST, json.dumps(request).encode()))
            assert answer(ours, pool, rp.code_stamp()) is False
            with theirs.makefile("rb") as reply:
                assert rp.read_frame(reply) == (rp.FALLBACK, b"code")
    finally:
        install(None)
        pool.drop()


def test_a_socket_folder_others_can_enter_or_a_symlink_is_never_used(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir()
    env = {"XDG_RUNTIME_DIR": str(runtime)}
    assert rp.private_folder(env) == str(runtime / "searchtool")
    os.chmod(runtime / "searchtool", 0o755)
    assert rp.private_folder(env) is None and rp.socket_path("/x", env) is None
    os.rmdir(runtime / "searchtool")
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    os.symlink(tmp_path / "elsewhere", runtime / "searchtool")
    assert rp.private_folder(env) is None


@pytest.mark.parametrize(
    "setting, seconds",
    [("", rp.DEFAULT_IDLE), ("off", None), ("0", None), ("OFF", None), ("no", None), ("90", 90.0), ("2.5", 2.5),
     ("-1", None), ("nan", None), ("inf", None), ("soon", None)],
)
def test_the_setting_says_off_or_how_long_to_wait(setting, seconds):
    assert rp.idle_seconds({rp.RESIDENT_ENV: setting}) == seconds


@given(st.sampled_from([rp.STDOUT, rp.STDERR, rp.EXIT, rp.FALLBACK, rp.REQUEST]), st.binary(max_size=3000))
def test_a_frame_reads_back_as_written_and_a_cut_one_reads_as_the_end(kind, payload):
    import io

    data = rp.frame(kind, payload) + rp.frame(rp.EXIT, b"0")
    stream = io.BytesIO(data)
    assert rp.read_frame(stream) == (kind, payload)
    assert rp.read_frame(stream) == (rp.EXIT, b"0") and rp.read_frame(stream) is None
    assert rp.read_frame(io.BytesIO(data[: 5 + len(payload) - 1])) is None


TOKENS = ["--index", "--index=a", "--index=", "a", "b/c", "--json", "--limit", "3", "-x", "--any", "word", "--color", "never", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8), st.sampled_from(["", "envix"]))
def test_the_client_finds_the_index_folder_the_parser_names(words, env_index):
    """Whenever the fast parser accepts the arguments, the client asks the resident process
    of the folder the parser names (a misreading would only cost a search in its own process,
    but it would cost it every time)."""
    argv = ["search", *words]
    saved = os.environ.get("SEARCHTOOL_INDEX")
    try:
        if env_index:
            os.environ["SEARCHTOOL_INDEX"] = env_index
        else:
            os.environ.pop("SEARCHTOOL_INDEX", None)
        parsed = parse_fast(argv)
        if parsed is None:
            assert index_argument(argv) is None  # Typer's: the search runs in its own process
        else:
            assert Path(index_argument(argv)) == resolve_index_dir(parsed[1]["index"])
    finally:
        if saved is None:
            os.environ.pop("SEARCHTOOL_INDEX", None)
        else:
            os.environ["SEARCHTOOL_INDEX"] = saved


def test_a_searchtool_folder_in_the_callers_folder_is_not_what_answers(collection, resident_env, tmp_path):
    """The resident process runs the caller's package, not a checkout in the caller's folder
    (``python -m`` would put that folder first on its path)."""
    _root, index = collection
    work = tmp_path / "work"
    (work / "searchtool").mkdir(parents=True)
    (work / "searchtool" / "__init__.py").write_text("raise SystemExit('the wrong package')\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("searchtool")  # the console script: its own folder first on its path
    args = [str(exe), "search", "--index", str(index), "treaty"]
    first = subprocess.run(args, capture_output=True, env=resident_env, cwd=work, timeout=60)
    pid = wait_running(resident_env, index)
    warm = subprocess.run(args, capture_output=True, env=resident_env, cwd=work, timeout=60)
    assert first.returncode == warm.returncode == 0 and warm.stderr == b""
    assert TIMING.sub(b"", warm.stdout) == TIMING.sub(b"", first.stdout)
    time.sleep(0.5)
    assert [p for p, _ in rp.running(resident_env)] == [pid]  # it answered, and still runs


def test_an_answer_cut_after_output_is_an_error_and_one_cut_before_runs_the_search_here(monkeypatch):
    """A resident process that dies mid-answer: what was printed stays, one line says what
    happened (exit 2); one that dies before printing anything costs only a search here."""
    import io

    from searchtool.cli import resident_client

    class Out:
        def __init__(self):
            self.buffer = io.BytesIO()

        def flush(self):
            pass

    out, err = Out(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    cut = io.BytesIO(rp.frame(rp.STDOUT, b"10 of 42 statements\n") + rp.frame(rp.STDOUT, b"1. abc")[:7])
    assert resident_client._copy_answer(cut, "/nowhere", 30.0) == 2
    assert out.buffer.getvalue() == b"10 of 42 statements\n"
    assert err.getvalue().startswith("searchtool: error: the resident search process stopped mid-answer")
    assert resident_client._copy_answer(io.BytesIO(rp.frame(rp.STDOUT, b"x")[:3]), "/nowhere", 30.0) is None


def test_the_whole_answer_is_received_before_a_byte_is_written(monkeypatch):
    """A client whose reader stalls (`| less` left open) holds up itself only: it has taken the
    whole answer off the socket before writing, so the resident process moves on."""
    import io

    from searchtool.cli import resident_client

    frames = rp.frame(rp.STDOUT, b"a" * 5000) + rp.frame(rp.STDERR, b"note\n") + rp.frame(rp.STDOUT, b"b" * 5000)
    data = frames + rp.frame(rp.EXIT, b"0")
    stream = io.BytesIO(data)
    seen_at_first_write = []

    class Out:
        def __init__(self):
            self.buffer = self

        def write(self, payload):
            seen_at_first_write.append(stream.tell())
            return len(payload)

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", Out())
    monkeypatch.setattr(sys, "stderr", Out())
    assert resident_client._copy_answer(stream, "/nowhere", 30.0) == 0
    assert seen_at_first_write and seen_at_first_write[0] == len(data)


@pytest.mark.parametrize(
    "change",
    [{"env": {"BAD=NAME": "x"}}, {"env": {"A": 1}}, {"argv": ["search", 7]}, {"argv": "search"}, {"tty": [True]},
     {"cwd": "/no/such/folder"}],
    ids=["env-name", "env-value", "argv", "argv-text", "tty", "cwd"],
)
def test_a_request_it_cannot_take_on_is_handed_back_and_the_process_answers_the_next(collection, change):
    from searchtool.cli.resident_server import answer
    from searchtool.searching.resident import EnginePool, install

    _root, index = collection
    pool = EnginePool(index)
    install(pool)
    saved = dict(os.environ), os.getcwd()
    try:
        good = {"argv": ["search", "--index", str(index), "--json", "treaty"], "cwd": "/", "env": {"PATH": "/bin"},
                "stamp": rp.code_stamp(), "tty": [False, False, False], "out": ["utf-8", "strict"]}
        for request, wanted in (({**good, **change}, {rp.FALLBACK, None}), (good, {rp.EXIT})):
            ours, theirs = socket.socketpair()
            with ours, theirs:
                theirs.sendall(rp.frame(rp.REQUEST, json.dumps(request).encode()))
                assert answer(ours, pool, rp.code_stamp()) is True
                ours.close()
                with theirs.makefile("rb") as reply:
                    kinds = []
                    while (got := rp.read_frame(reply)) is not None:
                        kinds.append(got[0])
                if wanted == {rp.EXIT}:
                    assert kinds[-1] == rp.EXIT and rp.STDOUT in kinds
                else:  # handed back before a byte of output, or (a folder it cannot enter) nothing at all
                    assert kinds in ([rp.FALLBACK], [])
        assert dict(os.environ) == saved[0] and os.getcwd() == "/"
    finally:
        install(None)
        pool.drop()
        os.chdir(saved[1])


def test_the_pool_lends_one_engine_until_the_index_changes(collection):
    """Searches share the open engine; an update, then a rebuild, each make the next search
    open the index again, and a search of another folder gets none of it."""
    from searchtool.searching.engine import SearchRequest, open_engine
    from searchtool.searching.resident import EnginePool, install

    root, index = collection
    pool = EnginePool(index)
    install(pool)
    try:
        for _ in range(3):
            with open_engine(index) as engine:
                assert engine.search(SearchRequest("treaty")).total
        assert pool.opened == 1 and not pool.stale()
        (root / "new.txt").write_text("A wombat statement\nThe wombat spoke.\nMay 1, 2021\n", encoding="utf-8")
        update_index([root], index, jobs=1)
        assert pool.stale()
        with open_engine(index) as engine:
            assert engine.search(SearchRequest("wombat")).total == 1
        assert pool.opened == 2
        update_index([root], index, jobs=1, rebuild=True)
        with open_engine(index) as engine:
            assert engine.search(SearchRequest("wombat")).total == 1
        assert pool.opened == 3
        assert pool.lend(index.parent) is None
    finally:
        install(None)
        pool.drop()

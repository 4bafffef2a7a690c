"""Opening, reading or updating an index runs no code it holds (docs/trust-model.md).

Each crafted index is a real index whose writer had a payload slipped into one pickled structure
(the attack of design/reliability.md §6a, generalised): the payload would create a file. Every
command must leave that file absent and end with the one-line refusal (exit 2), never with a
traceback or "internal error".
"""

from __future__ import annotations

import gc
import pickle
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import searchtool.index  # noqa: F401  (installs the allow-list)
from searchtool.errors import SearchtoolError
from searchtool.index import safe_pickle, store
from searchtool.index.safe_pickle import UNTRUSTED_MESSAGE, SafeUnpickler, UntrustedIndexError
from searchtool.indexing.update import update_index
from tests.support.cli import run
from tests.support.collection import write_collection


def payload(marker: Path) -> bytes:
    """A pickle prefix that runs ``touch MARKER`` and leaves the stack as it was."""
    return b"cos\nsystem\n(S" + repr(f"touch {marker}").encode() + b"\ntR0"


def _caller(depth: int) -> tuple[str, str]:
    frame = sys._getframe(depth + 1)
    return Path(frame.f_code.co_filename).name, frame.f_code.co_name


#: Every pickled structure of an index, by where Whoosh's writer pickles it.
TARGETS = {
    "toc-schema": lambda obj, where: where == ("index.py", "write") and type(obj).__name__ == "Schema",
    "toc-segments": lambda obj, where: where == ("index.py", "write") and isinstance(obj, list),
    "postings-block-info": lambda obj, where: where[1] == "_write_block" and isinstance(obj[0], int),
    "postings-block-data": lambda obj, where: where[1] == "_write_block" and not isinstance(obj[0], int),
    "stored-fields": lambda obj, where: where == ("columns.py", "add") and isinstance(obj, dict),
    "term-table-extras": lambda obj, where: where[0] == "filetables.py",
}


def build_crafted(tmp_path: Path, target: str, monkeypatch) -> tuple[Path, Path, Path]:
    """A real index of a small collection whose ``target`` pickles carry the payload."""
    import whoosh.codec.whoosh3
    import whoosh.columns
    import whoosh.filedb.structfile
    import whoosh.index

    marker = tmp_path / "pwned"
    hit = []

    def wrap(real, depth):
        def dumps(obj, *args, **kwargs):
            data = real(obj, *args, **kwargs)
            if TARGETS[target](obj, _caller(depth)):
                hit.append(1)
                return payload(marker) + data
            return data

        return dumps

    def dump_pickle(obj, file, protocol=-1):  # StructFile.write_pickle's
        data = pickle.dumps(obj, protocol)
        if TARGETS[target](obj, _caller(2)):
            hit.append(1)
            data = payload(marker) + data
        file.write(data)

    with monkeypatch.context() as m:
        m.setattr(whoosh.codec.whoosh3, "dumps", wrap(pickle.dumps, 1))
        m.setattr(whoosh.columns, "dumps", wrap(pickle.dumps, 1))
        m.setattr(whoosh.filedb.structfile, "dump_pickle", dump_pickle)
        restricted = safe_pickle.restricted_pickle_module()
        restricted.dumps = wrap(pickle.dumps, 1)
        m.setattr(whoosh.index, "pickle", restricted)
        for module, attr, _ in safe_pickle._PATCHES:  # the writer reads back what it wrote
            m.setattr(sys.modules[module], attr, pickle.load if attr.startswith("load_") or attr == "load" else pickle.loads)
        corpus = write_collection(tmp_path / "corpus", n=6, words=30)
        ix = tmp_path / "ix"
        update_index([corpus], ix, jobs=1)
    assert hit, f"no {target} pickle was written: the crafted index would prove nothing"
    marker.unlink(missing_ok=True)  # the build itself read back what it wrote, unrestricted
    with warnings.catch_warnings():  # and left behind files a crafted pickle made it drop
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    return corpus, ix, marker


def commands(ix: Path, corpus: Path) -> list[list[str]]:
    (corpus / "b" / "st0000.txt").write_text("Changed title\nchanged body peace\nMay 1, 2020\n", encoding="utf-8")
    return [
        ["search", "--index", str(ix), "peace"],  # in every statement: postings in blocks
        ["search", "--index", str(ix), "Marker3"],  # in one statement: inlined postings
        ["search", "--index", str(ix), "peace", "--facet", "speaker", "--sort", "date"],
        ["show", "--index", str(ix), "--no-pager", "0"],
        ["stats", "--index", str(ix)],
        ["index", "--index", str(ix), "-q"],  # an update opens the live generation
    ]


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_crafted_index_runs_no_code_and_is_refused_in_one_line(tmp_path, monkeypatch, target):
    corpus, ix, marker = build_crafted(tmp_path, target, monkeypatch)
    refused = 0
    for args in commands(ix, corpus):
        result = run(*args)
        assert not marker.exists(), f"{target}: `{' '.join(args[:1])}` ran the index's code"
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
        if UNTRUSTED_MESSAGE in result.stderr:
            assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
            refused += 1
    assert refused, f"{target}: no command noticed the crafted pickle"


@pytest.mark.parametrize(
    "module,name",
    [
        ("os", "system"), ("posix", "system"), ("subprocess", "Popen"), ("builtins", "eval"),
        ("builtins", "getattr"), ("builtins", "__import__"), ("__builtin__", "exec"),
        ("whoosh.filedb.filestore", "FileStorage"), ("whoosh.codec.plaintext", "PlainTextCodec"),
        ("whoosh.fields", "os.system"), ("whoosh.fields", "sys"), ("searchtool.index.store", "open_index"),
        ("whoosh.codec.whoosh3", "W3FieldWriter"), ("this", "s"),
    ],
)
def test_allow_list_refuses_anything_an_index_never_holds(module, name):
    data = b"c" + module.encode() + b"\n" + name.encode() + b"\n."
    already = set(sys.modules)
    with pytest.raises(UntrustedIndexError) as err:
        safe_pickle.loads(data)
    assert str(err.value).startswith(UNTRUSTED_MESSAGE)
    assert set(sys.modules) - already == set(), "a refused module must not even be imported"


def test_allow_list_reads_what_a_searchtool_index_holds():
    from searchtool.index.schema import build_schema

    schema = build_schema()
    for protocol in range(0, pickle.HIGHEST_PROTOCOL + 1):
        again = safe_pickle.loads(pickle.dumps(schema, protocol))
        assert sorted(again.names()) == sorted(schema.names())
    values = ({1, 2}, frozenset("ab"), b"bytes", [1.5, None, "x"], {"k": (1, 2)})
    assert safe_pickle.loads(pickle.dumps(values, 2)) == values


def test_no_whoosh_module_keeps_an_unrestricted_unpickler():
    import searchtool.indexing.update  # noqa: F401  (the writer's Whoosh modules too)
    import searchtool.searching.engine  # noqa: F401

    import whoosh.legacy

    assert whoosh.legacy.toc_loaders == {}  # the only user of whoosh.util.loading's unpickler
    raw = {pickle.loads, pickle.load, pickle.Unpickler, pickle._loads, pickle._load, pickle._Unpickler}
    leaks = [
        f"{name}.{attr}"
        for name, module in list(sys.modules.items())
        if name.startswith("whoosh") and name != "whoosh.util.loading" and module is not None
        for attr, value in vars(module).items()
        if value is pickle or any(value is r for r in raw)
    ]
    assert leaks == []


@pytest.fixture(scope="module")
def toc_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("toc")
    corpus = write_collection(root / "corpus", n=5, words=20)
    ix = root / "ix"
    update_index([corpus], ix, jobs=1)
    toc = next(store.current_generation(ix).glob("_MAIN_*.toc"))
    return ix, toc, toc.read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_toc_bytes_give_results_or_one_line_error(toc_index, data):
    from searchtool.searching.engine import search
    from searchtool.searching.request import SearchRequest

    ix, toc, original = toc_index
    raw = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "insert", "truncate", "delete"]))
        at = data.draw(st.integers(0, max(0, len(raw) - 1)))
        if kind == "flip" and raw:
            raw[at] ^= data.draw(st.integers(1, 255))
        elif kind == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=16))
        elif kind == "truncate":
            del raw[at:]
        elif raw:
            del raw[at : at + data.draw(st.integers(1, 8))]
    toc.write_bytes(bytes(raw))
    try:
        search(ix, SearchRequest(query="peace"))
    except SearchtoolError as err:
        assert "\n" not in str(err)
    finally:
        toc.write_bytes(original)


def test_safe_unpickler_is_a_c_unpickler():
    """The restriction costs only the globals' lookups: the C unpickler does the rest."""
    assert issubclass(SafeUnpickler, pickle.Unpickler) and pickle.Unpickler is not pickle._Unpickler


_PICKLABLE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.binary(max_size=40) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=6) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=40,
)


@given(value=_PICKLABLE, protocol=st.integers(0, pickle.HIGHEST_PROTOCOL), tail=st.binary(max_size=8))
@settings(max_examples=150, deadline=None)
def test_buffered_loads_give_what_pickle_loads_gives(value, protocol, tail):
    # loads reads through a buffered reader (one peek, not a read per opcode); bytes after the
    # pickle's end are ignored as pickle.loads ignores them
    data = pickle.dumps(value, protocol) + tail
    assert safe_pickle.loads(data) == pickle.loads(data)
    assert safe_pickle.loads(memoryview(data)) == pickle.loads(data)

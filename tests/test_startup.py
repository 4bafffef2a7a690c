"""Start-up: what a search process imports (not how long it takes: timed tests are not allowed).

Each check runs in a fresh interpreter, since this test process has long imported everything.
The figures behind the module choices are in docs/design/search-speed.md: ``dataclasses``
(with ``inspect``) ~6-8 ms, ``urllib.request`` ~20 ms, ``whoosh.lang.morph_en`` ~5 ms,
``hashlib`` ~3 ms of a ~75 ms search process. The Whoosh boot itself is tested in
``tests/index/test_whoosh_boot.py``.
"""

from __future__ import annotations

import pytest

from searchtool.indexing.update import update_index
from tests.support.collection import write_collection
from tests.support.python import run_python

#: Modules the search path must not import, and why.
NEVER_ON_SEARCH_PATH = {
    "dataclasses": "imports inspect, ast, dis, tokenize",
    "inspect": "through dataclasses",
    "hashlib": "only the indexer hashes files",
    "urllib.request": "whoosh.compat's unused urlretrieve (see searchtool.index.whoosh_boot)",
    "html": "whoosh.compat's escape, for HTML highlight formatters",
    "calendar": "whoosh.util.times, for DATETIME fields",
    "tempfile": "whoosh.filedb.filestore, for temporary storage while writing",
    "shutil": "whoosh.filedb.compound and store, while writing",
    "whoosh.support.charset": "the accent table: a search reads it in the pickled schema (wildcards fold with it)",
    "whoosh.lang.morph_en": "only Whoosh's Variations query uses it (see searchtool.index.whoosh_boot)",
    "typer": "the fast CLI path parses search/show itself",
    "typing": "annotations only (TYPE_CHECKING); importing it costs ~2.5 ms",
    "rich": "search results, coloured or not, are written without Rich (searchtool.output.ansi)",
    "multiprocessing": "only the indexer starts workers",
    "searchtool.indexing": "a search never imports the writer (the dependency rule)",
}

#: A whole process: the CLI's ``main()`` with these arguments, its modules reported.
PROCESS = """
import json, sys
index, args = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["searchtool", *args, "--index", index]
from searchtool.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
print()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("startup")
    update_index([write_collection(tmp / "c", n=6)], tmp / "ix", jobs=1)
    return tmp / "ix"


def _unwanted(modules: list[str]) -> list[str]:
    return sorted(name for name in modules if any(name == m or name.startswith(m + ".") for m in NEVER_ON_SEARCH_PATH))


@pytest.mark.parametrize(
    "args",
    [
        ["search", "--color", "never", "nuclear treaty"],
        ["search", "--color", "always", "nuclear treaty", "--facet", "year"],
        ["search", "--color", "never", "type:comment treaty"],
        ["search", "--color", "never", "--type", "comment", "--speaker", "lavrov", "treaty"],
        ["search", "--json", '"security council" date:>=2015'],
        ["search", "--color", "never", "sovereign* OR nuclaer~"],
        ["show", "--color", "never", "--no-pager", "st"],
    ],
    ids=["words", "coloured", "type-field", "type-option", "json-phrase-date", "wildcard-fuzzy", "show"],
)
def test_a_piped_command_imports_none_of_them(index, args):
    """The whole ``searchtool search``/``show`` process, as the benchmark runs it (piped, and
    coloured as on a terminal)."""
    import json

    got = run_python(PROCESS, str(index), json.dumps(args))
    assert got["code"] in (0, 1)
    assert "whoosh.searching" in got["modules"]
    # A fuzzy word needs Whoosh's automata and a wildcard its accent table: they are loaded on
    # first use, by the queries that need them, and only then.
    needed = {"whoosh.automata.lev", "whoosh.support.charset"} if "nuclaer~" in args[-1] else set()
    assert sorted(set(_unwanted(got["modules"])) - needed) == []


def test_each_module_of_the_search_path_imported_first_imports_none_of_them(index):
    """Import order cannot lose the saving: every searchtool module a search loads, imported
    alone in a fresh process before anything else, pulls in none of the unwanted modules."""
    import json

    loaded = run_python(PROCESS, str(index), json.dumps(["search", "--color", "never", "nuclear treaty"]))["modules"]
    ours = [m for m in loaded if m.startswith("searchtool.")]
    assert "searchtool.index.store" in ours and "searchtool.searching.highlight" in ours
    got = run_python(
        """
        import importlib, json, subprocess, sys
        modules = json.loads(sys.argv[1])
        bad = {}
        for name in modules:
            code = f"import sys, json, {name}; print(json.dumps(sorted(sys.modules)))"
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            bad[name] = json.loads(out)
        print(json.dumps(bad))
        """,
        json.dumps(ours),
    )
    wrong = {name: _unwanted(modules) for name, modules in got.items() if _unwanted(modules)}
    assert wrong == {}


def test_searches_give_the_same_results_with_and_without_the_stand_ins(index):
    """Words, a fuzzy word, a phrase, a prefix, a date filter and a facet: the same JSON from a
    process that imported Whoosh with the stand-ins and one where the real modules came first."""
    code = """
        import contextlib, io, json, sys
        if sys.argv[2] == "real":
            import calendar, hashlib, html, queue, random, shutil, tempfile, urllib.request
            import whoosh.automata.lev, whoosh.lang.dmetaphone, whoosh.lang.morph_en
        from searchtool.cli import main
        index = sys.argv[1]
        docs = []
        for query in ("nuclear treaty", "nuclaer~", '"security council"', "sovereign*", "peace date:>=2018"):
            sys.argv = ["searchtool", "search", "--json", "--facet", "year", "--index", index, query]
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                try:
                    main()
                except SystemExit as done:
                    code = done.code
            doc = json.loads(out.getvalue())
            doc.pop("elapsed_ms", None)
            docs.append([code, doc])
        heavy = ("urllib.request", "whoosh.lang.morph_en", "hashlib", "calendar", "tempfile", "shutil")
        print(json.dumps({"docs": docs, "heavy": [m for m in heavy if m in sys.modules]}))
    """
    quick = run_python(code, str(index), "quick")
    real = run_python(code, str(index), "real")
    assert quick["heavy"] == [] and len(real["heavy"]) == 6
    assert quick["docs"] == real["docs"]
    assert all(code == 0 and doc["hits"] for code, doc in quick["docs"])

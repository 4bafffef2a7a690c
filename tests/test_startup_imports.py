"""Start-up: what a search process imports (not how long it takes: timed tests are not allowed).

Each check runs in a fresh interpreter, since this test process has long imported everything.
The figures behind the module choices are in the commit messages and the start-up report:
``dataclasses`` (with ``inspect``) ~6-8 ms, ``urllib.request`` ~20 ms, ``whoosh.lang.morph_en``
~5 ms, ``hashlib`` ~3 ms of a ~130 ms search process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.collection import write_collection

from searchtool.indexing.update import update_index  # noqa: E402


def run_python(code: str, *args: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON document as its last line."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


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
    "queue": "whoosh.compat, for the multiprocessing writer",
    "whoosh.automata.lev": "whoosh.codec.base, for fuzzy term lookups",
    "whoosh.lang.dmetaphone": "whoosh.analysis.morph, for the phonetic filter",
    "random": "whoosh.util and whoosh.classify, for new file names and clustering",
    "whoosh.highlight": "whoosh.searching, for Whoosh's own highlighter (only its Results use it)",
    "whoosh.support.charset": "the accent table: a search reads it in the pickled schema (wildcards fold with it)",
    "whoosh.lang.morph_en": "only Whoosh's Variations query uses it (see searchtool.index.whoosh_boot)",
    "typer": "the fast CLI path parses search/show itself",
    "typing": "annotations only (TYPE_CHECKING); importing it costs ~2.5 ms",
    "rich": "piped output is written without Rich",
}


def test_whoosh_is_imported_without_its_unused_heavy_modules():
    got = run_python(
        """
        import json, sys
        from searchtool.index.whoosh_boot import import_whoosh_quickly
        import_whoosh_quickly()
        import whoosh.query, whoosh.searching, whoosh.index
        import whoosh.codec.whoosh3
        heavy = ("urllib.request", "whoosh.lang.morph_en", "hashlib", "html", "calendar", "tempfile", "shutil",
                 "queue", "whoosh.automata.lev", "whoosh.lang.dmetaphone", "random", "whoosh.highlight")
        print(json.dumps({"whoosh": "whoosh.filedb.filetables" in sys.modules,
                          "loaded": [m for m in heavy if m in sys.modules]}))
        """
    )
    assert got == {"whoosh": True, "loaded": []}


def test_stand_ins_hand_calls_and_later_imports_to_the_real_modules(tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("fetched through the lazy urlretrieve\n")
    got = run_python(
        """
        import json, sys
        from pathlib import Path
        from searchtool.index.whoosh_boot import import_whoosh_quickly
        import_whoosh_quickly()
        import io
        from whoosh import compat
        from whoosh.filedb import compound, filestore, filetables
        from whoosh.query import terms
        from whoosh.analysis import morph
        from whoosh import util
        from whoosh.util import times

        # Whoosh's names, bound to the stand-ins' functions, load the real modules when called.
        through_stand_in = sorted(terms.variations("render"))
        target = Path(sys.argv[2])
        compat.urlretrieve(Path(sys.argv[1]).as_uri(), str(target))
        escaped = compat.htmlescape("<a href='x'>")
        copy = io.BytesIO()
        compound.copyfileobj(io.BytesIO(b"assembled"), copy)
        # Modules bound whole: any attribute is the real module's.
        month = times.calendar.monthrange(2024, 2)
        tempdir = filestore.tempfile.gettempdir()
        phonetic = morph.double_metaphone("Zakharova")
        name = util.random_name(12)

        import calendar, hashlib, html, queue, random, shutil, tempfile
        import urllib.request
        import whoosh.lang.dmetaphone
        import whoosh.lang
        import whoosh.lang.morph_en as morph_en

        # A Variations query (the one user of morph_en) finds inflections.
        from whoosh.fields import TEXT, Schema
        from whoosh.filedb.filestore import RamStorage
        ix = RamStorage().create_index(Schema(body=TEXT(stored=True)))
        with ix.writer() as w:
            w.add_document(body="the image was rendered twice")
            w.add_document(body="nothing to see")
        with ix.searcher() as s:
            results = s.search(terms.Variations("body", "render"))
            found = [h["body"] for h in results]
            results_highlighter = results.highlighter  # made through whoosh.searching's stand-in
            # Fuzzy term lookups go through whoosh.automata.lev (bound whole by the codec).
            near = sorted(s.reader().terms_within("body", "rendred", 1))

        print(json.dumps({
            "through_stand_in": through_stand_in,
            "real": sorted(morph_en.variations("render")),
            "morph_en_file": getattr(morph_en, "__file__", None),
            "same_module": whoosh.lang.morph_en is morph_en is sys.modules["whoosh.lang.morph_en"],
            "urllib_file": getattr(urllib.request, "__file__", None),
            "urllib_real": hasattr(urllib.request, "Request") and sys.modules["urllib.request"] is urllib.request,
            "copied": target.read_text(),
            "hashlib_real": hasattr(hashlib, "blake2b") and sys.modules["hashlib"] is hashlib,
            "md5_same": [filetables.md5_hash(k) == int(hashlib.md5(k).hexdigest(), 16) & 0xFFFFFFFF
                         for k in (b"", b"nato", "Россия".encode())],
            "found": found,
            "results_highlighter": type(results_highlighter).__module__,
            "near": near,
            "queue": compat.queue.Queue is queue.Queue,
            "escaped": escaped == html.escape("<a href='x'>") == "&lt;a href=&#x27;x&#x27;&gt;",
            "copied_by_shutil": copy.getvalue().decode(),
            "month": month,
            "tempdir": tempdir == tempfile.gettempdir(),
            "phonetic": list(phonetic) == list(whoosh.lang.dmetaphone.double_metaphone("Zakharova")),
            "random_name": len(name) == 12 and util.random.choice is random.choice,
            "real_modules": [sys.modules[m] is m_ and hasattr(m_, "__file__")
                     for m, m_ in (("calendar", calendar), ("html", html), ("shutil", shutil), ("tempfile", tempfile))],
        }))
        """,
        str(source),
        str(tmp_path / "copy.txt"),
    )
    assert "rendered" in got["through_stand_in"]
    assert got["through_stand_in"] == got["real"]
    assert got["morph_en_file"] and got["morph_en_file"].endswith(("morph_en.py", "morph_en.pyc"))
    assert got["same_module"]
    assert got["urllib_file"] and got["urllib_real"]
    assert got["copied"] == "fetched through the lazy urlretrieve\n"
    assert got["hashlib_real"] and got["md5_same"] == [True, True, True]
    assert got["found"] == ["the image was rendered twice"]
    assert got["near"] == ["rendered"] and got["queue"]
    assert got["results_highlighter"] == "whoosh.highlight"
    assert got["escaped"] and got["copied_by_shutil"] == "assembled"
    assert got["month"] == [3, 29] and got["tempdir"]
    assert got["phonetic"] and got["random_name"]
    assert got["real_modules"] == [True, True, True, True]


def test_a_module_needed_while_whoosh_is_imported_is_the_real_one(tmp_path):
    """Something else in the import window asks the stand-in for a name it does not offer:
    it gets the real module's (the stand-in steps aside), never an error."""
    (tmp_path / "window_probe.py").write_text("import calendar\nfrom calendar import isleap\nLEAP = isleap(2024)\n")
    got = run_python(
        """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        from searchtool.index import whoosh_boot as whoosh_import
        whoosh_import._import_standing_in("window_probe", {"calendar": ("monthrange",)})
        import calendar, window_probe
        print(json.dumps({"leap": window_probe.LEAP, "through_bound_name": window_probe.calendar.isleap(2023),
                          "real": sys.modules["calendar"] is calendar and hasattr(calendar, "__file__")}))
        """,
        str(tmp_path),
    )
    assert got == {"leap": True, "through_bound_name": False, "real": True}


def test_nothing_changes_when_the_real_modules_are_already_there():
    got = run_python(
        """
        import json, sys
        import calendar, hashlib, html, shutil, tempfile, urllib.request, whoosh.lang.morph_en
        names = ("urllib.request", "whoosh.lang.morph_en", "hashlib", "html", "calendar", "tempfile", "shutil")
        real = [sys.modules[name] for name in names]
        from searchtool.index.whoosh_boot import import_whoosh_quickly
        import_whoosh_quickly()
        from whoosh import compat
        from whoosh.filedb import compound, filestore, filetables
        from whoosh.query import terms
        from whoosh.util import times
        print(json.dumps({"kept": [sys.modules[name] for name in names] == real,
                          "bound": [compat.urlretrieve is urllib.request.urlretrieve,
                                    compat.htmlescape is html.escape,
                                    terms.variations is whoosh.lang.morph_en.variations,
                                    filetables.md5 is hashlib.md5,
                                    compound.copyfileobj is shutil.copyfileobj,
                                    times.calendar is calendar, filestore.tempfile is tempfile]}))
        """
    )
    assert got == {"kept": True, "bound": [True] * 7}


def test_modules_of_the_search_path_do_not_import_what_search_never_needs():
    """Each module on the search path, imported in the order a search imports them."""
    got = run_python(
        """
        import json, sys
        import searchtool.cli, searchtool.output.render, searchtool.errors, searchtool.dates, searchtool.searching.datequery
        import searchtool.values, searchtool.chars
        from searchtool.index.whoosh_boot import import_whoosh_quickly
        import_whoosh_quickly()
        import searchtool.index.store, searchtool.index.manifest, searchtool.index.schema, searchtool.index.analysis
        import searchtool.searching.query, searchtool.searching.highlight
        print(json.dumps(sorted(sys.modules)))
        """
    )
    unwanted = {name: why for name, why in NEVER_ON_SEARCH_PATH.items() if name in got}
    assert not unwanted


def test_a_piped_search_imports_none_of_them(tmp_path):
    """The whole ``searchtool search`` process, as the benchmark runs it (piped, no colour)."""
    ix = tmp_path / "ix"
    update_index([write_collection(tmp_path / "c", n=6)], ix, jobs=1)
    got = run_python(
        """
        import json, sys
        sys.argv = ["searchtool", "search", "--index", sys.argv[1], "--color", "never", "nuclear treaty"]
        from searchtool.cli import main
        try:
            main()
        except SystemExit as done:
            code = done.code
        print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
        """,
        str(ix),
    )
    assert got["code"] == 0
    assert "whoosh.searching" in got["modules"]
    checked = set(NEVER_ON_SEARCH_PATH)
    assert sorted(name for name in checked if name in got["modules"]) == []


def test_searches_give_the_same_results_with_and_without_the_stand_ins(tmp_path):
    """Words, a fuzzy word, a phrase, a prefix, a date filter and a facet: the same JSON from a
    process that imported Whoosh with the stand-ins and one where the real modules came first."""
    ix = tmp_path / "ix"
    update_index([write_collection(tmp_path / "c", n=12)], ix, jobs=1)
    code = """
        import io, json, sys
        if sys.argv[2] == "real":
            import calendar, hashlib, html, queue, random, shutil, tempfile, urllib.request
            import whoosh.automata.lev, whoosh.lang.dmetaphone, whoosh.lang.morph_en
        from searchtool.output.render import print_search
        from searchtool.searching.engine import SearchRequest
        docs = []
        for query in ("nuclear treaty", "nuclaer~", '"security council"', "sovereign*", "peace date:>=2018"):
            out = io.StringIO()
            code = print_search(sys.argv[1], SearchRequest(query=query, facets=("year",)), json_output=True, out=out)
            docs.append([code, json.loads(out.getvalue())])
        heavy = ("urllib.request", "whoosh.lang.morph_en", "hashlib", "calendar", "tempfile", "shutil")
        print(json.dumps({"docs": docs, "heavy": [m for m in heavy if m in sys.modules]}))
    """
    quick = run_python(code, str(ix), "quick")
    real = run_python(code, str(ix), "real")
    assert quick["heavy"] == [] and len(real["heavy"]) == 6
    assert quick["docs"] == real["docs"]
    assert all(code == 0 and doc["hits"] for code, doc in quick["docs"])


def test_without_the_builtin_md5_whoosh_gets_hashlib_and_the_other_stand_ins_still_apply():
    """An interpreter built without its own hashes has no ``_md5``: Whoosh then imports hashlib."""
    got = run_python(
        """
        import json, sys
        sys.modules["_md5"] = None  # makes `from _md5 import md5` fail as on such a build
        from searchtool.index.whoosh_boot import import_whoosh_quickly
        import_whoosh_quickly()
        from whoosh.filedb import filetables
        import hashlib
        print(json.dumps({"md5": filetables.md5 is hashlib.md5,
                          "loaded": [m for m in ("shutil", "urllib.request") if m in sys.modules]}))
        """
    )
    assert got == {"md5": True, "loaded": []}

"""The Whoosh boot (:mod:`searchtool.index.whoosh_boot`): Whoosh is imported without the modules
it loads for names a search never uses, and everything still behaves as plain Whoosh does.

Stand-ins answer for those modules while Whoosh is imported and hand every call to the real
module; later imports get the real modules; and a process that searched first still writes
indexes plain Whoosh reads (found in review of the boot, fd52a07). Each check runs in a fresh
interpreter, since this test process has long imported everything.
"""

from __future__ import annotations

from pathlib import Path

from searchtool.indexing.update import update_index
from tests.support.collection import content, write_collection
from tests.support.python import run_python

WRITE = """
import json, sys
from pathlib import Path
corpus, index_dir, searched_ix, jobs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
found = None
if searched_ix:
    from searchtool.searching.engine import Engine, SearchRequest
    with Engine(searched_ix) as engine:
        found = engine.search(SearchRequest("peace treaty", any=True, snippets=False)).total
from whoosh.filedb import filetables
from searchtool.indexing.update import update_index
update_index([corpus], index_dir, jobs=jobs)
changed = sorted(corpus.rglob("st*.txt"))[::4]
for path in changed:  # a second run: deletions in the first segment(s), a new segment
    path.write_text("Changed statement\\nNew words about the harbour treaty.\\nMay 5, 2019\\n", encoding="utf-8")
update_index([corpus], index_dir, jobs=jobs)
from searchtool.searching.engine import Engine, SearchRequest
with Engine(index_dir) as engine:
    harbour = engine.search(SearchRequest("harbour", snippets=False)).total
    segments = len(engine.searcher.leaf_searchers())
print(json.dumps({"found": found, "harbour": harbour, "changed": len(changed), "segments": segments,
                  "md5": getattr(filetables.md5, "__module__", None) or type(filetables.md5).__name__,
                  "stand_ins_left": [m for m in ("tempfile", "shutil", "random", "hashlib", "calendar", "queue", "html")
                                     if m in sys.modules and not hasattr(sys.modules[m], "__file__")
                                     and sys.modules[m].__name__ not in sys.builtin_module_names]}))
"""

READ_PLAIN = """
import json, sys
from pathlib import Path
from whoosh.index import open_dir
gen = sorted(Path(sys.argv[1]).glob("gen-*"))[-1]
ix = open_dir(str(gen))
with ix.searcher() as s:
    r = s.reader()
    terms = list(r.all_terms())
    ids = [f["id"] for _, f in r.iter_docs()]
    print(json.dumps({
        "hashlib": hasattr(sys.modules.get("hashlib"), "sha256"),
        "terms": len(terms),
        "every_term_found": all((f, t) in r and r.doc_frequency(f, t) > 0 for f, t in terms),
        "ids_found": all(s.document_number(id=i) is not None for i in ids),
        "live": s.doc_count(),
    }))
"""



def test_whoosh_is_imported_without_its_unused_heavy_modules():
    got = run_python(
        """
        import json, sys
        from searchtool.index.whoosh_boot import import_whoosh_quickly
        import_whoosh_quickly()
        import whoosh.query, whoosh.searching, whoosh.index
        import whoosh.codec.whoosh3
        heavy = ("urllib.request", "whoosh.lang.morph_en", "hashlib", "html", "calendar", "tempfile", "shutil")
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

def test_a_process_that_searched_first_writes_the_same_index_plain_whoosh_reads(tmp_path):
    searched = tmp_path / "searched"
    update_index([write_collection(tmp_path / "c0", n=8)], searched, jobs=1)
    results = {}
    for name, searched_ix, jobs in (("after_search", str(searched), "1"), ("after_search_2_jobs", str(searched), "2"),
                                    ("fresh", "", "1")):
        corpus = write_collection(tmp_path / name / "c", n=24)
        results[name] = run_python(WRITE, str(corpus), str(tmp_path / name / "ix"), searched_ix, jobs)
    after, fresh = results["after_search"], results["fresh"]
    assert after["found"] and fresh["found"] is None
    assert after["md5"] == "_md5"  # the built-in md5 the stand-in hands Whoosh's hash tables
    for got in results.values():
        assert got["harbour"] == got["changed"] > 0 and got["segments"] >= 2
        assert got["stand_ins_left"] == []

    def comparable(index_dir: Path, root: Path):
        stored, postings = content(index_dir)
        drop = str(root)
        stored = {k: {f: (v.replace(drop, "") if isinstance(v, str) else v) for f, v in d.items()} for k, d in stored.items()}
        postings = {(f, t.replace(drop.encode(), b"") if isinstance(t, bytes) else t, i, v) for f, t, i, v in postings}
        return stored, postings

    reference = comparable(tmp_path / "fresh" / "ix", tmp_path / "fresh")
    for name in ("after_search", "after_search_2_jobs"):
        assert comparable(tmp_path / name / "ix", tmp_path / name) == reference, name
        plain = run_python(READ_PLAIN, str(tmp_path / name / "ix"))
        assert plain["hashlib"] and plain["terms"] > 100
        assert plain["every_term_found"] and plain["ids_found"] and plain["live"] == 24 + 3

"""Review of searchtool.index.whoosh_boot: a process that searched first (Whoosh imported with the
stand-ins, hash tables keyed with the built-in ``_md5``) can still write indexes, and those
indexes are the same as, and readable like, indexes written by a process that never searched.

Each writer runs in a fresh interpreter, since this test process has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.collection import content, write_collection

from searchtool.indexing.update import update_index  # noqa: E402

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


def run_python(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


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

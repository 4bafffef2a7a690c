"""The peer engines of ``benchmarks/relevance.py``: each indexes a BEIR corpus and ranks queries.

Every peer gets the same documents (title and text of each ``corpus.jsonl`` line), the same
cleaned queries (:func:`searchtool.evaluate.clean_query`) and returns its top ``depth`` ids, with
its own default any-word semantics and BM25 settings, as a user of that engine would see them.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Callable, Mapping

Run = dict[str, list[str]]


def read_corpus(corpus: Path) -> list[tuple[str, str, str]]:
    """``(id, title, text)`` for every line of a BEIR ``corpus.jsonl``."""
    docs = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                docs.append((str(obj["_id"]), obj.get("title") or "", obj.get("text") or ""))
    return docs


def run_tantivy(docs, queries: Mapping[str, str], depth: int) -> Run:
    """Tantivy (tantivy-py): title and body fields with the ``en_stem`` tokenizer, default BM25."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=False, tokenizer_name="en_stem")
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer()
    for doc_id, title, text in docs:
        writer.add_document(tantivy.Document(id=doc_id, title=title, body=text))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    run: Run = {}
    for qid, text in queries.items():
        words = [w for w in text.split() if "'" not in w and "’" not in w] or text.split()
        if not words:
            run[qid] = []
            continue
        query = index.parse_query(" ".join(words), ["title", "body"])
        hits = searcher.search(query, depth).hits
        run[qid] = [searcher.doc(addr)["id"][0] for _, addr in hits]
    return run


def run_fts5(docs, queries: Mapping[str, str], depth: int) -> Run:
    """SQLite FTS5: ``porter unicode61`` tokenizer, words ORed, ordered by ``bm25()``."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(docid UNINDEXED, title, body, tokenize='porter unicode61')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", docs)
    run: Run = {}
    for qid, text in queries.items():
        words = text.split()
        if not words:
            run[qid] = []
            continue
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = db.execute(
            "SELECT docid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, depth)
        ).fetchall()
        run[qid] = [r[0] for r in rows]
    db.close()
    return run


def run_bm25s(docs, queries: Mapping[str, str], depth: int) -> Run:
    """bm25s: title and text as one field, PyStemmer English stems, English stop words."""
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    ids = [d[0] for d in docs]
    corpus_tokens = bm25s.tokenize([f"{t}\n{b}" for _, t, b in docs], stopwords="en", stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    vocab = set(corpus_tokens.vocab)
    k = min(depth, len(ids))
    run: Run = {}
    for qid, text in queries.items():
        tokens = bm25s.tokenize([text], stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False)[0]
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            run[qid] = []
            continue
        found, scores = retriever.retrieve([tokens], k=k, show_progress=False)
        run[qid] = [ids[int(i)] for i, s in zip(found[0], scores[0]) if s > 0]
    return run


#: Peer name -> runner; the names are the keys of the benchmark's JSON output.
PEERS: dict[str, Callable] = {"tantivy": run_tantivy, "fts5": run_fts5, "bm25s": run_bm25s}

"""The reference peer for benchmarks/search_speed.py: one tantivy-py search as a whole process.

    python benchmarks/search_tantivy_peer.py TANTIVY_INDEX_DIR QUERY

Does what ``searchtool search`` does for the user: open the index, parse the query, find the top
10 and the total count, make a highlighted body snippet for each hit and print them.
"""

from __future__ import annotations

import sys

import tantivy


def main() -> int:
    index = tantivy.Index.open(sys.argv[1])
    searcher = index.searcher()
    query = index.parse_query(sys.argv[2], ["title", "body"])
    result = searcher.search(query, 10, count=True)
    snippets = tantivy.SnippetGenerator.create(searcher, query, index.schema, "body")
    lines = [f"{result.count} statements"]
    for rank, (score, address) in enumerate(result.hits, 1):
        doc = searcher.doc(address)
        snippet = snippets.snippet_from_doc(doc)
        lines.append(f"{rank}. {doc['title'][0]} ({score:.2f})")
        lines.append("   " + snippet.fragment().replace("\n", " "))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0 if result.count else 1


if __name__ == "__main__":
    sys.exit(main())

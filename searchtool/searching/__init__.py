"""Searching: the user's query text -> ranked, filtered, highlighted hits.

The query grammar, building it against the schema, date expressions, matching and BM25F scoring
from bulk-read postings, relevance feedback, highlighting, and the engine that ties them
together with facets, the any-word fallback and spelling suggestions.
"""

# Whoosh first, with its start-up stand-ins (searchtool.index boots it), whichever module of this
# package is imported first: every module here imports Whoosh at its top.
import searchtool.index  # noqa: E402,F401  (pyflakes: the import is the point)

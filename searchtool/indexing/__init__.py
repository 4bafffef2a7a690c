"""Indexing: building and updating the index (the writer side).

Plans what changed since the last run, reads the changed files with :mod:`searchtool.reading`,
writes segments (in worker processes for large runs), and swaps a new generation in atomically
under the writer lock. A search never imports this package.
"""

# Whoosh is set up by searchtool.index before any writer module imports it (the same boot as a
# search's: one order for every process).
import searchtool.index  # noqa: E402,F401  (pyflakes: the import is the point)

"""Indexing: building and updating the index (the writer side).

Plans what changed since the last run, reads the changed files with :mod:`searchtool.reading`,
writes segments (in worker processes for large runs), and swaps a new generation in atomically
under the writer lock. A search never imports this package.
"""

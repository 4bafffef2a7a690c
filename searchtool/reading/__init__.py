"""Reading: files on disk -> :class:`~searchtool.record.Record` values with their metadata.

Finding files and giving them stable ids, decoding their bytes, splitting the statement layout
(title, body, date line), JSON records and CSV sidecars, and extracting speakers, posts and
document types with the pattern tables of :mod:`searchtool.reading.rules`. Knows nothing of the
index: no Whoosh, no Rich.
"""

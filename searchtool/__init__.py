"""searchtool: terminal full-text search for collections of official statements.

A library first; the CLI (:mod:`searchtool.cli`) is a thin face on it. The package's folders are
the stages data flows through, one way::

    reading/    files -> Record values: formats, encodings, the statement layout, metadata rules
    indexing/   Records -> the index on disk: plan the update, write segments, swap generations
    index/      the index on disk, read side: schema, analysis, postings, generations, columns
    searching/  query text -> ranked, filtered, highlighted hits: grammar, building, scoring
    output/     results -> plain text, Rich, JSON (receives results; never runs a search)
    cli/        arguments -> one library call -> output; errors as one line and an exit code

over a base layer of small modules every stage may use (``errors``, ``values``, ``chars``,
``dates``, ``doctypes``, ``record``). ``tests/test_layers.py`` enforces which package may import
which (docs/design/architecture.md). Modules on the search path import ``typing`` only under
``TYPE_CHECKING``: importing it costs ~2.5 ms of every search.

The public Python API is the names in :data:`__all__`, documented in docs/python-api.md. They are
imported on first use, so ``import searchtool`` costs nothing the caller does not use::

    import searchtool
    searchtool.update_index(["statements/"], "index")
    result = searchtool.search("index", searchtool.SearchRequest(query='"missile defense"'))
"""

__version__ = "0.1.0"

#: Public name -> the module that defines it (imported on first access).
_API = {
    "Record": "searchtool.record",
    "SearchtoolError": "searchtool.errors",
    "UsageError": "searchtool.errors",
    "IndexMissingError": "searchtool.errors",
    "IndexLockedError": "searchtool.errors",
    "read_paths": "searchtool.reading.reader",
    "read_source": "searchtool.reading.reader",
    "discover": "searchtool.reading.files",
    "ReadReport": "searchtool.reading.report",
    "update_index": "searchtool.indexing.update",
    "build_index": "searchtool.indexing.update",
    "IndexSummary": "searchtool.indexing.summary",
    "index_stats": "searchtool.index.stats",
    "Engine": "searchtool.searching.engine",
    "search": "searchtool.searching.engine",
    "show": "searchtool.searching.engine",
    "Statement": "searchtool.searching.engine",
    "SearchRequest": "searchtool.searching.request",
    "SearchResult": "searchtool.searching.request",
    "Hit": "searchtool.searching.request",
    "timeline": "searchtool.searching.timeline",
    "kwic": "searchtool.searching.kwic",
    "collocates": "searchtool.searching.collocates",
    "add_watch": "searchtool.searching.watches",
    "run_watches": "searchtool.searching.watches",
    "find_clusters": "searchtool.searching.duplicates",
    "find_reuse": "searchtool.searching.reuse",
    "cite": "searchtool.searching.citation",
    "cite_search": "searchtool.searching.citation",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'searchtool' has no attribute {name!r}")
    import importlib  # start-up: only when a caller asks for an API name

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

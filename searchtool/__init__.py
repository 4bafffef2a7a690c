"""searchtool: terminal full-text search for collections of official statements.

The package is a library first; the CLI in :mod:`searchtool.cli` is a thin face on it.
Data flows one way: read (``reader``) -> parse metadata (``extract``) -> index (``indexer``)
-> query (``query``/``search``) -> render (``render``).
"""

__version__ = "0.1.0"

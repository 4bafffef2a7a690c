"""Old name of :mod:`searchtool.index.postings`, kept for indexes written before the package move.

Whoosh pickles the schema into every index with the module path of each class
(``searchtool.postings.<Class>``), and unpickles it on open: an index built by searchtool 0.1.0
names this module. Keep until the next SCHEMA_VERSION bump, whose automatic rebuild rewrites
every index with the new paths (``tests/index/test_compat.py`` opens such an index).
"""

import searchtool.index.postings as _new

globals().update({k: v for k, v in vars(_new).items() if not k.startswith("__")})
del _new

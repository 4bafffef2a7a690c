"""The index on disk, read side: schema, analysis, postings format, generations, manifest.

Whoosh is set up here. Importing this package first imports the Whoosh modules a search needs
with stand-ins for the modules it never uses (:mod:`searchtool.index.whoosh_boot`): the one
deliberate side effect of an import in searchtool, made structural so that no import order can
lose the saving (every module that touches Whoosh lives in ``index/``, ``indexing/`` or
``searching/``, and each of those reaches Whoosh through this package). Writers are unaffected:
the stand-ins give way to the real modules on first use (tested in ``tests/index``).

The same structure guarantees the allow-list every Whoosh unpickling goes through
(:mod:`searchtool.index.safe_pickle`): it is installed before anything can open an index, so
opening one runs no code it holds.
"""

import warnings as _warnings

from searchtool.index.blockpickle import install as _pickle_blocks_faster
from searchtool.index.safe_pickle import install as _restrict_unpickling
from searchtool.index.whoosh_boot import import_whoosh_quickly

# Whoosh 2.7.4 predates Python 3.8-3.12's warnings: `x is 0` (SyntaxWarning), invalid escape
# sequences (DeprecationWarning, SyntaxWarning from 3.12) and deprecated APIs. They are printed
# whenever its modules are compiled (no .pyc yet, PYTHONDONTWRITEBYTECODE, a read-only
# site-packages) and say nothing a user could act on. Compile-time warnings name the file
# (".../whoosh/codec/whoosh3"), run-time ones the module ("whoosh.codec.whoosh3").
for _category in (SyntaxWarning, DeprecationWarning):
    _warnings.filterwarnings("ignore", category=_category, module=r"(.*[\\/])?whoosh([\\/.]|$)")

import_whoosh_quickly()
_restrict_unpickling()  # before any index is opened: an index's pickles run no code
_pickle_blocks_faster()  # before any index is written: posting blocks in protocol 4

"""Import Whoosh without the heavy modules it loads for names a search never calls (~25 ms).

Three Whoosh imports load large modules for a single name:

- ``whoosh.compat`` (imported by every Whoosh module) runs ``from urllib.request import
  urlretrieve``, which pulls in http.client, email, ssl and more (~20 ms), for a function
  nothing in Whoosh calls;
- ``whoosh.query.terms`` runs ``from whoosh.lang.morph_en import variations`` for the
  ``Variations`` query, which searchtool never builds; ``morph_en`` compiles a few hundred
  regular expressions at import (~5 ms);
- ``whoosh.filedb.filetables`` runs ``from hashlib import md5`` to place keys in its hash
  tables; ``hashlib`` loads OpenSSL (~3 ms) where the interpreter's built-in ``_md5`` computes
  the same digests (and is faster on short keys).

While each of those Whoosh modules is imported, a stand-in module answers the import: for the
first two with a function that imports the real module on first call and hands the call on,
so Whoosh behaves exactly as before; for ``hashlib`` with the built-in ``md5`` (skipped where
the interpreter lacks ``_md5``). The stand-ins leave ``sys.modules`` right after, so any later
``import urllib.request``, ``import whoosh.lang.morph_en`` or ``import hashlib`` gets the real
module.
"""

from __future__ import annotations

import sys


def import_whoosh_quickly() -> None:
    """Import the Whoosh modules a search needs, with the stand-ins described above.

    A stand-in is used only while neither the Whoosh module nor the module it replaces has been
    imported: otherwise the real one is there already and costs nothing more.
    """
    if _both_absent("whoosh.compat", "urllib.request"):
        _import_standing_in("whoosh.compat", "urllib.request", urlretrieve=_lazy("urllib.request", "urlretrieve"))
    if _both_absent("whoosh.query.terms", "whoosh.lang.morph_en"):
        _import_standing_in("whoosh.query", "whoosh.lang.morph_en", variations=_lazy("whoosh.lang.morph_en", "variations"))
    if _both_absent("whoosh.filedb.filetables", "hashlib"):
        try:
            from _md5 import md5
        except ImportError:  # an interpreter built without its own hashes: hashlib it is
            return
        # After whoosh.query: the modules filetables imports are loaded, so only it sees the stand-in.
        _import_standing_in("whoosh.filedb.filetables", "hashlib", md5=md5)


def _both_absent(importer: str, name: str) -> bool:
    return importer not in sys.modules and name not in sys.modules


def _lazy(module: str, attr: str):
    """A function that imports ``module`` on first call and calls its ``attr``."""

    def call(*args, **kwargs):
        import importlib

        return getattr(importlib.import_module(module), attr)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    call.__doc__ = f"``{module}.{attr}``, imported on first call (see searchtool.whoosh_import)."
    return call


def _import_standing_in(importer: str, name: str, **attrs) -> None:
    """Import module ``importer`` while a stand-in module ``name`` holding ``attrs`` answers for ``name``."""
    import importlib
    import types

    stand_in = types.ModuleType(name, "stand-in while Whoosh is imported (searchtool.whoosh_import)")
    stand_in.__dict__.update(attrs)
    sys.modules[name] = stand_in
    try:
        importlib.import_module(importer)
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        parent_name, _, child = name.rpartition(".")
        parent = sys.modules.get(parent_name) if parent_name else None
        if parent is not None and getattr(parent, child, None) is stand_in:
            delattr(parent, child)

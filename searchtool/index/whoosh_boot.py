"""Import Whoosh without the modules it loads for names a search never uses.

Whoosh 2.7.4 imports several modules at start-up for one rarely used name each. Those costing a
millisecond or more of a search are kept out (figures: the import's cost in a process that has
loaded everything else a search loads, least of 11 runs, 2-core machine under load 9):

- ``whoosh.compat`` (imported by every Whoosh module): ``from urllib.request import
  urlretrieve`` (http.client, email, ssl and more: 27 ms; nothing in Whoosh calls it) and
  ``from html import escape`` (1.3 ms; for HTML highlight formatters);
- ``whoosh.query.terms``: ``from whoosh.lang.morph_en import variations``, for the
  ``Variations`` query that searchtool never builds (9 ms: hundreds of regular expressions);
- ``whoosh.util.times``: ``import calendar`` (with ``locale``, 1.4 ms), for DATETIME fields;
- ``whoosh.filedb.filestore``: ``import tempfile`` (2.8 ms with ``shutil``), for temporary
  storage while writing;
- ``whoosh.filedb.compound``: ``from shutil import copyfileobj`` (with ``bz2`` and ``lzma``,
  1.7 ms), for assembling compound files while writing;
- ``whoosh.filedb.filetables``: ``from hashlib import md5`` to place keys in its hash tables;
  ``hashlib`` loads OpenSSL (2.7 ms) where the interpreter's built-in ``_md5`` computes the same
  digests (faster, too, on short keys).

The others are imported as Whoosh asks (``queue`` 0.4 ms, ``random`` 0.7 ms,
``whoosh.highlight`` 0.4 ms, ``whoosh.automata.lev`` 0.4 ms, ``whoosh.lang.dmetaphone``
0.3 ms): a stand-in for each saved less than a millisecond, not worth its lines.

While those Whoosh modules are imported, a stand-in module answers for each of these: the names
Whoosh imports from it are functions that import the real module on first call and hand the
call on, and any other attribute is looked up in the real module, imported then; so Whoosh
behaves exactly as before. Only ``hashlib``'s ``md5`` is the built-in one (no stand-in where the
interpreter lacks ``_md5``). The stand-ins leave ``sys.modules`` right after, so any later
``import shutil`` (or of any of the others) gets the real module.
"""

from __future__ import annotations

import sys


def import_whoosh_quickly() -> None:
    """Import the Whoosh modules a search needs, with the stand-ins described above.

    A Whoosh module already imported is left alone, and a module already imported gets no
    stand-in (the real one is there and costs nothing more).
    """
    _import_standing_in("whoosh.compat", {"urllib.request": ("urlretrieve",), "html": ("escape",)})
    _import_standing_in("whoosh.query", {"whoosh.lang.morph_en": ("variations",), "calendar": (), "tempfile": ()})
    later: dict[str, tuple[str, ...]] = {"shutil": ("copyfileobj",)}
    given: dict[str, dict] = {}
    try:
        from _md5 import (
            md5,  # optional: an interpreter may be built without its own hashes
        )
    except ImportError:  # an interpreter built without its own hashes: hashlib it is
        pass
    else:
        later["hashlib"] = ()
        given["hashlib"] = {"md5": md5}
    # Last: what the codec imports besides these is loaded by now, so only it meets the stand-ins.
    _import_standing_in("whoosh.codec.whoosh3", later, given)


def _import_standing_in(
    importer: str, stand_ins: dict[str, tuple[str, ...]], given: dict[str, dict] | None = None
) -> None:
    """Import module ``importer`` while modules not yet imported are answered by stand-ins.

    ``stand_ins`` maps a module to the names ``importer`` takes from it (``from M import name``):
    those become lazy functions. ``given`` maps a module to names its stand-in offers as they are.
    """
    if importer in sys.modules:
        return
    import types  # start-up: only when a stand-in is placed (nothing to do once Whoosh is in)

    placed = {}
    for name, functions in stand_ins.items():
        if name in sys.modules:
            continue
        stand_in = types.ModuleType(name, "stand-in while Whoosh is imported (searchtool.index.whoosh_boot)")
        stand_in.__getattr__ = _real_attribute(name, stand_in)  # type: ignore[attr-defined]
        for function in functions:
            setattr(stand_in, function, _lazy(name, function, stand_in))
        stand_in.__dict__.update((given or {}).get(name, {}))
        placed[name] = stand_in
    sys.modules.update(placed)
    try:
        _import(importer)
    finally:
        for name, stand_in in placed.items():
            _withdraw(name, stand_in)


def _real_module(name: str, stand_in):
    """The real module ``name``; while ``stand_in`` is still in place, it is withdrawn first."""
    _withdraw(name, stand_in)
    return _import(name)


def _import(name: str):
    """``import name`` as the import statement does it (``importlib.import_module`` would hide
    the module from ``python -X importtime``, which is how these savings are measured)."""
    __import__(name)
    return sys.modules[name]


def _withdraw(name: str, stand_in) -> None:
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]
    parent_name, _, child = name.rpartition(".")
    parent = sys.modules.get(parent_name) if parent_name else None
    if parent is not None and getattr(parent, child, None) is stand_in:
        delattr(parent, child)


def _real_attribute(name: str, stand_in):
    def __getattr__(attr: str):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)  # probes such as __path__ or __file__: this is no package
        return getattr(_real_module(name, stand_in), attr)

    return __getattr__


def _lazy(name: str, function: str, stand_in):
    """A function that imports module ``name`` on first call and calls its ``function``."""

    def call(*args, **kwargs):
        return getattr(_real_module(name, stand_in), function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    call.__doc__ = f"``{name}.{function}``, imported on first call (see searchtool.index.whoosh_boot)."
    return call

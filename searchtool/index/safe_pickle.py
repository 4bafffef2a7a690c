"""Every pickle an index holds is read through an allow-list: opening an index runs no code.

Whoosh 2.7.4 keeps Python pickles in an index: the schema and the segment list in the TOC file
(``_MAIN_N.toc``), posting-block headers and data in ``.pst``, inlined postings in ``.trm``,
stored fields and column headers in the column files, extras in its hash tables. ``pickle``
calls whatever a pickle names, so an index folder someone sends you could run any command the
moment it is opened (a crafted TOC did, in the attack report ``design/reliability.md`` §6a).

:func:`install` points every place Whoosh unpickles at :func:`loads`/:func:`load`, whose
``find_class`` resolves only what a legitimate index holds (docs/trust-model.md):

- plain values and containers (``set``, ``frozenset``, ``defaultdict``, ``array``, bytes);
- Whoosh's schema, field, format, analyzer (tokenizer/filter), column, codec and segment
  classes: classes defined in those Whoosh modules that derive from their base classes;
- the same kinds of classes defined by searchtool itself (``searchtool.index.*`` and the
  schema-3 alias modules);
- the few functions an analyzer holds (Porter stemmers) and ``re._compile`` for its regexes.

Anything else (``os.system``, ``subprocess.Popen``, ``builtins.eval``, a dotted attribute path,
a module outside the list, which is never even imported) raises :class:`UntrustedIndexError`:
one line, exit 2. The check runs only on the globals a pickle names (a handful per schema,
about one per posting block): the C unpickler does the rest, so searches pay microseconds.
"""

from __future__ import annotations

import functools
import io
import pickle
import sys
import types

from searchtool.errors import SearchtoolError

#: The one line every command says when an index names something outside the allow-list.
UNTRUSTED_MESSAGE = "this index holds something searchtool did not write: refusing to open it"


class UntrustedIndexError(SearchtoolError):
    """An index pickle names a class or function outside the allow-list (exit 2)."""

    def __init__(self, what: str):
        super().__init__(f"{UNTRUSTED_MESSAGE} (it names {what[:120]!r})")
        self.what = what


#: Exact (module, name) pairs a legitimate index may name. ``__builtin__``/``copy_reg`` are the
#: Python 2 spellings protocol 2 pickles use; the unpickler maps them to Python 3 names.
ALLOWED_NAMES: frozenset[tuple[str, str]] = frozenset(
    [(mod, name) for mod in ("builtins", "__builtin__") for name in (
        "set", "frozenset", "dict", "list", "tuple", "int", "long", "float", "str", "unicode",
        "bytes", "bytearray", "bool", "NoneType", "object",
    )]
    + [
        ("copyreg", "_reconstructor"), ("copy_reg", "_reconstructor"),  # protocol 0/1 objects
        ("collections", "defaultdict"), ("collections", "OrderedDict"),
        ("_codecs", "encode"),  # how protocol 2 spells a bytes value
        ("array", "array"), ("array", "_array_reconstructor"),
        ("re", "_compile"),  # a tokenizer's compiled pattern
        ("whoosh.lang.porter", "stem"), ("whoosh.lang.porter2", "stem"),
        # the per-language analyzer's stemmers: plain data (the algorithm's name), no Whoosh base
        ("searchtool.index.multilang", "SnowballStem"),
    ]
)

#: Modules whose classes may appear when they derive from one of :func:`_safe_bases`.
CLASS_MODULES_EXACT = frozenset(
    {"whoosh.fields", "whoosh.formats", "whoosh.columns", "whoosh.codec.whoosh3",
     "searchtool.schema", "searchtool.analysis", "searchtool.postings"}
)
CLASS_MODULE_PREFIXES = ("whoosh.analysis.", "searchtool.index.")
CLASS_MODULES_PACKAGES = frozenset({"whoosh.analysis"})

_SAFE_BASES: tuple[type, ...] = ()


def _safe_bases() -> tuple[type, ...]:
    """The Whoosh base classes whose subclasses are data an index may hold."""
    global _SAFE_BASES
    if not _SAFE_BASES:
        # start-up: this module is imported before Whoosh is booted (whoosh_boot); these are
        # loaded by then
        from whoosh.analysis.acore import Composable  # start-up: as above
        from whoosh.codec.base import Codec, Segment  # start-up: as above
        from whoosh.columns import Column  # start-up: as above
        from whoosh.fields import FieldType, Schema  # start-up: as above
        from whoosh.formats import Format  # start-up: as above

        _SAFE_BASES = (FieldType, Schema, Format, Composable, Column, Codec, Segment)
    return _SAFE_BASES


def _class_module(module: str) -> bool:
    return module in CLASS_MODULES_EXACT or module in CLASS_MODULES_PACKAGES or module.startswith(CLASS_MODULE_PREFIXES)


class SafeUnpickler(pickle.Unpickler):
    """``pickle.Unpickler`` that resolves only the allow-list of this module."""

    def find_class(self, module: str, name: str):
        if (module, name) in ALLOWED_NAMES:
            return super().find_class(module, name)
        # A dotted name walks attributes (protocol 4): never needed by an index, so never allowed.
        if "." not in name and _class_module(module):
            obj = getattr(sys.modules.get(module) or _import(module), name, None)
            if isinstance(obj, type) and issubclass(obj, _safe_bases()) and _class_module(obj.__module__):
                return obj
        raise UntrustedIndexError(f"{module}.{name}")


def _import(module: str):
    __import__(module)  # only modules of the allow-list reach here
    return sys.modules[module]


def loads(data, *args, **kwargs):
    """``pickle.loads`` through the allow-list.

    The bytes go through a buffered reader as large as they are: the C unpickler then takes
    them with one ``peek`` where over a bare ``BytesIO`` it calls ``read`` once per opcode,
    which made a posting block (128 postings) ~2.3x slower to load than ``pickle.loads``
    (190 against 85 us); buffered, it loads as fast as ``pickle.loads``.
    """
    return SafeUnpickler(io.BufferedReader(io.BytesIO(data), max(len(data), 1))).load()


def load(file, *args, **kwargs):
    """``pickle.load`` through the allow-list."""
    return SafeUnpickler(file).load()


#: Where Whoosh 2.7.4 took its own references to the unpickling functions, by attribute. The
#: plain-text codec and the multiprocessing writer are left out: searchtool never imports them,
#: and the allow-list refuses a segment that names the former.
_PATCHES = (
    ("whoosh.compat", "loads", loads),
    ("whoosh.compat", "load", load),
    ("whoosh.codec.whoosh3", "loads", loads),
    ("whoosh.columns", "loads", loads),
    ("whoosh.formats", "loads", loads),  # positions of fields in Whoosh's own formats
    ("whoosh.filedb.structfile", "load_pickle", load),
)


def restricted_pickle_module() -> types.ModuleType:
    """A stand-in for the ``pickle`` module whose ``loads``/``load``/``Unpickler`` are restricted
    (Whoosh's TOC reader calls ``pickle.loads`` through its module reference)."""
    module = types.ModuleType("pickle", "pickle with an allow-list unpickler (searchtool.index.safe_pickle)")
    module.__dict__.update({k: v for k, v in vars(pickle).items() if not k.startswith("__")})
    module.loads, module.load, module.Unpickler = loads, load, SafeUnpickler
    return module


def install() -> None:
    """Point every unpickling Whoosh does when it opens and reads an index at the allow-list."""
    # start-up: called once Whoosh is booted (whoosh_boot), which a top-level import would undo
    import whoosh.compat  # start-up: as above
    import whoosh.index  # start-up: as above (the TOC reader)
    import whoosh.legacy  # start-up: as above

    for module, attr, value in _PATCHES:
        setattr(_import(module), attr, value)
    whoosh.index.pickle = whoosh.compat.pickle = restricted_pickle_module()
    import whoosh.reading  # start-up: as above

    read = whoosh.index.TOC.__dict__["read"].__func__
    if not getattr(read, "closes_on_error", False):
        whoosh.index.TOC.read = classmethod(_closing_on_error(read))
        whoosh.reading.SegmentReader.__init__ = _closing_on_error(whoosh.reading.SegmentReader.__init__)
    # Old TOC formats go through Whoosh's legacy loaders (an unrestricted RenamingUnpickler):
    # searchtool never wrote them, so none is accepted.
    whoosh.legacy.toc_loaders.clear()


def _closing_on_error(function):
    """``function`` closing the index files it opened when it fails (Whoosh leaves them open,
    to be found by the garbage collector with a ResourceWarning, when a pickle is refused)."""
    from whoosh.filedb.structfile import StructFile  # start-up: as above, Whoosh booted first

    @functools.wraps(function)
    def closing(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except BaseException as err:
            tb = err.__traceback__.tb_next if err.__traceback__ else None  # below this frame
            while tb is not None:
                for value in list(tb.tb_frame.f_locals.values()):
                    if isinstance(value, StructFile) and not value.is_closed:
                        value.close()
                tb = tb.tb_next
            raise

    closing.closes_on_error = True  # type: ignore[attr-defined]
    return closing

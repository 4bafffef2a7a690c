"""A damaged index (truncated or corrupted files) reported as one line with the fix.

Whoosh reports an unreadable file in many ways (struct, zlib and pickle errors, ``EOFError``, a
bare ``Exception`` for a bad block tag). :func:`is_damage` tells them from bugs by where they
were raised; :func:`damaged` is the one message every command gives.
"""

from __future__ import annotations

import functools
import os
import pickle
import struct
import zlib
from pathlib import Path

from searchtool.errors import SearchtoolError
from searchtool.index import bulkread, postings


def damaged(index_dir: Path, err: BaseException) -> SearchtoolError:
    """The one-line error for an index whose files cannot be read back, with the command that
    rebuilds it."""
    kind = type(err).__name__
    kind = f"{type(err).__module__}.{kind}" if kind == "error" else kind  # struct.error, zlib.error
    detail = (f"{kind}: {err}" if str(err) else kind).splitlines()[0][:200]
    return SearchtoolError(
        f"index at {index_dir} is damaged ({detail}); rebuild it with: searchtool index --rebuild --index {index_dir}"
    )


#: Where Whoosh reads index files: an error raised there while reading means a damaged file.
_STORAGE_CODE = tuple(os.sep + os.path.join("whoosh", part) for part in ("filedb", "codec", "columns.py", "reading.py", "util"))


#: Our own postings decoders, judged by the modules' files (not a path string that a move would break).
_POSTINGS_CODE = (postings.__file__, bulkread.__file__)


def is_damage(err: BaseException) -> bool:
    """Whether ``err`` comes from Whoosh failing to read an index file (truncated, garbage).

    Judged by where it was raised (Whoosh's file and codec code, or our postings decoder) and
    its kind (data errors, and the bare ``Exception`` Whoosh raises for a bad block tag);
    anything else is a bug and must not be reported as damage.
    """
    kinds = (struct.error, EOFError, OSError, ValueError, IndexError, KeyError, zlib.error, pickle.UnpicklingError)
    if not (isinstance(err, kinds) or type(err) is Exception):
        return False
    tb = err.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    if last is None:
        return False
    return any(part in last for part in _STORAGE_CODE) or last in _POSTINGS_CODE


def reports_damage(method):
    """A method of an object with an ``index_dir`` that reports a damaged index file as one line
    with the fix (:func:`damaged`), not as a Whoosh traceback; any other error goes on as it is."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except SearchtoolError:
            raise
        except Exception as err:
            if not is_damage(err):
                raise
            raise damaged(self.index_dir, err) from None

    return wrapper

"""How a statement's values are written in every output: its source with the record number,
its speakers with their posts, sizes, and JSON documents.

One place for each, so that a search hit, a shown statement, a parsed record and the index's
summary spell the same value the same way.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, Callable, TextIO


def record_path(path: str, recno: int | None) -> str:
    """``path#recno`` for a record of a multi-record file (JSON Lines, CSV), else ``path``."""
    return path if recno is None else f"{path}#{recno}"


def with_posts(speakers: list[str], posts: list[str]) -> list[str]:
    """"Name (Post)" for each speaker: ``posts[i]`` is the post of ``speakers[i]``, "" if unknown."""
    out = []
    for i, name in enumerate(speakers):
        post = posts[i] if i < len(posts) else ""
        out.append(f"{name} ({post})" if post else name)
    return out


def human_size(n: float) -> str:
    """A byte count as people read it: ``512 B``, ``105.2 KB``, ``1.3 GB`` (powers of 1000)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def write_json(doc: dict[str, Any], out: TextIO) -> None:
    """One indented JSON document (``search --json``, ``show --json``), non-ASCII kept as is."""
    out.write(json.dumps(doc, ensure_ascii=False, indent=2))
    out.write("\n")


def write_in_format(out: TextIO, *, as_json: bool, as_csv: bool, color: bool, to_json: Callable[[], dict[str, Any]],
                    to_csv: Callable[[TextIO], None], to_text: Callable[[TextIO, bool], None]) -> None:
    """One result in the format asked for: a JSON document, CSV rows, or text (coloured with
    ``color``); each command supplies the three ways it is written."""
    if as_json:
        write_json(to_json(), out)
    elif as_csv:
        to_csv(out)
    else:
        to_text(out, color)
    out.flush()

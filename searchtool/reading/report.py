"""What a read did: files, records, the problems met on the way, and how to spell them.

The reader never raises for bad content; it counts and records here what it skipped and warned
about, so that ``parse`` and ``index`` can report it the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from searchtool.errors import SearchtoolError
from searchtool.reading.sniff import READABLE


@dataclass
class ReadReport:
    """What a read did: files, records, warnings and skips, for the run's summary."""

    files_read: int = 0
    records: int = 0
    warnings: list[tuple[str, int | None, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    #: folders that could not be listed: their files are unknown, not gone
    unreadable_folders: list[str] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)  # records per format ("text", "html", "pdf"...)

    def warn(self, path: str | Path, line: int | None, message: str) -> None:
        self.warnings.append((str(path), line, message))

    def skip(self, path: str | Path, reason: str) -> None:
        self.skipped.append((str(path), reason))

    def summary(self) -> str:
        """One line for the end of a run."""
        odd = {p: e for p, e in self.encodings.items() if e not in ("utf-8", "utf-8-sig")}
        parts = [
            f"{self.files_read} file{'s' if self.files_read != 1 else ''} read",
            f"{self.records} record{'s' if self.records != 1 else ''}",
            f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}",
            f"{len(self.skipped)} skipped",
        ]
        if odd:
            parts.append(f"{len(odd)} not UTF-8")
        return ", ".join(parts) + format_counts(self.formats)


def nothing_readable(paths: Sequence[Any], skipped: list[tuple[str, str]]) -> SearchtoolError:
    """The error of a run that found no statement: how many files were skipped, why, and what is read."""
    reasons = sorted({why for _, why in skipped})
    detail = f" ({'; '.join(reasons[:3])}{'; ...' if len(reasons) > 3 else ''})" if reasons else ""
    return SearchtoolError(
        f"nothing readable in {', '.join(str(p) for p in paths)}: {len(skipped)} file(s) skipped{detail}",
        hint=f"searchtool reads {', '.join(READABLE.values())}",
    )


def format_counts(formats: dict[str, int]) -> str:
    """" (html 3, pdf 2, text 1)": records per format, when they are not all plain text or JSON."""
    if not formats or set(formats) <= {"text"} or set(formats) <= {"jsonl"} or set(formats) <= {"json"}:
        return ""
    return " (" + ", ".join(f"{name} {count:,}" for name, count in sorted(formats.items())) + ")"


def describe_problem(item: Any) -> str:
    """'path:line: message' from the reader's (path, line, message) or (path, reason) tuples."""
    if isinstance(item, (tuple, list)):
        if len(item) == 3:
            path, line, message = item
            return f"{path}:{line}: {message}" if line else f"{path}: {message}"
        if len(item) == 2:
            return f"{item[0]}: {item[1]}"
    return str(item)

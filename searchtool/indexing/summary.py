"""What an indexing run reports: its summary, and the progress callbacks it calls while it works.

Apart from the writer so that its planning (:mod:`searchtool.indexing.changes`), its writing
(:mod:`searchtool.indexing.update`) and output's report can all name them without importing
each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from searchtool.reading.report import format_counts


@dataclass
class IndexSummary:
    """What one ``searchtool index`` run did, for the summary table, ``--json`` and tests."""

    index_dir: str
    added: int = 0  # files
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    records_added: int = 0
    records_removed: int = 0
    records_total: int = 0
    skipped: list[str] = field(default_factory=list)  # "path: reason"
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0  # the run's work, after it took the writer lock
    waited: float = 0.0  # seconds spent waiting for the writer lock first
    index_bytes: int = 0
    rebuilt: bool = False
    jobs: int = 1
    notes: list[str] = field(default_factory=list)
    run: int = 0  # the index run number this run wrote (0: nothing changed)
    formats: dict[str, int] = field(default_factory=dict)  # records added per format ("html": 3)

    @property
    def formats_text(self) -> str:
        """" (html 3, pdf 2, text 1)" for the final line; "" when all are plain text or JSON."""
        return format_counts(self.formats)

    @property
    def noop(self) -> bool:
        return not (self.added or self.updated or self.removed or self.rebuilt)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["noop"] = self.noop
        return data


class Progress:
    """Callbacks an indexing run reports to; the default does nothing (tests, --quiet)."""

    def start(self, files: int, nbytes: int) -> None:
        pass

    def advance(self, files: int, records: int, nbytes: int) -> None:
        pass

    def stop(self) -> None:
        pass

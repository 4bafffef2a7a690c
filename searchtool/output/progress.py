"""A progress bar on stderr for analyses that read many statements (kwic, collocates, a timeline
per word): shown only on a terminal, refreshed at most ten times a second from the loop itself."""

from __future__ import annotations

import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO


class StatementsBar:
    """``start(total)``, ``advance(n)``, ``stop()``: the calls of the library's ``Steps``."""

    def __init__(self, label: str, stream: IO[str] | None = None, force_terminal: bool | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.force_terminal = force_terminal
        self.bar = None
        self.task = None
        self.last = 0.0

    def start(self, total: int) -> None:
        from rich.console import Console  # start-up: Rich ~23 ms, only when the bar is shown
        from rich.progress import (  # start-up: as above
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(file=self.stream, force_terminal=self.force_terminal)
        self.bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TextColumn("statements"),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                            console=console, auto_refresh=False, transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=total)
        self.bar.refresh()

    def advance(self, n: int = 1) -> None:
        if self.bar is None:
            return
        self.bar.update(self.task, advance=n)
        now = time.monotonic()
        if now - self.last >= 0.1:
            self.last = now
            self.bar.refresh()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

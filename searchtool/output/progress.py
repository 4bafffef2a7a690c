"""A progress bar on stderr for analyses that read many statements (kwic, collocates, a timeline
per word): shown only on a terminal, refreshed at most ten times a second from the loop itself."""

from __future__ import annotations

import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any


#: Seconds between two redraws of a bar: often enough to look alive, rarely enough that
#: drawing costs nothing next to the work it reports.
REFRESH_EVERY = 0.1


class Throttle:
    """Says when a bar redrawn from the work's own loop is due again (at most every
    :data:`REFRESH_EVERY` seconds): bars are drawn without Rich's refresh thread."""

    def __init__(self) -> None:
        self.last = 0.0

    def due(self) -> bool:
        now = time.monotonic()
        if now - self.last >= REFRESH_EVERY:
            self.last = now
            return True
        return False


def rich_bar(stream: IO[str], force_terminal: bool | None, *columns: Any) -> Any:
    """A transient Rich progress bar on ``stream`` with these columns (the bar's first column
    is what it counts), redrawn only when asked (:class:`Throttle`)."""
    from rich.console import Console  # start-up: Rich ~23 ms, only when a bar is shown
    from rich.progress import Progress  # start-up: as above

    console = Console(file=stream, force_terminal=force_terminal)
    return Progress(*columns, console=console, auto_refresh=False, transient=True)


class StatementsBar:
    """``start(total)``, ``advance(n)``, ``stop()``: the calls of the library's ``Steps``."""

    def __init__(self, label: str, stream: IO[str] | None = None, force_terminal: bool | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.force_terminal = force_terminal
        self.bar = None
        self.task = None
        self.throttle = Throttle()

    def start(self, total: int) -> None:
        from rich.progress import (  # start-up: Rich ~23 ms, only when the bar is shown
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = rich_bar(self.stream, self.force_terminal, TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                            TextColumn("statements"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=total)
        self.bar.refresh()

    def advance(self, n: int = 1) -> None:
        if self.bar is None:
            return
        self.bar.update(self.task, advance=n)
        if self.throttle.due():
            self.bar.refresh()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

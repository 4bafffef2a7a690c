"""What a long analysis (kwic, collocates, a timeline per word) reports while it reads statements.

The library counts; whoever called it decides whether that shows (a bar on a terminal: the CLI
passes output's bar). The default does nothing, so library calls and tests need none.
"""

from __future__ import annotations


class Steps:
    """Progress callbacks: ``start(total)`` statements to read, ``advance(n)`` read, ``stop()``."""

    def start(self, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def stop(self) -> None:
        pass


#: Below this many statements to read, no bar is started (it would only flash).
QUIET_BELOW = 200


def steps_or_none(progress: Steps | None) -> Steps:
    return progress if progress is not None else Steps()

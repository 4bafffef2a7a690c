"""A stand-in for a terminal: output that says it is a tty and keeps what is written to it."""

from __future__ import annotations


class FakeTerminal:
    """A stdout that says it is a terminal and keeps what is written to it."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def isatty(self):
        return True

    def fileno(self):
        raise OSError("no descriptor")

"""The terminal: when to colour, what a terminal is."""

import io

import pytest

from searchtool.errors import UsageError
from searchtool.output.terminal import is_terminal, use_color


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_color_choice(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto", Tty()) is True
    assert use_color("auto", io.StringIO()) is False
    assert use_color("never", Tty()) is False
    assert use_color("always", io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", Tty()) is False
    assert use_color("always", io.StringIO()) is True
    with pytest.raises(UsageError):
        use_color("rainbow")


def test_a_closed_or_odd_stream_is_no_terminal():
    closed = io.StringIO()
    closed.close()
    assert is_terminal(closed) is False
    assert is_terminal(object()) is False
    assert is_terminal(Tty()) is True


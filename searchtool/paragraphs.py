"""Paragraphs of a statement's text, numbered from 1: where ``ID#pN`` anchors point.

A paragraph is a block between blank lines; in a text without any blank line (feeds and
converted pages often put one paragraph per line), each line is one. Blank lines never count.
One definition for every command that names a paragraph (kwic lines, turns of a transcript,
``show ID#p118`` and ``ID#t42``, citations by anchor), so that the same anchor means the same
place everywhere. A body as the reader stores it is its non-blank lines joined by newlines
(:func:`searchtool.reading.textfiles.body_lines`), so there a paragraph is one line.
"""

from __future__ import annotations

import re
from bisect import bisect_right


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_BLOCK_BREAK = re.compile(r"(?:\n[ \t\r\f\v]*){2,}")


def paragraph_starts(text: str) -> list[int]:
    """The offset where each paragraph of ``text`` starts (its first non-blank character)."""
    if not _BLANK_LINE.search(text):
        return _line_starts(text)
    breaks = _BLOCK_BREAK
    starts = []
    pos = len(text) - len(text.lstrip())
    if pos < len(text):
        starts.append(pos)
    last = len(text.rstrip())  # no paragraph starts in trailing whitespace
    for m in breaks.finditer(text, 0, last):
        if m.end() < last and (not starts or m.end() > starts[-1]):  # leading blank lines start nothing
            starts.append(m.end())
    return starts


def _line_starts(text: str) -> list[int]:
    """:func:`paragraph_starts` of a text without blank lines (every body the reader stores): each
    line's first non-blank character. ``str.find`` instead of the line-break pattern, which tries
    every character: on a 59 KB briefing 5.4 ms -> well under 1 ms, paid for every hit of a
    transcript (its snippets say whose turn they are from)."""
    starts = []
    pos = len(text) - len(text.lstrip())
    if pos < len(text):
        starts.append(pos)
    last = len(text.rstrip())
    i = text.find("\n", 0, last)
    while i != -1:
        j = i + 1
        while j < last and text[j] in " \t\r\f\v":
            j += 1
        if j < last and (not starts or j > starts[-1]):
            starts.append(j)
        i = text.find("\n", j, last)
    return starts


def paragraph_of(starts: list[int], offset: int) -> int:
    """The number (from 1) of the paragraph holding ``offset``, given ``paragraph_starts``."""
    return max(1, bisect_right(starts, offset))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph of ``text``, its trailing whitespace left out."""
    starts = paragraph_starts(text)
    ends = starts[1:] + [len(text)]
    return [(s, s + len(text[s:e].rstrip())) for s, e in zip(starts, ends)]


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` in order (paragraph N is ``paragraphs(text)[N - 1]``), each
    without the blank space around it."""
    starts = paragraph_starts(text)
    ends = starts[1:] + [len(text)]
    return [text[s:e].strip() for s, e in zip(starts, ends)]

"""Paragraphs of a statement's text, numbered from 1: where ``ID#pN`` anchors point.

A paragraph is a block between blank lines; in a text without any blank line (feeds and
converted pages often put one paragraph per line), each line is one. Blank lines never count.
One definition for every command that names a paragraph (kwic lines now; show and citations
by anchor), so that the same anchor means the same place everywhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from searchtool.errors import UsageError

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_BLOCK_BREAK = re.compile(r"(?:\n[ \t\r\f\v]*){2,}")
_LINE_BREAK = re.compile(r"(?:\n[ \t\r\f\v]*)+")


def paragraph_starts(text: str) -> list[int]:
    """The offset where each paragraph of ``text`` starts (its first non-blank character)."""
    breaks = _BLOCK_BREAK if _BLANK_LINE.search(text) else _LINE_BREAK
    starts = []
    pos = len(text) - len(text.lstrip())
    if pos < len(text):
        starts.append(pos)
    last = len(text.rstrip())  # no paragraph starts in trailing whitespace
    for m in breaks.finditer(text, 0, last):
        if m.end() < last and (not starts or m.end() > starts[-1]):  # leading blank lines start nothing
            starts.append(m.end())
    return starts


def paragraph_of(starts: list[int], offset: int) -> int:
    """The number (from 1) of the paragraph holding ``offset``, given ``paragraph_starts``."""
    return max(1, bisect_right(starts, offset))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph of ``text``, its trailing whitespace left out."""
    starts = paragraph_starts(text)
    ends = starts[1:] + [len(text)]
    return [(s, s + len(text[s:e].rstrip())) for s, e in zip(starts, ends)]


def paragraph(text: str, number: int) -> str:
    """Paragraph ``number`` (from 1) of ``text``, or a one-line error giving the count."""
    spans = paragraph_spans(text)
    if not 1 <= number <= len(spans):
        raise UsageError(f"no paragraph {number}: the statement has {len(spans)}", hint=f"use #p1 to #p{len(spans)}")
    start, end = spans[number - 1]
    return text[start:end]

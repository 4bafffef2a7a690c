"""The all-words -> any-word fallback: when a plain query's words do not all occur together.

The rule and its note; the engine runs the any-word query and merges (measured on Cranfield:
docs/design/ranking.md, "Natural-language fallback").
"""

from __future__ import annotations

#: The AND->OR fallback rule (see :func:`needs_fallback`): queries with at least this many
#: words or phrases fall back when all-words matching finds fewer than FALLBACK_MIN_HITS.
FALLBACK_MIN_UNITS = 3
FALLBACK_MIN_HITS = 10

def fallback_note(and_total: int) -> str:
    """What the user is told when the any-word fallback ran."""
    if and_total == 0:
        return "no statement has all the words; showing statements with any of them, best first"
    have = "statement has" if and_total == 1 else "statements have"
    return f"only {and_total} {have} all the words (listed first); then statements with any of them"


def needs_fallback(and_total: int, unit_count: int) -> bool:
    """Whether an all-words result is too thin, so that ranked any-word matching should run.

    Applies only to plain queries (words and phrases without operators, signs, groups or
    fields, see :attr:`ParsedQuery.plain`): a query with operators already says what it wants.

    Rule: no hit at all for two or more words; or less than a page (``FALLBACK_MIN_HITS``) for
    a longer natural-language query (``FALLBACK_MIN_UNITS`` words or more), where demanding every
    word is the likely reason. The statements that do have every word stay on top, the any-word
    hits follow (measured on Cranfield: docs/ranking.md, "Natural-language fallback"). A single
    word gains nothing from OR, and two words with a few hits are usually a precise question that
    the user wants answered exactly.
    """
    if unit_count < 2:
        return False
    if and_total == 0:
        return True
    return unit_count >= FALLBACK_MIN_UNITS and and_total < FALLBACK_MIN_HITS

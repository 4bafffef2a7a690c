"""Refuse regular expressions that can backtrack for ever, before any text meets them.

A collection's ``searchtool-rules.json`` is loaded with the collection, so a corpus received
from someone else brings its own patterns: ``^(a+)+$`` against a 60-letter line held indexing
for good (design/reliability.md §6e). Python's ``re`` cannot be interrupted, so the bound is
structural, checked once per pattern at load (0.1 ms each: the 91 built-in patterns took 12 ms
at load average 8, which is why they are checked by the tests, not at every run): the two shapes behind
catastrophic (exponential) backtracking are refused.

- a repetition inside an unbounded repetition: ``(a+)+``, ``(\\w*\\s?)*``, ``(x{2,})*``;
- an alternation inside an unbounded repetition: ``(a|aa)+``, ``(?:ab|a)*`` (alternatives of
  one character each, ``(?:\\w|\\d)*``, are one set to ``re``, and are fine).

"Unbounded" is ``*``, ``+`` or ``{n,}``, or a count above :data:`UNBOUNDED_FROM`. None of the
built-in rules has either shape (``tests/reading/test_regex_safety.py`` checks them all). What
is not caught: polynomial backtracking (``\\s*\\s*\\s*...x``), slow but finite.
"""

from __future__ import annotations

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: A repetition allowing more than this many rounds counts as unbounded.
UNBOUNDED_FROM = 16

_REPEATS = tuple(getattr(_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, name))


def backtracking_shape(pattern: str, flags: int = 0) -> str | None:
    """What makes ``pattern`` backtrack exponentially ("a repetition inside a repetition",
    "an alternation inside a repetition"), or ``None``. A pattern that does not parse is
    left to ``re.compile`` to report."""
    try:
        parsed = _p.parse(pattern, flags)
    except Exception:  # re.error, or a recursion limit on absurd nesting: re.compile says
        return None
    return _shape(list(parsed), inside=False)


def _shape(items: list, inside: bool) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            _low, high, sub = av
            unbounded = high == _c.MAXREPEAT or high > UNBOUNDED_FROM
            if inside and high > 1:
                return "a repetition inside a repetition"
            found = _shape(list(sub), inside or unbounded)
        elif op is _c.BRANCH:
            if inside:
                return "an alternation inside a repetition"
            found = next(filter(None, (_shape(list(b), inside) for b in av[1])), None)
        elif op is _c.SUBPATTERN:
            found = _shape(list(av[-1]), inside)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            found = _shape(list(av[1]), inside)
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            found = None  # an atomic group never backtracks into itself
        else:
            found = None
        if found:
            return found
    return None

"""Bounds on the work one query may ask for, each cut said in one line.

Measured on the 2,031 State Department releases before these bounds (design/reliability.md §5):
``"nato russia"~99999`` took 5.5-7.9 s (the phrase matcher's cost grows with the slop),
``nato~2`` typed 1,000 times 88 s and 828 MB (one Levenshtein automaton per copy), 200
different fuzzy words 45 s, ``a* b* ... z*`` 6.3 s, and a 1,000-letter word 6.7 s ("did you
mean" builds automata for it). One pasted query could hold a core of a shared machine.

:func:`bound` takes the query's syntax tree and returns a tree that asks for bounded work, and
the notes that say what was cut (shown above the results, or on stderr with ``--json``):

- a fuzzy or wildcard word or a proximity phrase repeated in the same group is searched once
  (each copy would build its own automaton, expansion or matcher; a repeated plain word stays,
  as it weighs more in ranking);
- at most :data:`MAX_UNITS` words and phrases, and :data:`MAX_PHRASE_WORDS` words per phrase;
- proximity ``"..."~N`` at most :data:`MAX_SLOP`, on at most :data:`MAX_PROXIMITY` phrases (the
  others are searched as exact phrases);
- at most :data:`MAX_FUZZY` fuzzy words (``word~``), each at most :data:`MAX_FUZZY_LETTERS`
  long (a longer word is searched as typed);
- at most :data:`MAX_PATTERNS` wildcard words (``negotiat*``, ``defen?e``), each expanded to at
  most :data:`MAX_EXPANSION` index terms, :data:`MAX_INFIX_EXPANSION` for one with fewer than
  two leading letters (:mod:`searchtool.searching.build` applies those, as they need the index).

The query's length is bounded by the parser (:data:`searchtool.searching.syntax.MAX_QUERY_CHARS`).
"""

from __future__ import annotations

from searchtool.searching.syntax import Bool, Boosted, Not, Unit

#: Words and phrases searched per query; the rest are dropped (64 covers any typed question and
#: a pasted paragraph's distinct words; matching cost grows with each).
MAX_UNITS = 64
#: Words kept of one phrase.
MAX_PHRASE_WORDS = 64
#: Largest proximity: ``"a b"~50`` is "within 50 words", a paragraph; ~99999 cost seconds.
MAX_SLOP = 50
#: Fuzzy words per query, and the longest word made fuzzy (an automaton per word, its size
#: growing with the length). One real word (``statement~2``, ``sanctions~2``) costs 0.6-2.4 s
#: in Whoosh's automaton scans of the term table at load average 9-11 (the fuzzed queries'
#: slowest held 3 or more of them), so 4, not 8.
MAX_FUZZY = 4
MAX_FUZZY_LETTERS = 24
#: Wildcard words per query, and the index terms one may stand for.
MAX_PATTERNS = 4
MAX_EXPANSION = 128
#: The index terms a wildcard with fewer than two leading letters (``*e*``, ``*ed``, ``a*``)
#: stands for: it matches a large share of the vocabulary, and each term costs in scoring and in
#: marking snippets (``africa *e* " a* date:2021`` took 3.9 s on the State Department releases
#: at load 7).
MAX_INFIX_EXPANSION = 32
#: Phrases with a proximity (``"a b"~N``, N > 1) per query: the costliest matcher there is.
MAX_PROXIMITY = 8


def _is_pattern(u: Unit) -> bool:
    return not u.phrase and ("*" in u.text or "?" in u.text)


def _costly(u: Unit) -> bool:
    """A fuzzy word, a wildcard word or a proximity phrase: each copy costs its own automaton,
    expansion or matcher, so a repeated one is searched once."""
    return u.fuzzy is not None or _is_pattern(u) or (u.phrase and u.slop > 1)


class _Budget:
    def __init__(self) -> None:
        self.units = self.fuzzy = self.patterns = self.proximity = 0
        self.exact: list[str] = []
        self.dropped: list[str] = []
        self.slops: list[int] = []
        self.unfuzzed: list[str] = []
        self.patterns_dropped: list[str] = []
        self.phrases_cut = 0
        self.repeats = 0

    def unit(self, u: Unit) -> Unit | None:
        if self.units >= MAX_UNITS:
            self.dropped.append(u.text)
            return None
        if _is_pattern(u):
            if self.patterns >= MAX_PATTERNS:
                self.patterns_dropped.append(u.text)
                return None
            self.patterns += 1
        self.units += 1
        changes = {}
        if u.phrase and u.slop > 1:
            if self.proximity >= MAX_PROXIMITY:
                self.exact.append(u.text)
                changes["slop"] = 1
            else:
                self.proximity += 1
                if u.slop > MAX_SLOP:
                    self.slops.append(u.slop)
                    changes["slop"] = MAX_SLOP
        if u.phrase and len(u.text.split()) > MAX_PHRASE_WORDS:
            self.phrases_cut += 1
            changes["text"] = " ".join(u.text.split()[:MAX_PHRASE_WORDS])
        if u.fuzzy is not None:
            if self.fuzzy >= MAX_FUZZY or len(u.text) > MAX_FUZZY_LETTERS:
                self.unfuzzed.append(u.text)
                changes["fuzzy"] = None
            else:
                self.fuzzy += 1
        if not changes:
            return u
        values = {k: getattr(u, k) for k in Unit.__slots__}
        values.update(changes)
        return Unit(**values)

    def notes(self) -> list[str]:
        out = []
        if self.repeats:
            out.append(f"searched {self.repeats:,} repeated fuzzy, wildcard or proximity term{'s' if self.repeats > 1 else ''} once")
        if self.dropped:
            out.append(f"searched the first {MAX_UNITS} words and phrases only: {len(self.dropped):,} more left out")
        if self.phrases_cut:
            out.append(f"searched the first {MAX_PHRASE_WORDS} words of each phrase only")
        if self.slops:
            out.append(f"proximity ~{max(self.slops)} cut to ~{MAX_SLOP} (words within {MAX_SLOP} positions)")
        if self.exact:
            out.append(f"searched as exact phrases: {len(self.exact):,} (at most {MAX_PROXIMITY} phrases with ~N)")
        if self.unfuzzed:
            out.append(
                f"searched as typed, not fuzzy: {_some(self.unfuzzed)} (at most {MAX_FUZZY} fuzzy words of "
                f"{MAX_FUZZY_LETTERS} letters or fewer)"
            )
        if self.patterns_dropped:
            out.append(f"searched the first {MAX_PATTERNS} wildcard words only, left out: {_some(self.patterns_dropped)}")
        return out


def _some(words: list[str]) -> str:
    """The first three words (each cut to 30 characters), and "..." when there are more."""
    return ", ".join(w[:30] for w in words[:3]) + (" ..." if len(words) > 3 else "")


def bound(tree) -> tuple[object, list[str]]:
    """``tree`` cut to bounded work (see the module docstring), and one note per kind of cut."""
    budget = _Budget()
    return _walk(tree, budget), budget.notes()


def _walk(node, budget: _Budget):
    if isinstance(node, Unit):
        return budget.unit(node)
    if isinstance(node, Boosted):
        inner = _walk(node.item, budget)
        return None if inner is None else Boosted(inner, node.boost)
    if isinstance(node, Not):
        inner = _walk(node.item, budget)
        return None if inner is None else Not(inner)
    if isinstance(node, Bool):
        items, marks, seen = [], [], set()
        for item, mark in zip(node.items, node.marks):
            key = (mark, _key(item))
            if isinstance(item, Unit) and _costly(item) and key in seen:
                budget.repeats += 1
                continue
            seen.add(key)
            kept = _walk(item, budget)
            if kept is not None:
                items.append(kept)
                marks.append(mark)
        if not items:
            return None
        return Bool(node.op, items, marks, node.chain)
    return node  # date clauses and ranges: column filters and bounded scans


def _key(item) -> tuple:
    if isinstance(item, Unit):  # the same words in the same place: the column does not matter
        return (item.field, item.text, item.phrase, item.slop, item.boost, item.fuzzy)
    return (id(item),)

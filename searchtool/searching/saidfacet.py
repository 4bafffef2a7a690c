"""``--facet said``: who said the matches, counted from the ``said`` field's terms.

The speakers who said a word are the terms ``word + SEP + key`` (:mod:`searchtool.index.turnfield`),
found by a prefix scan of the lexicon; their postings, intersected over the query's words and
with the listed statements, give each speaker's count. Names come from ``said_names`` (the most
frequent name written for a key: "Ned Price" where the label resolved to him, else the label)
and, when a people registry is loaded, the person's canonical name.
"""

from __future__ import annotations

from collections import Counter

from whoosh import query as wq

from searchtool.index.analysis import term_text
from searchtool.index.turnfield import SEP, split_said_term
from searchtool.names import speaker_key


def key_names(reader) -> dict[str, str]:
    """Speaker key -> the name most often written for it (in most statements)."""
    best: dict[str, tuple[int, str]] = {}
    if "said_names" not in reader.schema:
        return {}
    for term in reader.lexicon("said_names"):
        key, name = split_said_term(term_text(term))
        df = reader.doc_frequency("said_names", term)
        if key not in best or (df, name) > best[key]:
            best[key] = (df, name)
    return {key: name for key, (_df, name) in best.items()}


def said_counts(engine, listed: set[int], words: tuple[str, ...]) -> Counter:
    """Per speaker name, the listed statements in which they said every one of ``words`` (stems)."""
    reader = engine.searcher.reader()
    counts: Counter = Counter()
    if "said" not in engine.schema or not listed:
        return counts
    docs_of = lambda q: engine.scorer.docs(q, listed, cache=False)  # noqa: E731
    by_key: dict[str, set[int]] = {}
    if words:
        first, rest = words[0], words[1:]
        for term in reader.expand_prefix("said", first + SEP):
            key = split_said_term(term_text(term))[1]
            docs = docs_of(wq.Term("said", term_text(term)))
            for word in rest:
                if not docs:
                    break
                docs = docs & docs_of(wq.Term("said", word + SEP + key))
            if docs:
                by_key[key] = docs
    else:
        for term in reader.lexicon("turn_keys"):
            key = term_text(term)
            docs = docs_of(wq.Term("turn_keys", key))
            if docs:
                by_key[key] = docs
    transcripts = docs_of(wq.Term("hasturns", "1"))
    names = key_names(reader)
    people = getattr(engine, "people", None)
    for key, docs in by_key.items():
        name = people.display(key, names.get(key, key)) if people is not None else names.get(key, key)
        counts[name] += len(docs)
    # Statements without turns: one turn by their credited speakers.
    plain = set(listed) - transcripts
    for word in words:
        if not plain:
            break
        plain &= docs_of(wq.Term("body", word))
    for d in plain:
        for who in engine.searcher.stored_fields(d).get("speakers") or []:
            key = speaker_key(who)
            name = people.display(key, names.get(key, who)) if people is not None else names.get(key, who)
            counts[name] += 1
    return counts

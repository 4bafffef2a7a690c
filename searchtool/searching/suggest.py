"""Did you mean: a corrected query when words find nothing, spelled as the statements spell them.

Each word with no match in any text or name field is replaced by the closest indexed term (edits
from the word as typed, ties to the more frequent term), and shown in a form the statements use
("missile", not the stem "missil").
"""

from __future__ import annotations

import re

from whoosh.support.levenshtein import damerau_levenshtein

from searchtool.index.analysis import query_terms
from searchtool.searching.build import close_terms
from searchtool.searching.limits import MAX_FUZZY, MAX_FUZZY_LETTERS
from searchtool.searching.words import NAME_FIELDS

#: Statements read to find how a suggested word is written.
SURFACE_DOCS = 5


def did_you_mean(searcher, text: str, words: list[tuple[str, str]], body_of) -> list[str]:
    """Corrected versions of ``text``: each word the index has never seen replaced by the
    closest indexed word (as it is written in a statement, not as a stem), when there is one.

    Closest means fewest edits first, then the most statements: a frequent word two edits
    away ("middle" for "missle") is a worse guess than a rarer one a single edit away.
    """
    reader = searcher.reader()
    corrected = text
    changed = False
    looked = 0
    for fieldname, word in words:
        fields = [fieldname] if fieldname else ["body", "title"]
        try:
            analyzer = searcher.schema[fields[0]].analyzer
        except KeyError:
            continue
        tokens = query_terms(analyzer, word)
        if len(tokens) != 1 or len(tokens[0]) < 3 or len(word) > MAX_FUZZY_LETTERS:  # automata grow with length
            continue
        token = tokens[0]
        if any(reader.doc_frequency(f, token) for f in fields):
            continue
        if not fieldname and _in_name_fields(searcher, word, NAME_FIELDS):
            continue  # a name known from bylines: the search did look for it there
        looked += 1
        if looked > MAX_FUZZY:  # each unknown word costs a few automata: as many as fuzzy words
            break
        best = None
        for f in fields:
            # Edits from the word as typed to the words each close stem stands for ("secrity" is
            # one from "security", stem "secur"), then the most statements.
            analyse = lambda text, f=f: query_terms(searcher.schema[f].analyzer, text)  # noqa: E731
            close = close_terms(reader, f, word, token, 1, analyse, enough=1)
            if not any(edits <= 1 for edits in close.values()):  # else nothing can be closer
                for candidate in searcher.corrector(f).suggest(token, limit=10, maxdist=2, prefix=1):
                    close.setdefault(candidate, damerau_levenshtein(token, candidate))
            for candidate, edits in close.items():
                key = (edits, -reader.doc_frequency(f, candidate), candidate)
                if best is None or key < best[0]:
                    best = (key, f, candidate)
            if best is not None:
                break
        if best is None:
            continue
        surface = _surface_form(searcher, best[1], best[2], analyzer, body_of, word)
        pattern = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])")
        corrected, count = pattern.subn(surface, corrected, count=1)
        changed = changed or count > 0
    return [corrected] if changed and corrected != text else []


def _in_name_fields(searcher, word: str, fields) -> bool:
    reader = searcher.reader()
    for f in fields:
        tokens = query_terms(searcher.schema[f].analyzer, word)
        if tokens and all(reader.doc_frequency(f, t) for t in tokens):
            return True
    return False


def _surface_form(searcher, fieldname: str, term: str, analyzer, body_of, typed: str = "") -> str:
    """A word as written in the statements that the analyzer turns into ``term``: of the forms
    the first few statements with it use ("missile", "missiles"), the one closest to what the
    user typed."""
    if fieldname not in ("title", "body"):
        return term
    try:
        postings = searcher.reader().postings(fieldname, term)
        docnums = []
        while postings.is_active() and len(docnums) < SURFACE_DOCS:
            docnums.append(postings.id())
            postings.next()
    except Exception:  # the term vanished or the field has no postings: fall back to the term
        return term
    head = term[:3]
    seen: set[str] = set()
    forms: list[str] = []
    for docnum in docnums:
        stored = searcher.stored_fields(docnum)
        text = stored.get("title") or "" if fieldname == "title" else body_of(docnum, stored)
        for word in re.findall(r"\w+(?:[.'’]\w+)*", text):
            low = word.lower()
            if low in seen or not low.startswith(head):
                continue
            seen.add(low)
            if query_terms(analyzer, low) == [term]:
                forms.append(low)
    if not forms:
        return term
    return min(forms, key=lambda form: (damerau_levenshtein(typed.lower(), form), forms.index(form)))

"""Helpers for the query tests (syntax, building, highlighting): one schema, one "today", the
parse call they all make, and the ways they look into a Whoosh query."""

from __future__ import annotations

import datetime as dt

from searchtool.index.schema import build_schema
from searchtool.searching.build import parse_query

SCHEMA = build_schema()
EXTRA = ["x_country", "x_session"]
TODAY = dt.date(2024, 3, 15)


def parse(text, **kw):
    """``text`` parsed against :data:`SCHEMA` with the extra fields country and session."""
    kw.setdefault("extra_fields", EXTRA)
    return parse_query(text, SCHEMA, today=TODAY, **kw)


def terms(q, names=False):
    """Every (field, text) term below ``q``, positive or not; without the speaker/post branch
    that unfielded words also search (tests/searching/test_engine.py, test_name_fields_weigh_little_against_the_text)."""
    found = {(t[0], t[1]) for t in q.iter_all_terms(phrases=True)}
    if not names and any(f in ("title", "body") for f, _ in found):
        found = {(f, t) for f, t in found if f not in ("speaker", "post")}
    return sorted(found)


def leaves(q, cls):
    """The nodes of ``q`` of class ``cls``, in the query's order."""
    found = [q] if isinstance(q, cls) else []
    for child in q.children():
        found.extend(leaves(child, cls))
    return found

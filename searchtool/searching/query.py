"""Moved: the query syntax is :mod:`searchtool.searching.syntax`, building Whoosh queries is
:mod:`searchtool.searching.build`.

Only until the merge re-points the imports of ``searching/engine.py`` and of the tests outside
``tests/searching/`` (parse_query, close_terms, NAME_FIELDS, NAME_FIELD_WEIGHT, ParsedQuery,
QuerySyntaxError); then delete this module. Nothing in this branch's own modules imports it.
"""

from searchtool.searching.build import NAME_FIELD_WEIGHT, ParsedQuery, close_terms, parse_query
from searchtool.searching.syntax import QuerySyntaxError
from searchtool.searching.words import NAME_FIELDS

__all__ = ["NAME_FIELDS", "NAME_FIELD_WEIGHT", "ParsedQuery", "QuerySyntaxError", "close_terms", "parse_query"]

"""Output: results -> plain text, Rich and JSON.

Receives what the library computed (search results, a statement, read records, index
statistics, an indexing summary) and prints it; never runs a search, never imports Whoosh.
"""

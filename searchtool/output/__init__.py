"""Output: what the library computed -> plain text, ANSI colour, Rich and JSON.

Each module prints one kind of thing it is handed, and never fetches it (the printer is a sink):
:mod:`~searchtool.output.results` search results, :mod:`~searchtool.output.document` one whole
statement, :mod:`~searchtool.output.records` records as they are read,
:mod:`~searchtool.output.stats` the index's figures, :mod:`~searchtool.output.indexing` the
progress bar and the end of an indexing run. :mod:`~searchtool.output.terminal` decides on
colour and holds the console and the pager; :mod:`~searchtool.output.ansi` writes search
results' colours without Rich; :mod:`~searchtool.output.text` spells the values
they share. Output never runs a search and never imports Whoosh; it takes the stages' types
for annotations only.
"""

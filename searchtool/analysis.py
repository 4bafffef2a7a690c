"""Text analysis shared by indexing and querying.

Both sides must analyse text identically, so the analyzers live here and nowhere else. Whoosh
pickles the analyzers into the index's schema, which is why they are built only from Whoosh's own
components or classes defined in this module (importable wherever the index is opened).
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

#: Words: letters/digits, allowing inner apostrophes and dots ("U.S.", "CSTO's" -> "csto's").
WORD_PATTERN = r"\w+(?:[.'’]\w+)*"


def stem_analyzer():
    """English full text: words, lowercase, accents folded, stop words dropped, Porter stems."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=-1)
    )


def name_analyzer():
    """Names and keyword-like metadata: every word searchable, case and accents folded, no stems.

    ``speaker:lavrov`` must find "S. V. Lavrov" and "Sergey Lavrov"; initials stay as tokens.
    """
    return RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)

"""The index schema: which fields exist, how each is analysed, what is stored.

Bump :data:`SCHEMA_VERSION` whenever a change here makes older indexes unreadable or wrong;
an index with another version is refused with a message to rebuild.

History: 1 = skeleton; 2 = ``srcfile`` key field, ``speaker_names`` facet field, ``FastText``
full-text fields with compact positions, boosted title; 4 = ``date_precision`` (partial dates);
5 = a ``lang`` field per statement, title and body analysed per language
(:mod:`searchtool.index.multilang`: terms of other languages than English carry their code), name
fields under a transliteration key, a ``names`` field; 6 = the ``said`` field's turn words
analysed per language like the body (5 analysed them as English); 7 = posting blocks pickled
with protocol 4 (:mod:`searchtool.index.blockpickle`: read about twice as fast).
"""

from __future__ import annotations

import zlib

from whoosh import formats
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from searchtool.index.analysis import name_analyzer, stem_analyzer
from searchtool.index.multilang import LanguageAnalyzer
from searchtool.index.postings import CompactPositions, fast_postings
from searchtool.index.turnfield import TURN_FIELDS, SaidText

SCHEMA_VERSION = 7
#: Older versions a search may still read as they are (the next ``index`` run rebuilds them): 3
#: lacks only the stored ``date_precision``, so its partial dates show as whole days; 3 and 4
#: analyse every statement as English with the analyzers stored in them (queries use those), and
#: have no ``lang`` field (``lang:`` finds nothing in them until they are rebuilt); 5 differs only
#: in its ``said`` terms of other languages than English (``said:`` misses their turn words until
#: the rebuild); 6 differs only in its posting blocks' pickle protocol (slower to read).
READABLE_VERSIONS = frozenset({3, 4, 5, 6})

#: Prefix of the dynamic fields that hold each extra metadata field (``country`` -> ``x_country``).
EXTRA_PREFIX = "x_"

#: Longest extra field name kept as it is (UTF-8 bytes); longer ones are cut and given a hash
#: (a 250-character JSON key made a column file name too long and aborted the whole build).
MAX_FIELD_NAME_BYTES = 64

#: Core fields a user may name in a query; every other ``name:`` refers to an extra field.
CORE_QUERY_FIELDS = ("title", "body", "speaker", "post", "type", "lang", "date", "year", "url", "path", "id", "said", "asked")

#: Weight of a title match relative to a body match (applied to the title's term weights).
TITLE_BOOST = 2.0


class FastText(TEXT):
    """A ``TEXT`` field with compact positions, indexing plain strings through :func:`fast_postings`.

    Same postings as ``TEXT.index`` with this format (tests compare them term by term), several
    times faster; anything the fast path cannot reproduce goes through Whoosh's own code.
    Queries, phrase matching, highlighting and everything else use the inherited behaviour.
    """

    def __init__(self, *args, **kwargs):
        TEXT.__init__(self, *args, **kwargs)
        if type(self.format) is formats.Positions:
            self.format = CompactPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if isinstance(value, str) and not kwargs:
            items = fast_postings(self, value)
            if items is not None:
                return items
        return TEXT.index(self, value, **kwargs)


def build_schema() -> Schema:
    """A fresh schema for a new index."""
    # One object for title and body: pickled once, one analysis cache. English words keep
    # ``stem_analyzer`` (benchmarks/relevance_variants.py swaps it here to compare analyses).
    text = LanguageAnalyzer(english=stem_analyzer())
    schema = Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),  # source file, as the reader reports it
        srcfile=ID(),  # absolute source file path: the key for deleting a changed file's records
        recno=STORED(),  # 1-based record number in a multi-record file, or None
        source=ID(stored=True),  # the collection root this record was found under
        title=FastText(analyzer=text, stored=True, phrase=True, field_boost=TITLE_BOOST),
        body=FastText(analyzer=text, stored=True, phrase=True),
        speaker=TEXT(analyzer=name_analyzer(), phrase=True),
        speakers=STORED(),  # names as written, for display
        speaker_names=KEYWORD(lowercase=False, scorable=False),  # one term per name as written: facets
        post=TEXT(analyzer=name_analyzer(), phrase=True),
        # Capitalised Cyrillic words of the title and body under the transliteration key, so that
        # "Lavrov" finds Лавров, Лаврова, Лавровым (searched with the name fields' small weight).
        names=TEXT(analyzer=name_analyzer(), phrase=False),
        posts=STORED(),
        type=ID(stored=True, sortable=True),
        lang=ID(stored=True, sortable=True),  # language code (ru, en, ...); absent when unknown
        date=NUMERIC(int, bits=32, stored=True, sortable=True),  # YYYYMMDD; absent when unknown
        year=NUMERIC(int, bits=32, stored=True, sortable=True),
        date_precision=STORED(),  # "year"/"month" for a date known only so far; absent for a day
        url=ID(stored=True),
        fields=STORED(),  # extra metadata as a dict, for display
        # Turns (searchtool.index.turnfield); an index built without them still opens and answers.
        said=SaidText(analyzer=text, phrase=True),  # words as the body's terms + SEP + speaker key
        turn_keys=KEYWORD(lowercase=False, scorable=False),  # speaker keys of the turns: said:NAME alone
        said_names=KEYWORD(lowercase=False, scorable=False),  # key + SEP + name as written: facet display
        hasturns=ID(),  # "1" for a transcript; a statement without turns is one turn by its speakers
        turns=STORED(),  # (n, first, last, label, role, person, key) per turn
    )
    schema.add(EXTRA_PREFIX + "*", TEXT(analyzer=name_analyzer(), phrase=True), glob=True)
    return schema


def extra_field_name(name: str) -> str:
    """The index field that holds extra metadata field ``name`` (sanitised, lowercase)."""
    clean = "".join(ch if ch.isalnum() else "_" for ch in name.strip().lower()).strip("_")
    raw = clean.encode("utf-8")
    if len(raw) > MAX_FIELD_NAME_BYTES:  # a name becomes a file name: keep it well under 255 bytes
        clean = raw[:40].decode("utf-8", "ignore") + f"_{zlib.crc32(raw):08x}"
    return EXTRA_PREFIX + (clean or "field")

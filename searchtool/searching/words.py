"""Words as the search side sees them: the fields plain words search, and function words.

A leaf of :mod:`searchtool.searching`, shared by the query syntax and builder, the ranking, the
highlighter and the suggestions, so that "a text field", "a name field" and "a function word"
mean one thing in all of them.
"""

from __future__ import annotations

#: The fields a word without a field searches as text (speakers and posts are searched too, as
#: names, with a small weight: see the builder); also the fields ranking feedback and
#: highlighting read.
TEXT_FIELDS = ("title", "body")

#: Fields that words without a field name also search, with a small weight: the reader lifts
#: bylines ("Antony J. Blinken, Secretary of State") out of the body into these, and a name
#: search must still find the statements that person issued; the weight
#: (:data:`searchtool.searching.build.NAME_FIELD_WEIGHT`) keeps the ranking driven by what the
#: title and body say. The query syntax refuses ranges on them, as on the text fields.
NAME_FIELDS = ("speaker", "post")

#: English function words (the usual closed-class list, as in NLTK's and Snowball's stop lists).
#: The index keeps most of them (a short stop list keeps phrases like "state of the union"
#: searchable); ranking treats them as non-evidence in any-word queries and expansions.
FUNCTION_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other ought our ours
    ourselves out over own same shall she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up upon very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves also among may might must whether whose
    """.split()
)

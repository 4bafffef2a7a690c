"""Character classes that reading, indexing and querying must agree on.

Kept free of imports so the reader's workers and the query parser can use them without pulling
in Whoosh (search start-up imports Whoosh in a particular way, see :mod:`searchtool.index.whoosh_boot`).
"""

#: Invisible characters that web and PDF copies put inside words (zero-width space/joiners,
#: word joiner, byte-order mark).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

#: Apostrophe look-alikes, all read as ``'`` (typographic right/left quote, modifier letter).
APOSTROPHES = "'\u2019\u2018\u02bc"


def replace_surrogates(text: str) -> str:
    """``text`` with the surrogate escapes of undecodable bytes (how Python keeps a file name it
    cannot decode) shown as U+FFFD, so that storing or printing it cannot fail on strict UTF-8;
    whoever needs the real name keeps the original string. Any other lone surrogate (a library
    caller's, JSON's ``"\\ud800"``) is U+FFFD too."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    if any(0xD800 <= ord(c) <= 0xDC7F or 0xDD00 <= ord(c) <= 0xDFFF for c in text):
        text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDC7F or 0xDD00 <= ord(c) <= 0xDFFF else c for c in text)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")

"""Snippets: stems highlighted as written, phrases as a whole, never excluded words, best
passages; words marked where the index's analyzer reads a word."""

import pytest

from searchtool.index.analysis import WORD_PATTERN
from searchtool.searching import highlight
from searchtool.searching.build import parse_query
from searchtool.searching.highlight import Highlighter
from tests.searching.query_support import SCHEMA


def hl(text):
    return Highlighter(parse_query(text, SCHEMA).query, SCHEMA)


def marked(h, text):
    return [text[s:e] for s, e in h.spans(text)]


def test_stemmed_matches_are_marked_as_written():
    text = "Negotiations resumed and they negotiate. Renegotiate nothing."
    assert marked(hl("negotiation"), text) == ["Negotiations", "negotiate"]


def test_phrase_marks_only_whole_occurrences_stop_words_included():
    text = "The Council of Europe met. The council met Europe's envoys. Council of the Europe."
    assert marked(hl('"council of europe"'), text) == ["Council of Europe", "Council of the Europe"]
    # a plain word next to the phrase is still marked on its own
    assert marked(hl('"council of europe" envoys'), text) == ["Council of Europe", "envoys", "Council of the Europe"]


def test_proximity_phrases_allow_slop_words_between():
    text = "missile systems for defence; missile defence; missile and a lot of other talk about defence"
    assert marked(hl('"missile defence"~3'), text) == ["missile systems for defence", "missile defence"]


def test_excluded_words_are_not_marked():
    text = "NATO and Russia; Russia alone."
    assert marked(hl("nato -russia"), text) == ["NATO"]


def test_punctuated_words_and_accents():
    text = "On U.S.-Russia ties and the CSTO's view, over a café."
    assert marked(hl("U.S.-Russia"), text) == ["U.S", "Russia"] or marked(hl("U.S.-Russia"), text) == ["U.S.-Russia"]
    assert marked(hl("CSTO's"), text) == ["CSTO's"]
    assert marked(hl("cafe"), text) == ["café"]


def test_fragments_pick_passages_with_the_most_distinct_terms():
    filler = "Nothing of interest is said in this sentence at all. " * 20
    text = filler + "Missile talks. " + filler + "The missile defence treaty was signed. " + filler
    frags = hl("missile defence treaty").fragments(text, max_fragments=1)
    assert len(frags) == 1
    marks = [t for t, m in frags[0].parts if m]
    assert marks == ["missile", "defence", "treaty"]
    assert frags[0].leading and frags[0].trailing


def test_fragments_are_in_text_order_and_limited():
    text = " ".join(f"Paragraph {i} mentions sanctions once." + " filler words here" * 30 for i in range(6))
    frags = hl("sanctions").fragments(text)
    assert len(frags) == 3
    assert [f.start for f in frags] == sorted(f.start for f in frags)
    assert all(any(m for _t, m in f.parts) for f in frags)


def test_without_body_match_the_opening_is_the_snippet():
    text = "First sentence of the statement. " + "More text. " * 50
    frags = hl("zzyzx").fragments(text)
    assert len(frags) == 1 and frags[0].text.startswith("First sentence") and not frags[0].leading


def test_whitespace_is_collapsed_and_plain_snippet_has_no_markup():
    h = hl("missile")
    frags = h.fragments("A\n\nmissile   test\tnow.")
    assert frags[0].text == "A missile test now."
    assert h.plain(frags) == "A missile test now."


@pytest.mark.parametrize(
    "query, text, word",
    [
        ("nego*", "Then negotiations began.", "negotiations"),
        ("negotiat*", "Then negotiations began.", "negotiations"),
        ("negotation~", "Then negotiations began.", "negotiations"),
        ("cons?lar", "Consular services.", "Consular"),
    ],
)
def test_expanding_queries_highlight_their_expansions(tmp_path, query, text, word):
    from searchtool.searching.engine import Engine
    from tests.support import records as search_fixture

    with Engine(search_fixture.build(tmp_path / "ix")) as engine:
        parsed = engine.parse(query, False)
        h = Highlighter(parsed.query, engine.schema, engine.searcher.reader())
        assert marked(h, text) == [word]


def test_words_are_read_as_the_index_reads_them():
    # apostrophe look-alikes and zero-width characters inside a word (web and PDF copies):
    # the whole word is marked, as the analyzer indexed it
    text = "Russia\u2018s view and Russia\u02bcs envoy; securi\u200bty talks; Chin\u200ba"
    assert marked(hl("russia"), text) == ["Russia\u2018s", "Russia\u02bcs"]
    assert marked(hl("security"), text) == ["securi\u200bty"]
    assert marked(hl("talks"), text) == ["talks"]


def test_the_highlighters_words_are_the_analyzers_words():
    assert highlight._WORD == WORD_PATTERN
    assert r"\w" + highlight._WORD_TAIL == WORD_PATTERN


def test_parts_cover_the_whole_text_and_mark_the_matches():
    h = hl("missile")
    assert h.parts("A missile test.\nMissiles.") == [("A ", False), ("missile", True), (" test.\n", False), ("Missiles", True), (".", False)]
    assert h.parts("") == [] and hl("zzyzx").parts("No match.") == [("No match.", False)]


def test_without_a_query_nothing_is_marked():
    h = Highlighter(None, SCHEMA)
    assert h.empty and h.spans("Missile talks.") == [] and h.parts("Missile talks.") == [("Missile talks.", False)]


# Words are marked where the index's analyzer reads a word, whatever punctuation or invisible
# character stands before them. Found in review of 51c3405 (the highlighter's word pattern).


def analysed(text: str) -> list[str]:
    return [t.text for t in SCHEMA["body"].analyzer(text)]


def test_apostrophe_look_alikes_inside_words_are_still_marked():
    assert marked(hl("russia"), "Russia’s view and Russiaʼs position") == ["Russia’s", "Russiaʼs"]
    assert marked(hl("russia"), "Moscow's and Russia's") == ["Russia's"]
    assert marked(hl("russia"), "it’s Russia") == ["Russia"]


@pytest.mark.parametrize("text", ["so-called ‘referendums’ in the region", "the ‘referendums’", "‘referendums’ held"])
def test_a_word_in_typographic_single_quotes_is_marked(text):
    assert "referendum" in analysed(text)
    assert marked(hl("referendums"), text) == ["referendums"]


@pytest.mark.parametrize("text", ["the \u200bRussia view", "\ufeffRussia view"])
def test_a_word_after_a_stray_zero_width_character_is_marked(text):
    assert "russia" in analysed(text)
    assert [w.strip("\u200b\ufeff") for w in marked(hl("russia"), text)] == ["Russia"]


# --- snippets are bounded whatever the text --------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SNIPPET_BOUND = highlight.FRAGMENT_CHARS + 2 * highlight.WORD_SLACK + 2  # and the two ellipses


def test_a_line_of_css_without_spaces_gives_a_short_snippet():
    css = ";".join(f"x{i}=margin{i}" for i in range(2000)) + " cookies " + ";".join(f"y{i}=pad{i}" for i in range(2000))
    h = hl("cookies")
    frags = h.fragments(css)
    assert frags and all(len(f.plain()) <= SNIPPET_BOUND for f in frags)
    assert "cookies" in h.plain(frags)
    no_match = hl("absent").fragments("a" * 30000)
    assert len(no_match[0].plain()) <= SNIPPET_BOUND


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["nato", "x" * 300, "missile", "a;b;c" * 40, " ", "\n", "defense"]), max_size=60),
)
def test_every_fragment_is_bounded_in_characters(pieces):
    text = "".join(pieces)
    h = hl("nato missile")
    for frag in h.fragments(text):
        assert len(frag.plain()) <= SNIPPET_BOUND


GAP_WORDS = ["the", "of", "council", "Europe's", "and", "missile", "—", ",", "1990", "ООН", "a"]


@pytest.mark.parametrize("limit", [0, 1, 2, 3])
def test_a_gap_is_over_its_limit_exactly_when_it_holds_more_indexed_words(limit):
    """Stopping at the word past the limit settles each gap as counting every word would."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import re

    h = hl('"council europe"~3')

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.sampled_from(GAP_WORDS), max_size=8), st.integers(0, 5), st.integers(0, 5))
    def check(words, cut_start, cut_end):
        text = " ".join(words)
        start, end = min(cut_start, len(text)), max(0, len(text) - cut_end)
        counted = sum(1 for w in re.compile(WORD_PATTERN).findall(text, start, end) if h._tokens(w)) if end > start else 0
        assert h._gap_over(text, start, end, limit) == (counted > limit)

    check()

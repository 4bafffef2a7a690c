"""``kwic``: one line per highlighted span, a phrase is one line, orders and limits, paragraphs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchtool.indexing.update import build_index
from searchtool.paragraphs import paragraph_of, paragraph_starts
from searchtool.record import Record
from searchtool.searching.engine import Engine
from searchtool.searching.highlight import Highlighter
from searchtool.searching.kwic import engine_kwic, kwic
from searchtool.searching.request import SearchRequest
from tests.support.cli import run


@pytest.fixture(scope="module")
def phrases(tmp_path_factory):
    """Three statements with a phrase, its words apart, and its words in other forms."""
    texts = [
        "Missile defence in Europe.\n\nThe missile defence system, and missile systems for defence, were discussed.",
        "Our defence of the missile treaty is firm. Missile defences remain.",
        "Nothing about it here, only cooperation.",
    ]
    records = [Record(id=f"k{i}", path=f"k{i}.txt", title=f"Statement {i}", body=t, date=dt.date(2020, 1, 1 + i),
                      speakers=["Maria Zakharova" if i % 2 else "Sergey Lavrov"], type="comment") for i, t in enumerate(texts)]
    index = tmp_path_factory.mktemp("kwic") / "ix"
    build_index(records, index)
    return index


def _spans(engine, query):
    parsed = engine.parse(query, False)
    highlighter = Highlighter(parsed.query, engine.schema, engine.searcher.reader())
    out = []
    for d in engine.matching_docs(parsed.query):
        stored, body = engine.document(d)
        out.extend((stored["id"], body[s:e]) for s, e in highlighter.spans(body))
    return sorted(out)


@pytest.mark.parametrize("query", ["peace", "treaty OR border", '"arms control"', "negotiat*", "speaker:price energy"])
def test_the_lines_are_the_highlighted_spans_of_the_same_statements(generated, query):
    with Engine(generated) as engine:
        concordance = engine_kwic(engine, SearchRequest(query=query), limit=0)
        assert sorted((line.id, line.match) for line in concordance.lines) == _spans(engine, query)
    assert concordance.complete


def test_a_phrase_occurrence_is_one_line(phrases):
    c = kwic(phrases, SearchRequest(query='"missile defence"'), limit=0)
    # "missile systems for defence" has the words apart, "defence of the missile" the other way round
    assert [(line.id, line.match) for line in c.lines] == [("k0", "Missile defence"), ("k0", "missile defence"),
                                                           ("k1", "Missile defences")]
    assert [line.paragraph for line in c.lines] == [1, 2, 1]
    assert c.lines[1].left.endswith("The ") and c.lines[1].right.startswith(" system")


def test_stemmed_words_are_found_as_written(phrases):
    c = kwic(phrases, SearchRequest(query="defence"), limit=0)
    assert sorted(line.match.lower() for line in c.lines) == ["defence"] * 4 + ["defences"]


def test_contexts_are_cut_to_the_width(generated):
    c = kwic(generated, SearchRequest(query="peace"), width=12, limit=50)
    assert c.lines and all(len(line.left) <= 12 and len(line.right) <= 12 for line in c.lines)


def test_the_limit_stops_early_and_says_there_is_more(generated):
    everything = kwic(generated, SearchRequest(query="peace"), limit=0)
    first = kwic(generated, SearchRequest(query="peace"), limit=5)
    assert len(everything.lines) > 5 and not first.complete
    assert first.lines == everything.lines[:5]  # date order: the oldest first, in text order


@settings(max_examples=10, deadline=None)
@given(order=st.sampled_from(["date", "left", "right", "speaker"]))
def test_every_order_lists_the_same_lines(generated, order):
    base = kwic(generated, SearchRequest(query="treaty"), limit=0)
    other = kwic(generated, SearchRequest(query="treaty"), sort=order, limit=0)
    key = lambda line: (line.id, line.start)  # noqa: E731
    assert sorted(base.lines, key=key) == sorted(other.lines, key=key)
    if order == "left":
        firsts = [line.left.lower().split()[-1:] for line in other.lines]
        words = [w[0].strip(".,") for w in firsts if w]
        assert words == sorted(words) or len(set(words)) > 1  # sorted by the word before the match
    if order == "speaker":
        speakers = [line.speaker.lower() for line in other.lines]
        assert speakers == sorted(speakers)


def test_right_order_sorts_by_the_following_words(phrases):
    c = kwic(phrases, SearchRequest(query="missile"), sort="right", limit=0)
    follow = [line.right.split()[0].strip(".,").lower() for line in c.lines]
    assert follow == sorted(follow)


@pytest.mark.parametrize("text, offset, number", [
    ("one\n\ntwo\nstill two\n\n\nthree", 10, 2),
    ("one\n\ntwo\nstill two\n\n\nthree", 22, 3),
    ("one\ntwo\nthree", 8, 3),
    ("  \n\none", 5, 1),
])
def test_paragraphs_are_blocks_or_lines(text, offset, number):
    assert paragraph_of(paragraph_starts(text), offset) == number


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="ab \n", min_size=0, max_size=12), max_size=6))
def test_paragraph_numbers_never_decrease_along_the_text(parts):
    text = "".join(parts)
    starts = paragraph_starts(text)
    numbers = [paragraph_of(starts, i) for i in range(len(text))]
    assert numbers == sorted(numbers) and all(n >= 1 for n in numbers)
    assert all(text[s].strip() for s in starts)


def test_the_cli_prints_aligned_lines_with_anchors(phrases):
    done = run("kwic", "--index", str(phrases), "defence", "--color", "never", "-w", "20")
    lines = done.stdout.splitlines()
    assert done.exit_code == 0 and lines[0].startswith("5 lines from 2 statements")
    columns = {line.index("defence") for line in lines[1:]}
    assert len(columns) == 1  # every match starts in the same column
    assert lines[1].endswith("k0#p1") and lines[1].startswith("2020-01-01  Sergey Lavrov")


def test_the_cli_json_and_csv(phrases):
    import csv
    import io
    import json

    doc = json.loads(run("kwic", "--index", str(phrases), '"missile defence"', "--json").stdout)
    assert doc["complete"] and [line["paragraph"] for line in doc["lines"]] == [1, 2, 1]
    assert set(doc["lines"][0]) == {"date", "speaker", "left", "match", "right", "id", "paragraph", "turn"}
    assert {line["turn"] for line in doc["lines"]} == {None}  # statements without turns
    rows = list(csv.reader(io.StringIO(run("kwic", "--index", str(phrases), "defence", "--csv").stdout)))
    assert rows[0] == ["date", "speaker", "left", "match", "right", "id", "paragraph", "turn"] and len(rows) == 6


def test_nothing_found_exits_1_and_bad_options_exit_2(phrases):
    assert run("kwic", "--index", str(phrases), "zzyzx").exit_code == 1
    done = run("kwic", "--index", str(phrases), "defence", "--sort", "middle")
    assert done.exit_code == 2 and done.stderr.startswith("searchtool: error: unknown --sort 'middle'")
    assert run("kwic", "--index", str(phrases), "defence", "--json", "--csv").exit_code == 2

"""``collocates``: counts checked against the test's own scan of the statements, the scores'
formulas, groups by speaker, errors."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from searchtool.searching.collocates import collocates, log_likelihood, mutual_information
from searchtool.searching.engine import Engine
from searchtool.searching.request import SearchRequest
from searchtool.searching.words import FUNCTION_WORDS
from tests.support.cli import run

WINDOW = 4


def own_count(index, word: str, window: int):
    """The test's own count: every body analysed whole by the index's analyzer (positions as
    the index numbers them, stop words left out), the word's positions, the terms within
    ``window`` positions of each (function words as written left out), and every term's
    frequency in the collection."""
    together: Counter = Counter()
    frequency: Counter = Counter()
    nodes = 0
    with Engine(index) as engine:
        analyzer = engine.schema["body"].analyzer
        (stem,) = [t.text for t in analyzer(word)]
        for d in sorted(engine.live_docs()):
            body = engine.body(d)
            tokens, written = [], {}
            for t in analyzer(body, positions=True, chars=True):
                tokens.append((t.pos, t.text))
                written[t.pos] = body[t.startchar:t.endchar].lower()
            frequency.update(text for _pos, text in tokens)
            at = {pos for pos, text in tokens if text == stem}
            nodes += len(at)
            for pos, text in tokens:
                if pos in at or len(text) < 2 or text.isdigit() or written[pos] in FUNCTION_WORDS:
                    continue
                together[text] += sum(1 for p in at if 0 < abs(pos - p) <= window)
        total = engine.searcher.reader().field_length("body")
    return nodes, together, frequency, total


@pytest.mark.parametrize("word", ["afghanistan"])
def test_counts_agree_with_a_scan_the_test_makes(state_slice, word):
    nodes, together, frequency, total = own_count(state_slice, word, WINDOW)
    result = collocates(state_slice, SearchRequest(query=word), window=WINDOW, min_count=2, top=1000)
    (group,) = result.groups
    assert group.occurrences == nodes > 20
    assert group.collocates
    assert {c.term: c.together for c in group.collocates} == {t: n for t, n in together.items() if n >= 2}
    for c in group.collocates:
        assert c.frequency == frequency[c.term]  # the index's statistics, no scan
        assert c.score == pytest.approx(14 + math.log2(2 * c.together / (nodes + frequency[c.term])), abs=1e-3)
    scores = [c.score for c in group.collocates]
    assert scores == sorted(scores, reverse=True)


def test_stems_are_shown_by_their_commonest_form(state_slice):
    result = collocates(state_slice, SearchRequest(query="afghanistan"), window=5, min_count=3, top=100)
    with Engine(state_slice) as engine:
        analyzer = engine.schema["body"].analyzer
        for c in result.groups[0].collocates:
            assert all([t.text for t in analyzer(form)] == [c.term] for form in c.forms)
    assert any(len(c.forms) > 1 for c in result.groups[0].collocates)


def test_mi_and_log_likelihood_follow_their_formulas():
    # 10 co-occurrences where 1 is expected: MI = log2(10); G2 of a table computed by hand
    assert mutual_information(10, 100, 100, 10_000, 1) == pytest.approx(math.log2(10))
    o = [[10, 90], [90, 9810]]
    n = 10_000
    g2 = 2 * sum(o[i][j] * math.log(o[i][j] * n / (sum(o[i]) * (o[0][j] + o[1][j]))) for i in (0, 1) for j in (0, 1))
    assert log_likelihood(10, 100, 100, n, 1) == pytest.approx(g2)
    assert log_likelihood(0, 100, 100, n, 1) < 0  # rarer near the query than elsewhere: negative


def test_by_speaker_gives_one_group_per_speaker(state_slice):
    everyone = collocates(state_slice, SearchRequest(query="afghanistan"), min_count=1, top=5)
    by = collocates(state_slice, SearchRequest(query="afghanistan"), min_count=1, top=5, by="speaker")
    assert len(by.groups) > 1 and all(g.split[0] == "speaker" for g in by.groups)
    assert sum(g.occurrences for g in by.groups) >= by.groups[0].occurrences
    assert max(g.occurrences for g in by.groups) <= everyone.groups[0].occurrences


def test_the_cli(state_slice):
    done = run("collocates", "--index", str(state_slice), "afghanistan", "--top", "5", "--color", "never")
    assert done.exit_code == 0
    assert done.stdout.splitlines()[0].startswith("all matching statements: ")
    doc = json.loads(run("collocates", "--index", str(state_slice), "afghanistan", "--json", "--measure", "mi").stdout)
    assert doc["measure"] == "mi" and doc["groups"][0]["collocates"]
    bad = run("collocates", "--index", str(state_slice), "afghanistan", "--measure", "chi2")
    assert bad.exit_code == 2 and bad.stderr.startswith("searchtool: error: unknown --measure 'chi2'")
    assert run("collocates", "--index", str(state_slice), "zzyzx").exit_code == 1

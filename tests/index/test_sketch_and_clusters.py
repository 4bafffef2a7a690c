"""Shingle sketches and duplicate clusters: estimates against exact Jaccard, clusters from exact
keys and near pairs, the earliest statement as the original."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from searchtool.index import sketch
from searchtool.index.clusters import cluster, near_pairs
from searchtool.index.ledger import DATE, EXACT

WORDS = "state department minister talks sanctions grain ukraine treaty council press peace border trade".split()


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randrange(40)) for _ in range(n))


@given(st.text(max_size=400))
@settings(max_examples=60, deadline=None)
def test_any_text_sketches_round_trip_and_match_itself(text):
    values = sketch.sketch(text)
    assert values == sorted(values) and len(values) <= sketch.K
    assert sketch.decode(sketch.encode(values)) == values
    if values:
        assert sketch.estimate(values, values) == 1.0


def test_spacing_case_and_punctuation_do_not_change_the_exact_key():
    a = "The Secretary met the Minister.\nThey discussed “grain”, sanctions and peace."
    b = "the secretary  met the minister -- they discussed \"grain\" sanctions and PEACE"
    assert sketch.exact_key(a) == sketch.exact_key(b)
    assert sketch.exact_key(a) != sketch.exact_key(a + " again")


def test_estimates_follow_exact_jaccard_across_similarities():
    rng = random.Random(5)
    base = _text(rng, 600).split()
    for keep in (1.0, 0.95, 0.85, 0.7, 0.5, 0.2):
        other = [w if rng.random() < keep else "changed" + str(i) for i, w in enumerate(base)]
        exact = sketch.jaccard(" ".join(base), " ".join(other))
        estimate = sketch.estimate(sketch.sketch(" ".join(base)), sketch.sketch(" ".join(other)))
        # bottom-64: standard error sqrt(J(1-J)/64) <= 0.0625; four of them is a failure
        assert abs(estimate - exact) <= 0.25, (keep, exact, estimate)


def test_near_pairs_are_found_for_new_ids_only_and_above_the_floor():
    rng = random.Random(9)
    texts = {f"d{i}": _text(rng, 300) for i in range(6)}
    words = texts["d0"].split()
    texts["copy"] = " ".join(words[:-10] + ["edited"] * 10)
    encoded = {k: sketch.encode(sketch.sketch(v)) for k, v in texts.items()}
    pairs = near_pairs(encoded, {"copy"}, 0.5)
    assert [p[:2] for p in pairs] == [["copy", "d0"]]
    assert abs(pairs[0][2] - sketch.jaccard(texts["copy"], texts["d0"])) <= 0.2
    assert near_pairs(encoded, {"d3"}, 0.5) == []


def _entry(date: int | None, exact: str) -> list:
    entry = ["src", 1, 0, "h", None, ""]
    entry[DATE], entry[EXACT] = date, exact
    return entry


def test_clusters_join_exact_groups_and_near_pairs_with_the_earliest_first():
    records = {
        "late": _entry(20220301, "k1"),
        "early": _entry(20220101, "k1"),
        "near": _entry(20220201, "k2"),
        "far": _entry(20220105, "k3"),
        "undated": _entry(None, "k1"),
        "alone": _entry(20200101, ""),
    }
    pairs = [["early", "near", 0.9], ["far", "near", 0.6]]
    assert cluster(records, pairs, 0.8) == [["early", ["near", "near", 0.9], ["late", "identical", 1.0], ["undated", "identical", 1.0]]]
    low = cluster(records, pairs, 0.5)
    assert low[0][0] == "early" and {m[0] for m in low[0][1:]} == {"near", "far", "late", "undated"}
